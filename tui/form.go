package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/wrap"
)

// fieldKind is what a form row holds.
type fieldKind int

const (
	textField fieldKind = iota
	passwordField
	choiceField
	staticField // shown, not editable (e.g. the account ID on a change)
	checkField  // a checkbox, e.g. the agreement to the notes
)

// choice is one option of a choice field: the value core expects and its label.
type choice struct {
	value, label string
}

// field is one row of a form.
type field struct {
	key      string // core's field name, for its problems
	label    string
	kind     fieldKind
	required bool
	hint     string // shown under the field while it has the focus
	format   string // what the field takes, shown in it while empty and under it when filled
	in       textinput.Model
	choices  []choice
	sel      int
	static   string
	checked  bool
	disabled map[int]string // choices that cannot be taken now, with the reason
}

// form is the input step shared by every procedure: labelled rows, a '*' and a
// message beside each invalid row, and the buttons. Nothing typed is lost when
// the step is shown again.
type form struct {
	sh       *common.Common
	fields   []*field
	buttons  []string
	focus    int // fields first, then buttons
	problems map[string]string
}

func newForm(sh *common.Common, buttons ...string) *form {
	return &form{sh: sh, buttons: buttons, problems: map[string]string{}}
}

func (f *form) text(key, label string, required bool, limit int, value string) *field {
	in := newInput(f.sh)
	in.CharLimit = limit
	in.SetValue(core.Escape(value)) // a stored value: shown escaped
	fl := &field{key: key, label: label, kind: textField, required: required, in: in}
	if k := formatKey(f.sh, key); k != "" {
		fl.format = f.sh.T(k)
		fl.in.Placeholder = fl.format
	}
	f.fields = append(f.fields, fl)
	return fl
}

func (f *form) password(key, label string, required bool) *field {
	fl := f.text(key, label, required, 64, "")
	fl.kind = passwordField
	fl.in.EchoMode = textinput.EchoPassword
	fl.in.EchoCharacter = '*'
	if fl.format == "" {
		fl.format = f.sh.T("format.password")
		fl.in.Placeholder = fl.format
	}
	return fl
}

func (f *form) choice(key, label string, required bool, choices []choice, value string) *field {
	fl := &field{key: key, label: label, kind: choiceField, required: required, sel: -1}
	for i, c := range choices {
		if c.value == value {
			fl.sel = i
		}
		c.label = core.Escape(c.label) // catalog names among the labels
		fl.choices = append(fl.choices, c)
	}
	f.fields = append(f.fields, fl)
	return fl
}

// check adds a checkbox row ("上記の内容に同意する").
func (f *form) check(key, label, text string, required bool) *field {
	fl := &field{key: key, label: label, kind: checkField, required: required, static: text}
	f.fields = append(f.fields, fl)
	return fl
}

// checked reports whether a checkbox is ticked.
func (f *form) checked(key string) bool {
	for _, fl := range f.fields {
		if fl.key == key {
			return fl.checked
		}
	}
	return false
}

// disable greys out a choice of a choice field, with the reason shown beside it.
func (f *form) disable(key string, value, reason string) {
	for _, fl := range f.fields {
		if fl.key != key {
			continue
		}
		for i, c := range fl.choices {
			if c.value == value {
				if fl.disabled == nil {
					fl.disabled = map[int]string{}
				}
				fl.disabled[i] = reason
				if fl.sel == i {
					fl.sel = -1
				}
			}
		}
	}
}

func (f *form) staticRow(label, value string) *field {
	fl := &field{label: label, kind: staticField, static: value}
	f.fields = append(f.fields, fl)
	return fl
}

// value returns the text of a field as core checks and stores it (folded,
// core.NormalizeInput: what the confirm step shows), or the chosen value of a
// choice field. The field itself keeps what was typed.
func (f *form) value(key string) string {
	for _, fl := range f.fields {
		if fl.key != key {
			continue
		}
		if fl.kind == choiceField {
			if fl.sel >= 0 {
				return fl.choices[fl.sel].value
			}
			return ""
		}
		return core.NormalizeInput(fl.key, fl.in.Value())
	}
	return ""
}

// focusFirst puts the focus on the first editable row.
func (f *form) focusFirst() tea.Cmd {
	f.focus = 0
	for f.focus < len(f.fields) && f.fields[f.focus].kind == staticField {
		f.focus++
	}
	return f.syncFocus()
}

// focusField moves the focus to the named field (the first invalid one after a check).
func (f *form) focusField(key string) tea.Cmd {
	for i, fl := range f.fields {
		if fl.key == key {
			f.focus = i
		}
	}
	return f.syncFocus()
}

