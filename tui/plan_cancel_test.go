package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/i18n"
)

// Golden screens of ご解約 (SPEC §11.4, seeds 002 and 004) on the demo at
// 80×24, the fixture's day being 2026/11/22, after the 10th: the LAN
// contract's RS-1 (monthly), the multi contract's VPS-2(Plesk) (yearly).

// Every refusal core can give a plan cancel has words in both languages.
func TestPlanCancelBlocksWorded(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		msg := i18n.New(lang)
		for _, code := range core.PlanCancelBlocks {
			if !msg.Has("plan.block." + code) {
				t.Errorf("%s: no text for plan.block.%s", lang, code)
			}
		}
		for _, r := range []string{core.CancelBilledMonth, core.CancelBilledDebit, core.CancelBilledTerm} {
			if !msg.Has("cancel.billed." + r) {
				t.Errorf("%s: no text for cancel.billed.%s", lang, r)
			}
		}
	}
}

// paysByDebit sets the demo contract of a login to pay by automatic debit.
func (f *fixture) paysByDebit(t *testing.T, l core.DemoLogin) {
	t.Helper()
	err := f.db.Update(func(tx core.Tx) error {
		var c core.Contract
		if err := tx.Get("contracts", l.Login, &c); err != nil {
			return err
		}
		c.Payment = &core.PaymentMethod{Kind: core.PaymentDebit, Bank: "千葉興業銀行", Branch: "館山支店", AccountType: "普通",
			AccountLast4: "4321", AccountHolder: "ヤマダ タロウ", SetAt: f.clock.Now()}
		return tx.Put("contracts", l.Login, &c)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// changeLANPlan asks, on core, to change the LAN contract's RS-1 to Lite from December.
func (f *fixture) changeLANPlan(t *testing.T) {
	t.Helper()
	p := principalOf(t, f, f.login("holder", 1))
	req := core.PlanChangeRequest{Service: "1", To: "lite", Start: core.Month{Year: 2026, Month: 12}}
	if _, err := f.svc.ChangePlan(p, f.svc.NewToken(), req); err != nil {
		t.Fatal(err)
	}
}

// openPlanCancel opens ご解約 and waits for its form.
func (d *drive) openPlanCancel() {
	d.t.Helper()
	d.open(routePlanCancel{})
	d.waitKey("cancel.which")
}

// startPlanCancel starts a session of l at 80×24 on the form of ご解約.
func (f *fixture) startPlanCancel(t *testing.T, lang string, l core.DemoLogin) *drive {
	t.Helper()
	d := f.start(t, lang, 80, 24)
	d.loginAs(l)
	d.openPlanCancel()
	return d
}

// toCancelConfirm goes on with the plan service chosen.
func (d *drive) toCancelConfirm(button string) {
	d.t.Helper()
	d.keys(tea.KeyDown, tea.KeyEnter)
	d.waitKey("button.back_to_input")
	d.waitKey(button)
}

// The choice after a plan change: RS-1 ends with the change (not offered, and
// why), Lite applied for is offered.
func TestPlanCancelChoice(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.changeLANPlan(t)
		d := f.startPlanCancel(t, lang, f.login("holder", 1))
		v := d.golden()
		s := d.app.cur.(*planCancelScreen)
		if req := s.request(); req.Service != "2" {
			t.Errorf("the form asks for %+v", req)
		}
		for _, want := range []string{"Lite", d.msg.T("plan.state.applying")} {
			if !strings.Contains(v, want) {
				t.Errorf("the choice lacks %q:\n%s", want, v)
			}
		}
	})
}

// seed 004 on the demo: RS-1 paid by automatic debit, asked on 2026/11/22,
// after the 10th: December is debited once more and the end moves to 2026/12/31.
func TestPlanCancelConfirmDebitAfterTenth(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.paysByDebit(t, f.login("holder", 1))
		d := f.startPlanCancel(t, lang, f.login("holder", 1))
		d.toCancelConfirm("cancel.button.cancel")
		v := d.golden()
		flat := strings.Join(strings.Fields(v), " ")
		for _, want := range []string{"2026/12/31", "2026/11/10", "2026/11/30", "2027/01/01", "975"} {
			if !strings.Contains(flat, want) {
				t.Errorf("the confirm step lacks %q:\n%s", want, v)
			}
		}
		q := d.app.cur.(*planCancelScreen).quote
		if !q.Moved || q.BilledTotal != 1_950 || q.End.String() != "2026-12-31" {
			t.Errorf("quote %+v", q)
		}
	})
}

