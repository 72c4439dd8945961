package core_test

import (
	"errors"
	"testing"
	"time"

	"mypage/core"
)

// A whole subscription lived with the demo clock (issue: the rest of a
// subscription's life; SPEC §11.3, §11.4; seeds 000, 002, 004): a plan opened
// and an option bought → the renewal notice → auto-renew → a renewal with
// auto-renew off → the lapse → a re-contract → the cancel → the line
// cancelled → withdrawal. Every month's statement is checked on the way: the
// plan's lines bill exactly the terms, nothing while lapsed, and nothing is
// refunded.
func TestSubscriptionLivedThrough(t *testing.T) {
	e := newEnv(t)
	if err := e.svc.MarkDemo(e.op); err != nil {
		t.Fatal(err)
	}
	cert, holder := e.newContract(t, "spaaqs-lan") // pays by bank transfer
	number := cert.Number
	// Purchase: VPS-2(Plesk) from 2026-04-01 (its term to 2027-03-31) and remote support.
	if _, err := e.svc.AddPlan(e.op, number, "vps-2-plesk", e.svc.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.PurchaseOption(holder, "", "remote-support", ""); err != nil {
		t.Fatal(err)
	}
	remote, _ := e.svc.Catalog().Option("remote-support")
	all := map[core.Month]core.Statement{}
	live := func(first, last string) {
		t.Helper()
		for m, st := range e.liveThrough(t, number, monthOf(first), monthOf(last)) {
			all[m] = st
		}
		e.settle(t, number) // every transfer arrives: only the lapse may suspend
	}
	to := func(day time.Time) { // the demo clock, as `admin clock set` moves it
		t.Helper()
		if _, _, err := e.svc.SetClock(e.op, day); err != nil {
			t.Fatal(err)
		}
	}
	plan := func() core.PlanView { t.Helper(); return e.plansOf(t, number)[0] }

	// 2027-02-01: the renewal notice (seed 000: 契約終了の1~2ヶ月前), auto-renew on.
	live("2026-04", "2027-01")
	n := plan().Renewal
	if n == nil || n.DaysLeft != 58 || !n.Recommended || !n.AutoRenew || n.RenewsOn.String() != "2027-04-01" || n.Fee != 16_500 {
		t.Fatalf("renewal notice on 2027-02-01: %+v", n)
	}
	// Auto-renew (SPEC §11.3: renews on the end date with the same plan and term).
	live("2027-02", "2028-01")
	if v := plan(); v.State != core.PlanInUse || v.Term.Start.Format("2006-01-02") != "2027-04-01" || v.Term.Index != 1 {
		t.Fatalf("after auto-renew: %s, term %d from %s", v.State, v.Term.Index, v.Term.Start)
	}
	// 2028-02-01: renewed once more for a year, auto-renew off after it.
	if _, err := e.svc.Renew(holder, e.svc.NewToken(), core.RenewalRequest{Service: "1", Years: 1, AutoRenew: false}); err != nil {
		t.Fatal(err)
	}
	live("2028-02", "2029-04")
	// 2029-05-01: lapsed since 2029-04-01, the plan's services suspended, shown as such.
	if v := plan(); v.State != core.PlanLapsed {
		t.Fatalf("on 2029-05-01: %s", v.State)
	}
	st, err := e.svc.Standing(holder)
	if err != nil || !st.Suspended || st.Reasons[0].Code != core.StandingLapsed || st.Reasons[0].Since.String() != "2029-04-01" {
		t.Fatalf("standing while lapsed: %+v %v", st, err)
	}
	// 2029-05-10: re-contracted; the services restored from that day.
	to(time.Date(2029, 5, 10, 10, 0, 0, 0, core.JST))
	e.settle(t, number)
	r, err := e.svc.Renew(holder, e.svc.NewToken(), core.RenewalRequest{Service: "1", Years: 1, AutoRenew: true})
	if err != nil || r.Quote.Kind != core.RenewKindRecontract || r.Quote.Start.String() != "2029-05-10" {
		t.Fatalf("re-contract: %+v %v", r.Quote, err)
	}
	if st, _ := e.svc.Standing(holder); st.Suspended {
		t.Errorf("still suspended after the re-contract: %+v", st.Reasons)
	}
	// 2029-06-15: the plan cancelled (prepaid, ends with its term, no refund), the option cancelled.
	live("2029-05", "2029-05")
	to(time.Date(2029, 6, 15, 10, 0, 0, 0, core.JST))
	e.settle(t, number)
	cq, err := e.svc.QuotePlanCancel(holder, core.PlanCancelRequest{Service: "1"})
	if err != nil || cq.End.String() != "2030-05-09" || !cq.NoRefund || cq.WithdrawFrom.String() != "2030-05-10" {
		t.Fatalf("cancel quote: %+v %v", cq, err)
	}
	if _, err := e.svc.CancelPlan(holder, e.svc.NewToken(), core.PlanCancelRequest{Service: "1", Quoted: &cq}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CancelOption(holder, "", "remote-support", ""); err != nil {
		t.Fatal(err)
	}
	// Withdrawal is refused and says from when (seed 002): the plan from the day
	// after its end, the option from next month, the line until it is cancelled.
	if _, err := e.svc.Withdraw(holder, e.svc.NewToken(), true); !errors.As(err, new(*core.WithdrawalError)) {
		t.Fatalf("withdrawal with services: %v", err)
	}
	v, err := e.svc.WithdrawalCheck(holder)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{}
	for _, b := range v.Blocks {
		what := b.After
		if b.From != nil {
			what = b.From.String()
		}
		if b.Kind == core.WithdrawBlockOwed {
			what = kinds[b.Kind] + " " + b.Month.String() + "/" + b.State
		}
		kinds[b.Kind] = what
	}
	// May's statement (the re-contract's term fee) is not paid yet, and June's
	// (remote support's cancel month) is still to come: both block too.
	if kinds[core.WithdrawBlockPlan] != "2030-05-10" || kinds[core.WithdrawBlockOption] != "2029-07-01" ||
		kinds[core.WithdrawBlockOwed] != " 2029-05/due 2029-06/estimate" || kinds[core.WithdrawBlockLine] != core.WithdrawAfterLineCancel || len(v.Blocks) != 5 {
		t.Fatalf("blocks: %+v", v.Blocks)
	}
	if _, err := e.svc.CancelLine(e.op, number, time.Date(2030, 5, 9, 0, 0, 0, 0, core.JST)); err != nil {
		t.Fatal(err)
	}
	live("2029-06", "2030-05")
	// 2030-06-01: nothing left; the member withdraws.
	if v, err := e.svc.WithdrawalCheck(holder); err != nil || len(v.Blocks) != 0 {
		t.Fatalf("blocks on 2030-06-01: %+v %v", v.Blocks, err)
	}
	if _, err := e.svc.Withdraw(holder, e.svc.NewToken(), true); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Login(core.LoginCustomerNumber, number, cert.InitialPassword, "test"); !errors.Is(err, core.ErrLoginFailed) {
		t.Errorf("a login after withdrawal: %v", err)
	}
	if _, err := e.svc.Plans(holder); !errors.Is(err, core.ErrSessionEnded) {
		t.Errorf("the session after withdrawal: %v", err)
	}
	// The data stays; no statement is made after the withdrawal month.
	to(time.Date(2030, 9, 1, 10, 0, 0, 0, core.JST))
	if _, err := e.svc.CloseDueMonths(e.op); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.StatementOf(e.op, number, monthOf("2030-06")); err != nil {
		t.Errorf("the withdrawal month's statement: %v", err)
	}
	if _, err := e.svc.StatementOf(e.op, number, monthOf("2030-07")); !errors.Is(err, core.ErrNotFound) {
		t.Errorf("a statement after the withdrawal month: %v", err)
	}
	if w, err := e.svc.WithdrawalOf(e.op, number); err != nil || w == nil || core.DayOf(w.At).String() != "2030-06-01" {
		t.Errorf("the withdrawal on record: %+v %v", w, err)
	}

	// Every statement: the plan billed 16,500 at each term's start, nothing
	// while lapsed; remote support from the month after its purchase to its cancel.
	plans := map[string]int64{"2026-04": 16_500, "2027-04": 16_500, "2028-04": 16_500, "2029-05": 16_500}
	for m, st := range all {
		if got := sumLines(linesOf(st, "vps-2-plesk")); got != plans[m.String()] {
			t.Errorf("%s: %d yen of VPS-2(Plesk), want %d", m, got, plans[m.String()])
		}
		want := int64(0) // SPEC §8 standard: from the month after the purchase to the cancel month
		if m.After(monthOf("2026-04")) && !m.After(monthOf("2029-06")) {
			want = remote.Monthly
		}
		if got := sumLines(linesOf(st, "remote-support")); got != want {
			t.Errorf("%s: %d yen of remote support, want %d", m, got, want)
		}
	}
	if len(all) != 50 {
		t.Errorf("%d months lived, want 50 (2026-04 to 2030-05)", len(all))
	}
}
