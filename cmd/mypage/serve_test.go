package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"

	"mypage/core"
	"mypage/store"
)

// startServer serves a seeded demo database on a free local port and returns its address.
func startServer(t *testing.T, maxSessions int) string {
	t.Helper()
	srv := startPortal(t, func(o *serveOptions) { o.maxSessions = maxSessions })
	return srv.addr
}

// served is a portal serving a seeded demo database on a free local port.
type served struct {
	*portal
	addr   string
	svc    *core.Service
	logins []core.DemoLogin
}

// startPortal serves a seeded demo database with the default flags, changed by mod.
func startPortal(t testing.TB, mod func(*serveOptions)) *served {
	t.Helper()
	return startPortalIn(t, "ja", mod)
}

// startPortalIn is startPortal in the language lang (--lang).
func startPortalIn(t testing.TB, lang string, mod func(*serveOptions)) *served {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "serve.db"), store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc := core.NewService(db, baseConfig())
	logins, err := svc.SeedDemo(core.Operator("test"))
	if err != nil {
		t.Fatal(err)
	}
	return servePortal(t, svc, logins, lang, mod)
}

// servePortal serves svc with the default flags, changed by mod, on a free local port.
func servePortal(t testing.TB, svc *core.Service, logins []core.DemoLogin, lang string, mod func(*serveOptions)) *served {
	t.Helper()
	o := defaultServeOptions()
	o.addr = "127.0.0.1:0"
	o.hostKey = filepath.Join(t.TempDir(), "host_ed25519")
	o.maxTime = time.Hour
	o.connects = rate{n: 100, per: time.Minute}
	o.log = slog.New(slog.DiscardHandler)
	if mod != nil {
		mod(&o)
	}
	p, err := newPortal(svc, lang, o)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = p.Serve(ln) }()
	t.Cleanup(func() { _ = p.Close() })
	return &served{portal: p, addr: ln.Addr().String(), svc: svc, logins: logins}
}

func dial(t testing.TB, addr string) *gossh.Client {
	t.Helper()
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User:            "member",
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), // test server with a fresh key
		Timeout:         10 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// buffer collects a session's output for several goroutines.
type buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func (b *buffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Len()
}

// waitFor polls until cond holds; the deadline only keeps a broken test from hanging.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type shell struct {
	sess   *gossh.Session
	stdin  io.Writer
	out    *buffer
	errOut *buffer
	done   chan struct{} // closed when the session has ended
	err    error         // how it ended, once done is closed
}

// openShell opens a session with a terminal and starts the shell, i.e. the portal.
func openShell(t *testing.T, c *gossh.Client) *shell {
	t.Helper()
	return openShellWith(t, c, "xterm-256color", nil)
}

