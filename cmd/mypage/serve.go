package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/charmbracelet/wish/recover"
	"github.com/muesli/termenv"
	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"

	"mypage/core"
	"mypage/tui"
	"mypage/tui/i18n"
	"mypage/tui/paint"
)

// serveOptions are the flags of "mypage serve".
type serveOptions struct {
	addr        string
	hostKey     string
	idle        time.Duration
	maxTime     time.Duration
	maxSessions int
	logins      rate // login attempts per source address
	connects    rate // new sessions per source address
	grace       time.Duration
	handshake   time.Duration // to complete the SSH handshake
	sessionWait time.Duration // from the handshake (or the last session's end) to a session
	perAddr     int           // connections at once per source address
	maxPending  int           // connections at once that hold no session (handshake pending or no session yet)
	maxConns    int           // connections at once in all
	log         *slog.Logger
}

// Bounds of the duration flags of serve: beyond them a figure is a typing
// mistake or turns a protection off.
var (
	graceBound     = durationBound{flag: "--shutdown-grace", min: 0, max: 30 * time.Second, zero: "close at once"}
	idleBound      = durationBound{flag: "--idle", min: 10 * time.Second, max: 24 * time.Hour, zero: "never"}
	maxTimeBound   = durationBound{flag: "--max-time", min: time.Minute, max: 7 * 24 * time.Hour, zero: "no cap"}
	handshakeBound = durationBound{flag: "--handshake-timeout", min: time.Second, max: 10 * time.Minute}
	sessionBound   = durationBound{flag: "--session-timeout", min: time.Second, max: 10 * time.Minute}
)

// fdSpare are the file descriptors the process needs beside its connections:
// the database and its lock, the listener, the log, the host key.
const fdSpare = 32

// validate refuses figures that would turn a protection off or make no sense,
// and connection caps the process's open-file limit cannot hold.
func (o serveOptions) validate() error {
	for _, d := range []struct {
		b durationBound
		v time.Duration
	}{
		{idleBound, o.idle}, {maxTimeBound, o.maxTime}, {graceBound, o.grace},
		{handshakeBound, o.handshake}, {sessionBound, o.sessionWait},
	} {
		if err := d.b.check(d.v); err != nil {
			return err
		}
	}
	for _, n := range []struct {
		flag string
		v    int
	}{
		{"--max-sessions", o.maxSessions}, {"--max-per-address", o.perAddr},
		{"--max-pending", o.maxPending},
	} {
		if n.v < 0 {
			return fmt.Errorf("%s must be a positive number or 0 (no limit), not %d", n.flag, n.v)
		}
	}
	files, err := openFileLimit()
	if err != nil {
		return fmt.Errorf("cannot read the open-file limit of the process: %w", err)
	}
	if max := files - fdSpare; o.maxConns < 1 || o.maxConns > max {
		return fmt.Errorf("--max-connections must be from 1 to %d, not %d (its default is --max-sessions + --max-pending): "+
			"the process may open %d files (ulimit -n) and needs %d beside its connections; lower --max-connections, "+
			"--max-sessions or --max-pending, or raise the limit", max, o.maxConns, files, fdSpare)
	}
	if o.maxPending > o.maxConns {
		return fmt.Errorf("--max-pending %d must not exceed --max-connections %d", o.maxPending, o.maxConns)
	}
	return nil
}

// durationBound is the range of a duration flag; zero, when set, says what 0
// means (0 is then allowed below min).
type durationBound struct {
	flag     string
	min, max time.Duration
	zero     string
}

func (b durationBound) check(v time.Duration) error {
	if v >= b.min && v <= b.max || v == 0 && b.zero != "" {
		return nil
	}
	if b.zero != "" && b.min > 0 {
		return fmt.Errorf("%s must be 0 (%s) or from %s to %s, not %s", b.flag, b.zero, b.min, b.max, v)
	}
	return fmt.Errorf("%s must be from %s to %s, not %s", b.flag, b.min, b.max, v)
}

// openFileLimit is the process's soft limit of open files (RLIMIT_NOFILE).
func openFileLimit() (int, error) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, err
	}
	if lim.Cur > 1<<30 {
		return 1 << 30, nil
	}
	return int(lim.Cur), nil
}

