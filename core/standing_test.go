package core_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"mypage/core"
)

// settle records a transfer of everything the contract owes past its due day
// (the back office's `admin payment`), so that a test living a contract
// through months is not suspended for non-payment on the way.
func (e *env) settle(t testing.TB, number string) {
	t.Helper()
	st, err := e.svc.StandingOf(e.op, number)
	if err != nil {
		t.Fatalf("StandingOf: %v", err)
	}
	for _, r := range st.Reasons {
		if r.Code != core.StandingUnpaid {
			continue
		}
		if _, err := e.svc.RecordPayment(e.op, number, r.Month, r.Remaining, e.svc.Now()); err != nil {
			t.Fatalf("payment of %s: %v", r.Month, err)
		}
	}
}

// unpaidAt is at without the payments: the statements stay unpaid.
func (e *env) unpaidAt(t *testing.T, now time.Time, cert core.Certificate) core.Principal {
	t.Helper()
	e.clock.Set(now)
	return e.login(t, core.LoginCustomerNumber, cert.Number, cert.InitialPassword).Principal
}

func confirmDays(n int) *core.Catalog {
	cat := *core.DefaultCatalog()
	cat.PaymentConfirmDays = &n
	return &cat
}

// Seed 004 §1 ア: お支払いの期限から、ご入金の確認に必要な日数を経過して、ご入金が
// 確認できない場合は、サービスのご利用に必要な設定を解除させていただきます。なお、
// ご入金の確認には、通常、振り込みから3~6日間が必要.
func TestStandingAt(t *testing.T) {
	may := core.Month{Year: 2026, Month: time.May}
	transfer := core.Owed{Month: may, Total: 969, Remaining: 969, Kind: core.PaymentTransfer, State: core.BalanceDue,
		Due: day(2026, 6, 30)}
	partial := transfer
	partial.Remaining, partial.State = 469, core.BalancePartial
	// A failed debit of 06-25 is retried 7 business days later, on 07-06.
	retry := core.Owed{Month: may, Total: 969, Remaining: 969, Kind: core.PaymentDebit, State: core.CollectionRetryPending,
		Due: day(2026, 7, 6)}
	// April carried into the first debit, of May's statement on 06-25: the
	// bank reported nothing on it yet; or that debit and its retry of 07-06 failed.
	carried := core.Owed{Month: core.Month{Year: 2026, Month: time.April}, Total: 500, Remaining: 500, Kind: "none",
		State: core.BalanceCarried, CarriedTo: "2026-05", DebitState: core.BalanceDue, Due: day(2026, 6, 25)}
	carriedFailed := carried
	carriedFailed.DebitState, carriedFailed.Due, carriedFailed.Transfer = core.CollectionUnpaid, day(2026, 7, 6), true
	// A debit the bank has not reported on.
	unreported := core.Owed{Month: may, Total: 969, Remaining: 969, Kind: core.PaymentDebit, State: core.BalanceDue,
		Due: day(2026, 6, 25)}
	card := core.Owed{Month: may, Total: 969, Remaining: 969, Kind: core.PaymentCard, State: core.BalanceCard, Due: day(2026, 6, 30)}
	zero := core.Owed{Month: may, Total: 0, Remaining: 0, Kind: core.PaymentTransfer, State: core.BalanceNone, Due: day(2026, 6, 30)}
	def := core.DefaultCatalog()
	for _, c := range []struct {
		name  string
		cat   *core.Catalog
		owed  []core.Owed
		now   time.Time
		since string // "" when not suspended
	}{
		{"ご入金の確認には通常3~6日間が必要: due 06-30, on 07-06 (due + 6) not suspended yet", def,
			[]core.Owed{transfer}, jst(2026, 7, 6), ""},
		{"確認に必要な日数を経過して、ご入金が確認できない場合は設定を解除: on 07-07 (due + 7) suspended", def,
			[]core.Owed{transfer}, jst(2026, 7, 7), "2026-07-07"},
		{"確認に必要な日数を経過して…: the last minute of 07-06 is not suspended",
			def, []core.Owed{transfer}, time.Date(2026, 7, 6, 23, 59, 0, 0, core.JST), ""},
		{"ご入金が確認できない場合: a partial payment leaves it suspended", def,
			[]core.Owed{partial}, jst(2026, 7, 7), "2026-07-07"},
		{"ご入金の確認と同時に…設定を行わせていただきます: a recorded payment owes nothing, not suspended", def,
			nil, jst(2026, 9, 1), ""},
		{"お支払いの期限 of a failed debit is its retry date: 07-12 (retry + 6) not suspended", def,
			[]core.Owed{retry}, jst(2026, 7, 12), ""},
		{"お支払いの期限 of a failed debit is its retry date: 07-13 (retry + 7) suspended", def,
			[]core.Owed{retry}, jst(2026, 7, 13), "2026-07-13"},
		{"初回引き落し時に、経過月数分の引き落し: a carried month waits for the first debit's result, months later not suspended", def,
			[]core.Owed{carried}, jst(2026, 10, 15), ""},
		{"初回引き落し時に、経過月数分の引き落し: the first debit and its retry failed, 07-13 (retry + 7) suspended", def,
			[]core.Owed{carriedFailed}, jst(2026, 7, 13), "2026-07-13"},
		{"口座振替: no result from the bank on the debit of 06-25, 10-15 not suspended", def,
			[]core.Owed{unreported}, jst(2026, 10, 15), ""},
		{"a card statement is collected by the card company: never suspended", def,
			[]core.Owed{card}, jst(2026, 12, 1), ""},
		{"a ¥0 statement owes nothing: never suspended", def,
			[]core.Owed{zero}, jst(2026, 12, 1), ""},
		{"payment_confirm_days 3 (the bottom of 3~6日間): 07-04 suspended", confirmDays(3),
			[]core.Owed{transfer}, jst(2026, 7, 4), "2026-07-04"},
		{"payment_confirm_days 0: suspended the day after the due day", confirmDays(0),
			[]core.Owed{transfer}, jst(2026, 7, 1), "2026-07-01"},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := core.StandingAt(c.cat, &core.Contract{}, c.owed, c.now)
			if c.since == "" {
				if st.Suspended || st.Unpaid() || len(st.Reasons) != 0 {
					t.Fatalf("suspended: %+v", st)
				}
				return
			}
			if !st.Suspended || !st.Unpaid() || len(st.Reasons) != 1 {
				t.Fatalf("not suspended: %+v", st)
			}
			r := st.Reasons[0]
			if r.Code != core.StandingUnpaid || r.Since.String() != c.since || r.Month != c.owed[0].Month ||
				r.Remaining != c.owed[0].Remaining || !r.Due.Equal(c.owed[0].Due) {
				t.Errorf("reason %+v, want since %s", r, c.since)
			}
		})
	}
}