// An annual plan: used to the end of its prepaid term, not renewed, no refund.
func TestPlanCancelConfirmAnnual(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.startPlanCancel(t, lang, f.login("holder", 0))
		d.toCancelConfirm("cancel.button.cancel")
		v := d.golden()
		flat := strings.Join(strings.Fields(v), " ")
		for _, want := range []string{"2027/11/21", "2027/11/22", "16,500"} {
			if !strings.Contains(flat, want) {
				t.Errorf("the confirm step lacks %q:\n%s", want, v)
			}
		}
	})
}

// 取消 of the new plan of a plan change: nothing billed, RS-1 runs on.
func TestPlanCancelConfirmWithdraw(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.changeLANPlan(t)
		d := f.startPlanCancel(t, lang, f.login("holder", 1))
		d.toCancelConfirm("cancel.button.withdraw")
		v := d.golden()
		flat := strings.Join(strings.Fields(v), " ")
		for _, want := range []string{"PC20261122-000001", "RS-1"} {
			if !strings.Contains(flat, want) {
				t.Errorf("the confirm step lacks %q:\n%s", want, v)
			}
		}
		// RS-1 given back still keeps the membership: no day of withdrawal is named.
		if strings.Contains(v, d.msg.T("cancel.q.withdraw_from")) || strings.Contains(flat, "2026/11/23") {
			t.Errorf("a withdrawal day is named:\n%s", v)
		}
	})
}

func TestPlanCancelComplete(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.paysByDebit(t, f.login("holder", 1))
		d := f.startPlanCancel(t, lang, f.login("holder", 1))
		d.toCancelConfirm("cancel.button.cancel")
		d.keys(tea.KeyEnter)
		d.waitKey("cancel.done")
		v := d.golden()
		if !strings.Contains(v, "CX20261122-000001") {
			t.Errorf("no cancel number:\n%s", v)
		}
		plans, err := f.svc.Plans(principalOf(t, f, f.login("holder", 1)))
		if err != nil || plans[0].State != core.PlanCancelling || plans[0].Service.Cancel == nil {
			t.Fatalf("after the cancel: %+v %v", plans, err)
		}
	})
}

// A confirm core refuses by its rule (cancelled meanwhile) offers only the way back.
func TestPlanCancelRefusedConfirm(t *testing.T) {
	f := newFixture(t)
	d := f.startPlanCancel(t, "ja", f.login("holder", 1))
	d.toCancelConfirm("cancel.button.cancel")
	p := principalOf(t, f, f.login("holder", 1))
	if _, err := f.svc.CancelPlan(p, f.svc.NewToken(), core.PlanCancelRequest{Service: "1"}); err != nil {
		t.Fatal(err)
	}
	d.keys(tea.KeyEnter)
	d.waitKey("plan.block.cancelling")
	v := d.view()
	s := d.app.cur.(*planCancelScreen)
	if !s.Refused() || strings.Contains(v, d.msg.T("cancel.button.cancel")) {
		t.Errorf("a refused confirm still offers the cancel:\n%s", v)
	}
}

// ご解約 is in the menu of the holder and an admin ID of a contract with a
// plan service, never of a user ID (core.FnPlanCancel).
func TestPlanCancelEntry(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct {
		login core.DemoLogin
		want  bool
	}{{f.login("holder", 0), true}, {f.login("admin", 0), true}, {f.login("user", 0), false}, {f.login("holder", 1), true}} {
		d := f.start(t, "ja", 80, 24)
		d.loginAs(c.login)
		d.view()
		got := false
		for _, e := range flatEntries(d.app.menu) {
			got = got || e.route == (routePlanCancel{})
		}
		if got != c.want {
			t.Errorf("%s %s: ご解約 in the menu %v, want %v", c.login.Kind, c.login.Login, got, c.want)
		}
	}
}
