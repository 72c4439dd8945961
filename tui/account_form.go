package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/flow"
	"mypage/tui/form"
)

// accountFormScreen is "アカウントID 登録/変更" (seed 003 §8, §9): input, confirm, complete.
type accountFormScreen struct {
	flow.Flow
	sh      *common.Common
	id      string // "" registers a new account ID
	first   bool   // opened by the first-login rule
	orig    core.AccountView
	saved   core.AccountView // what the registration or change returned
	canPerm bool
}

type accountLoadedMsg struct {
	a   core.AccountView
	err error
}

func newAccountFormScreen(sh *common.Common, id string, first bool) *accountFormScreen {
	s := &accountFormScreen{sh: sh, Flow: flow.Flow{Common: sh}, id: id, first: first}
	s.Cancel = open(routeAccounts{})
	s.Finish = open(routeAccounts{})
	if first {
		s.Cancel = nil // the first-login rule: an account ID must be registered first
		s.Finish = open(routeContractInfo{})
	}
	s.Check = func() flow.Job {
		in, isNew := s.input(), s.id == ""
		return func() (any, error) {
			if isNew {
				return nil, sh.Svc.CheckNewAccount(sh.Who, in)
			}
			return nil, sh.Svc.CheckAccountChange(sh.Who, in)
		}
	}
	s.Submit = func(token string) flow.Job {
		in, isNew := s.input(), s.id == ""
		return func() (any, error) {
			if isNew {
				return sh.Svc.RegisterAccount(sh.Who, token, in)
			}
			return sh.Svc.UpdateAccount(sh.Who, token, in)
		}
	}
	s.Saved = func(v any) { s.saved, _ = v.(core.AccountView) }
	return s
}

// done is which procedure completed, as core said by the mail it sent:
// "register" or "change".
func (s *accountFormScreen) done() string {
	if s.saved.Mailed == core.NoticeAccountChange {
		return "change"
	}
	return "register"
}

func (s *accountFormScreen) Init() tea.Cmd {
	if s.id == "" {
		return s.AfterLoad(nil, func() { s.build(core.AccountView{Permission: core.PermUser}) })
	}
	sh, id := s.sh, s.id
	return func() tea.Msg {
		a, err := sh.Svc.Account(sh.Who, id)
		return accountLoadedMsg{a: a, err: err}
	}
}

// build lays out the input step with the account's current values.
func (s *accountFormScreen) build(a core.AccountView) {
	sh := s.sh
	f := form.New(sh, sh.T("button.next"), sh.T("button.cancel"))
	if s.first {
		f = form.New(sh, sh.T("button.next")) // nothing to go back to before an account ID exists
	}
	if s.id == "" {
		fl := f.Text(core.FieldAccountID, sh.T("account.id"), true, 15, "")
		fl.Hint = sh.T("account.id_hint")
	} else {
		f.Static(sh.T("account.id"), a.ID)
	}
	f.Text(core.FieldLastName, sh.T("account.last_name"), true, core.TextLimit(core.FieldLastName), a.LastName)
	f.Text(core.FieldFirstName, sh.T("account.first_name"), true, core.TextLimit(core.FieldFirstName), a.FirstName)
	f.Text(core.FieldLastKana, sh.T("account.last_kana"), true, core.TextLimit(core.FieldLastKana), a.LastKana)
	f.Text(core.FieldFirstKana, sh.T("account.first_kana"), true, core.TextLimit(core.FieldFirstKana), a.FirstKana)
	f.Text(core.FieldUserName, sh.T("account.user_name"), true, core.TextLimit(core.FieldUserName), a.UserName)
	if s.id != "" && core.AsksCurrentPassword(sh.Who, s.id) {
		// One's own password changes only with the current one (SPEC §4.1).
		cur := f.Password(core.FieldCurrentPassword, sh.T("account.current_password"), false)
		cur.Hint = sh.T("account.current_password_hint")
	}
	pw := f.Password(core.FieldPassword, sh.T("account.password"), s.id == "")
	pw.Hint = sh.T("account.password_hint")
	if s.id != "" {
		pw.Hint = sh.T("account.password_keep")
	}
	// Whether the permission can be changed is the matrix's answer (never one's own).
	s.canPerm = s.id == "" || (core.CanOn(sh.Who, core.FnAccountPermission, a.ID) && a.ID != sh.Who.AccountID)
	if s.canPerm {
		f.Choice(core.FieldPermission, sh.T("account.permission"), true, []form.Choice{
			{Value: string(core.PermAdmin), Label: sh.T("perm.admin")}, {Value: string(core.PermUser), Label: sh.T("perm.user")},
		}, string(a.Permission))
	} else {
		f.Static(sh.T("account.permission"), sh.T("perm."+string(a.Permission)))
	}
	s.Form = f
	s.orig = a
}

func (s *accountFormScreen) input() core.AccountForm {
	f := s.Form
	id := s.id
	if id == "" {
		id = f.Value(core.FieldAccountID)
	}
	perm := core.Permission(f.Value(core.FieldPermission))
	if !s.canPerm {
		perm = s.orig.Permission
	}
	return core.AccountForm{ID: strings.TrimSpace(id), LastName: f.Value(core.FieldLastName), FirstName: f.Value(core.FieldFirstName),
		LastKana: f.Value(core.FieldLastKana), FirstKana: f.Value(core.FieldFirstKana), UserName: f.Value(core.FieldUserName),
		Password: f.Value(core.FieldPassword), CurrentPassword: f.Value(core.FieldCurrentPassword), Permission: perm}
}

