package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/i18n"
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
		// The closed months say where their payment stands: the card-paid
		// months say so, as their statements do.
		if !strings.Contains(v, d.msg.T("statements.state.card")) {
			t.Errorf("the list lacks %q", d.msg.T("statements.state.card"))
		}
	})
}

// A 年会費制 contract opened with no payment method registers auto-debit in
// its second month: its first month, closed unpaid, is carried into the first
// auto-debit (seed 004). Before that debit's result the list says so in words
// and the carried month says which debit collects it, with no due date of its own.
func TestStatementListCarried(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		holder := carriedContract(t, f)
		d := f.start(t, lang, 80, 24)
		d.loginAs(holder)
		d.open(routeStatements{})
		d.waitKey("statements.col.state")
		d.waitKey("statements.state.carried")
		d.golden()
	})
}

func TestStatementCarriedBeforeDebit(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		holder := carriedContract(t, f)
		st, err := f.svc.StatementOf(opOf(), holder.Login, core.Month{Year: 2026, Month: time.November})
		if err != nil || st.Balance == nil || st.Balance.State != core.BalanceCarried || st.Balance.CarriedTo != "2026-12" {
			t.Fatalf("November is not carried into December's first debit: %+v, %v", st.Balance, err)
		}
		d := f.start(t, lang, 80, 24)
		d.loginAs(holder)
		d.openStatement("2026-11", 30)
		want := d.msg.T("balance.carried_to", d.msg.T("statement.month", 2026, 12))
		d.waitText(string([]rune(want)[:8]))
		v := d.golden()
		wholeOnALine(t, v, want)
		if strings.Contains(v, d.msg.T("statement.due")) {
			t.Errorf("a carried month shows a due date of its own:\n%s", v)
		}
	})
}

