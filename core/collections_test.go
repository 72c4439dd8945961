package core_test

import (
	"errors"
	"testing"
	"time"

	"mypage/core"
)

// collFix is a LAN contract opened on 2026-04-01 with Security Online from April
// (381 yen a month from May) and remote support (500 yen a month from May), paid
// by auto-debit; the clock stands on 2026-07-10, after May's debit (06-25) and its
// retry (07-06), so April, May and June are closed.
type collFix struct {
	*env
	number string
	holder core.Principal
}

func newCollFix(t *testing.T) *collFix { return newCollFixPaying(t, core.PaymentDebit) }

// newCollFixPaying is collFix paying by the given method (debit or transfer).
func newCollFixPaying(t *testing.T, kind string) *collFix {
	t.Helper()
	e := newEnv(t)
	cert, holder := e.newContract(t, "spaaqs-lan")
	bought := time.Date(2026, time.April, 2, 10, 0, 0, 0, core.JST)
	e.putHistory(t, cert.Number, func(c *core.Contract) {
		c.Options = []core.OptionRecord{
			{Option: "sec-online", Account: "suzuki-1", PurchasedAt: bought},
			{Option: "remote-support", PurchasedAt: bought},
		}
		c.Payment = &core.PaymentMethod{Kind: core.PaymentDebit, Bank: "千葉興業銀行", Branch: "館山支店",
			AccountType: "普通", AccountLast4: "0552", AccountHolder: "ｽｽﾞｷ ｲﾁﾛｳ", SetAt: bought}
		if kind == core.PaymentTransfer {
			c.Payment = &core.PaymentMethod{Kind: core.PaymentTransfer, SetAt: bought}
		}
	})
	e.clock.Set(time.Date(2026, time.July, 10, 10, 0, 0, 0, core.JST))
	return &collFix{env: e, number: cert.Number, holder: holder}
}

func (f *collFix) closed(t *testing.T, m core.Month) core.Statement {
	t.Helper()
	st, err := f.svc.StatementOf(f.op, f.number, m)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Closed {
		t.Fatalf("%s is not closed", m)
	}
	return st
}

func sameDay(a *time.Time, b time.Time) bool { return a != nil && a.Equal(b) }

// SPEC §9.4, seed 004: the debit on the 25th of the next month (or the next business
// day); a failure is retried 7 business days later; a failed retry leaves it unpaid.
func TestDebitResult(t *testing.T) {
	f := newCollFix(t)
	st := f.closed(t, may26)
	// May's statement: 381 + 500 = 881, tax 88; debited on Thursday 2026-06-25.
	if st.Total != 969 || st.Payment.Kind != core.PaymentDebit || !st.DueDate.Equal(midnight(2026, time.June, 25)) {
		t.Fatalf("May: total %d, payment %+v, due %v", st.Total, st.Payment, st.DueDate)
	}
	if !st.DueDate.Equal(core.DebitDate(june26)) {
		t.Fatalf("due %v, debit date %v", st.DueDate, core.DebitDate(june26))
	}

	// Success pays the statement on the debit date.
	col, err := f.svc.RecordDebitResult(f.op, f.number, may26, true)
	if err != nil {
		t.Fatal(err)
	}
	if col.State != core.CollectionPaid || col.Paid != st.Total || !sameDay(col.PaidAt, st.DueDate) || !sameDay(col.DebitDate, st.DueDate) {
		t.Fatalf("after success: %+v", col)
	}
	if got := f.closed(t, may26).Collection; got == nil || got.State != core.CollectionPaid {
		t.Fatalf("the statement shows %+v", got)
	}
	// A paid statement takes no further result.
	if _, err := f.svc.RecordDebitResult(f.op, f.number, may26, false); err == nil {
		t.Error("a failure was recorded on a paid statement")
	}
	// The closed statement itself did not change: the collection is kept beside it.
	if after := f.closed(t, may26); after.Total != st.Total || !after.IssuedAt.Equal(st.IssuedAt) {
		t.Errorf("statement changed: %+v", after)
	}

	// June (969 yen) is debited on 2026-07-27, a Monday. A failure: retry
	// pending 7 business days later, 2026-08-05.
	f.clock.Set(time.Date(2026, time.July, 28, 10, 0, 0, 0, core.JST))
	jun := f.closed(t, june26)
	if !jun.DueDate.Equal(midnight(2026, time.July, 27)) {
		t.Fatalf("June due %v", jun.DueDate)
	}
	col, err = f.svc.RecordDebitResult(f.op, f.number, june26, false)
	if err != nil {
		t.Fatal(err)
	}
	retry := core.RetryDate(jun.DueDate)
	if !retry.Equal(midnight(2026, time.August, 5)) {
		t.Fatalf("RetryDate(%v) = %v", jun.DueDate, retry)
	}
	if col.State != core.CollectionRetryPending || !sameDay(col.RetryDate, retry) || col.Failures != 1 || col.Paid != 0 || col.PaidAt != nil {
		t.Fatalf("after a failure: %+v", col)
	}
	// The holder's statement and the list of months show the retry.
	hs := f.statement(t, f.holder, june26)
	if hs.Collection == nil || hs.Collection.State != core.CollectionRetryPending || !sameDay(hs.Collection.RetryDate, retry) {
		t.Errorf("holder sees %+v", hs.Collection)
	}
	rows, err := f.svc.StatementMonths(f.holder)
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]string{}
	for _, r := range rows {
		states[r.Month] = r.Collection
	}
	if states["2026-06"] != core.CollectionRetryPending || states["2026-05"] != core.CollectionPaid || states["2026-07"] != "" {
		t.Errorf("months %+v", rows)
	}

	// The retry fails too: unpaid.
	f.clock.Set(time.Date(2026, time.August, 5, 18, 0, 0, 0, core.JST))
	col, err = f.svc.RecordDebitResult(f.op, f.number, june26, false)
	if err != nil {
		t.Fatal(err)
	}
	if col.State != core.CollectionUnpaid || col.Failures != 2 || !sameDay(col.RetryDate, retry) {
		t.Fatalf("after the second failure: %+v", col)
	}

	// Audit: who recorded what, on which contract.
	n := 0
	for _, r := range f.audit(t) {
		if r.Action == "debit-result" && r.Contract == f.number && r.Actor == "operator" {
			n++
		}
	}
	if n != 4 {
		t.Errorf("%d debit-result audit records, want 4 (three recorded, one refused)", n)
	}
	// After the retry failed, the bank reports nothing more: a transfer settles it.
	if _, err := f.svc.RecordDebitResult(f.op, f.number, june26, true); err == nil {
		t.Error("a third debit result was recorded")
	}
}

