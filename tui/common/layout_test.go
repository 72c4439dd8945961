package common

import (
	"io"
	"strings"
	"testing"
	"unsafe"

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

// A heading, a note and a label/value table asked again as they were are the
// rendering already made, not a new one: a screen renders them on every key.
// What they show is the same as rendered anew, and a new width renders anew.
func TestRenderingsKept(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	sh := &Common{St: styles.New(r), Msg: i18n.New("ja")}
	fresh := &Common{St: sh.St, Msg: sh.Msg}
	rows := []KVRow{{"契約種別", "UCOM光"}, {"お客様番号", "12345678"}}
	for name, render := range map[string]func(c *Common, width int) string{
		"section": func(c *Common, _ int) string { return c.Section("ご請求明細") },
		"title":   func(c *Common, _ int) string { return c.Title("契約情報") },
		"titleIn": func(c *Common, w int) string { return c.TitleIn(w, "長いオプション名のタイトル") },
		"notes": func(c *Common, w int) string {
			return c.Notes(w, "金額は税込です。", "請求書は発行しません。")
		},
		"kv": func(c *Common, w int) string { return c.KVTable(rows, w) },
	} {
		one, two := render(sh, 40), render(sh, 40)
		if unsafe.StringData(one) != unsafe.StringData(two) {
			t.Errorf("%s: rendered again", name)
		}
		if want := render(fresh, 40); one != want {
			t.Errorf("%s: kept %q, rendered anew %q", name, one, want)
		}
		if other, want := render(sh, 12), render(&Common{St: sh.St, Msg: sh.Msg}, 12); other != want {
			t.Errorf("%s at another width: %q, want %q", name, other, want)
		}
	}
}