// SPEC §11.3: a term that ends without renewal suspends the plan's services,
// from the day after the term's end.
func TestStandingAtLapsed(t *testing.T) {
	ps := planOn("1", "rs-1", day(2026, 4, 1))
	ps.NoAutoRenew = true
	c := &core.Contract{Plans: []core.PlanService{ps, planOn("2", "basic", day(2026, 4, 1))}}
	now := jst(2027, 4, 2)
	if ps.State(now) != core.PlanLapsed {
		t.Fatal("a plan service with auto-renew off is not lapsed after its term")
	}
	st := core.StandingAt(core.DefaultCatalog(), c, nil, now)
	if !st.Suspended || st.Unpaid() || len(st.Reasons) != 1 || !st.Lapsed("1") || st.Lapsed("2") {
		t.Fatalf("standing %+v", st)
	}
	if r := st.Reasons[0]; r.Code != core.StandingLapsed || r.TermEnd.String() != "2027-03-31" || r.Since.String() != "2027-04-01" {
		t.Errorf("reason %+v", r)
	}
}

// The catalog's payment_confirm_days: 6 when not named, 0–30.
func TestCatalogPaymentConfirmDays(t *testing.T) {
	if got := core.DefaultCatalog().ConfirmDays(); got != 6 {
		t.Errorf("the default catalog waits %d days", got)
	}
	if got := (&core.Catalog{}).ConfirmDays(); got != core.DefaultPaymentConfirmDays {
		t.Errorf("a catalog naming none waits %d days", got)
	}
	base := mustJSON(t, core.DefaultCatalog())
	for _, c := range []struct {
		figure string
		ok     bool
	}{{"0", true}, {"3", true}, {"30", true}, {"-1", false}, {"31", false}} {
		b := strings.Replace(base, `"payment_confirm_days":6`, `"payment_confirm_days":`+c.figure, 1)
		if b == base && c.figure != "6" {
			t.Fatal("the catalog JSON has no payment_confirm_days")
		}
		_, err := core.ParseCatalog([]byte(b))
		if (err == nil) != c.ok || err != nil && !strings.Contains(err.Error(), "payment_confirm_days") {
			t.Errorf("payment_confirm_days %s: %v", c.figure, err)
		}
	}
}

