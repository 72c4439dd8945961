package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

// Steps of every procedure: input → confirm → complete.
type step int

const (
	stepInput step = iota
	stepConfirm
	stepComplete
)

// accountFormScreen is "アカウントID 登録/変更" (seed 003 §8, §9): input, confirm, complete.
type accountFormScreen struct {
	sh      *shared
	id      string // "" registers a new account ID
	first   bool   // opened by the first-login rule
	step    step
	form    *form
	orig    core.AccountView
	loaded  bool
	canPerm bool
	token   string
	busy    bool
	btn     int
	err     string
	result  core.AccountView
}

type (
	accountLoadedMsg struct {
		a   core.AccountView
		err error
	}
	accountCheckedMsg struct{ err error }
	accountSavedMsg   struct {
		a   core.AccountView
		err error
	}
)

func newAccountFormScreen(sh *shared, id string, first bool) *accountFormScreen {
	return &accountFormScreen{sh: sh, id: id, first: first}
}

func (s *accountFormScreen) Init() tea.Cmd {
	if s.id == "" {
		s.build(core.AccountView{Permission: core.PermUser})
		s.loaded = true
		return s.form.focusFirst()
	}
	sh, id := s.sh, s.id
	return func() tea.Msg {
		a, err := sh.svc.Account(sh.who, id)
		return accountLoadedMsg{a: a, err: err}
	}
}

// build lays out the input step with the account's current values.
func (s *accountFormScreen) build(a core.AccountView) {
	sh := s.sh
	f := newForm(sh, sh.T("button.next"), sh.T("button.cancel"))
	if s.id == "" {
		fl := f.text(core.FieldAccountID, sh.T("account.id"), true, 15, "")
		fl.hint = sh.T("account.id_hint")
	} else {
		f.staticRow(sh.T("account.id"), a.ID)
	}
	f.text(core.FieldLastName, sh.T("account.last_name"), true, 20, a.LastName)
	f.text(core.FieldFirstName, sh.T("account.first_name"), true, 20, a.FirstName)
	f.text(core.FieldLastKana, sh.T("account.last_kana"), true, 20, a.LastKana)
	f.text(core.FieldFirstKana, sh.T("account.first_kana"), true, 20, a.FirstKana)
	f.text(core.FieldUserName, sh.T("account.user_name"), true, 20, a.UserName)
	pw := f.password(core.FieldPassword, sh.T("account.password"), s.id == "")
	pw.hint = sh.T("account.password_hint")
	if s.id != "" {
		pw.hint = sh.T("account.password_keep")
	}
	s.canPerm = s.id == "" || (core.CanOn(sh.who, core.FnAccountPermission, a.ID) && a.ID != sh.who.AccountID)
	if s.canPerm {
		f.choice(core.FieldPermission, sh.T("account.permission"), true, []choice{
			{string(core.PermAdmin), sh.T("perm.admin")}, {string(core.PermUser), sh.T("perm.user")},
		}, string(a.Permission))
	} else {
		f.staticRow(sh.T("account.permission"), sh.T("perm."+string(a.Permission)))
	}
	s.form = f
	s.orig = a
}

func (s *accountFormScreen) input() core.AccountForm {
	f := s.form
	id := s.id
	if id == "" {
		id = f.value(core.FieldAccountID)
	}
	perm := core.Permission(f.value(core.FieldPermission))
	if !s.canPerm {
		perm = s.orig.Permission
	}
	return core.AccountForm{ID: strings.TrimSpace(id), LastName: f.value(core.FieldLastName), FirstName: f.value(core.FieldFirstName),
		LastKana: f.value(core.FieldLastKana), FirstKana: f.value(core.FieldFirstKana), UserName: f.value(core.FieldUserName),
		Password: f.value(core.FieldPassword), Permission: perm}
}

func (s *accountFormScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	sh := s.sh
	switch m := msg.(type) {
	case accountLoadedMsg:
		if m.err != nil {
			var cmd tea.Cmd
			s.err, cmd = sh.failure(m.err)
			return s, cmd
		}
		s.build(m.a)
		s.loaded = true
		return s, s.form.focusFirst()
	case accountCheckedMsg:
		s.busy = false
		if m.err != nil {
			return s, s.showError(m.err)
		}
		s.step, s.btn, s.err = stepConfirm, 0, ""
		s.token = sh.svc.NewToken()
		return s, nil
	case accountSavedMsg:
		s.busy = false
		if m.err != nil {
			if core.FieldProblems(m.err) != nil {
				s.step = stepInput
			}
			return s, s.showError(m.err)
		}
		s.result, s.step, s.err = m.a, stepComplete, ""
		return s, nil
	case tea.KeyMsg:
		if s.busy || !s.loaded {
			return s, nil
		}
		switch s.step {
		case stepInput:
			return s, s.updateInput(m)
		case stepConfirm:
			return s, s.updateConfirm(m)
		case stepComplete:
			if key.Matches(m, sh.keys.Enter) {
				if s.first {
					return s, open(entryContractInfo, "")
				}
				return s, open(entryAccounts, "")
			}
		}
		return s, nil
	}
	if s.form != nil && s.step == stepInput {
		_, cmd := s.form.update(msg)
		return s, cmd
	}
	return s, nil
}

