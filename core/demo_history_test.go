package core_test

import (
	"strings"
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

// The demo's plans are billed: VPS-2(Plesk) and 年会費制 接続サービス at the
// start of their terms, RS-1 every month; the home contract's annual mailbox,
// bought in month 2, moved its term end, and its first auto-debit (month 2)
// collected month 1, closed without a payment method (seed 004).
func TestBuildDemoPlansAndFirstDebit(t *testing.T) {
	e := newEnv(t)
	logins, err := e.svc.BuildDemo(e.op)
	if err != nil {
		t.Fatal(err)
	}
	now := core.MonthOf(e.svc.Now())
	m1, m2, m3 := now.Add(-3), now.Add(-2), now.Add(-1)
	number := map[string]string{}
	for _, l := range logins {
		if l.Kind == "holder" {
			number[l.ContractType] = l.Login
		}
	}
	stOf := func(typ string, m core.Month) core.Statement {
		t.Helper()
		st, err := e.svc.StatementOf(e.op, number[typ], m)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	const multi, lan, home = "spaaqs 光 マンションマルチタイプ", "spaaqs 光 マンションLANタイプ", "spaaqs 光 ホームタイプ"
	for _, c := range []struct {
		typ, code string
		m         core.Month
		amount    int64
		rule      string
	}{
		{multi, "vps-2-plesk", m1, 16500, core.RulePlanAnnual},
		{multi, "vps-2-plesk", m2, 0, ""},
		{lan, "rs-1", m1, 975, core.RulePlanMonthly},
		{lan, "rs-1", m3, 975, core.RulePlanMonthly},
		{home, "annual-connect", m1, 24000, core.RulePlanAnnual},
		{home, "annual-mailbox", m2, 0, core.RulePlanAdjust},
		{home, "annual-connect", m3, 0, ""},
	} {
		lines := linesOf(stOf(c.typ, c.m), c.code)
		if c.rule == "" {
			if len(lines) != 0 {
				t.Errorf("%s %s: %+v, want no line", c.code, c.m, lines)
			}
			continue
		}
		if l := lineWith(lines, c.rule); l == nil || len(lines) != 1 || l.Amount != c.amount {
			t.Errorf("%s %s: %+v, want one %s line of %d", c.code, c.m, lines, c.rule, c.amount)
		}
	}
	first, carried := stOf(home, m2), stOf(home, m1)
	if first.Payment.Kind != core.PaymentDebit || carried.Payment.Kind != "none" || carried.Total != 26400 {
		t.Fatalf("home: month 1 %s %d, month 2 %s", carried.Payment.Kind, carried.Total, first.Payment.Kind)
	}
	if b := first.Balance; b.State != core.CollectionPaid || b.DebitAmount != 26400 || len(b.Carried) != 1 ||
		b.Carried[0] != (core.CarriedMonth{Month: m1.String(), Amount: 26400, Paid: true}) {
		t.Errorf("home's first debit statement: %+v", b)
	}
	if b := carried.Balance; b.State != core.CollectionPaid || b.CarriedTo != m2.String() {
		t.Errorf("home's month 1: %+v, want paid by the first debit of %s", b, m2)
	}
}

// The demo's household has asked the support: お問い合わせ履歴 shows the
// holder its answered ticket and the user ID its waiting one (each login its
// own, SPEC §4.3); the requests are in both states; a callback was booked.
func TestBuildDemoSupport(t *testing.T) {
	e := newEnv(t)
	logins, err := e.svc.BuildDemo(e.op)
	if err != nil {
		t.Fatal(err)
	}
	s, err := e.svc.Login(core.LoginCustomerNumber, logins[0].Login, logins[0].Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	tickets, err := e.svc.Tickets(s.Principal)
	if err != nil || len(tickets) != 1 || tickets[0].State != core.TicketAnswered {
		t.Errorf("tickets %+v, %v; want the holder's answered", tickets, err)
	}
	users := 0
	for _, l := range logins {
		if l.Kind != "user" || l.ContractType != logins[0].ContractType {
			continue
		}
		users++
		u, err := e.svc.Login(core.LoginAccountID, l.Login, l.Password, "test")
		if err != nil {
			t.Fatal(err)
		}
		tickets, err := e.svc.Tickets(u.Principal)
		if err != nil || len(tickets) != 1 || tickets[0].State != core.TicketReceived {
			t.Errorf("tickets of %s %+v, %v; want its received one", l.Login, tickets, err)
		}
	}
	if users != 1 {
		t.Errorf("%d user IDs of the holder's contract among the demo logins", users)
	}
	requests, err := e.svc.Requests(s.Principal)
	if err != nil || len(requests) != 2 || requests[0].State != core.RequestReceived || requests[1].State != core.RequestDone {
		t.Errorf("requests %+v, %v; want one waiting and one done", requests, err)
	}
	notices, err := e.svc.Bulletins(s.Principal)
	if err != nil || len(notices) != 2 || len(core.OpenOutages(notices, e.svc.Now())) != 0 {
		t.Errorf("notices %+v, %v; want an outage over and a maintenance to come, no banner", notices, err)
	}
	// An en session reads them in English; the period is shown above the body.
	for _, n := range notices {
		if n.TitleEn == "" || n.BodyEn == "" || strings.Contains(n.Body, "下記") {
			t.Errorf("notice %d %q: English %q %q; body %q", n.Number, n.Title, n.TitleEn, n.BodyEn, n.Body)
		}
	}
	bookings, err := e.svc.Callbacks(s.Principal)
	if err != nil || len(bookings) != 1 {
		t.Errorf("callbacks %+v, %v; want one", bookings, err)
	}
}
