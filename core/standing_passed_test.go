package core_test

import (
	"errors"
	"testing"
	"time"

	"mypage/core"
)

// closedMonths counts the statements stored (closed) for the contract.
func (e *env) closedMonths(t *testing.T, number string) int {
	t.Helper()
	n := 0
	if err := e.db.View(func(tx core.Tx) error {
		return tx.Scan("statements", number+"/", func(string, func(any) error) bool { n++; return true })
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// SPEC §11.4 (paid purchases refused): the renewal does not close the passed
// months first, and still sees the month unpaid. VPS-2(Plesk) from
// 2026-04-01, on 2027-02-15 nobody has closed a month: April 2026 (the
// initial fee and the first annual fee, due 2026-05-31 by transfer) is long
// past its due day plus 6 days. The refusal writes no statement.
func TestRenewRefusedWithMonthsNotClosed(t *testing.T) {
	e, cert, ps := planEnv(t, "vps-2-plesk")
	holder := e.unpaidAt(t, time.Date(2027, 2, 15, 10, 0, 0, 0, core.JST), cert)
	if n := e.closedMonths(t, cert.Number); n != 0 {
		t.Fatalf("%d months closed before the renewal", n)
	}
	req := core.RenewalRequest{Service: ps.ID, Years: 1, AutoRenew: true}
	var se *core.SuspendedError
	if _, err := e.svc.QuoteRenewal(holder, req); !errors.As(err, &se) || se.Reasons[0].Month != april26 {
		t.Fatalf("renewal quote: %v", err)
	}
	if _, err := e.svc.Renew(holder, e.svc.NewToken(), req); !errors.As(err, &se) || se.Reasons[0].Month != april26 ||
		se.Reasons[0].Since.String() != "2026-06-07" {
		t.Fatalf("renewal: %v", err)
	}
	if v := e.plansOf(t, cert.Number)[0]; len(v.Service.Renewals) != 0 {
		t.Errorf("renewed while unpaid: %+v", v.Service.Renewals)
	}
	// The standing reads the same without closing anything.
	st, err := e.svc.StandingOf(e.op, cert.Number)
	if err != nil || !st.Unpaid() || st.Reasons[0].Month != april26 || st.Payee == nil || !st.Reasons[0].Transfer {
		t.Fatalf("standing %+v, %v", st, err)
	}
	if _, err := e.svc.Standing(holder); err != nil {
		t.Fatal(err)
	}
	if n := e.closedMonths(t, cert.Number); n != 0 {
		t.Errorf("the reads closed %d months", n)
	}
	// Closed, the months read as they did.
	if _, err := e.svc.StatementMonths(holder); err != nil {
		t.Fatal(err)
	}
	if n := e.closedMonths(t, cert.Number); n != 10 {
		t.Errorf("%d months closed, want April 2026 to January 2027", n)
	}
	if after, err := e.svc.StandingOf(e.op, cert.Number); err != nil || mustJSON(t, after) != mustJSON(t, st) {
		t.Errorf("once closed: %+v, %v; before: %+v", after, err, st)
	}
}

// SPEC §11.3 with §11.4: the lapse of 年会費制 接続サービス (the membership, the
// connection itself) suspends the contract's paid services, and paid
// purchases are refused naming the lapse; its own re-contract is taken, and
// lifts it. A hosting plan's lapse suspends only that plan.
func TestMembershipLapseSuspendsTheContract(t *testing.T) {
	e, cert, ps := planEnv(t, "annual-connect")
	e.putHistory(t, cert.Number, func(c *core.Contract) {
		c.Plans[0].NoAutoRenew = true
		c.Options = append(c.Options, core.OptionRecord{Option: "remote-support", PurchasedAt: start})
	})
	holder := e.at(t, time.Date(2027, 4, 10, 10, 0, 0, 0, core.JST), cert)
	st, err := e.svc.Standing(holder)
	if err != nil || !st.Stops() || st.Unpaid() || len(st.Reasons) != 1 || !st.Reasons[0].Membership ||
		st.Reasons[0].Since.String() != "2027-04-01" {
		t.Fatalf("standing %+v, %v", st, err)
	}
	// What it stops: the paid option held (the membership is named by its lapse).
	if len(st.Stopped) != 1 || st.Stopped[0] != (core.StoppedService{Option: "remote-support"}) {
		t.Errorf("stopped %+v", st.Stopped)
	}
	var se *core.SuspendedError
	if _, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), "warranty", ""); !errors.As(err, &se) ||
		len(se.Reasons) != 1 || se.Reasons[0].Code != core.StandingLapsed || se.Reasons[0].Service != ps.ID {
		t.Fatalf("a paid option while the membership lapsed: %v", err)
	}
	req := core.RenewalRequest{Service: ps.ID, Years: 1, AutoRenew: true}
	if q, err := e.svc.QuoteRenewal(holder, req); err != nil || q.Kind != core.RenewKindRecontract {
		t.Fatalf("the membership's re-contract quote: %+v, %v", q, err)
	}
	r, err := e.svc.Renew(holder, e.svc.NewToken(), req)
	if err != nil || r.Quote.Kind != core.RenewKindRecontract {
		t.Fatalf("the membership's re-contract: %+v, %v", r.Quote, err)
	}
	if st, _ := e.svc.Standing(holder); st.Suspended || st.Stopped != nil {
		t.Errorf("after the re-contract: %+v", st)
	}
	if _, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), "warranty", ""); err != nil {
		t.Errorf("a paid option after the re-contract: %v", err)
	}

	// VPS-2(Plesk) lapsed: only that plan; paid options are still sold.
	e2, cert2, _ := planEnv(t, "vps-2-plesk")
	e2.putHistory(t, cert2.Number, func(c *core.Contract) { c.Plans[0].NoAutoRenew = true })
	holder2 := e2.at(t, time.Date(2027, 4, 10, 10, 0, 0, 0, core.JST), cert2)
	if st, _ := e2.svc.Standing(holder2); !st.Suspended || st.Stops() || st.Stopped != nil {
		t.Fatalf("hosting lapse: %+v", st)
	}
	if _, err := e2.svc.PurchaseOption(holder2, e2.svc.NewToken(), "warranty", ""); err != nil {
		t.Errorf("a paid option while a hosting plan lapsed: %v", err)
	}
}

// SPEC §9.4 with seed 004 §1: an auto-debit statement the bank has reported
// nothing on does not suspend, however late the operator is in recording
// the result: the debit may have collected it, and a transfer is not taken
// for it. A failed debit suspends from its retry date plus 6 days, still not
// payable by transfer (no payee offered); a failed retry is paid by
// transfer, and the payee is offered.
func TestDebitSuspendsOnceTheBankReportsAFailure(t *testing.T) {
	f := newCollFix(t) // May's 969 yen debited on 2026-06-25, nothing recorded
	f.clock.Set(time.Date(2026, time.October, 15, 10, 0, 0, 0, core.JST))
	if st, err := f.svc.StandingOf(f.op, f.number); err != nil || st.Suspended {
		t.Fatalf("no bank result for May to August: %+v, %v", st, err)
	}
	if _, err := f.svc.RecordPayment(f.op, f.number, may26, 969, f.svc.Now()); !errors.Is(err, core.ErrNotTransfer) {
		t.Fatalf("a transfer on a debit the bank has not reported: %v", err)
	}
	// The failure recorded late: the retry of 07-06 is past, not reported either.
	if _, err := f.svc.RecordDebitResult(f.op, f.number, may26, false); err != nil {
		t.Fatal(err)
	}
	st, _ := f.svc.StandingOf(f.op, f.number)
	if !st.Unpaid() || len(st.Reasons) != 1 || st.Payee != nil {
		t.Fatalf("retry of 07-06 not reported: %+v", st)
	}
	if r := st.Reasons[0]; r.Debit != core.CollectionRetryPending || r.Transfer || r.Due.String() != "2026-07-06" {
		t.Errorf("reason %+v", r)
	}
	if _, err := f.svc.RecordDebitResult(f.op, f.number, may26, false); err != nil {
		t.Fatal(err)
	}
	st, _ = f.svc.StandingOf(f.op, f.number)
	if !st.Unpaid() || st.Payee == nil || !st.Reasons[0].Transfer || st.Reasons[0].Debit != core.CollectionUnpaid {
		t.Fatalf("after the retry failed: %+v", st)
	}
	if _, err := f.svc.RecordPayment(f.op, f.number, may26, 969, f.svc.Now()); err != nil {
		t.Fatalf("the transfer the banner asks for: %v", err)
	}
	if st, _ := f.svc.StandingOf(f.op, f.number); st.Suspended {
		t.Errorf("after the transfer: %+v", st)
	}
}

