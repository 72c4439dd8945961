package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/charmbracelet/wish/activeterm"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/charmbracelet/wish/logging"
	"github.com/charmbracelet/wish/recover"
	"github.com/muesli/termenv"
	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"

	"mypage/core"
	"mypage/tui"
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
}

func newServeCmd(g *globals) *cobra.Command {
	o := serveOptions{logins: rate{n: 10, per: time.Minute}, connects: rate{n: 30, per: time.Minute}}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the portal over SSH: one program per connection, login inside the portal",
		Long: "serve runs an SSH server; every connection gets its own portal program. There is no\n" +
			"SSH authentication: members log in inside the portal. Commands (ssh host CMD) and\n" +
			"sessions without a terminal are refused. The host key file is created once and kept.\n" +
			"SIGINT or SIGTERM stops accepting connections and ends open ones after --shutdown-grace.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
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
			srv, err := newSSHServer(svc, g.lang, o)
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", o.addr)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "mypage: serving %s on %s\n", db.Path(), ln.Addr())
			fmt.Fprintf(out, "host key %s %s\n", o.hostKey, gossh.FingerprintSHA256(srv.HostSigners[0].PublicKey()))

			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			served := make(chan error, 1)
			go func() { served <- srv.Serve(ln) }()
			select {
			case err := <-served:
				return err
			case <-ctx.Done():
			}
			fmt.Fprintln(out, "mypage: shutting down")
			sctx, cancel := context.WithTimeout(context.Background(), o.grace)
			defer cancel()
			if err := srv.Shutdown(sctx); err != nil {
				_ = srv.Close()
			}
			if err := <-served; err != nil && !errors.Is(err, ssh.ErrServerClosed) {
				return err
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:2222", "listen on this `HOST:PORT`")
	f.StringVar(&o.hostKey, "host-key", "", "host key `FILE`, created once if missing (default ssh_host_ed25519 in the data directory)")
	f.DurationVar(&o.idle, "idle", 10*time.Minute, "end a session after this long without input (0: never)")
	f.DurationVar(&o.maxTime, "max-time", 8*time.Hour, "absolute cap on a connection's length (0: none)")
	f.IntVar(&o.maxSessions, "max-sessions", 50, "refuse sessions beyond this many at once (0: no limit)")
	f.Var(&o.logins, "login-attempts", "login attempts allowed per source address, e.g. 10/min")
	f.Var(&o.connects, "connect-rate", "new sessions allowed per source address, e.g. 30/min")
	f.DurationVar(&o.grace, "shutdown-grace", 10*time.Second, "on SIGINT/SIGTERM, wait this long for sessions to end before closing them")
	return cmd
}

// newSSHServer builds the wish server; the caller listens and serves.
func newSSHServer(svc *core.Service, lang string, o serveOptions) (*ssh.Server, error) {
	app := &sshApp{svc: svc, lang: lang, idle: o.idle, logins: newLimiter(o.logins)}
	return wish.NewServer(
		wish.WithAddress(o.addr),
		wish.WithHostKeyPath(o.hostKey),
		wish.WithMaxTimeout(o.maxTime),
		wish.WithMiddleware(
			// Listed innermost first: the last one runs first.
			recover.Middleware(
				bm.MiddlewareWithProgramHandler(app.program, termenv.Ascii),
				activeterm.Middleware(),
				refuseCommands(lang),
				limitSessions(lang, o.maxSessions),
				limitConnects(lang, newLimiter(o.connects)),
			),
			logging.Middleware(),
		),
	)
}

// sshApp makes one portal program per SSH session.
type sshApp struct {
	svc    *core.Service
	lang   string
	idle   time.Duration
	logins *limiter
}

func (a *sshApp) program(sess ssh.Session) *tea.Program {
	r := bm.MakeRenderer(sess)
	// SSH clients rarely announce truecolor; settle on 256 colours unless they do.
	if pty, _, _ := sess.Pty(); pty.Term != "dumb" && r.ColorProfile() != termenv.TrueColor {
		r.SetColorProfile(termenv.ANSI256)
	}
	m := tui.New(tui.Options{
		Service:     a.svc,
		Renderer:    r,
		Lang:        a.lang,
		Source:      "ssh " + sess.RemoteAddr().String(),
		IdleTimeout: a.idle,
		LoginGate:   a.logins.Gate(hostOf(sess.RemoteAddr())),
	})
	opts := append(bm.MakeOptions(sess),
		tea.WithAltScreen(),
		tea.WithoutSignalHandler(),
		tea.WithContext(sess.Context()),
	)
	return tea.NewProgram(m, opts...)
}

// hostOf is the source address without its port.
func hostOf(addr net.Addr) string {
	if host, _, err := net.SplitHostPort(addr.String()); err == nil {
		return host
	}
	return addr.String()
}

// say picks the message of the server's language.
func say(lang, ja, en string) string {
	if lang == "en" {
		return en
	}
	return ja
}

// refuseCommands ends sessions that ask to run a command: the portal is the only thing served.
func refuseCommands(lang string) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(s ssh.Session) {
			if len(s.Command()) > 0 {
				wish.Fatalln(s, say(lang, "コマンドは実行できません。コマンドを付けずに接続してください。",
					"commands are not supported; connect without a command"))
				return
			}
			next(s)
		}
	}
}

// limitSessions refuses a session while max others are open.
func limitSessions(lang string, max int) wish.Middleware {
	var active atomic.Int64
	return func(next ssh.Handler) ssh.Handler {
		return func(s ssh.Session) {
			n := active.Add(1)
			defer active.Add(-1)
			if max > 0 && n > int64(max) {
				wish.Fatalln(s, say(lang, "ただいま混み合っています。しばらくしてから接続してください。",
					"too many sessions; please try again later"))
				return
			}
			next(s)
		}
	}
}

// limitConnects refuses sessions from a source address that opens them too fast.
func limitConnects(lang string, l *limiter) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(s ssh.Session) {
			if !l.Allow(hostOf(s.RemoteAddr())) {
				wish.Fatalln(s, say(lang, "接続が多すぎます。しばらくしてから接続してください。",
					"too many connections; please try again later"))
				return
			}
			next(s)
		}
	}
}
