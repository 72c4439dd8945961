package core_test

import (
	"testing"
	"time"

	"mypage/core"
)

// BenchmarkPlanChangeQuote is one quote of example B: VPS-2(Plesk) with five
// months left to Basic (credit 6,875, charge 0, extension 4 months).
func BenchmarkPlanChangeQuote(b *testing.B) {
	cat := core.DefaultCatalog()
	term := time.Date(2026, time.April, 1, 0, 0, 0, 0, core.JST)
	c := &core.Contract{Number: "12345678901234", Plans: []core.PlanService{{ID: "1", Plan: "vps-2-plesk",
		AppliedAt: term, Start: term, TermStart: term, FirstTermEnd: term.AddDate(1, 0, -1)}}}
	req := core.PlanChangeRequest{Service: "1", To: "basic", Start: core.Month{Year: 2026, Month: time.September}}
	now := jst(2026, time.August, 20)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		q, err := core.QuotePlanChange(cat, c, req, now)
		if err != nil || q.Credit != 6875 || q.ExtendMonths != 4 {
			b.Fatalf("quote %+v, %v", q, err)
		}
	}
}

// BenchmarkTenYearStatement builds the 120 statements of ten years of a
// contract that lived them through the procedures: RS-1 changed to Lite, then
// VPS-2(Plesk), Basic and Pro; 年会費制 接続サービス with two annual options
// bought mid-term and one cancelled. One op is the ten years of statements.
func BenchmarkTenYearStatement(b *testing.B) {
	e := newEnv(b)
	if err := e.svc.MarkDemo(e.op); err != nil {
		b.Fatal(err)
	}
	cert, holder := e.newContract(b, "spaaqs-home")
	for _, plan := range []string{"rs-1", "annual-connect"} {
		if _, err := e.svc.AddPlan(e.op, cert.Number, plan, e.svc.Now()); err != nil {
			b.Fatal(err)
		}
	}
	at := func(t time.Time) {
		b.Helper()
		if _, _, err := e.svc.SetClock(e.op, t); err != nil {
			b.Fatal(err)
		}
		e.settle(b, cert.Number) // every bill paid: nothing is refused for non-payment
	}
	change := func(from, to string, start core.Month) {
		b.Helper()
		plans, err := e.svc.Plans(holder)
		if err != nil {
			b.Fatal(err)
		}
		for _, v := range plans {
			if v.Plan.Code == from && v.State == core.PlanInUse {
				req := core.PlanChangeRequest{Service: v.Service.ID, To: to, Start: start}
				if _, err := e.svc.ChangePlan(holder, e.svc.NewToken(), req); err != nil {
					b.Fatalf("%s → %s: %v", from, to, err)
				}
				return
			}
		}
		b.Fatalf("no %s in use", from)
	}
	option := func(code string, cancel bool) {
		b.Helper()
		var err error
		if cancel {
			_, err = e.svc.CancelOption(holder, e.svc.NewToken(), code, "")
		} else {
			_, err = e.svc.PurchaseOption(holder, e.svc.NewToken(), code, "")
		}
		if err != nil {
			b.Fatalf("%s (cancel %v): %v", code, cancel, err)
		}
	}
	at(jst(2026, time.December, 21))
	option("annual-mailbox", false)
	at(jst(2027, time.January, 15))
	change("rs-1", "lite", core.Month{Year: 2027, Month: time.February})
	at(jst(2028, time.June, 10))
	change("lite", "vps-2-plesk", core.Month{Year: 2028, Month: time.July})
	at(jst(2029, time.May, 10))
	option("annual-static-ip", false)
	at(jst(2030, time.March, 3))
	change("vps-2-plesk", "basic", core.Month{Year: 2030, Month: time.April})
	at(jst(2031, time.February, 2))
	option("annual-mailbox", true)
	at(jst(2032, time.January, 20))
	change("basic", "pro", core.Month{Year: 2032, Month: time.February})
	at(jst(2036, time.April, 1))

	var c core.Contract
	if err := e.db.View(func(tx core.Tx) error { return tx.Get("contracts", cert.Number, &c) }); err != nil {
		b.Fatal(err)
	}
	cat := e.svc.Catalog()
	first := core.MonthOf(c.CreatedAt)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var total int64
		for m := first; m.Before(first.Add(120)); m = m.Next() {
			st, err := core.BuildStatement(cat, &c, nil, m, core.DefaultIssuer, m.Next().Start())
			if err != nil {
				b.Fatal(err)
			}
			total += st.Total
		}
		if total == 0 {
			b.Fatal("ten years billed nothing")
		}
	}
}