// setProblems shows core's problem codes beside their fields and focuses the first.
func (f *form) setProblems(pr map[string]string) tea.Cmd {
	f.problems = map[string]string{}
	first := ""
	for _, fl := range f.fields {
		if code, ok := pr[fl.key]; ok {
			f.problems[fl.key] = f.problemText(fl.key, code)
			if first == "" {
				first = fl.key
			}
		}
	}
	// A problem for a field without its own row (e.g. the second password entry) shows on the row before.
	for k, code := range pr {
		if _, shown := f.problems[k]; !shown {
			if row := f.rowFor(k); row != "" {
				f.problems[row] = f.problemText(k, code)
				if first == "" {
					first = row
				}
			}
		}
	}
	if first != "" {
		return f.focusField(first)
	}
	return nil
}

// rowFor maps a field name without a row to the row that shows its problem.
func (f *form) rowFor(k string) string {
	for _, fl := range f.fields {
		if strings.HasPrefix(k, fl.key) && fl.key != "" {
			return fl.key
		}
	}
	return ""
}

func (f *form) problemText(fieldKey, code string) string {
	if k := "problem." + fieldKey + "." + code; f.sh.Msg.Has(k) {
		if code == core.ProblemLocked {
			return f.sh.T(k, supportInfo(f.sh)...) // where to turn
		}
		return f.sh.T(k)
	}
	return f.sh.T("problem." + code)
}

func (f *form) clearProblems() { f.problems = map[string]string{} }

func (f *form) onButton() int {
	if f.focus >= len(f.fields) {
		return f.focus - len(f.fields)
	}
	return -1
}

func (f *form) move(delta int) tea.Cmd {
	n := len(f.fields) + len(f.buttons)
	for i := 0; i < n; i++ {
		f.focus = (f.focus + delta + n) % n
		if f.focus >= len(f.fields) || f.fields[f.focus].kind != staticField {
			break
		}
	}
	return f.syncFocus()
}

func (f *form) syncFocus() tea.Cmd {
	var cmd tea.Cmd
	for i, fl := range f.fields {
		if fl.kind != textField && fl.kind != passwordField {
			continue
		}
		if i == f.focus {
			cmd = fl.in.Focus()
		} else {
			fl.in.Blur()
		}
	}
	return cmd
}

// update handles a message; pressed is the index of a button pressed with Enter, or -1.
func (f *form) update(msg tea.Msg) (pressed int, cmd tea.Cmd) {
	k, isKey := msg.(tea.KeyMsg)
	if !isKey {
		if f.focus < len(f.fields) {
			fl := f.fields[f.focus]
			fl.in, cmd = fl.in.Update(msg)
		}
		return -1, cmd
	}
	keys := f.sh.Keys
	switch {
	case key.Matches(k, keys.Up, keys.ShiftTab):
		return -1, f.move(-1)
	case key.Matches(k, keys.Down, keys.Tab):
		return -1, f.move(1)
	case key.Matches(k, keys.Enter):
		if b := f.onButton(); b >= 0 {
			return b, nil
		}
		return -1, f.move(1)
	}
	if b := f.onButton(); b >= 0 {
		switch {
		case key.Matches(k, keys.Left) && b > 0:
			return -1, f.move(-1)
		case key.Matches(k, keys.Right) && b < len(f.buttons)-1:
			return -1, f.move(1)
		}
		return -1, nil
	}
	fl := f.fields[f.focus]
	switch fl.kind {
	case choiceField:
		switch {
		case key.Matches(k, keys.Left):
			fl.step(-1)
		case key.Matches(k, keys.Right, keys.Space):
			fl.step(1)
		}
		delete(f.problems, fl.key)
	case checkField:
		if key.Matches(k, keys.Space, keys.Left, keys.Right) || (k.Type == tea.KeyRunes && string(k.Runes) == "x") {
			fl.checked = !fl.checked
			delete(f.problems, fl.key)
		}
	case textField, passwordField:
		msg, ok := typed(fl.key, msg)
		if !ok {
			return -1, nil
		}
		before := fl.in.Value()
		fl.in, cmd = fl.in.Update(msg)
		if fl.in.Value() != before {
			delete(f.problems, fl.key)
		}
	}
	return -1, cmd
}

// step moves the selection of a choice field, skipping greyed-out choices.
func (fl *field) step(delta int) {
	n := len(fl.choices)
	i := fl.sel
	if i < 0 && delta < 0 {
		i = n
	}
	for range n {
		i = (i + delta + n) % n
		if _, off := fl.disabled[i]; !off {
			fl.sel = i
			return
		}
	}
}