func (s *accountFormScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(accountLoadedMsg); ok {
		return s, s.AfterLoad(m.err, func() { s.build(m.a) })
	}
	if k, ok := msg.(tea.KeyMsg); ok && s.Loaded && s.Step == flow.Complete && s.id == "" {
		// The complete step offers the mail address next (seed 003 §11 a).
		switch {
		case key.Matches(k, s.sh.Keys.Left, s.sh.Keys.Right, s.sh.Keys.Tab):
			s.Btn = 1 - s.Btn
			return s, nil
		case key.Matches(k, s.sh.Keys.Enter) && s.Btn == 1:
			return s, open(routeMailAddress{account: s.input().ID})
		}
	}
	cmd, _ := s.Flow.Handle(msg)
	return s, cmd
}

func (s *accountFormScreen) Captures(k tea.KeyMsg) bool {
	if s.first && s.Step != flow.Complete {
		return true // the first-login rule: the menu waits until an account ID is registered
	}
	return s.Flow.Captures(k)
}

// FullHelp is the key help in one column.
func (s *accountFormScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *accountFormScreen) ShortHelp() []key.Binding {
	if s.Form == nil {
		return nil
	}
	if s.first && s.Step == flow.Input {
		// Esc does nothing until the first account ID is registered; do not offer it.
		return []key.Binding{s.sh.Keys.Up, s.sh.Keys.Down, s.sh.Keys.Enter}
	}
	return s.Flow.ShortHelp()
}

// NoBack: on the first-login form Esc does nothing, so the key help does not offer it.
func (s *accountFormScreen) NoBack() bool { return s.first && s.Step == flow.Input }

// View renders the body at the width SetSize gave.
func (s *accountFormScreen) View() string { return s.Show(s.render) }

func (s *accountFormScreen) render(width int) (string, int) {
	sh := s.sh
	var b strings.Builder
	kind := "account.title.change"
	if s.id == "" {
		kind = "account.title.register" // a new account ID: the title says registration, not registration/change
	}
	title := sh.T(kind) + " " + sh.T("step."+[]string{"input", "confirm", "complete"}[s.Step])
	if s.Step == flow.Complete {
		title = sh.T("account.title_done." + s.done())
	}
	b.WriteString(sh.Title(title) + "\n")
	if s.first && s.Step == flow.Input {
		b.WriteString(sh.St.Notice.Render(sh.Wrap(width, sh.T("account.first_login"))) + "\n")
	}
	if s.Err != "" {
		b.WriteString(sh.St.Error.Render(sh.Wrap(width, s.Err)) + "\n")
	}
	b.WriteString("\n")
	if !s.Loaded {
		if s.Err == "" {
			b.WriteString(sh.St.Muted.Render(sh.T("common.loading")))
		}
		return b.String(), 0
	}
	top := strings.Count(b.String(), "\n")
	switch s.Step {
	case flow.Input:
		body, focus := s.Form.View(width)
		b.WriteString(body + "\n\n")
		b.WriteString(sh.Notes(width, sh.T("account.note_fixed"), sh.T("account.note_mail"), sh.T("account.note_reuse")))
		return b.String(), top + focus
	case flow.Confirm:
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("confirm.lead", sh.T("button.register")))) + "\n\n")
		b.WriteString(kvTable(sh, s.rows(s.input()), width) + "\n")
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("account.mask_note"))) + "\n\n")
		b.WriteString(s.ConfirmButtons(sh.T("button.register"), sh.T("button.back_to_input")))
		return b.String(), strings.Count(b.String(), "\n")
	}
	done := sh.T("account.done")
	if s.done() == "change" {
		done = sh.T("account.done_change")
	}
	b.WriteString(sh.St.Success.Render(sh.Wrap(width, done)) + "\n")
	if s.saved.MailedTo != "" {
		b.WriteString(sh.Wrap(width, sh.T("notice."+string(s.saved.Mailed), s.saved.MailedTo)) + "\n") // the mail core sent
	}
	b.WriteString("\n")
	b.WriteString(kvTable(sh, s.rows(s.input()), width) + "\n\n")
	next := sh.T("button.to_accounts")
	if s.first {
		next = sh.T("button.to_contract")
	}
	if s.id == "" {
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("account.mail_next"))) + "\n")
		b.WriteString(sh.Buttons(s.Btn, next, sh.T("button.register_mail")))
	} else {
		b.WriteString(sh.Buttons(0, next))
	}
	return b.String(), strings.Count(b.String(), "\n")
}

// rows are the confirm and complete tables of seed 003 §9.
func (s *accountFormScreen) rows(in core.AccountForm) []kvRow {
	sh := s.sh
	pw := sh.T("account.password_unchanged")
	if in.Password != "" {
		pw = core.MaskPassword(in.Password)
	}
	return []kvRow{
		{sh.T("account.id"), in.ID},
		{sh.T("account.name"), sh.T("account.name_value", in.LastName, in.FirstName)},
		{sh.T("account.kana"), sh.T("account.kana_value", in.LastKana, in.FirstKana)},
		{sh.T("account.user_name"), in.UserName},
		{sh.T("account.password"), pw},
		{sh.T("account.permission"), sh.T("perm." + string(in.Permission))},
	}
}
