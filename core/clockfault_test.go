package core_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"mypage/core"
	"mypage/store"
)

// faultStore is a storage whose reads of the demo clock fail while broken is set,
// as when the file cannot be read, and whose write transactions wait for hold
// to be closed while it is set.
type faultStore struct {
	core.Storage
	broken atomic.Bool
	hold   atomic.Pointer[chan struct{}]
	writes atomic.Int64 // write transactions that started
}

func (f *faultStore) View(fn func(core.Tx) error) error {
	return f.Storage.View(func(tx core.Tx) error { return fn(faultTx{tx, f}) })
}

func (f *faultStore) Update(fn func(core.Tx) error) error {
	f.writes.Add(1)
	if h := f.hold.Load(); h != nil {
		<-*h
	}
	return f.Storage.Update(func(tx core.Tx) error { return fn(faultTx{tx, f}) })
}

type faultTx struct {
	core.Tx
	f *faultStore
}

func (t faultTx) Get(bucket, key string, v any) error {
	if t.f.broken.Load() && bucket == "settings" && key == "clock-offset" {
		return errors.New("settings: read failed")
	}
	return t.Tx.Get(bucket, key, v)
}

func newFaultEnv(t *testing.T) (*env, *faultStore) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "t.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	f := &faultStore{Storage: db}
	clock := core.NewManualClock(start)
	svc := core.NewService(f, core.Config{Hash: cheap, Clock: clock})
	return &env{db: db, svc: svc, clock: clock, op: core.Operator("test")}, f
}

// Issue 7: a demo clock that cannot be read refuses the procedure; nothing is
// stored or audited with the real date.
func TestUnreadableDemoClockRefusesProcedures(t *testing.T) {
	e, f := newFaultEnv(t)
	_, holder := e.newContract(t, "spaaqs-lan")
	if err := e.svc.MarkDemo(e.op); err != nil {
		t.Fatal(err)
	}
	target := time.Date(2027, time.February, 1, 10, 0, 0, 0, core.JST)
	if _, _, err := e.svc.SetClock(e.op, target); err != nil {
		t.Fatal(err)
	}
	realDated := func() (n int) {
		for _, r := range e.audit(t) {
			if r.Time.Before(target) {
				n++
			}
		}
		return n
	}
	before := realDated()

	f.broken.Store(true)
	_, err := e.svc.RegisterAccount(holder, e.svc.NewToken(), accountForm("late", core.PermAdmin))
	wantErr(t, err, core.ErrClock)
	if _, err := e.svc.OptionStatus(holder, "warranty", ""); !errors.Is(err, core.ErrClock) {
		t.Errorf("a read that needs the date: err = %v, want ErrClock", err)
	}
	if _, _, err := e.svc.DemoDate(); !errors.Is(err, core.ErrClock) {
		t.Errorf("DemoDate: err = %v, want ErrClock", err)
	}
	e.svc.Logout(holder, "quit")
	f.broken.Store(false)

	details, err := e.svc.AccountDetails(holder)
	if err != nil {
		t.Fatal(err)
	}
	if len(details) != 0 {
		t.Errorf("the refused registration stored %+v", details)
	}
	if n := realDated(); n != before {
		t.Errorf("%d audit records dated by the real clock after the move: %+v", n-before, e.audit(t))
	}
}

// Issue 8: Stop lets a procedure in flight finish and be audited, then refuses new ones.
func TestStopFinishesProceduresInFlight(t *testing.T) {
	e, f := newFaultEnv(t)
	_, holder := e.newContract(t, "spaaqs-lan")
	hold := make(chan struct{})
	f.hold.Store(&hold)
	writes := f.writes.Load()
	done := make(chan error, 1)
	go func() {
		_, err := e.svc.RegisterAccount(holder, e.svc.NewToken(), accountForm("inflight", core.PermAdmin))
		done <- err
	}()
	for f.writes.Load() == writes {
		time.Sleep(time.Millisecond) // until the procedure waits in its transaction
	}
	stopped := make(chan error, 1)
	go func() { stopped <- e.svc.Stop(context.Background()) }()
	select {
	case err := <-stopped:
		t.Fatalf("Stop returned %v while a procedure was in flight", err)
	case <-done:
		t.Fatal("the procedure ended while its transaction was held")
	default:
	}
	f.hold.Store(nil)
	close(hold)
	if err := <-done; err != nil {
		t.Fatalf("the procedure in flight: %v", err)
	}
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range e.audit(t) {
		found = found || r.Action == "account-register" && r.Result == "ok"
	}
	if !found {
		t.Errorf("no audit record of the procedure in flight: %+v", e.audit(t))
	}
	_, err := e.svc.RegisterAccount(holder, e.svc.NewToken(), accountForm("after", core.PermAdmin))
	wantErr(t, err, core.ErrStopped)
}
