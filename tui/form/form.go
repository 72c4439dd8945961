// Package form is the input step of a procedure: labelled rows of text,
// password, choice, checkbox and static fields, the problems core found beside
// their fields, and the buttons.
package form

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
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
	noteField   // notes across the form's width, e.g. before the agreement to them
	areaField   // text of several lines with a counter (area.go)
)

// Choice is one option of a choice field: the value core expects and its label.
type Choice struct {
	Value, Label string
}

// Field is one row of a form.
type Field struct {
	key      string // core's field name, for its problems
	label    string
	kind     fieldKind
	required bool
	Hint     string // shown under the field while it has the focus
	// Selector shows a choice as the ←/→ selector whatever the width, so that
	// the field is the same widget in every language.
	Selector bool
	format   string // what the field takes, shown in it while empty and under it when filled
	in       textinput.Model
	choices  []Choice
	sel      int
	static   string
	checked  bool
	disabled map[int]string // choices that cannot be taken now, with the reason
	notes    []string       // the notes of a notes row
	problem  string         // the catalog name of this row's problems, if not its field's
	initial  string         // the value the row was given, to tell a changed form
	initSel  int
	area     textarea.Model   // an area's text
	limit    int              // an area's limit, for its counter
	count    func(string) int // how an area's text is counted
}

// Discard is what Update reports when the subscriber has agreed to leave a
// changed form and throw its input away.
const Discard = -2

// Form is the input step shared by every procedure: labelled rows, a '*' and a
// message beside each invalid row, and the buttons. Nothing typed is lost when
// the step is shown again.
type Form struct {
	sh       *common.Common
	fields   []*Field
	buttons  []string
	focus    int // fields first, then buttons
	problems map[string]string
	asking   bool // the question whether to throw the input away shows
	askBtn   int  // its focused button: 0 discard, 1 keep on
}

// New is a form with its buttons (the first one goes on).
func New(sh *common.Common, buttons ...string) *Form {
	return &Form{sh: sh, buttons: buttons, problems: map[string]string{}}
}

func (f *Form) Text(key, label string, required bool, limit int, value string) *Field {
	in := NewInput(f.sh)
	in.CharLimit = limit
	in.SetValue(core.Escape(value)) // a stored value: shown escaped
	fl := &Field{key: key, label: label, kind: textField, required: required, in: in, initial: in.Value()}
	if k := FormatKey(f.sh, key); k != "" {
		fl.format = f.sh.T(k)
		fl.in.Placeholder = fl.format
	}
	f.fields = append(f.fields, fl)
	return fl
}

func (f *Form) Password(key, label string, required bool) *Field {
	fl := f.Text(key, label, required, 64, "")
	fl.kind = passwordField
	fl.in.EchoMode = textinput.EchoPassword
	fl.in.EchoCharacter = '*'
	if fl.format == "" {
		fl.format = f.sh.T("format.password")
		fl.in.Placeholder = fl.format
	}
	return fl
}

func (f *Form) Choice(key, label string, required bool, choices []Choice, value string) *Field {
	fl := &Field{key: key, label: label, kind: choiceField, required: required, sel: -1}
	for i, c := range choices {
		if c.Value == value {
			fl.sel = i
		}
		c.Label = core.Escape(c.Label) // catalog names among the labels
		fl.choices = append(fl.choices, c)
	}
	fl.initSel = fl.sel
	f.fields = append(f.fields, fl)
	return fl
}

// SetChoices replaces the choices of a choice field whose choices follow
// another field (the targets of the plan chosen), selecting value; the focus
// stays where it is.
func (f *Form) SetChoices(key string, choices []Choice, value string) {
	for _, fl := range f.fields {
		if fl.key != key || fl.kind != choiceField {
			continue
		}
		fl.choices, fl.sel, fl.disabled = nil, -1, nil
		for i, c := range choices {
			if c.Value == value {
				fl.sel = i
			}
			c.Label = core.Escape(c.Label)
			fl.choices = append(fl.choices, c)
		}
		delete(f.problems, key)
	}
}