// carriedContract is a 年会費制 contract opened today (2026-11) with no payment
// method, which registers auto-debit in December; the clock is then in January
// 2027, before the bank reports December's first debit.
func carriedContract(t *testing.T, f *fixture) core.DemoLogin {
	t.Helper()
	holder := newContract(t, f, "spaaqs-home", "annual-connect")
	if _, _, err := f.svc.AdvanceClock(opOf(), 1, 0); err != nil {
		t.Fatal(err)
	}
	p := core.Principal{Kind: core.KindHolder, Contract: holder.Login, Source: "test"}
	if _, err := f.svc.SetDebit(p, "", core.DebitForm{Bank: "埼玉りそな銀行", Branch: "浦和支店", AccountType: "普通",
		AccountNumber: "7654321", AccountHolder: "スズキ　イチロウ", Agree: true}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.AdvanceClock(opOf(), 1, 0); err != nil {
		t.Fatal(err)
	}
	return holder
}

// newContract opens a contract of the type for a new customer today, with the
// plan when given, and returns its holder's login.
func newContract(t *testing.T, f *fixture, typ, plan string) core.DemoLogin {
	t.Helper()
	cert, err := f.svc.CreateContract(opOf(), core.NewContract{Type: typ, Customer: core.Customer{
		LastName: "鈴木", FirstName: "一郎", LastKana: "スズキ", FirstKana: "イチロウ", RomajiLast: "SUZUKI", RomajiFirst: "ICHIRO",
		BirthDate: "1988-02-03", Gender: "male", Address: "東京都港区芝1-2-3", Occupation: "employee", Household: 1,
		Phone: "03-1111-2222"}})
	if err != nil {
		t.Fatal(err)
	}
	if plan != "" {
		if _, err := f.svc.AddPlan(opOf(), cert.Number, plan, f.svc.Now()); err != nil {
			t.Fatal(err)
		}
	}
	return core.DemoLogin{Kind: "holder", Login: cert.Number, Password: cert.InitialPassword}
}

// A month of ¥0 has nothing to pay: no due date, and its state says so, in
// the list and on the statement. A contract without plan or option, whose
// first month has closed, has such a month.
func TestStatementNothingToPay(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		holder := newContract(t, f, "spaaqs-lan", "")
		if _, _, err := f.svc.AdvanceClock(opOf(), 1, 0); err != nil {
			t.Fatal(err)
		}
		nov := core.Month{Year: 2026, Month: time.November}
		st, err := f.svc.StatementOf(opOf(), holder.Login, nov)
		if err != nil || !st.Closed || st.Total != 0 || len(st.Lines) != 0 {
			t.Fatalf("the new contract's first month is not a closed one of ¥0: %+v, %v", st, err)
		}
		d := f.start(t, lang, 80, 24)
		d.loginAs(holder)
		d.open(routeStatements{})
		d.waitKey("statements.col.state")
		d.waitKey("balance.none")
		d.open(routeStatement{month: nov.String()})
		d.waitText("T8350001007118")
		d.waitKey("balance.none")
		v := d.golden()
		if strings.Contains(v, d.msg.T("statement.due")) {
			t.Errorf("a statement of ¥0 shows a due date:\n%s", v)
		}
		if !strings.Contains(v, d.msg.T("statement.no_items")) {
			t.Errorf("a statement without lines does not say so:\n%s", v)
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

// Every rule a statement line names and every line kind has its words in both
// catalogs, so that no line shows a bare [key]; a rule's words are never empty.
func TestStatementLineKeys(t *testing.T) {
	rules := append([]string{core.RuleStandard, core.RuleSecurity, core.RuleWarranty, core.RuleReapplyFee, core.RuleSameMonth},
		core.PlanLineRules...)
	kinds := []string{core.LineMonthly, core.LineFee, core.LineCredit, core.LineCalls, core.LinePlan}
	states := []string{core.BalanceDue, core.BalancePartial, core.BalanceCard, core.BalanceNone, core.BalanceCarried,
		core.CollectionPaid, core.CollectionRetryPending, core.CollectionUnpaid}
	for _, lang := range langs {
		d := i18n.New(lang)
		for _, r := range rules {
			if k := "statement.rule." + r; !d.Has(k) || d.T(k) == "" {
				t.Errorf("%s: no words for the rule %q", lang, r)
			}
		}
		for _, k := range kinds {
			if !d.Has("statement.kind." + k) {
				t.Errorf("%s: no words for the line kind %q", lang, k)
			}
		}
		for _, s := range states {
			if !d.Has("balance." + s) {
				t.Errorf("%s: no words for the payment state %q", lang, s)
			}
		}
	}
}

// changeToBasic confirms, as the multi contract's holder, the change of its
// VPS-2(Plesk) (annual, from 2026-08) to Basic from 2026-12 (seed 001: the
// initial fee waived, the first month free, the old plan's remaining months
// credited on the first charge), then moves the demo clock on the given months.
func changeToBasic(t *testing.T, f *fixture, months int) core.PlanChangeQuote {
	t.Helper()
	p := principalOf(t, f, f.login("holder", 0))
	plans, err := f.svc.Plans(p)
	if err != nil || len(plans) != 1 {
		t.Fatalf("the multi contract's plans: %+v, %v", plans, err)
	}
	req := core.PlanChangeRequest{Service: plans[0].Service.ID, To: "basic", Start: core.Month{Year: 2026, Month: time.December}}
	res, err := f.svc.ChangePlan(p, f.svc.NewToken(), req)
	if err != nil {
		t.Fatal(err)
	}
	if q := res.Change.Quote; q.WaivedInitialFee == 0 || q.Credit == 0 {
		t.Fatalf("the change waives no fee or credits nothing: %+v", q)
	}
	if months > 0 {
		if _, _, err := f.svc.AdvanceClock(opOf(), months, 0); err != nil {
			t.Fatal(err)
		}
	}
	return res.Change.Quote
}

// The month a plan change starts: the new plan's first month free and its
// initial fee waived, each a line of 0 yen that says why (seed 001, rules 1, 3).
func TestStatementPlanChangeFreeMonth(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		q := changeToBasic(t, f, 1)
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openStatement("2026-12", 0)
		d.waitKey("statement.rule.plan-free-month")
		v := d.golden()
		for _, r := range []string{core.RulePlanFree, core.RulePlanWaived} {
			if !strings.Contains(v, d.msg.T("statement.rule."+r)) {
				t.Errorf("the statement does not say %q:\n%s", d.msg.T("statement.rule."+r), v)
			}
		}
		if !strings.Contains(v, common.GroupDigits(q.WaivedInitialFee)) {
			t.Errorf("the initial fee waived (%d yen) is not said:\n%s", q.WaivedInitialFee, v)
		}
		bodyFits(t, d.frame, 80)
	})
}

// The month after: the new plan charged at its price, less the credit of the
// old annual plan's remaining months (seed 001, rule 4), on a line of its own.
func TestStatementPlanChangeCredit(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		q := changeToBasic(t, f, 2)
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openStatement("2027-01", 0)
		d.waitKey("statement.rule.plan-credit")
		v := d.golden()
		st, err := f.svc.StatementOf(opOf(), f.login("holder", 0).Login, core.Month{Year: 2027, Month: time.January})
		if err != nil {
			t.Fatal(err)
		}
		var credit *core.StatementLine
		for i, l := range st.Lines {
			if l.Rule == core.RulePlanCredit {
				credit = &st.Lines[i]
			}
		}
		if credit == nil || credit.Amount >= 0 {
			t.Fatalf("no credit line: %+v", st.Lines)
		}
		wholeOnALine(t, v, d.msg.T("common.yen_plain", common.GroupDigits(credit.Amount)))
		// The part of the credit used here is on the line; the whole credit and
		// the months its rest extends the term by are said under it.
		if q.ExtendMonths == 0 || !strings.Contains(v, common.GroupDigits(q.Credit)) || !strings.Contains(v, fmt.Sprint(q.ExtendMonths)) {
			t.Errorf("the credit of %d yen and its extension of %d months are not said:\n%s", q.Credit, q.ExtendMonths, v)
		}
		bodyFits(t, d.frame, 80)
	})
}

