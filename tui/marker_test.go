package tui

import (
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
)

// Colour is never the only signal: on a terminal without colour (the Ascii
// profile of the harness) the menu cursor, the selected row and the focused
// field or button carry a visible marker.

// focusMarker is the marker of the one focused thing: "> " before a menu entry,
// a list row or a form field, ">" before a focused button's bracket.
var focusMarker = regexp.MustCompile(`(^|[ │])>( [^ ]|\[)`)

// focusMarkers counts the focus markers of a screen.
func focusMarkers(view string) int {
	n := 0
	for _, l := range strings.Split(view, "\n") {
		n += len(focusMarker.FindAllStringIndex(l, -1))
	}
	return n
}

// finalApp stops the program and returns its final model.
func (d *drive) finalApp() *App {
	d.t.Helper()
	if err := d.tm.Quit(); err != nil {
		d.t.Fatal(err)
	}
	return d.tm.FinalModel(d.t, teatest.WithFinalTimeout(10e9)).(*App)
}

// markedLine is the one line of view that carries the focus marker.
func markedLine(t *testing.T, view string) string {
	t.Helper()
	var found []string
	for _, l := range strings.Split(view, "\n") {
		if focusMarker.MatchString(l) {
			found = append(found, l)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d lines carry the focus marker, want 1:\n%s", len(found), view)
	}
	return found[0]
}

// The sidebar without colour: the cursor entry carries '>', the open entry '*'.
func TestSidebarCursorAscii(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.waitKey("contract.usage")
		d.keys(tea.KeyDown, tea.KeyDown) // ご契約情報一覧 stays open; the cursor on お客様番号パスワード変更
		d.waitText(">")
		a := d.finalApp()
		side := a.viewSidebar(20)
		golden.RequireEqual(t, []byte(side))
		if l := markedLine(t, side); !strings.Contains(l, d.msg.T("menu.customer_password")[:6]) {
			t.Errorf("the cursor is not on %s: %q", d.msg.T("menu.customer_password"), l)
		}
		if !strings.Contains(side, "* "+d.msg.T("menu.contract_info")) {
			t.Errorf("the open entry %s carries no '*':\n%s", d.msg.T("menu.contract_info"), side)
		}
	})
}

// A list without colour: the selected row carries '>'.
func TestStatementListCursorAscii(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.open(routeStatements{})
		d.waitKey("statements.col.state")
		d.keys(tea.KeyDown)
		a := d.finalApp()
		a.cur.SetSize(54, 20) // the body at 80 columns
		body := a.cur.View()
		golden.RequireEqual(t, []byte(body))
		if l := markedLine(t, body); !strings.Contains(l, d.msg.T("statement.month", 2026, 10)) {
			t.Errorf("the selected row is not October's: %q", l)
		}
	})
}

// Exactly one thing carries the focus marker on a screen without colour.
func TestOneFocusMarker(t *testing.T) {
	for _, c := range []struct {
		name string
		run  func(d *drive, f *fixture)
	}{
		{"login", func(d *drive, f *fixture) {}},
		{"login password", func(d *drive, f *fixture) {
			d.keys(tea.KeyDown)
		}},
		{"login account password", func(d *drive, f *fixture) {
			d.keys(tea.KeyDown, tea.KeyDown, tea.KeyDown)
		}},
		{"menu", func(d *drive, f *fixture) {
			d.loginAs(f.login("holder", 0))
			d.waitKey("contract.usage")
		}},
		{"list", func(d *drive, f *fixture) {
			d.loginAs(f.login("holder", 0))
			d.open(routeAccounts{})
			d.waitBodyKey("accounts.col.id")
		}},
		{"form", func(d *drive, f *fixture) {
			d.loginAs(f.login("holder", 0))
			d.openCustomerInfo()
		}},
		{"form with the menu focused", func(d *drive, f *fixture) {
			d.loginAs(f.login("holder", 0))
			d.openCustomerInfo()
			d.keys(tea.KeyEsc)
		}},
		{"button", func(d *drive, f *fixture) {
			d.loginAs(f.login("holder", 0))
			d.open(routeCustomerPassword{})
			d.waitKey("button.next")
			d.keys(tea.KeyShiftTab)
		}},
	} {
		for _, lang := range langs {
			t.Run(c.name+"/"+lang, func(t *testing.T) {
				f := newFixture(t)
				d := f.start(t, lang, 80, 24)
				c.run(d, f)
				v := d.view()
				if n := focusMarkers(v); n != 1 {
					t.Errorf("%d focus markers, want 1:\n%s", n, v)
				}
			})
		}
	}
}
