package main

import (
	"log/slog"
	"regexp"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// openShellWith opens a session with a terminal of the given type, after sending
// the environment variables env, and starts the portal.
func openShellWith(t *testing.T, c *gossh.Client, term string, env map[string]string) *shell {
	t.Helper()
	s := startShell(t, c, term, env)
	go s.answerQueries(s.stdin)
	return s
}

// startShell is openShellWith for a terminal that answers no query.
func startShell(t testing.TB, c *gossh.Client, term string, env map[string]string) *shell {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close() })
	s := &shell{sess: sess, out: &buffer{}, errOut: &buffer{}, done: make(chan struct{})}
	sess.Stdout, sess.Stderr = s.out, s.errOut
	stdin, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	s.stdin = stdin
	for k, v := range env {
		if err := sess.Setenv(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := sess.RequestPty(term, 24, 80, gossh.TerminalModes{gossh.ECHO: 0}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.err = sess.Wait()
		close(s.done)
	}()
	return s
}

// sgrColour is a colour escape of any profile: 16 colours, 256 or 24-bit.
var sgrColour = regexp.MustCompile(`\x1b\[[0-9;]*(3[0-9]|4[0-9]|9[0-7]|10[0-7])m|\x1b\[[0-9;]*[34]8;[25];`)

// Over SSH the client's colour profile is honoured: NO_COLOR and a plain
// terminal get the login screen without colour, any other client in colour.
func TestSSHColourProfile(t *testing.T) {
	srv := startPortal(t, nil)
	for _, c := range []struct {
		name   string
		term   string
		env    map[string]string
		colour bool
	}{
		{"xterm-256color", "xterm-256color", nil, true},
		{"NO_COLOR", "xterm-256color", map[string]string{"NO_COLOR": "1"}, false},
		{"dumb", "dumb", nil, false},
		{"vt100", "vt100", nil, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := openShellWith(t, dial(t, srv.addr), c.term, c.env)
			waitFor(t, "the login screen", func() bool { return strings.Contains(s.out.String(), "ログイン") || s.ended() })
			waitFor(t, "the whole first screen", func() bool { return strings.Contains(s.out.String(), "登録証") || s.ended() })
			if got := sgrColour.MatchString(s.out.String()); got != c.colour {
				t.Errorf("colour on the screen = %v, want %v:\n%q", got, c.colour, s.out.String())
			}
		})
	}
}

// serve logs one line when a connection opens and one when it closes, with the
// source address and, on close, how long it lasted.
func TestSSHLogsConnections(t *testing.T) {
	logs := &buffer{}
	srv := startPortal(t, func(o *serveOptions) {
		o.log = slog.New(slog.NewTextHandler(logs, nil))
	})
	c := dial(t, srv.addr)
	local := c.LocalAddr().String()
	s := openShell(t, c)
	waitFor(t, "the login screen", func() bool { return strings.Contains(s.out.String(), "ログイン") || s.ended() })
	c.Close()
	waitFor(t, "the close of the connection", func() bool { return strings.Contains(logs.String(), "connection closed") })
	var opened, closed []string
	for _, l := range strings.Split(logs.String(), "\n") {
		if !strings.Contains(l, "addr="+local) {
			continue
		}
		switch {
		case strings.Contains(l, `msg="connection opened"`):
			opened = append(opened, l)
		case strings.Contains(l, `msg="connection closed"`):
			closed = append(closed, l)
		}
	}
	if len(opened) != 1 || len(closed) != 1 {
		t.Fatalf("%d lines of the opening and %d of the close of %s, want 1 each:\n%s", len(opened), len(closed), local, logs)
	}
	if !regexp.MustCompile(`duration=\S+`).MatchString(closed[0]) {
		t.Errorf("the close does not say how long the connection lasted: %s", closed[0])
	}
}
