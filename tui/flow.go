package tui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
)

// Steps of every procedure: input → confirm → complete.
type step int

const (
	stepInput step = iota
	stepConfirm
	stepComplete
)

// flow is the input → confirm → complete mechanism every procedure screen shares:
// the form of the input step, the core check before the confirm step, the one-time
// token of the confirm step, the busy state that ignores a second Enter, and the
// errors (beside their fields, or on top).
type flow struct {
	sh *common.Common
	common.Size
	step  step
	form  *form // nil for a procedure without an input step (a delete)
	token string
	busy  bool
	btn   int // focused button of the confirm step: 0 execute, 1 back
	err   string
	// loaded is set once the screen's data has arrived; keys wait for it.
	loaded bool

	// check validates the input step in core; nil goes straight to confirm.
	check func() job
	// submit runs the procedure with the confirm token.
	submit func(token string) job
	// cancel is where the back button of the first step leads.
	cancel tea.Cmd
	// finish is where Enter on the complete step leads.
	finish tea.Cmd
	// checked and saved receive what check and submit returned.
	checked func(any)
	saved   func(any)
}

// job is a call to core prepared on the UI goroutine (it has read the form) and run
// in the background, so that a slow procedure never blocks the screen.
type job func() (any, error)

type (
	flowCheckedMsg struct {
		v   any
		err error
	}
	flowSavedMsg struct {
		v   any
		err error
	}
)

// startAtConfirm begins a procedure that has no input step.
func (f *flow) startAtConfirm() {
	f.step, f.btn, f.token = stepConfirm, 1, f.sh.Svc.NewToken() // the safe button first
}

// afterLoad takes the result of a screen's loading: an error goes on top (and may
// end the session); otherwise build lays out the screen, which then takes keys.
func (f *flow) afterLoad(err error, build func()) tea.Cmd {
	if err != nil {
		var cmd tea.Cmd
		f.err, cmd = f.sh.Failure(err)
		return cmd
	}
	f.loaded = true
	build()
	if f.form != nil && f.step == stepInput {
		return f.form.focusFirst()
	}
	return nil
}

// update handles a message of the flow; handled is false for messages the screen handles itself.
func (f *flow) update(msg tea.Msg) (cmd tea.Cmd, handled bool) {
	if !f.loaded {
		return nil, false
	}
	switch m := msg.(type) {
	case flowCheckedMsg:
		f.busy = false
		if m.err != nil {
			return f.showError(m.err), true
		}
		if f.checked != nil {
			f.checked(m.v)
		}
		f.step, f.btn, f.err, f.token = stepConfirm, 0, "", f.sh.Svc.NewToken()
		return nil, true
	case flowSavedMsg:
		f.busy = false
		if m.err != nil {
			if core.FieldProblems(m.err) != nil && f.form != nil {
				f.step = stepInput
			}
			return f.showError(m.err), true
		}
		if f.saved != nil {
			f.saved(m.v)
		}
		f.step, f.err = stepComplete, ""
		return nil, true
	case tea.KeyMsg:
		if f.busy {
			return nil, true
		}
		switch f.step {
		case stepInput:
			return f.updateInput(m), true
		case stepConfirm:
			return f.updateConfirm(m), true
		case stepComplete:
			if key.Matches(m, f.sh.Keys.Enter) {
				return f.finish, true
			}
			return nil, true
		}
	}
	if f.form != nil && f.step == stepInput {
		_, cmd := f.form.update(msg)
		return cmd, true
	}
	return nil, false
}

func (f *flow) updateInput(k tea.KeyMsg) tea.Cmd {
	pressed, cmd := f.form.update(k)
	switch pressed {
	case 0:
		f.form.clearProblems()
		if f.check == nil {
			return common.Send(flowCheckedMsg{})
		}
		f.busy = true
		run := f.check()
		return func() tea.Msg {
			v, err := run()
			return flowCheckedMsg{v: v, err: err}
		}
	case 1:
		return f.cancel
	}
	return cmd
}

func (f *flow) updateConfirm(k tea.KeyMsg) tea.Cmd {
	keys := f.sh.Keys
	switch {
	case key.Matches(k, keys.Left, keys.Up, keys.ShiftTab):
		f.btn = 0
	case key.Matches(k, keys.Right, keys.Down, keys.Tab):
		f.btn = 1
	case key.Matches(k, keys.Back):
		return f.backFromConfirm()
	case key.Matches(k, keys.Enter):
		if f.btn == 1 {
			return f.backFromConfirm()
		}
		f.busy = true
		run := f.submit(f.token)
		return func() tea.Msg {
			v, err := run()
			return flowSavedMsg{v: v, err: err}
		}
	}
	return nil
}

func (f *flow) backFromConfirm() tea.Cmd {
	if f.form == nil {
		return f.cancel
	}
	f.step = stepInput
	return nil
}

// showError puts field problems beside their fields and anything else on top.
func (f *flow) showError(err error) tea.Cmd {
	if pr := core.FieldProblems(err); pr != nil && f.form != nil {
		f.err = f.sh.T("error.invalid")
		return f.form.setProblems(pr)
	}
	var oe *core.OptionError
	if errors.As(err, &oe) {
		f.err = f.sh.BlockText(oe.Code, oe.Other)
		return nil
	}
	var cmd tea.Cmd
	f.err, cmd = f.sh.Failure(err)
	return cmd
}

// Captures: the confirm step of a procedure with an input step takes Esc back to it.
// Screens built on the flow get it as their own.
func (f *flow) Captures(tea.KeyMsg) bool { return f.step == stepConfirm && f.form != nil }

// FullHelp is the key help of the current step in one column.
func (f *flow) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

// ShortHelp is the key help of the current step (none until the screen has loaded).
func (f *flow) ShortHelp() []key.Binding {
	k := f.sh.Keys
	switch {
	case !f.loaded:
		return nil
	case f.step == stepInput && f.form != nil:
		return f.form.keys()
	case f.step == stepConfirm:
		return []key.Binding{k.Left, k.Right, k.Enter}
	}
	return []key.Binding{k.Enter}
}

// confirmButtons renders the execute and back buttons, or the busy line.
func (f *flow) confirmButtons(execute, back string) string {
	if f.busy {
		return f.sh.St.Muted.Render(f.sh.T("common.sending"))
	}
	return f.sh.Buttons(f.btn, execute, back)
}

// head writes the top of a procedure screen: its title, the error of the last
// action if any, and a blank line. It reports whether the screen's data is there.
func (f *flow) head(b *strings.Builder, title string, width int) bool {
	b.WriteString(f.sh.TitleIn(width, title) + "\n")
	if f.err != "" {
		b.WriteString(f.sh.St.Error.Render(f.sh.Wrap(width, f.err)) + "\n")
	}
	b.WriteString("\n")
	return f.loaded
}
