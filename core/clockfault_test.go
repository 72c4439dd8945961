package core_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
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
	e, f, _ := newFaultEnvLog(t)
	return e, f
}

// newFaultEnvLog also returns what the service logged.
func newFaultEnvLog(t *testing.T) (*env, *faultStore, *syncBuffer) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "t.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	f := &faultStore{Storage: db}
	clock := core.NewManualClock(start)
	logs := &syncBuffer{}
	svc := core.NewService(f, core.Config{Hash: cheap, Clock: clock, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	return &env{db: db, svc: svc, clock: clock, op: core.Operator("test")}, f, logs
}

// syncBuffer is a log destination for several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// Issue 7: a demo clock that cannot be read refuses the procedure; nothing is
// stored or audited with the real date.
func TestUnreadableDemoClockRefusesProcedures(t *testing.T) {
	e, f, logs := newFaultEnvLog(t)
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
	// The audit records that could not be written are logged with their cause, not swallowed.
	for _, want := range []string{"action=account-register", "action=logout", "the demo clock cannot be read"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the log lacks %q:\n%s", want, logs)
		}
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