// showError puts field problems beside their fields and anything else on top.
func (s *accountFormScreen) showError(err error) tea.Cmd {
	if pr := core.FieldProblems(err); pr != nil {
		s.err = s.sh.T("error.invalid")
		return s.form.setProblems(pr)
	}
	var cmd tea.Cmd
	s.err, cmd = s.sh.failure(err)
	return cmd
}

func (s *accountFormScreen) updateInput(k tea.KeyMsg) tea.Cmd {
	pressed, cmd := s.form.update(k)
	switch pressed {
	case 0:
		s.form.clearProblems()
		s.busy = true
		sh, in, isNew := s.sh, s.input(), s.id == ""
		return func() tea.Msg {
			if isNew {
				return accountCheckedMsg{err: sh.svc.CheckNewAccount(sh.who, in)}
			}
			return accountCheckedMsg{err: sh.svc.CheckAccountChange(sh.who, in)}
		}
	case 1:
		if s.first {
			return nil
		}
		return open(entryAccounts, "")
	}
	return cmd
}

func (s *accountFormScreen) updateConfirm(k tea.KeyMsg) tea.Cmd {
	keys := s.sh.keys
	switch {
	case key.Matches(k, keys.Left, keys.Up, keys.ShiftTab):
		s.btn = 0
	case key.Matches(k, keys.Right, keys.Down, keys.Tab):
		s.btn = 1
	case key.Matches(k, keys.Back):
		s.step = stepInput
	case key.Matches(k, keys.Enter):
		if s.btn == 1 {
			s.step = stepInput
			return nil
		}
		s.busy = true
		sh, in, token, isNew := s.sh, s.input(), s.token, s.id == ""
		return func() tea.Msg {
			var a core.AccountView
			var err error
			if isNew {
				a, err = sh.svc.RegisterAccount(sh.who, token, in)
			} else {
				a, err = sh.svc.UpdateAccount(sh.who, token, in)
			}
			return accountSavedMsg{a: a, err: err}
		}
	}
	return nil
}

func (s *accountFormScreen) Captures(k tea.KeyMsg) bool {
	if s.first && s.step != stepComplete {
		return true // the first-login rule: an account ID must be registered first
	}
	return s.step == stepConfirm
}

func (s *accountFormScreen) Keys() []key.Binding {
	k := s.sh.keys
	switch {
	case s.form == nil:
		return nil
	case s.step == stepInput:
		return s.form.keys()
	case s.step == stepConfirm:
		return []key.Binding{k.Left, k.Right, k.Enter}
	}
	return []key.Binding{k.Enter}
}

func (s *accountFormScreen) View(width int) (string, int) {
	sh := s.sh
	var b strings.Builder
	b.WriteString(sh.title(sh.T("account.title")+" "+sh.T("step."+[]string{"input", "confirm", "complete"}[s.step])) + "\n")
	if s.first && s.step == stepInput {
		b.WriteString(sh.st.Notice.Render(sh.wrap(width, sh.T("account.first_login"))) + "\n")
	}
	if s.err != "" {
		b.WriteString(sh.st.Error.Render(sh.wrap(width, s.err)) + "\n")
	}
	b.WriteString("\n")
	if !s.loaded {
		if s.err == "" {
			b.WriteString(sh.st.Muted.Render(sh.T("common.loading")))
		}
		return b.String(), 0
	}
	top := strings.Count(b.String(), "\n")
	switch s.step {
	case stepInput:
		body, focus := s.form.view(width)
		b.WriteString(body + "\n\n")
		b.WriteString(sh.notes(width, sh.T("account.note_fixed"), sh.T("account.note_mail"), sh.T("account.note_reuse")))
		return b.String(), top + focus
	case stepConfirm:
		b.WriteString(sh.st.Muted.Render(sh.wrap(width, sh.T("confirm.lead", sh.T("button.register")))) + "\n\n")
		b.WriteString(sh.kvTable(s.rows(s.input()), width) + "\n")
		b.WriteString(sh.st.Muted.Render(sh.wrap(width, sh.T("account.mask_note"))) + "\n\n")
		if s.busy {
			b.WriteString(sh.st.Muted.Render(sh.T("common.sending")))
		} else {
			b.WriteString(sh.buttons(s.btn, sh.T("button.register"), sh.T("button.back_to_input")))
		}
		return b.String(), strings.Count(b.String(), "\n")
	}
	b.WriteString(sh.st.Success.Render(sh.T("account.done")) + "\n\n")
	b.WriteString(sh.kvTable(s.rows(s.input()), width) + "\n\n")
	next := sh.T("button.to_accounts")
	if s.first {
		next = sh.T("button.to_contract")
	}
	b.WriteString(sh.buttons(0, next))
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