// answerQueries answers the background colour and device attributes queries,
// as a terminal does, should the server send them (it does not: see
// TestSSHFirstScreenWithoutAnswers).
func (s *shell) answerQueries(stdin io.Writer) {
	for !strings.Contains(s.out.String(), "\x1b[c") {
		if s.ended() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	_, _ = io.WriteString(stdin, "\x1b]11;rgb:1c1c/1c1c/1c1c\x07\x1b[?62;22c")
}

func (s *shell) ended() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

func TestSSHShowsLoginScreen(t *testing.T) {
	addr := startServer(t, 10)
	s := openShell(t, dial(t, addr))
	waitFor(t, "the login screen", func() bool { return strings.Contains(s.out.String(), "ログイン") || s.ended() })
	if s.ended() {
		t.Fatalf("session ended before the login screen: %v\n%s%s", s.err, s.out, s.errOut)
	}

	// A resize reaches the program, which draws again, and the session goes on.
	before := s.out.Len()
	if err := s.sess.WindowChange(30, 100); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a redraw after the resize", func() bool { return s.out.Len() > before || s.ended() })
	if s.ended() {
		t.Fatalf("session ended after a window change: %v", s.err)
	}
}

func TestSSHRefusesCommands(t *testing.T) {
	addr := startServer(t, 10)
	sess, err := dial(t, addr).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	sess.Stdout, sess.Stderr = &out, &errOut
	err = sess.Run("cat /etc/passwd")
	var exit *gossh.ExitError
	if !errors.As(err, &exit) || exit.ExitStatus() != 1 {
		t.Fatalf("exec: err = %v, want exit status 1", err)
	}
	if !strings.Contains(errOut.String(), "コマンドは実行できません") {
		t.Errorf("exec refusal said %q", errOut.String())
	}
	if strings.Contains(out.String(), "root:") {
		t.Error("the command ran")
	}
}

func TestSSHRefusesWithoutTerminal(t *testing.T) {
	addr := startServer(t, 10)
	sess, err := dial(t, addr).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var errOut bytes.Buffer
	sess.Stderr = &errOut
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	var exit *gossh.ExitError
	if err := sess.Wait(); !errors.As(err, &exit) || exit.ExitStatus() != 1 {
		t.Fatalf("shell without a pty: err = %v, want exit status 1", err)
	}
}

func TestSSHMaxSessions(t *testing.T) {
	addr := startServer(t, 1)
	first := openShell(t, dial(t, addr))
	waitFor(t, "the first login screen", func() bool { return strings.Contains(first.out.String(), "ログイン") || first.ended() })

	second := openShell(t, dial(t, addr))
	waitFor(t, "the second session to end", second.ended)
	var exit *gossh.ExitError
	if err := second.err; !errors.As(err, &exit) || exit.ExitStatus() != 1 {
		t.Errorf("second session: err = %v, want exit status 1", err)
	}
	if !strings.Contains(second.errOut.String()+second.out.String(), "混み合って") {
		t.Errorf("refusal said %q / %q", second.errOut, second.out)
	}
	if first.ended() {
		t.Error("the first session ended")
	}
}

// Issue 8: a shutdown with 20 sessions, some logged in: every client is told in
// the portal's language, every logged-in session's logout is audited, and all is
// over within 5 s.
func TestSSHShutdownTellsEverySession(t *testing.T) {
	srv := startPortal(t, func(o *serveOptions) { o.logins = rate{n: 100, per: time.Minute}; o.perAddr = 30 })
	var holders []core.DemoLogin
	for _, l := range srv.logins {
		if l.Kind == "holder" {
			holders = append(holders, l)
		}
	}
	const sessions, loggedIn = 20, 5
	var shells []*shell
	for i := range sessions {
		s := openShell(t, dial(t, srv.addr))
		waitFor(t, "a login screen", func() bool { return strings.Contains(s.out.String(), "ログイン") || s.ended() })
		if i < loggedIn {
			l := holders[i%len(holders)]
			if _, err := io.WriteString(s.stdin, l.Login+"\r"); err != nil {
				t.Fatal(err)
			}
			if _, err := io.WriteString(s.stdin, l.Password+"\r"); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "the portal after the login", func() bool { return strings.Contains(s.out.String(), "ログアウト") || s.ended() })
		}
		shells = append(shells, s)
	}
	for i, s := range shells {
		if s.ended() {
			t.Fatalf("session %d ended before the shutdown: %v\n%s", i, s.err, s.errOut)
		}
	}

	begin := time.Now()
	done := make(chan struct{})
	go func() { srv.Shutdown(); close(done) }()
	for _, s := range shells {
		waitFor(t, "the session to end", s.ended)
	}
	waitFor(t, "the shutdown to return", func() bool {
		select {
		case <-done:
			return true
		default:
			return false
		}
	})
	if took := time.Since(begin); took > 5*time.Second {
		t.Errorf("the shutdown took %v, more than 5 s", took)
	}
	for i, s := range shells {
		if !strings.Contains(s.out.String(), "メンテナンスのため接続を終了します") {
			t.Errorf("session %d was not told of the shutdown:\n%q", i, s.out.String())
		}
	}
	records, err := srv.svc.Audit(core.Operator("test"), core.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	logouts := 0
	for _, r := range records {
		if r.Action == "logout" && r.Target == "shutdown" {
			logouts++
		}
	}
	if logouts != loggedIn {
		t.Errorf("%d shutdown logouts audited, want %d", logouts, loggedIn)
	}
	// A connection after the shutdown is not accepted.
	if c, err := net.Dial("tcp", srv.addr); err == nil {
		c.Close()
		t.Error("the portal still accepts connections after the shutdown")
	}
}

// readBanner reads what the server sends first on a raw connection: its SSH
// version line, or nothing when it closes the connection at once.
func readBanner(t *testing.T, c net.Conn) string {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(30 * time.Second)) // only keeps a broken test from hanging
	buf := make([]byte, 256)
	n, err := c.Read(buf)
	if n == 0 && err == nil {
		t.Fatal("empty read")
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatal("the server neither spoke nor closed the connection")
	}
	return string(buf[:n])
}

