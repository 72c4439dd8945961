package main

import (
	"io"
	"strings"
	"testing"
	"time"
)

// A terminal that answers no query gets the login screen without typing
// anything, and its first key reaches the field instead of being taken as an
// answer.
func TestSSHFirstScreenWithoutAnswers(t *testing.T) {
	srv := startPortal(t, nil)
	s := startShell(t, dial(t, srv.addr), "xterm-256color", nil)
	waitFor(t, "the login screen without a key", func() bool { return strings.Contains(s.out.String(), "ログイン") || s.ended() })
	if s.ended() {
		t.Fatalf("session ended before the login screen: %v\n%s%s", s.err, s.out, s.errOut)
	}
	if out := s.out.String(); strings.Contains(out, "\x1b]11;?") || strings.Contains(out, "\x1b[c") {
		t.Errorf("the terminal was queried: %q", out)
	}
	if _, err := io.WriteString(s.stdin, "4815"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the first keys in the field", func() bool { return strings.Contains(s.out.String(), "4815") || s.ended() })
	if s.ended() {
		t.Fatalf("session ended after the first keys: %v", s.err)
	}
}

// The background comes from COLORFGBG when the client sends it, else dark.
func TestDarkBackground(t *testing.T) {
	for _, c := range []struct {
		env  []string
		dark bool
	}{
		{nil, true},
		{[]string{"LANG=ja_JP.UTF-8"}, true},
		{[]string{"COLORFGBG=15;0"}, true},
		{[]string{"COLORFGBG=0;15"}, false},
		{[]string{"COLORFGBG=0;7"}, false},
		{[]string{"COLORFGBG=7;8"}, true},
		{[]string{"COLORFGBG=0;default;15"}, false},
		{[]string{"COLORFGBG=garbage"}, true},
	} {
		if got := darkBackground(c.env); got != c.dark {
			t.Errorf("darkBackground(%q) = %v, want %v", c.env, got, c.dark)
		}
	}
}

// The first screen is painted once, at the PTY's size: the program's first
// size message, the same, repaints nothing.
func TestSSHFirstScreenPaintedOnce(t *testing.T) {
	srv := startPortal(t, nil)
	for range 10 {
		s := openShell(t, dial(t, srv.addr))
		waitFor(t, "the login screen", func() bool { return strings.Contains(s.out.String(), "ログイン") || s.ended() })
		// Until nothing more comes for a while: a second paint would follow at once.
		for n := -1; n != s.out.Len(); {
			n = s.out.Len()
			time.Sleep(100 * time.Millisecond)
		}
		if n := strings.Count(s.out.String(), "\x1b[2J"); n != 1 {
			t.Fatalf("the first screen was erased %d times: %q", n, s.out.String())
		}
		s.sess.Close()
	}
}
