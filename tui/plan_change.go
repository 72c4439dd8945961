package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/flow"
	"mypage/tui/form"
	"mypage/tui/table"
)

// The fields of the plan change form, as the refusals of core are put beside them.
const (
	fieldPlanService = "plan_service"
	fieldPlanTo      = "plan_to"
	fieldPlanStart   = "plan_start"
)

// planChangeScreen is "プラン変更" (SPEC §11.1, seed 001): choose the plan
// service, its target and the start month → the quote with every figure and
// its formula → the request with its number (受付番号) and the completion mail.
// Every figure comes from core's quote; the screen only words it.
type planChangeScreen struct {
	flow.Flow
	sh     *common.Common
	plans  []core.PlanView // the plan services that have not ended
	months []core.Month    // the start months core offers
	chosen string          // the plan service whose targets the form offers
	req    core.PlanChangeRequest
	quote  core.PlanChangeQuote
	result core.PlanChangeResult
}

type planChangeLoadedMsg struct {
	plans  []core.PlanView
	months []core.Month
	err    error
}

func newPlanChangeScreen(sh *common.Common) *planChangeScreen {
	s := &planChangeScreen{sh: sh}
	s.Flow = flow.Flow{Common: sh, Cancel: common.Send(common.BackToMenuMsg{}), Finish: open(routeContractInfo{})}
	s.Check = func() flow.Job {
		req, row := s.request(), s.serviceRow()
		return func() (any, error) {
			q, err := sh.Svc.QuotePlanChange(sh.Who, req)
			return q, planProblems(err, row)
		}
	}
	s.Checked = func(v any) { s.quote, _ = v.(core.PlanChangeQuote); s.req = s.request() }
	s.Submit = func(token string) flow.Job {
		req, row := s.req, s.serviceRow()
		quoted := s.quote
		req.Quoted = &quoted // core refuses the change when these figures have moved
		return func() (any, error) {
			r, err := sh.Svc.ChangePlan(sh.Who, token, req)
			return r, planProblems(err, row)
		}
	}
	s.Saved = func(v any) { s.result, _ = v.(core.PlanChangeResult) }
	s.Requote = func(e *core.QuoteChangedError) {
		if e.Plan != nil {
			s.quote = *e.Plan
		}
	}
	return s
}

func (s *planChangeScreen) Init() tea.Cmd {
	sh := s.sh
	return func() tea.Msg {
		plans, err := sh.Svc.Plans(sh.Who)
		return planChangeLoadedMsg{plans: plans, months: sh.Svc.PlanChangeMonths(), err: err}
	}
}

// planProblems puts a refusal of core beside the field it is about; a refusal of
// the plan service itself goes beside its choice when there is one, else on top.
func planProblems(err error, serviceRow bool) error {
	code := core.PlanBlock(err)
	field := ""
	switch code {
	case "":
		return err
	case core.PlanBlockTarget:
		field = fieldPlanTo
	case core.PlanBlockPast, core.PlanBlockFar, core.PlanBlockBadMonth:
		field = fieldPlanStart
	default:
		if !serviceRow {
			return err
		}
		field = fieldPlanService
	}
	return &core.ValidationError{Fields: map[string]string{field: code}}
}

// serviceRow reports whether the form offers a choice of plan service.
func (s *planChangeScreen) serviceRow() bool { return len(s.plans) > 1 }

// changeable reports whether one of the plan services can change now.
func (s *planChangeScreen) changeable() bool {
	for _, v := range s.plans {
		if v.CanChange {
			return true
		}
	}
	return false
}

// current is the plan service the form is about.
func (s *planChangeScreen) current() core.PlanView {
	for _, v := range s.plans {
		if v.Service.ID == s.chosen {
			return v
		}
	}
	if len(s.plans) > 0 {
		return s.plans[0]
	}
	return core.PlanView{}
}

func (s *planChangeScreen) request() core.PlanChangeRequest {
	req := core.PlanChangeRequest{Service: s.chosen}
	if s.Form == nil {
		return req
	}
	if s.serviceRow() {
		req.Service = s.Form.Value(fieldPlanService)
	}
	req.To = s.Form.Value(fieldPlanTo)
	req.Start, _ = core.ParseMonth(s.Form.Value(fieldPlanStart)) // none chosen: core refuses the zero month
	return req
}