// A debit result cannot come before the debit date (nor a retry result before the retry).
func TestDebitResultNotBeforeTheDebit(t *testing.T) {
	f := newCollFix(t)
	f.clock.Set(time.Date(2026, time.July, 20, 10, 0, 0, 0, core.JST))
	// June's statement is debited on 2026-07-27.
	if _, err := f.svc.RecordDebitResult(f.op, f.number, june26, false); err == nil {
		t.Error("a result was recorded before the debit date")
	}
	f.clock.Set(time.Date(2026, time.July, 27, 18, 0, 0, 0, core.JST))
	if _, err := f.svc.RecordDebitResult(f.op, f.number, june26, false); err != nil {
		t.Fatalf("on the debit date: %v", err)
	}
	if _, err := f.svc.RecordDebitResult(f.op, f.number, june26, true); err == nil {
		t.Error("a retry result was recorded before the retry date")
	}
}

// A retry that succeeds pays the statement on the retry date.
func TestDebitRetrySucceeds(t *testing.T) {
	f := newCollFix(t)
	st := f.closed(t, may26)
	if _, err := f.svc.RecordDebitResult(f.op, f.number, may26, false); err != nil {
		t.Fatal(err)
	}
	col, err := f.svc.RecordDebitResult(f.op, f.number, may26, true)
	if err != nil {
		t.Fatal(err)
	}
	// 2026-06-25 (Thu) + 7 business days = 2026-07-06 (Mon).
	if col.State != core.CollectionPaid || col.Paid != st.Total || !sameDay(col.PaidAt, midnight(2026, time.July, 6)) {
		t.Fatalf("after the retry: %+v", col)
	}
}