// defaultServeOptions are the flag defaults, for the command and its tests.
func defaultServeOptions() serveOptions {
	return serveOptions{
		addr:        "127.0.0.1:2222",
		idle:        10 * time.Minute,
		maxTime:     8 * time.Hour,
		maxSessions: 50,
		logins:      rate{n: 10, per: time.Minute},
		connects:    rate{n: 30, per: time.Minute},
		grace:       3 * time.Second,
		handshake:   10 * time.Second,
		sessionWait: 30 * time.Second,
		perAddr:     10,
		maxPending:  256,
		maxConns:    50 + 256, // --max-sessions + --max-pending
	}
}

func newServeCmd(g *globals) *cobra.Command {
	o := defaultServeOptions()
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the portal over SSH: one program per connection, login inside the portal",
		Long: "serve runs an SSH server; every connection gets its own portal program. There is no\n" +
			"SSH authentication: members log in inside the portal. Commands (ssh host CMD) and\n" +
			"sessions without a terminal are refused. The host key file is created once and kept.\n" +
			"SIGINT or SIGTERM stops accepting connections, tells every session that the portal\n" +
			"shuts down, logs them out, lets procedures in flight finish and ends within\n" +
			"--shutdown-grace.",
		Args: cobra.NoArgs,
		PreRunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("max-connections") {
				o.maxConns = o.maxSessions + o.maxPending
				if o.maxSessions == 0 || o.maxPending == 0 {
					// One of them unlimited: as many as the open-file limit holds.
					files, err := openFileLimit()
					if err != nil {
						return fmt.Errorf("cannot read the open-file limit of the process: %w", err)
					}
					o.maxConns = files - fdSpare
				}
			}
			return o.validate()
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			// From the start: a signal while the file opens also ends the command cleanly.
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			svc, db, err := g.openPortal()
			if err != nil {
				return err
			}
			defer db.Close()
			if o.hostKey, err = dataFile(o.hostKey, "ssh_host_ed25519"); err != nil {
				return err
			}
			if err := os.MkdirAll(filepath.Dir(o.hostKey), 0o700); err != nil {
				return err
			}
			o.log = g.log
			p, err := newPortal(svc, g.lang, o)
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", o.addr)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "mypage: serving %s on %s\n", db.Describe(), ln.Addr())
			fmt.Fprintf(out, "host key %s %s\n", o.hostKey, gossh.FingerprintSHA256(p.srv.HostSigners[0].PublicKey()))

			served := make(chan error, 1)
			go func() { served <- p.Serve(ln) }()
			select {
			case err := <-served:
				return err
			case <-ctx.Done():
			}
			stop() // a second signal ends the process at once
			fmt.Fprintln(out, "mypage: shutting down")
			p.Shutdown()
			if err := <-served; err != nil && !errors.Is(err, ssh.ErrServerClosed) {
				return err
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.addr, "addr", o.addr, "listen on this `HOST:PORT`")
	f.StringVar(&o.hostKey, "host-key", "", "host key `FILE`, created once if missing (default ssh_host_ed25519 in the data directory)")
	f.DurationVar(&o.idle, "idle", o.idle, "end a session after this long without input (0: never)")
	f.DurationVar(&o.maxTime, "max-time", o.maxTime, "absolute cap on a connection's length (0: none)")
	f.IntVar(&o.maxSessions, "max-sessions", o.maxSessions, "refuse sessions beyond this many at once (0: no limit)")
	f.Var(&o.logins, "login-attempts", "login attempts allowed per source address, e.g. 10/min")
	f.Var(&o.connects, "connect-rate", "new sessions allowed per source address, e.g. 30/min")
	f.DurationVar(&o.grace, "shutdown-grace", o.grace, "on SIGINT/SIGTERM, wait this long for sessions and procedures to end before closing them")
	f.DurationVar(&o.handshake, "handshake-timeout", o.handshake, "close a connection that has not completed the SSH handshake after this long")
	f.DurationVar(&o.sessionWait, "session-timeout", o.sessionWait, "close a connection that opens no session this long after its handshake or its last session")
	f.IntVar(&o.perAddr, "max-per-address", o.perAddr, "refuse connections beyond this many at once from one source address (0: no limit)")
	f.IntVar(&o.maxPending, "max-pending", o.maxPending, "at most this many connections at once that hold no session (handshake pending or no session yet), from all addresses: a new one closes the longest waiting of those that got least far in their handshake (0: no limit)")
	f.IntVar(&o.maxConns, "max-connections", o.maxConns, "refuse connections beyond this many at once in all, within the open-file limit (default --max-sessions + --max-pending, or the open-file limit when either is 0)")
	addThrottleFlags(cmd, g)
	return cmd
}

