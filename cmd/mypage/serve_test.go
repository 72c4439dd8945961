package main

import (
	"bytes"
	"errors"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"mypage/core"
	"mypage/store"
)

// startServer serves a seeded demo database on a free local port and returns its address.
func startServer(t *testing.T, maxSessions int) string {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "serve.db"), store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc := core.NewService(db, baseConfig())
	if _, err := svc.SeedDemo(core.Operator("test")); err != nil {
		t.Fatal(err)
	}
	srv, err := newSSHServer(svc, "ja", serveOptions{
		addr:        "127.0.0.1:0",
		hostKey:     filepath.Join(dir, "host_ed25519"),
		idle:        10 * time.Minute,
		maxTime:     time.Hour,
		maxSessions: maxSessions,
		logins:      rate{n: 10, per: time.Minute},
		connects:    rate{n: 100, per: time.Minute},
	})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().String()
}

func dial(t *testing.T, addr string) *gossh.Client {
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
	out    *buffer
	errOut *buffer
	done   chan struct{} // closed when the session has ended
	err    error         // how it ended, once done is closed
}

// openShell opens a session with a terminal and starts the shell, i.e. the portal.
func openShell(t *testing.T, c *gossh.Client) *shell {
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
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{gossh.ECHO: 0}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.err = sess.Wait()
		close(s.done)
	}()
	go s.answerQueries(stdin)
	return s
}

// answerQueries answers the background colour and device attributes queries
// that the server sends before the program starts, as a terminal does.
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
