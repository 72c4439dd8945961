package form

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

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
	k, isKey := msg.(tea.KeyMsg)
	if isKey && k.Type == tea.KeySpace {
		_, ok := core.TypedRune(field, ' ')
		return msg, ok
	}
	if !isKey || k.Type != tea.KeyRunes {
		return msg, true
	}
	kept := make([]rune, 0, len(k.Runes))
	for _, r := range k.Runes {
		if r, ok := core.TypedRune(field, r); ok {
			kept = append(kept, r)
		}
	}
	if len(kept) == 0 {
		return nil, false
	}
	k.Runes = kept
	return k, true
}

// Bracketed renders an input as a field of w cells between brackets. The input
// scrolls inside w-1 cells: the cursor after the last character takes the last
// cell, so a long value never wraps the field (and the frame around it).
func Bracketed(in *textinput.Model, w int) string {
	if iw := max(w-1, 1); in.Width != iw {
		// The input decides what part of its value it shows when its cursor
		// moves; a value set before its width was known (a form filled with
		// stored data) would otherwise be shown whole and wrap the field.
		in.Width = iw
		in.SetCursor(in.Position())
	}
	return "[" + lipgloss.NewStyle().Width(w).MaxWidth(w).Render(in.View()) + "]"
}