// portal is the SSH server of the portal with its connection limits and sessions.
type portal struct {
	srv   *ssh.Server
	app   *sshApp
	svc   *core.Service
	log   *slog.Logger
	grace time.Duration
	conns *connLimiter
}

// connKey keeps a connection's *trackedConn in its SSH context.
type connKey struct{}

// newPortal builds the server; the caller listens and calls Serve.
func newPortal(svc *core.Service, lang string, o serveOptions) (*portal, error) {
	if o.log == nil {
		o.log = slog.Default()
	}
	app := &sshApp{svc: svc, lang: lang, idle: o.idle, logins: newLimiter(o.logins), log: o.log,
		live: newSessions()}
	srv, err := wish.NewServer(
		wish.WithAddress(o.addr),
		wish.WithHostKeyPath(o.hostKey),
		wish.WithMaxTimeout(o.maxTime),
		wish.WithMiddleware(
			// Listed innermost first: the last one runs first. A refused
			// session logs its refusal alone, not a start and an end.
			recover.Middleware(app.serveProgram),
			logSessions(o.log),
			refuseWithoutTerminal(lang, o.log),
			refuseCommands(lang, o.log),
			limitSessions(lang, o.maxSessions, o.log),
			limitConnects(lang, newLimiter(o.connects), o.log),
		),
	)
	if err != nil {
		return nil, err
	}
	srv.ConnCallback = func(ctx ssh.Context, c net.Conn) net.Conn {
		if tc, ok := c.(*trackedConn); ok {
			ctx.SetValue(connKey{}, tc)
		}
		return c
	}
	srv.ServerConfigCallback = func(ctx ssh.Context) *gossh.ServerConfig {
		tc, _ := ctx.Value(connKey{}).(*trackedConn)
		return &gossh.ServerConfig{
			// There is no SSH authentication: "none" is the handshake's last step.
			NoClientAuthCallback: func(gossh.ConnMetadata) (*gossh.Permissions, error) {
				if tc != nil {
					tc.handshakeDone()
				}
				return &gossh.Permissions{}, nil
			},
		}
	}
	return &portal{srv: srv, app: app, svc: svc, log: o.log, grace: o.grace,
		conns: &connLimiter{perAddr: o.perAddr, maxPending: o.maxPending, maxConns: o.maxConns, handshake: o.handshake, sessionWait: o.sessionWait, log: o.log,
			logged: newLimiter(rate{n: 10, per: time.Minute}),
			byHost: map[string]int{}, conns: map[*trackedConn]struct{}{}}}, nil
}

// Serve accepts connections on ln until Shutdown or Close.
func (p *portal) Serve(ln net.Listener) error {
	p.conns.mu.Lock()
	p.conns.Listener = ln
	p.conns.mu.Unlock()
	return p.srv.Serve(p.conns)
}

// Shutdown is what SIGINT and SIGTERM do: stop accepting, tell every session
// (each is logged out and ends), let the procedures in flight finish, then close
// what is left; all within the grace period.
func (p *portal) Shutdown() {
	ctx, cancel := context.WithTimeout(context.Background(), p.grace)
	defer cancel()
	// ssh.Server.Shutdown closes the listeners first; with an ended context it
	// returns at once instead of waiting for the connections, which end below.
	now, end := context.WithCancel(context.Background())
	end()
	_ = p.srv.Shutdown(now)
	procedures := make(chan error, 1)
	go func() { procedures <- p.svc.Stop(ctx) }()
	n := p.app.live.count()
	p.log.Info("shutting down", "sessions", n, "grace", p.grace)
	select {
	case <-p.app.live.stop():
	case <-ctx.Done():
		p.log.Warn("sessions still open after the grace period are closed", "sessions", p.app.live.count())
	}
	if err := <-procedures; err != nil {
		p.log.Warn("procedures still running after the grace period", "err", err)
	}
	_ = p.srv.Close()
	p.conns.closeAll()
}