// SPEC §9.4: a bank transfer counts from the date the operator records; payments
// add up to the total.
func TestRecordPayment(t *testing.T) {
	f := newCollFixPaying(t, core.PaymentTransfer)
	st := f.closed(t, may26)
	paidOn := time.Date(2026, time.June, 10, 0, 0, 0, 0, core.JST)

	col, err := f.svc.RecordPayment(f.op, f.number, may26, 500, paidOn)
	if err != nil {
		t.Fatal(err)
	}
	if col.State != core.CollectionUnpaid || col.Paid != 500 || !sameDay(col.PaidAt, paidOn) {
		t.Fatalf("partial payment: %+v", col)
	}
	if got := f.closed(t, may26).Collection; got == nil || got.Paid != 500 || got.State != core.CollectionUnpaid {
		t.Fatalf("statement shows %+v", got)
	}
	later := paidOn.AddDate(0, 0, 5)
	col, err = f.svc.RecordPayment(f.op, f.number, may26, st.Total-500, later)
	if err != nil {
		t.Fatal(err)
	}
	if col.State != core.CollectionPaid || col.Paid != st.Total || !sameDay(col.PaidAt, later) {
		t.Fatalf("rest paid: %+v", col)
	}

	// Nothing more is taken on a paid statement, nor more than is due.
	if _, err := f.svc.RecordPayment(f.op, f.number, may26, 1, later); err == nil {
		t.Error("a payment was recorded on a paid statement")
	}
	if _, err := f.svc.RecordPayment(f.op, f.number, april26, 1, paidOn); err == nil {
		t.Error("April (total 0) took a payment")
	}
	// Not in the future, not before the statement was issued.
	if _, err := f.svc.RecordPayment(f.op, f.number, june26, 10, f.svc.Now().AddDate(0, 0, 2)); err == nil {
		t.Error("a payment dated in the future was recorded")
	}
	if _, err := f.svc.RecordPayment(f.op, f.number, june26, 10, time.Date(2026, time.June, 20, 0, 0, 0, 0, core.JST)); err == nil {
		t.Error("a payment dated before the statement was issued was recorded")
	}
	// An auto-debit statement is settled by the bank's result, not by a transfer.
	fd := newCollFix(t)
	if _, err := fd.svc.RecordPayment(fd.op, fd.number, may26, 969, paidOn); err == nil {
		t.Error("a transfer was recorded on an auto-debit statement the bank has not reported on")
	}

	// A date in another zone is kept as that instant in Japan time.
	f2 := newCollFixPaying(t, core.PaymentTransfer)
	utc := time.Date(2026, time.June, 9, 16, 0, 0, 0, time.UTC) // 2026-06-10 01:00 JST
	col, err = f2.svc.RecordPayment(f2.op, f2.number, may26, 969, utc)
	if err != nil || col.PaidAt == nil || col.PaidAt.Location() != core.JST || col.PaidAt.Day() != 10 || col.State != core.CollectionPaid {
		t.Fatalf("payment %+v, %v", col, err)
	}

	// Amounts must be positive.
	for _, bad := range []int64{0, -1} {
		if _, err := f.svc.RecordPayment(f.op, f.number, may26, bad, paidOn); err == nil {
			t.Errorf("amount %d accepted", bad)
		}
	}
}

// Only a closed month is collected; only the operator records collections.
func TestCollectionRefusals(t *testing.T) {
	f := newCollFix(t)
	paidOn := time.Date(2026, time.June, 10, 0, 0, 0, 0, core.JST)
	for _, m := range []core.Month{{Year: 2026, Month: time.July}, {Year: 2026, Month: time.August}, {Year: 2026, Month: time.March}} {
		_, err := f.svc.RecordDebitResult(f.op, f.number, m, true)
		wantErr(t, err, core.ErrNotClosed)
		_, err = f.svc.RecordPayment(f.op, f.number, m, 100, paidOn)
		wantErr(t, err, core.ErrNotClosed)
	}
	_, err := f.svc.RecordDebitResult(f.op, "99999999999999", may26, true)
	wantErr(t, err, core.ErrNotFound)
	_, err = f.svc.RecordPayment(f.op, "99999999999999", may26, 100, paidOn)
	wantErr(t, err, core.ErrNotFound)

	for _, p := range []core.Principal{f.holder, {Kind: core.KindAccount, Contract: f.number, AccountID: "x"}, {}} {
		_, err := f.svc.RecordDebitResult(p, f.number, may26, true)
		wantErr(t, err, core.ErrForbidden)
		_, err = f.svc.RecordPayment(p, f.number, may26, 100, paidOn)
		wantErr(t, err, core.ErrForbidden)
	}
	if st := f.closed(t, may26); st.Collection != nil {
		t.Errorf("a refused procedure left %+v", st.Collection)
	}

	// Once the clock passes July and its debit day (2026-08-25), July is collected.
	f.clock.Set(time.Date(2026, time.August, 25, 12, 0, 0, 0, core.JST))
	if _, err := f.svc.RecordDebitResult(f.op, f.number, core.Month{Year: 2026, Month: time.July}, true); err != nil {
		t.Errorf("July after its debit: %v", err)
	}
}

// A statement of ¥0 is not debited (お支払いはありません): the back office
// cannot record a debit result on it, failed or not.
func TestDebitResultRefusedOnNothingToPay(t *testing.T) {
	f := newCollFix(t)
	april := core.Month{Year: 2026, Month: time.April} // the options' purchase month: nothing billed
	if st := f.closed(t, april); st.Total != 0 {
		t.Fatalf("April totals %d", st.Total)
	}
	for _, ok := range []bool{false, true} {
		var ce *core.CollectionError
		if _, err := f.svc.RecordDebitResult(f.op, f.number, april, ok); !errors.As(err, &ce) || ce.Code != core.RefusedNothing {
			t.Errorf("debit result %v on a ¥0 statement: %v", ok, err)
		}
	}
}
