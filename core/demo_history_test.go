package core_test

import (
	"testing"

	"mypage/core"
)

// The full demo lives three months through the real procedures and leaves closed
// statements, a re-application fee and a bank payment behind, on the real clock.
func TestBuildDemo(t *testing.T) {
	e := newEnv(t)
	logins, err := e.svc.BuildDemo(e.op)
	if err != nil {
		t.Fatal(err)
	}
	if e.svc.ClockOffset() != 0 {
		t.Errorf("the demo left the clock moved by %v", e.svc.ClockOffset())
	}
	var holder core.DemoLogin
	for _, l := range logins {
		if l.Kind == "holder" {
			holder = l
			break
		}
	}
	s, err := e.svc.Login(core.LoginCustomerNumber, holder.Login, holder.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	months, err := e.svc.StatementMonths(s.Principal)
	if err != nil {
		t.Fatal(err)
	}
	if len(months) != 4 || months[0].Closed || !months[1].Closed || !months[3].Closed {
		t.Fatalf("statement months = %+v, want the open month and three closed ones", months)
	}
	st, err := e.svc.Statement(s.Principal, core.MonthOf(e.svc.Now()).Add(-1))
	if err != nil {
		t.Fatal(err)
	}
	fee := false
	for _, l := range st.Lines {
		if l.Kind == core.LineFee && l.Amount == 3000 {
			fee = true
		}
	}
	if !fee || st.Payment.Kind != core.PaymentCard {
		t.Errorf("last month's statement lacks the re-application fee or the card: %+v", st)
	}
}
