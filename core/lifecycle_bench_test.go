package core_test

import (
	"testing"
	"time"

	"mypage/core"
)

// A VPS-2(Plesk) service ten years into auto-renewed terms, with one renewal
// of 3 years recorded: what the term rules walk on a long-lived contract.
func tenYearService() *core.Contract {
	return renewContract("vps-2-plesk", func(ps *core.PlanService) {
		ps.Renewals = []core.RenewalRecord{rec("RN1", day(2027, 2, 10), day(2027, 4, 1), 3, 10, true, false)}
	})
}

// BenchmarkRenewalQuote is one quote of a 2-year renewal in the notice period
// of a service ten years old.
func BenchmarkRenewalQuote(b *testing.B) {
	cat, c := core.DefaultCatalog(), tenYearService()
	now := jst(2036, time.February, 10)
	req := core.RenewalRequest{Service: "1", Years: 2, AutoRenew: true}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if q, err := core.QuoteRenewal(cat, c, req, now); err != nil || q.Discount != 5 {
			b.Fatalf("quote %+v, %v", q, err)
		}
	}
}

// BenchmarkPlanCancelQuote is one quote of a cancel of the same service
// (its still-billed lines are computed by the billing rules).
func BenchmarkPlanCancelQuote(b *testing.B) {
	cat, c := core.DefaultCatalog(), tenYearService()
	now := jst(2036, time.February, 10)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if q, err := core.QuotePlanCancel(cat, c, core.PlanCancelRequest{Service: "1"}, now); err != nil || q.End.IsZero() {
			b.Fatalf("quote %+v, %v", q, err)
		}
	}
}

// BenchmarkStandingAndWithdrawalBlocks is what the header and the 退会 screen
// ask of the rules: the standing and the withdrawal blocks of that contract
// with a year of unpaid statements.
func BenchmarkStandingAndWithdrawalBlocks(b *testing.B) {
	cat, c := core.DefaultCatalog(), tenYearService()
	now := jst(2036, time.February, 10)
	var owed []core.Owed
	for m := (core.Month{Year: 2035, Month: 1}); m.Before(core.Month{Year: 2036, Month: 1}); m = m.Next() {
		owed = append(owed, core.Owed{Month: m, Total: 1_000, Remaining: 1_000, Kind: core.PaymentTransfer,
			Due: m.Add(2).Start().AddDate(0, 0, -1), State: core.BalanceDue})
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		st := core.StandingAt(cat, c, owed, now)
		blocks := core.WithdrawalBlocks(cat, c, owed, now)
		if !st.Suspended || len(blocks) != 14 {
			b.Fatalf("standing %v, %d blocks", st.Suspended, len(blocks))
		}
	}
}

// BenchmarkStandingTenYears is the header's read on every screen opened: the
// standing of a contract ten years old (120 closed statements, the last
// months unpaid), with a withdrawal check beside it as the 退会 screen reads.
func BenchmarkStandingTenYears(b *testing.B) {
	e := newEnv(b)
	if err := e.svc.MarkDemo(e.op); err != nil {
		b.Fatal(err)
	}
	cert, holder := e.newContract(b, "spaaqs-lan")
	if _, err := e.svc.AddPlan(e.op, cert.Number, "rs-1", e.svc.Now()); err != nil {
		b.Fatal(err)
	}
	if _, _, err := e.svc.SetClock(e.op, jst(2036, time.April, 10)); err != nil {
		b.Fatal(err)
	}
	if _, err := e.svc.CloseDueMonths(e.op); err != nil {
		b.Fatal(err)
	}
	b.Run("standing", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if st, err := e.svc.Standing(holder); err != nil || !st.Suspended {
				b.Fatalf("standing %+v %v", st.Suspended, err)
			}
		}
	})
	b.Run("withdrawal-check", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := e.svc.WithdrawalCheck(holder); err != nil {
				b.Fatal(err)
			}
		}
	})
}
