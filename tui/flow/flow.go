// Package flow is the input → confirm → complete mechanism every procedure
// screen shares.
package flow

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/form"
)

// Step is a step of every procedure: input → confirm → complete.
type Step int

const (
	Input Step = iota
	Confirm
	Complete
)

// Flow is the input → confirm → complete mechanism every procedure screen shares:
// the form of the input step, the core check before the confirm step, the one-time
// token of the confirm step, the busy state that ignores a second Enter, and the
// errors (beside their fields, or on top).
type Flow struct {
	Common *common.Common
	common.Size
	Step  Step
	Form  *form.Form // nil for a procedure without an input step (a delete)
	Token string
	Busy  bool
	Btn   int // focused button of the confirm step: 0 execute, 1 back
	Err   string
	// Loaded is set once the screen's data has arrived; keys wait for it.
	Loaded bool

	// Check validates the input step in core; nil goes straight to confirm.
	Check func() Job
	// Submit runs the procedure with the confirm token.
	Submit func(token string) Job
	// Cancel is where the back button of the first step leads.
	Cancel tea.Cmd
	// Finish is where Enter on the complete step leads.
	Finish tea.Cmd
	// Checked and Saved receive what Check and Submit returned.
	Checked func(any)
	Saved   func(any)
	// Requote receives the new figures when core refused the confirm because
	// the figures shown on it had moved (a *core.QuoteChangedError): the screen
	// shows them on the confirm step, which stays, with a fresh token.
	Requote func(*core.QuoteChangedError)
	// Reload, when set, reads the screen's data again on the way back from a
	// confirm core refused by a rule: what the refusal names (the option held
	// meanwhile, by another session) has changed what the input step shows.
	Reload func() tea.Cmd

	// failures counts the errors shown on top (common.Failer), so that the body
	// brings each one into view, even the same text twice.
	failures int
	// invalid: Err is the banner of field problems, which goes with the last of them.
	invalid bool
	// refused: core refused the confirm by a rule (the option is held, the
	// plan is being changed already); submitting again cannot succeed, so the
	// confirm step offers only the way back.
	refused bool
}

// Job is a call to core prepared on the UI goroutine (it has read the form) and run
// in the background, so that a slow procedure never blocks the screen.
type Job func() (any, error)

// Results of the background calls, delivered to the screen's Update, which
// hands them to Handle.
type (
	// CheckedMsg carries what the check of the input step returned.
	CheckedMsg struct {
		V   any
		Err error
	}
	// SavedMsg carries what the procedure returned.
	SavedMsg struct {
		V   any
		Err error
	}
)

// StartAtConfirm begins a procedure that has no input step.
func (f *Flow) StartAtConfirm() {
	f.Step, f.Btn, f.Token = Confirm, 1, f.Common.Svc.NewToken() // the safe button first
}

// AfterLoad takes the result of a screen's loading: an error goes on top (and may
// end the session); otherwise build lays out the screen, which then takes keys.
func (f *Flow) AfterLoad(err error, build func()) tea.Cmd {
	if err != nil {
		var cmd tea.Cmd
		f.Err, cmd = f.Common.Failure(err)
		return cmd
	}
	f.Loaded = true
	build()
	if f.Form != nil && f.Step == Input {
		return f.Form.FocusFirst()
	}
	return nil
}

// Handle handles a message of the flow; handled is false for messages the screen handles itself.
func (f *Flow) Handle(msg tea.Msg) (cmd tea.Cmd, handled bool) {
	if !f.Loaded {
		return nil, false
	}
	switch m := msg.(type) {
	case CheckedMsg:
		f.Busy = false
		if m.Err != nil {
			return f.ShowError(m.Err), true
		}
		if f.Checked != nil {
			f.Checked(m.V)
		}
		f.Step, f.Btn, f.Err, f.Token = Confirm, 0, "", f.Common.Svc.NewToken()
		f.invalid, f.refused = false, false
		return nil, true
	case SavedMsg:
		f.Busy = false
		var qe *core.QuoteChangedError
		if errors.As(m.Err, &qe) && f.Requote != nil {
			// The confirm step shows the new figures; a fresh token, and the
			// safe button first, so that a second Enter applies nothing unseen.
			f.Requote(qe)
			f.Token, f.Btn = f.Common.Svc.NewToken(), 1
			f.setErr(f.Common.T("error.quote_changed"))
			return nil, true
		}
		if m.Err != nil {
			if core.FieldProblems(m.Err) != nil && f.Form != nil {
				f.Step = Input
			}
			if core.OptionBlock(m.Err) != "" || core.PlanBlock(m.Err) != "" || errors.Is(m.Err, core.ErrSuspended) {
				f.refused, f.Btn = true, 1
			}
			return f.ShowError(m.Err), true
		}
		if f.Saved != nil {
			f.Saved(m.V)
		}
		f.Step, f.Err, f.invalid = Complete, "", false
		return nil, true
	case tea.KeyMsg:
		if f.Busy {
			return nil, true
		}
		switch f.Step {
		case Input:
			return f.updateInput(m), true
		case Confirm:
			return f.updateConfirm(m), true
		case Complete:
			if key.Matches(m, f.Common.Keys.Enter) {
				return f.Finish, true
			}
			return nil, true
		}
	}
	if f.Form != nil && f.Step == Input {
		_, cmd := f.Form.Update(msg)
		return cmd, true
	}
	return nil, false
}

