package common

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"mypage/tui/i18n"
	"mypage/tui/styles"
)

// A button is rendered one way everywhere: the marker of a focused row (or
// its blank) before its bracketed label, so that focused and unfocused
// buttons take the same cells and the focus shows without colour.
func TestButtonMarkers(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	sh := &Common{St: styles.New(r), Msg: i18n.New("ja")}
	on, off := sh.Button("登録", true), sh.Button("登録", false)
	if on != MarkFocus+"[登録]" || off != MarkNone+"[登録]" {
		t.Errorf("buttons %q and %q, want %q and %q", on, off, MarkFocus+"[登録]", MarkNone+"[登録]")
	}
	row := sh.Buttons(1, "登録", "戻る")
	if row != MarkNone+"[登録] "+MarkFocus+"[戻る]" {
		t.Errorf("a row of buttons %q", row)
	}
	sh.MenuFocus = true
	if got := sh.Buttons(0, "登録"); strings.Contains(got, ">") {
		t.Errorf("a button is marked while the menu has the focus: %q", got)
	}
}
