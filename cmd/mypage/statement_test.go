package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mypage/core"
	"mypage/store"
)

// billed is a contract on a demo database with two Security Basic licences bought
// in its first month (charged from the second: 286 × 2, tax 57, total 629), and the
// demo clock set into its third month, so that the first two months are closed.
type billed struct {
	db                   string
	number               string
	first, second, third core.Month
}

func newBilled(t *testing.T) billed { return newBilledPaying(t, nil) }

// newBilledPaying is newBilled with a payment method set before any month closes.
func newBilledPaying(t *testing.T, pm *core.PaymentMethod) billed {
	t.Helper()
	db := filepath.Join(t.TempDir(), "demo.db")
	mustRun(t, "demo", "--db", db, "--no-tui", "--json")
	cert := createOne(t, db)
	first := core.MonthOf(cert.IssuedAt)
	bought := first.Start().Add(time.Hour)
	putOptions(t, db, cert.Number, []core.OptionRecord{
		{Option: "sec-basic", Account: "suzuki-a", PurchasedAt: bought},
		{Option: "sec-basic", Account: "suzuki-b", PurchasedAt: bought},
	})
	if pm != nil {
		putPayment(t, db, cert.Number, pm)
	}
	b := billed{db: db, number: cert.Number, first: first, second: first.Next(), third: first.Add(2)}
	mustRun(t, "--db", db, "admin", "clock", "set", b.third.Start().AddDate(0, 0, 1).Format("2006-01-02"))
	return b
}

func statementJSON(t *testing.T, args ...string) core.Statement {
	t.Helper()
	out := mustRun(t, append(args, "--json")...)
	var st core.Statement
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("statement --json: %v\n%s", err, out)
	}
	return st
}

func TestStatementCommand(t *testing.T) {
	b := newBilled(t)
	out := mustRun(t, "--db", b.db, "admin", "statement", b.number, "--month", b.second.String())
	for _, s := range []string{
		"料金明細", b.second.String(), "確定 (closed)",
		"アルテリア・ネットワークス株式会社", "T8350001007118", "鈴木 一郎 様", b.number,
		b.second.Start().Format("2006-01-02"), b.third.Start().AddDate(0, 0, -1).Format("2006-01-02"), // the period
		"DESCRIPTION", "セキュリティベーシック", "suzuki-a", "suzuki-b", "¥286", "10%", "security",
		"未登録 / none registered",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("statement lacks %q:\n%s", s, out)
		}
	}
	for label, value := range map[string]string{
		"発行日 / issued":                   b.third.Start().Format("2006-01-02"),
		"subtotal at 10% (tax-excluded)": "¥572",
		"consumption tax 10%":            "¥57",
		"total (tax included)":           "¥629",
		"お支払期限 / due date":               b.third.Next().Start().AddDate(0, 0, -1).Format("2006-01-02"),
		"状態 / state":                     "確定",
	} {
		if l := lineWith(out, label); !strings.HasSuffix(l, " "+value) && !strings.Contains(l, " "+value+" ") {
			t.Errorf("line %q: %q, want %s", label, l, value)
		}
	}
	if strings.Contains(out, "入金 / collection") {
		t.Errorf("a statement without a bank report shows a collection:\n%s", out)
	}

	// The first month: nothing charged; the current month: an estimate.
	out = mustRun(t, "--db", b.db, "admin", "statement", b.number, "--month", b.first.String())
	for _, s := range []string{"No charges this month.", "¥0", "確定"} {
		if !strings.Contains(out, s) {
			t.Errorf("first month lacks %q:\n%s", s, out)
		}
	}
	out = mustRun(t, "--db", b.db, "admin", "statement", b.number)
	for _, s := range []string{b.third.String(), "見込み (estimate", "¥629"} {
		if !strings.Contains(out, s) {
			t.Errorf("the current month lacks %q:\n%s", s, out)
		}
	}
	out = mustRun(t, "--lang", "en", "--db", b.db, "admin", "statement", b.number, "--month", b.second.String())
	if !strings.Contains(out, "Security Basic") {
		t.Errorf("--lang en does not name the options in English:\n%s", out)
	}

	st := statementJSON(t, "--db", b.db, "admin", "statement", b.number, "--month", b.second.String())
	if !st.Closed || st.Total != 629 || len(st.Lines) != 2 || st.Subtotals[0].Tax != 57 || st.Issuer != core.DefaultIssuer ||
		st.Number != b.number || st.Month != b.second.String() || st.Collection != nil {
		t.Errorf("--json: %+v", st)
	}
	if st := statementJSON(t, "--db", b.db, "admin", "statement", b.number, "--month", b.third.String()); st.Closed {
		t.Errorf("the current month is closed: %+v", st)
	}
}

