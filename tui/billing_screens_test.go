package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

// Golden screens of 料金明細照会 and お支払い方法変更 (SPEC §9.3, §9.4, §10), on the
// demo that has lived three months (2026-08 to 2026-11) through the procedures.

func eachLangHistory(t *testing.T, fn func(t *testing.T, f *fixture, lang string)) {
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) { fn(t, newHistoryFixture(t), lang) })
	}
}

func TestStatementList(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.open(routeStatements{})
		d.waitKey("statements.col.state")
		v := d.golden()
		if !strings.Contains(v, d.msg.T("statement.estimate")) {
			t.Error("the list does not mark the open month as an estimate")
		}
		// The closed months say where their payment stands: the card-paid months
		// and the month of ¥0 say so, as their statements do.
		for _, k := range []string{"statements.state.card", "balance.none"} {
			if !strings.Contains(v, d.msg.T(k)) {
				t.Errorf("the list lacks %q", d.msg.T(k))
			}
		}
	})
}

// A month of ¥0 has nothing to pay: no due date, and its state says so.
func TestStatementNothingToPay(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openStatement("2026-08", 8)
		d.waitKey("balance.none")
		v := d.golden()
		if strings.Contains(v, d.msg.T("statement.due")) {
			t.Errorf("a statement of ¥0 shows a due date:\n%s", v)
		}
	})
}

func TestStatementClosedMonth(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openStatement("2026-10", 0)
		d.golden()
	})
}

func TestStatementTotalsScrolled(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openStatement("2026-10", 19)
		d.waitText("5,122")
		v := d.golden()
		// Charged to the card: the state says so, with nothing left to pay here.
		if !strings.Contains(v, d.msg.T("balance.card")) || strings.Contains(v, d.msg.T("balance.remaining")) {
			t.Errorf("the card statement's payment state:\n%s", v)
		}
	})
}

func TestStatementPaidByTransfer(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 1))
		d.openStatement("2026-09", 12)
		d.waitKey("balance.paid")
		d.golden()
	})
}

func TestStepUpForAdmin(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("admin", 0))
		d.stepUp(f, "wrong-password-9")
		d.waitKey("stepup.failed")
		v := d.golden()
		// Where to turn, as on the login screen, and how long the check lasts.
		if c := f.svc.Catalog().InformationCenter; !strings.Contains(v, c.Phone) {
			t.Errorf("a failed step-up does not say where to turn (%s):\n%s", c.Phone, v)
		}
		if want := map[string]string{"ja": "15分", "en": "15 minutes"}[lang]; !strings.Contains(v, want) {
			t.Errorf("the lead does not say the check lasts 15 minutes:\n%s", v)
		}
	})
}

func TestStepUpThenStatements(t *testing.T) {
	f := newHistoryFixture(t)
	d := f.start(t, "ja", 80, 24)
	d.loginAs(f.login("admin", 0))
	d.stepUp(f, f.login("holder", 0).Password)
	d.waitKey("statements.col.state")
	if v := d.view(); !strings.Contains(v, "2026年10月分") {
		t.Fatalf("after the step-up the list is not shown:\n%s", v)
	}
}

func TestCallDetails(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 1))
		d.open(routeCalls{service: "phone"})
		d.waitKey("calls.none") // the current month has none
		d.keys(tea.KeyLeft, tea.KeyLeft)
		d.waitText("03-1234-5678")
		v := d.golden()
		// Every amount keeps its unit on the line of its call.
		wholeOnALine(t, v, "03-1234-5678", "090-1111-2222", d.msg.T("common.yen_plain", "24"), d.msg.T("common.yen_plain", "32"))
		bodyFits(t, d.frame, 80)
	})
}

func TestPaymentOverview(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openPayment()
		d.golden()
	})
}

func TestPaymentCardErrors(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openPayment()
		d.keys(tea.KeyEnter) // クレジットカード
		d.waitKey("payment.exp_month")
		d.typeText("6011111111111117") // Discover: not an accepted brand
		d.keys(tea.KeyDown)
		d.typeText("10")
		d.keys(tea.KeyDown)
		d.typeText("2026")
		d.keys(tea.KeyDown)
		d.typeText("an")
		for i := 0; i < 3; i++ {
			d.keys(tea.KeyDown)
		}
		d.keys(tea.KeyEnter)
		d.waitKey("error.invalid")
		v := d.golden()
		if !strings.Contains(v, "6011111111111117") {
			t.Error("the card number typed was lost")
		}
		wholeOnALine(t, v, "MasterCard", "AMERICAN EXPRESS")
		bodyFits(t, d.frame, 80)
	})
}

