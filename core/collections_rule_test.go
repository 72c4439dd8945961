package core_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"mypage/core"
)

// SPEC §9.4: `admin payment` records a bank transfer. A statement paid by card or
// by auto-debit is refused with its payment method named, and the audit log names
// the refusal; an auto-debit whose retry failed too is then paid by transfer.
func TestRecordPaymentOnlyForTransfer(t *testing.T) {
	paidOn := time.Date(2026, time.July, 8, 0, 0, 0, 0, core.JST)
	card := &core.PaymentMethod{Kind: core.PaymentCard, Brand: core.BrandVISA, Last4: "1111", ExpMonth: 12, ExpYear: 2030, Holder: "ICHIRO SUZUKI"}
	for _, c := range []struct {
		name     string
		payment  *core.PaymentMethod // nil: the fixture's auto-debit
		transfer bool
		debits   []bool // the bank's reports before the transfer
		want     []string
	}{
		{name: "card", payment: card, want: []string{"credit card", "VISA XXXX-XXXX-XXXX-1111", "not by bank transfer"}},
		{name: "debit, nothing reported", want: []string{"auto-debit", "XXX0552", "not by bank transfer", "debit-result"}},
		{name: "debit, retry pending", debits: []bool{false}, want: []string{"auto-debit", "retry", "2026-07-06"}},
		{name: "debit and retry failed", debits: []bool{false, false}},
		{name: "transfer", transfer: true},
		{name: "none registered", payment: &core.PaymentMethod{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newCollFix(t)
			if c.transfer {
				f = newCollFixPaying(t, core.PaymentTransfer)
			}
			if c.payment != nil {
				pm := *c.payment
				f.putHistory(t, f.number, func(ct *core.Contract) {
					ct.Payment = &pm
					if pm.Kind == "" {
						ct.Payment = nil
					}
				})
			}
			for _, ok := range c.debits {
				if _, err := f.svc.RecordDebitResult(f.op, f.number, may26, ok); err != nil {
					t.Fatal(err)
				}
			}
			total := f.closed(t, may26).Total
			col, err := f.svc.RecordPayment(f.op, f.number, may26, total, paidOn)
			recs := f.audit(t)
			last := recs[len(recs)-1]
			if c.want == nil {
				if err != nil || col.State != core.CollectionPaid {
					t.Fatalf("RecordPayment: %+v, %v", col, err)
				}
				return
			}
			if !errors.Is(err, core.ErrNotTransfer) {
				t.Fatalf("RecordPayment: %v, want ErrNotTransfer", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the refusal %q does not say %q", err, w)
				}
			}
			if last.Action != "payment" || last.Result != "refused-not-transfer" {
				t.Errorf("audit %+v", last)
			}
			if st := f.closed(t, may26); st.Collection != nil && st.Collection.Paid != 0 {
				t.Errorf("the refused transfer was recorded: %+v", st.Collection)
			}
		})
	}
}
