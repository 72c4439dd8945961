// Command sshload opens many interactive SSH sessions to a portal on this
// machine, answers the terminal's queries as a terminal does, optionally logs
// in and presses keys, and reports the latencies the client saw and what the
// server process spent (CPU and memory, from /proc). With -compare it runs the
// floor server (tools/sshload/floor) and the portal in turn and prints the
// ratio of every figure.
//
// It is run by hand, never in CI: see the README's performance section.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/crypto/ssh"
)

type config struct {
	addr      string
	n, c      int
	screen    *regexp.Regexp
	menu      *regexp.Regexp
	answer    bool
	keys      int
	login     bool
	loginID   string
	password  string
	hold      time.Duration
	settle    time.Duration
	timeout   time.Duration
	pid       int
	serverCmd string
	serverLog string
	trace     io.Writer // the first session's output, read by read
}

func main() {
	var (
		cfg                            config
		screen, menu, floorScreen      string
		loginsFile, floorCmd, floorAdr string
		noAnswer, compare, asJSON      bool
		runs                           int
	)
	flag.StringVar(&cfg.addr, "addr", "127.0.0.1:2222", "the server's HOST:PORT")
	flag.IntVar(&cfg.n, "n", 200, "sessions to open")
	flag.IntVar(&cfg.c, "c", 20, "sessions opened at a time")
	flag.StringVar(&screen, "screen", "マイページ ログイン", "regexp on the output without escapes that marks the first screen")
	flag.StringVar(&menu, "menu", "ログアウト", "regexp that marks the screen after a login")
	flag.BoolVar(&noAnswer, "no-answer", false, "never answer the terminal queries (a client that does not)")
	flag.IntVar(&cfg.keys, "keys", 2, "keys (↓, ↑ in turn) pressed on the first screen by each session")
	flag.BoolVar(&cfg.login, "login", false, "log every session in, all at once, once all are open")
	flag.StringVar(&cfg.loginID, "login-id", "", "customer number to log in with")
	flag.StringVar(&cfg.password, "password", "", "its password")
	flag.StringVar(&loginsFile, "logins", "", "log in with the first holder of `FILE`, the output of mypage demo --json")
	flag.DurationVar(&cfg.hold, "hold", 5*time.Second, "how long the sessions are held open, idle, once all are open")
	flag.DurationVar(&cfg.settle, "settle", time.Second, "wait after closing before the last sample of the server")
	flag.DurationVar(&cfg.timeout, "timeout", 20*time.Second, "longest wait for a screen")
	flag.IntVar(&cfg.pid, "pid", 0, "PID of the server, to sample its CPU and memory")
	flag.StringVar(&cfg.serverCmd, "server-cmd", "", "start the server with this shell command (exec'd, so its PID is sampled) and stop it at the end")
	flag.StringVar(&cfg.serverLog, "server-log", "", "append the started servers' output to FILE (default: discarded)")
	flag.BoolVar(&compare, "compare", false, "run the floor (-floor-cmd) and the server (-server-cmd) in turn, -runs times each, and print medians and ratios")
	flag.StringVar(&floorCmd, "floor-cmd", "", "shell command that starts the floor server, with -compare")
	flag.StringVar(&floorAdr, "floor-addr", "127.0.0.1:2223", "the floor server's HOST:PORT, with -compare")
	flag.StringVar(&floorScreen, "floor-screen", `floor \d`, "regexp of the floor's screen")
	flag.IntVar(&runs, "runs", 0, "runs of each server, medians printed (default 3 with -compare, else 1)")
	flag.BoolVar(&asJSON, "json", false, "print the figures as JSON")
	traceFile := flag.String("trace", "", "write each read of the first session's output to FILE, with its time")
	flag.Parse()

	cfg.answer = !noAnswer
	if *traceFile != "" {
		f, err := os.Create(*traceFile)
		if err != nil {
			fail("-trace: %v", err)
		}
		defer f.Close()
		cfg.trace = f
	}
	var err error
	if cfg.screen, err = regexp.Compile(screen); err != nil {
		fail("-screen: %v", err)
	}
	if cfg.menu, err = regexp.Compile(menu); err != nil {
		fail("-menu: %v", err)
	}
	if loginsFile != "" {
		if cfg.loginID, cfg.password, err = holderLogin(loginsFile); err != nil {
			fail("-logins: %v", err)
		}
		cfg.login = true
	}
	if cfg.login && (cfg.loginID == "" || cfg.password == "") {
		fail("-login needs -login-id and -password, or -logins")
	}
	if cfg.n < 1 || cfg.c < 1 {
		fail("-n and -c must be at least 1")
	}

	switch {
	case runs == 0 && compare:
		runs = 3
	case runs == 0:
		runs = 1
	case runs < 0:
		fail("-runs must be at least 1")
	}
	if !compare {
		var rs []result
		for i := 0; i < runs; i++ {
			r, err := measure("server", cfg)
			if err != nil {
				fail("run %d: %v", i+1, err)
			}
			rs = append(rs, r)
		}
		if asJSON {
			printJSON(map[string]any{"server": rs, "median": map[string]result{"server": medianResult(rs)}})
			return
		}
		printTable([]string{"server"}, [][]result{rs})
		return
	}

	if floorCmd == "" || cfg.serverCmd == "" {
		fail("-compare needs -floor-cmd and -server-cmd")
	}
	fcfg := cfg
	fcfg.addr, fcfg.serverCmd, fcfg.login = floorAdr, floorCmd, false
	if fcfg.screen, err = regexp.Compile(floorScreen); err != nil {
		fail("-floor-screen: %v", err)
	}
	var floor, server []result
	for i := 0; i < runs; i++ { // interleaved, so that both see the same machine
		r, err := measure("floor", fcfg)
		if err != nil {
			fail("floor run %d: %v", i+1, err)
		}
		floor = append(floor, r)
		fmt.Fprintf(os.Stderr, "floor run %d: connect p50 %.1f ms\n", i+1, r.ConnectP50)
		r, err = measure("mypage", cfg)
		if err != nil {
			fail("mypage run %d: %v", i+1, err)
		}
		server = append(server, r)
		fmt.Fprintf(os.Stderr, "mypage run %d: connect p50 %.1f ms\n", i+1, r.ConnectP50)
	}
	if asJSON {
		printJSON(map[string]any{"floor": floor, "mypage": server,
			"median": map[string]result{"floor": medianResult(floor), "mypage": medianResult(server)}})
		return
	}
	printTable([]string{"floor", "mypage"}, [][]result{floor, server})
}