func TestStatementIssuerFlags(t *testing.T) {
	b := newBilled(t)
	out := mustRun(t, "--db", b.db, "--issuer-name", "テスト通信株式会社", "--issuer-number", "T8350001007118",
		"admin", "statement", b.number, "--month", b.third.String())
	if !strings.Contains(out, "テスト通信株式会社") || strings.Contains(out, core.DefaultIssuer.Name) {
		t.Errorf("the configured issuer is not printed:\n%s", out)
	}
	// A closed statement keeps the issuer it was closed with.
	out = mustRun(t, "--db", b.db, "--issuer-name", "テスト通信株式会社", "--issuer-number", "T8350001007118",
		"admin", "statement", b.number, "--month", b.second.String())
	if !strings.Contains(out, core.DefaultIssuer.Name) {
		t.Errorf("the closed statement changed its issuer:\n%s", out)
	}

	// An invalid number refuses to start, whatever the command.
	for _, args := range [][]string{
		{"--issuer-name", "X", "--issuer-number", "T8350001007119", "admin", "statement", b.number},
		{"--issuer-name", "X", "--issuer-number", "T835000100711", "admin", "catalog"},
		{"--issuer-name", "X", "--issuer-number", "8350001007118", "admin", "contract", "show", b.number},
	} {
		_, _, err := run(t, append([]string{"--db", b.db}, args...)...)
		if err == nil || !strings.Contains(err.Error(), "--issuer-number") || !strings.Contains(err.Error(), "registration number") {
			t.Errorf("%v: err = %v", args, err)
		}
	}
	// Name and number go together.
	for _, args := range [][]string{{"--issuer-name", "X"}, {"--issuer-number", "T8350001007118"}} {
		_, _, err := run(t, append(append([]string{"--db", b.db}, args...), "admin", "catalog")...)
		if err == nil || !strings.Contains(err.Error(), "together") {
			t.Errorf("%v alone: err = %v", args, err)
		}
	}
}

func TestStatementRefusals(t *testing.T) {
	b := newBilled(t)
	_, _, err := run(t, "--db", b.db, "admin", "statement", "99999999999999", "--month", b.first.String())
	if err == nil || !strings.Contains(err.Error(), "no contract with customer number 99999999999999") {
		t.Errorf("unknown number: %v", err)
	}
	_, _, err = run(t, "--db", b.db, "admin", "statement", b.number, "--month", b.first.Add(-1).String())
	if err == nil || !strings.Contains(err.Error(), "began in "+b.first.String()) {
		t.Errorf("before the contract: %v", err)
	}
	_, _, err = run(t, "--db", b.db, "admin", "statement", b.number, "--month", b.third.Next().String())
	if err == nil || !strings.Contains(err.Error(), "the current month is "+b.third.String()) {
		t.Errorf("after the current month: %v", err)
	}
	_, _, err = run(t, "--db", b.db, "admin", "statement", b.number, "--month", "2026/05")
	if err == nil || !strings.Contains(err.Error(), "--month") || !strings.Contains(err.Error(), "YYYY-MM") {
		t.Errorf("bad month: %v", err)
	}
}

// lineWith returns the first line of out that contains label.
func lineWith(out, label string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, label) {
			return l
		}
	}
	return ""
}

// putPayment writes a payment method into a contract, as history the store already holds.
func putPayment(t *testing.T, path, number string, pm *core.PaymentMethod) {
	t.Helper()
	db, err := store.Open(path, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx core.Tx) error {
		var c core.Contract
		if err := tx.Get("contracts", number, &c); err != nil {
			return err
		}
		c.Payment = pm
		return tx.Put("contracts", number, &c)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A card statement says it was charged to the card (no amount still to pay), and a
// statement of ¥0 says there is nothing to pay, with no due date.
func TestStatementCommandPaymentState(t *testing.T) {
	b := newBilledPaying(t, &core.PaymentMethod{Kind: core.PaymentCard, Brand: core.BrandVISA, Last4: "1111",
		ExpMonth: 12, ExpYear: 2030, Holder: "ICHIRO SUZUKI"})
	out := mustRun(t, "--db", b.db, "admin", "statement", b.number, "--month", b.second.String())
	if l := lineWith(out, "お支払い状況 / payment state"); !strings.Contains(l, "クレジットカード会社へご請求 / charged to the credit card") {
		t.Errorf("card statement payment state %q:\n%s", l, out)
	}
	if strings.Contains(out, "残額 / still to pay") {
		t.Errorf("a card statement shows an amount still to pay:\n%s", out)
	}
	out = mustRun(t, "--db", b.db, "admin", "statement", b.number, "--month", b.first.String())
	if l := lineWith(out, "お支払い状況 / payment state"); !strings.Contains(l, "お支払いはありません / nothing to pay") {
		t.Errorf("¥0 statement payment state %q:\n%s", l, out)
	}
	for _, s := range []string{"お支払期限 / due date", "残額 / still to pay"} {
		if strings.Contains(out, s) {
			t.Errorf("a ¥0 statement shows %q:\n%s", s, out)
		}
	}
}
