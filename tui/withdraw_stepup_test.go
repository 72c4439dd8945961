package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

// 退会 of an admin ID (SPEC §4.3 "× (step-up to holder)"): its menu has the
// entry, which asks for the customer number first, as the statements do.

// withdrawLead is the start of the step-up screen's lead for 退会, which the
// screen wraps at its width.
func (d *drive) withdrawLead() string {
	return string([]rune(d.msg.N("stepup.lead_withdraw", 15, 15))[:10])
}

// stepUpToWithdraw opens 退会 as an admin ID and re-enters the holder's
// customer number and password.
func (d *drive) stepUpToWithdraw(f *fixture) {
	d.t.Helper()
	d.open(routeWithdraw{})
	d.waitText(d.withdrawLead())
	d.typeText(f.login("holder", 0).Login)
	d.keys(tea.KeyDown)
	d.typeText(f.login("holder", 0).Password)
	d.keys(tea.KeyDown, tea.KeyEnter)
}

// nothingHeldBy ends everything the contract holds behind the service's back
// (plans, options, its line since yesterday), so that it may be withdrawn.
func nothingHeldBy(t *testing.T, f *fixture, number string) {
	t.Helper()
	now := f.svc.Now()
	err := f.db.Update(func(tx core.Tx) error {
		var c core.Contract
		if err := tx.Get("contracts", number, &c); err != nil {
			return err
		}
		c.Plans, c.Options = nil, nil
		c.LineCancel = &core.LineCancel{Date: now.AddDate(0, 0, -1), RecordedAt: now}
		return tx.Put("contracts", number, &c)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The step-up screen says it is for 退会, with the entry in the admin ID's menu.
func TestWithdrawStepUpScreen(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("admin", 0))
		d.open(routeWithdraw{})
		d.waitText(d.withdrawLead())
		v := d.goldenApp()
		for _, want := range []string{d.msg.T("menu.group.other"), d.msg.T("menu.withdraw"), d.msg.T("stepup.title"), d.msg.T("login.number_password")} {
			if !strings.Contains(squeeze(v), squeeze(want)) {
				t.Errorf("the step-up for 退会 lacks %q:\n%s", want, v)
			}
		}
		if statements := string([]rune(d.msg.N("stepup.lead", 15, 15))[:10]); strings.Contains(v, statements) {
			t.Errorf("the step-up for 退会 speaks of the statements:\n%s", v)
		}
	})
}

// Stepped up, the admin ID sees what blocks the multi contract's withdrawal,
// as its holder would.
func TestWithdrawAfterStepUp(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("admin", 0))
		d.stepUpToWithdraw(f)
		d.waitKey("withdraw.blocked_lead")
		v := d.golden()
		for _, want := range []string{d.msg.T("withdraw.title"), d.msg.T("withdraw.kind.line"), d.msg.T("button.back")} {
			if !strings.Contains(squeeze(v), squeeze(want)) {
				t.Errorf("the list lacks %q:\n%s", want, v)
			}
		}
	})
}

// Stepped up with nothing blocking: notes, はい, the completion, and the admin
// ID's own session ends on the login screen that says why; no login of the
// contract works any more.
func TestWithdrawByStepUpComplete(t *testing.T) {
	f := newFixture(t)
	admin, holder := f.login("admin", 0), f.login("holder", 0)
	nothingHeldBy(t, f, holder.Login)
	d := f.start(t, "ja", 80, 24)
	d.loginAs(admin)
	d.stepUpToWithdraw(f)
	d.waitKey("withdraw.agree_label")
	d.toWithdrawConfirm()
	d.keys(tea.KeyLeft, tea.KeyEnter)
	d.waitKey("withdraw.done")
	d.keys(tea.KeyEnter)
	d.waitKey("login.withdrawn")
	if v := d.view(); !strings.Contains(v, d.msg.T("login.title")) || d.app.loggedIn {
		t.Errorf("the admin ID is still logged in:\n%s", v)
	}
	for _, l := range []core.DemoLogin{admin, holder} {
		kind := core.LoginAccountID
		if l.Kind == "holder" {
			kind = core.LoginCustomerNumber
		}
		if _, err := f.svc.Login(kind, l.Login, l.Password, "test"); err == nil {
			t.Errorf("%s still logs in after the withdrawal", l.Login)
		}
	}
}

// The step-up ending on the notes of 退会 asks for the customer number again,
// saying why, and leads back to 退会.
func TestWithdrawStepUpEnds(t *testing.T) {
	f := newFixture(t)
	nothingHeldBy(t, f, f.login("holder", 0).Login)
	d := f.start(t, "ja", 80, 24)
	d.loginAs(f.login("admin", 0))
	d.stepUpToWithdraw(f)
	d.waitKey("withdraw.agree_label")
	f.clock.Advance(15 * time.Minute)
	d.typeText("x")
	d.keys(tea.KeyDown, tea.KeyEnter)
	d.waitKey("stepup.ended")
	d.waitText(d.withdrawLead())
	d.typeText(f.login("holder", 0).Login)
	d.keys(tea.KeyDown)
	d.typeText(f.login("holder", 0).Password)
	d.keys(tea.KeyDown, tea.KeyEnter)
	d.waitKey("withdraw.agree_label")
	if _, ok := d.finalApp().cur.(*withdrawScreen); !ok {
		t.Errorf("after the second step-up: screen %T, want 退会", d.finalApp().cur)
	}
}