func fail(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "sshload: "+format+"\n", a...)
	os.Exit(1)
}

// holderLogin reads the first holder's customer number and password from the
// JSON that `mypage demo --json` prints.
func holderLogin(file string) (id, password string, err error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return "", "", err
	}
	var logins []struct{ Kind, Login, Password string }
	if err := json.Unmarshal(b, &logins); err != nil {
		return "", "", err
	}
	for _, l := range logins {
		if l.Kind == "holder" {
			return l.Login, l.Password, nil
		}
	}
	return "", "", errors.New("no holder login")
}

// result is one run's figures; durations in milliseconds, NaN where not measured.
type result struct {
	Name             string  `json:"name"`
	Sessions         int     `json:"sessions"`
	Opened           int     `json:"opened"`
	Failed           int     `json:"failed"`
	FirstError       string  `json:"first_error,omitempty"`
	ConnectP50       float64 `json:"connect_p50_ms"`
	ConnectP95       float64 `json:"connect_p95_ms"`
	ConnectP99       float64 `json:"connect_p99_ms"`
	KeyP50           float64 `json:"key_p50_ms"`
	KeyP95           float64 `json:"key_p95_ms"`
	KeyP99           float64 `json:"key_p99_ms"`
	LoginP50         float64 `json:"login_p50_ms"`
	LoginP95         float64 `json:"login_p95_ms"`
	LoginP99         float64 `json:"login_p99_ms"`
	LoginsPerSec     float64 `json:"logins_per_s"`
	CPUPerSessionMs  float64 `json:"cpu_per_session_ms"`
	IdleCPUMsPerSec  float64 `json:"idle_cpu_ms_per_s"`
	IdleBytesPerSec  float64 `json:"idle_bytes_per_s"`
	RSSPerSessionKiB float64 `json:"rss_per_session_kib"`
	PeakRSSKiB       float64 `json:"peak_rss_kib"`
}

func printJSON(v any) {
	b, err := json.MarshalIndent(nanToNull(v), "", "  ")
	if err != nil {
		fail("%v", err)
	}
	fmt.Println(string(b))
}