func (s *planChangeScreen) build(plans []core.PlanView, months []core.Month) {
	sh := s.sh
	s.plans, s.months = nil, months
	for _, v := range plans {
		if v.State != core.PlanEnded {
			s.plans = append(s.plans, v)
		}
	}
	for _, v := range s.plans {
		if v.CanChange {
			s.chosen = v.Service.ID
			break
		}
	}
	if !s.changeable() {
		s.Form = nil // nothing to choose: the screen says why
		return
	}
	f := form.New(sh, sh.T("button.next"), sh.T("button.cancel"))
	if s.serviceRow() {
		var choices []form.Choice
		for _, v := range s.plans {
			choices = append(choices, form.Choice{Value: v.Service.ID, Label: sh.PlanName(v.Plan) + " (" + planCycle(sh, v.Plan) + ")"})
		}
		f.Choice(fieldPlanService, sh.T("plan.which"), true, choices, s.chosen).Selector = true
		for _, v := range s.plans {
			if !v.CanChange {
				f.Disable(fieldPlanService, v.Service.ID, sh.PlanBlockText(v.ChangeBlock))
			}
		}
	}
	to := f.Choice(fieldPlanTo, sh.T("plan.target"), true, s.targetChoices(s.current()), "")
	to.Selector = true
	to.Hint = sh.T("plan.target_hint")
	var starts []form.Choice
	for _, m := range s.months {
		starts = append(starts, form.Choice{Value: m.String(), Label: planMonth(sh, m)})
	}
	start := ""
	if len(s.months) > 1 {
		start = s.months[1].String() // next month: a whole free month to migrate in
	}
	at := f.Choice(fieldPlanStart, sh.T("plan.start_month"), true, starts, start)
	at.Selector = true
	at.Hint = sh.T("plan.start_hint", core.PlanChangeAhead)
	s.Form = f
}

// targetChoices are the plans a plan service may change to, with their cycle and price.
func (s *planChangeScreen) targetChoices(v core.PlanView) []form.Choice {
	var out []form.Choice
	for _, t := range v.Targets {
		// Short, so that the choice keeps to one line at 80 columns: the table
		// under the form and the quote give the price in full.
		out = append(out, form.Choice{Value: t.Code, Label: s.sh.T("plan.target_choice", s.sh.PlanName(t),
			s.sh.T("plan.price_short."+t.Cycle, common.GroupDigits(t.Price)))})
	}
	return out
}

func (s *planChangeScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(planChangeLoadedMsg); ok {
		return s, s.AfterLoad(m.err, func() { s.build(m.plans, m.months) })
	}
	if cmd, ok := backOnly(&s.Flow, msg); ok {
		return s, cmd
	}
	cmd, _ := s.Flow.Handle(msg)
	// The targets follow the plan service chosen.
	if s.Form != nil && s.serviceRow() && s.Step == flow.Input {
		if id := s.Form.Value(fieldPlanService); id != "" && id != s.chosen {
			s.chosen = id
			s.Form.SetChoices(fieldPlanTo, s.targetChoices(s.current()), "")
		}
	}
	return s, cmd
}

// View renders the body at the width SetSize gave.
func (s *planChangeScreen) View() string { return s.Show(s.render) }

func (s *planChangeScreen) render(width int) (string, int) {
	return renderProcedure(&s.Flow, width, procedurePage{texts: "plan", empty: len(s.plans) == 0,
		cannot: s.cannotRows, input: s.renderInput, confirm: s.renderConfirm, complete: s.renderComplete})
}

// cannotRows are the plan services, each with why it cannot change now.
func (s *planChangeScreen) cannotRows() []kvRow {
	sh := s.sh
	var rows []kvRow
	for _, v := range s.plans {
		rows = append(rows, kvRow{sh.PlanName(v.Plan) + " (" + planCycle(sh, v.Plan) + ")", sh.PlanBlockText(v.ChangeBlock)})
	}
	return rows
}

