package core_test

import (
	"errors"
	"testing"
	"time"

	"mypage/core"
)

// seed 003 §2: the internet line is cancelled by phone, and an operator
// records it; nobody logged in to My Page may.
func TestCancelLine(t *testing.T) {
	e := newEnv(t)
	cert, holder := e.newContract(t, "spaaqs-lan")
	y, m, d := e.clock.Now().In(core.JST).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, core.JST) // the contract began today
	if _, err := e.svc.CancelLine(holder, cert.Number, today); !errors.Is(err, core.ErrForbidden) {
		t.Errorf("the holder recorded a line cancel: %v", err)
	}
	for _, c := range []struct {
		name string
		day  time.Time
		code string
	}{
		{"before the contract began", today.AddDate(0, 0, -1), core.LineBeforeCreate},
		{"more than a year ahead", today.AddDate(0, 0, core.LineCancelAhead+1), core.LineTooFar},
	} {
		var le *core.LineError
		if _, err := e.svc.CancelLine(e.op, cert.Number, c.day); !errors.As(err, &le) || le.Code != c.code {
			t.Errorf("%s: err = %v, want %s", c.name, err, c.code)
		}
	}
	last := today.AddDate(0, 0, core.LineCancelAhead) // the farthest day allowed
	lc, err := e.svc.CancelLine(e.op, cert.Number, last.Add(15*time.Hour))
	if err != nil || !lc.Date.Equal(last) {
		t.Fatalf("the farthest day: %+v, %v", lc, err)
	}
	var le *core.LineError
	if _, err := e.svc.CancelLine(e.op, cert.Number, today); !errors.As(err, &le) || le.Code != core.LineRecorded {
		t.Errorf("a second record: err = %v", err)
	}
	rec, err := e.svc.ShowContract(e.op, cert.Number)
	if err != nil || rec.LineCancel == nil || !rec.LineCancel.Date.Equal(last) {
		t.Errorf("the contract record: %+v, %v", rec.LineCancel, err)
	}
	if _, err := e.svc.CancelLine(e.op, "99999999999999", today); !errors.Is(err, core.ErrNotFound) {
		t.Errorf("no contract: %v", err)
	}
}