// nanToNull turns the results into maps where a NaN figure is nil.
func nanToNull(v any) any {
	switch x := v.(type) {
	case result:
		return resultMap(x)
	case []result:
		out := make([]any, len(x))
		for i, r := range x {
			out[i] = resultMap(r)
		}
		return out
	case map[string]result:
		out := map[string]any{}
		for k, r := range x {
			out[k] = resultMap(r)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = nanToNull(e)
		}
		return out
	}
	return v
}

func resultMap(r result) map[string]any {
	m := map[string]any{"name": r.Name, "sessions": r.Sessions, "opened": r.Opened, "failed": r.Failed}
	if r.FirstError != "" {
		m["first_error"] = r.FirstError
	}
	for _, f := range figures {
		v := f.get(r)
		if math.IsNaN(v) {
			m[f.key] = nil
		} else {
			m[f.key] = v
		}
	}
	return m
}

type figure struct {
	label, key string
	get        func(result) float64
	set        func(*result, float64)
}

var figures = []figure{
	{"connect → screen p50 (ms)", "connect_p50_ms", func(r result) float64 { return r.ConnectP50 }, func(r *result, v float64) { r.ConnectP50 = v }},
	{"connect → screen p95 (ms)", "connect_p95_ms", func(r result) float64 { return r.ConnectP95 }, func(r *result, v float64) { r.ConnectP95 = v }},
	{"connect → screen p99 (ms)", "connect_p99_ms", func(r result) float64 { return r.ConnectP99 }, func(r *result, v float64) { r.ConnectP99 = v }},
	{"key → screen p50 (ms)", "key_p50_ms", func(r result) float64 { return r.KeyP50 }, func(r *result, v float64) { r.KeyP50 = v }},
	{"key → screen p95 (ms)", "key_p95_ms", func(r result) float64 { return r.KeyP95 }, func(r *result, v float64) { r.KeyP95 = v }},
	{"key → screen p99 (ms)", "key_p99_ms", func(r result) float64 { return r.KeyP99 }, func(r *result, v float64) { r.KeyP99 = v }},
	{"Enter → menu p50 (ms)", "login_p50_ms", func(r result) float64 { return r.LoginP50 }, func(r *result, v float64) { r.LoginP50 = v }},
	{"Enter → menu p95 (ms)", "login_p95_ms", func(r result) float64 { return r.LoginP95 }, func(r *result, v float64) { r.LoginP95 = v }},
	{"Enter → menu p99 (ms)", "login_p99_ms", func(r result) float64 { return r.LoginP99 }, func(r *result, v float64) { r.LoginP99 = v }},
	{"logins per second", "logins_per_s", func(r result) float64 { return r.LoginsPerSec }, func(r *result, v float64) { r.LoginsPerSec = v }},
	{"server CPU per session (ms)", "cpu_per_session_ms", func(r result) float64 { return r.CPUPerSessionMs }, func(r *result, v float64) { r.CPUPerSessionMs = v }},
	{"idle CPU per session (ms/s)", "idle_cpu_ms_per_s", func(r result) float64 { return r.IdleCPUMsPerSec }, func(r *result, v float64) { r.IdleCPUMsPerSec = v }},
	{"idle bytes per session (B/s)", "idle_bytes_per_s", func(r result) float64 { return r.IdleBytesPerSec }, func(r *result, v float64) { r.IdleBytesPerSec = v }},
	{"RSS per held session (KiB)", "rss_per_session_kib", func(r result) float64 { return r.RSSPerSessionKiB }, func(r *result, v float64) { r.RSSPerSessionKiB = v }},
	{"peak RSS (KiB)", "peak_rss_kib", func(r result) float64 { return r.PeakRSSKiB }, func(r *result, v float64) { r.PeakRSSKiB = v }},
}

func medianResult(rs []result) result {
	m := result{Name: rs[0].Name, Sessions: rs[0].Sessions}
	for _, r := range rs {
		m.Opened += r.Opened
		m.Failed += r.Failed
	}
	for _, f := range figures {
		var v []float64
		for _, r := range rs {
			if x := f.get(r); !math.IsNaN(x) {
				v = append(v, x)
			}
		}
		f.set(&m, median(v))
	}
	return m
}

