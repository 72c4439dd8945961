package form

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-runewidth"

	"mypage/core"
	"mypage/tui/common"
)

// NewInput is a text input of a form or the login screen. Its clipboard key is
// off: the clipboard it reads is the server's, not the subscriber's, and what
// it pastes would bypass typed. A terminal's own paste arrives as typed text.
func NewInput(sh *common.Common) textinput.Model {
	in := textinput.New()
	// A steady cursor: a blink would redraw an idle screen twice a second.
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Prompt = ""
	in.Cursor.Style = sh.St.InputFocus
	in.PlaceholderStyle = sh.St.Muted
	in.KeyMap.Paste.SetEnabled(false)
	return in
}

// FormatKey is the catalog key of the format a field of core's name shows
// before anything is typed into it (its placeholder), or "" for none.
func FormatKey(sh *common.Common, field string) string {
	if k := "format." + field; sh.Msg.Has(k) {
		return k
	}
	return ""
}

// Typed takes out of a key message of typed or pasted text what core says the
// field can never hold (core.TypedRune): the characters no stored text may
// contain (controls, format characters, line and paragraph separators), and
// in a field of digits what is neither a digit nor one of its separators, so
// that a field shows only what core will check. Full-width digits and letters
// in a field of ASCII format come in folded to half-width. field is core's
// name of the field ("" for a free-text one). ok is false when nothing is left
// to put into the field.
func Typed(field string, msg tea.Msg) (out tea.Msg, ok bool) {
	out, ok, _ = TypedDropped(field, msg)
	return out, ok
}

// TypedDropped is Typed, and says whether a character typed was refused, so
// that the screen tells why it did not appear (a letter in a field of digits).
func TypedDropped(field string, msg tea.Msg) (out tea.Msg, ok, dropped bool) {
	k, isKey := msg.(tea.KeyMsg)
	if isKey && k.Type == tea.KeySpace {
		_, ok := core.TypedRune(field, ' ')
		return msg, ok, !ok
	}
	if !isKey || k.Type != tea.KeyRunes {
		return msg, true, false
	}
	kept := make([]rune, 0, len(k.Runes))
	for _, r := range k.Runes {
		if r, ok := core.TypedRune(field, r); ok {
			kept = append(kept, r)
		}
	}
	dropped = len(kept) < len(k.Runes)
	if len(kept) == 0 {
		return nil, false, dropped
	}
	// Half-width katakana come in widened (core.WidenKana): their sound marks
	// would take a cell the layout does not count.
	k.Runes = []rune(core.WidenKana(string(kept)))
	return k, true, dropped
}

// Bracketed renders an input as a field of w cells between brackets. A field
// without the focus shows the start of its value, a cut end marked with …; the
// focused one shows the part around its cursor, a hidden start marked with …
// and a hidden end too, so that no part of a value passes for the whole. The
// cursor after the last character takes a cell of its own; where no style can
// show it (a terminal without colour) it is drawn as _. An empty field shows
// its format between ‹ ›, in every colour profile unlike a typed value.
func Bracketed(in *textinput.Model, w int) string {
	w = max(w, 2)
	rs := []rune(in.Value())
	if in.EchoMode == textinput.EchoPassword {
		for i := range rs {
			rs[i] = in.EchoCharacter
		}
	}
	pad := func(s string) string {
		return "[" + s + strings.Repeat(" ", max(w-lipgloss.Width(s), 0)) + "]"
	}
	hint := ""
	if in.Placeholder != "" {
		hint = "‹" + in.Placeholder + "›" // a format, never to be taken for a value typed
	}
	if len(rs) == 0 && !in.Focused() {
		return pad(in.PlaceholderStyle.Render(cut(hint, w)))
	}
	if !in.Focused() {
		return pad(cut(string(rs), w))
	}
	pos := min(in.Position(), len(rs))
	cursorChar := " "
	if pos < len(rs) {
		cursorChar = string(rs[pos])
	}
	// The window: from start to the cursor and beyond, within w cells, a
	// hidden start taking one cell for its mark.
	start := 0
	for start < pos && runewidth.StringWidth(string(rs[start:pos]))+runewidth.StringWidth(cursorChar)+boolCell(start > 0) > w {
		start++
	}
	var b strings.Builder
	used := 0
	if start > 0 {
		b.WriteString("…")
		used++
	}
	b.WriteString(string(rs[start:pos]))
	used += runewidth.StringWidth(string(rs[start:pos]))
	in.Cursor.SetChar(cursorChar)
	cur := in.Cursor.View()
	if pos == len(rs) && in.Cursor.Style.Reverse(true).Render(" ") == " " {
		cur = "_" // no style shows the cursor: a visible cell where typing goes
	}
	b.WriteString(cur)
	used += runewidth.StringWidth(cursorChar)
	if pos+1 < len(rs) {
		rest := string(rs[pos+1:])
		b.WriteString(cut(rest, w-used))
	}
	if len(rs) == 0 {
		b.WriteString(in.PlaceholderStyle.Render(cut(hint, w-used)))
	}
	return pad(b.String())
}

// cut keeps s within w cells, a cut end marked with ….
func cut(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if runewidth.StringWidth(s) <= w {
		return s
	}
	return runewidth.Truncate(s, w, "…")
}

func boolCell(b bool) int {
	if b {
		return 1
	}
	return 0
}