func (s *planChangeScreen) renderInput(b *strings.Builder, width int) (string, int) {
	sh := s.sh
	b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("plan.lead"))) + "\n\n")
	v := s.current()
	b.WriteString(kvTable(sh, []kvRow{
		{sh.T("plan.current"), sh.PlanName(v.Plan) + " (" + planCycle(sh, v.Plan) + ")"},
		{sh.T("plan.current_price"), planPrice(sh, v.Plan.Cycle, v.Fee)},
		{sh.T("plan.current_term"), planTerm(sh, v.Term.Start, v.Term.End)},
	}, width) + "\n\n")
	top := strings.Count(b.String(), "\n")
	body, focus := s.Form.View(width)
	b.WriteString(body + "\n\n")
	// The targets side by side, with the initial fee the change waives.
	b.WriteString(sh.Section(sh.T("plan.targets")) + "\n")
	t := table.New(sh.TableStyles(),
		table.Column{Header: sh.T("plan.col.plan"), Wrap: true, Min: 8},
		table.Column{Header: sh.T("plan.col.cycle"), Wrap: true, Min: 4},
		table.Column{Header: sh.T("plan.col.price"), Align: table.Right, Wrap: true, Keep: true, Min: 8},
		table.Column{Header: sh.T("plan.col.initial"), Align: table.Right, Wrap: true, Min: 6})
	for _, p := range v.Targets {
		t.Add(sh.PlanName(p), planCycle(sh, p), common.GroupDigits(p.Price), common.GroupDigits(p.InitialFee))
	}
	b.WriteString(t.Render(width) + "\n\n")
	b.WriteString(sh.Notes(width, sh.T("plan.note.tax"), sh.T("plan.note.waived"), sh.T("plan.note.parallel"),
		sh.T("plan.note.free"), sh.T("plan.note.credit")))
	return b.String(), top + focus
}

// quoteRows word every figure of the quote (SPEC §11.1 rules 1–5).
func (s *planChangeScreen) quoteRows(q core.PlanChangeQuote) []kvRow {
	sh := s.sh
	cat := sh.Svc.Catalog()
	from, _ := cat.Plan(q.From)
	to, _ := cat.Plan(q.To)
	rows := []kvRow{
		{sh.T("plan.q.from"), sh.PlanName(from) + " (" + planCycle(sh, from) + ")"},
		{sh.T("plan.q.to"), s.planChoice(to)},
		{sh.T("plan.q.new_start"), sh.Date(q.NewStart.Time)},
	}
	if q.WaivedInitialFee > 0 {
		rows = append(rows, kvRow{sh.T("plan.q.initial"), sh.T("plan.q.waived", sh.Yen(q.WaivedInitialFee))})
	} else {
		rows = append(rows, kvRow{sh.T("plan.q.initial"), sh.T("plan.q.no_initial")})
	}
	rows = append(rows,
		kvRow{sh.T("plan.q.free_month"), sh.T("plan.q.free", planMonthText(sh, q.FreeMonth))},
		kvRow{sh.T("plan.q.parallel"), planMonthText(sh, q.ParallelMonth)},
		kvRow{sh.T("plan.q.old_end"), sh.Date(q.OldEnd.Time)})
	if q.OldParallelFree {
		rows = append(rows, kvRow{sh.T("plan.q.old_parallel"), sh.T("plan.q.old_parallel_free", sh.Yen(q.OldParallelAmount))})
	}
	if !q.OldRenewal.IsZero() {
		// The old plan's term ends first: it renews as usual, and the credit is of the renewed term.
		rows = append(rows, kvRow{sh.T("plan.q.old_renewal"),
			sh.T("plan.q.old_renewal_value", sh.Date(q.OldRenewal.Time), planPrice(sh, core.CycleAnnual, q.OldRenewalFee))})
	}
	if from.Annual() {
		remainingUntil := "plan.q.remaining_until"
		if !q.OldRenewal.IsZero() {
			remainingUntil = "plan.q.remaining_renewed"
		}
		rows = append(rows,
			kvRow{sh.T("plan.q.remaining"), sh.N("plan.q.months", q.RemainingMonths, q.RemainingMonths) + " " +
				sh.T(remainingUntil, sh.Date(q.OldTermEnd.Time))},
			kvRow{sh.T("plan.q.credit"), sh.Yen(q.Credit)})
	}
	// The month in the value: a label that long wraps, and its month looked like a row of its own.
	rows = append(rows, kvRow{sh.T("plan.q.charge"), sh.T("plan.q.charge_value", sh.Yen(q.Charge), planMonthText(sh, q.ChargeMonth))})
	if q.ExtendMonths > 0 {
		rows = append(rows, kvRow{sh.T("plan.q.extend"), sh.N("plan.q.extend_value", q.ExtendMonths, q.ExtendMonths)})
		if !to.Annual() && q.ExtendFrom != "" {
			rows = append(rows, kvRow{sh.T("plan.q.extend_free"), sh.T("plan.q.extend_free_value", planMonthText(sh, q.ExtendFrom), sh.Date(q.NewEnd.Time))})
		}
	}
	rows = append(rows, kvRow{sh.T("plan.q.new_term"), planTerm(sh, q.NewTermStart.Time, q.NewEnd.Time)})
	return rows
}