// printTable prints the median of each column's runs and, for two columns,
// the ratio of the second to the first.
func printTable(names []string, cols [][]result) {
	meds := make([]result, len(cols))
	for i, c := range cols {
		meds[i] = medianResult(c)
	}
	head := "| figure |"
	rule := "|---|"
	for i, n := range names {
		head += fmt.Sprintf(" %s (%d run(s), %d sessions, %d failed) |", n, len(cols[i]), meds[i].Sessions, meds[i].Failed)
		rule += "---|"
	}
	if len(names) == 2 {
		head += " ratio |"
		rule += "---|"
	}
	fmt.Println(head)
	fmt.Println(rule)
	for _, f := range figures {
		line := "| " + f.label + " |"
		for _, m := range meds {
			line += " " + num(f.get(m)) + " |"
		}
		if len(meds) == 2 {
			a, b := f.get(meds[0]), f.get(meds[1])
			if math.IsNaN(a) || math.IsNaN(b) || a == 0 {
				line += " — |"
			} else {
				line += fmt.Sprintf(" %.2f× |", b/a)
			}
		}
		fmt.Println(line)
	}
	for i, c := range cols {
		for _, r := range c {
			if r.FirstError != "" {
				fmt.Printf("\n%s: %d failed, first: %s\n", names[i], r.Failed, r.FirstError)
				break
			}
		}
	}
}

