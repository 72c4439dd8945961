package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"mypage/core"
)

// The confirm steps of the plan change and of an annual option show the
// figures core will record: the ones of the check, and, when they move before
// the confirm (the day turned), the new ones with a message, never a change
// recorded on figures nobody saw.

// squeeze drops every space: a text wrapped in a column of Japanese breaks anywhere.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

// nextDay moves the fixture's clock a day on.
func (f *fixture) nextDay() { f.clock.Set(f.clock.Now().AddDate(0, 0, 1)) }

// The page of an annual option opened yesterday: the confirm step shows today's
// adjustment, as core's check returned it.
func TestAnnualOptionConfirmShowsTheCheck(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 2))
		d.open(routeOption{code: "annual-mailbox"})
		d.waitKey("option.state")
		f.nextDay()
		d.applyOption()
		d.waitKey("button.back_to_input")
		d.view()
		q, err := f.svc.QuoteAnnualOptionOf(opOf(), f.login("holder", 2).Login, "annual-mailbox")
		if err != nil {
			t.Fatal(err)
		}
		want := d.msg.T("annual.formula", q.DaysBefore, "24,000", "26,000", q.Exact, q.DaysAfter)
		if body := strings.Join(strings.Fields(d.app.body.content), " "); !strings.Contains(body, want) {
			t.Errorf("the confirm step lacks today's formula %q:\n%s", want, d.app.body.content)
		}
	})
}

// The day turns on the confirm step: the purchase is refused, the step shows
// the new adjustment with a message, and a second confirm buys it.
func TestAnnualOptionQuoteChanged(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		home := principalOf(t, f, f.login("holder", 2))
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 2))
		d.openAnnualOption()
		f.nextDay()
		d.keys(tea.KeyEnter)
		d.waitKey("error.quote_changed")
		if v, err := f.svc.OptionStatus(home, "annual-mailbox", ""); err != nil || v.State != core.OptionNotPurchased {
			t.Fatalf("bought on figures not shown: %+v %v", v.State, err)
		}
		d.keys(tea.KeyLeft, tea.KeyEnter) // the safe button has the focus: 決定 is chosen again
		d.waitKey("common.done")
		d.view()
		after, err := f.svc.OptionStatus(home, "annual-mailbox", "")
		if err != nil || after.State != core.OptionPurchased {
			t.Fatalf("not bought on the second confirm: %+v %v", after.State, err)
		}
	})
}

// The golden of the confirm step with the new figures and the message.
func TestAnnualOptionQuoteChangedConfirm(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 2))
		d.openAnnualOption()
		f.nextDay()
		d.keys(tea.KeyEnter)
		d.waitKey("error.quote_changed")
		v := d.golden()
		q, err := f.svc.QuoteAnnualOptionOf(opOf(), f.login("holder", 2).Login, "annual-mailbox")
		if err != nil {
			t.Fatal(err)
		}
		want := d.msg.T("annual.formula", q.DaysBefore, "24,000", "26,000", q.Exact, q.DaysAfter)
		if !strings.Contains(strings.Join(strings.Fields(v), " "), want) {
			t.Errorf("the confirm step lacks the new formula %q:\n%s", want, v)
		}
	})
}

// The start month becomes the current month on the confirm step: the new
// plan would start today, not on the 1st; core refuses the change and the
// step shows the new quote with the message.
func TestPlanChangeQuoteChanged(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		p := principalOf(t, f, f.login("holder", 0))
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openPlanChange()
		d.toPlanConfirm(1) // Basic, from December
		f.clock.Set(time.Date(2026, 12, 5, 10, 0, 0, 0, core.JST))
		d.keys(tea.KeyEnter)
		d.waitKey("error.quote_changed")
		v := d.golden()
		if plans, err := f.svc.Plans(p); err != nil || len(plans) != 1 {
			t.Fatalf("a change recorded on figures not shown: %+v %v", plans, err)
		}
		if !strings.Contains(v, "2026/12/05") || strings.Contains(v, "2026/12/01") {
			t.Errorf("the confirm step does not show the new start day:\n%s", v)
		}
	})
}

// openOldRenewal opens the confirm step of VPS-2(Plesk) to Basic from October
// 2027, applied for on 2027/09/01: the old plan would end on 2027/11/30, after
// its term ends on 2027/11/21, so it renews on 2027/11/22 as usual and the
// credit is of the renewed term.
func openOldRenewal(t *testing.T, f *fixture, lang string) *drive {
	t.Helper()
	f.settleAt(t, time.Date(2027, 9, 1, 10, 0, 0, 0, core.JST))
	d := f.start(t, lang, 80, 24)
	d.loginAs(f.login("holder", 0))
	d.openPlanChange()
	d.toPlanConfirm(1)
	return d
}

func TestPlanChangeOldRenewal(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := openOldRenewal(t, f, lang)
		v := d.golden()
		q := quotePlan(t, f, f.login("holder", 0), "basic", core.Month{Year: 2027, Month: 10})
		if q.OldRenewal.IsZero() || q.OldRenewalFee != 16_500 {
			t.Fatalf("quote: %+v", q)
		}
		flat := strings.Join(strings.Fields(v), " ")
		for _, want := range []string{d.msg.T("plan.q.old_renewal"), "2027/11/22", "16,500", q.CreditFormula, "2028/11/21"} {
			if !strings.Contains(flat, want) {
				t.Errorf("the confirm step lacks %q:\n%s", want, v)
			}
		}
	})
}

