package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/flow"
	"mypage/tui/form"
)

// The fields of the auto-renew setting form; core's refusals are put beside
// the setting, the one field always shown.
const (
	fieldAutoRenewService = "auto_renew_service"
	fieldAutoRenewOn      = "auto_renew_on"
)

// autoRenewScreen is "自動更新の設定" (SPEC §11.3): choose the plan service
// (when several) and する / しない → what the term's end then does, with its
// dates and fee → the setting recorded and the mail sent. Every figure and
// every refusal comes from core; the screen only words them.
type autoRenewScreen struct {
	flow.Flow
	sh      *common.Common
	choices []core.AutoRenewChoice
	chosen  string // the plan service the form is about
	req     core.AutoRenewRequest
	quote   core.AutoRenewQuote
	result  core.AutoRenewResult
}

type autoRenewLoadedMsg struct {
	choices []core.AutoRenewChoice
	err     error
}

func newAutoRenewScreen(sh *common.Common) *autoRenewScreen {
	s := &autoRenewScreen{sh: sh}
	s.Flow = flow.Flow{Common: sh, Cancel: common.Send(common.BackToMenuMsg{}), Finish: open(routeContractInfo{})}
	s.Check = func() flow.Job {
		req := s.request()
		return func() (any, error) {
			q, err := sh.Svc.QuoteAutoRenew(sh.Who, req)
			return q, autoRenewProblems(err)
		}
	}
	s.Checked = func(v any) { s.quote, _ = v.(core.AutoRenewQuote); s.req = s.request() }
	s.Submit = func(token string) flow.Job {
		req := s.req
		quoted := s.quote
		req.Quoted = &quoted // core refuses the setting when these figures have moved
		return func() (any, error) {
			r, err := sh.Svc.SetAutoRenew(sh.Who, token, req)
			return r, autoRenewProblems(err)
		}
	}
	s.Saved = func(v any) { s.result, _ = v.(core.AutoRenewResult) }
	s.Requote = func(e *core.QuoteChangedError) {
		if e.AutoRenew != nil {
			s.quote = *e.AutoRenew
		}
	}
	return s
}

func (s *autoRenewScreen) Init() tea.Cmd {
	sh := s.sh
	return func() tea.Msg {
		choices, err := sh.Svc.AutoRenewChoices(sh.Who)
		return autoRenewLoadedMsg{choices: choices, err: err}
	}
}

// autoRenewProblems puts a refusal of core beside the setting.
func autoRenewProblems(err error) error {
	code := core.AutoRenewBlock(err)
	if code == "" {
		return err
	}
	return &core.ValidationError{Fields: map[string]string{fieldAutoRenewOn: code}}
}

// current is the plan service the form is about.
func (s *autoRenewScreen) current() core.AutoRenewChoice {
	for _, v := range s.choices {
		if v.Service.ID == s.chosen {
			return v
		}
	}
	if len(s.choices) > 0 {
		return s.choices[0]
	}
	return core.AutoRenewChoice{}
}

func (s *autoRenewScreen) request() core.AutoRenewRequest {
	req := core.AutoRenewRequest{Service: s.chosen}
	if s.Form == nil {
		return req
	}
	if id := s.Form.Value(fieldAutoRenewService); id != "" {
		req.Service = id
	}
	req.On = s.Form.Value(fieldAutoRenewOn) == "on"
	return req
}

// settingChoices are する and しない, the setting in force named as such and
// the other one offered first.
func (s *autoRenewScreen) settingChoices(v core.AutoRenewChoice) ([]form.Choice, string) {
	sh := s.sh
	label := func(on bool) string {
		t := sh.T("autorenew.setting." + autoValue(on))
		if on == v.On {
			t = sh.T("autorenew.setting_current", t)
		}
		return t
	}
	return []form.Choice{{Value: "on", Label: label(true)}, {Value: "off", Label: label(false)}}, autoValue(!v.On)
}

func (s *autoRenewScreen) build(choices []core.AutoRenewChoice) {
	sh := s.sh
	s.choices = choices
	s.chosen = ""
	var open []core.AutoRenewChoice
	for _, v := range choices {
		if v.Block == "" {
			open = append(open, v)
		}
	}
	if len(open) == 0 {
		s.Form = nil // nothing to set now: the screen says why
		return
	}
	s.chosen = open[0].Service.ID
	f := form.New(sh, sh.T("button.next"), sh.T("button.cancel"))
	if len(choices) > 1 {
		var services []form.Choice
		for _, v := range choices {
			services = append(services, form.Choice{Value: v.Service.ID, Label: sh.PlanName(v.Plan) + " (" + planCycle(sh, v.Plan) + ")"})
		}
		f.Choice(fieldAutoRenewService, sh.T("autorenew.service"), true, services, s.chosen).Selector = true
		for _, v := range choices {
			if v.Block != "" {
				f.Disable(fieldAutoRenewService, v.Service.ID, sh.T("autorenew.block."+v.Block))
			}
		}
	}
	options, value := s.settingChoices(s.current())
	f.Choice(fieldAutoRenewOn, sh.T("autorenew.setting"), true, options, value).Hint = sh.T("autorenew.setting_hint")
	s.Form = f
}