// SPEC §11.5: a card number typed with spaces is accepted, and a bad year is
// marked on the year row, not the month; a two-digit year means 20YY.
func TestPaymentCardYear(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openPayment()
		d.fillCard("5555 5555 5555 4444", "12", "202", "HANAKO", "ARUTERI")
		d.waitKey("problem.card_expiry_year.format")
		v := d.golden()
		// The year's marker and its message, and the lead's.
		if strings.Count(v, "*") != 2+strings.Count(d.msg.T("error.invalid"), "*") {
			t.Errorf("other rows than the year are marked:\n%s", v)
		}
	})
}

// A card number with hyphens and a two-digit year (20YY) go through to the confirm step.
func TestPaymentCardTwoDigitYear(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openPayment()
		d.fillCard("5555-5555-5555-4444", "12", "29", "HANAKO", "ARUTERI")
		d.waitText("XXXX-XXXX-XXXX-4444")
		if v := d.view(); !strings.Contains(v, "12/2029") {
			t.Errorf("the two-digit year is not 2029:\n%s", v)
		}
	})
}

func TestPaymentCardPendingConfirm(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openPayment()
		d.fillCard("5555555555554444", "12", "2029", "HANAKO", "ARUTERI")
		d.waitText("XXXX-XXXX-XXXX-4444")
		v := d.golden()
		if strings.Contains(v, "5555555555554444") {
			t.Error("the confirm step shows the full card number")
		}
	})
}

func TestPaymentTransferConfirm(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openPayment()
		d.keys(tea.KeyDown, tea.KeyDown, tea.KeyEnter)
		d.waitKey("payment.payee")
		d.golden()
	})
}

func TestHeaderShowsDemoDate(t *testing.T) {
	f := newHistoryFixture(t)
	if _, _, err := f.svc.AdvanceClock(opOf(), 0, 10); err != nil {
		t.Fatal(err)
	}
	d := f.start(t, "ja", 80, 24)
	d.loginAs(f.login("holder", 0))
	d.waitKey("header.demo_date", "2026/12/02")
	d.view()
}

func TestPaymentCardComplete(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openPayment()
		d.fillCard("3530111333300000", "1", "2030", "AN", "ARUTERI")
		d.waitText("XXXX-XXXX-XXXX-0000")
		d.keys(tea.KeyEnter)
		d.waitKey("common.done")
		d.golden()
	})
}

func TestPaymentDebitInput(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openPayment()
		d.keys(tea.KeyDown, tea.KeyEnter)
		d.waitKey("payment.bank_name")
		d.golden()
	})
}

// A bank-transfer statement nothing has been received on yet says so, with the
// due date and what remains to pay (SPEC §10).
func TestStatementTransferUnpaid(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 1))
		d.openStatement("2026-10", 12)
		d.waitKey("balance.remaining")
		d.golden()
	})
}

// A statement partly paid by transfer shows each payment received (date, amount,
// how) and what remains.
func TestStatementTransferPartlyPaid(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		oct := core.Month{Year: 2026, Month: time.October}
		st, err := f.svc.StatementOf(core.Operator("test"), f.login("holder", 1).Login, oct)
		if err != nil || st.Total <= 200 {
			t.Fatalf("October: %+v, %v", st, err)
		}
		if _, err := f.svc.RecordPayment(core.Operator("test"), st.Number, oct, 200, time.Date(2026, time.November, 10, 0, 0, 0, 0, core.JST)); err != nil {
			t.Fatal(err)
		}
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 1))
		d.openStatement("2026-10", 12)
		d.waitKey("balance.col.method")
		d.golden()
	})
}

// SPEC §4.1: the step-up lasts 15 minutes; afterwards the statements ask for the
// customer number again and say why.
func TestStepUpExpires(t *testing.T) {
	f := newHistoryFixture(t)
	d := f.start(t, "ja", 80, 24)
	d.loginAs(f.login("admin", 0))
	d.stepUp(f, f.login("holder", 0).Password)
	d.waitKey("statements.col.state")
	f.clock.Advance(15 * time.Minute)
	d.open(routeStatements{})
	d.waitKey("stepup.ended")
	if v := d.view(); !strings.Contains(v, string([]rune(d.msg.N("stepup.lead", 15, 15))[:10])) {
		t.Fatalf("after the step-up ended the customer number is not asked again:\n%s", v)
	}
}

// openPayment opens お支払い方法変更 at its overview of the current method.
func (d *drive) openPayment() {
	d.t.Helper()
	d.open(routePayment{})
	d.waitKey("payment.current")
}

// fillCard chooses the card on the payment overview, types the card number,
// expiry month and year and the holder's names into the rows in turn, ticks
// the agreement and goes on.
func (d *drive) fillCard(number, month, year, first, last string) {
	d.t.Helper()
	d.keys(tea.KeyEnter) // クレジットカード
	d.waitKey("payment.exp_month")
	for _, v := range []string{number, month, year, first, last} {
		d.typeText(v)
		d.keys(tea.KeyDown)
	}
	d.typeText("x")
	d.keys(tea.KeyDown, tea.KeyEnter)
}

