package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/flow"
	"mypage/tui/form"
)

// mailAddressScreen is "メールアドレス登録/変更" (seed 003 §11, §12): the provider's
// address or another provider's, with the agreement, confirm and complete.
type mailAddressScreen struct {
	flow.Flow
	sh      *common.Common
	account string
	choice  core.MailChoice
	result  core.MailResult
}

type mailChoiceMsg struct {
	c   core.MailChoice
	err error
}

func newMailAddressScreen(sh *common.Common, account string) *mailAddressScreen {
	s := &mailAddressScreen{sh: sh, Flow: flow.Flow{Common: sh, Cancel: open(routeAccountOptions{expand: account}), Finish: open(routeAccountOptions{expand: account})}, account: account}
	s.Check = func() flow.Job {
		in := s.input()
		return func() (any, error) { return sh.Svc.CheckMail(sh.Who, in) }
	}
	s.Submit = func(token string) flow.Job {
		in := s.input()
		return func() (any, error) { return sh.Svc.SetMail(sh.Who, token, in) }
	}
	keep := func(v any) { s.result, _ = v.(core.MailResult) }
	s.Checked, s.Saved = keep, keep
	return s
}

func (s *mailAddressScreen) Init() tea.Cmd {
	sh, id := s.sh, s.account
	return func() tea.Msg {
		c, err := sh.Svc.MailChoice(sh.Who, id)
		return mailChoiceMsg{c: c, err: err}
	}
}

func (s *mailAddressScreen) build() {
	sh, c := s.sh, s.choice
	f := form.New(sh, sh.T("button.next"), sh.T("button.cancel"))
	f.Static(sh.T("account.id"), c.Account.ID)
	current := c.Account.Mail
	if current == "" {
		current = sh.T("accounts.mail_none")
	}
	f.Static(sh.T("mail.current"), current)
	kind := string(core.MailOther)
	if c.ProviderAllowed {
		kind = string(core.MailProvider)
	}
	f.Choice(core.FieldMailKind, sh.T("mail.kind"), true, []form.Choice{
		{Value: string(core.MailProvider), Label: sh.T("mail.kind.provider")}, {Value: string(core.MailOther), Label: sh.T("mail.kind.other")},
	}, kind)
	if !c.ProviderAllowed {
		reason := sh.T("mail.provider_full")
		switch {
		case c.MailOption != nil && core.Can(sh.Who, core.FnMailOption):
			reason = sh.T("mail.provider_needs", sh.OptionName(*c.MailOption))
		case c.MailOption != nil: // a user ID cannot buy it: who can
			reason = sh.T("mail.provider_needs_holder", sh.OptionName(*c.MailOption))
		}
		f.Disable(core.FieldMailKind, string(core.MailProvider), reason)
	}
	local := ""
	if c.Account.Mail != "" && strings.HasSuffix(c.Account.Mail, "@"+c.Domain) {
		local = strings.TrimSuffix(c.Account.Mail, "@"+c.Domain)
	}
	fl := f.Text(core.FieldMailLocal, sh.T("mail.local"), false, 15, local)
	fl.Hint = sh.T("mail.local_hint", c.Domain)
	other := ""
	if local == "" {
		other = c.Account.Mail
	}
	f.Text(core.FieldMailAddress, sh.T("mail.other"), false, core.TextLimit(core.FieldMailAddress), other)
	f.Notes(sh.T("common.notes"), sh.T("mail.note_mailbox"), sh.T("mail.note_attached"), sh.T("mail.note_repeat"),
		sh.T("mail.note_switch")) // read before the agreement
	f.Check(core.FieldAgree, sh.T("mail.agree_label"), sh.T("common.agree"), true)
	s.Form = f
}

func (s *mailAddressScreen) input() core.MailForm {
	f := s.Form
	return core.MailForm{Account: s.account, Kind: core.MailKind(f.Value(core.FieldMailKind)),
		Local: f.Value(core.FieldMailLocal), Address: f.Value(core.FieldMailAddress), Agree: f.Checked(core.FieldAgree)}
}

func (s *mailAddressScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(mailChoiceMsg); ok {
		return s, s.AfterLoad(m.err, func() { s.choice = m.c; s.build() })
	}
	cmd, _ := s.Flow.Handle(msg)
	if s.Form != nil && !core.Can(s.sh.Who, core.FnMailOption) {
		// A user ID is not told to buy the mail service, which it cannot: who can.
		if p, ok := s.Form.Problem(core.FieldMailKind); ok && p == s.sh.T("problem.allowance") {
			s.Form.SetProblem(core.FieldMailKind, s.sh.T("problem.allowance_holder"))
		}
	}
	return s, cmd
}

// View renders the body at the width SetSize gave.
func (s *mailAddressScreen) View() string { return s.Show(s.render) }

func (s *mailAddressScreen) render(width int) (string, int) {
	sh := s.sh
	titles := []string{"mail.title", "mail.title_confirm", "mail.title_done"}
	var b strings.Builder
	if !s.Head(&b, sh.T(titles[s.Step]), width) {
		return b.String(), 0
	}
	top := strings.Count(b.String(), "\n")
	switch s.Step {
	case flow.Input:
		lead := sh.St.Muted.Render(sh.Wrap(width, sh.T("mail.lead"))) + "\n\n"
		body, focus := s.Form.View(width)
		b.WriteString(lead + body)
		return b.String(), top + strings.Count(lead, "\n") + focus
	case flow.Confirm:
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("confirm.lead", sh.T("button.register")))) + "\n\n")
		b.WriteString(kvTable(sh, s.rows(), width) + "\n\n")
		if s.result.GivesUp != "" {
			b.WriteString(sh.St.Warning.Render(sh.Wrap(width, sh.T("mail.gives_up", s.result.GivesUp))) + "\n\n")
		}
		b.WriteString(s.ConfirmButtons(sh.T("button.register"), sh.T("button.back_to_input")))
		return b.String(), strings.Count(b.String(), "\n")
	}
	b.WriteString(sh.St.Success.Render(sh.Wrap(width, sh.T("common.done"))) + "\n")
	b.WriteString(sh.Wrap(width, sh.T("mail.sent", s.result.Address)) + "\n\n")
	b.WriteString(sh.Section(sh.T("common.details")) + "\n")
	b.WriteString(kvTable(sh, s.rows(), width) + "\n\n")
	b.WriteString(sh.Buttons(0, sh.T("button.to_account_options")))
	return b.String(), strings.Count(b.String(), "\n")
}

func (s *mailAddressScreen) rows() []kvRow {
	sh := s.sh
	return []kvRow{
		{sh.T("account.id"), s.account},
		{sh.T("mail.kind"), sh.T("mail.kind." + string(s.result.Kind))},
		{sh.T("accounts.col.mail"), s.result.Address},
		{sh.T("common.applied_on"), sh.Date(s.result.AppliedAt)},
	}
}
