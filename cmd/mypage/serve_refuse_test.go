package main

import (
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"mypage/tui/i18n"
)

// Every refusal of a session tells the client why in the server's language,
// ends it with exit status 1 and logs one line with its reason and address,
// and nothing else about that session.
func TestSSHRefusalsSaidAndLogged(t *testing.T) {
	cases := []struct {
		name, reason, key, level string
		mod                      func(*serveOptions)
		admitted                 int // sessions admitted before the refused one
		refused                  func(t *testing.T, addr string) (said string, exit error)
	}{
		{"command", "reason=command", "serve.refused.command", "level=INFO", nil, 0,
			func(t *testing.T, addr string) (string, error) {
				sess, err := dial(t, addr).NewSession()
				if err != nil {
					t.Fatal(err)
				}
				var errOut buffer
				sess.Stderr = &errOut
				err = sess.Run("cat /etc/passwd")
				return errOut.String(), err
			}},
		{"no terminal", `reason="no terminal"`, "serve.refused.pty", "level=INFO", nil, 0,
			func(t *testing.T, addr string) (string, error) {
				sess, err := dial(t, addr).NewSession()
				if err != nil {
					t.Fatal(err)
				}
				var errOut buffer
				sess.Stderr = &errOut
				if err := sess.Shell(); err != nil {
					t.Fatal(err)
				}
				err = sess.Wait()
				return errOut.String(), err
			}},
		{"max sessions", `reason="--max-sessions reached"`, "serve.refused.sessions", "level=WARN",
			func(o *serveOptions) { o.maxSessions = 1 }, 1, refusedShell},
		{"connect rate", `reason="--connect-rate exceeded"`, "serve.refused.rate", "level=WARN",
			func(o *serveOptions) { o.connects = rate{n: 1, per: time.Hour} }, 1, refusedShell},
	}
	for _, lang := range []string{"ja", "en"} {
		for _, c := range cases {
			t.Run(lang+"/"+c.name, func(t *testing.T) {
				logs := &buffer{}
				srv := startPortalIn(t, lang, func(o *serveOptions) {
					if c.mod != nil {
						c.mod(o)
					}
					o.log = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
				})
				for range c.admitted {
					s := openShell(t, dial(t, srv.addr))
					waitFor(t, "an admitted session", func() bool { return strings.Contains(s.out.String(), "\x1b[?1049h") || s.ended() })
					if s.ended() {
						t.Fatalf("the admitted session ended: %v", s.err)
					}
				}
				said, err := c.refused(t, srv.addr)
				var exit *gossh.ExitError
				if !errors.As(err, &exit) || exit.ExitStatus() != 1 {
					t.Errorf("err = %v, want exit status 1", err)
				}
				if want := i18n.New(lang).T(c.key); !strings.Contains(said, want) {
					t.Errorf("the client was told %q, want %q", said, want)
				}
				var refusals []string
				for _, line := range strings.Split(logs.String(), "\n") {
					if strings.Contains(line, "session refused") {
						refusals = append(refusals, line)
					}
				}
				if len(refusals) != 1 {
					t.Fatalf("%d refusal lines, want 1:\n%s", len(refusals), logs)
				}
				for _, want := range []string{c.level, c.reason, "addr=127.0.0.1:"} {
					if !strings.Contains(refusals[0], want) {
						t.Errorf("the refusal line %q lacks %s", refusals[0], want)
					}
				}
				if n := strings.Count(logs.String(), "session start"); n != c.admitted {
					t.Errorf("%d session starts logged, want %d (a refused session logs its refusal only):\n%s", n, c.admitted, logs)
				}
				if strings.Contains(logs.String(), "level=ERROR") {
					t.Errorf("an error was logged:\n%s", logs)
				}
			})
		}
	}
}

// refusedShell opens a session with a terminal that the portal refuses.
func refusedShell(t *testing.T, addr string) (string, error) {
	s := openShell(t, dial(t, addr))
	waitFor(t, "the refusal", s.ended)
	return s.errOut.String() + s.out.String(), s.err
}
