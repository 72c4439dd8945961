package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

// SPEC §11.5 on the screens: full-width digits typed into a field of digits
// come in half-width as they are typed, spaces between the groups of a card
// number are kept for the eye, and a two-digit year means 20YY.
func TestCardFullWidthTypedHalfWidth(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openPayment()
		d.keys(tea.KeyEnter) // クレジットカード
		d.waitKey("payment.exp_month")
		d.typeText("５５５５　５５５５　５５５５　４４４４")
		d.waitText("[5555 5555 5555 4444")
		d.keys(tea.KeyDown)
		for _, v := range []string{"１２", "２７", "ＨＡＮＡＫＯ", "ＡＲＵＴＥＲＩ"} {
			d.typeText(v)
			d.keys(tea.KeyDown)
		}
		d.typeText("x")
		d.keys(tea.KeyDown, tea.KeyEnter)
		d.waitText("XXXX-XXXX-XXXX-4444")
		if v := d.view(); !strings.Contains(v, "12/2027") || !strings.Contains(v, "HANAKO ARUTERI") {
			t.Errorf("the confirm step does not show 12/2027 and HANAKO ARUTERI:\n%s", v)
		}
	})
}

// A field of digits refuses a letter as it is typed, and keeps what was typed
// before and after it; a pasted letter is dropped from what is pasted.
func TestDigitFieldRefusesLetters(t *testing.T) {
	f := newHistoryFixture(t)
	d := f.start(t, "ja", 80, 24)
	d.loginAs(f.login("holder", 0))
	d.openPayment()
	d.keys(tea.KeyEnter) // クレジットカード
	d.waitKey("payment.exp_month")
	d.typeText("4111")
	d.typeText("a")
	d.space()
	d.paste("1111-x1111")
	d.waitText("[4111 1111-1111")
	d.keys(tea.KeyDown, tea.KeyDown) // the year
	d.typeText("2a0")
	d.space()
	d.typeText("29")
	d.waitText("[2029")
	v := d.view()
	if !strings.Contains(v, "[4111 1111-1111 ") || !(strings.Contains(v, "[2029 ") || strings.Contains(v, "[2029_")) {
		t.Errorf("a letter entered a field of digits, or what was typed was lost:\n%s", v)
	}
}

// A customer number typed in full-width digits logs in.
func TestLoginFullWidthCustomerNumber(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, "ja", 80, 24)
	l := f.login("holder", 0)
	d.typeText(widenDigits(l.Login))
	d.waitText("[" + l.Login[:10])
	d.keys(tea.KeyEnter)
	d.typeText(l.Password)
	d.keys(tea.KeyEnter)
	d.waitKey("header.logout")
}

// Dates are typed as they are shown, YYYY/MM/DD, or as YYYY-MM-DD; the
// confirm step shows them as every screen shows a day.
func TestAutoReplyDatesTypedAsShown(t *testing.T) {
	for _, from := range []string{"2026/12/01", "2026-12-01", "２０２６／１２／０１"} {
		t.Run(from, func(t *testing.T) {
			f := newFixture(t)
			id := f.providerMail(t)
			d := f.start(t, "ja", 80, 24)
			d.loginAs(f.login("holder", 0))
			d.open(routeAutoReply{account: id})
			d.waitKey("reply.message")
			d.keys(tea.KeyRight, tea.KeyDown) // on; to the message
			d.typeText("ただいま不在にしております。")
			d.keys(tea.KeyDown)
			d.typeText(from)
			d.keys(tea.KeyDown)
			d.typeText("2026-12-24")
			d.keys(tea.KeyDown, tea.KeyEnter)
			d.waitKey("confirm.lead", d.msg.T("button.register"))
			v := d.view()
			if !strings.Contains(v, "2026/12/01") || !strings.Contains(v, "2026/12/24") || strings.Contains(v, d.msg.T("error.invalid")) {
				t.Errorf("the dates are not taken as typed:\n%s", v)
			}
		})
	}
}

