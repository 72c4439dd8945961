package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/flow"
	"mypage/tui/form"
)

// customerPasswordScreen is "お客様番号パスワード変更" (seed 003 §25): the new
// password twice → confirm with its first three characters → complete.
type customerPasswordScreen struct {
	flow.Flow
	sh *common.Common
}

func newCustomerPasswordScreen(sh *common.Common) *customerPasswordScreen {
	s := &customerPasswordScreen{sh: sh, Flow: flow.Flow{Common: sh, Cancel: common.Send(common.BackToMenuMsg{}), Finish: open(routeContractInfo{})}}
	f := form.New(sh, sh.T("button.next"), sh.T("button.cancel"))
	f.Static(sh.T("contract.number"), sh.Who.Contract)
	// The current customer password is asked whoever is logged in (SPEC §4.1).
	f.Password(core.FieldCurrentPassword, sh.T("password.current"), true)
	pw := f.Password(core.FieldPassword, sh.T("password.new"), true)
	pw.Hint = sh.T("account.password_hint")
	f.Password(core.FieldPassword2, sh.T("password.again"), true)
	s.Form = f
	s.Check = func() flow.Job {
		cur, pw, again := f.Value(core.FieldCurrentPassword), f.Value(core.FieldPassword), f.Value(core.FieldPassword2)
		return func() (any, error) { return nil, sh.Svc.CheckCustomerPassword(sh.Who, cur, pw, again) }
	}
	s.Submit = func(token string) flow.Job {
		cur, pw, again := f.Value(core.FieldCurrentPassword), f.Value(core.FieldPassword), f.Value(core.FieldPassword2)
		return func() (any, error) { return nil, sh.Svc.ChangeCustomerPassword(sh.Who, token, cur, pw, again) }
	}
	return s
}

func (s *customerPasswordScreen) Init() tea.Cmd { return s.AfterLoad(nil, func() {}) }

func (s *customerPasswordScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd, _ := s.Flow.Handle(msg)
	return s, cmd
}

// View renders the body at the width SetSize gave.
func (s *customerPasswordScreen) View() string { return s.Show(s.render) }

func (s *customerPasswordScreen) render(width int) (string, int) {
	sh := s.sh
	titles := []string{"password.title", "password.title_confirm", "password.title_done"}
	var b strings.Builder
	b.WriteString(sh.Title(sh.T(titles[s.Step])) + "\n")
	if s.Err != "" {
		b.WriteString(sh.St.Error.Render(sh.Wrap(width, s.Err)) + "\n")
	}
	b.WriteString("\n")
	top := strings.Count(b.String(), "\n")
	switch s.Step {
	case flow.Input:
		lead := sh.St.Muted.Render(sh.Wrap(width, sh.T("password.lead"))) + "\n\n"
		body, focus := s.Form.View(width)
		b.WriteString(lead + body + "\n\n")
		b.WriteString(sh.Notes(width, sh.T("account.note_reuse")))
		return b.String(), top + strings.Count(lead, "\n") + focus
	case flow.Confirm:
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("confirm.lead", sh.T("button.change")))) + "\n\n")
		b.WriteString(kvTable(sh, []kvRow{
			{sh.T("contract.number"), sh.Who.Contract},
			{sh.T("password.new"), core.MaskPassword(s.Form.Value(core.FieldPassword))},
		}, width) + "\n")
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("account.mask_note"))) + "\n\n")
		b.WriteString(s.ConfirmButtons(sh.T("button.change"), sh.T("button.back_to_input")))
		return b.String(), strings.Count(b.String(), "\n")
	}
	b.WriteString(sh.St.Success.Render(sh.Wrap(width, sh.T("password.done"))) + "\n\n")
	b.WriteString(sh.Buttons(0, sh.T("button.to_contract")))
	return b.String(), strings.Count(b.String(), "\n")
}
