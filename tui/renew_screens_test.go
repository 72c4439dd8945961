package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

// Golden screens of 契約更新・再契約 (SPEC §11.3, seed 000) at 80×24 in both
// languages. The multi demo contract holds VPS-2(Plesk), yearly from
// 2026/11/22 to 2027/11/21; its renewal opens 60 days before the end,
// on 2027/09/22.

// renewDay is a day inside the renewal period of the demo's VPS-2(Plesk).
var renewDay = time.Date(2027, 10, 1, 10, 0, 0, 0, core.JST)

// openRenew opens 契約更新・再契約 and waits for its form.
func (d *drive) openRenew() {
	d.t.Helper()
	d.open(routeRenew{})
	d.waitKey("renew.current")
}

// startRenew starts a session of the multi contract's holder at 80×24 on
// the form of 契約更新・再契約.
func (f *fixture) startRenew(t *testing.T, lang string) *drive {
	t.Helper()
	d := f.start(t, lang, 80, 24)
	d.loginAs(f.login("holder", 0))
	d.openRenew()
	return d
}

// renewOnCore renews the multi contract's plan as its holder, on core.
func (f *fixture) renewOnCore(t *testing.T, req core.RenewalRequest) {
	t.Helper()
	if _, err := f.svc.Renew(principalOf(t, f, f.login("holder", 0)), f.svc.NewToken(), req); err != nil {
		t.Fatal(err)
	}
}

// lapse lets the multi contract's plan lapse: a renewal for a year with
// auto-renew off, and the clock past the end of that renewed term.
func (f *fixture) lapse(t *testing.T) {
	t.Helper()
	f.settleAt(t, renewDay)
	f.renewOnCore(t, core.RenewalRequest{Service: "1", Years: 1})
	f.settleAt(t, time.Date(2028, 12, 5, 10, 0, 0, 0, core.JST)) // the renewed term ended 2028/11/21
}

func TestRenewInput(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.settleAt(t, renewDay)
		d := f.startRenew(t, lang)
		v := d.golden()
		for _, want := range []string{"VPS-2(Plesk)", d.msg.T("renew.discount_item", 2, 5), d.msg.T("renew.discount_item", 3, 10),
			d.msg.T("renew.auto.on"), "2026/11/22", "2027/11/21"} {
			if !strings.Contains(v, want) {
				t.Errorf("the form lacks %q:\n%s", want, v)
			}
		}
	})
}

// Too early: the screen says from which day the renewal opens.
func TestRenewTooEarly(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.open(routeRenew{})
		d.waitKey("renew.cannot_lead")
		v := d.golden()
		if !strings.Contains(v, d.msg.T("renew.opens", "2027/09/22")) {
			t.Errorf("the screen does not say when renewal opens:\n%s", v)
		}
	})
}

// toRenewConfirm keeps the service and plan, picks the n-th term (from 0) and goes on.
func (d *drive) toRenewConfirm(n int) {
	d.t.Helper()
	d.keys(tea.KeyDown, tea.KeyDown) // to the term
	for range n {
		d.keys(tea.KeyRight)
	}
	d.keys(tea.KeyDown, tea.KeyDown, tea.KeyEnter)
	d.waitKey("renew.button.apply")
}

func TestRenewConfirm(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.settleAt(t, renewDay)
		d := f.startRenew(t, lang)
		d.toRenewConfirm(2) // 3 years at 10 %
		v := d.golden()
		// floor(16,500 × 3 × 90 ÷ 100) = 44,550, from 2027/11/22 to 2030/11/21,
		// billed in November 2027, paid by the end of December (no payment method: by transfer).
		for _, want := range []string{"44,550", "49,500", "10%", "2027/11/22", "2030/11/21", d.msg.T("plan.month", 2027, 11, "November"), "2027/12/31",
			d.msg.T("renew.q.auto_on", "2030/11/22")} {
			if !strings.Contains(v, want) {
				t.Errorf("the quote lacks %q:\n%s", want, v)
			}
		}
	})
}

