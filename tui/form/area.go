package form

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"mypage/core"
	"mypage/tui/common"
)

// An area is a text field of several lines (an inquiry's content): Enter
// breaks the line, ↑/↓ move between its lines and leave it on its first and
// last, Tab and Shift+Tab leave it at once. Under it a counter shows how much
// is typed against the limit, worded as an error beyond it; typing goes on
// past the limit, so that nothing typed is lost and core's refusal names it.

// areaHeight is the lines of an area shown at once; more scroll inside it.
const areaHeight = 5

// Area adds a text field of several lines with its limit in characters;
// count measures the text as core does (nil: one per character).
func (f *Form) Area(key, label string, required bool, limit int, value string, count func(string) int) *Field {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = "│ "
	plain := textarea.Style{Base: lipgloss.NewStyle(), Text: lipgloss.NewStyle(), Placeholder: f.sh.St.Muted,
		Prompt: f.sh.St.Muted, EndOfBuffer: lipgloss.NewStyle(), CursorLine: lipgloss.NewStyle()}
	ta.FocusedStyle, ta.BlurredStyle = plain, plain
	ta.FocusedStyle.Prompt = f.sh.St.InputFocus
	ta.Cursor.SetMode(cursor.CursorStatic) // a blink would redraw an idle screen
	ta.Cursor.Style = f.sh.St.InputFocus
	ta.KeyMap.Paste.SetEnabled(false) // the server's clipboard, not the subscriber's
	// Room beyond the limit, so that the counter can say by how much; bounded
	// still. The textarea counts display cells, not characters: Japanese
	// takes two a character, so the room is twice twice the limit.
	ta.CharLimit = 4 * limit
	ta.SetHeight(areaHeight)
	ta.SetValue(core.Escape(value))
	if count == nil {
		count = utf8.RuneCountInString
	}
	fl := &Field{key: key, label: label, kind: areaField, required: required, area: ta, limit: limit, count: count}
	fl.initial = ta.Value()
	f.fields = append(f.fields, fl)
	return fl
}

// updateArea handles a key in an area; moved reports that the key left it.
func (f *Form) updateArea(fl *Field, msg tea.Msg) (tea.Cmd, bool) {
	keys := f.sh.Keys
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(k, keys.Tab):
			return f.move(1), true
		case key.Matches(k, keys.ShiftTab):
			return f.move(-1), true
		case key.Matches(k, keys.Up) && fl.area.Line() == 0:
			return f.move(-1), true
		case key.Matches(k, keys.Down) && fl.area.Line() >= fl.area.LineCount()-1:
			return f.move(1), true
		}
	}
	msg, ok := typedArea(fl.key, msg)
	if !ok {
		return nil, false
	}
	before := fl.area.Value()
	var cmd tea.Cmd
	fl.area, cmd = fl.area.Update(msg)
	if fl.area.Value() != before {
		delete(f.problems, fl.key)
	}
	return cmd, false
}

// typedArea is Typed for an area: a line break pasted with the text stays one.
func typedArea(field string, msg tea.Msg) (tea.Msg, bool) {
	k, isKey := msg.(tea.KeyMsg)
	if !isKey || k.Type != tea.KeyRunes {
		return Typed(field, msg)
	}
	text := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(string(k.Runes))
	var kept []rune
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			kept = append(kept, '\n')
		}
		if m, ok := Typed(field, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(line)}); ok {
			kept = append(kept, m.(tea.KeyMsg).Runes...)
		}
	}
	if len(kept) == 0 {
		return nil, false
	}
	k.Runes = kept
	return k, true
}

// areaView renders an area w cells wide with its counter under it.
func (f *Form) areaView(fl *Field, w int) string {
	fl.area.SetWidth(max(w, 10))
	n := fl.count(fl.area.Value())
	counter := f.sh.T("form.counter", common.GroupDigits(int64(n)), common.GroupDigits(int64(fl.limit)))
	style := f.sh.St.Muted
	if n > fl.limit {
		counter = f.sh.T("form.counter_over", common.GroupDigits(int64(n)), common.GroupDigits(int64(fl.limit)),
			common.GroupDigits(int64(n-fl.limit)))
		style = f.sh.St.Error
	}
	return fl.area.View() + "\n" + style.Render(counter)
}

// AreaOver reports whether the text of an area is beyond its limit now.
func (f *Form) AreaOver(key string) bool {
	for _, fl := range f.fields {
		if fl.key == key && fl.kind == areaField {
			return fl.count(fl.area.Value()) > fl.limit
		}
	}
	return false
}

// areaRows adds an area's rows: its label (with the '*' of a problem) on a
// line of its own, the text and the counter under it across the width, then
// its problem or, focused, its hint. focusLine is the counter's line, so
// that the whole area stays in view while it is edited.
func (f *Form) areaRows(lines []string, fl *Field, marker string, focused bool, width int) ([]string, int) {
	st := f.sh.St
	label := st.Label.Render(f.labelText(fl))
	if focused {
		label = st.InputFocus.Render(f.labelText(fl))
	}
	p, bad := f.problems[fl.key]
	if bad {
		label += " " + st.Error.Render("*")
	}
	lines = append(lines, marker+label)
	indent := strings.Repeat(" ", lipgloss.Width(common.MarkNone))
	w := max(width-lipgloss.Width(indent), 10)
	for _, l := range strings.Split(f.areaView(fl, w), "\n") {
		lines = append(lines, indent+l)
	}
	focusLine := len(lines) - 1
	note := ""
	switch {
	case bad:
		note = st.Error.Render(f.sh.Wrap(w, "* "+p))
	case focused && fl.Hint != "":
		note = st.Muted.Render(f.sh.Wrap(w, fl.Hint))
	}
	if note != "" {
		for _, l := range strings.Split(note, "\n") {
			lines = append(lines, indent+l)
		}
	}
	return lines, focusLine
}
