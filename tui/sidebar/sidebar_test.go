package sidebar

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/mattn/go-runewidth"
	"github.com/muesli/termenv"

	"mypage/tui/common"
	"mypage/tui/styles"
)

func init() {
	// As at start-up of the binary: every width function counts ambiguous glyphs as 1.
	runewidth.DefaultCondition.EastAsianWidth = false
}

func ascii() *styles.Styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return styles.New(r)
}

var groups = []Group{
	{Title: "ご契約情報", Entries: []string{"ご契約情報一覧"}},
	{Title: "各種手続き", Entries: []string{"お客様情報変更", "お客様番号パスワード変更", "お支払い方法変更"}},
	{Title: "アカウントIDオプション", Entries: []string{"アカウントID管理", "アカウントIDオプション変更"}},
	{Entries: []string{"ログアウト"}},
}

// The menu at 80 columns, its cursor on the long label at the end of a menu
// taller than the window: the label goes on to a second line, the menu
// scrolls to the cursor, one entry carries the cursor and one the open mark.
func TestView(t *testing.T) {
	w := Width(80)
	v := View(ascii(), groups, State{Cursor: 5, Active: 0, Focused: true}, w, 8)
	golden.RequireEqual(t, []byte(v))
	lines := strings.Split(v, "\n")
	if len(lines) != 8 {
		t.Errorf("%d lines, want 8", len(lines))
	}
	for _, l := range lines {
		if lipgloss.Width(l) != w+1 { // and the rule at its right
			t.Errorf("a line of %d columns, want %d: %q", lipgloss.Width(l), w+1, l)
		}
	}
	if n := strings.Count(v, common.MarkFocus); n != 1 || !strings.Contains(v, common.MarkFocus+"アカウントIDオプション") {
		t.Errorf("the cursor is not on the long label alone:\n%s", v)
	}
	// Without the focus no entry carries the cursor; the open one keeps its mark.
	v = View(ascii(), groups, State{Cursor: 5, Active: 0}, w, 20)
	if strings.Contains(v, common.MarkFocus) || !strings.Contains(v, common.MarkOpen+"ご契約情報一覧") {
		t.Errorf("without the focus:\n%s", v)
	}
}

// Without the focus the open entry stays in view (a page far down the menu),
// and a clipped menu says so on its first or last line.
func TestViewKeepsOpenEntry(t *testing.T) {
	w := Width(80)
	v := View(ascii(), groups, State{Cursor: 0, Active: 5}, w, 6)
	lines := strings.Split(v, "\n")
	if len(lines) != 6 {
		t.Fatalf("%d lines, want 6", len(lines))
	}
	if !strings.Contains(v, common.MarkOpen+"アカウントIDオプション") {
		t.Errorf("the open entry is not in view:\n%s", v)
	}
	if !strings.Contains(lines[0], "↑") {
		t.Errorf("the first line does not say that entries are above:\n%s", v)
	}
	// At the top of the menu the last line says that entries follow.
	v = View(ascii(), groups, State{Cursor: 0, Active: 0, Focused: true}, w, 6)
	lines = strings.Split(v, "\n")
	if !strings.Contains(lines[len(lines)-1], "↓") || strings.Contains(lines[0], "↑") {
		t.Errorf("the clipped end is not shown:\n%s", v)
	}
	if !strings.Contains(v, common.MarkFocus+"ご契約情報一覧") {
		t.Errorf("the cursor is not in view:\n%s", v)
	}
	// A menu that fits shows no arrow.
	if v := View(ascii(), groups, State{Active: 0}, w, 20); strings.ContainsAny(v, "↑↓") {
		t.Errorf("an arrow on a menu that fits:\n%s", v)
	}
}

// An entry of two lines (アカウントIDオプション変更 at 80 columns) is never
// shown cut in half when the menu scrolls: at the bottom edge the ↓ line does
// not take its second line, at the top edge ↑ does not leave its second line
// alone; the menu keeps its height.
func TestViewNeverCutsAnEntry(t *testing.T) {
	w := Width(80)
	whole := func(v string) bool {
		first := strings.Contains(v, common.MarkNone+"アカウントIDオプション ") || strings.Contains(v, common.MarkFocus+"アカウントIDオプション ") || strings.Contains(v, common.MarkOpen+"アカウントIDオプション ")
		second := strings.Contains(v, " 変更")
		return first == second
	}
	for _, c := range []struct {
		name   string
		s      State
		height int
	}{
		{"the window ends between its two lines", State{Cursor: 0, Active: 0, Focused: true}, 10},
		{"the window starts between its two lines", State{Cursor: 0, Active: 6}, 3},
		{"the window starts between its two lines, focused", State{Cursor: 6, Active: 0, Focused: true}, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := View(ascii(), groups, c.s, w, c.height)
			if !whole(v) {
				t.Errorf("the entry shows cut in half:\n%s", v)
			}
			if strings.Contains(v, "ログアウト") && strings.Contains(v, "↓") {
				t.Errorf("↓ with nothing below:\n%s", v)
			}
			if n := len(strings.Split(v, "\n")); n != c.height {
				t.Errorf("%d lines, want %d:\n%s", n, c.height, v)
			}
		})
	}
}