// The auto-reply form shows a stored period as every screen shows a day, and
// the format of the dates in the empty one.
func TestAutoReplyFormHints(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		id := f.providerMail(t)
		if err := f.svc.SetAutoReply(f.holder(t), f.svc.NewToken(), id, core.AutoReply{On: true, Message: "不在です。",
			From: "2026-12-01"}); err != nil {
			t.Fatal(err)
		}
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.open(routeAutoReply{account: id})
		d.waitKey("reply.message")
		d.keys(tea.KeyDown, tea.KeyDown) // the start date
		d.waitText(d.msg.T("reply.date_hint")[:10])
		v := d.golden()
		if !strings.Contains(v, "[2026/12/01") || !strings.Contains(v, "[‹YYYY/MM/DD›") {
			t.Errorf("the dates are not shown as YYYY/MM/DD:\n%s", v)
		}
	})
}

// holder logs in as the first demo holder through core.
func (f *fixture) holder(t *testing.T) core.Principal {
	t.Helper()
	s, err := f.svc.Login(core.LoginCustomerNumber, f.login("holder", 0).Login, f.login("holder", 0).Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	return s.Principal
}

// providerMail gives the first demo admin ID a provider mail address and returns the ID.
func (f *fixture) providerMail(t *testing.T) string {
	t.Helper()
	id := f.login("admin", 0).Login
	if _, err := f.svc.SetMail(f.holder(t), f.svc.NewToken(), core.MailForm{Account: id, Kind: core.MailProvider,
		Local: "arteri", Agree: true}); err != nil {
		t.Fatal(err)
	}
	return id
}

// Every field of a form says what it takes before anything is typed: its
// format in the empty field, and under the focused one.
func TestFormFormatHints(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openAccounts(true)
		d.typeText("n")
		d.waitKey("account.id_hint")
		v := d.golden()
		for _, k := range []string{"format.last_name", "format.last_kana", "format.user_name", "format.password"} {
			if !strings.Contains(v, d.msg.T(k)) {
				t.Errorf("the form does not show %s", k)
			}
		}
	})
}

func TestCardFormFormatHints(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openPayment()
		d.keys(tea.KeyEnter) // クレジットカード
		d.waitKey("payment.exp_month")
		d.golden()
	})
}

// A filled field shows its format under it while it has the focus.
func TestFilledFieldShowsFormat(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openCustomerInfo()
		d.keys(tea.KeyDown, tea.KeyDown) // 電話番号, filled from the contract
		d.waitText(d.msg.T("format.phone"))
		d.golden()
	})
}

// Kana typed in half-width katakana are shown on the confirm step as they
// are registered, in full-width.
func TestHalfWidthKanaConfirmedFullWidth(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, "ja", 80, 24)
	d.loginAs(f.login("holder", 0))
	d.openAccounts(true)
	d.typeText("n")
	d.waitKey("account.id_hint")
	for _, v := range []string{"arteri-mi-003", "有光", "美月", "ｱﾙﾃﾘ", "ﾐﾂﾞｷ", "みつき", "Tsuki-no-hikari9"} {
		d.typeText(v)
		d.keys(tea.KeyDown)
	}
	d.keys(tea.KeyDown, tea.KeyEnter) // keep ユーザー権限; press 次へ進む
	d.waitText("Tsu*************")
	if v := d.view(); !strings.Contains(v, "アルテリ") || !strings.Contains(v, "ミヅキ") {
		t.Errorf("the confirm step does not show the kana full-width:\n%s", v)
	}
}

// widenDigits writes the digits of s in full-width.
func widenDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r + 0xFEE0
		}
		return r
	}, s)
}

// space sends the space bar as a terminal does: a KeySpace with its rune.
func (d *drive) space() {
	d.collect()
	d.mark = len(d.seen)
	d.tm.Send(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
}