func TestPlanChangeOldRenewalComplete(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := openOldRenewal(t, f, lang)
		d.keys(tea.KeyEnter)
		d.waitKey("plan.done")
		v := d.golden()
		if flat := strings.Join(strings.Fields(v), " "); !strings.Contains(flat, d.msg.T("plan.q.old_renewal")) || !strings.Contains(flat, "2027/11/22") {
			t.Errorf("the complete step does not name the renewal:\n%s", v)
		}
	})
}

// The charge of the new plan is one row: its month in the value, not in a
// label so long that the month wrapped onto a line of its own.
func TestPlanChangeChargeOneRow(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openPlanChange()
		d.toPlanConfirm(1)
		d.view()
		month := d.msg.T("plan.month", 2027, 1, "January")
		label := d.msg.T("plan.q.charge")
		if !strings.Contains(squeeze(d.app.body.content), squeeze(label+d.msg.T("common.yen", "0"))) {
			t.Errorf("no row %q with the charge:\n%s", label, d.app.body.content)
		}
		for _, l := range strings.Split(ansi.Strip(d.app.body.content), "\n") {
			if strings.Contains(l, month) && !strings.Contains(l, "2027/") && !strings.Contains(l, d.msg.T("plan.q.parallel")) {
				if !strings.HasPrefix(l, label) {
					t.Errorf("the charge month is on a line of its own: %q", l)
				}
			}
		}
	})
}

// An annual option cancelled this term stays in use to the term's end and in
// the fee: the list, its page and the contract info say until when, and the
// contract info gives the fee of the next renewal.
func cancelAnnualMailbox(t *testing.T, f *fixture) {
	t.Helper()
	home := principalOf(t, f, f.login("holder", 2))
	if _, err := f.svc.PurchaseOption(home, f.svc.NewToken(), "annual-mailbox", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.CancelOption(home, f.svc.NewToken(), "annual-mailbox", ""); err != nil {
		t.Fatal(err)
	}
}

func TestAnnualOptionListCancelledThisTerm(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		cancelAnnualMailbox(t, f)
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 2))
		d.open(routeOptionGroup{group: annualGroup})
		d.waitKey("group.lead")
		v := d.golden()
		// The state in its word, whole on its line (the page says until when),
		// and the option's name not split by a long state.
		if !strings.Contains(v, d.msg.T("option.cancelling-term")) || !strings.Contains(v, d.msg.T("option.cancelling-term")+"  ") {
			t.Errorf("the list lacks the state %q:\n%s", d.msg.T("option.cancelling-term"), v)
		}
	})
}

func TestAnnualOptionPageCancelledThisTerm(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		cancelAnnualMailbox(t, f)
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 2))
		d.open(routeOption{code: "annual-mailbox"})
		d.waitKey("option.state")
		v := d.golden()
		if want := d.msg.T("option.cancelling-term_until", "2027/10/24"); !strings.Contains(squeeze(v), squeeze(want)) {
			t.Errorf("the page lacks %q:\n%s", want, v)
		}
	})
}

func TestContractInfoAnnualCancelledThisTerm(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		cancelAnnualMailbox(t, f)
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 2))
		d.open(routeContractInfo{})
		d.waitKey("plan.state.in-use")
		v := d.golden()
		for _, want := range []string{"26,000", "24,000", d.msg.T("option.cancelling-term_short", "2027/10/24")} {
			if !strings.Contains(squeeze(v), squeeze(want)) {
				t.Errorf("the contract info lacks %q:\n%s", want, v)
			}
		}
	})
}

// A confirm refused while the body shows its buttons: the error shows, at the
// top the body returns to (another session changed the plan first).
func TestConfirmErrorInView(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		p := principalOf(t, f, f.login("holder", 0))
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openPlanChange()
		d.toPlanConfirm(1)
		plans, _ := f.svc.Plans(p)
		req := core.PlanChangeRequest{Service: plans[0].Service.ID, To: "pro", Start: core.Month{Year: 2026, Month: 12}}
		if _, err := f.svc.ChangePlan(p, f.svc.NewToken(), req); err != nil {
			t.Fatal(err)
		}
		d.keys(tea.KeyEnter)
		d.waitKey("plan.block.ending")
		frame := squeeze(ansi.Strip(d.view()))
		want := squeeze(d.msg.T("plan.block.ending"))
		if r := []rune(want); len(r) > 12 {
			want = string(r[:12])
		}
		if !strings.Contains(frame, want) {
			t.Errorf("the refusal is not on screen:\n%s", d.frame)
		}
	})
}

// The banner of field problems goes once the last of them is corrected.
func TestInvalidBannerGoesWithTheProblem(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openPlanChange()
		d.keys(tea.KeyDown, tea.KeyDown, tea.KeyEnter) // no target
		d.waitKey("problem.plan_to.target")
		d.keys(tea.KeyRight) // the focus is on the target: Basic
		d.waitText("Basic")
		v := d.golden()
		if strings.Contains(v, d.msg.T("error.invalid")) || strings.Contains(v, d.msg.T("problem.plan_to.target")) {
			t.Errorf("the banner stays after the problem is corrected:\n%s", v)
		}
	})
}

// Buying back an annual option cancelled this term withdraws the cancel: the
// confirm step says so and shows no shrinking of the days.
func TestAnnualOptionReinstateConfirm(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		cancelAnnualMailbox(t, f)
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 2))
		d.openAnnualOption()
		v := d.golden()
		if !strings.Contains(squeeze(v), squeeze(d.msg.T("annual.reinstate"))) || strings.Contains(v, d.msg.T("annual.formula_title")) {
			t.Errorf("the buy-back confirm should say the cancel is withdrawn, without a formula:\n%s", v)
		}
	})
}
