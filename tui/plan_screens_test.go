package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

// Golden screens of the plan services (SPEC §3.3), the plan change (§11.1, seed
// 001) and the annual options of the 年会費制 plan (§11.2, seed 004 §2), driven
// through the real App at 80×24 in both languages. The demo contracts hold
// VPS-2(Plesk) (the multi contract), RS-1 (the LAN one) and 年会費制 (the home one),
// opened on the fixture's day, 2026/11/22.

// principalOf logs a demo login in on core and returns its principal.
func principalOf(t *testing.T, f *fixture, l core.DemoLogin) core.Principal {
	t.Helper()
	method := core.LoginAccountID
	if l.Kind == "holder" {
		method = core.LoginCustomerNumber
	}
	s, err := f.svc.Login(method, l.Login, l.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	return s.Principal
}

// quotePlan is core's quote of the first plan service of a demo login's contract.
func quotePlan(t *testing.T, f *fixture, l core.DemoLogin, to string, start core.Month) core.PlanChangeQuote {
	t.Helper()
	p := principalOf(t, f, l)
	plans, err := f.svc.Plans(p)
	if err != nil || len(plans) == 0 {
		t.Fatalf("plans: %v %v", plans, err)
	}
	q, err := f.svc.QuotePlanChange(p, core.PlanChangeRequest{Service: plans[0].Service.ID, To: to, Start: start})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// openPlanChange opens プラン変更 and waits for its form.
func (d *drive) openPlanChange() {
	d.t.Helper()
	d.open(routePlanChange{})
	d.waitKey("plan.target")
}

// toPlanConfirm chooses the n-th target (from 1), keeps the start month and goes on.
func (d *drive) toPlanConfirm(n int) {
	d.t.Helper()
	for range n {
		d.keys(tea.KeyRight)
	}
	d.keys(tea.KeyDown, tea.KeyDown, tea.KeyEnter)
	d.waitKey("plan.button.apply") // the step opens at its buttons
}

func TestContractInfoPlans(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.waitKey("plan.state.in-use")
		v := d.golden()
		for _, want := range []string{"VPS-2(Plesk)", d.msg.T("plan.state.in-use"), d.msg.T("plan.cycle.annual"), "2026/11/22", "2027/11/21", "16,500"} {
			if !strings.Contains(v, want) {
				t.Errorf("the plan list lacks %q:\n%s", want, v)
			}
		}
	})
}

// seed 001 example B on the demo: VPS-2(Plesk), yearly from 2026/11/22, to
// Basic from December: R = 9 (February to October 2027), credit 1,375 × 9.
func TestPlanChangeInput(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openPlanChange()
		v := d.golden()
		for _, want := range []string{"Basic", "Pro", d.msg.T("plan.month", 2026, 12, "December")} {
			if !strings.Contains(v, want) {
				t.Errorf("the form lacks %q:\n%s", want, v)
			}
		}
	})
}

func TestPlanChangeNeedsTarget(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openPlanChange()
		d.keys(tea.KeyDown, tea.KeyRight, tea.KeyDown, tea.KeyEnter) // a start month, no target
		d.waitKey("problem.plan_to.target")
		v := d.golden()
		// The start month chosen stays.
		if !strings.Contains(v, d.msg.T("plan.month", 2027, 1, "January")) {
			t.Errorf("the start month chosen is lost:\n%s", v)
		}
	})
}

func TestPlanChangeConfirm(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openPlanChange()
		d.toPlanConfirm(1) // Basic, from December
		v := d.golden()
		q := quotePlan(t, f, f.login("holder", 0), "basic", core.Month{Year: 2026, Month: 12})
		if q.RemainingMonths != 9 || q.Credit != 12375 || q.Charge != 0 || q.ExtendMonths != 7 {
			t.Fatalf("quote: %+v", q)
		}
		flat := strings.Join(strings.Fields(v), " ")
		for _, want := range []string{q.CreditFormula, q.ChargeFormula, q.ExtendFormula, "2027/01/31", "2028/07/31", "3,000"} {
			if !strings.Contains(flat, want) {
				t.Errorf("the confirm step lacks %q:\n%s", want, v)
			}
		}
	})
}

