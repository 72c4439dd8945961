package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/flow"
)

// callbackCancelScreen cancels one booking: the booking → 取り消す → done.
// Core refuses one whose hour has begun, or of another login of a user ID.
type callbackCancelScreen struct {
	flow.Flow
	sh     *common.Common
	number string
	bk     core.Callback
	result core.CallbackResult
	// refused: core refused the cancel (cancelled elsewhere, or its hour
	// began): the screen offers only the way back to the list.
	refused bool
}

type callbackCancelLoadedMsg struct {
	list []core.Callback
	err  error
}

func newCallbackCancelScreen(sh *common.Common, number string) *callbackCancelScreen {
	s := &callbackCancelScreen{sh: sh, number: number}
	back := open(routeCallbacks{})
	s.Flow = flow.Flow{Common: sh, Cancel: back, Finish: back}
	s.Submit = func(token string) flow.Job {
		return func() (any, error) { return sh.Svc.CancelCallback(sh.Who, token, number) }
	}
	s.Saved = func(v any) { s.result, _ = v.(core.CallbackResult) }
	return s
}

func (s *callbackCancelScreen) Init() tea.Cmd {
	sh := s.sh
	return func() tea.Msg {
		list, err := sh.Svc.Callbacks(sh.Who)
		return callbackCancelLoadedMsg{list: list, err: err}
	}
}

func (s *callbackCancelScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case callbackCancelLoadedMsg:
		return s, s.AfterLoad(m.err, func() {
			for _, c := range m.list {
				if c.Number == s.number {
					s.bk = c
				}
			}
			s.StartAtConfirm()
		})
	case flow.SavedMsg:
		if ce := core.CallbackErrorOf(m.Err); ce != nil {
			s.Busy, s.Btn, s.refused = false, 1, true
			s.Err = s.sh.T("callback.error." + ce.Code)
			return s, nil
		}
	case tea.KeyMsg:
		if s.refused {
			if key.Matches(m, s.sh.Keys.Enter) {
				return s, s.Cancel
			}
			return s, nil
		}
	}
	cmd, _ := s.Flow.Handle(msg)
	return s, cmd
}

// View renders the body at the width SetSize gave.
func (s *callbackCancelScreen) View() string { return s.Show(s.render) }

func (s *callbackCancelScreen) render(width int) (string, int) {
	sh := s.sh
	title := "callback_cancel.title"
	if s.Step == flow.Complete {
		title = "callback_cancel.title_done"
	}
	var b strings.Builder
	if !s.Head(&b, sh.T(title), width) {
		return b.String(), 0
	}
	if s.bk.Number == "" {
		b.WriteString(sh.Wrap(width, sh.T("callback_cancel.gone")) + "\n\n")
		b.WriteString(sh.Buttons(0, sh.T("callback_cancel.back_to_list")))
		return b.String(), strings.Count(b.String(), "\n")
	}
	bk := s.bk
	if s.Step == flow.Complete {
		bk = s.result.Callback
		b.WriteString(sh.St.Success.Render(sh.Wrap(width, sh.T("callback_cancel.done"))) + "\n")
		if s.result.MailedTo != "" {
			b.WriteString(sh.Wrap(width, sh.T("callback_cancel.mailed", s.result.MailedTo)) + "\n")
		}
		b.WriteString("\n")
	} else if !s.refused {
		b.WriteString(sh.St.Warning.Render(sh.Wrap(width, sh.T("callback_cancel.lead"))) + "\n\n")
	}
	note := bk.Note
	if note == "" {
		note = "-"
	}
	b.WriteString(kvTable(sh, []kvRow{
		{sh.T("callback.number"), bk.Number},
		{sh.T("callback.topic"), callbackBookedTopic(sh, bk)},
		{sh.T("callback.slot"), callbackSlotText(sh, bk.Slot)},
		{sh.T("callback.phone"), bk.Phone},
		{sh.T("callback.name"), bk.Name},
		{sh.T("callback.note"), note},
	}, width) + "\n\n")
	if s.Step == flow.Complete || s.refused {
		b.WriteString(sh.Buttons(0, sh.T("callback_cancel.back_to_list")))
	} else {
		b.WriteString(s.ConfirmButtons(sh.T("callback_cancel.button"), sh.T("callback_cancel.back_to_list")))
	}
	return b.String(), strings.Count(b.String(), "\n")
}

// ShortHelp: after a refusal only Enter, back to the list.
func (s *callbackCancelScreen) ShortHelp() []key.Binding {
	if s.refused {
		return []key.Binding{s.sh.Keys.Enter}
	}
	return s.Flow.ShortHelp()
}

func (s *callbackCancelScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }
