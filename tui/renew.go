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

// The fields of the renewal form, as the refusals of core are put beside them.
const (
	fieldRenewService = "renew_service"
	fieldRenewPlan    = "renew_plan"
	fieldRenewYears   = "renew_years"
	fieldRenewAuto    = "renew_auto"
)

// renewScreen is "契約更新・再契約" (SPEC §11.3, seed 000): choose the plan
// service, the plan of its family, the term and auto-renew → the quote with
// every figure → the renewal with its number and the completion mail. Every
// figure and every refusal comes from core; the screen only words them.
type renewScreen struct {
	flow.Flow
	sh      *common.Common
	choices []core.RenewalChoice
	chosen  string // the plan service whose plans the form offers
	req     core.RenewalRequest
	quote   core.RenewalQuote
	result  core.RenewalResult
}

type renewLoadedMsg struct {
	choices []core.RenewalChoice
	err     error
}

func newRenewScreen(sh *common.Common) *renewScreen {
	s := &renewScreen{sh: sh}
	s.Flow = flow.Flow{Common: sh, Cancel: common.Send(common.BackToMenuMsg{}), Finish: open(routeContractInfo{})}
	s.Check = func() flow.Job {
		req := s.request()
		return func() (any, error) {
			q, err := sh.Svc.QuoteRenewal(sh.Who, req)
			return q, renewProblems(err)
		}
	}
	s.Checked = func(v any) { s.quote, _ = v.(core.RenewalQuote); s.req = s.request() }
	s.Submit = func(token string) flow.Job {
		req := s.req
		quoted := s.quote
		req.Quoted = &quoted // core refuses the renewal when these figures have moved
		return func() (any, error) {
			r, err := sh.Svc.Renew(sh.Who, token, req)
			return r, renewProblems(err)
		}
	}
	s.Saved = func(v any) { s.result, _ = v.(core.RenewalResult) }
	s.Requote = func(e *core.QuoteChangedError) {
		if e.Renewal != nil {
			s.quote = *e.Renewal
		}
	}
	return s
}

func (s *renewScreen) Init() tea.Cmd {
	sh := s.sh
	return func() tea.Msg {
		choices, err := sh.Svc.RenewalChoices(sh.Who)
		return renewLoadedMsg{choices: choices, err: err}
	}
}

// renewProblems puts a refusal of core beside the field it is about.
func renewProblems(err error) error {
	code := core.RenewBlock(err)
	field := fieldRenewService
	switch code {
	case "":
		return err
	case core.RenewBlockFamily:
		field = fieldRenewPlan
	case core.RenewBlockYears:
		field = fieldRenewYears
	case core.RenewBlockUnknown:
		field = fieldRenewPlan
	}
	return &core.ValidationError{Fields: map[string]string{field: code}}
}

// current is the plan service the form is about.
func (s *renewScreen) current() core.RenewalChoice {
	for _, v := range s.choices {
		if v.Service.ID == s.chosen {
			return v
		}
	}
	if len(s.choices) > 0 {
		return s.choices[0]
	}
	return core.RenewalChoice{}
}

func (s *renewScreen) request() core.RenewalRequest {
	req := core.RenewalRequest{Service: s.chosen}
	if s.Form == nil {
		return req
	}
	req.Service = s.Form.Value(fieldRenewService)
	req.Plan = s.Form.Value(fieldRenewPlan)
	req.Years, _ = strconv.Atoi(s.Form.Value(fieldRenewYears)) // none chosen: core refuses 0
	req.AutoRenew = s.Form.Value(fieldRenewAuto) == "on"
	return req
}

// blockText words why a plan service cannot be renewed now, with the day it opens.
func (s *renewScreen) blockText(v core.RenewalChoice) string {
	sh := s.sh
	t := sh.T("renew.block." + v.Block)
	if v.Block == core.RenewBlockEarly && !v.OpensOn.IsZero() {
		t += " (" + sh.T("renew.opens", sh.Date(v.OpensOn.Time)) + ")"
	}
	return t
}

func (s *renewScreen) build(choices []core.RenewalChoice) {
	sh := s.sh
	s.choices = choices
	s.chosen = ""
	for _, v := range choices {
		if v.Kind != "" {
			s.chosen = v.Service.ID
			break
		}
	}
	if s.chosen == "" {
		s.Form = nil // nothing to renew now: the screen says why
		return
	}
	f := form.New(sh, sh.T("button.next"), sh.T("button.cancel"))
	var services []form.Choice
	for _, v := range choices {
		services = append(services, form.Choice{Value: v.Service.ID, Label: sh.PlanName(v.Plan) + " (" + planCycle(sh, v.Plan) + ")"})
	}
	f.Choice(fieldRenewService, sh.T("renew.service"), true, services, s.chosen).Selector = true
	for _, v := range choices {
		if v.Kind == "" {
			f.Disable(fieldRenewService, v.Service.ID, s.blockText(v))
		}
	}
	v := s.current()
	pl := f.Choice(fieldRenewPlan, sh.T("renew.plan"), true, s.planChoices(v), v.Plan.Code)
	pl.Selector = true
	pl.Hint = sh.T("renew.plan_hint")
	f.Choice(fieldRenewYears, sh.T("renew.years"), true, s.yearChoices(v), "1")
	auto := f.Choice(fieldRenewAuto, sh.T("renew.auto"), true, []form.Choice{
		{Value: "on", Label: sh.T("renew.auto.on")}, {Value: "off", Label: sh.T("renew.auto.off")}}, autoValue(v.AutoRenew))
	auto.Hint = sh.T("renew.auto_hint")
	s.Form = f
}

