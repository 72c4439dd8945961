package postgres

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/url"
	"sync/atomic"
	"testing"

	"mypage/core"
	"mypage/store/pgtest"
)

// lostCommitProxy forwards to target; once armed, when the client sends a simple query
// "commit", it forwards it, then drops the client without the server's answer.
func lostCommitProxy(t *testing.T, target string, armed *atomic.Bool) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			var drop atomic.Bool
			go func() {
				buf := make([]byte, 1<<16)
				for {
					n, err := s.Read(buf)
					if n > 0 && !drop.Load() {
						c.Write(buf[:n])
					}
					if err != nil || drop.Load() {
						c.Close()
						return
					}
				}
			}()
			go func() {
				buf := make([]byte, 1<<16)
				for {
					n, err := c.Read(buf)
					if n > 0 {
						if armed.Load() && buf[0] == 'Q' && bytes.Contains(bytes.ToLower(buf[:n]), []byte("commit")) {
							drop.Store(true)
							s.Write(buf[:n])
							c.Close()
							return
						}
						s.Write(buf[:n])
					}
					if err != nil {
						s.Close()
						io.Copy(io.Discard, c)
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().String()
}

// A commit whose answer is lost may have happened: it is reported as not
// confirmed (never as "nothing was done"), and not run again.
func TestLostCommitIsNotConfirmed(t *testing.T) {
	u := pgtest.URL(t)
	pu, _ := url.Parse(u)
	var armed atomic.Bool
	pu.Host = lostCommitProxy(t, pu.Host, &armed)
	db := open(t, pu.String(), Options{})
	armed.Store(true)
	runs := 0
	err := db.Update(func(tx core.Tx) error {
		runs++
		return tx.Put("settings", "k", "v")
	})
	armed.Store(false)
	var got string
	if gerr := db.View(func(tx core.Tx) error { return tx.Get("settings", "k", &got) }); gerr != nil {
		t.Fatalf("View: %v", gerr)
	}
	if got != "v" || runs != 1 {
		t.Fatalf("the commit was not made once: %q, %d runs", got, runs)
	}
	if !errors.Is(err, core.ErrCommitUnknown) || errors.Is(err, core.ErrUnavailable) {
		t.Errorf("a commit made but not confirmed says %v", err)
	}
}
