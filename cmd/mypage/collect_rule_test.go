package main

import (
	"strings"
	"testing"

	"mypage/core"
)

// `admin payment` records bank transfers only: on a card or auto-debit statement it
// is refused with the statement's payment method named, and nothing is recorded.
func TestPaymentCommandRefusesOtherMethods(t *testing.T) {
	for _, c := range []struct {
		pm   *core.PaymentMethod
		want []string
	}{
		{&core.PaymentMethod{Kind: core.PaymentCard, Brand: core.BrandVISA, Last4: "1111", ExpMonth: 12, ExpYear: 2030, Holder: "ICHIRO SUZUKI"},
			[]string{"paid by credit card (VISA XXXX-XXXX-XXXX-1111)", "not by bank transfer"}},
		{&core.PaymentMethod{Kind: core.PaymentDebit, Bank: "千葉銀行", Branch: "本店", AccountType: "普通", AccountLast4: "4567"},
			[]string{"paid by auto-debit (千葉銀行 本店 普通 XXX4567)", "not by bank transfer", "admin debit-result"}},
	} {
		b := newBilledPaying(t, c.pm)
		day := b.third.Start().Format("2006-01-02")
		_, _, err := run(t, "--db", b.db, "admin", "payment", b.number, "--month", b.second.String(), "--amount", "629", "--date", day)
		if err == nil {
			t.Fatalf("%s: a transfer was recorded", c.pm.Kind)
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: the refusal %q does not say %q", c.pm.Kind, err, w)
			}
		}
		st := statementJSON(t, "--db", b.db, "admin", "statement", b.number, "--month", b.second.String())
		if st.Collection != nil {
			t.Errorf("%s: the refused transfer left %+v", c.pm.Kind, st.Collection)
		}
	}
}

// `admin statement` lists each transfer received and what remains.
func TestStatementCommandShowsReceipts(t *testing.T) {
	b := newBilled(t)
	day := b.third.Start().Format("2006-01-02")
	mustRun(t, "--db", b.db, "admin", "payment", b.number, "--month", b.second.String(), "--amount", "300", "--date", day)
	out := mustRun(t, "--db", b.db, "admin", "statement", b.number, "--month", b.second.String())
	if l := lineWith(out, "受領 / received"); !strings.Contains(l, day) || !strings.Contains(l, "¥300") || !strings.Contains(l, "bank transfer") {
		t.Errorf("receipt line %q:\n%s", l, out)
	}
	if l := lineWith(out, "残額 / still to pay"); !strings.Contains(l, "¥329") {
		t.Errorf("remaining line %q:\n%s", l, out)
	}
}
