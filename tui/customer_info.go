package tui

import (
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/flow"
	"mypage/tui/form"
)

// customerInfoScreen is "お客様情報変更" (seed 003 §24): 顧客基本情報入力 → 確認 → 完了.
type customerInfoScreen struct {
	flow.Flow
	sh      *common.Common
	next    core.Customer // the record as it is after the change
	oldMail string        // the contact address before the change
}

type customerLoadedMsg struct {
	c   core.Customer
	err error
}

func newCustomerInfoScreen(sh *common.Common) *customerInfoScreen {
	s := &customerInfoScreen{sh: sh, Flow: flow.Flow{Common: sh, Cancel: common.Send(common.BackToMenuMsg{}), Finish: open(routeContractInfo{})}}
	s.Check = func() flow.Job {
		in := s.input()
		return func() (any, error) { return sh.Svc.CheckCustomerForm(sh.Who, in) }
	}
	s.Submit = func(token string) flow.Job {
		in := s.input()
		return func() (any, error) { return sh.Svc.UpdateCustomerInfo(sh.Who, token, in) }
	}
	keep := func(v any) { s.next, _ = v.(core.Customer) }
	s.Checked, s.Saved = keep, keep
	return s
}

func (s *customerInfoScreen) Init() tea.Cmd {
	sh := s.sh
	return func() tea.Msg {
		c, err := sh.Svc.CustomerInfo(sh.Who)
		return customerLoadedMsg{c: c, err: err}
	}
}

func (s *customerInfoScreen) build(c core.Customer) {
	sh := s.sh
	f := form.New(sh, sh.T("button.next"), sh.T("button.cancel"))
	f.Static(sh.T("customer.name"), sh.T("account.name_value", c.LastName, c.FirstName))
	f.Static(sh.T("customer.kana"), sh.T("account.kana_value", c.LastKana, c.FirstKana))
	f.Static(sh.T("customer.birth_date"), strings.ReplaceAll(c.BirthDate, "-", "/"))
	f.Static(sh.T("customer.gender"), sh.T("gender."+c.Gender))
	f.Static(sh.T("customer.address"), c.Address)
	s.oldMail = c.ContactMail
	occ := []form.Choice{{Value: "", Label: sh.T("occupation.none")}} // optional (SPEC §9.1)
	for _, o := range core.Occupations {
		occ = append(occ, form.Choice{Value: o, Label: sh.T("occupation." + o)})
	}
	f.Choice(core.FieldOccupation, sh.T("customer.occupation"), false, occ, c.Occupation)
	f.Text(core.FieldHousehold, sh.T("customer.household"), false, 2, strconv.Itoa(c.Household))
	f.Text(core.FieldPhone, sh.T("customer.phone"), true, core.TextLimit(core.FieldPhone), c.Phone)
	f.Text(core.FieldFax, sh.T("customer.fax"), false, core.TextLimit(core.FieldFax), c.Fax)
	f.Text(core.FieldMobile, sh.T("customer.mobile"), false, core.TextLimit(core.FieldMobile), c.Mobile)
	f.Text(core.FieldContactMail, sh.T("customer.contact_mail"), false, core.TextLimit(core.FieldContactMail), c.ContactMail)
	s.Form = f
}

func (s *customerInfoScreen) input() core.CustomerForm {
	f := s.Form
	return core.CustomerForm{Phone: f.Value(core.FieldPhone), Fax: f.Value(core.FieldFax), Mobile: f.Value(core.FieldMobile),
		ContactMail: f.Value(core.FieldContactMail), Occupation: f.Value(core.FieldOccupation), Household: f.Value(core.FieldHousehold)}
}

func (s *customerInfoScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(customerLoadedMsg); ok {
		return s, s.AfterLoad(m.err, func() { s.build(m.c) })
	}
	cmd, _ := s.Flow.Handle(msg)
	return s, cmd
}

// View renders the body at the width SetSize gave.
func (s *customerInfoScreen) View() string { return s.Show(s.render) }

func (s *customerInfoScreen) render(width int) (string, int) {
	sh := s.sh
	titles := []string{"customer.title_input", "customer.title_confirm", "customer.title_done"}
	var b strings.Builder
	if !s.Head(&b, sh.T(titles[s.Step]), width) {
		return b.String(), 0
	}
	top := strings.Count(b.String(), "\n")
	switch s.Step {
	case flow.Input:
		body, focus := s.Form.View(width)
		b.WriteString(body + "\n\n")
		b.WriteString(sh.Notes(width, sh.T("customer.note_paper"), sh.T("customer.note_empty"), sh.T("customer.note_mail")))
		return b.String(), top + focus
	case flow.Confirm:
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("confirm.lead", sh.T("button.register")))) + "\n\n")
		b.WriteString(kvTable(sh, s.rows(s.next), width) + "\n\n")
		b.WriteString(s.ConfirmButtons(sh.T("button.register"), sh.T("button.back_to_input")))
		return b.String(), strings.Count(b.String(), "\n")
	}
	b.WriteString(sh.St.Success.Render(sh.Wrap(width, sh.T("common.done"))) + "\n")
	if s.next.ContactMail != "" {
		b.WriteString(sh.St.Value.Render(sh.Wrap(width, sh.T("customer.mail_sent", s.next.ContactMail))) + "\n")
	}
	if s.oldMail != "" && s.oldMail != s.next.ContactMail {
		// The old contact address is told of the change too.
		b.WriteString(sh.St.Value.Render(sh.Wrap(width, sh.T("customer.mail_notice_old", s.oldMail))) + "\n")
	}
	b.WriteString("\n" + sh.Section(sh.T("common.details")) + "\n")
	b.WriteString(kvTable(sh, s.rows(s.next), width) + "\n\n")
	b.WriteString(sh.Buttons(0, sh.T("button.to_contract")))
	return b.String(), strings.Count(b.String(), "\n")
}

// rows are the confirm and complete tables of seed 003 §24.
func (s *customerInfoScreen) rows(c core.Customer) []kvRow {
	sh := s.sh
	return []kvRow{
		{sh.T("customer.name"), sh.T("account.name_value", c.LastName, c.FirstName)},
		{sh.T("customer.kana"), sh.T("account.kana_value", c.LastKana, c.FirstKana)},
		{sh.T("customer.birth_date"), strings.ReplaceAll(c.BirthDate, "-", "/")},
		{sh.T("customer.gender"), sh.T("gender." + c.Gender)},
		{sh.T("customer.occupation"), occupationText(sh, c.Occupation)},
		{sh.T("customer.household"), sh.T("customer.household_value", c.Household)},
		{sh.T("customer.phone"), c.Phone},
		{sh.T("customer.fax"), c.Fax},
		{sh.T("customer.mobile"), c.Mobile},
		{sh.T("customer.contact_mail"), c.ContactMail},
	}
}

// occupationText names an occupation; none given shows empty, as other optional fields do.
func occupationText(sh *common.Common, o string) string {
	if o == "" {
		return ""
	}
	return sh.T("occupation." + o)
}
