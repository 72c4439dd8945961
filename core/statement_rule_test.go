package core_test

import (
	"strings"
	"testing"
	"time"

	"mypage/core"
)

// SPEC §8: a statement line names the rule that put its amount there, the same
// rule the charge of the month applied; a cancel in the purchase month is not
// explained by "purchase month free".
func TestStatementLineNamesAppliedRule(t *testing.T) {
	cat := core.DefaultCatalog()
	at := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 12, 0, 0, 0, core.JST) }
	cancelled := func(m time.Month, d int) *time.Time { c := at(m, d); return &c }
	type want struct {
		code   string
		amount int64
		rule   string
		reason string // a part of the charge's reason
	}
	const acct = "arteri-an-001"
	for _, c := range []struct {
		name    string
		records []core.OptionRecord
		month   time.Month
		want    []want
	}{
		{"purchase month free", []core.OptionRecord{
			{Option: "sec-360", Account: acct, PurchasedAt: at(time.April, 10)},
		}, time.April, nil},
		{"charged from the next month", []core.OptionRecord{
			{Option: "sec-360", Account: acct, PurchasedAt: at(time.April, 10)},
		}, time.May, []want{{"sec-360", 571, core.RuleSecurity, "purchase month free"}}},
		{"cancelled in the purchase month", []core.OptionRecord{
			{Option: "sec-360", Account: acct, PurchasedAt: at(time.April, 10), CancelledAt: cancelled(time.April, 20)},
		}, time.April, []want{{"sec-360", 571, core.RuleSameMonth, "cancelled in the purchase month"}}},
		{"standard cancelled in the purchase month", []core.OptionRecord{
			{Option: "mailpack", PurchasedAt: at(time.April, 10), CancelledAt: cancelled(time.April, 11)},
		}, time.April, []want{{"mailpack", 300, core.RuleSameMonth, "cancelled in the purchase month"}}},
		{"cancelled later: the cancel month is charged", []core.OptionRecord{
			{Option: "sec-360", Account: acct, PurchasedAt: at(time.April, 10), CancelledAt: cancelled(time.June, 5)},
		}, time.June, []want{{"sec-360", 571, core.RuleSecurity, "cancel month included"}}},
		{"cancelled later: the purchase month stays free", []core.OptionRecord{
			{Option: "sec-360", Account: acct, PurchasedAt: at(time.April, 10), CancelledAt: cancelled(time.June, 5)},
		}, time.April, nil},
		{"re-purchase in the month: each purchase by its own rule", []core.OptionRecord{
			{Option: "sec-360", Account: acct, PurchasedAt: at(time.April, 5), CancelledAt: cancelled(time.April, 6)},
			{Option: "sec-360", Account: acct, PurchasedAt: at(time.April, 10)},
		}, time.April, []want{{"sec-360", 571, core.RuleSameMonth, "cancelled in the purchase month"}}},
		{"re-purchase in the month: the next month", []core.OptionRecord{
			{Option: "sec-360", Account: acct, PurchasedAt: at(time.April, 5), CancelledAt: cancelled(time.April, 6)},
			{Option: "sec-360", Account: acct, PurchasedAt: at(time.April, 10)},
		}, time.May, []want{{"sec-360", 571, core.RuleSecurity, "purchase month free"}}},
		{"re-application with its fee", []core.OptionRecord{
			{Option: "remote-support", PurchasedAt: at(time.April, 5), CancelledAt: cancelled(time.April, 6)},
			{Option: "remote-support", PurchasedAt: at(time.April, 10), Fee: 3000},
		}, time.April, []want{
			{"remote-support", 500, core.RuleSameMonth, "cancelled in the purchase month"},
			{"remote-support", 3000, core.RuleReapplyFee, "re-application fee"},
		}},
		{"account deletion in the purchase month", []core.OptionRecord{
			{Option: "sec-360", Account: acct, PurchasedAt: at(time.April, 10), CancelledAt: cancelled(time.April, 10), AutoCancel: true},
		}, time.April, []want{{"sec-360", 571, core.RuleSameMonth, "cancelled automatically"}}},
		{"account deletion a later month", []core.OptionRecord{
			{Option: "kids-filter", Account: acct, PurchasedAt: at(time.April, 10), CancelledAt: cancelled(time.May, 3), AutoCancel: true},
		}, time.May, []want{{"kids-filter", 286, core.RuleSecurity, "cancel month included"}}},
		{"warranty after its exemption period", []core.OptionRecord{
			{Option: "warranty", PurchasedAt: at(time.April, 10)},
		}, time.June, []want{{"warranty", 500, core.RuleWarranty, "month of purchase + 2"}}},
		{"warranty cancelled inside its exemption period", []core.OptionRecord{
			{Option: "warranty", PurchasedAt: at(time.April, 10), CancelledAt: cancelled(time.May, 2)},
		}, time.May, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := core.Month{Year: 2026, Month: c.month}
			charges, err := core.OptionCharges(cat, c.records, nil, m)
			if err != nil {
				t.Fatal(err)
			}
			st, err := core.BuildStatement(cat, stmtContract(c.records...), nil, m, core.DefaultIssuer, m.Next().Start())
			if err != nil {
				t.Fatal(err)
			}
			if len(charges) != len(c.want) || len(st.Lines) != len(c.want) {
				t.Fatalf("charges %+v\nlines %+v\nwant %d of each", charges, st.Lines, len(c.want))
			}
			for i, w := range c.want {
				ch, l := charges[i], st.Lines[i]
				if ch.Option != w.code || ch.Amount != w.amount || ch.Applied != w.rule || !strings.Contains(ch.Reason, w.reason) {
					t.Errorf("charge %d: %+v, want %s %d by %s (%q)", i, ch, w.code, w.amount, w.rule, w.reason)
				}
				if l.Code != ch.Option || l.Amount != ch.Amount || l.Rule != ch.Applied || l.Reason != ch.Reason {
					t.Errorf("line %d: %+v, want the charge %+v", i, l, ch)
				}
			}
		})
	}
}

// The repro of the review: a security product bought for a new account ID that
// is deleted the same day is charged once, and its statement line says so.
func TestStatementDeletedAccountSameDay(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-multi"])
	id := "fresh-one-01"
	e.register(t, holder, accountForm(id, core.PermUser))
	if _, err := e.svc.SetMail(holder, "", core.MailForm{Account: id, Kind: core.MailProvider, Local: "fresh.box", Agree: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.PurchaseOption(holder, "", "sec-360", id); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.DeleteAccount(holder, e.svc.NewToken(), id); err != nil {
		t.Fatal(err)
	}
	st, err := e.svc.Statement(holder, core.MonthOf(e.svc.Now()))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range st.Lines {
		if l.Account == id {
			n++
			if l.Code != "sec-360" || l.Amount != 571 || l.Rule != core.RuleSameMonth {
				t.Errorf("line %+v, want sec-360 571 by %s", l, core.RuleSameMonth)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d lines for %s in %+v, want one", n, id, st.Lines)
	}
}
