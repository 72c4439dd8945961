package tui

import (
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/flow"
	"mypage/tui/form"
)

// inquiryScreen is メールでのお問い合わせ (seed 002): the member's details from
// the contract, read only; the service chosen from the contract's own; the
// environment, optional; the content with its counter; the agreement to the
// handling of personal information → the confirmation → the number
// (お問い合わせ番号) and the receipt mail. Core checks everything.
type inquiryScreen struct {
	flow.Flow
	sh     *common.Common
	view   core.InquiryView
	result core.InquiryResult
}

type inquiryLoadedMsg struct {
	v   core.InquiryView
	err error
}

func newInquiryScreen(sh *common.Common) *inquiryScreen {
	s := &inquiryScreen{sh: sh}
	s.Flow = flow.Flow{Common: sh, Cancel: common.Send(common.BackToMenuMsg{}), Finish: open(routeTickets{})}
	s.Check = func() flow.Job {
		n := s.inquiry()
		return func() (any, error) { return nil, sh.Svc.CheckInquiry(sh.Who, n) }
	}
	s.Submit = func(token string) flow.Job {
		n := s.inquiry()
		return func() (any, error) { return sh.Svc.SubmitInquiry(sh.Who, token, n) }
	}
	s.Saved = func(v any) { s.result, _ = v.(core.InquiryResult) }
	return s
}

func (s *inquiryScreen) Init() tea.Cmd {
	sh := s.sh
	return func() tea.Msg {
		v, err := sh.Svc.InquiryForm(sh.Who)
		return inquiryLoadedMsg{v: v, err: err}
	}
}

// inquiry is what the form holds, as core takes it.
func (s *inquiryScreen) inquiry() core.NewInquiry {
	f := s.Form
	return core.NewInquiry{Service: f.Value(core.FieldInquiryService), Content: f.Value(core.FieldInquiryContent),
		Agreed: f.Checked(core.FieldAgree), Env: core.InquiryEnv{OS: f.Value(core.FieldInquiryOS),
			Browser: f.Value(core.FieldInquiryBrowser), Connection: f.Value(core.FieldInquiryConnection),
			Note: f.Value(core.FieldInquiryNote)}}
}

func (s *inquiryScreen) build() {
	sh, v := s.sh, s.view
	f := form.New(sh, sh.T("button.next"), sh.T("button.back"))
	var choices []form.Choice
	for _, svc := range v.Services {
		choices = append(choices, form.Choice{Value: svc.Code, Label: s.serviceName(svc)})
	}
	f.Choice(core.FieldInquiryService, sh.T("inquiry.service"), true, choices, "").Selector = true
	f.Notes(sh.T("inquiry.env"), sh.T("inquiry.env_lead"))
	f.Text(core.FieldInquiryOS, sh.T("inquiry.os"), false, core.InquiryEnvMax, "")
	f.Text(core.FieldInquiryBrowser, sh.T("inquiry.browser"), false, core.InquiryEnvMax, "")
	f.Text(core.FieldInquiryConnection, sh.T("inquiry.connection"), false, core.InquiryEnvMax, "")
	f.Text(core.FieldInquiryNote, sh.T("inquiry.env_note"), false, core.InquiryEnvNoteMax, "")
	f.Area(core.FieldInquiryContent, sh.T("inquiry.content"), true, v.ContentMax, "", core.InquiryLength).Hint = sh.T("inquiry.content_hint")
	f.Notes(sh.T("inquiry.privacy"), s.privacy())
	f.Check(core.FieldAgree, sh.T("inquiry.agree_label"), sh.T("inquiry.agree"), true).Problems("inquiry_agree")
	s.Form = f
}

// privacy is the catalog's handling of personal information in the session's language.
func (s *inquiryScreen) privacy() string {
	q := s.sh.Svc.Catalog().Inquiry
	if s.sh.Msg.Lang() == "en" && q.PrivacyEn != "" {
		return q.PrivacyEn
	}
	return q.Privacy
}

// serviceName is a service of the choice in the session's language.
func (s *inquiryScreen) serviceName(svc core.InquiryService) string {
	return inquiryServiceName(s.sh, svc)
}

func inquiryServiceName(sh *common.Common, svc core.InquiryService) string {
	if sh.Msg.Lang() == "en" && svc.NameEn != "" {
		return core.EscapeLine(svc.NameEn)
	}
	return core.EscapeLine(svc.Name)
}

func (s *inquiryScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(inquiryLoadedMsg); ok {
		return s, s.AfterLoad(m.err, func() { s.view = m.v; s.build() })
	}
	cmd, _ := s.Flow.Handle(msg)
	return s, cmd
}