// view renders the rows and buttons; focusLine is the line of the focused row.
func (f *form) view(width int) (string, int) {
	st := f.sh.St
	labelW := 0
	for _, fl := range f.fields {
		if w := lipgloss.Width(f.labelText(fl)); w > labelW {
			labelW = w
		}
	}
	labelW = min(labelW, width/2-2)
	inputW := width - labelW - 6
	if inputW < 12 {
		inputW = 12
	}
	if inputW > 40 {
		inputW = 40
	}
	var lines []string
	focusLine := 0
	for i, fl := range f.fields {
		focused := i == f.focus && !f.sh.MenuFocus
		marker := common.MarkNone
		if i == f.focus {
			focusLine = len(lines)
		}
		if focused {
			marker = st.InputFocus.Render(common.MarkFocus)
		}
		// The label is broken by the line breaker, not by the style.
		labelText := wrap.String(f.labelText(fl), labelW)
		label := st.Label.Width(labelW).Render(labelText)
		if focused {
			label = st.InputFocus.Width(labelW).Render(labelText)
		}
		var value string
		switch fl.kind {
		case staticField:
			value = st.Value.Render(f.sh.Wrap(max(width-labelW-3, 10), fl.static))
		case choiceField:
			var parts []string
			for j, c := range fl.choices {
				mark := "( )"
				if j == fl.sel {
					mark = "(*)"
				}
				if _, off := fl.disabled[j]; off {
					parts = append(parts, st.Muted.Render("(-) "+c.label))
					continue
				}
				parts = append(parts, mark+" "+c.label)
			}
			value = strings.Join(parts, "  ")
			if lipgloss.Width(value) > width-labelW-6 {
				// Too wide for the line: show the chosen one, changed with ←/→.
				cur := f.sh.T("form.unselected")
				if fl.sel >= 0 {
					cur = fl.choices[fl.sel].label
				}
				value = "< " + cur + " >"
			}
			if focused {
				value = st.InputFocus.Render(value)
			}
		case checkField:
			mark := "[ ]"
			if fl.checked {
				mark = "[x]"
			}
			text := f.sh.Wrap(max(width-labelW-3-4, 10), fl.static)
			if focused {
				mark, text = st.InputFocus.Render(mark), st.InputFocus.Render(text)
			}
			value = lipgloss.JoinHorizontal(lipgloss.Top, mark+" ", text)
		default:
			value = bracketed(&fl.in, inputW-2)
		}
		mark := ""
		if _, bad := f.problems[fl.key]; bad && fl.key != "" {
			mark = " " + st.Error.Render("*")
		}
		valueW := max(width-labelW-3, 10)
		row := lipgloss.JoinHorizontal(lipgloss.Top, marker, label, " ",
			clip(value+mark, valueW))
		lines = append(lines, strings.Split(row, "\n")...)
		// The problem (or, on the focused row, the hint) goes under the value, wrapped in its column;
		// a filled field's format, hidden with its placeholder, takes the hint's place.
		// Every greyed-out choice says why it cannot be taken now.
		var reasons []string
		for j := range fl.choices {
			if reason, off := fl.disabled[j]; off {
				reasons = append(reasons, f.sh.Wrap(valueW, fl.choices[j].label+": "+reason))
			}
		}
		note := st.Muted.Render(strings.Join(reasons, "\n"))
		if len(reasons) == 0 {
			note = ""
		}
		if p, bad := f.problems[fl.key]; bad && fl.key != "" {
			note = st.Error.Render(f.sh.Wrap(valueW, "* "+p))
		} else if hint := fl.hintText(); hint != "" && focused {
			note = st.Muted.Render(f.sh.Wrap(valueW, hint))
		}
		if note != "" {
			indent := strings.Repeat(" ", labelW+3)
			for _, l := range strings.Split(note, "\n") {
				lines = append(lines, indent+l)
			}
		}
	}
	lines = append(lines, "")
	var bs []string
	for i, b := range f.buttons {
		if f.onButton() == i {
			focusLine = len(lines)
		}
		bs = append(bs, f.sh.Button(b, f.onButton() == i))
	}
	lines = append(lines, " "+strings.Join(bs, " "))
	return strings.Join(lines, "\n"), focusLine
}

// hintText is what the focused row shows under its field: its hint, or the
// format of a field of digits, an address or a date (core.HasFormat) once it
// is filled and its placeholder no longer shows.
func (fl *field) hintText() string {
	if fl.hint != "" || fl.in.Value() == "" || !core.HasFormat(fl.key) {
		return fl.hint
	}
	return fl.format
}

func (f *form) labelText(fl *field) string {
	if fl.required {
		return fl.label + f.sh.T("form.required")
	}
	return fl.label
}

// formKeys is the key help while a form has the focus.
func (f *form) keys() []key.Binding {
	k := f.sh.Keys
	if f.onButton() >= 0 {
		return []key.Binding{k.Left, k.Right, k.Enter, k.Back}
	}
	if f.focus < len(f.fields) && f.fields[f.focus].kind == choiceField {
		return []key.Binding{k.Up, k.Down, k.Left, k.Right, k.Back}
	}
	if f.focus < len(f.fields) && f.fields[f.focus].kind == checkField {
		return []key.Binding{k.Up, k.Down, k.Space, k.Back}
	}
	return []key.Binding{k.Up, k.Down, k.Enter, k.Back}
}