func num(v float64) string {
	switch {
	case math.IsNaN(v):
		return "—"
	case math.Abs(v) >= 100:
		return fmt.Sprintf("%.0f", v)
	case math.Abs(v) >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

// session is one interactive SSH session and what it received.
type session struct {
	client *ssh.Client
	ssh    *ssh.Session
	stdin  io.WriteCloser
	wmu    sync.Mutex

	mu    sync.Mutex
	raw   []byte // output since the last mark
	bytes atomic.Int64
	chunk chan struct{} // a signal per read of output
	done  chan struct{}

	shown time.Time // when the first screen came
}

const maxRaw = 1 << 18

func (s *session) write(b []byte) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	_, err := s.stdin.Write(b)
	return err
}

func (s *session) read(out io.Reader, answer bool, trace io.Writer) {
	defer close(s.done)
	t0 := time.Now()
	var term answerer
	buf := make([]byte, 32<<10)
	for {
		n, err := out.Read(buf)
		if n > 0 {
			s.bytes.Add(int64(n))
			if trace != nil {
				fmt.Fprintf(trace, "%8.1f ms %5d B %q\n", ms(time.Since(t0)), n, buf[:n])
			}
			if answer {
				if a := term.feed(buf[:n]); len(a) > 0 {
					_ = s.write(a)
				}
			}
			s.mu.Lock()
			s.raw = append(s.raw, buf[:n]...)
			if len(s.raw) > maxRaw {
				s.raw = append(s.raw[:0], s.raw[len(s.raw)-maxRaw/2:]...)
			}
			s.mu.Unlock()
			select {
			case s.chunk <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

// mark forgets the output so far: waitFor looks only at what comes after.
func (s *session) mark() {
	s.mu.Lock()
	s.raw = s.raw[:0]
	s.mu.Unlock()
	select {
	case <-s.chunk:
	default:
	}
}

// waitFor waits until the output since the last mark, without its escape
// sequences, matches re.
func (s *session) waitFor(re *regexp.Regexp, timeout time.Duration) error {
	t := time.NewTimer(timeout)
	defer t.Stop()
	for {
		s.mu.Lock()
		ok := re.MatchString(ansi.Strip(string(s.raw)))
		s.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-s.chunk:
		case <-s.done:
			return errors.New("session ended before " + re.String())
		case <-t.C:
			return fmt.Errorf("no %q within %v", re.String(), timeout)
		}
	}
}

// nextChunk waits for the next output, at most timeout; false if none came.
func (s *session) nextChunk(timeout time.Duration) bool {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-s.chunk:
		return true
	case <-s.done:
	case <-t.C:
	}
	return false
}

func (s *session) close() {
	if s.ssh != nil {
		_ = s.ssh.Close()
	}
	if s.client != nil {
		_ = s.client.Close()
	}
}

func open(cfg config) (*session, error) {
	cc := &ssh.ClientConfig{
		User:            "load",
		HostKeyCallback: ssh.InsecureIgnoreHostKey(),
		Timeout:         cfg.timeout,
	}
	client, err := ssh.Dial("tcp", cfg.addr, cc)
	if err != nil {
		return nil, err
	}
	s := &session{client: client, chunk: make(chan struct{}, 1), done: make(chan struct{})}
	if s.ssh, err = client.NewSession(); err != nil {
		s.close()
		return nil, err
	}
	// No Setenv: COLORTERM stays unset, as from most terminals over SSH.
	modes := ssh.TerminalModes{ssh.ECHO: 1, ssh.TTY_OP_ISPEED: 38400, ssh.TTY_OP_OSPEED: 38400}
	if err = s.ssh.RequestPty("xterm-256color", 24, 80, modes); err != nil {
		s.close()
		return nil, err
	}
	if s.stdin, err = s.ssh.StdinPipe(); err != nil {
		s.close()
		return nil, err
	}
	out, err := s.ssh.StdoutPipe()
	if err != nil {
		s.close()
		return nil, err
	}
	if err = s.ssh.Shell(); err != nil {
		s.close()
		return nil, err
	}
	var trace io.Writer
	if traceOnce.CompareAndSwap(false, true) {
		trace = cfg.trace
	}
	go s.read(out, cfg.answer, trace)
	return s, nil
}

// traceOnce lets only the first session write to -trace.
var traceOnce atomic.Bool

var arrows = [][]byte{[]byte("\x1b[B"), []byte("\x1b[A")}

// quietFor is how long no session may receive anything for the sessions to
// count as idle.
const quietFor = 300 * time.Millisecond

// quiet waits until no session has received anything for quietFor, or timeout.
func quiet(sessions []*session, timeout time.Duration) {
	total := func() (n int64) {
		for _, s := range sessions {
			n += s.bytes.Load()
		}
		return n
	}
	deadline := time.Now().Add(timeout)
	last, since := total(), time.Now()
	for time.Since(since) < quietFor && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		if n := total(); n != last {
			last, since = n, time.Now()
		}
	}
}

// measure runs one load against the server: open, keys, logins, hold, close.
func measure(name string, cfg config) (result, error) {
	r := result{Name: name, Sessions: cfg.n}
	for _, f := range figures {
		f.set(&r, math.NaN())
	}
	pid := cfg.pid
	if cfg.serverCmd != "" {
		stop, p, err := startServer(cfg)
		if err != nil {
			return r, err
		}
		defer stop()
		pid = p
	}
	var before, held, idleEnd, after sample
	sampled := pid > 0
	if sampled {
		var err error
		if before, err = readSample(pid); err != nil {
			return r, err
		}
	}

	var (
		mu       sync.Mutex
		sessions []*session
		connects []time.Duration
		keys     []time.Duration
		failed   int
		firstErr string
	)
	note := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		failed++
		if firstErr == "" {
			firstErr = err.Error()
		}
	}
	sem := make(chan struct{}, cfg.c)
	var wg sync.WaitGroup
	for i := 0; i < cfg.n; i++ {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			t0 := time.Now()
			s, err := open(cfg)
			if err != nil {
				note(err)
				return
			}
			if err := s.waitFor(cfg.screen, cfg.timeout); err != nil {
				s.close()
				note(err)
				return
			}
			s.shown = time.Now()
			d := s.shown.Sub(t0)
			var ks []time.Duration
			for k := 0; k < cfg.keys; k++ {
				// Press just after an output (a cursor blink, say), so that the
				// next output is the key's own and not the next blink.
				s.mark()
				s.nextChunk(600 * time.Millisecond)
				s.mark()
				t := time.Now()
				if err := s.write(arrows[k%2]); err != nil {
					break
				}
				if s.nextChunk(cfg.timeout) {
					ks = append(ks, time.Since(t))
				}
			}
			mu.Lock()
			sessions = append(sessions, s)
			connects = append(connects, d)
			keys = append(keys, ks...)
			mu.Unlock()
		}()
	}
	wg.Wait()

	if cfg.login && len(sessions) > 0 {
		logins, start, end := loginAll(cfg, sessions, note)
		if len(logins) > 0 {
			r.LoginP50, r.LoginP95, r.LoginP99 = ms(percentile(logins, 50)), ms(percentile(logins, 95)), ms(percentile(logins, 99))
			r.LoginsPerSec = float64(len(logins)) / end.Sub(start).Seconds()
		}
	}

	// Held, idle: what the open sessions cost while nothing happens, from when
	// the last frame (of a login, say: the menu is matched on its first line)
	// has arrived.
	quiet(sessions, cfg.timeout)
	if sampled {
		held, _ = readSample(pid)
	}
	// The sessions opened first waited, idle, for the others: that time is
	// charged at the idle rate, not to opening.
	var waited time.Duration
	tHeld := time.Now()
	for _, s := range sessions {
		waited += tHeld.Sub(s.shown)
	}
	b0 := make([]int64, len(sessions))
	for i, s := range sessions {
		b0[i] = s.bytes.Load()
	}
	t0 := time.Now()
	time.Sleep(cfg.hold)
	idle := time.Since(t0)
	if sampled {
		idleEnd, _ = readSample(pid)
	}
	var idleBytes int64
	for i, s := range sessions {
		idleBytes += s.bytes.Load() - b0[i]
	}
	for _, s := range sessions {
		s.close()
	}
	if sampled {
		time.Sleep(cfg.settle)
		after, _ = readSample(pid)
	}

	r.Opened, r.Failed, r.FirstError = len(sessions), failed, firstErr
	if len(connects) > 0 {
		r.ConnectP50, r.ConnectP95, r.ConnectP99 = ms(percentile(connects, 50)), ms(percentile(connects, 95)), ms(percentile(connects, 99))
	}
	if len(keys) > 0 {
		r.KeyP50, r.KeyP95, r.KeyP99 = ms(percentile(keys, 50)), ms(percentile(keys, 95)), ms(percentile(keys, 99))
	}
	if n := float64(len(sessions)); n > 0 {
		r.IdleBytesPerSec = float64(idleBytes) / n / idle.Seconds()
		if sampled {
			r.IdleCPUMsPerSec = (idleEnd.cpuMs - held.cpuMs) / n / idle.Seconds()
			// Opening (with keys and logins) and closing, without the idle
			// hold nor the idle wait of the sessions opened first.
			r.CPUPerSessionMs = ((held.cpuMs - before.cpuMs) + (after.cpuMs - idleEnd.cpuMs) -
				r.IdleCPUMsPerSec*waited.Seconds()) / n
			r.RSSPerSessionKiB = float64(idleEnd.rssKiB-before.rssKiB) / n
			r.PeakRSSKiB = float64(after.hwmKiB)
		}
	}
	return r, nil
}

