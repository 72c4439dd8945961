package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

// accountDeleteScreen is "アカウントID情報削除" (seed 003 §10): confirm, then complete.
type accountDeleteScreen struct {
	sh     *shared
	id     string
	a      core.AccountView
	loaded bool
	done   bool
	token  string
	busy   bool
	btn    int
	err    string
}

type accountDeletedMsg struct{ err error }

func newAccountDeleteScreen(sh *shared, id string) *accountDeleteScreen {
	return &accountDeleteScreen{sh: sh, id: id, btn: 1} // the safe button has the focus first
}

func (s *accountDeleteScreen) Init() tea.Cmd {
	sh, id := s.sh, s.id
	return func() tea.Msg {
		a, err := sh.svc.Account(sh.who, id)
		return accountLoadedMsg{a: a, err: err}
	}
}

func (s *accountDeleteScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	sh := s.sh
	switch m := msg.(type) {
	case accountLoadedMsg:
		if m.err != nil {
			var cmd tea.Cmd
			s.err, cmd = sh.failure(m.err)
			return s, cmd
		}
		s.a, s.loaded = m.a, true
		s.token = sh.svc.NewToken()
	case accountDeletedMsg:
		s.busy = false
		if m.err != nil {
			var cmd tea.Cmd
			s.err, cmd = sh.failure(m.err)
			return s, cmd
		}
		s.done, s.err = true, ""
	case tea.KeyMsg:
		if s.busy || !s.loaded {
			return s, nil
		}
		keys := sh.keys
		if s.done {
			if key.Matches(m, keys.Enter) {
				return s, open(entryAccounts, "")
			}
			return s, nil
		}
		switch {
		case key.Matches(m, keys.Left, keys.Up, keys.ShiftTab):
			s.btn = 0
		case key.Matches(m, keys.Right, keys.Down, keys.Tab):
			s.btn = 1
		case key.Matches(m, keys.Enter):
			if s.btn == 1 {
				return s, open(entryAccounts, "")
			}
			s.busy = true
			token, id := s.token, s.id
			return s, func() tea.Msg { return accountDeletedMsg{err: sh.svc.DeleteAccount(sh.who, token, id)} }
		}
	}
	return s, nil
}

func (s *accountDeleteScreen) Captures(tea.KeyMsg) bool { return false }

func (s *accountDeleteScreen) Keys() []key.Binding {
	k := s.sh.keys
	if s.done {
		return []key.Binding{k.Enter}
	}
	return []key.Binding{k.Left, k.Right, k.Enter}
}

func (s *accountDeleteScreen) View(width int) (string, int) {
	sh := s.sh
	var b strings.Builder
	title := sh.T("delete.title")
	if s.done {
		title = sh.T("delete.done_title")
	}
	b.WriteString(sh.title(title) + "\n")
	if s.err != "" {
		b.WriteString(sh.st.Error.Render(sh.wrap(width, s.err)) + "\n")
	}
	b.WriteString("\n")
	if !s.loaded {
		return b.String(), 0
	}
	a := s.a
	mail := a.Mail
	if mail == "" {
		mail = sh.T("accounts.mail_none")
	}
	if s.done {
		b.WriteString(sh.st.Success.Render(sh.T("delete.done", a.ID)) + "\n\n")
	} else {
		b.WriteString(sh.st.Muted.Render(sh.wrap(width, sh.T("delete.lead"))) + "\n\n")
	}
	b.WriteString(sh.kvTable([]kvRow{
		{sh.T("account.id"), a.ID},
		{sh.T("account.name"), sh.T("account.name_value", a.LastName, a.FirstName)},
		{sh.T("account.user_name"), a.UserName},
		{sh.T("accounts.col.mail"), mail},
		{sh.T("account.permission"), sh.T("perm." + string(a.Permission))},
	}, width) + "\n\n")
	if !s.done {
		b.WriteString(sh.st.Warning.Render(sh.T("delete.caution")) + "\n")
		b.WriteString(sh.notes(width, sh.T("delete.note_undo"), sh.T("delete.note_unique"), sh.T("delete.note_options")) + "\n\n")
		if s.busy {
			b.WriteString(sh.st.Muted.Render(sh.T("common.sending")))
		} else {
			b.WriteString(sh.buttons(s.btn, sh.T("button.delete"), sh.T("button.cancel")))
		}
	} else {
		b.WriteString(sh.buttons(0, sh.T("button.to_accounts")))
	}
	return b.String(), strings.Count(b.String(), "\n")
}
