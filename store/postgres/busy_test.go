package postgres

import (
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
