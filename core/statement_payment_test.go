package core_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"mypage/core"
)

// A statement carries its payment method as fields, so that a screen writes it
// in its own language; the Japanese label stays for what prints it as issued.
func TestStatementPaymentFields(t *testing.T) {
	cat := core.DefaultCatalog()
	english := func(t string) string { return map[string]string{"普通": "Ordinary", "当座": "Checking"}[t] }
	py := core.DefaultPayee
	for _, c := range []struct {
		name    string
		method  *core.PaymentMethod
		want    core.PaymentSummary
		english string
	}{
		{"card", &core.PaymentMethod{Kind: core.PaymentCard, Brand: "VISA", Last4: "1111", ExpMonth: 7, ExpYear: 2027},
			core.PaymentSummary{Kind: core.PaymentCard, Label: "VISA XXXX-XXXX-XXXX-1111", Brand: "VISA", Last4: "1111"},
			"VISA XXXX-XXXX-XXXX-1111"},
		{"debit", &core.PaymentMethod{Kind: core.PaymentDebit, Bank: "みずほ銀行", Branch: "横浜", AccountType: "当座",
			AccountLast4: "4567", AccountHolder: "ヤマダ タロウ"},
			core.PaymentSummary{Kind: core.PaymentDebit, Label: "みずほ銀行 横浜 当座 XXX4567", Bank: "みずほ銀行", Branch: "横浜",
				AccountType: "当座", AccountLast4: "4567"},
			"みずほ銀行 横浜 Checking XXX4567"},
		{"transfer", &core.PaymentMethod{Kind: core.PaymentTransfer},
			core.PaymentSummary{Kind: core.PaymentTransfer,
				Label: py.Bank + " " + py.Branch + " " + py.AccountType + " " + py.AccountNumber + " " + py.AccountHolder,
				Bank:  py.Bank, Branch: py.Branch, AccountType: py.AccountType, AccountNumber: py.AccountNumber, AccountHolder: py.AccountHolder},
			py.Bank + " " + py.Branch + " Ordinary " + py.AccountNumber + " " + py.AccountHolder},
		{"none", nil, core.PaymentSummary{Kind: "none"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			ct := stmtContract()
			ct.Payment = c.method
			st, err := core.BuildStatement(cat, ct, nil, core.Month{Year: 2026, Month: time.May}, core.DefaultIssuer, midnight(2026, time.June, 1))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(st.Payment, c.want) {
				t.Errorf("payment\n%+v\nwant\n%+v", st.Payment, c.want)
			}
			if got := st.Payment.Text(english); got != c.english {
				t.Errorf("in English %q, want %q", got, c.english)
			}
		})
	}
}

// A statement closed before the fields existed keeps its printed label.
func TestStatementPaymentLabelOnly(t *testing.T) {
	var st core.Statement
	old := `{"customer_number":"12345678901234","month":"2026-05","payment":{"kind":"debit","label":"みずほ銀行 横浜 当座 XXX4567"},"closed":true}`
	if err := json.Unmarshal([]byte(old), &st); err != nil {
		t.Fatal(err)
	}
	if got := st.Payment.Text(func(string) string { return "Checking" }); got != "みずほ銀行 横浜 当座 XXX4567" {
		t.Errorf("the old statement's payment reads %q", got)
	}
}