func TestPlanChangeComplete(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openPlanChange()
		d.toPlanConfirm(1)
		d.keys(tea.KeyEnter)
		d.waitKey("plan.done")
		v := d.golden()
		if !strings.Contains(v, "PC20261122-000001") {
			t.Errorf("no request number:\n%s", v)
		}
		plans, err := f.svc.Plans(principalOf(t, f, f.login("holder", 0)))
		if err != nil || len(plans) != 2 || plans[1].Plan.Code != "basic" || plans[0].State != core.PlanCancelling {
			t.Fatalf("after the change: %+v %v", plans, err)
		}
	})
}

// After the change the contract info lists the old plan ending and the new one
// applied for, each with the request number.
func TestContractInfoAfterPlanChange(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		p := principalOf(t, f, f.login("holder", 0))
		plans, _ := f.svc.Plans(p)
		req := core.PlanChangeRequest{Service: plans[0].Service.ID, To: "basic", Start: core.Month{Year: 2026, Month: 12}}
		if _, err := f.svc.ChangePlan(p, f.svc.NewToken(), req); err != nil {
			t.Fatal(err)
		}
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.waitKey("plan.state.applying")
		v := d.golden()
		if strings.Count(v, "PC20261122-000001") != 2 {
			t.Errorf("the request number is not on both plans:\n%s", v)
		}
	})
}

// seed 001 example A: RS-1 (monthly) to Lite, the parallel month of RS-1 not charged.
func TestPlanChangeMonthlyConfirm(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 1))
		d.openPlanChange()
		d.toPlanConfirm(1) // Lite
		v := d.golden()
		if !strings.Contains(v, "975") || !strings.Contains(v, "3,000") {
			t.Errorf("the confirm step lacks the prices:\n%s", v)
		}
	})
}

// The 年会費制 plan changes to nothing: the screen says so, and offers no form.
func TestPlanChangeNothingToChange(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 2))
		d.open(routePlanChange{})
		d.waitKey("plan.cannot_lead")
		v := d.golden()
		if reason := []rune(d.msg.T("plan.block.no-targets")); !strings.Contains(v, string(reason[:10])) {
			t.Errorf("the reason does not show:\n%s", v)
		}
	})
}

// A user ID is never offered the plan procedures (core.FnPlanChange, FnAnnualOption).
func TestPlanEntriesNotForUser(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct {
		login core.DemoLogin
		want  bool
	}{{f.login("holder", 0), true}, {f.login("admin", 0), true}, {f.login("user", 0), false}} {
		d := f.start(t, "ja", 80, 24)
		d.loginAs(c.login)
		d.view()
		got := false
		for _, e := range flatEntries(d.app.menu) {
			got = got || e.route == (routePlanChange{})
		}
		if got != c.want {
			t.Errorf("%s %s: plan change in the menu %v, want %v", c.login.Kind, c.login.Login, got, c.want)
		}
	}
}

// Only the 年会費制 contract has the annual options' entry; the others have
// no membership plan.
func TestAnnualOptionsEntryOnlyWithMembership(t *testing.T) {
	f := newFixture(t)
	for i, want := range []bool{false, false, true} {
		d := f.start(t, "ja", 80, 24)
		d.loginAs(f.login("holder", i))
		d.view()
		got := false
		for _, e := range flatEntries(d.app.menu) {
			got = got || e.route == (routeOptionGroup{group: annualGroup})
		}
		if got != want {
			t.Errorf("holder %d: annual options in the menu %v, want %v", i, got, want)
		}
	}
}

func TestAnnualOptionList(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 2))
		d.open(routeOptionGroup{group: annualGroup})
		d.waitKey("group.lead")
		v := d.golden()
		if !strings.Contains(v, "2,000") || !strings.Contains(v, "6,000") {
			t.Errorf("the annual prices do not show:\n%s", v)
		}
	})
}

// openAnnualOption opens the page of the first annual option (追加メールボックス).
func (d *drive) openAnnualOption() {
	d.t.Helper()
	d.open(routeOptionGroup{group: annualGroup})
	d.waitKey("group.lead")
	d.keys(tea.KeyEnter)
	d.applyOption()
	d.waitKey("button.back_to_input") // the step opens at its buttons
}