// openStatement opens the statement of the month (YYYY-MM), waits for it and
// scrolls down the given number of lines. Waits afterwards look at everything
// written since the scrolling began: a key at the end of the body redraws
// nothing.
func (d *drive) openStatement(month string, down int) {
	d.t.Helper()
	d.open(routeStatement{month: month})
	d.waitText("T8350001007118") // the invoice registration number, on every statement
	// One send: a wait after it looks at all the output since the first key,
	// which matters when the last keys reach the end and change nothing.
	if down > 0 {
		d.keys(repeatKey(tea.KeyDown, down)...)
	}
}

// repeatKey is n presses of one key.
func repeatKey(k tea.KeyType, n int) []tea.KeyType {
	ks := make([]tea.KeyType, n)
	for i := range ks {
		ks[i] = k
	}
	return ks
}

// stepUp opens the statements as an admin ID and re-enters the holder's customer
// number with the given password.
func (d *drive) stepUp(f *fixture, password string) {
	d.t.Helper()
	d.open(routeStatements{})
	d.waitText(string([]rune(d.msg.N("stepup.lead", 15, 15))[:10]))
	d.typeText(f.login("holder", 0).Login)
	d.keys(tea.KeyDown)
	d.typeText(password)
	d.keys(tea.KeyDown, tea.KeyEnter)
}

// A month with more calls than a page shows them a page at a time, says which
// of how many, and pages with PgDn/PgUp and n/p.
func TestCallDetailsPages(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		holder := f.login("holder", 0)
		month := core.MonthOf(f.svc.Now())
		const n = 2*core.CallPageSize + 50
		var calls []core.CallRecord
		for i := 0; i < n; i++ {
			calls = append(calls, core.CallRecord{Contract: holder.Login, Service: "phone", Destination: fmt.Sprintf("03-1234-%04d", i),
				StartedAt: month.Start().Add(time.Duration(i) * time.Minute), Seconds: 61, Amount: 10})
		}
		if _, err := f.svc.ImportCalls(core.Operator("test"), calls); err != nil {
			t.Fatal(err)
		}
		d := f.start(t, lang, 80, 24)
		d.loginAs(holder)
		d.open(routeCalls{service: "phone"})
		d.waitText(d.msg.N("calls.range", n, n, 1, core.CallPageSize))
		d.waitText("03-1234-0000")
		d.keys(tea.KeyPgDown)
		d.waitText(d.msg.N("calls.range", n, n, core.CallPageSize+1, 2*core.CallPageSize))
		d.waitText(fmt.Sprintf("03-1234-%04d", core.CallPageSize))
		d.typeText("n")
		d.waitText(d.msg.N("calls.range", n, n, 2*core.CallPageSize+1, n))
		d.typeText("n") // the last page stays
		d.typeText("p")
		d.waitText(d.msg.N("calls.range", n, n, core.CallPageSize+1, 2*core.CallPageSize))
		d.keys(tea.KeyPgUp)
		d.waitText(d.msg.N("calls.range", n, n, 1, core.CallPageSize))
		d.keys(tea.KeyPgDown, tea.KeyPgDown)
		d.waitText(d.msg.N("calls.range", n, n, 2*core.CallPageSize+1, n))
		d.golden()
	})
}

// The payment method of an English statement names the bank account type in
// English, from the statement's fields.
func TestStatementDebitAccountTypeEnglish(t *testing.T) {
	f := newHistoryFixture(t)
	holder := f.login("holder", 0)
	p := core.Principal{Kind: core.KindHolder, Contract: holder.Login, Source: "test"}
	if _, err := f.svc.SetDebit(p, "", core.DebitForm{Bank: "みずほ銀行", Branch: "横浜", AccountType: "当座",
		AccountNumber: "1234567", AccountHolder: "ヤマダ タロウ", Agree: true}); err != nil {
		t.Fatal(err)
	}
	d := f.start(t, "en", 132, 40)
	d.loginAs(holder)
	d.openStatement("2026-11", 0)
	d.waitText("XXX4567")
	v := d.view()
	if !strings.Contains(v, "Auto-debit みずほ銀行 横浜 Checking XXX4567") || strings.Contains(v, "当座") {
		t.Errorf("the English statement's payment method:\n%s", v)
	}
}

// The notes of the card form come before its agreement, which says it agrees
// to what is above (seed 003: the notes, then 「上記の内容に同意する」).
func TestCardNotesAboveAgreement(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 40)
		d.loginAs(f.login("holder", 0))
		d.openPayment()
		d.keys(tea.KeyEnter) // クレジットカード
		d.waitKey("payment.exp_month")
		d.view()
		body := d.app.body.content
		note := string([]rune(d.msg.T("payment.note_security"))[:8])
		if n, a := strings.Index(body, note), strings.Index(body, d.msg.T("common.agree")); n < 0 || a < 0 || n > a {
			t.Errorf("the notes are not above the agreement:\n%s", body)
		}
	})
}