func (f *Flow) updateInput(k tea.KeyMsg) tea.Cmd {
	if key.Matches(k, f.Common.Keys.Back) && f.Cancel == nil {
		return nil // nowhere to go back to (the first account ID must be registered)
	}
	pressed, cmd := f.Form.Update(k)
	switch pressed {
	case form.Discard:
		return common.Send(common.BackToMenuMsg{}) // back one level, as Esc on an untouched form
	case 0:
		f.Form.ClearProblems()
		if f.Check == nil {
			return common.Send(CheckedMsg{})
		}
		f.Busy = true
		run := f.Check()
		return func() tea.Msg {
			v, err := run()
			return CheckedMsg{V: v, Err: err}
		}
	case 1:
		return f.Cancel
	}
	if f.invalid && !f.Form.HasProblems() {
		// The last field in error was corrected: its banner goes with it.
		f.Err, f.invalid = "", false
	}
	return cmd
}

func (f *Flow) updateConfirm(k tea.KeyMsg) tea.Cmd {
	keys := f.Common.Keys
	switch {
	case f.refused && key.Matches(k, keys.Back, keys.Enter):
		return f.backFromConfirm()
	case f.refused:
		return nil
	case key.Matches(k, keys.Left, keys.Up, keys.ShiftTab):
		f.Btn = 0
	case key.Matches(k, keys.Right, keys.Down, keys.Tab):
		f.Btn = 1
	case key.Matches(k, keys.Back):
		return f.backFromConfirm()
	case key.Matches(k, keys.Enter):
		if f.Btn == 1 {
			return f.backFromConfirm()
		}
		f.Busy = true
		run := f.Submit(f.Token)
		return func() tea.Msg {
			v, err := run()
			return SavedMsg{V: v, Err: err}
		}
	}
	return nil
}

// Refused reports whether core refused the confirm by a rule: the step offers
// only the way back, and its screen drops the lead that asks to apply.
func (f *Flow) Refused() bool { return f.refused }

func (f *Flow) backFromConfirm() tea.Cmd {
	refused := f.refused
	f.refused = false
	if f.Form == nil {
		return f.Cancel
	}
	f.Step = Input
	if refused && f.Reload != nil {
		f.Err = ""
		return f.Reload()
	}
	return nil
}

// ShowError puts field problems beside their fields and anything else on top.
func (f *Flow) ShowError(err error) tea.Cmd {
	if pr := core.FieldProblems(err); pr != nil && f.Form != nil {
		// The focus goes to the first field in error, where its problem shows.
		f.Err = f.Common.T("error.invalid")
		cmd := f.Form.SetProblems(pr)
		f.invalid = f.Form.HasProblems() // else the banner is all that tells
		return cmd
	}
	var oe *core.OptionError
	if errors.As(err, &oe) {
		f.setErr(f.Common.BlockText(oe.Code, oe.Other))
		return nil
	}
	if code := core.PlanBlock(err); code != "" {
		f.setErr(f.Common.PlanBlockText(code))
		return nil
	}
	text, cmd := f.Common.Failure(err)
	f.setErr(text)
	return cmd
}

// setErr shows an error on top of the screen and has the body bring it into view.
func (f *Flow) setErr(text string) {
	f.Err, f.invalid = text, false
	f.failures++
}

// Failures counts the errors shown on top of the screen (common.Failer): the
// body scrolls to its top for each new one, wherever the focus is, so that an
// error of a confirm step scrolled to its buttons does not stay out of sight.
func (f *Flow) Failures() int { return f.failures }

// Captures: the confirm step of a procedure with an input step takes Esc back
// to it; the input step takes Shift+Tab to the row before, and Esc when the
// form was changed, to ask before its input is thrown away. Screens built on
// the flow get it as their own.
func (f *Flow) Captures(k tea.KeyMsg) bool {
	if f.Form == nil {
		return false
	}
	switch f.Step {
	case Confirm:
		return true
	case Input:
		return f.Loaded && (key.Matches(k, f.Common.Keys.ShiftTab) ||
			key.Matches(k, f.Common.Keys.Back) && !f.Form.Leaves(k))
	}
	return false
}

// FullHelp is the key help of the current step in one column.
func (f *Flow) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

// ShortHelp is the key help of the current step (none until the screen has loaded).
func (f *Flow) ShortHelp() []key.Binding {
	k := f.Common.Keys
	switch {
	case !f.Loaded:
		return nil
	case f.Step == Input && f.Form != nil:
		return f.Form.Keys()
	case f.Step == Confirm && f.refused:
		return []key.Binding{k.Enter}
	case f.Step == Confirm:
		return []key.Binding{k.Left, k.Right, k.Enter}
	}
	return []key.Binding{k.Enter}
}

// ConfirmButtons renders the execute and back buttons, or the busy line.
func (f *Flow) ConfirmButtons(execute, back string) string {
	if f.Busy {
		return f.Common.St.Muted.Render(f.Common.T("common.sending"))
	}
	if f.refused {
		return f.Common.Buttons(0, back) // the refusal on top says why
	}
	return f.Common.Buttons(f.Btn, execute, back)
}

// Head writes the top of a procedure screen: its title, the error of the last
// action if any, and a blank line. It reports whether the screen's data is there.
func (f *Flow) Head(b *strings.Builder, title string, width int) bool {
	b.WriteString(f.Common.TitleIn(width, title) + "\n")
	if f.Err != "" {
		b.WriteString(f.Common.St.Error.Render(f.Common.Wrap(width, f.Err)) + "\n")
	}
	b.WriteString("\n")
	return f.Loaded
}

// Done: the procedure is complete.
func (f *Flow) Done() bool { return f.Step == Complete }

// Stage is the step shown (common.Stager).
func (f *Flow) Stage() int { return int(f.Step) }

// TextFocus: the focused row of the input step takes typed text.
func (f *Flow) TextFocus() bool {
	return f.Loaded && f.Step == Input && f.Form != nil && f.Form.TextFocus()
}