// seed 004 §2 on the demo: the days left of 24,000 shrink by 24,000 ÷ 26,000.
func TestAnnualOptionPurchaseConfirm(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 2))
		d.openAnnualOption()
		v := d.golden()
		q, err := f.svc.QuoteAnnualOptionOf(opOf(), f.login("holder", 2).Login, "annual-mailbox")
		if err != nil {
			t.Fatal(err)
		}
		want := d.msg.T("annual.formula", q.DaysBefore, "24,000", "26,000", q.Exact, q.DaysAfter)
		if !strings.Contains(strings.Join(strings.Fields(v), " "), want) {
			t.Errorf("the confirm step lacks %q:\n%s", want, v)
		}
	})
}

func TestAnnualOptionPurchaseComplete(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 2))
		d.openAnnualOption()
		d.keys(tea.KeyEnter)
		d.waitKey("common.done")
		d.golden()
	})
}

func TestAnnualOptionCancelConfirm(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		home := principalOf(t, f, f.login("holder", 2))
		if _, err := f.svc.PurchaseOption(home, f.svc.NewToken(), "annual-mailbox", ""); err != nil {
			t.Fatal(err)
		}
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 2))
		d.open(routeOption{code: "annual-mailbox"})
		d.waitKey("option.state")
		d.keys(tea.KeyEnter, tea.KeyEnter, tea.KeyEnter) // 解約する is chosen for a held option
		d.waitKey("option.confirm_lead")
		v := d.golden()
		if !strings.Contains(v, d.msg.T("annual.no_refund")) {
			t.Errorf("the cancel does not say there is no refund:\n%s", v)
		}
	})
}

// A refusal of core shows beside its field and keeps the choices made: the
// form was filled in December's last days, the month turned before Next.
func TestPlanChangePastStartBesideField(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openPlanChange()
		d.keys(tea.KeyRight, tea.KeyDown) // Basic; December 2026 stays chosen
		f.clock.Set(time.Date(2027, 1, 4, 10, 0, 0, 0, core.JST))
		d.keys(tea.KeyDown, tea.KeyEnter)
		d.waitKey("problem.plan_start.start-past")
		v := d.golden()
		if !strings.Contains(v, "Basic") || !strings.Contains(v, d.msg.T("plan.month", 2026, 12, "December")) {
			t.Errorf("the choices made are lost:\n%s", v)
		}
	})
}

// With two plan services the form asks which one changes, and the targets
// follow the one chosen: Lite goes to Basic, Pro or VPS-2(Plesk), not to Lite.
func TestPlanChangeChoosesService(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		if _, err := f.svc.AddPlan(opOf(), f.login("holder", 0).Login, "lite", f.clock.Now()); err != nil {
			t.Fatal(err)
		}
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openPlanChange()
		d.keys(tea.KeyRight)                                          // Lite
		d.keys(tea.KeyDown, tea.KeyRight, tea.KeyRight, tea.KeyRight) // its third target
		d.waitText("VPS-2(Plesk)")
		v := d.golden()
		s := d.app.cur.(*planChangeScreen)
		if req := s.request(); req.Service != "2" || req.To != "vps-2-plesk" {
			t.Errorf("the form asks for %+v", req)
		}
		if !strings.Contains(v, "Lite") {
			t.Errorf("the plan chosen does not show:\n%s", v)
		}
	})
}

// The 年会費制 plan lists its annual fee with the options held, and the options.
func TestContractInfoMembership(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		home := principalOf(t, f, f.login("holder", 2))
		if _, err := f.svc.PurchaseOption(home, f.svc.NewToken(), "annual-mailbox", ""); err != nil {
			t.Fatal(err)
		}
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 2))
		d.open(routeContractInfo{})
		d.waitKey("plan.state.in-use")
		v := d.golden()
		if !strings.Contains(v, "26,000") || !strings.Contains(v, "2027/10/24") {
			t.Errorf("the annual fee or the adjusted term end does not show:\n%s", v)
		}
	})
}

// プラン変更 is offered only where a plan can change: the 年会費制 contract,
// whose only plan changes to nothing, has no entry (a menu entry appears when
// its procedure works).
func TestPlanChangeEntryOnlyWhereAPlanCanChange(t *testing.T) {
	f := newFixture(t)
	for i, want := range []bool{true, true, false} {
		d := f.start(t, "ja", 80, 24)
		d.loginAs(f.login("holder", i))
		d.view()
		got := false
		for _, e := range flatEntries(d.app.menu) {
			got = got || e.route == (routePlanChange{})
		}
		if got != want {
			t.Errorf("holder %d: plan change in the menu %v, want %v", i, got, want)
		}
	}
}