// formulaRows are the formulas core gave the figures, each named as the figure
// it gives (short labels, so that a formula keeps to one line at 80 columns).
func (s *planChangeScreen) formulaRows(q core.PlanChangeQuote) []kvRow {
	sh := s.sh
	var rows []kvRow
	if q.CreditFormula != "" {
		rows = append(rows, kvRow{sh.T("plan.f.credit"), q.CreditFormula})
	}
	rows = append(rows, kvRow{sh.T("plan.f.charge"), q.ChargeFormula})
	if q.ExtendFormula != "" {
		rows = append(rows, kvRow{sh.T("plan.f.extend"), q.ExtendFormula})
	}
	return rows
}

// formulaNotes say in words what each formula computes.
func (s *planChangeScreen) formulaNotes(q core.PlanChangeQuote) []string {
	sh := s.sh
	var out []string
	if q.CreditFormula != "" {
		out = append(out, sh.T("plan.f.credit_words"))
	}
	out = append(out, sh.T("plan.f.charge_words"))
	if q.ExtendFormula != "" {
		out = append(out, sh.T("plan.f.extend_words"))
	}
	return out
}

// writeQuote writes the quote: its figures, its formulas and rule 6's notes.
func (s *planChangeScreen) writeQuote(b *strings.Builder, q core.PlanChangeQuote, width int) {
	sh := s.sh
	b.WriteString(kvTable(sh, s.quoteRows(q), width) + "\n\n")
	b.WriteString(sh.Section(sh.T("plan.formulas")) + "\n")
	b.WriteString(kvTable(sh, s.formulaRows(q), width) + "\n")
	b.WriteString(sh.Notes(width, s.formulaNotes(q)...) + "\n\n")
	b.WriteString(sh.Section(sh.T("plan.notes")) + "\n")
	b.WriteString(sh.St.Warning.Render(sh.Notes(width, s.notes(q)...)) + "\n\n")
}

// planChoice is a plan with its cycle and price: Basic (月払い 月額 1,700 円 (税別)).
func (s *planChangeScreen) planChoice(p core.Plan) string {
	sh := s.sh
	return sh.T("plan.choice", sh.PlanName(p), planCycle(sh, p), planPrice(sh, p.Cycle, p.Price))
}

// notes are rule 6 of SPEC §11.1 (the IP address, the migration, DNS) and rule 7.
func (s *planChangeScreen) notes(q core.PlanChangeQuote) []string {
	sh := s.sh
	return []string{sh.T("plan.note.ip", sh.Date(q.OldEnd.Time)), sh.T("plan.note.no_migration"), sh.T("plan.note.only_here")}
}

func (s *planChangeScreen) renderConfirm(b *strings.Builder, width int) (string, int) {
	sh := s.sh
	if !s.Refused() { // a refused confirm has no button to press
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("plan.confirm_lead"))) + "\n\n")
	}
	b.WriteString(sh.Section(sh.T("plan.quote")) + "\n")
	s.writeQuote(b, s.quote, width)
	b.WriteString(s.ConfirmButtons(sh.T("plan.button.apply"), sh.T("button.back_to_input")))
	return b.String(), strings.Count(b.String(), "\n")
}

func (s *planChangeScreen) renderComplete(b *strings.Builder, width int) (string, int) {
	sh, r := s.sh, s.result
	b.WriteString(sh.St.Success.Render(sh.Wrap(width, sh.T("plan.done"))) + "\n")
	if r.MailedTo != "" {
		b.WriteString(sh.Wrap(width, sh.T("notice."+string(r.Mailed), r.MailedTo)) + "\n") // the mail core sent
	}
	b.WriteString("\n" + kvTable(sh, []kvRow{
		{sh.T("plan.request"), r.Change.Number},
		{sh.T("common.applied_on"), sh.Date(r.Change.RequestedAt)},
	}, width) + "\n\n")
	b.WriteString(sh.Section(sh.T("common.details")) + "\n")
	s.writeQuote(b, r.Change.Quote, width)
	b.WriteString(sh.Buttons(0, sh.T("button.to_contract")))
	return b.String(), strings.Count(b.String(), "\n")
}