// closedByServer reads until the server closes the connection.
func closedByServer(t *testing.T, c net.Conn) {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(30 * time.Second))
	buf := make([]byte, 256)
	for {
		_, err := c.Read(buf)
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			t.Fatal("the server kept an idle connection open")
		}
		if err != nil {
			return
		}
	}
}

// rawDialFrom opens a raw connection from the local address ip (any of
// 127.0.0.0/8 reaches the loopback on Linux).
func rawDialFrom(t *testing.T, ip, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// Connections that hold no session (handshake pending, or none opened yet) are
// capped in all, whatever their addresses; at the cap a new connection is
// admitted and the one longest without a session is closed, so that a flood of
// idle handshakes cannot lock members out: a member's client completes its
// handshake at once and gets in, while a member's session goes on.
func TestSSHPendingConnectionsCapped(t *testing.T) {
	logs := &buffer{}
	srv := startPortal(t, func(o *serveOptions) {
		o.perAddr, o.maxPending, o.maxConns = 2, 4, 0
		o.log = slog.New(slog.NewTextHandler(logs, nil))
	})
	member := openShell(t, dial(t, srv.addr))
	waitFor(t, "the login screen", func() bool { return strings.Contains(member.out.String(), "ログイン") || member.ended() })

	// 8 idle connections from 4 addresses, 2 each (none over --max-per-address),
	// each sending only its version line, as a flood does.
	var held []net.Conn
	for i := 2; i <= 5; i++ {
		for range 2 {
			held = append(held, idleConn(t, fmt.Sprintf("127.0.0.%d", i), srv.addr))
		}
	}
	// The four oldest made room for the four newest.
	for i, c := range held[:4] {
		t.Logf("idle connection %d", i+1)
		closedByServer(t, c)
	}
	// A new member gets in although the cap is full of idle connections.
	second := openShell(t, dial(t, srv.addr))
	waitFor(t, "a second login screen", func() bool { return strings.Contains(second.out.String(), "ログイン") || second.ended() })
	if second.ended() {
		t.Fatalf("a new member was refused under a flood of idle connections: %v", second.err)
	}
	// The member made room with the oldest idle connection left.
	closedByServer(t, held[4])
	// The member's session holds no pending place and goes on.
	before := member.out.Len()
	if err := member.sess.WindowChange(30, 100); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a redraw of the member's screen", func() bool { return member.out.Len() > before || member.ended() })
	if member.ended() {
		t.Fatalf("the member's session ended: %v", member.err)
	}
	if out := logs.String(); !strings.Contains(out, "level=WARN") || !strings.Contains(out, "--max-pending") {
		t.Errorf("the evictions are not logged:\n%s", out)
	}
}

// The connections of all kinds are capped in all by --max-connections.
func TestSSHConnectionsCapped(t *testing.T) {
	srv := startPortal(t, func(o *serveOptions) { o.perAddr, o.maxPending, o.maxConns = 0, 0, 3 })
	member := openShell(t, dial(t, srv.addr))
	waitFor(t, "the login screen", func() bool { return strings.Contains(member.out.String(), "ログイン") || member.ended() })
	for i := 2; i <= 3; i++ {
		if b := readBanner(t, rawDialFrom(t, fmt.Sprintf("127.0.0.%d", i), srv.addr)); !strings.HasPrefix(b, "SSH-2.0-") {
			t.Fatalf("connection %d of 3 got %q", i, b)
		}
	}
	if b := readBanner(t, rawDialFrom(t, "127.0.0.4", srv.addr)); b != "" {
		t.Fatalf("a fourth connection beyond --max-connections 3 got %q", b)
	}
	if member.ended() {
		t.Fatalf("the member's session ended: %v", member.err)
	}
}

func rawDial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// Issue 9: connections per source address are capped at accept time.
func TestSSHConnectionsPerAddress(t *testing.T) {
	logs := &buffer{}
	srv := startPortal(t, func(o *serveOptions) {
		o.perAddr = 3
		o.log = slog.New(slog.NewTextHandler(logs, nil))
	})
	var held []net.Conn
	for range 3 {
		c := rawDial(t, srv.addr)
		if b := readBanner(t, c); !strings.HasPrefix(b, "SSH-2.0-") {
			t.Fatalf("an accepted connection got %q", b)
		}
		held = append(held, c)
	}
	for range 5 {
		c := rawDial(t, srv.addr)
		if b := readBanner(t, c); b != "" {
			t.Fatalf("a connection beyond --max-per-address got %q", b)
		}
	}
	// One structured line, as for a refused session.
	waitFor(t, "the refusal logged", func() bool {
		return strings.Contains(logs.String(), `msg="connection refused" reason="--max-per-address reached" addr=127.0.0.1`)
	})
	// A place frees when a connection ends.
	held[0].Close()
	waitFor(t, "a connection accepted again", func() bool {
		return strings.HasPrefix(readBanner(t, rawDial(t, srv.addr)), "SSH-2.0-")
	})
}

// Issue 9: a connection that never completes the handshake, and one that
// completes it but opens no session, are closed after their timeouts.
func TestSSHIdleConnectionsClosed(t *testing.T) {
	srv := startPortal(t, func(o *serveOptions) {
		o.perAddr = 50
		o.handshake = 200 * time.Millisecond
	})
	var conns []net.Conn
	for range 20 {
		conns = append(conns, rawDial(t, srv.addr))
	}
	for _, c := range conns {
		closedByServer(t, c)
	}

	// The handshake has all the time it needs; the session does not come.
	srv = startPortal(t, func(o *serveOptions) { o.sessionWait = 200 * time.Millisecond })
	client := dial(t, srv.addr)
	ended := make(chan error, 1)
	go func() { ended <- client.Wait() }()
	waitFor(t, "the connection without a session to be closed", func() bool {
		select {
		case <-ended:
			return true
		default:
			return false
		}
	})
}

// Issue 11: nonsensical figures are refused at start-up, naming the flag.
func TestFlagLimits(t *testing.T) {
	for _, tt := range []struct {
		args []string
		flag string
	}{
		{[]string{"serve", "--idle", "-5m"}, "--idle"},
		{[]string{"serve", "--max-sessions", "-3"}, "--max-sessions"},
		{[]string{"serve", "--max-time", "-1s"}, "--max-time"},
		{[]string{"serve", "--shutdown-grace", "-1s"}, "--shutdown-grace"},
		{[]string{"serve", "--handshake-timeout", "0s"}, "--handshake-timeout"},
		{[]string{"serve", "--handshake-timeout", "-1s"}, "--handshake-timeout"},
		{[]string{"serve", "--session-timeout", "0s"}, "--session-timeout"},
		{[]string{"serve", "--max-per-address", "-1"}, "--max-per-address"},
		{[]string{"serve", "--login-attempts", "0/min"}, "--login-attempts"},
		{[]string{"serve", "--connect-rate", "-1/min"}, "--connect-rate"},
		{[]string{"serve", "--connect-rate", "5/-1s"}, "--connect-rate"},
		{[]string{"serve", "--login-attempts", "10/1ns"}, "--login-attempts"},
		{[]string{"serve", "--connect-rate", "30/9999h"}, "--connect-rate"},
		{[]string{"serve", "--shutdown-grace", "9999h"}, "--shutdown-grace"},
		{[]string{"serve", "--shutdown-grace", "31s"}, "--shutdown-grace"},
		{[]string{"serve", "--idle", "1ns"}, "--idle"},
		{[]string{"serve", "--idle", "9s"}, "--idle"},
		{[]string{"serve", "--idle", "25h"}, "--idle"},
		{[]string{"serve", "--max-time", "59s"}, "--max-time"},
		{[]string{"serve", "--max-time", "9999h"}, "--max-time"},
		{[]string{"serve", "--handshake-timeout", "999ms"}, "--handshake-timeout"},
		{[]string{"serve", "--handshake-timeout", "11m"}, "--handshake-timeout"},
		{[]string{"serve", "--session-timeout", "1ns"}, "--session-timeout"},
		{[]string{"serve", "--session-timeout", "10m1s"}, "--session-timeout"},
		{[]string{"serve", "--max-pending", "-1"}, "--max-pending"},
		{[]string{"serve", "--max-connections", "-1"}, "--max-connections"},
		{[]string{"serve", "--max-pending", "100000000"}, "--max-pending"},
		{[]string{"serve", "--max-connections", "100000000"}, "--max-connections"},
		{[]string{"serve", "--max-sessions", "0", "--max-connections", "0"}, "--max-connections"},
		{[]string{"kiosk", "--idle", "1ns"}, "--idle"},
		{[]string{"kiosk", "--idle", "9999h"}, "--idle"},
		{[]string{"kiosk", "--idle", "0s"}, "--idle"},
		{[]string{"kiosk", "--idle", "-1m"}, "--idle"},
		{[]string{"admin", "audit", "--limit", "-1"}, "--limit"},
		{[]string{"admin", "outbox", "--limit", "-5"}, "--limit"},
		{[]string{"admin", "contract", "create", "--household", "-2"}, "--household"},
		{[]string{"admin", "payment", "12345678901234", "--month", "2026-04", "--amount", "-1", "--date", "2026-04-30"}, "--amount"},
		{[]string{"--log-level", "loud", "admin", "audit"}, "--log-level"},
		{[]string{"serve", "--lock-after", "0"}, "--lock-after"},
		{[]string{"serve", "--lock-after", "-1"}, "--lock-after"},
		{[]string{"serve", "--lock-after", "1000000"}, "--lock-after"},
		{[]string{"serve", "--lock-after-id", "0"}, "--lock-after-id"},
		{[]string{"serve", "--lock-after", "10", "--lock-after-id", "9"}, "--lock-after-id"},
		{[]string{"serve", "--lock-after-id", "1000000"}, "--lock-after-id"},
		{[]string{"serve", "--lock-first", "0s"}, "--lock-first"},
		{[]string{"serve", "--lock-first", "-1m"}, "--lock-first"},
		{[]string{"serve", "--lock-first", "1ns"}, "--lock-first"},
		{[]string{"serve", "--lock-first", "9999h"}, "--lock-first"},
		{[]string{"serve", "--lock-max", "0s"}, "--lock-max"},
		{[]string{"serve", "--lock-max", "9999h"}, "--lock-max"},
		{[]string{"serve", "--lock-first", "10m", "--lock-max", "5m"}, "--lock-max"},
		{[]string{"serve", "--step-up-ttl", "0s"}, "--step-up-ttl"},
		{[]string{"serve", "--step-up-ttl", "1s"}, "--step-up-ttl"},
		{[]string{"serve", "--step-up-ttl", "9999h"}, "--step-up-ttl"},
		{[]string{"kiosk", "--lock-after", "0"}, "--lock-after"},
		{[]string{"kiosk", "--step-up-ttl", "0s"}, "--step-up-ttl"},
		{[]string{"run", "--lock-max", "0s"}, "--lock-max"},
		{[]string{"run", "--lock-after-id", "1"}, "--lock-after-id"},
		{[]string{"--lock-first", "0s"}, "--lock-first"},
		{[]string{"demo", "--no-tui", "--lock-after", "0"}, "--lock-after"},
		{[]string{"--lang", "fr", "admin", "audit"}, "--lang"},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, _, err := run(t, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.flag) || strings.Contains(err.Error(), "unknown flag") {
				t.Fatalf("err = %v, want a refusal naming %s", err, tt.flag)
			}
		})
	}
	// The defaults and the bounds themselves are accepted.
	if err := defaultServeOptions().validate(); err != nil {
		t.Errorf("default serve flags: %v", err)
	}
	for _, mod := range []func(*serveOptions){
		func(o *serveOptions) { o.grace, o.idle, o.maxTime = 0, 0, 0 },
		func(o *serveOptions) { o.grace, o.idle, o.maxTime = 30*time.Second, 10*time.Second, time.Minute },
		func(o *serveOptions) { o.handshake, o.sessionWait = time.Second, 10*time.Minute },
	} {
		o := defaultServeOptions()
		mod(&o)
		if err := o.validate(); err != nil {
			t.Errorf("flags within the bounds refused: %v", err)
		}
	}
}

