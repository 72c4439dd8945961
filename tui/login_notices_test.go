package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

// SPEC §4.3: the outage and maintenance notices are for all, also before a
// login. The login screen says the key, in its key help and in the banner of
// an open outage.
func TestLoginNoticesKey(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		postBulletins(t, f.svc)
		d := f.start(t, lang, 80, 24)
		d.waitText(openOutage[lang])
		v := d.view()
		if !strings.Contains(v, "f3 "+d.msg.T("key.notices")) || !strings.Contains(v, "(F3") {
			t.Errorf("the login screen does not say the key of the notices:\n%s", v)
		}
	})
}

// F3 on the login screen shows 障害情報, Tab the メンテナンス情報.
func TestLoginNotices(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		postBulletins(t, f.svc)
		d := f.start(t, lang, 80, 24)
		d.waitText(openOutage[lang])
		d.keys(tea.KeyF3)
		d.waitText("一部地域で") // only the list shows the outage over
		d.goldenApp()
	})
}

// Enter opens a notice, Esc returns to its list and from there to the login
// screen with what was typed kept.
func TestLoginNoticesBack(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		postBulletins(t, f.svc)
		d := f.start(t, lang, 80, 24)
		d.waitText(openOutage[lang])
		number := f.login("holder", 0).Login
		d.typeText(number)
		d.keys(tea.KeyF3)
		d.waitText("一部地域で")
		d.keys(tea.KeyDown, tea.KeyEnter)
		d.waitText("復旧しました。") // the text of the outage over, in Japanese only
		d.keys(tea.KeyEscape)
		d.waitKey("bulletins.lead")
		d.keys(tea.KeyTab)
		d.waitText("設備メンテナンスのお知らせ")
		d.keys(tea.KeyEnter)
		d.waitText("接続が切れることがあります")
		d.keys(tea.KeyEscape)
		d.waitKey("bulletins.lead")
		d.keys(tea.KeyEscape)
		d.waitKey("login.by_number")
		if v := d.view(); !strings.Contains(v, number) {
			t.Errorf("back on the login screen, the number typed is lost:\n%s", v)
		}
	})
}

// A notice longer than the screen scrolls before a login too.
func TestLoginNoticeScrolls(t *testing.T) {
	f := newFixture(t)
	var body []string
	for i := 1; i <= 40; i++ {
		body = append(body, fmt.Sprintf("%d行目: 作業の詳細をお知らせします。", i))
	}
	if _, err := f.svc.AddBulletin(core.Operator("test"), core.NewBulletin{Kind: core.BulletinOutage,
		Title: "長いお知らせ", Body: strings.Join(body, "\n"), From: bt("2026-11-22T08:30")}); err != nil {
		t.Fatal(err)
	}
	d := f.start(t, "ja", 80, 24)
	d.waitText("長いお知らせ")
	d.keys(tea.KeyF3)
	d.waitKey("bulletins.lead")
	d.keys(tea.KeyEnter)
	d.waitText("1行目:")
	d.keys(tea.KeyPgDown, tea.KeyPgDown)
	d.waitText("35行目:")
}