func autoValue(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

// planChoices are the plans of the service's family with their price.
func (s *renewScreen) planChoices(v core.RenewalChoice) []form.Choice {
	var out []form.Choice
	for i, p := range v.Plans {
		price := s.sh.T("plan.price_short."+p.Cycle, common.GroupDigits(p.Price))
		if i < len(v.Fees) && v.Fees[i] != p.Price {
			// The annual options held add to a term's fee (SPEC §11.2).
			price = s.sh.T("renew.price_with_options", s.sh.T("plan.price_short."+p.Cycle, common.GroupDigits(v.Fees[i])))
		}
		out = append(out, form.Choice{Value: p.Code, Label: s.sh.T("plan.target_choice", s.sh.PlanName(p), price)})
	}
	return out
}

// yearChoices are the terms core offers, each with its discount.
func (s *renewScreen) yearChoices(v core.RenewalChoice) []form.Choice {
	var out []form.Choice
	for _, y := range v.Years {
		label := s.sh.N("renew.years_n", y.Years, y.Years)
		if y.Discount > 0 {
			label = s.sh.T("renew.years_discount", y.Years, y.Discount)
		}
		out = append(out, form.Choice{Value: strconv.Itoa(y.Years), Label: label})
	}
	return out
}

// discountNote lists the discount of every term core offers, as the
// selector shows one term at a time.
func (s *renewScreen) discountNote(v core.RenewalChoice) string {
	var items []string
	for _, y := range v.Years {
		if y.Discount > 0 {
			items = append(items, s.sh.T("renew.discount_item", y.Years, y.Discount))
		}
	}
	return s.sh.T("renew.discounts", strings.Join(items, s.sh.T("renew.discount_sep")))
}

func (s *renewScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(renewLoadedMsg); ok {
		return s, s.AfterLoad(m.err, func() { s.build(m.choices) })
	}
	if cmd, ok := backOnly(&s.Flow, msg); ok {
		return s, cmd
	}
	cmd, _ := s.Flow.Handle(msg)
	// The plans and the auto-renew setting follow the plan service chosen.
	if s.Form != nil && s.Step == flow.Input {
		if id := s.Form.Value(fieldRenewService); id != "" && id != s.chosen {
			s.chosen = id
			v := s.current()
			s.Form.SetChoices(fieldRenewPlan, s.planChoices(v), v.Plan.Code)
			s.Form.SetChoices(fieldRenewYears, s.yearChoices(v), "1")
		}
	}
	return s, cmd
}

// View renders the body at the width SetSize gave.
func (s *renewScreen) View() string { return s.Show(s.render) }

func (s *renewScreen) render(width int) (string, int) {
	return renderProcedure(&s.Flow, width, procedurePage{texts: "renew", empty: len(s.choices) == 0,
		cannot: s.cannotRows, input: s.renderInput, confirm: s.renderConfirm, complete: s.renderComplete})
}

// cannotRows are the plan services, each with why it cannot be renewed now.
func (s *renewScreen) cannotRows() []kvRow {
	sh := s.sh
	var rows []kvRow
	for _, v := range s.choices {
		rows = append(rows, kvRow{sh.PlanName(v.Plan) + " (" + planCycle(sh, v.Plan) + ")", s.blockText(v)})
	}
	return rows
}

func (s *renewScreen) renderInput(b *strings.Builder, width int) (string, int) {
	sh := s.sh
	b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("renew.lead"))) + "\n\n")
	v := s.current()
	termLabel := sh.T("renew.current_term")
	if v.State == core.PlanLapsed {
		termLabel = sh.T("renew.lapsed_term")
	}
	b.WriteString(kvTable(sh, []kvRow{
		{sh.T("renew.current"), sh.PlanName(v.Plan) + " (" + sh.T("plan.state."+string(v.State)) + ")"},
		{termLabel, planTerm(sh, v.Term.Start, v.Term.End)},
	}, width) + "\n\n")
	top := strings.Count(b.String(), "\n")
	body, focus := s.Form.View(width)
	b.WriteString(body + "\n\n")
	b.WriteString(sh.Notes(width, s.discountNote(v), sh.T("renew.note.tax")))
	return b.String(), top + focus
}

