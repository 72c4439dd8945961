package core_test

import (
	"testing"
	"time"

	"mypage/core"
)

// SPEC §2, §13: only a demo database's clock can be moved, and only by the operator.
func TestDemoClockOnlyOnDemo(t *testing.T) {
	e := newEnv(t)
	_, holder := e.newContract(t, "spaaqs-lan")
	target := time.Date(2026, time.December, 1, 0, 0, 0, 0, core.JST)

	_, _, err := e.svc.SetClock(e.op, target)
	wantErr(t, err, core.ErrNotDemo)
	_, _, err = e.svc.AdvanceClock(e.op, 1, 0)
	wantErr(t, err, core.ErrNotDemo)
	if !e.svc.Now().Equal(start) || e.svc.ClockOffset() != 0 {
		t.Fatalf("a refused move moved the clock to %v", e.svc.Now())
	}

	wantErr(t, e.svc.MarkDemo(holder), core.ErrForbidden)
	_, _, err = e.svc.SetClock(e.op, target)
	wantErr(t, err, core.ErrNotDemo)
	if err := e.svc.MarkDemo(e.op); err != nil {
		t.Fatal(err)
	}
	_, _, err = e.svc.SetClock(holder, target)
	wantErr(t, err, core.ErrForbidden)

	now, closed, err := e.svc.SetClock(e.op, target)
	if err != nil {
		t.Fatal(err)
	}
	if !now.Equal(target) || !e.svc.Now().Equal(target) || closed != 1 {
		t.Fatalf("SetClock: %v (service %v), %d contracts closed", now, e.svc.Now(), closed)
	}
	if e.svc.ClockOffset() != target.Sub(start) {
		t.Errorf("offset %v", e.svc.ClockOffset())
	}
	// The time runs on from there with the real clock.
	e.clock.Advance(90 * time.Minute)
	if !e.svc.Now().Equal(target.Add(90 * time.Minute)) {
		t.Errorf("after 90 real minutes: %v", e.svc.Now())
	}
	// Only forward by months and days.
	if _, _, err := e.svc.AdvanceClock(e.op, -1, 0); err == nil {
		t.Error("AdvanceClock(-1, 0) accepted")
	}
	if _, _, err := e.svc.AdvanceClock(e.op, 0, -1); err == nil {
		t.Error("AdvanceClock(0, -1) accepted")
	}
	// Moves are audited.
	n := 0
	for _, r := range e.audit(t) {
		if r.Action == "clock" {
			n++
		}
	}
	if n != 4 {
		t.Errorf("%d clock audit records, want 4 (one move, three refused on a database not yet a demo)", n)
	}
}

// AdvanceClock moves Now by months and days and closes the months it passes.
func TestAdvanceClockClosesMonths(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	if err := e.svc.MarkDemo(e.op); err != nil {
		t.Fatal(err)
	}
	number := d.holder["spaaqs-lan"].Login
	before, err := e.svc.StatementOf(e.op, number, april26)
	if err != nil || before.Closed {
		t.Fatalf("April before the move: %+v, %v", before, err)
	}

	now, closed, err := e.svc.AdvanceClock(e.op, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, time.May, 1, 10, 0, 0, 0, core.JST)
	if !now.Equal(want) || !e.svc.Now().Equal(want) {
		t.Fatalf("after one month: %v (service %v)", now, e.svc.Now())
	}
	if closed != 3 {
		t.Errorf("%d contracts had months closed, want the 3 demo contracts", closed)
	}
	// April was closed by the move itself, before anyone read it.
	if v := e.rawGet(t, "statements", number+"/2026-04"); v["closed"] != true || v["month"] != "2026-04" {
		t.Fatalf("stored April statement %v", v)
	}
	st, err := e.svc.StatementOf(e.op, number, april26)
	if err != nil || !st.Closed {
		t.Fatalf("April after the move: %+v, %v", st, err)
	}
	if st, _ := e.svc.StatementOf(e.op, number, may26); st.Closed {
		t.Error("May is closed while it is the current month")
	}

	// Months and days together; nothing more to close within May.
	now, closed, err = e.svc.AdvanceClock(e.op, 0, 10)
	if err != nil || !now.Equal(want.AddDate(0, 0, 10)) || closed != 0 {
		t.Fatalf("advance 10 days: %v, %d, %v", now, closed, err)
	}
	now, _, err = e.svc.AdvanceClock(e.op, 1, 10)
	if err != nil || !now.Equal(time.Date(2026, time.June, 21, 10, 0, 0, 0, core.JST)) {
		t.Fatalf("advance 1m10d: %v, %v", now, err)
	}
	if st, _ := e.svc.StatementOf(e.op, number, may26); !st.Closed {
		t.Error("May is not closed in June")
	}
}

// The offset lives in the database: a second process over the same file follows
// it, at once when it starts after the move, else on its next transaction.
func TestDemoClockSeenBySecondService(t *testing.T) {
	e := newEnv(t)
	if err := e.svc.MarkDemo(e.op); err != nil {
		t.Fatal(err)
	}
	cert, _ := e.newContract(t, "spaaqs-lan")

	// A second process that was already running, with its own clock in step with the first.
	clock2 := core.NewManualClock(start)
	running := core.NewService(e.db, core.Config{Hash: cheap, Clock: clock2})
	if _, err := running.ShowContract(e.op, cert.Number); err != nil {
		t.Fatal(err)
	}
	if !running.Now().Equal(start) {
		t.Fatalf("second service before the move: %v", running.Now())
	}

	target, _, err := e.svc.AdvanceClock(e.op, 1, 0)
	if err != nil {
		t.Fatal(err)
	}

	// A process started after the move sees it at once, on its first Now.
	fresh := core.NewService(e.db, core.Config{Hash: cheap, Clock: core.NewManualClock(start)})
	if !fresh.Now().Equal(target) || fresh.ClockOffset() != target.Sub(start) {
		t.Errorf("a service started after the move: %v", fresh.Now())
	}

	// The running one reads the offset in each transaction: it follows on its next read.
	clock2.Advance(2 * time.Second)
	if _, err := running.ShowContract(e.op, cert.Number); err != nil {
		t.Fatal(err)
	}
	if want := target.Add(2 * time.Second); !running.Now().Equal(want) {
		t.Errorf("the running service after 2 s: %v, want %v", running.Now(), want)
	}
	// Its statements follow the moved clock: April is closed there too.
	st, err := running.StatementOf(e.op, cert.Number, april26)
	if err != nil || !st.Closed {
		t.Errorf("April in the second service: %+v, %v", st, err)
	}
}

// The demo clock stays between 2000 and 2099: a date beyond is refused, not saturated.
func TestDemoClockRange(t *testing.T) {
	e := newEnv(t)
	if err := e.svc.MarkDemo(e.op); err != nil {
		t.Fatal(err)
	}
	for _, to := range []time.Time{
		time.Date(9999, time.December, 31, 0, 0, 0, 0, core.JST),
		core.ClockLatest,
	} {
		_, _, err := e.svc.SetClock(e.op, to)
		wantErr(t, err, core.ErrClockRange)
	}
	_, _, err := e.svc.AdvanceClock(e.op, 1200, 0)
	wantErr(t, err, core.ErrClockRange)
	if off := e.svc.ClockOffset(); off != 0 {
		t.Fatalf("a refused move changed the clock by %v", off)
	}
	last := core.ClockLatest.Add(-time.Hour)
	if now, _, err := e.svc.SetClock(e.op, last); err != nil || !now.Equal(last) {
		t.Fatalf("the last hour of 2099: %v, %v", now, err)
	}
}