// A --catalog that is not a regular file (a named pipe, a device) is refused
// naming it, never read.
func TestCatalogMustBeRegularFile(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "catalog.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	for _, path := range []string{fifo, "/dev/zero", t.TempDir()} {
		done := make(chan error, 1)
		go func() { _, _, err := run(t, "--catalog", path, "admin", "catalog"); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "not a regular file") {
				t.Errorf("--catalog %s: err = %v, want a refusal naming the file", path, err)
			}
		case <-time.After(30 * time.Second): // only keeps a broken test from hanging
			t.Fatalf("--catalog %s hangs", path)
		}
	}
}

// A client that disconnects is a normal end, not an error; a refused session is
// logged with its address.
func TestSSHLogs(t *testing.T) {
	logs := &buffer{}
	srv := startPortal(t, func(o *serveOptions) {
		o.maxSessions = 1
		o.log = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	first := dial(t, srv.addr)
	s := openShell(t, first)
	waitFor(t, "the login screen", func() bool { return strings.Contains(s.out.String(), "ログイン") || s.ended() })
	second := openShell(t, dial(t, srv.addr))
	waitFor(t, "the refusal", second.ended)
	first.Close()
	// The refused one logs its refusal only (TestSSHRefusalsSaidAndLogged).
	waitFor(t, "the end of the first session", func() bool { return strings.Contains(logs.String(), "session end") })
	out := logs.String()
	if strings.Contains(out, "level=ERROR") {
		t.Errorf("a normal disconnect was logged as an error:\n%s", out)
	}
	if !strings.Contains(out, "level=WARN") || !strings.Contains(out, "--max-sessions") || !strings.Contains(out, "addr=127.0.0.1:") {
		t.Errorf("the refusal is not logged with its address:\n%s", out)
	}
}

// The logger reaches the log file named by --log-file.
func TestLogFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mypage.log")
	_, _, err := run(t, "--log-file", path, "--log-level", "debug", "admin", "catalog")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("--log-file was not opened: %v", err)
	}
	if _, _, err := run(t, "--log-file", filepath.Join(t.TempDir(), "no", "such", "dir", "x.log"), "admin", "catalog"); err == nil || !strings.Contains(err.Error(), "--log-file") {
		t.Errorf("an unwritable --log-file: err = %v", err)
	}
}

