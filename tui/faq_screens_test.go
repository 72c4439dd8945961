package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// よくある質問 after a login: the questions by topic under the search field.
func TestFAQList(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.open(routeFAQ{})
		d.waitKey("faq.search")
		v := d.golden()
		want := map[string]string{"ja": "ID・パスワードがわからない", "en": "I do not know my ID or password"}[lang]
		if !strings.Contains(v, want) {
			t.Errorf("the list lacks %q:\n%s", want, v)
		}
	})
}

// Issue 11: the list filters as the subscriber types; in Japanese a katakana
// query finds the hiragana of a question (ワカラナイ → わからない), in English
// the case does not matter.
func TestFAQSearch(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.open(routeFAQ{})
		d.waitKey("faq.search")
		query, want := "ワカラナイ", "ID・パスワードがわからない"
		if lang == "en" {
			query, want = "PASSWORD", "I do not know my ID or password"
		}
		d.typeText(query)
		d.waitText(query) // the list is filtered with the key that typed it
		v := d.golden()
		if !strings.Contains(v, want) || strings.Contains(v, d.msg.T("menu.plan_change")) {
			t.Errorf("search %q:\n%s", query, v)
		}
	})
}

// Enter opens the answer of the question under the cursor; Esc returns to
// the list with the search as typed.
func TestFAQAnswer(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.open(routeFAQ{})
		d.waitKey("faq.search")
		query := "入金"
		if lang == "en" {
			query = "payment was received"
		}
		d.typeText(query)
		d.keys(tea.KeyEnter)
		d.waitText("A. ")
		v := d.golden()
		for _, s := range []string{"Q. ", "A. ", f.svc.Catalog().InformationCenter.Phone} {
			if !strings.Contains(v, s) {
				t.Errorf("answer lacks %q:\n%s", s, v)
			}
		}
	})
}

// Issue 11: the login screen says where to turn when the ID or password is
// forgotten and shows the key of the FAQ.
func TestLoginFAQ(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		number := f.login("holder", 0).Login
		d.typeText(number)
		d.keys(tea.KeyF2)
		d.waitKey("faq.search")
		// Half-width katakana find the full-width question.
		query := "ﾊﾟｽﾜｰﾄﾞ"
		if lang == "en" {
			query = "Password"
		}
		d.typeText(query)
		d.keys(tea.KeyEnter)
		d.waitText("A. ")
		d.keys(tea.KeyEscape)
		d.waitKey("faq.search")
		d.keys(tea.KeyEscape)
		d.waitKey("login.by_number")
		v := d.goldenApp()
		if !strings.Contains(v, number) || !strings.Contains(v, "f2") {
			t.Errorf("back on the login screen:\n%s", v)
		}
	})
}

// Before a login, F2 shows the FAQ over the login screen; its key help says
// that Esc returns to the login.
func TestLoginFAQOpen(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.keys(tea.KeyF2)
		d.waitKey("faq.search")
		v := d.goldenApp()
		if !strings.Contains(v, d.msg.T("faq.key.login")) {
			t.Errorf("no way back to the login:\n%s", v)
		}
	})
}

// Issue 11: a session logged in with the customer number ends at its next
// action once the password is reissued, and the login screen says why.
func TestReissueEndsHolderSession(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		holder := f.login("holder", 0)
		d.loginAs(holder)
		if _, err := f.svc.ReissuePassword(opOf(), holder.Login); err != nil {
			t.Fatal(err)
		}
		d.open(routeCustomerInfo{})
		// The screen may say why first; the session ends with the next
		// message, and the login screen says why again.
		d.waitKey("login.title")
		d.waitKey("login.reissued")
		v := d.view()
		if !strings.Contains(v, d.msg.T("login.title")) || strings.Contains(v, d.msg.T("header.logout")) {
			t.Fatalf("the holder is not logged out:\n%s", v)
		}
		// The wait above may match the password field's label: the reason is checked here.
		flat := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if !strings.Contains(flat(v), flat(d.msg.T("login.reissued"))) {
			t.Errorf("the login screen does not say why:\n%s", v)
		}
	})
}

// A holder session reading a screen that calls nothing (the FAQ) ends too when
// the password is reissued: the watch tells it, without a key pressed.
func TestReissueEndsIdleHolderSession(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, "ja", 80, 24)
	holder := f.login("holder", 0)
	d.loginAs(holder)
	d.open(routeFAQ{})
	d.waitKey("faq.search")
	if _, err := f.svc.ReissuePassword(opOf(), holder.Login); err != nil {
		t.Fatal(err)
	}
	// The FAQ speaks of the customer password too: wait for words of the
	// login screen's reason alone.
	d.waitText("再発行されたため")
	if v := d.view(); strings.Contains(v, d.msg.T("header.logout")) || !strings.Contains(v, d.msg.T("login.title")) {
		t.Fatalf("the holder is not logged out:\n%s", v)
	}
}