func TestRenewComplete(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.settleAt(t, renewDay)
		d := f.startRenew(t, lang)
		d.toRenewConfirm(2)
		d.keys(tea.KeyEnter)
		d.waitKey("renew.done.renew")
		v := d.golden()
		for _, want := range []string{"RN20271001-000001", "44,550"} {
			if !strings.Contains(v, want) {
				t.Errorf("the completion lacks %q:\n%s", want, v)
			}
		}
		plans, _ := f.svc.Plans(principalOf(t, f, f.login("holder", 0)))
		if len(plans[0].Service.Renewals) != 1 {
			t.Errorf("not recorded: %+v", plans[0].Service)
		}
	})
}

// Re-contract after a lapse restores the services from the re-contract date.
func TestRecontractConfirm(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.lapse(t)
		d := f.startRenew(t, lang)
		d.toRenewConfirm(0)
		v := d.golden()
		for _, want := range []string{d.msg.T("renew.kind.recontract"), "2028/12/05", "2029/12/04", "2028/11/21", "16,500"} {
			if !strings.Contains(v, want) {
				t.Errorf("the quote lacks %q:\n%s", want, v)
			}
		}
	})
}

// A lapsed plan shows 利用停止中 (契約期間満了) on ご契約情報一覧 with the notice.
func TestContractInfoLapsed(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.lapse(t)
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		// The header says 利用停止中 (契約期間満了) from the first screen on: wait
		// for the term, which only the loaded contract info shows.
		d.waitText("2027/11/22")
		v := d.golden()
		if !strings.Contains(v, "2028/11/22") {
			t.Errorf("the notice lacks the day of the lapse:\n%s", v)
		}
	})
}

// A term of several years shows its length and discount on ご契約情報一覧.
func TestContractInfoMultiYearTerm(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.settleAt(t, renewDay)
		f.renewOnCore(t, core.RenewalRequest{Service: "1", Years: 3, AutoRenew: true})
		f.settleAt(t, time.Date(2027, 12, 1, 10, 0, 0, 0, core.JST))
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.waitKey("plan.term_years")
		v := d.golden()
		// The term's price billed in advance: floor(16,500 × 3 × 90 ÷ 100) = 44,550.
		if !strings.Contains(v, strings.TrimSuffix(d.msg.T("plan.term_years_charge", 3, 10, ""), " ")+" 44,550") || !strings.Contains(v, "2030/11/21") {
			t.Errorf("the plan lacks its term:\n%s", v)
		}
	})
}

// A renewal to another plan of the family: the current plan says what it is
// renewed to, the new one its term length and discount.
func TestContractInfoRenewedToAnotherPlan(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.settleAt(t, renewDay)
		f.renewOnCore(t, core.RenewalRequest{Service: "1", Plan: "basic", Years: 2, AutoRenew: true})
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.waitKey("plan.renewed_as")
		v := d.golden()
		for _, want := range []string{d.msg.T("plan.renewed_as_value", "Basic", "2027/11/22"), d.msg.T("renew.years_value", 2, 5), "2029/11/21"} {
			if !strings.Contains(v, want) {
				t.Errorf("the plans lack %q:\n%s", want, v)
			}
		}
	})
}

// The renewal notice of a 3-year term says the fee of the whole term it renews for.
func TestRenewalNoticeMultiYear(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.settleAt(t, renewDay)
		f.renewOnCore(t, core.RenewalRequest{Service: "1", Years: 3, AutoRenew: true})
		f.settleAt(t, time.Date(2030, 10, 1, 10, 0, 0, 0, core.JST))
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.waitKey("plan.term_years")
		v := d.view()
		if want := d.msg.T("renewal.fee_years", 3, "44,550"); !strings.Contains(strings.ReplaceAll(v, "\n", ""), "44,550") {
			t.Errorf("the notice lacks %q:\n%s", want, v)
		}
	})
}

// A renewal made elsewhere while the quote was on the screen: core refuses
// the confirm, and the input step says why beside the service.
func TestRenewRefusedAtConfirm(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.settleAt(t, renewDay)
		d := f.startRenew(t, lang)
		d.toRenewConfirm(1)
		f.renewOnCore(t, core.RenewalRequest{Service: "1", Years: 1})
		d.keys(tea.KeyEnter)
		d.waitKey("problem.renew_service.renewed")
		d.golden()
	})
}
