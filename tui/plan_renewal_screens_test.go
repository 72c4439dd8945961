package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

// Golden screens of a plan whose next term a renewal booked, on ご契約情報一覧
// and ご解約, of a plan renewed to another, and of the renewal's own words.

// ご契約情報一覧: the booked next term with its number, and auto-renew after it.
func TestContractInfoBookedNextTerm(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.settleAt(t, renewDay)
		f.renewOnCore(t, core.RenewalRequest{Service: "1", Years: 3, AutoRenew: false})
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.waitKey("plan.next_term")
		v := d.golden()
		flat := strings.Join(strings.Fields(v), " ")
		for _, want := range []string{"2027/11/22", "2030/11/21", "RN20271001-000001", d.msg.T("plan.auto_renew.off")} {
			if !strings.Contains(flat, want) {
				t.Errorf("the plans lack %q:\n%s", want, v)
			}
		}
	})
}

// ご解約 of a plan whose next term is booked: the renewal is named, withdrawn,
// and its term's fee not billed; nothing is said of an auto-renew.
func TestPlanCancelWithdrawsBookedRenewal(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.settleAt(t, renewDay)
		f.renewOnCore(t, core.RenewalRequest{Service: "1", Years: 3, AutoRenew: true})
		d := f.startPlanCancel(t, lang, f.login("holder", 0))
		d.toCancelConfirm("cancel.button.cancel")
		v := d.golden()
		flat := strings.Join(strings.Fields(v), "")
		for _, want := range []string{"RN20271001-000001", "44,550", "2027/11/22"} {
			if !strings.Contains(flat, want) {
				t.Errorf("the confirm step lacks %q:\n%s", want, v)
			}
		}
		if q := d.app.cur.(*planCancelScreen).quote; q.RenewalWithdrawn != "RN20271001-000001" || strings.Contains(v, "自動更新") {
			t.Errorf("quote %+v:\n%s", q, v)
		}
	})
}

// A plan renewed to another is not cancelled itself: the screen says which
// plan it is renewed to, when it ends, and how to undo the renewal.
func TestPlanCancelRenewedToAnother(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.settleAt(t, renewDay)
		f.renewOnCore(t, core.RenewalRequest{Service: "1", Plan: "basic", Years: 2, AutoRenew: true})
		d := f.startPlanCancel(t, lang, f.login("holder", 0))
		v := d.golden()
		flat := strings.Join(strings.Fields(v), "")
		if want := strings.Join(strings.Fields(d.msg.T("cancel.block.renewed_to", "Basic", "2027/11/21")), ""); !strings.Contains(flat, want) {
			t.Errorf("the choice lacks %q:\n%s", want, v)
		}
	})
}

// Auto-renew off: the notice names the day the service stops.
func TestRenewalNoticeAutoOff(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.settleAt(t, renewDay)
		f.renewOnCore(t, core.RenewalRequest{Service: "1", Years: 1, AutoRenew: false})
		f.settleAt(t, time.Date(2028, 10, 7, 10, 0, 0, 0, core.JST)) // 45 days before 2028/11/21
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.waitKey("renewal.recommended")
		v := d.golden()
		flat := strings.Join(strings.Fields(v), "")
		if want := strings.Join(strings.Fields(d.msg.T("renewal.auto_off_on", "2028/11/22")), ""); !strings.Contains(flat, want) {
			t.Errorf("the notice lacks %q:\n%s", want, v)
		}
	})
}

// The renewal of the 年会費制 plan offers it at the fee with the annual
// options held, as the quote bills it.
func TestRenewInputFeeWithOptions(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		home := principalOf(t, f, f.login("holder", 2))
		if _, err := f.svc.PurchaseOption(home, f.svc.NewToken(), "annual-mailbox", ""); err != nil {
			t.Fatal(err)
		}
		f.settleAt(t, time.Date(2027, 9, 1, 10, 0, 0, 0, core.JST))
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 2))
		d.openRenew()
		v := d.golden()
		want := d.msg.T("renew.price_with_options", d.msg.T("plan.price_short.annual", "26,000"))
		if !strings.Contains(strings.Join(strings.Fields(v), ""), strings.Join(strings.Fields(want), "")) {
			t.Errorf("the input lacks %q:\n%s", want, v)
		}
	})
}

// A renewal to Pro, whose initial fee is 3,000 yen: not charged, and said why.
func TestRenewConfirmInitialFeeNotCharged(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.settleAt(t, renewDay)
		d := f.startRenew(t, lang)
		d.keys(tea.KeyDown)                // to the plan
		d.keys(tea.KeyRight, tea.KeyRight) // VPS-2(Plesk) → Basic → Pro
		d.keys(tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyEnter)
		d.waitKey("renew.button.apply")
		v := d.golden()
		if q := d.app.cur.(*renewScreen).quote; q.Plan != "pro" || q.InitialFee != 3_000 {
			t.Fatalf("quote %+v", q)
		}
		if !strings.Contains(strings.Join(strings.Fields(v), ""), strings.Join(strings.Fields(d.msg.T("renew.q.initial_waived")), "")) {
			t.Errorf("the quote does not say the initial fee is not charged:\n%s", v)
		}
	})
}