// Close ends everything at once.
func (p *portal) Close() error {
	err := p.srv.Close()
	p.conns.closeAll()
	return err
}

// sshApp makes one portal program per SSH session.
type sshApp struct {
	svc    *core.Service
	lang   string
	idle   time.Duration
	logins *limiter
	log    *slog.Logger
	live   *sessions
}

// program makes the session's program and returns its App too, so that the
// session closes the App whatever the program's Run returns (a program that
// panicked returns no model).
func (a *sshApp) program(sess ssh.Session) (*paint.Program, *tui.App) {
	r := sessionRenderer(sess)
	pty, _, _ := sess.Pty()
	m := tui.New(tui.Options{
		Service:     a.svc,
		Renderer:    r,
		Lang:        a.lang,
		Source:      "ssh " + sess.RemoteAddr().String(),
		IdleTimeout: a.idle,
		LoginGate:   a.logins.Gate(hostOf(sess.RemoteAddr())),
		LoginRefund: func() { a.logins.Refund(hostOf(sess.RemoteAddr())) },
		Logger:      a.log,
		Width:       pty.Window.Width,
		Height:      pty.Window.Height,
	})
	opts := append(bm.MakeOptions(sess),
		tea.WithoutSignalHandler(),
		tea.WithContext(sess.Context()),
	)
	p := paint.NewProgram(m, sess, sess, opts...)
	p.Size(pty.Window.Width, pty.Window.Height)
	return p, m
}

// sessionRenderer is the session's renderer, from what the client announced
// alone: its profile from NO_COLOR, COLORTERM and its terminal type, its
// background from COLORFGBG (dark when not sent). The terminal is never
// queried: a client that does not answer would keep the first screen waiting
// until its first key, and that key would be taken as the answer.
func sessionRenderer(sess ssh.Session) *lipgloss.Renderer {
	pty, _, _ := sess.Pty()
	env := sess.Environ()
	profile := sshProfile(env, pty.Term)
	// Not a file: termenv sees no terminal and asks it nothing.
	r := lipgloss.NewRenderer(sess, termenv.WithProfile(profile), termenv.WithColorCache(true))
	r.SetColorProfile(profile)
	r.SetHasDarkBackground(darkBackground(env))
	return r
}

// darkBackground tells from COLORFGBG ("fg;bg" or "fg;default;bg", as rxvt and
// others send it) whether the background is dark; without it, dark, as most
// terminals are.
func darkBackground(environ []string) bool {
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k != "COLORFGBG" {
			continue
		}
		parts := strings.Split(v, ";")
		bg, err := strconv.Atoi(parts[len(parts)-1])
		if err != nil || bg < 0 || bg > 15 {
			return true
		}
		// Of the 16 colours, white (7) and the bright ones (9-15) are light; grey (8) is dark.
		return bg != 7 && bg < 9
	}
	return true
}

// serveProgram runs the session's program, passing window changes on; during a
// shutdown it refuses new sessions and, once the program ended, leaves the
// shutdown message on the terminal.
func (a *sshApp) serveProgram(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		_, windows, ok := sess.Pty()
		if !ok {
			wish.Fatalln(sess, i18n.New(a.lang).T("serve.refused.pty"))
			return
		}
		shutdownText := i18n.New(a.lang).T("app.shutdown")
		p, app := a.program(sess)
		// A connection that ended, or a program that failed, leaves nothing
		// waiting in the service (the session's end watch).
		defer app.Close()
		if !a.live.add(p.Program) {
			wish.Fatalln(sess, shutdownText)
			return
		}
		defer a.live.remove(p.Program)
		ctx, cancel := context.WithCancel(sess.Context())
		defer cancel()
		go func() {
			for {
				select {
				case <-ctx.Done():
					p.Quit()
					return
				case w := <-windows:
					p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
				}
			}
		}()
		_, err := p.Run()
		p.Kill()
		app.Close() // at once, not after next: nothing of the session outlives its program
		addr := sess.RemoteAddr().String()
		switch {
		case err == nil:
		case sess.Context().Err() != nil:
			// The session ended under the program (the client closed, --max-time,
			// the shutdown): whatever Run says of it, a normal end.
			a.log.Debug("session closed", "addr", addr, "err", err)
		default:
			a.log.Error("session program failed", "addr", addr, "err", err)
		}
		if a.live.stopping() && sess.Context().Err() == nil {
			// The alternate screen is gone: say it again where it stays visible.
			fmt.Fprint(sess, "\r\n"+shutdownText+"\r\n")
		}
		next(sess)
	}
}