func (s *autoRenewScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(autoRenewLoadedMsg); ok {
		return s, s.AfterLoad(m.err, func() { s.build(m.choices) })
	}
	if cmd, ok := backOnly(&s.Flow, msg); ok {
		return s, cmd
	}
	cmd, _ := s.Flow.Handle(msg)
	// The setting offered follows the plan service chosen.
	if s.Form != nil && s.Step == flow.Input {
		if id := s.Form.Value(fieldAutoRenewService); id != "" && id != s.chosen {
			s.chosen = id
			options, value := s.settingChoices(s.current())
			s.Form.SetChoices(fieldAutoRenewOn, options, value)
		}
	}
	return s, cmd
}

// View renders the body at the width SetSize gave.
func (s *autoRenewScreen) View() string { return s.Show(s.render) }

func (s *autoRenewScreen) render(width int) (string, int) {
	return renderProcedure(&s.Flow, width, procedurePage{texts: "autorenew", empty: len(s.choices) == 0,
		cannot: s.cannotRows, input: s.renderInput, confirm: s.renderConfirm, complete: s.renderComplete})
}

// cannotRows are the plan services, each with why its setting cannot change now.
func (s *autoRenewScreen) cannotRows() []kvRow {
	sh := s.sh
	var rows []kvRow
	for _, v := range s.choices {
		rows = append(rows, kvRow{sh.PlanName(v.Plan) + " (" + planCycle(sh, v.Plan) + ")", sh.T("autorenew.block." + v.Block)})
	}
	return rows
}

func (s *autoRenewScreen) renderInput(b *strings.Builder, width int) (string, int) {
	sh := s.sh
	b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("autorenew.lead"))) + "\n\n")
	v := s.current()
	b.WriteString(kvTable(sh, []kvRow{
		{sh.T("autorenew.plan"), sh.PlanName(v.Plan) + " (" + planCycle(sh, v.Plan) + ")"},
		{sh.T("autorenew.term"), planTerm(sh, v.Term.Start, v.Term.End)},
		{sh.T("autorenew.current"), sh.T("autorenew.setting." + autoValue(v.On))},
	}, width) + "\n\n")
	top := strings.Count(b.String(), "\n")
	body, focus := s.Form.View(width)
	b.WriteString(body)
	return b.String(), top + focus
}

// quoteRows word what the term's end does with the setting.
func (s *autoRenewScreen) quoteRows(q core.AutoRenewQuote) []kvRow {
	sh := s.sh
	pl, _ := sh.Svc.Catalog().Plan(q.Plan)
	rows := []kvRow{
		{sh.T("autorenew.plan"), sh.PlanName(pl) + " (" + planCycle(sh, pl) + ")"},
		{sh.T("autorenew.q.setting"), sh.T("autorenew.q.change", sh.T("autorenew.setting."+autoValue(q.Current)), sh.T("autorenew.setting."+autoValue(q.On)))},
		{sh.T("autorenew.q.term_end"), sh.Date(q.TermEnd.Time)},
	}
	if !q.On {
		return append(rows, kvRow{sh.T("autorenew.q.at_end"), sh.T("autorenew.q.stops", optDate(sh, q.StopsOn))})
	}
	fee := planPrice(sh, q.Cycle, q.Fee)
	if q.Cycle == core.CycleAnnual {
		fee = sh.T("autorenew.q.term_fee", sh.N("renew.years_n", q.Years, q.Years), sh.Yen(q.Fee))
	}
	years := sh.N("renew.years_n", q.Years, q.Years)
	if q.Discount > 0 {
		years = sh.T("renew.years_value", q.Years, q.Discount)
	}
	return append(rows,
		kvRow{sh.T("autorenew.q.at_end"), sh.T("autorenew.q.renews", optDate(sh, q.RenewsOn))},
		kvRow{sh.T("autorenew.q.years"), years},
		kvRow{sh.T("autorenew.q.fee"), fee},
		kvRow{sh.T("renew.q.bill"), planMonthText(sh, q.BillMonth)},
		kvRow{sh.T("renew.q.pay"), optDate(sh, q.PaymentDate)},
	)
}

func (s *autoRenewScreen) writeQuote(b *strings.Builder, q core.AutoRenewQuote, width int) {
	sh := s.sh
	b.WriteString(kvTable(sh, s.quoteRows(q), width) + "\n\n")
	if !q.On {
		b.WriteString(sh.Notes(width, sh.T("autorenew.note.off")) + "\n\n")
	}
}

func (s *autoRenewScreen) renderConfirm(b *strings.Builder, width int) (string, int) {
	sh := s.sh
	if !s.Refused() {
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("autorenew.confirm_lead"))) + "\n\n")
	}
	s.writeQuote(b, s.quote, width)
	b.WriteString(s.ConfirmButtons(sh.T("autorenew.button.apply"), sh.T("button.back_to_input")))
	return b.String(), strings.Count(b.String(), "\n")
}

func (s *autoRenewScreen) renderComplete(b *strings.Builder, width int) (string, int) {
	sh, r := s.sh, s.result
	b.WriteString(sh.St.Success.Render(sh.Wrap(width, sh.T("autorenew.done"))) + "\n")
	if r.MailedTo != "" {
		b.WriteString(sh.Wrap(width, sh.T("autorenew.mailed", r.MailedTo)) + "\n")
	}
	b.WriteString("\n")
	s.writeQuote(b, r.Quote, width)
	b.WriteString(sh.Buttons(0, sh.T("button.to_contract")))
	return b.String(), strings.Count(b.String(), "\n")
}

// optDate is a day core may leave unset (nil before a quote): "" then.
func optDate(sh *common.Common, d *core.Day) string {
	if d == nil {
		return ""
	}
	return sh.Date(d.Time)
}
