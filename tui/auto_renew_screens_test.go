package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/i18n"
)

// Golden screens of 自動更新の設定 (SPEC §11.3) at 80×24 in both languages:
// the multi demo contract's VPS-2(Plesk), yearly from 2026/11/22 to
// 2027/11/21, auto-renew on.

// startAutoRenew opens 自動更新の設定 as the multi contract's holder at 80×24.
func (f *fixture) startAutoRenew(t *testing.T, lang string) *drive {
	t.Helper()
	d := f.start(t, lang, 80, 24)
	d.loginAs(f.login("holder", 0))
	d.open(routeAutoRenew{})
	d.waitBodyKey("autorenew.current")
	return d
}

// toAutoRenewConfirm keeps the setting offered (the other one) and goes on.
func (d *drive) toAutoRenewConfirm() {
	d.t.Helper()
	d.keys(tea.KeyDown, tea.KeyEnter)
	d.waitKey("autorenew.button.apply")
}

func TestAutoRenewInput(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.startAutoRenew(t, lang)
		v := d.golden()
		for _, want := range []string{"VPS-2(Plesk)", "2026/11/22", "2027/11/21", d.msg.T("autorenew.setting_current", d.msg.T("autorenew.setting.on"))} {
			if !strings.Contains(v, want) {
				t.Errorf("the form lacks %q:\n%s", want, v)
			}
		}
	})
}

// Off: the service stops the day after the term's end unless renewed.
func TestAutoRenewConfirm(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.startAutoRenew(t, lang)
		d.toAutoRenewConfirm()
		v := d.golden()
		flat := strings.Join(strings.Fields(v), "")
		for _, want := range []string{"2027/11/21", d.msg.T("autorenew.q.stops", "2027/11/22")} {
			if !strings.Contains(flat, strings.Join(strings.Fields(want), "")) {
				t.Errorf("the confirm lacks %q:\n%s", want, v)
			}
		}
	})
}

func TestAutoRenewComplete(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.startAutoRenew(t, lang)
		d.toAutoRenewConfirm()
		d.keys(tea.KeyEnter)
		d.waitKey("autorenew.done")
		v := d.golden()
		plans, _ := f.svc.Plans(principalOf(t, f, f.login("holder", 0)))
		if s := plans[0].Service.AutoRenewSettings; len(s) != 1 || s[0].On {
			t.Errorf("not recorded: %+v", s)
		}
		if !strings.Contains(v, "@") {
			t.Errorf("the completion does not say where the mail went:\n%s", v)
		}
	})
}

// On again: the confirm says when it renews and what that term bills, from core.
func TestAutoRenewConfirmOn(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		holder := principalOf(t, f, f.login("holder", 0))
		if _, err := f.svc.SetAutoRenew(holder, f.svc.NewToken(), core.AutoRenewRequest{Service: "1"}); err != nil {
			t.Fatal(err)
		}
		d := f.startAutoRenew(t, lang)
		d.toAutoRenewConfirm()
		v := d.golden()
		flat := strings.Join(strings.Fields(v), "")
		for _, want := range []string{d.msg.T("autorenew.q.renews", "2027/11/22"), "16,500", d.msg.T("plan.month", 2027, 11, "November")} {
			if !strings.Contains(flat, strings.Join(strings.Fields(want), "")) {
				t.Errorf("the confirm lacks %q:\n%s", want, v)
			}
		}
	})
}

// A refusal of core (the setting is that already) is worded beside the field.
func TestAutoRenewSame(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.startAutoRenew(t, lang)
		d.keys(tea.KeyRight, tea.KeyDown, tea.KeyEnter) // する, the setting in force
		d.waitKey("problem.auto_renew_on.same")
	})
}

// 自動更新の設定 is in the menu while a plan service is in use, and not once
// it has lapsed (a re-contract, under 契約更新・再契約, is the way back).
func TestAutoRenewMenuEntry(t *testing.T) {
	f := newFixture(t)
	has := func() bool {
		sh := &common.Common{Svc: f.svc, Msg: i18n.New("ja"), Who: holderOf(f)}
		for _, e := range flatEntries(buildMenu(sh, f.contractType(t), f.holderPlans(t))) {
			if _, ok := e.route.(routeAutoRenew); ok {
				return true
			}
		}
		return false
	}
	if !has() {
		t.Error("in use: no 自動更新の設定 entry")
	}
	f.lapse(t)
	if has() {
		t.Error("lapsed: the 自動更新の設定 entry stays")
	}
}
