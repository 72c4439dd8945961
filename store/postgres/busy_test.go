package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"mypage/core"
	"mypage/store/pgtest"
)

// A pool whose connections are all in use is busy, not an unreachable
// database: the server answers, the session is told to try again in a moment.
func TestPoolExhaustedIsBusy(t *testing.T) {
	db := open(t, pgtest.URL(t), Options{MaxConns: 1, StatementTimeout: 300 * time.Millisecond, ConnectTimeout: 200 * time.Millisecond})
	held := make(chan struct{})
	done := make(chan error)
	go func() {
		done <- db.View(func(tx core.Tx) error {
			close(held)
			time.Sleep(1500 * time.Millisecond) // a session's long read, the server answering fine
			return nil
		})
	}()
	<-held
	err := db.Update(func(tx core.Tx) error { return tx.Put("settings", "k", "v") })
	if !errors.Is(err, core.ErrBusy) || errors.Is(err, core.ErrUnavailable) {
		t.Errorf("an update while the pool's one connection is in use: %v, want busy", err)
	}
	<-done
}

// A statement cancelled for its timeout is a database that did not serve in
// time: busy, not an internal error with a reference.
func TestStatementTimeoutIsBusy(t *testing.T) {
	db := open(t, pgtest.URL(t), Options{StatementTimeout: 300 * time.Millisecond})
	err := db.Update(func(c core.Tx) error {
		pt := c.(*tx)
		ctx, cancel := pt.d.statementContext()
		defer cancel()
		if _, err := pt.tx.Exec(ctx, "SELECT pg_sleep(1)"); err != nil {
			return pt.fail("slow", err)
		}
		return nil
	})
	if !errors.Is(err, core.ErrBusy) {
		t.Errorf("a statement cancelled for its timeout: %v, want busy", err)
	}
}

// Close does not wait for a statement the server has not answered: it is
// cancelled, and its transaction does not commit. A portal shutting down
// while the database hangs ends within its grace period, not the statement
// timeout (an hour here).
func TestCloseCancelsAStatementUnderWay(t *testing.T) {
	u := pgtest.URL(t)
	db, err := Open(context.Background(), u, Options{StatementTimeout: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	started, done := make(chan struct{}), make(chan error, 1)
	go func() {
		done <- db.Update(func(c core.Tx) error {
			if err := c.Put("accounts", "k", 1); err != nil {
				return err
			}
			pt := c.(*tx)
			ctx, cancel := pt.d.statementContext()
			defer cancel()
			close(started)
			if _, err := pt.tx.Exec(ctx, "SELECT pg_sleep(3600)"); err != nil {
				return pt.fail("hung", err)
			}
			return nil
		})
	}()
	<-started
	time.Sleep(100 * time.Millisecond) // the statement is on the server
	closed := make(chan struct{})
	go func() { db.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(time.Minute):
		t.Fatal("Close waited for the statement under way")
	}
	if err := <-done; err == nil {
		t.Fatal("the cancelled transaction reported success")
	}
	var n int
	err = open(t, u, Options{}).View(func(c core.Tx) error { return c.Get("accounts", "k", &n) })
	if !errors.Is(err, core.ErrNoValue) {
		t.Fatalf("the cancelled transaction's write: %v (%d)", err, n)
	}
}
