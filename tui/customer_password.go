package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

// customerPasswordScreen is "お客様番号パスワード変更" (seed 003 §25): the new
// password twice → confirm with its first three characters → complete.
type customerPasswordScreen struct {
	sh    *shared
	step  step
	form  *form
	token string
	busy  bool
	btn   int
	err   string
}

type (
	passwordCheckedMsg struct{ err error }
	passwordSavedMsg   struct{ err error }
)

func newCustomerPasswordScreen(sh *shared) *customerPasswordScreen {
	s := &customerPasswordScreen{sh: sh}
	f := newForm(sh, sh.T("button.next"), sh.T("button.cancel"))
	f.staticRow(sh.T("contract.number"), sh.who.Contract)
	pw := f.password(core.FieldPassword, sh.T("password.new"), true)
	pw.hint = sh.T("account.password_hint")
	f.password(core.FieldPassword2, sh.T("password.again"), true)
	s.form = f
	return s
}

func (s *customerPasswordScreen) Init() tea.Cmd {
	if !core.Can(s.sh.who, core.FnContractChange) {
		s.err = s.sh.T("error.forbidden")
		return nil
	}
	return s.form.focusFirst()
}

func (s *customerPasswordScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	sh := s.sh
	switch m := msg.(type) {
	case passwordCheckedMsg:
		s.busy = false
		if m.err != nil {
			return s, s.showError(m.err)
		}
		s.step, s.btn, s.err, s.token = stepConfirm, 0, "", sh.svc.NewToken()
		return s, nil
	case passwordSavedMsg:
		s.busy = false
		if m.err != nil {
			if core.FieldProblems(m.err) != nil {
				s.step = stepInput
			}
			return s, s.showError(m.err)
		}
		s.step, s.err = stepComplete, ""
		return s, nil
	case tea.KeyMsg:
		if s.busy {
			return s, nil
		}
		pw, again := s.form.value(core.FieldPassword), s.form.value(core.FieldPassword2)
		switch s.step {
		case stepInput:
			pressed, cmd := s.form.update(m)
			switch pressed {
			case 0:
				s.form.clearProblems()
				s.busy = true
				return s, func() tea.Msg { return passwordCheckedMsg{err: sh.svc.CheckCustomerPassword(sh.who, pw, again)} }
			case 1:
				return s, send(backToMenuMsg{})
			}
			return s, cmd
		case stepConfirm:
			switch {
			case key.Matches(m, sh.keys.Left, sh.keys.Up, sh.keys.ShiftTab):
				s.btn = 0
			case key.Matches(m, sh.keys.Right, sh.keys.Down, sh.keys.Tab):
				s.btn = 1
			case key.Matches(m, sh.keys.Back):
				s.step = stepInput
			case key.Matches(m, sh.keys.Enter):
				if s.btn == 1 {
					s.step = stepInput
					return s, nil
				}
				s.busy = true
				token := s.token
				return s, func() tea.Msg { return passwordSavedMsg{err: sh.svc.ChangeCustomerPassword(sh.who, token, pw, again)} }
			}
		case stepComplete:
			if key.Matches(m, sh.keys.Enter) {
				return s, open(entryContractInfo, "")
			}
		}
		return s, nil
	}
	if s.step == stepInput {
		_, cmd := s.form.update(msg)
		return s, cmd
	}
	return s, nil
}

func (s *customerPasswordScreen) showError(err error) tea.Cmd {
	if pr := core.FieldProblems(err); pr != nil {
		s.err = s.sh.T("error.invalid")
		return s.form.setProblems(pr)
	}
	var cmd tea.Cmd
	s.err, cmd = s.sh.failure(err)
	return cmd
}

func (s *customerPasswordScreen) Captures(tea.KeyMsg) bool { return s.step == stepConfirm }

func (s *customerPasswordScreen) Keys() []key.Binding {
	k := s.sh.keys
	switch s.step {
	case stepInput:
		return s.form.keys()
	case stepConfirm:
		return []key.Binding{k.Left, k.Right, k.Enter}
	}
	return []key.Binding{k.Enter}
}

func (s *customerPasswordScreen) View(width int) (string, int) {
	sh := s.sh
	titles := []string{"password.title", "password.title_confirm", "password.title_done"}
	var b strings.Builder
	b.WriteString(sh.title(sh.T(titles[s.step])) + "\n")
	if s.err != "" {
		b.WriteString(sh.st.Error.Render(sh.wrap(width, s.err)) + "\n")
	}
	b.WriteString("\n")
	top := strings.Count(b.String(), "\n")
	switch s.step {
	case stepInput:
		b.WriteString(sh.st.Muted.Render(sh.wrap(width, sh.T("password.lead"))) + "\n\n")
		body, focus := s.form.view(width)
		b.WriteString(body + "\n\n")
		b.WriteString(sh.notes(width, sh.T("account.note_reuse")))
		return b.String(), top + 2 + focus
	case stepConfirm:
		b.WriteString(sh.st.Muted.Render(sh.wrap(width, sh.T("confirm.lead", sh.T("button.change")))) + "\n\n")
		b.WriteString(sh.kvTable([]kvRow{
			{sh.T("contract.number"), sh.who.Contract},
			{sh.T("password.new"), core.MaskPassword(s.form.value(core.FieldPassword))},
		}, width) + "\n")
		b.WriteString(sh.st.Muted.Render(sh.wrap(width, sh.T("account.mask_note"))) + "\n\n")
		if s.busy {
			b.WriteString(sh.st.Muted.Render(sh.T("common.sending")))
		} else {
			b.WriteString(sh.buttons(s.btn, sh.T("button.change"), sh.T("button.back_to_input")))
		}
		return b.String(), strings.Count(b.String(), "\n")
	}
	b.WriteString(sh.st.Success.Render(sh.wrap(width, sh.T("password.done"))) + "\n\n")
	b.WriteString(sh.buttons(0, sh.T("button.to_contract")))
	return b.String(), strings.Count(b.String(), "\n")
}