// Seed 004 (初回引き落し時に、経過月数分の引き落し): the months carried into the
// first auto-debit follow that debit: not suspended before the bank reports
// on it, suspended from its retry date plus 6 days, payable by transfer once
// the retry failed.
func TestCarriedMonthsFollowTheFirstDebit(t *testing.T) {
	e := newEnv(t)
	if err := e.svc.MarkDemo(e.op); err != nil {
		t.Fatal(err)
	}
	cert, holder := e.newContractUnpaid(t, "spaaqs-home")
	n := cert.Number
	for _, plan := range []string{"annual-connect", "rs-1"} {
		if _, err := e.svc.AddPlan(e.op, n, plan, e.svc.Now()); err != nil {
			t.Fatal(err)
		}
	}
	to := func(d time.Time) {
		t.Helper()
		if _, _, err := e.svc.SetClock(e.op, d); err != nil {
			t.Fatal(err)
		}
	}
	to(jst(2026, time.June, 10))
	if _, err := e.svc.SetDebit(holder, e.svc.NewToken(), debitForm()); err != nil {
		t.Fatal(err)
	}
	// June's debit of 2026-07-27 collects April and May too; nothing reported by 09-15.
	to(jst(2026, time.September, 15))
	if st, err := e.svc.StandingOf(e.op, n); err != nil || st.Suspended {
		t.Fatalf("before the first debit's result: %+v, %v", st, err)
	}
	// The failure recorded late: the retry of 08-05 is past, not reported either.
	if _, err := e.svc.RecordDebitResult(e.op, n, june26, false); err != nil {
		t.Fatal(err)
	}
	st, _ := e.svc.StandingOf(e.op, n)
	if !st.Unpaid() || st.Payee != nil || len(st.Reasons) != 3 {
		t.Fatalf("retry not reported: %+v", st)
	}
	for _, r := range st.Reasons {
		if r.Debit != core.CollectionRetryPending || r.Transfer || r.Due.String() != "2026-08-05" || r.Since.String() != "2026-08-12" {
			t.Errorf("reason %+v", r)
		}
	}
	if _, err := e.svc.RecordDebitResult(e.op, n, june26, false); err != nil {
		t.Fatal(err)
	}
	st, _ = e.svc.StandingOf(e.op, n)
	if !st.Unpaid() || st.Payee == nil || len(st.Reasons) != 3 {
		t.Fatalf("after the retry failed: %+v", st)
	}
	for _, r := range st.Reasons {
		if !r.Transfer || r.Debit != core.CollectionUnpaid {
			t.Errorf("reason %+v", r)
		}
	}
	if _, err := e.svc.RecordPayment(e.op, n, april26, st.Reasons[0].Remaining, e.svc.Now()); err != nil {
		t.Errorf("the transfer of a carried month: %v", err)
	}
}