// Check adds a checkbox row ("上記の内容に同意する").
func (f *Form) Check(key, label, text string, required bool) *Field {
	fl := &Field{key: key, label: label, kind: checkField, required: required, static: text}
	f.fields = append(f.fields, fl)
	return fl
}

// Problems names the catalog texts of the row's problems
// (problem.<name>.<code>), for a row whose problem must name it rather than
// what its field means elsewhere (the terms of service, not the notes).
func (fl *Field) Problems(name string) *Field {
	fl.problem = name
	return fl
}

// Checked reports whether a checkbox is ticked.
func (f *Form) Checked(key string) bool {
	for _, fl := range f.fields {
		if fl.key == key {
			return fl.checked
		}
	}
	return false
}

// Disable greys out a choice of a choice field, with the reason shown beside it.
func (f *Form) Disable(key string, value, reason string) {
	for _, fl := range f.fields {
		if fl.key != key {
			continue
		}
		for i, c := range fl.choices {
			if c.Value == value {
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

// Notes adds the notes a procedure asks to be read, across the form's width
// under their title (none: ""), where the agreement after them says 上記.
func (f *Form) Notes(title string, notes ...string) *Field {
	fl := &Field{kind: noteField, label: title, notes: notes}
	f.fields = append(f.fields, fl)
	return fl
}

func (f *Form) Static(label, value string) *Field {
	fl := &Field{label: label, kind: staticField, static: value}
	f.fields = append(f.fields, fl)
	return fl
}

// Value returns the text of a field as core checks and stores it (folded,
// core.NormalizeInput: what the confirm step shows), or the chosen value of a
// Choice field. The field itself keeps what was typed.
func (f *Form) Value(key string) string {
	for _, fl := range f.fields {
		if fl.key != key {
			continue
		}
		if fl.kind == choiceField {
			if fl.sel >= 0 {
				return fl.choices[fl.sel].Value
			}
			return ""
		}
		if fl.kind == areaField {
			return fl.area.Value()
		}
		return core.NormalizeInput(fl.key, fl.in.Value())
	}
	return ""
}

// FocusFirst puts the focus on the first editable row.
func (f *Form) FocusFirst() tea.Cmd {
	f.focus = 0
	for f.focus < len(f.fields) && !f.fields[f.focus].editable() {
		f.focus++
	}
	return f.syncFocus()
}

// FocusField moves the focus to the named field (the first invalid one after a check).
func (f *Form) FocusField(key string) tea.Cmd {
	for i, fl := range f.fields {
		if fl.key == key {
			f.focus = i
		}
	}
	return f.syncFocus()
}

// SetProblems shows core's problem codes beside their fields and focuses the first.
// A refused password is emptied, so that the next one is typed anew.
func (f *Form) SetProblems(pr map[string]string) tea.Cmd {
	f.problems = map[string]string{}
	first := ""
	for _, fl := range f.fields {
		if code, ok := pr[fl.key]; ok {
			f.problems[fl.key] = f.problemText(fl.key, code)
			if k := "problem." + fl.problem + "." + code; fl.problem != "" && f.sh.Msg.Has(k) {
				f.problems[fl.key] = f.sh.T(k)
			}
			if fl.kind == passwordField {
				fl.in.SetValue("")
			}
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
		return f.FocusField(first)
	}
	return nil
}

// rowFor maps a field name without a row to the row that shows its problem.
func (f *Form) rowFor(k string) string {
	for _, fl := range f.fields {
		if strings.HasPrefix(k, fl.key) && fl.key != "" {
			return fl.key
		}
	}
	return ""
}

func (f *Form) problemText(fieldKey, code string) string {
	if k := "problem." + fieldKey + "." + code; f.sh.Msg.Has(k) {
		if code == core.ProblemLocked {
			return f.sh.T(k, f.sh.SupportInfo()...) // where to turn
		}
		return f.sh.T(k)
	}
	return f.sh.T("problem." + code)
}

func (f *Form) ClearProblems() { f.problems = map[string]string{} }

func (f *Form) onButton() int {
	if f.focus >= len(f.fields) {
		return f.focus - len(f.fields)
	}
	return -1
}

func (f *Form) move(delta int) tea.Cmd {
	n := len(f.fields) + len(f.buttons)
	for i := 0; i < n; i++ {
		f.focus = (f.focus + delta + n) % n
		if f.focus >= len(f.fields) || f.fields[f.focus].editable() {
			break
		}
	}
	return f.syncFocus()
}

func (f *Form) syncFocus() tea.Cmd {
	var cmd tea.Cmd
	for i, fl := range f.fields {
		if fl.kind == areaField {
			if i == f.focus {
				cmd = fl.area.Focus()
			} else {
				fl.area.Blur()
			}
			continue
		}
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

// Update handles a message; pressed is the index of a button pressed with Enter, or -1.
func (f *Form) Update(msg tea.Msg) (pressed int, cmd tea.Cmd) {
	k, isKey := msg.(tea.KeyMsg)
	if !isKey {
		if f.focus < len(f.fields) {
			fl := f.fields[f.focus]
			if fl.kind == areaField {
				fl.area, cmd = fl.area.Update(msg)
				return -1, cmd
			}
			fl.in, cmd = fl.in.Update(msg)
		}
		return -1, cmd
	}
	keys := f.sh.Keys
	if f.asking {
		return f.updateAsk(k), nil
	}
	if key.Matches(k, keys.Back) {
		f.asking, f.askBtn = f.Dirty(), 1 // the safe button first
		return -1, nil
	}
	if f.focus < len(f.fields) && f.fields[f.focus].kind == areaField {
		// Enter and the arrows are the area's own: they edit its lines.
		cmd, _ := f.updateArea(f.fields[f.focus], msg)
		return -1, cmd
	}
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
		msg, ok, dropped := TypedDropped(fl.key, msg)
		if ok {
			before := fl.in.Value()
			fl.in, cmd = fl.in.Update(msg)
			if fl.in.Value() != before {
				delete(f.problems, fl.key)
			}
		}
		if dropped && core.HasFormat(fl.key) {
			// What the field cannot hold was not put in: say so beside it.
			f.problems[fl.key] = f.problemText(fl.key, core.ProblemFormat)
		}
	}
	return -1, cmd
}

// updateAsk handles a key while the question whether to throw the input away
// shows: y or its button leaves, n, Esc or the other button keeps on.
func (f *Form) updateAsk(k tea.KeyMsg) int {
	keys := f.sh.Keys
	switch {
	case key.Matches(k, keys.Left, keys.Up, keys.ShiftTab):
		f.askBtn = 0
	case key.Matches(k, keys.Right, keys.Down, keys.Tab):
		f.askBtn = 1
	case k.Type == tea.KeyRunes && strings.EqualFold(string(k.Runes), "y"):
		f.asking = false
		return Discard
	case key.Matches(k, keys.Back) || (k.Type == tea.KeyRunes && strings.EqualFold(string(k.Runes), "n")):
		f.asking = false
	case key.Matches(k, keys.Enter):
		f.asking = false
		if f.askBtn == 0 {
			return Discard
		}
	}
	return -1
}

// Dirty reports whether anything was typed, chosen or ticked since the form
// was filled.
func (f *Form) Dirty() bool {
	for _, fl := range f.fields {
		switch fl.kind {
		case textField, passwordField:
			if fl.in.Value() != fl.initial {
				return true
			}
		case choiceField:
			if fl.sel != fl.initSel {
				return true
			}
		case checkField:
			if fl.checked {
				return true
			}
		case areaField:
			if fl.area.Value() != fl.initial {
				return true
			}
		}
	}
	return false
}

// Leaves reports whether k leaves the form at once: Esc on a form with
// nothing changed. On a changed one Esc asks first (Update).
func (f *Form) Leaves(k tea.KeyMsg) bool {
	return key.Matches(k, f.sh.Keys.Back) && !f.asking && !f.Dirty()
}

// Asking reports whether the question whether to throw the input away shows.
func (f *Form) Asking() bool { return f.asking }

// editable: the row takes the focus (not a static value, not notes).
func (fl *Field) editable() bool { return fl.kind != staticField && fl.kind != noteField }

// step moves the selection of a choice field, skipping greyed-out choices.
func (fl *Field) step(delta int) {
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

// View renders the rows and buttons; focusLine is the line of the focused row.
func (f *Form) View(width int) (string, int) {
	st := f.sh.St
	labelW := 0
	for _, fl := range f.fields {
		if fl.kind == noteField || fl.kind == areaField {
			continue
		}
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
		if fl.kind == noteField {
			lines = append(lines, "")
			if fl.label != "" {
				lines = append(lines, f.sh.Section(fl.label))
			}
			lines = append(lines, strings.Split(f.sh.Notes(width, fl.notes...), "\n")...)
			lines = append(lines, "")
			continue
		}
		focused := i == f.focus && !f.sh.MenuFocus
		marker := common.MarkNone
		if i == f.focus {
			focusLine = len(lines)
		}
		if focused {
			marker = st.InputFocus.Render(common.MarkFocus)
		}
		if fl.kind == areaField {
			// Text of several lines takes the form's width, under its label.
			var fline int
			lines, fline = f.areaRows(lines, fl, marker, focused, width)
			if i == f.focus {
				focusLine = fline
			}
			continue
		}
		// The label is broken by the line breaker, not by the style.
		labelText := wrap.String(f.labelText(fl), labelW)
		label := st.Label.Width(labelW).Render(labelText)
		if focused {
			label = st.InputFocus.Width(labelW).Render(labelText)
		}
		// The value of a row with a problem keeps two cells for its '*' on its first line.
		valueW := max(width-labelW-3, 10)
		_, bad := f.problems[fl.key]
		bad = bad && fl.key != ""
		innerW := valueW
		if bad {
			innerW -= 2
		}
		var value string
		switch fl.kind {
		case staticField:
			value = st.Value.Render(f.sh.Wrap(innerW, fl.static))
		case choiceField:
			var parts []string
			for j, c := range fl.choices {
				mark := "( )"
				if j == fl.sel {
					mark = "(*)"
				}
				if _, off := fl.disabled[j]; off {
					parts = append(parts, st.Muted.Render("(-) "+c.Label))
					continue
				}
				parts = append(parts, mark+" "+c.Label)
			}
			value = strings.Join(parts, "  ")
			if fl.Selector || lipgloss.Width(value) > innerW {
				// Too wide for the line: show the chosen one, changed with ←/→.
				cur := f.sh.T("form.unselected")
				if fl.sel >= 0 {
					cur = fl.choices[fl.sel].Label
				}
				value = "< " + cur + " >"
				if lipgloss.Width(value) > innerW {
					// Still too wide: the choice wraps inside its brackets, none of it cut.
					ls := strings.Split(f.sh.Wrap(max(innerW-4, 4), cur), "\n")
					for j := range ls {
						ls[j] = "  " + strings.TrimRight(ls[j], " ")
					}
					ls[0] = "< " + ls[0][2:]
					ls[len(ls)-1] += " >"
					value = strings.Join(ls, "\n")
				}
			}
			if focused {
				value = st.InputFocus.Render(value)
			}
		case checkField:
			mark := "[ ]"
			if fl.checked {
				mark = "[x]"
			}
			text := f.sh.Wrap(max(innerW-4, 10), fl.static)
			if focused {
				mark, text = st.InputFocus.Render(mark), st.InputFocus.Render(text)
			}
			value = lipgloss.JoinHorizontal(lipgloss.Top, mark+" ", text)
		case areaField:
			value = f.areaView(fl, innerW)
		default:
			value = Bracketed(&fl.in, inputW-2)
		}
		if bad {
			first, rest, _ := strings.Cut(value, "\n")
			value = strings.TrimRight(first, " ") + " " + st.Error.Render("*")
			if rest != "" {
				value += "\n" + rest
			}
		}
		row := lipgloss.JoinHorizontal(lipgloss.Top, marker, label, " ",
			wrap.TruncateLines(value, valueW))
		lines = append(lines, strings.Split(row, "\n")...)
		// The problem (or, on the focused row, the hint) goes under the value, wrapped in its column;
		// a filled field's format, hidden with its placeholder, takes the hint's place.
		// Every greyed-out choice says why it cannot be taken now.
		var reasons []string
		for j := range fl.choices {
			if reason, off := fl.disabled[j]; off {
				reasons = append(reasons, f.sh.Wrap(valueW, fl.choices[j].Label+": "+reason))
			}
		}
		note := st.Muted.Render(strings.Join(reasons, "\n"))
		if len(reasons) == 0 {
			note = ""
		}
		problem := false
		if p, bad := f.problems[fl.key]; bad && fl.key != "" {
			note, problem = st.Error.Render(f.sh.Wrap(valueW, "* "+p)), true
		} else if hint := fl.hintText(); hint != "" && focused {
			note = st.Muted.Render(f.sh.Wrap(valueW, hint))
		}
		if note != "" {
			indent := strings.Repeat(" ", labelW+3)
			for _, l := range strings.Split(note, "\n") {
				lines = append(lines, indent+l)
			}
			if problem && i == f.focus && fl.kind == checkField {
				// The body brings the focus line into view: the problem under a
				// checkbox at the end of a long form must show too, not only after
				// PgDn.
				focusLine = len(lines) - 1
			}
		}
	}
	lines = append(lines, "")
	if f.asking {
		focusLine = len(lines)
		lines = append(lines, st.Warning.Render(f.sh.Wrap(width, f.sh.T("form.discard_ask"))))
		lines = append(lines, f.sh.Buttons(f.askBtn, f.sh.T("form.discard_yes"), f.sh.T("form.discard_no")))
		return strings.Join(lines, "\n"), focusLine
	}
	if f.onButton() >= 0 {
		focusLine = len(lines)
	}
	lines = append(lines, f.sh.Buttons(f.onButton(), f.buttons...)) // the buttons of every screen, markers in the column of the rows'

	return strings.Join(lines, "\n"), focusLine
}

// hintText is what the focused row shows under its field: its hint, or the
// format of a field of digits, an address or a date (core.HasFormat) once it
// is filled and its placeholder no longer shows.
func (fl *Field) hintText() string {
	if fl.Hint != "" || fl.in.Value() == "" || !core.HasFormat(fl.key) {
		return fl.Hint
	}
	return fl.format
}

func (f *Form) labelText(fl *Field) string {
	if fl.required {
		return fl.label + f.sh.T("form.required")
	}
	return fl.label
}

// Keys is the key help while a form has the focus.
func (f *Form) Keys() []key.Binding {
	k := f.sh.Keys
	if f.asking {
		return []key.Binding{k.Left, k.Right, k.Enter, k.Back}
	}
	if f.onButton() >= 0 {
		return []key.Binding{k.Left, k.Right, k.Enter, k.Back}
	}
	if f.focus < len(f.fields) && f.fields[f.focus].kind == choiceField {
		return []key.Binding{k.Up, k.Down, k.Left, k.Right, k.Back}
	}
	if f.focus < len(f.fields) && f.fields[f.focus].kind == areaField {
		return []key.Binding{k.Tab, k.ShiftTab, key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", f.sh.T("form.key.newline"))), k.Back}
	}
	if f.focus < len(f.fields) && f.fields[f.focus].kind == checkField {
		return []key.Binding{k.Up, k.Down, k.Space, k.Back}
	}
	return []key.Binding{k.Up, k.Down, k.Enter, k.Back}
}

// TextFocus reports whether the focused row is a text or password field.
func (f *Form) TextFocus() bool {
	if f.focus >= len(f.fields) {
		return false
	}
	k := f.fields[f.focus].kind
	return k == textField || k == passwordField || k == areaField
}

// FocusedKey is the field name of the focused row ("" on a button).
func (f *Form) FocusedKey() string {
	if f.focus >= len(f.fields) {
		return ""
	}
	return f.fields[f.focus].key
}

// ClearValue empties a text or password field.
func (f *Form) ClearValue(key string) {
	for _, fl := range f.fields {
		if fl.key == key {
			fl.in.SetValue("")
		}
	}
}

// Problem is the problem shown beside a field, if any.
func (f *Form) Problem(key string) (string, bool) {
	p, ok := f.problems[key]
	return p, ok
}

// HasProblems reports whether a problem shows beside a field.
func (f *Form) HasProblems() bool { return len(f.problems) > 0 }

// SetProblem shows a problem text beside a field.
func (f *Form) SetProblem(key, text string) { f.problems[key] = text }
