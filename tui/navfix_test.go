package tui

import (
	"mypage/core"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/tui/common"
)

// toLogoutEntry moves the sidebar cursor to ログアウト, the last entry.
func (d *drive) toLogoutEntry(f *fixture) {
	d.t.Helper()
	for range flatEntries(buildMenu(&common.Common{Svc: f.svc, Msg: d.msg, Who: holderOf(f)}, f.contractType(d.t), f.holderPlans(d.t))) {
		d.keys(tea.KeyDown)
	}
}

// holderPlans are the plan services of the holder's contract, as the menu is built from them.
func (f *fixture) holderPlans(t *testing.T) []core.PlanView {
	t.Helper()
	plans, err := f.svc.Plans(holderOf(f))
	if err != nil {
		t.Fatal(err)
	}
	return plans
}

// The logout question asked from the sidebar has the focus as from ctrl+l:
// its default button is marked, and the sidebar marks ログアウト as open.
func TestLogoutFromSidebarHasFocus(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.waitKey("contract.usage")
		d.toLogoutEntry(f)
		d.keys(tea.KeyEnter)
		d.waitKey("logout.ask")
		v := d.view()
		if want := "> [" + d.msg.T("logout.no") + "]"; !strings.Contains(d.app.body.content, want) {
			t.Errorf("the default button is not marked (%q):\n%s", want, v)
		}
		if want := common.MarkOpen + d.msg.T("menu.logout"); !strings.Contains(v, want) {
			t.Errorf("the sidebar does not mark %q:\n%s", want, v)
		}
		if strings.Contains(v, common.MarkOpen+d.msg.T("menu.contract_info")) {
			t.Errorf("the previous page's entry is still marked open:\n%s", v)
		}
	})
}

// A completion page starts at its top, its title in view: the input step it
// follows was scrolled to its buttons.
func TestCompletionStartsAtTop(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openCustomerInfo()
		d.keys(tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyEnter)
		d.waitBodyKey("customer.title_confirm")
		d.keys(tea.KeyEnter)
		d.waitKey("customer.mail_sent", "arteri-an@keitai-address.ne.jp")
		v := d.view()
		if d.app.body.vp.YOffset != 0 || !strings.Contains(v, d.msg.T("customer.title_done")) {
			t.Errorf("the completion page is scrolled by %d lines (focus %d, %d lines):\n%s", d.app.body.vp.YOffset, d.app.body.focus, d.app.body.vp.Height, v)
		}
	})
}

// Home/End scroll a page with a cursor but no text field (a completion page)
// and the body from the sidebar.
func TestHomeEndOnCompletion(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, "ja", 80, 24)
	d.loginAs(f.login("holder", 0))
	d.openCustomerInfo()
	d.keys(tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyEnter)
	d.waitBodyKey("customer.title_confirm")
	d.keys(tea.KeyEnter)
	d.waitKey("customer.mail_sent", "arteri-an@keitai-address.ne.jp")
	d.keys(tea.KeyEnd)
	d.waitText("22行中 3–22行目")
	d.keys(tea.KeyHome)
	d.waitText("22行中 1–20行目")
	d.keys(tea.KeyShiftTab, tea.KeyEnd) // from the sidebar
	d.waitText("22行中 3–22行目")
}

// Why `d` did nothing belongs to that visit of the list: it is gone after the
// focus went to the sidebar and came back.
func TestDeleteNoteOnlyThisVisit(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.open(routeOptionGroup{group: "warranty"})
		d.waitKey("group.lead")
		d.keys(tea.KeyDown)
		d.typeText("d") // the add-on, never bought
		d.waitKey("block.not-held")
		d.keys(tea.KeyShiftTab)
		d.waitText("tab")
		d.keys(tea.KeyTab)
		d.waitKey("group.key.open") // the list has the focus again
		v := d.view()
		if strings.Contains(d.app.body.content, d.msg.T("block.not-held")) {
			t.Errorf("the note of the last visit is still shown:\n%s", v)
		}
	})
}

// The short help ends with the key of the full help whenever the full help has
// more; the full help lists the scroll keys of a tall body and Tab.
func TestHelpListsEveryKey(t *testing.T) {
	f := newHistoryFixture(t)
	m := portalAt(t, f, "en", "holder", 0, 80, 24)
	run(m, openMsg{to: routeStatement{month: "2026-10"}})
	if !m.body.tall {
		t.Fatal("the statement fits the window")
	}
	for _, focusMenu := range []bool{false, true} {
		if focusMenu {
			run(m, tea.KeyMsg{Type: tea.KeyShiftTab})
		}
		short := lastLine(m.View())
		if !strings.Contains(short, "? "+m.sh.T("key.more")) {
			t.Errorf("menu focus %v: the short help does not offer the rest: %q", focusMenu, short)
		}
		run(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("?")})
		full := m.View()
		full = full[strings.LastIndex(full, "│"):]
		for _, k := range []string{"PgUp", "PgDn", "Home", "End", "tab"} {
			if !strings.Contains(full, k) {
				t.Errorf("menu focus %v: the full help does not list %s:\n%s", focusMenu, k, full)
			}
		}
		run(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("?")})
	}
	// The login screen offers the full help too.
	l := New(Options{Service: f.svc, Renderer: asciiRenderer(), Lang: "en", Source: "test"})
	run(l, tea.WindowSizeMsg{Width: 80, Height: 24})
	if short := lastLine(l.View()); !strings.Contains(short, m.sh.T("key.more")) {
		t.Errorf("the login screen's help does not offer the rest: %q", short)
	}
}

// The account ID settings list the keys of the row under the cursor, open or not.
func TestAccountOptionsHelpClosedRow(t *testing.T) {
	f := newFixture(t)
	m := portalAt(t, f, "en", "holder", 0, 80, 24)
	run(m, openMsg{to: routeAccountOptions{}})
	run(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("?")})
	if v := m.View(); !strings.Contains(v[strings.LastIndex(v, "│"):], "i "+m.sh.T("detail.key.status")) {
		t.Errorf("the help does not list i:\n%s", v)
	}
}

// Call details say how many calls the month has, in the plural form of the count.
func TestCallDetailsCount(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 1))
		d.open(routeCalls{service: "phone"})
		d.waitKey("calls.none")
		d.keys(tea.KeyLeft, tea.KeyLeft)
		d.waitText("03-1234-5678")
		d.view()
		s := d.app.cur.(*callsScreen)
		if want := d.msg.N("calls.count", s.d.Count, s.d.Count); !strings.Contains(d.app.body.content, want) {
			t.Errorf("no count %q:\n%s", want, d.app.body.content)
		}
	})
}

// With the focus in the body the sidebar keeps the open entry in view, far
// down a menu taller than the window.
func TestSidebarKeepsOpenEntry(t *testing.T) {
	f := newFixture(t)
	m := portalAt(t, f, "ja", "holder", 0, 80, 24)
	run(m, openMsg{to: routeAccountOptions{}})
	if m.focusMenu {
		t.Fatal("the account ID settings do not have the focus")
	}
	if v := m.View(); !strings.Contains(v, common.MarkOpen+"アカウントIDオプション") {
		t.Errorf("the open entry is not in view:\n%s", v)
	}
}
