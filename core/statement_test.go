package core_test

import (
	"errors"
	"testing"
	"time"

	"mypage/core"
)

// SPEC §10: T + 13 digits, the first digit the check digit of the other twelve.
func TestValidRegistrationNumber(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"T8350001007118", true},   // the example of SPEC §10
		{"T7350001007118", false},  // check digit changed
		{"T9350001007118", false},  // check digit changed
		{"T8350001007119", false},  // another digit changed
		{"T835000100711", false},   // 12 digits
		{"T83500010071180", false}, // 14 digits
		{"8350001007118", false},   // no T
		{"t8350001007118", false},  // lower-case t
		{"X8350001007118", false},  // another letter
		{"T83500010071A8", false},  // a letter among the digits
		{"T８350001007118", false},  // a full-width digit
		{"", false},
		{"T", false},
	}
	for _, tt := range tests {
		if got := core.ValidRegistrationNumber(tt.in); got != tt.want {
			t.Errorf("ValidRegistrationNumber(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	// Every check digit 1–9 has numbers; exactly one digit fits each body.
	for _, body := range []string{"000000000000", "350001007118", "999999999999", "123456789012"} {
		valid := 0
		for d := '0'; d <= '9'; d++ {
			if core.ValidRegistrationNumber("T" + string(d) + body) {
				valid++
			}
		}
		if valid != 1 {
			t.Errorf("body %s: %d valid check digits, want 1", body, valid)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	if err := (core.Config{}).Validate(); err != nil {
		t.Errorf("empty issuer (the default): %v", err)
	}
	if err := (core.Config{Issuer: core.Issuer{Name: "x", RegistrationNumber: "T8350001007118"}}).Validate(); err != nil {
		t.Errorf("valid issuer: %v", err)
	}
	err := core.Config{Issuer: core.Issuer{Name: "x", RegistrationNumber: "T8350001007119"}}.Validate()
	wantErr(t, err, core.ErrRegistrationNumber)
	if !core.ValidRegistrationNumber(core.DefaultIssuer.RegistrationNumber) {
		t.Error("the default issuer's number is invalid")
	}
}

// stmtContract is a contract made by hand for BuildStatement, opened on 2026-04-01.
func stmtContract(records ...core.OptionRecord) *core.Contract {
	return &core.Contract{Number: "12345678901234", Type: "spaaqs-multi", Customer: customer(),
		CreatedAt: start, Options: records}
}

func midnight(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, core.JST) }

// SPEC §2, §10: the tax is computed once per rate per statement, rounded down; never per line.
func TestStatementTaxRoundedOncePerStatement(t *testing.T) {
	cat := core.DefaultCatalog()
	bought := time.Date(2026, time.April, 10, 12, 0, 0, 0, core.JST)
	c := stmtContract(
		core.OptionRecord{Option: "sec-basic", Account: "arteri-an-001", PurchasedAt: bought},
		core.OptionRecord{Option: "sec-basic", Account: "arteri-ko-002", PurchasedAt: bought.Add(time.Hour)},
	)
	may := core.Month{Year: 2026, Month: time.May}
	issued := midnight(2026, time.June, 1)
	st, err := core.BuildStatement(cat, c, nil, may, core.DefaultIssuer, issued)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Lines) != 2 {
		t.Fatalf("lines %+v, want two Security Basic lines", st.Lines)
	}
	perLine := int64(0)
	for i, l := range st.Lines {
		if l.Amount != 286 || l.TaxRate != 10 || l.Code != "sec-basic" || l.Kind != core.LineMonthly ||
			l.Period != "2026-05" || l.Rule != core.RuleSecurity || l.Description != "セキュリティベーシック" || l.Reason == "" {
			t.Errorf("line %d: %+v", i, l)
		}
		perLine += l.Amount * 10 / 100
	}
	if st.Lines[0].Account != "arteri-an-001" || st.Lines[1].Account != "arteri-ko-002" {
		t.Errorf("accounts %q, %q", st.Lines[0].Account, st.Lines[1].Account)
	}
	if perLine != 56 {
		t.Fatalf("per-line tax %d, the test needs 56", perLine)
	}
	want := []core.TaxSubtotal{{Rate: 10, Base: 572, Tax: 57}}
	if mustJSON(t, st.Subtotals) != mustJSON(t, want) {
		t.Errorf("subtotals %+v, want %+v (floor(572 × 10 / 100) = 57, not 28 + 28)", st.Subtotals, want)
	}
	if st.Total != 629 {
		t.Errorf("total %d, want 629", st.Total)
	}

	// The qualified-invoice fields.
	if st.Number != c.Number || st.Month != "2026-05" || st.Recipient != "鈴木 一郎 様" || st.Issuer != core.DefaultIssuer ||
		!st.IssuedAt.Equal(issued) || !st.PeriodFrom.Equal(midnight(2026, time.May, 1)) || !st.PeriodTo.Equal(midnight(2026, time.May, 31)) {
		t.Errorf("header %+v", st)
	}
	if st.Closed || st.Collection != nil {
		t.Errorf("BuildStatement made a closed or collected statement: %+v", st)
	}
	if st.Payment.Kind != "none" || !st.DueDate.Equal(midnight(2026, time.June, 30)) {
		t.Errorf("payment %+v, due %v", st.Payment, st.DueDate)
	}

	// The purchase month is free (SPEC §8): no lines, total 0, the 10 % row all the same.
	april, err := core.BuildStatement(cat, c, nil, core.Month{Year: 2026, Month: time.April}, core.DefaultIssuer, issued)
	if err != nil {
		t.Fatal(err)
	}
	if april.Total != 0 || april.Lines == nil || len(april.Lines) != 0 ||
		mustJSON(t, april.Subtotals) != mustJSON(t, []core.TaxSubtotal{{Rate: 10}}) {
		t.Errorf("empty month: %+v", april)
	}

	// BuildStatement is pure: the same history gives the same statement.
	again, _ := core.BuildStatement(cat, c, nil, may, core.DefaultIssuer, issued)
	if mustJSON(t, again) != mustJSON(t, st) {
		t.Error("the same history built two statements")
	}
}

// Subtotal per rate: every line of one rate adds to its base, the tax of each
// rate is rounded once, and the total is the bases plus the taxes.
func TestStatementSubtotalPerRate(t *testing.T) {
	cat := core.DefaultCatalog()
	p := time.Date(2026, time.March, 3, 9, 0, 0, 0, core.JST)
	c := stmtContract(
		core.OptionRecord{Option: "remote-support", PurchasedAt: p},                             // 500
		core.OptionRecord{Option: "kids-filter", Account: "arteri-an-001", PurchasedAt: p},      // 286
		core.OptionRecord{Option: "sec-360", Account: "arteri-ko-002", PurchasedAt: p},          // 571
		core.OptionRecord{Option: "remote-support", PurchasedAt: p.AddDate(0, 1, 0), Fee: 3000}, // fee only in April
	)
	c.Options[0].CancelledAt = ptr(p.AddDate(0, 0, 20))
	calls := []core.CallRecord{
		{Contract: c.Number, Service: "phone", StartedAt: time.Date(2026, time.April, 2, 10, 0, 0, 0, core.JST), Destination: "0312345678", Seconds: 60, Amount: 8},
		{Contract: c.Number, Service: "phone", StartedAt: time.Date(2026, time.April, 20, 10, 0, 0, 0, core.JST), Destination: "0312345678", Seconds: 90, Amount: 16},
		{Contract: c.Number, Service: "gatecall", StartedAt: time.Date(2026, time.April, 5, 10, 0, 0, 0, core.JST), Destination: "0663334444", Seconds: 30, Amount: 21},
	}
	st, err := core.BuildStatement(cat, c, calls, core.Month{Year: 2026, Month: time.April}, core.DefaultIssuer, start)
	if err != nil {
		t.Fatal(err)
	}
	var base int64
	kinds := map[string]int{}
	for _, l := range st.Lines {
		base += l.Amount
		kinds[l.Kind]++
		if l.TaxRate != core.TaxRate || l.Period != "2026-04" {
			t.Errorf("line %+v", l)
		}
	}
	// kids-filter 286 + sec-360 571 + the fee 3000 + phone 24 + GATE CALL 21 (remote support
	// was cancelled in March: the cancel month was the last charged).
	if base != 286+571+3000+24+21 {
		t.Errorf("lines %+v add to %d", st.Lines, base)
	}
	if kinds[core.LineMonthly] != 2 || kinds[core.LineFee] != 1 || kinds[core.LineCalls] != 2 {
		t.Errorf("line kinds %v", kinds)
	}
	if len(st.Subtotals) != 1 || st.Subtotals[0].Rate != 10 || st.Subtotals[0].Base != base || st.Subtotals[0].Tax != base*10/100 {
		t.Errorf("subtotals %+v for base %d", st.Subtotals, base)
	}
	if st.Total != base+base*10/100 {
		t.Errorf("total %d", st.Total)
	}
}

// SPEC §10: the call lines are one per telephone service with the month's sum,
// in the order of core.CallServices.
func TestStatementCallLines(t *testing.T) {
	at := func(d, h int) time.Time { return time.Date(2026, time.April, d, h, 0, 0, 0, core.JST) }
	c := stmtContract()
	calls := []core.CallRecord{
		{Contract: c.Number, Service: "phone", StartedAt: at(3, 9), Destination: "0312345678", Seconds: 60, Amount: 8},
		{Contract: c.Number, Service: "gatecall050", StartedAt: at(4, 9), Destination: "05011112222", Seconds: 60, Amount: 10},
		{Contract: c.Number, Service: "phone", StartedAt: at(5, 9), Destination: "09011112222", Seconds: 120, Amount: 32},
		{Contract: c.Number, Service: "phone", StartedAt: at(6, 9), Destination: "0312345678", Seconds: 5, Amount: 0},
	}
	st, err := core.BuildStatement(core.DefaultCatalog(), c, calls, core.Month{Year: 2026, Month: time.April}, core.DefaultIssuer, start)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		code, desc, reason string
		amount             int64
	}{
		{"gatecall050", "GATE CALL050 通話料", "1 calls", 10},
		{"phone", "UCOM光電話 通話料", "3 calls", 40},
	}
	if len(st.Lines) != len(want) {
		t.Fatalf("lines %+v", st.Lines)
	}
	for i, w := range want {
		l := st.Lines[i]
		if l.Kind != core.LineCalls || l.Code != w.code || l.Description != w.desc || l.Reason != w.reason || l.Amount != w.amount {
			t.Errorf("line %d: %+v, want %+v", i, l, w)
		}
	}
	if st.Total != 50+5 {
		t.Errorf("total %d, want 55", st.Total)
	}
	// No calls: no call lines.
	st, _ = core.BuildStatement(core.DefaultCatalog(), c, nil, core.Month{Year: 2026, Month: time.April}, core.DefaultIssuer, start)
	if len(st.Lines) != 0 {
		t.Errorf("lines without calls: %+v", st.Lines)
	}
}

func ptr[T any](v T) *T { return &v }

// putHistory rewrites a contract's option records behind the service's back, as
// a repaired or migrated database would.
func (e *env) putHistory(t *testing.T, number string, edit func(*core.Contract)) {
	t.Helper()
	err := e.db.Update(func(tx core.Tx) error {
		var c core.Contract
		if err := tx.Get("contracts", number, &c); err != nil {
			return err
		}
		edit(&c)
		return tx.Put("contracts", number, &c)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (e *env) statement(t *testing.T, p core.Principal, m core.Month) core.Statement {
	t.Helper()
	st, err := e.svc.Statement(p, m)
	if err != nil {
		t.Fatalf("Statement %s: %v", m, err)
	}
	return st
}

var (
	april26 = core.Month{Year: 2026, Month: time.April}
	may26   = core.Month{Year: 2026, Month: time.May}
	june26  = core.Month{Year: 2026, Month: time.June}
)

// SPEC §10: a month is open until the clock passes it; then its statement is
// stored and no later change of history, purchase, cancel or catalog alters it,
// while the open month's estimate follows every change.
func TestClosedStatementNeverChanges(t *testing.T) {
	f := newOptFix(t)
	f.setOther(t, f.holder, anID, "an@example.com")
	f.setOther(t, f.holder, koID, "ko@example.com")
	f.purchase(t, f.holder, "sec-basic", anID)
	f.purchase(t, f.holder, "sec-basic", koID)

	// In May, May is an estimate that is not stored.
	f.clock.Set(time.Date(2026, time.May, 20, 10, 0, 0, 0, core.JST))
	est := f.statement(t, f.holder, may26)
	if est.Closed || est.Total != 629 || !est.IssuedAt.Equal(f.svc.Now()) {
		t.Fatalf("May estimate %+v", est)
	}

	// The clock passes May: its statement is closed, issued on June 1.
	f.clock.Set(time.Date(2026, time.June, 2, 10, 0, 0, 0, core.JST))
	closed := f.statement(t, f.holder, may26)
	if !closed.Closed || closed.Total != 629 || !closed.IssuedAt.Equal(midnight(2026, time.June, 1)) {
		t.Fatalf("May after the clock passed it: %+v", closed)
	}
	stored := f.rawGet(t, "statements", f.multi+"/2026-05")
	if stored["closed"] != true || stored["total"] != float64(629) {
		t.Fatalf("stored statement %v", stored)
	}
	closes := 0
	for _, r := range f.audit(t) {
		if r.Action == "statement-close" && r.Target == f.multi+"/2026-05" {
			closes++
		}
	}
	if closes != 1 {
		t.Errorf("%d audit records close May, want 1", closes)
	}
	june := f.statement(t, f.holder, june26)
	if june.Closed || june.Total != 629 {
		t.Fatalf("June estimate %+v", june)
	}

	// Later procedures: a cancel, a new purchase, a re-application with its fee.
	f.cancel(t, f.holder, "sec-basic", anID)
	f.purchase(t, f.user, "kids-filter", koID)
	f.purchase(t, f.holder, "remote-support", "")
	f.cancel(t, f.holder, "remote-support", "")
	f.purchase(t, f.holder, "remote-support", "") // a 3,000-yen re-application fee in June
	// A change of history behind the procedures: an April purchase that would charge May.
	f.putHistory(t, f.multi, func(c *core.Contract) {
		c.Options = append(c.Options, core.OptionRecord{Option: "kids-filter", Account: anID,
			PurchasedAt: time.Date(2026, time.April, 15, 9, 0, 0, 0, core.JST)})
	})
	after := f.statement(t, f.holder, may26)
	if mustJSON(t, after) != mustJSON(t, closed) {
		t.Errorf("the closed May statement changed:\nbefore %s\nafter  %s", mustJSON(t, closed), mustJSON(t, after))
	}
	// The open month follows: Security Basic 286 × 2 (a cancel month is charged), remote
	// support 500 (bought and cancelled in June) and the 3,000 fee of the second purchase,
	// kids-filter 286 from the April record: 4,358, tax 435.
	june = f.statement(t, f.holder, june26)
	if june.Closed || june.Total != 4358+435 {
		t.Errorf("June estimate after the changes: total %d, lines %+v", june.Total, june.Lines)
	}

	// Another catalog (an operator's price change) does not reprice a closed month either.
	cat := core.DefaultCatalog()
	for i := range cat.Options {
		if cat.Options[i].Code == "sec-basic" {
			cat.Options[i].Monthly = 999
		}
	}
	other := core.NewService(f.db, core.Config{Hash: cheap, Clock: f.clock, Catalog: cat})
	st, err := other.StatementOf(f.op, f.multi, may26)
	if err != nil {
		t.Fatal(err)
	}
	if mustJSON(t, st) != mustJSON(t, closed) {
		t.Errorf("another catalog changed the closed statement: %s", mustJSON(t, st))
	}
	if st, _ := other.StatementOf(f.op, f.multi, june26); st.Total == june.Total {
		t.Errorf("the open month did not follow the new price: %d", st.Total)
	}
}

// StatementMonths lists the open month first, then every closed month back to the
// contract's creation month.
func TestStatementMonths(t *testing.T) {
	f := newOptFix(t)
	f.dropPlans(t, f.multi)
	f.setOther(t, f.holder, anID, "an@example.com")
	f.purchase(t, f.holder, "sec-basic", anID)
	rows, err := f.svc.StatementMonths(f.holder)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Month != "2026-04" || rows[0].Closed || rows[0].Total != 0 {
		t.Fatalf("in the first month: %+v", rows)
	}

	f.clock.Set(time.Date(2026, time.July, 1, 0, 0, 0, 0, core.JST))
	rows, err = f.svc.StatementMonths(f.holder)
	if err != nil {
		t.Fatal(err)
	}
	want := []core.StatementSummary{
		{Month: "2026-07", Total: 314, Closed: false, Payment: core.PaymentTransfer},
		{Month: "2026-06", Total: 314, Closed: true, State: core.BalanceDue, Payment: core.PaymentTransfer}, // nothing received yet
		{Month: "2026-05", Total: 314, Closed: true, State: core.BalanceDue, Payment: core.PaymentTransfer},
		{Month: "2026-04", Total: 0, Closed: true, State: core.BalanceNone, Payment: core.PaymentTransfer}, // nothing to pay
	}
	if mustJSON(t, rows) != mustJSON(t, want) {
		t.Errorf("months %+v, want %+v", rows, want)
	}
	// Each row agrees with its statement.
	for _, r := range rows {
		m, _ := core.ParseMonth(r.Month)
		if st := f.statement(t, f.holder, m); st.Total != r.Total || st.Closed != r.Closed {
			t.Errorf("%s: row %+v, statement total %d closed %v", r.Month, r, st.Total, st.Closed)
		}
	}
	// No statement before the contract or after the current month.
	for _, m := range []core.Month{{Year: 2026, Month: time.March}, {Year: 2026, Month: time.August}} {
		if _, err := f.svc.Statement(f.holder, m); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("Statement %s: err = %v, want ErrNotFound", m, err)
		}
		if _, err := f.svc.StatementOf(f.op, f.multi, m); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("StatementOf %s: err = %v, want ErrNotFound", m, err)
		}
	}
	if _, err := f.svc.StatementOf(f.op, "99999999999999", april26); !errors.Is(err, core.ErrNotFound) {
		t.Errorf("StatementOf of no contract: err = %v", err)
	}
}

// SPEC §4.1, §10: statements are the holder's; an admin account ID steps up with the
// customer number and password; a user account ID never sees them.
func TestStatementPermission(t *testing.T) {
	f := newOptFix(t)
	holderPW := f.d.holder["spaaqs-multi"].Password

	if _, err := f.svc.Statement(f.holder, april26); err != nil {
		t.Errorf("holder: %v", err)
	}
	if _, err := f.svc.StatementMonths(f.holder); err != nil {
		t.Errorf("holder months: %v", err)
	}
	if _, err := f.svc.CallStatement(f.holder, "phone", april26); err != nil {
		t.Errorf("holder calls: %v", err)
	}
	for name, p := range map[string]core.Principal{"admin ID": f.admin, "user ID": f.user} {
		_, err := f.svc.Statement(p, april26)
		wantErr(t, err, core.ErrForbidden)
		_, err = f.svc.StatementMonths(p)
		wantErr(t, err, core.ErrForbidden)
		_, err = f.svc.CallStatement(p, "phone", april26)
		wantErr(t, err, core.ErrForbidden)
		_ = name
	}

	// Step-up: a wrong password, another contract's number, then the right ones.
	_, err := f.svc.StepUp(f.admin, f.multi, "not-the-password")
	wantErr(t, err, core.ErrLoginFailed)
	_, err = f.svc.StepUp(f.admin, f.lan, f.d.holder["spaaqs-lan"].Password)
	wantErr(t, err, core.ErrLoginFailed)
	up, err := f.svc.StepUp(f.admin, f.multi, holderPW)
	if err != nil {
		t.Fatalf("step-up: %v", err)
	}
	if up.Kind != core.KindStepUp || up.Contract != f.multi || up.AccountID != f.admin.AccountID {
		t.Fatalf("step-up principal %+v", up)
	}
	if _, err := f.svc.Statement(up, april26); err != nil {
		t.Errorf("after step-up: %v", err)
	}
	if _, err := f.svc.StatementMonths(up); err != nil {
		t.Errorf("months after step-up: %v", err)
	}

	// A user ID cannot step up even with the right password; the holder and the operator cannot either.
	_, err = f.svc.StepUp(f.user, f.multi, holderPW)
	wantErr(t, err, core.ErrLoginFailed)
	_, err = f.svc.StepUp(f.holder, f.multi, holderPW)
	wantErr(t, err, core.ErrForbidden)
	_, err = f.svc.StepUp(f.op, f.multi, holderPW)
	wantErr(t, err, core.ErrForbidden)

	// The back-office read is the operator's only.
	if _, err := f.svc.StatementOf(f.op, f.multi, april26); err != nil {
		t.Errorf("operator: %v", err)
	}
	for _, p := range []core.Principal{f.holder, f.admin, f.user, up} {
		_, err := f.svc.StatementOf(p, f.multi, april26)
		wantErr(t, err, core.ErrForbidden)
		_, err = f.svc.CloseDueMonths(p)
		wantErr(t, err, core.ErrForbidden)
	}
	// A principal of another contract sees its own statement only.
	st, err := f.svc.Statement(f.lanHolder, april26)
	if err != nil || st.Number != f.lan {
		t.Errorf("LAN holder: %+v, %v", st.Number, err)
	}
}

// The configured issuer is printed on statements; the default when none is set.
func TestStatementIssuer(t *testing.T) {
	issuer := core.Issuer{Name: "テスト通信株式会社", RegistrationNumber: "T8350001007118"}
	e := newEnvWith(t, core.Config{Hash: cheap, Issuer: issuer})
	cert, holder := e.newContract(t, "spaaqs-lan")
	st := e.statement(t, holder, april26)
	if st.Issuer != issuer {
		t.Errorf("issuer %+v", st.Issuer)
	}
	e2 := newEnv(t)
	_, holder2 := e2.newContract(t, "spaaqs-lan")
	if st := e2.statement(t, holder2, april26); st.Issuer != core.DefaultIssuer {
		t.Errorf("default issuer %+v", st.Issuer)
	}
	_ = cert
}
