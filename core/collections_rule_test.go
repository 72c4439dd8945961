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

// SPEC §10: a closed statement says what was received (date, amount, how) and what
// remains to pay.
func TestStatementBalance(t *testing.T) {
	f := newCollFixPaying(t, core.PaymentTransfer)
	may := f.closed(t, may26)
	if may.Total <= 500 {
		t.Fatalf("May total %d", may.Total)
	}
	balance := func(p core.Principal) *core.Balance {
		t.Helper()
		st, err := f.svc.Statement(p, may26)
		if err != nil {
			t.Fatal(err)
		}
		return st.Balance
	}
	if b := balance(f.holder); b == nil || b.State != core.BalanceDue || b.Received != 0 || b.Remaining != may.Total || len(b.Receipts) != 0 {
		t.Fatalf("nothing received: %+v", b)
	}
	first := time.Date(2026, time.June, 10, 15, 0, 0, 0, core.JST)
	second := time.Date(2026, time.June, 20, 9, 0, 0, 0, core.JST)
	if _, err := f.svc.RecordPayment(f.op, f.number, may26, 500, first); err != nil {
		t.Fatal(err)
	}
	b := balance(f.holder)
	if b == nil || b.State != core.BalancePartial || b.Received != 500 || b.Remaining != may.Total-500 ||
		len(b.Receipts) != 1 || !b.Receipts[0].Date.Equal(first) || b.Receipts[0].Amount != 500 || b.Receipts[0].Method != core.PaymentTransfer {
		t.Fatalf("partly paid: %+v", b)
	}
	if _, err := f.svc.RecordPayment(f.op, f.number, may26, may.Total-500, second); err != nil {
		t.Fatal(err)
	}
	b = balance(f.holder)
	if b == nil || b.State != core.CollectionPaid || b.Received != may.Total || b.Remaining != 0 || len(b.Receipts) != 2 ||
		!b.Receipts[1].Date.Equal(second) || b.Receipts[1].Amount != may.Total-500 {
		t.Fatalf("paid in full: %+v", b)
	}
	// April has nothing to pay: its state says so, with nothing received or to pay.
	// The open month is an estimate: it has no balance.
	if st := f.closed(t, april26); st.Total != 0 || st.Balance == nil || st.Balance.State != core.BalanceNone ||
		st.Balance.Remaining != 0 || len(st.Balance.Receipts) != 0 {
		t.Errorf("April: %+v", st.Balance)
	}
	if st, _ := f.svc.Statement(f.holder, core.Month{Year: 2026, Month: time.July}); st.Balance != nil {
		t.Errorf("the open month: %+v", st.Balance)
	}
	// The list of months says the same.
	rows, err := f.svc.StatementMonths(f.holder)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Month == "2026-05" && r.State != core.CollectionPaid || r.Month == "2026-06" && r.State != core.BalanceDue {
			t.Errorf("list row %+v", r)
		}
	}
}

// An auto-debit received is a receipt of the debit day; before it, nothing is due
// from the subscriber's side but the debit.
func TestDebitBalance(t *testing.T) {
	f := newCollFix(t)
	may := f.closed(t, may26)
	if _, err := f.svc.RecordDebitResult(f.op, f.number, may26, false); err != nil {
		t.Fatal(err)
	}
	st := f.closed(t, may26)
	if b := st.Balance; b == nil || b.State != core.CollectionRetryPending || b.Remaining != may.Total {
		t.Fatalf("retry pending: %+v", b)
	}
	if _, err := f.svc.RecordDebitResult(f.op, f.number, may26, true); err != nil {
		t.Fatal(err)
	}
	retry := time.Date(2026, time.July, 6, 0, 0, 0, 0, core.JST)
	b := f.closed(t, may26).Balance
	if b == nil || b.State != core.CollectionPaid || b.Remaining != 0 || len(b.Receipts) != 1 ||
		!b.Receipts[0].Date.Equal(retry) || b.Receipts[0].Method != core.PaymentDebit || b.Receipts[0].Amount != may.Total {
		t.Fatalf("paid by the retry: %+v", b)
	}
}

// A card statement is collected by the card company: its state says it was
// charged to the card, with no receipts and nothing to pay here; the list says the same.
func TestCardStatementBalance(t *testing.T) {
	f := newCollFix(t)
	f.putHistory(t, f.number, func(c *core.Contract) {
		c.Payment = &core.PaymentMethod{Kind: core.PaymentCard, Brand: core.BrandVISA, Last4: "1111", ExpMonth: 12, ExpYear: 2030}
	})
	st := f.closed(t, may26)
	if b := st.Balance; st.Total == 0 || b == nil || b.State != core.BalanceCard || b.Remaining != 0 || b.Received != 0 || len(b.Receipts) != 0 {
		t.Errorf("card statement balance %+v", st.Balance)
	}
	rows, err := f.svc.StatementMonths(f.holder)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Month == "2026-05" && r.State != core.BalanceCard {
			t.Errorf("list row %+v", r)
		}
	}
}