// sessions are the programs running, so that a shutdown can reach each one.
type sessions struct {
	mu     sync.Mutex
	progs  map[*tea.Program]struct{}
	closed bool
	empty  chan struct{} // closed when the last program ends after stop
}

func newSessions() *sessions { return &sessions{progs: map[*tea.Program]struct{}{}} }

// add registers a program; false once the portal shuts down.
func (s *sessions) add(p *tea.Program) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.progs[p] = struct{}{}
	return true
}

func (s *sessions) remove(p *tea.Program) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.progs, p)
	if len(s.progs) == 0 && s.empty != nil {
		close(s.empty)
		s.empty = nil
	}
}

func (s *sessions) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.progs)
}

func (s *sessions) stopping() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// stop refuses new programs, sends the shutdown message to every running one
// and returns a channel closed when all have ended.
func (s *sessions) stop() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	done := make(chan struct{})
	if len(s.progs) == 0 {
		close(done)
		return done
	}
	s.empty = done
	for p := range s.progs {
		go p.Send(tui.ShutdownMsg{})
	}
	return done
}

// hostOf is the source address without its port.
func hostOf(addr net.Addr) string {
	if host, _, err := net.SplitHostPort(addr.String()); err == nil {
		return host
	}
	return addr.String()
}

// logSessions logs each session's start and end with its source address.
func logSessions(log *slog.Logger) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(s ssh.Session) {
			addr := s.RemoteAddr().String()
			if tc, ok := s.Context().Value(connKey{}).(*trackedConn); ok {
				tc.sessionStarted()
				defer tc.sessionEnded()
			}
			pty, _, hasPty := s.Pty()
			log.Info("session start", "addr", addr, "term", pty.Term, "pty", hasPty)
			begin := time.Now()
			next(s)
			log.Info("session end", "addr", addr, "duration", time.Since(begin).Round(time.Second))
		}
	}
}

// refuse ends a session the portal does not serve: the client is told why in
// the server's language (key of the catalog) and one line is logged, at level,
// with the reason and the address.
func refuse(s ssh.Session, lang string, log *slog.Logger, level slog.Level, reason, key string, attrs ...any) {
	log.Log(s.Context(), level, "session refused", append([]any{"reason", reason, "addr", s.RemoteAddr().String()}, attrs...)...)
	wish.Fatalln(s, i18n.New(lang).T(key))
}

// refuseCommands ends sessions that ask to run a command: the portal is the only thing served.
func refuseCommands(lang string, log *slog.Logger) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(s ssh.Session) {
			if len(s.Command()) > 0 {
				refuse(s, lang, log, slog.LevelInfo, "command", "serve.refused.command")
				return
			}
			next(s)
		}
	}
}

// refuseWithoutTerminal ends sessions without a PTY: the portal is a screen.
func refuseWithoutTerminal(lang string, log *slog.Logger) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(s ssh.Session) {
			if _, _, ok := s.Pty(); !ok {
				refuse(s, lang, log, slog.LevelInfo, "no terminal", "serve.refused.pty")
				return
			}
			next(s)
		}
	}
}

// limitSessions refuses a session while max others are open.
func limitSessions(lang string, max int, log *slog.Logger) wish.Middleware {
	var active atomic.Int64
	return func(next ssh.Handler) ssh.Handler {
		return func(s ssh.Session) {
			n := active.Add(1)
			defer active.Add(-1)
			if max > 0 && n > int64(max) {
				refuse(s, lang, log, slog.LevelWarn, "--max-sessions reached", "serve.refused.sessions", "max", max)
				return
			}
			next(s)
		}
	}
}

// limitConnects refuses sessions from a source address that opens them too fast.
func limitConnects(lang string, l *limiter, log *slog.Logger) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(s ssh.Session) {
			if !l.Allow(hostOf(s.RemoteAddr())) {
				refuse(s, lang, log, slog.LevelWarn, "--connect-rate exceeded", "serve.refused.rate")
				return
			}
			next(s)
		}
	}
}