// quoteRows word every figure of the quote.
func (s *renewScreen) quoteRows(q core.RenewalQuote) []kvRow {
	sh := s.sh
	cat := sh.Svc.Catalog()
	from, _ := cat.Plan(q.From)
	to, _ := cat.Plan(q.Plan)
	plan := sh.PlanName(to) + " (" + planCycle(sh, to) + ")"
	if q.NewService {
		plan = sh.T("renew.q.plan_change", sh.PlanName(from), plan)
	}
	rows := []kvRow{
		{sh.T("renew.q.kind"), sh.T("renew.kind." + q.Kind)},
		{sh.T("renew.q.plan"), plan},
		{sh.T("renew.q.years"), sh.N("renew.years_n", q.Years, q.Years)},
		{sh.T("renew.q.period"), planTerm(sh, q.Start.Time, q.End.Time)},
	}
	if q.Kind == core.RenewKindRecontract {
		rows = append(rows, kvRow{sh.T("renew.q.restore"), sh.T("renew.q.restore_value", sh.Date(q.Start.Time), sh.Date(q.CurrentEnd.Time))})
	} else {
		rows = append(rows, kvRow{sh.T("renew.q.current_end"), sh.Date(q.CurrentEnd.Time)})
	}
	price := planPrice(sh, q.Cycle, q.Price)
	list := planPrice(sh, q.Cycle, q.ListPrice)
	if q.Cycle == core.CycleAnnual {
		price = sh.T("renew.q.term_price", sh.Yen(q.Price))
		list = sh.Yen(q.ListPrice)
	}
	initial := sh.T("renew.q.no_initial")
	if q.InitialFee > 0 {
		initial = sh.T("renew.q.initial_waived") // the plan has one; a renewal does not charge it
	}
	rows = append(rows,
		kvRow{sh.T("renew.q.list"), list},
		kvRow{sh.T("renew.q.discount"), sh.T("renew.q.discount_value", q.Discount)},
		kvRow{sh.T("renew.q.price"), price},
		kvRow{sh.T("renew.q.formula"), q.Formula},
		kvRow{sh.T("renew.q.initial"), initial},
		kvRow{sh.T("renew.q.bill"), planMonthText(sh, q.BillMonth)},
		kvRow{sh.T("renew.q.pay"), sh.Date(q.PaymentDate.Time)},
	)
	auto := sh.T("renew.q.auto_off", sh.Date(q.End.Time))
	if q.AutoRenew {
		auto = sh.T("renew.q.auto_on", sh.Date(q.End.AddDate(0, 0, 1)))
	}
	return append(rows, kvRow{sh.T("renew.q.auto"), auto})
}

func (s *renewScreen) writeQuote(b *strings.Builder, q core.RenewalQuote, width int) {
	sh := s.sh
	b.WriteString(kvTable(sh, s.quoteRows(q), width) + "\n\n")
	notes := []string{sh.T("renew.note.tax")}
	switch {
	case q.NewService && q.Kind == core.RenewKindRecontract:
		// A lapsed plan resumes on the re-contract's day, not after the lapsed term.
		notes = append(notes, sh.T("renew.note.new_service_recontract", sh.Date(q.Start.Time)))
	case q.NewService:
		notes = append(notes, sh.T("renew.note.new_service", sh.Date(q.CurrentEnd.Time)))
	}
	b.WriteString(sh.Notes(width, notes...) + "\n\n")
}

func (s *renewScreen) renderConfirm(b *strings.Builder, width int) (string, int) {
	sh := s.sh
	if !s.Refused() {
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("renew.confirm_lead"))) + "\n\n")
	}
	b.WriteString(sh.Section(sh.T("renew.quote")) + "\n")
	s.writeQuote(b, s.quote, width)
	b.WriteString(s.ConfirmButtons(sh.T("renew.button.apply"), sh.T("button.back_to_input")))
	return b.String(), strings.Count(b.String(), "\n")
}

func (s *renewScreen) renderComplete(b *strings.Builder, width int) (string, int) {
	sh, r := s.sh, s.result
	b.WriteString(sh.St.Success.Render(sh.Wrap(width, sh.T("renew.done."+r.Quote.Kind))) + "\n")
	if r.MailedTo != "" {
		b.WriteString(sh.Wrap(width, sh.T("renew.mailed", r.MailedTo)) + "\n")
	}
	b.WriteString("\n" + kvTable(sh, []kvRow{{sh.T("renew.number"), r.Number}}, width) + "\n\n")
	b.WriteString(sh.Section(sh.T("common.details")) + "\n")
	s.writeQuote(b, r.Quote, width)
	b.WriteString(sh.Buttons(0, sh.T("button.to_contract")))
	return b.String(), strings.Count(b.String(), "\n")
}