// SPEC §11.4: the contract suspended for non-payment refuses paid purchases,
// but lets the subscriber pay (payment method) and leave (cancels); the
// payment recorded by the back office lifts it.
func TestSuspendedForNonPayment(t *testing.T) {
	// Transfer: May's 969 yen were due 06-30; on 07-10 they are 10 days late.
	f := newCollFixPaying(t, core.PaymentTransfer)
	holder := f.holder
	st, err := f.svc.Standing(holder)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Suspended || !st.Unpaid() || len(st.Reasons) != 1 || !st.Figures || st.Payee == nil {
		t.Fatalf("standing %+v", st)
	}
	r := st.Reasons[0]
	if r.Month != may26 || r.Remaining != 969 || r.Due.String() != "2026-06-30" || r.Since.String() != "2026-07-07" {
		t.Errorf("reason %+v", r)
	}
	if of, err := f.svc.StandingOf(f.op, f.number); err != nil || mustJSON(t, of) != mustJSON(t, st) {
		t.Errorf("the back office sees %+v, %v", of, err)
	}
	if _, err := f.svc.StandingOf(holder, f.number); !errors.Is(err, core.ErrForbidden) {
		t.Errorf("a holder read the back office's standing: %v", err)
	}

	// Refused: a paid option, at the check and at the confirm.
	var se *core.SuspendedError
	if _, err := f.svc.CheckOption(holder, "warranty", "", core.ActionPurchase, true); !errors.As(err, &se) ||
		len(se.Reasons) != 1 || se.Reasons[0].Month != may26 {
		t.Fatalf("check of a paid option: %v", err)
	}
	if _, err := f.svc.PurchaseOption(holder, f.svc.NewToken(), "warranty", ""); !errors.Is(err, core.ErrSuspended) {
		t.Fatalf("purchase of a paid option: %v", err)
	}
	audit := f.audit(t)
	if last := audit[len(audit)-1]; last.Action != "option-purchase" || last.Result != "refused-suspended" {
		t.Errorf("audit %+v", last)
	}
	// Allowed: to cancel, and to change the payment method.
	if _, err := f.svc.CancelOption(holder, f.svc.NewToken(), "remote-support", ""); err != nil {
		t.Errorf("cancel while suspended: %v", err)
	}
	if _, err := f.svc.SetTransfer(holder, f.svc.NewToken()); err != nil {
		t.Errorf("payment method while suspended: %v", err)
	}

	// A partial payment leaves it suspended; the rest lifts it.
	if _, err := f.svc.RecordPayment(f.op, f.number, may26, 500, f.svc.Now()); err != nil {
		t.Fatal(err)
	}
	if st, _ := f.svc.Standing(holder); !st.Unpaid() || st.Reasons[0].Remaining != 469 {
		t.Fatalf("after 500 yen of 969: %+v", st)
	}
	if _, err := f.svc.RecordPayment(f.op, f.number, may26, 469, f.svc.Now()); err != nil {
		t.Fatal(err)
	}
	if st, err := f.svc.Standing(holder); err != nil || st.Suspended || st.Payee != nil {
		t.Fatalf("after the payment: %+v, %v", st, err)
	}
	if _, err := f.svc.PurchaseOption(holder, f.svc.NewToken(), "warranty", ""); err != nil {
		t.Errorf("purchase after the payment: %v", err)
	}
}

// The debit's retry date is the due day of a failed debit; the bank's success
// (`admin debit-result --ok`) lifts the suspension.
func TestSuspendedDebitRetry(t *testing.T) {
	f := newCollFix(t) // May's debit of 06-25, not reported on: 07-10 is past 07-01
	if st, _ := f.svc.StandingOf(f.op, f.number); st.Suspended {
		t.Fatalf("an unreported debit suspends before the bank reports a failure: %+v", st)
	}
	if _, err := f.svc.RecordDebitResult(f.op, f.number, may26, false); err != nil {
		t.Fatal(err)
	}
	if st, _ := f.svc.StandingOf(f.op, f.number); st.Suspended {
		t.Fatalf("suspended before the retry (07-06) plus 6 days: %+v", st)
	}
	f.clock.Set(time.Date(2026, time.July, 13, 9, 0, 0, 0, core.JST))
	st, _ := f.svc.StandingOf(f.op, f.number)
	if !st.Unpaid() || st.Reasons[0].Due.String() != "2026-07-06" || st.Reasons[0].Since.String() != "2026-07-13" {
		t.Fatalf("on 07-13: %+v", st)
	}
	if _, err := f.svc.RecordDebitResult(f.op, f.number, may26, true); err != nil {
		t.Fatal(err)
	}
	if st, _ := f.svc.StandingOf(f.op, f.number); st.Suspended {
		t.Errorf("after the retry collected it: %+v", st)
	}
}

// A plan change and an annual option are paid for: refused while suspended.
func TestSuspendedRefusesPlanChange(t *testing.T) {
	e, cert, _ := planEnv(t, "annual-connect")
	// April's statement (the initial fee and the first annual fee) was due 05-31.
	holder := e.unpaidAt(t, time.Date(2026, 12, 21, 10, 0, 0, 0, core.JST), cert)
	if _, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), "annual-mailbox", ""); !errors.Is(err, core.ErrSuspended) {
		t.Errorf("annual option: %v", err)
	}
	e2, cert2, _ := planEnv(t, "vps-2-plesk")
	holder2 := e2.unpaidAt(t, time.Date(2026, 9, 10, 11, 0, 0, 0, core.JST), cert2)
	req := core.PlanChangeRequest{Service: "1", To: "basic", Start: month(t, "2026-09")}
	if _, err := e2.svc.QuotePlanChange(holder2, req); !errors.Is(err, core.ErrSuspended) {
		t.Errorf("quote: %v", err)
	}
	if _, err := e2.svc.ChangePlan(holder2, e2.svc.NewToken(), req); !errors.Is(err, core.ErrSuspended) {
		t.Errorf("plan change: %v", err)
	}
	e2.settle(t, cert2.Number)
	if _, err := e2.svc.ChangePlan(holder2, e2.svc.NewToken(), req); err != nil {
		t.Errorf("plan change once paid: %v", err)
	}
}