// The throttle and step-up flags of the portal commands reach the service
// configuration; the other commands keep the configured figures.
func TestThrottleFlagsConfigure(t *testing.T) {
	for name, build := range map[string]func(*globals) *cobra.Command{
		"mypage": func(g *globals) *cobra.Command {
			root := &cobra.Command{Use: "mypage"}
			addThrottleFlags(root, g)
			return root
		},
		"run": newRunCmd, "serve": newServeCmd, "kiosk": newKioskCmd, "demo": newDemoCmd,
	} {
		g := &globals{}
		cmd := build(g)
		if err := cmd.ParseFlags([]string{"--lock-after", "3", "--lock-after-id", "7", "--lock-first", "2m", "--lock-max", "90m", "--step-up-ttl", "5m",
			"--login-concurrency", "3", "--login-queue", "40"}); err != nil {
			t.Fatal(err)
		}
		if err := cmd.PreRunE(cmd, nil); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cfg, err := g.config()
		if err != nil {
			t.Fatal(err)
		}
		if cfg.ThrottleAfter != 3 || cfg.ThrottleAfterID != 7 || cfg.ThrottleBase != 2*time.Minute ||
			cfg.ThrottleMax != 90*time.Minute || cfg.StepUpTTL != 5*time.Minute || cfg.HashConcurrency != 3 || cfg.LoginQueue != 40 {
			t.Errorf("%q: config %d %d %v %v %v %d %d", name, cfg.ThrottleAfter, cfg.ThrottleAfterID, cfg.ThrottleBase, cfg.ThrottleMax, cfg.StepUpTTL,
				cfg.HashConcurrency, cfg.LoginQueue)
		}
	}
	// A back-office command has no such flags and keeps the configuration's figures.
	if _, _, err := run(t, "admin", "audit", "--lock-after", "3"); err == nil || !strings.Contains(err.Error(), "unknown flag") {
		t.Errorf("admin audit --lock-after: %v", err)
	}
	cfg, err := (&globals{}).config()
	if err != nil {
		t.Fatal(err)
	}
	if def := baseConfig(); cfg.ThrottleAfter != def.ThrottleAfter || cfg.StepUpTTL != def.StepUpTTL {
		t.Errorf("without the flags: %d %v", cfg.ThrottleAfter, cfg.StepUpTTL)
	}
}