// loginAll types the login into every session, then presses Enter in all at
// once and times each until its menu.
func loginAll(cfg config, sessions []*session, note func(error)) (times []time.Duration, start, end time.Time) {
	var (
		mu    sync.Mutex
		ready sync.WaitGroup
		done  sync.WaitGroup
		enter = make(chan struct{})
	)
	for _, s := range sessions {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			var err error
			if cfg.keys%2 == 1 { // back to the customer number field
				err = s.write(arrows[1])
			}
			if err == nil {
				err = s.write([]byte(cfg.loginID + "\r" + cfg.password))
			}
			time.Sleep(200 * time.Millisecond) // the typing is drawn before Enter
			ready.Done()
			<-enter
			if err != nil {
				note(err)
				return
			}
			s.mark()
			t := time.Now()
			if err := s.write([]byte("\r")); err != nil {
				note(err)
				return
			}
			if err := s.waitFor(cfg.menu, cfg.timeout); err != nil {
				note(fmt.Errorf("login: %w", err))
				return
			}
			mu.Lock()
			times = append(times, time.Since(t))
			end = time.Now()
			mu.Unlock()
		}()
	}
	ready.Wait()
	start = time.Now()
	close(enter)
	done.Wait()
	return times, start, end
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// startServer starts cfg.serverCmd and waits until it accepts connections; stop
// ends it (SIGTERM, then SIGKILL to its process group).
func startServer(cfg config) (stop func(), pid int, err error) {
	cmd := exec.Command("sh", "-c", "exec "+cfg.serverCmd)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if cfg.serverLog != "" {
		f, err := os.OpenFile(cfg.serverLog, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return nil, 0, err
		}
		defer f.Close()
		cmd.Stdout, cmd.Stderr = f, f
	}
	if err := cmd.Start(); err != nil {
		return nil, 0, err
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	stop = func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", cfg.addr, time.Second)
		if err == nil {
			c.Close()
			break
		}
		select {
		case <-exited:
			return nil, 0, fmt.Errorf("%s: ended before listening on %s", strings.Fields(cfg.serverCmd)[0], cfg.addr)
		default:
		}
		if time.Now().After(deadline) {
			stop()
			return nil, 0, fmt.Errorf("nothing listens on %s", cfg.addr)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // the probe's connection is gone
	return stop, cmd.Process.Pid, nil
}
