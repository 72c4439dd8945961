package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

// customerInfoScreen is "お客様情報変更" (seed 003 §24): 顧客基本情報入力 → 確認 → 完了.
type customerInfoScreen struct {
	sh     *shared
	cur    core.Customer
	next   core.Customer
	loaded bool
	step   step
	form   *form
	token  string
	busy   bool
	btn    int
	err    string
}

type (
	customerLoadedMsg struct {
		c   core.Customer
		err error
	}
	customerCheckedMsg struct {
		c   core.Customer
		err error
	}
	customerSavedMsg struct {
		c   core.Customer
		err error
	}
)

func newCustomerInfoScreen(sh *shared) *customerInfoScreen { return &customerInfoScreen{sh: sh} }

func (s *customerInfoScreen) Init() tea.Cmd {
	sh := s.sh
	return func() tea.Msg {
		c, err := sh.svc.CustomerInfo(sh.who)
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
	var occ []choice
	for _, o := range core.Occupations {
		occ = append(occ, choice{o, sh.T("occupation." + o)})
	}
	f.choice(core.FieldOccupation, sh.T("customer.occupation"), true, occ, c.Occupation)
	f.text(core.FieldHousehold, sh.T("customer.household"), false, 2, strconv.Itoa(c.Household))
	f.text(core.FieldPhone, sh.T("customer.phone"), true, 13, c.Phone)
	f.text(core.FieldFax, sh.T("customer.fax"), false, 13, c.Fax)
	f.text(core.FieldMobile, sh.T("customer.mobile"), false, 13, c.Mobile)
	f.text(core.FieldContactMail, sh.T("customer.contact_mail"), false, 254, c.ContactMail)
	s.form = f
}

func (s *customerInfoScreen) input() core.CustomerForm {
	f := s.form
	return core.CustomerForm{Phone: f.value(core.FieldPhone), Fax: f.value(core.FieldFax), Mobile: f.value(core.FieldMobile),
		ContactMail: f.value(core.FieldContactMail), Occupation: f.value(core.FieldOccupation), Household: f.value(core.FieldHousehold)}
}

func (s *customerInfoScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	sh := s.sh
	switch m := msg.(type) {
	case customerLoadedMsg:
		if m.err != nil {
			var cmd tea.Cmd
			s.err, cmd = sh.failure(m.err)
			return s, cmd
		}
		s.cur, s.loaded = m.c, true
		s.build(m.c)
		return s, s.form.focusFirst()
	case customerCheckedMsg:
		s.busy = false
		if m.err != nil {
			return s, s.showError(m.err)
		}
		s.next, s.step, s.btn, s.err = m.c, stepConfirm, 0, ""
		s.token = sh.svc.NewToken()
		return s, nil
	case customerSavedMsg:
		s.busy = false
		if m.err != nil {
			if core.FieldProblems(m.err) != nil {
				s.step = stepInput
			}
			return s, s.showError(m.err)
		}
		s.next, s.step, s.err = m.c, stepComplete, ""
		return s, nil
	case tea.KeyMsg:
		if s.busy || !s.loaded {
			return s, nil
		}
		switch s.step {
		case stepInput:
			pressed, cmd := s.form.update(m)
			switch pressed {
			case 0:
				s.form.clearProblems()
				s.busy = true
				in := s.input()
				return s, func() tea.Msg {
					c, err := sh.svc.CheckCustomerForm(sh.who, in)
					return customerCheckedMsg{c: c, err: err}
				}
			case 1:
				return s, send(backToMenuMsg{})
			}
			return s, cmd
		case stepConfirm:
			return s, s.updateConfirm(m)
		case stepComplete:
			if key.Matches(m, sh.keys.Enter) {
				return s, open(entryContractInfo, "")
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

func (s *customerInfoScreen) updateConfirm(k tea.KeyMsg) tea.Cmd {
	sh := s.sh
	switch {
	case key.Matches(k, sh.keys.Left, sh.keys.Up, sh.keys.ShiftTab):
		s.btn = 0
	case key.Matches(k, sh.keys.Right, sh.keys.Down, sh.keys.Tab):
		s.btn = 1
	case key.Matches(k, sh.keys.Back):
		s.step = stepInput
	case key.Matches(k, sh.keys.Enter):
		if s.btn == 1 {
			s.step = stepInput
			return nil
		}
		s.busy = true
		in, token := s.input(), s.token
		return func() tea.Msg {
			c, err := sh.svc.UpdateCustomerInfo(sh.who, token, in)
			return customerSavedMsg{c: c, err: err}
		}
	}
	return nil
}

func (s *customerInfoScreen) showError(err error) tea.Cmd {
	if pr := core.FieldProblems(err); pr != nil {
		s.err = s.sh.T("error.invalid")
		return s.form.setProblems(pr)
	}
	var cmd tea.Cmd
	s.err, cmd = s.sh.failure(err)
	return cmd
}

func (s *customerInfoScreen) Captures(tea.KeyMsg) bool { return s.step == stepConfirm }

func (s *customerInfoScreen) Keys() []key.Binding {
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

func (s *customerInfoScreen) View(width int) (string, int) {
	sh := s.sh
	titles := []string{"customer.title_input", "customer.title_confirm", "customer.title_done"}
	var b strings.Builder
	b.WriteString(sh.title(sh.T(titles[s.step])) + "\n")
	if s.err != "" {
		b.WriteString(sh.st.Error.Render(sh.wrap(width, s.err)) + "\n")
	}
	b.WriteString("\n")
	if !s.loaded {
		return b.String(), 0
	}
	top := strings.Count(b.String(), "\n")
	switch s.step {
	case stepInput:
		body, focus := s.form.view(width)
		b.WriteString(body + "\n\n")
		b.WriteString(sh.notes(width, sh.T("customer.note_paper"), sh.T("customer.note_empty"), sh.T("customer.note_mail")))
		return b.String(), top + focus
	case stepConfirm:
		b.WriteString(sh.st.Muted.Render(sh.wrap(width, sh.T("confirm.lead", sh.T("button.register")))) + "\n\n")
		b.WriteString(sh.kvTable(s.rows(s.next), width) + "\n\n")
		if s.busy {
			b.WriteString(sh.st.Muted.Render(sh.T("common.sending")))
		} else {
			b.WriteString(sh.buttons(s.btn, sh.T("button.register"), sh.T("button.back_to_input")))
		}
		return b.String(), strings.Count(b.String(), "\n")
	}
	b.WriteString(sh.st.Success.Render(sh.wrap(width, sh.T("common.done"))) + "\n")
	if s.next.ContactMail != "" {
		b.WriteString(sh.st.Value.Render(sh.wrap(width, sh.T("customer.mail_sent", s.next.ContactMail))) + "\n")
	}
	b.WriteString("\n" + sh.section(sh.T("common.details")) + "\n")
	b.WriteString(sh.kvTable(s.rows(s.next), width) + "\n\n")
	b.WriteString(sh.buttons(0, sh.T("button.to_contract")))
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
		{sh.T("customer.occupation"), sh.T("occupation." + c.Occupation)},
		{sh.T("customer.household"), sh.T("customer.household_value", c.Household)},
		{sh.T("customer.phone"), c.Phone},
		{sh.T("customer.fax"), c.Fax},
		{sh.T("customer.mobile"), c.Mobile},
		{sh.T("customer.contact_mail"), c.ContactMail},
	}
}