// View renders the body at the width SetSize gave.
func (s *inquiryScreen) View() string { return s.Show(s.render) }

func (s *inquiryScreen) render(width int) (string, int) {
	sh := s.sh
	titles := []string{"inquiry.title", "inquiry.title_confirm", "inquiry.title_done"}
	var b strings.Builder
	if !s.Head(&b, sh.T(titles[s.Step]), width) {
		return b.String(), 0
	}
	switch s.Step {
	case flow.Confirm:
		b.WriteString(sh.Wrap(width, sh.T("inquiry.confirm_lead")) + "\n\n")
		b.WriteString(kvTable(sh, s.confirmRows(), width) + "\n\n")
		b.WriteString(sh.Section(sh.T("inquiry.content")) + "\n")
		b.WriteString(sh.Wrap(width, s.Form.Value(core.FieldInquiryContent)) + "\n\n")
		b.WriteString(s.ConfirmButtons(sh.T("inquiry.button.send"), sh.T("button.back_to_input")))
		return b.String(), strings.Count(b.String(), "\n")
	case flow.Complete:
		t := s.result.Ticket
		b.WriteString(sh.St.Success.Render(sh.Wrap(width, sh.T("inquiry.done"))) + "\n")
		if s.result.MailedTo != "" {
			b.WriteString(sh.Wrap(width, sh.T("inquiry.mailed", s.result.MailedTo)) + "\n")
		} else {
			b.WriteString(sh.Wrap(width, sh.T("inquiry.no_mail")) + "\n")
		}
		b.WriteString("\n" + kvTable(sh, []kvRow{
			{sh.T("inquiry.number"), t.Number},
			{sh.T("inquiry.date"), ticketTime(t.Created)},
			{sh.T("inquiry.service"), inquiryServiceName(sh, t.Service)},
		}, width) + "\n\n")
		next := sh.T("inquiry.answer_where")
		if s.view.AnswerDays > 0 {
			next = sh.T("inquiry.answer_days", s.view.AnswerDays)
		}
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, next)) + "\n\n")
		b.WriteString(sh.Buttons(0, sh.T("inquiry.to_tickets")))
		return b.String(), strings.Count(b.String(), "\n")
	}
	lead := sh.St.Muted.Render(sh.Wrap(width, sh.T("inquiry.lead"))) + "\n\n"
	// The member's details, read only, in a table of their own: its label
	// column is as wide as these labels need, so that a mail address fits.
	lead += sh.Section(sh.T("inquiry.member")) + "\n" + kvTable(sh, s.memberRows(), width) + "\n\n"
	top := strings.Count(b.String(), "\n") + strings.Count(lead, "\n")
	body, focus := s.Form.View(width)
	b.WriteString(lead + body)
	return b.String(), top + focus
}

// memberRows are the member's details the input step shows, read only.
func (s *inquiryScreen) memberRows() []kvRow {
	sh, v := s.sh, s.view
	rows := []kvRow{{sh.T("inquiry.name"), core.EscapeLine(v.Name)}, {sh.T("header.number"), v.Contract}}
	if v.Login != "" {
		rows = append(rows, kvRow{sh.T("inquiry.login"), core.EscapeLine(v.Login)})
	}
	return append(rows, kvRow{sh.T("inquiry.mail_to"), core.EscapeLine(v.MailTo)},
		kvRow{sh.T("inquiry.phone"), core.EscapeLine(v.Phone)})
}

// confirmRows are the choices of the input step as the confirmation lists them.
func (s *inquiryScreen) confirmRows() []kvRow {
	sh, n := s.sh, s.inquiry()
	service := n.Service
	for _, svc := range s.view.Services {
		if svc.Code == n.Service {
			service = inquiryServiceName(sh, svc)
		}
	}
	given := func(v string) string {
		if strings.TrimSpace(v) == "" {
			return sh.T("inquiry.none")
		}
		return core.EscapeLine(v)
	}
	return []kvRow{
		{sh.T("inquiry.name"), core.EscapeLine(s.view.Name)},
		{sh.T("header.number"), s.view.Contract},
		{sh.T("inquiry.mail_to"), core.EscapeLine(s.view.MailTo)},
		{sh.T("inquiry.service"), service},
		{sh.T("inquiry.os"), given(n.Env.OS)},
		{sh.T("inquiry.browser"), given(n.Env.Browser)},
		{sh.T("inquiry.connection"), given(n.Env.Connection)},
		{sh.T("inquiry.env_note"), given(n.Env.Note)},
	}
}

// ticketTime shows a ticket's time as the screens write it: 2027/03/31 11:00.
func ticketTime(t time.Time) string { return t.In(core.JST).Format("2006/01/02 15:04") }