// The first auto-debit of the home contract collects its first month too
// (seed 004): the statement lists the carried month with its amount, and the
// sum debited.
func TestStatementFirstDebitCarries(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		home := f.login("holder", 2)
		st, err := f.svc.StatementOf(opOf(), home.Login, core.Month{Year: 2026, Month: time.September})
		if err != nil || st.Balance == nil || len(st.Balance.Carried) != 1 {
			t.Fatalf("September is not the first debit carrying August: %+v, %v", st.Balance, err)
		}
		d := f.start(t, lang, 80, 24)
		d.loginAs(home)
		d.openStatement("2026-09", 30)
		d.waitKey("balance.debit_amount")
		v := d.golden()
		// The mailbox added mid-term says how its remaining days were adjusted (seed 004 §2).
		plans, err := f.svc.PlansOf(opOf(), home.Login)
		if err != nil || len(plans) != 1 || len(plans[0].Service.Adjusts) != 1 {
			t.Fatalf("the home contract's plan: %+v, %v", plans, err)
		}
		a := plans[0].Service.Adjusts[0]
		for _, n := range []string{fmt.Sprint(a.DaysBefore), fmt.Sprint(a.DaysAfter), common.GroupDigits(a.OldFee), common.GroupDigits(a.NewFee)} {
			if !strings.Contains(v, n) {
				t.Errorf("the adjustment's %s is not said:\n%s", n, v)
			}
		}
		wholeOnALine(t, v, d.msg.T("balance.carried_month"), d.msg.T("balance.debit_amount"),
			d.msg.T("common.yen_incl", common.GroupDigits(st.Balance.Carried[0].Amount)), d.msg.T("common.yen_incl", common.GroupDigits(st.Balance.DebitAmount)))
		bodyFits(t, d.frame, 80)
	})
}

// The month carried, once the first debit collected it, says which debit did,
// and has no due date of its own.
func TestStatementCarriedMonth(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		home := f.login("holder", 2)
		d := f.start(t, lang, 80, 24)
		d.loginAs(home)
		d.openStatement("2026-08", 30)
		want := d.msg.T("balance.first_debit_value", d.msg.T("statement.month", 2026, 9))
		d.waitText(string([]rune(want)[:8]))
		v := d.golden()
		wholeOnALine(t, v, want)
		if strings.Contains(v, d.msg.T("statement.due")) {
			t.Errorf("a carried month shows a due date of its own:\n%s", v)
		}
		bodyFits(t, d.frame, 80)
	})
}