// Under a full --max-pending the connection closed for a new one is the longest
// waiting of those that got least far: one that sent only its version line goes
// before one whose key exchange is under way, whatever their order, so a
// member's client in its handshake is not closed by a flood of idle ones.
func TestSSHEvictsTheLeastAdvancedFirst(t *testing.T) {
	srv := startPortal(t, func(o *serveOptions) { o.perAddr, o.maxPending, o.maxConns = 0, 3, 0 })
	idle := func(from string) net.Conn { return idleConn(t, from, srv.addr) }
	first := idle("127.0.0.2")
	// On its way: past its version line it sent the start of a key exchange
	// packet of 1,024 bytes and the server waits for the rest.
	under := idle("127.0.0.3")
	if _, err := under.Write(append([]byte{0, 0, 4, 0, 10}, make([]byte, 300)...)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the server to read the key exchange under way", func() bool {
		srv.conns.mu.Lock()
		defer srv.conns.mu.Unlock()
		for c := range srv.conns.conns {
			if c.stage() == 1 {
				return true
			}
		}
		return false
	})
	third := idle("127.0.0.4")
	idle("127.0.0.5") // the cap is full: the oldest idle one makes room
	closedByServer(t, first)
	idle("127.0.0.6") // the idle one goes, not the older one under way
	closedByServer(t, third)
	// Still open: what the server sent (its own key exchange) is read, then nothing more comes.
	_ = under.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	buf := make([]byte, 4096)
	for {
		_, err := under.Read(buf)
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			return
		}
		if err != nil {
			t.Fatalf("the connection whose key exchange was under way was closed: %v", err)
		}
	}
}

// idleConn opens a connection from the address from that sends its version
// line and nothing more, as a flood does.
func idleConn(t *testing.T, from, addr string) net.Conn {
	t.Helper()
	c := rawDialFrom(t, from, addr)
	if b := readBanner(t, c); !strings.HasPrefix(b, "SSH-2.0-") {
		t.Fatalf("connection from %s got %q, want the version line", from, b)
	}
	if _, err := io.WriteString(c, "SSH-2.0-x\r\n"); err != nil {
		t.Fatal(err)
	}
	return c
}
