package core_test

import (
	"math"
	"testing"
	"time"

	"mypage/core"
)

// After a partial payment, an absurd amount (MaxInt64 yen, a pasted
// number) must not wrap the overpayment check round to a
// negative sum: it is refused as an overpayment, the amount received kept.
func TestPaymentAmountDoesNotOverflow(t *testing.T) {
	f := newCollFixPaying(t, core.PaymentTransfer)
	st := f.closed(t, may26)
	paidOn := time.Date(2026, time.June, 10, 0, 0, 0, 0, core.JST)
	if _, err := f.svc.RecordPayment(f.op, f.number, may26, 500, paidOn); err != nil {
		t.Fatal(err)
	}
	col, err := f.svc.RecordPayment(f.op, f.number, may26, math.MaxInt64, paidOn)
	if err == nil {
		t.Errorf("MaxInt64 yen accepted on a statement of %d yen with 500 paid: %+v", st.Total, col)
	}
	if got := f.closed(t, may26).Collection; got == nil || got.Paid != 500 {
		t.Errorf("amount received after the refused payment: %+v, want 500", got)
	}
}
