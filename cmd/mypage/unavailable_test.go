package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"

	"mypage/core"
	"mypage/store/pgtest"
	"mypage/store/postgres"
)

// cable is a TCP proxy to a database server that the test can pull out and
// plug in again on the same address, as a network or a server that goes away.
type cable struct {
	t      *testing.T
	addr   string // where the portal connects
	to     string // the server
	mu     sync.Mutex
	ln     net.Listener
	conns  map[net.Conn]struct{}
	closed bool
}

func newCable(t *testing.T, to string) *cable {
	c := &cable{t: t, to: to, conns: map[net.Conn]struct{}{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c.addr = ln.Addr().String()
	c.serve(ln)
	t.Cleanup(func() { c.pull(); c.mu.Lock(); c.closed = true; c.mu.Unlock() })
	return c
}

func (c *cable) serve(ln net.Listener) {
	c.mu.Lock()
	c.ln = ln
	c.mu.Unlock()
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", c.to)
			if err != nil {
				in.Close()
				continue
			}
			c.mu.Lock()
			c.conns[in], c.conns[out] = struct{}{}, struct{}{}
			c.mu.Unlock()
			go func() { _, _ = io.Copy(out, in); out.Close() }()
			go func() { _, _ = io.Copy(in, out); in.Close() }()
		}
	}()
}

// pull closes the listener and every connection through it.
func (c *cable) pull() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ln != nil {
		c.ln.Close()
		c.ln = nil
	}
	for conn := range c.conns {
		conn.Close()
	}
	clear(c.conns)
}

// plug listens again on the same address.
func (c *cable) plug() {
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		c.t.Fatal(err)
	}
	c.serve(ln)
}

// through is url with its host and port replaced by the cable's.
func (c *cable) through(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		c.t.Fatal(err)
	}
	u.Host = c.addr
	return u.String()
}

// issue 13 point 2: a database that goes away while serve runs. A login on
// either screen then says the database cannot be reached, the session stays,
// the portal does not crash; once it is back the same session logs in.
func TestServeDatabaseGoesAwayAndReturns(t *testing.T) {
	raw := pgtest.URL(t)
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	c := newCable(t, u.Host)
	db, err := postgres.Open(context.Background(), c.through(raw), postgres.Options{MaxConns: 4, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc := core.NewService(db, baseConfig())
	logins, err := svc.SeedDemo(core.Operator("test"))
	if err != nil {
		t.Fatal(err)
	}
	srv := servePortal(t, svc, logins, "ja", nil)
	l := logins[0]

	s := openShell(t, dial(t, srv.addr))
	waitFor(t, "the login screen", func() bool { return strings.Contains(s.out.String(), "ログイン") || s.ended() })
	c.pull()
	from := s.out.Len()
	if _, err := io.WriteString(s.stdin, l.Login+"\r"+l.Password+"\r"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the message that the database cannot be reached", func() bool {
		return strings.Contains(s.out.String()[from:], "ただいまデータベースに接続できません") || s.ended()
	})
	if s.ended() {
		t.Fatalf("the session ended: %v\n%s", s.err, s.errOut)
	}

	c.plug()
	from = s.out.Len()
	// The screen cleared the password; the ID stays as typed.
	if _, err := io.WriteString(s.stdin, l.Password+"\r"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the login once the database is back", func() bool {
		return strings.Contains(s.out.String()[from:], "ログアウト") || s.ended()
	})
	if s.ended() {
		t.Fatalf("the session ended: %v\n%s", s.err, s.errOut)
	}
}

// A database that is down at start-up: one line naming it (without its
// password) and exit status 1, for every command.
func TestDatabaseDownAtStart(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	url := "postgres://mypage:s3cret-pw@" + addr + "/mypage?sslmode=disable"
	for _, args := range [][]string{{"admin", "check"}, {"admin", "notice", "list"}, {"serve", "--addr", "127.0.0.1:0"}} {
		root := newRootCmd()
		var out, errOut strings.Builder
		t.Setenv("XDG_DATA_HOME", t.TempDir())
		root.SetArgs(append([]string{"--db", url, "--db-connect-timeout", "1s"}, args...))
		root.SetOut(&out)
		root.SetErr(&errOut)
		root.SetIn(strings.NewReader(""))
		code := execute(root)
		msg := errOut.String()
		if code != 1 {
			t.Errorf("%v: exit status %d, want 1", args, code)
		}
		if !strings.Contains(msg, "database postgres://mypage@"+addr+"/mypage") || !strings.Contains(msg, "cannot be reached (connection refused)") {
			t.Errorf("%v: the message does not name the database and say it cannot be reached:\n%s", args, msg)
		}
		if strings.Contains(msg+out.String(), "s3cret-pw") {
			t.Errorf("%v: the password is printed:\n%s", args, msg)
		}
		// The log holds the driver's error; the command's own message is one line.
		if n := strings.Count(msg, "mypage: "); n != 1 || !strings.HasPrefix(lastLine(msg), "mypage: database ") {
			t.Errorf("%v: the message is not one last line:\n%s", args, msg)
		}
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// A server that answers and refuses (no such database) is told in one line
// with its own reason, not the driver's attempts one per line.
func TestDatabaseRefusesAtStart(t *testing.T) {
	u, err := url.Parse(pgtest.ServerURL(t))
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/nosuchdb"
	root := newRootCmd()
	var out, errOut strings.Builder
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	root.SetArgs([]string{"--db", u.String(), "admin", "check"})
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetIn(strings.NewReader(""))
	if code := execute(root); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	msg := lastLine(errOut.String())
	if !strings.HasPrefix(msg, "mypage: database ") || !strings.Contains(msg, `refused the connection: database "nosuchdb" does not exist (SQLSTATE 3D000)`) {
		t.Errorf("the last line does not say why in one line:\n%s", errOut.String())
	}
	if strings.Count(errOut.String(), "mypage: ") != 1 {
		t.Errorf("more than the one line of the command:\n%s", errOut.String())
	}
}
