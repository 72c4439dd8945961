package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/flow"
)

// accountDeleteScreen is "アカウントID情報削除" (seed 003 §10): confirm, then complete.
type accountDeleteScreen struct {
	flow.Flow
	sh      *common.Common
	id      string
	a       core.AccountView
	effects core.DeletionEffects
	mailed  core.Mailing // the completion mail core sent
}

type deletionMsg struct {
	a       core.AccountView
	effects core.DeletionEffects
	err     error
}

func newAccountDeleteScreen(sh *common.Common, id string) *accountDeleteScreen {
	s := &accountDeleteScreen{sh: sh, Flow: flow.Flow{Common: sh, Cancel: open(routeAccounts{}), Finish: open(routeAccounts{})}, id: id}
	s.Submit = func(token string) flow.Job {
		return func() (any, error) { return sh.Svc.DeleteAccountMailed(sh.Who, token, id) }
	}
	s.Saved = func(v any) { s.mailed, _ = v.(core.Mailing) }
	return s
}

func (s *accountDeleteScreen) Init() tea.Cmd {
	sh, id := s.sh, s.id
	return func() tea.Msg {
		a, err := sh.Svc.Account(sh.Who, id)
		if err != nil {
			return deletionMsg{err: err}
		}
		effects, err := sh.Svc.DeletionEffects(sh.Who, id)
		return deletionMsg{a: a, effects: effects, err: err}
	}
}

func (s *accountDeleteScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(deletionMsg); ok {
		return s, s.AfterLoad(m.err, func() { s.a, s.effects = m.a, m.effects; s.StartAtConfirm() })
	}
	cmd, _ := s.Flow.Handle(msg)
	return s, cmd
}

// View renders the body at the width SetSize gave.
func (s *accountDeleteScreen) View() string { return s.Show(s.render) }

func (s *accountDeleteScreen) render(width int) (string, int) {
	sh := s.sh
	done := s.Step == flow.Complete
	var b strings.Builder
	title := sh.T("delete.title")
	if done {
		title = sh.T("delete.done_title")
	}
	b.WriteString(sh.Title(title) + "\n")
	if s.Err != "" {
		b.WriteString(sh.St.Error.Render(sh.Wrap(width, s.Err)) + "\n")
	}
	b.WriteString("\n")
	if !s.Loaded {
		return b.String(), 0
	}
	a := s.a
	mail := a.Mail
	if mail == "" {
		mail = sh.T("accounts.mail_none")
	}
	if done {
		b.WriteString(sh.St.Success.Render(sh.Wrap(width, sh.T("delete.done", a.ID))) + "\n")
		if s.mailed.To != "" {
			b.WriteString(sh.Wrap(width, sh.T("notice."+string(s.mailed.Kind), s.mailed.To)) + "\n") // the mail core sent
		}
		b.WriteString("\n")
	} else {
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("delete.lead"))) + "\n\n")
	}
	b.WriteString(kvTable(sh, []kvRow{
		{sh.T("account.id"), a.ID},
		{sh.T("account.name"), sh.T("account.name_value", a.LastName, a.FirstName)},
		{sh.T("account.user_name"), a.UserName},
		{sh.T("accounts.col.mail"), mail},
		{sh.T("account.permission"), sh.T("perm." + string(a.Permission))},
	}, width) + "\n\n")
	if done {
		b.WriteString(sh.Buttons(0, sh.T("button.to_accounts")))
	} else {
		if len(s.effects.Options) > 0 || s.effects.MailOption != nil {
			var ends []string
			for _, o := range s.effects.Options {
				ends = append(ends, sh.OptionName(o))
			}
			if s.effects.MailOption != nil {
				ends = append(ends, sh.T("delete.mail_option", sh.OptionName(*s.effects.MailOption)))
			}
			b.WriteString(sh.St.Warning.Render(sh.Wrap(width, sh.T("delete.ends", strings.Join(ends, sh.T("common.list_sep"))))) + "\n")
		}
		b.WriteString(sh.St.Warning.Render(sh.T("delete.caution")) + "\n")
		b.WriteString(sh.Notes(width, sh.T("delete.note_undo"), sh.T("delete.note_unique"), sh.T("delete.note_options")) + "\n\n")
		b.WriteString(s.ConfirmButtons(sh.T("button.delete"), sh.T("button.cancel")))
	}
	return b.String(), strings.Count(b.String(), "\n")
}
