package core_test

import (
	"testing"
	"time"

	"mypage/core"
)

// A call imported after its month closed is billed on the open month's statement;
// the closed statement stays as it was, and the call details list the call in its
// own month.
func TestLateCallsBilledOnOpenMonth(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := d.holder["spaaqs-lan"]
	s, err := e.svc.Login(core.LoginCustomerNumber, holder.Login, holder.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	april := core.MonthOf(e.svc.Now())
	e.clock.Advance(40 * 24 * time.Hour) // into May: April closes on the next read
	closedBefore, err := e.svc.Statement(s.Principal, april)
	if err != nil || !closedBefore.Closed {
		t.Fatalf("April = %+v, %v; want it closed", closedBefore, err)
	}
	call := core.CallRecord{Contract: holder.Login, Service: "phone", StartedAt: april.Start().AddDate(0, 0, 20),
		Destination: "0312345678", Seconds: 120, Amount: 40}
	if _, err := e.svc.ImportCalls(e.op, []core.CallRecord{call}); err != nil {
		t.Fatal(err)
	}
	closedAfter, _ := e.svc.Statement(s.Principal, april)
	if mustJSON(t, closedAfter) != mustJSON(t, closedBefore) {
		t.Error("a late call changed a closed statement")
	}
	open, err := e.svc.Statement(s.Principal, april.Next())
	if err != nil {
		t.Fatal(err)
	}
	var billed int64
	for _, l := range open.Lines {
		if l.Kind == core.LineCalls && l.Code == "phone" {
			billed += l.Amount
		}
	}
	if billed != 40 {
		t.Errorf("the open month bills %d yen of late calls, want 40: %+v", billed, open.Lines)
	}
	details, err := e.svc.CallStatement(s.Principal, "phone", april)
	if err != nil || len(details.Calls) != 1 {
		t.Errorf("April's call details = %+v, %v; want the late call", details, err)
	}
}
