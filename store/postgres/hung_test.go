package postgres

import (
	"context"
	"errors"
	"io"
	"net"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"mypage/core"
	"mypage/store/pgtest"
)

// freezeProxy forwards to target until frozen; then it forwards nothing and
// answers nothing, as a server that hangs (SIGSTOP, a dead host).
func freezeProxy(t *testing.T, target string, frozen *atomic.Bool) string {
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
			if frozen.Load() {
				go func() { io.Copy(io.Discard, c) }()
				continue
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			pipe := func(dst, src net.Conn) {
				buf := make([]byte, 1<<16)
				for {
					n, err := src.Read(buf)
					if err != nil {
						return
					}
					if !frozen.Load() {
						dst.Write(buf[:n])
					}
				}
			}
			go pipe(s, c)
			go pipe(c, s)
		}
	}()
	return ln.Addr().String()
}

// On a server that hangs, a read gives up (the screen says the database
// cannot be reached) and Close returns at its own bound, not after the
// driver's wait for each connection's cancel request (14 s): a portal shutting
// down ends within its grace period.
func TestHungServer(t *testing.T) {
	raw := pgtest.URL(t)
	u, _ := url.Parse(raw)
	var frozen atomic.Bool
	u.Host = freezeProxy(t, u.Host, &frozen)
	db, err := Open(context.Background(), u.String(), Options{StatementTimeout: 2 * time.Second, ConnectTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var x int
	if err := db.View(func(tx core.Tx) error { return tx.Get("settings", "x", &x) }); !errors.Is(err, core.ErrNoValue) {
		t.Fatal(err)
	}
	frozen.Store(true)
	err = db.View(func(tx core.Tx) error { return tx.Get("settings", "x", &x) })
	if !errors.Is(err, core.ErrUnavailable) && !errors.Is(err, core.ErrBusy) {
		t.Errorf("a read on a hung server: %v, want unavailable or busy", err)
	}
	closed := make(chan struct{})
	go func() { db.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waited for the hung server")
	}
}
