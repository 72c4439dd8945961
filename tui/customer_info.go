package tui

import (
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
)

// customerInfoScreen is "お客様情報変更" (seed 003 §24): 顧客基本情報入力 → 確認 → 完了.
type customerInfoScreen struct {
	flow
	next    core.Customer // the record as it is after the change
	oldMail string        // the contact address before the change
}

type customerLoadedMsg struct {
	c   core.Customer
	err error
}

func newCustomerInfoScreen(sh *common.Common) *customerInfoScreen {
	s := &customerInfoScreen{flow: flow{sh: sh, cancel: common.Send(common.BackToMenuMsg{}), finish: open(routeContractInfo{})}}
	s.check = func() job {
		in := s.input()
		return func() (any, error) { return sh.Svc.CheckCustomerForm(sh.Who, in) }
	}
	s.submit = func(token string) job {
		in := s.input()
		return func() (any, error) { return sh.Svc.UpdateCustomerInfo(sh.Who, token, in) }
	}
	keep := func(v any) { s.next = v.(core.Customer) }
	s.checked, s.saved = keep, keep
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
	f := newForm(sh, sh.T("button.next"), sh.T("button.cancel"))
	f.staticRow(sh.T("customer.name"), sh.T("account.name_value", c.LastName, c.FirstName))
	f.staticRow(sh.T("customer.kana"), sh.T("account.kana_value", c.LastKana, c.FirstKana))
	f.staticRow(sh.T("customer.birth_date"), strings.ReplaceAll(c.BirthDate, "-", "/"))
	f.staticRow(sh.T("customer.gender"), sh.T("gender."+c.Gender))
	f.staticRow(sh.T("customer.address"), c.Address)
	s.oldMail = c.ContactMail
	occ := []choice{{"", sh.T("occupation.none")}} // optional (SPEC §9.1)
	for _, o := range core.Occupations {
		occ = append(occ, choice{o, sh.T("occupation." + o)})
	}
	f.choice(core.FieldOccupation, sh.T("customer.occupation"), false, occ, c.Occupation)
	f.text(core.FieldHousehold, sh.T("customer.household"), false, 2, strconv.Itoa(c.Household))
	f.text(core.FieldPhone, sh.T("customer.phone"), true, core.TextLimit(core.FieldPhone), c.Phone)
	f.text(core.FieldFax, sh.T("customer.fax"), false, core.TextLimit(core.FieldFax), c.Fax)
	f.text(core.FieldMobile, sh.T("customer.mobile"), false, core.TextLimit(core.FieldMobile), c.Mobile)
	f.text(core.FieldContactMail, sh.T("customer.contact_mail"), false, core.TextLimit(core.FieldContactMail), c.ContactMail)
	s.form = f
}

func (s *customerInfoScreen) input() core.CustomerForm {
	f := s.form
	return core.CustomerForm{Phone: f.value(core.FieldPhone), Fax: f.value(core.FieldFax), Mobile: f.value(core.FieldMobile),
		ContactMail: f.value(core.FieldContactMail), Occupation: f.value(core.FieldOccupation), Household: f.value(core.FieldHousehold)}
}

func (s *customerInfoScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(customerLoadedMsg); ok {
		return s, s.afterLoad(m.err, func() { s.build(m.c) })
	}
	cmd, _ := s.flow.update(msg)
	return s, cmd
}

// View renders the body at the width SetSize gave.
func (s *customerInfoScreen) View() string { return s.Show(s.render) }

func (s *customerInfoScreen) render(width int) (string, int) {
	sh := s.sh
	titles := []string{"customer.title_input", "customer.title_confirm", "customer.title_done"}
	var b strings.Builder
	if !s.head(&b, sh.T(titles[s.step]), width) {
		return b.String(), 0
	}
	top := strings.Count(b.String(), "\n")
	switch s.step {
	case stepInput:
		body, focus := s.form.view(width)
		b.WriteString(body + "\n\n")
		b.WriteString(sh.Notes(width, sh.T("customer.note_paper"), sh.T("customer.note_empty"), sh.T("customer.note_mail")))
		return b.String(), top + focus
	case stepConfirm:
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("confirm.lead", sh.T("button.register")))) + "\n\n")
		b.WriteString(kvTable(sh, s.rows(s.next), width) + "\n\n")
		b.WriteString(s.confirmButtons(sh.T("button.register"), sh.T("button.back_to_input")))
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
