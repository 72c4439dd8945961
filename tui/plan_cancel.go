package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/flow"
	"mypage/tui/form"
)

// fieldCancelService is the choice of the plan service to cancel.
const fieldCancelService = "cancel_service"

// planCancelScreen is "ご解約" of a plan service (SPEC §11.4, seeds 002 and
// 004): choose the plan service → the quote in words (the end day, what ends
// with it, what is still billed, no refund, the rule of the 10th) → the cancel
// with its number (受付番号) and the mail. An application not started yet is
// withdrawn (取消) instead. Every figure and every refusal comes from core.
type planCancelScreen struct {
	flow.Flow
	sh      *common.Common
	choices []core.PlanCancelChoice
	req     core.PlanCancelRequest
	quote   core.PlanCancelQuote
	result  core.PlanCancelResult
}

type planCancelLoadedMsg struct {
	choices []core.PlanCancelChoice
	err     error
}

func newPlanCancelScreen(sh *common.Common) *planCancelScreen {
	s := &planCancelScreen{sh: sh}
	s.Flow = flow.Flow{Common: sh, Cancel: common.Send(common.BackToMenuMsg{}), Finish: open(routeContractInfo{})}
	s.Check = func() flow.Job {
		req := s.request()
		return func() (any, error) { return sh.Svc.QuotePlanCancel(sh.Who, req) }
	}
	s.Checked = func(v any) { s.quote, _ = v.(core.PlanCancelQuote); s.req = s.request() }
	s.Submit = func(token string) flow.Job {
		req, quoted := s.req, s.quote
		req.Quoted = &quoted // core refuses the cancel when these figures have moved
		return func() (any, error) { return sh.Svc.CancelPlan(sh.Who, token, req) }
	}
	s.Saved = func(v any) { s.result, _ = v.(core.PlanCancelResult) }
	s.Requote = func(e *core.QuoteChangedError) {
		if e.Cancel != nil {
			s.quote = *e.Cancel
		}
	}
	return s
}

func (s *planCancelScreen) Init() tea.Cmd {
	sh := s.sh
	return func() tea.Msg {
		choices, err := sh.Svc.PlanCancelChoices(sh.Who)
		return planCancelLoadedMsg{choices: choices, err: err}
	}
}

// hasPlanService reports whether the contract holds a plan service that has
// not ended: the menu offers ご解約 then.
func hasPlanService(plans []core.PlanView) bool {
	for _, v := range plans {
		if v.State != core.PlanEnded {
			return true
		}
	}
	return false
}

func (s *planCancelScreen) request() core.PlanCancelRequest {
	if s.Form == nil {
		return core.PlanCancelRequest{}
	}
	return core.PlanCancelRequest{Service: s.Form.Value(fieldCancelService)}
}

// label is a plan service with its cycle and state: RS-1 (月払い・利用中).
func (s *planCancelScreen) label(v core.PlanView) string {
	sh := s.sh
	return sh.T("cancel.choice", sh.PlanName(v.Plan), planCycle(sh, v.Plan), sh.T("plan.state."+string(v.State)))
}

func (s *planCancelScreen) build(choices []core.PlanCancelChoice) {
	sh := s.sh
	s.choices = choices
	first := ""
	for _, c := range choices {
		if c.Block == "" {
			first = c.View.Service.ID
			break
		}
	}
	if first == "" {
		s.Form = nil // nothing can be cancelled now: the screen says why
		return
	}
	f := form.New(sh, sh.T("button.next"), sh.T("button.cancel"))
	var opts []form.Choice
	for _, c := range choices {
		opts = append(opts, form.Choice{Value: c.View.Service.ID, Label: s.label(c.View)})
	}
	fl := f.Choice(fieldCancelService, sh.T("cancel.which"), true, opts, first)
	fl.Selector = true
	for _, c := range choices {
		if c.Block != "" {
			f.Disable(fieldCancelService, c.View.Service.ID, s.blockText(c))
		}
	}
	s.Form = f
}

func (s *planCancelScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(planCancelLoadedMsg); ok {
		return s, s.AfterLoad(m.err, func() { s.build(m.choices) })
	}
	if cmd, ok := backOnly(&s.Flow, msg); ok {
		return s, cmd
	}
	cmd, _ := s.Flow.Handle(msg)
	return s, cmd
}

// View renders the body at the width SetSize gave.
func (s *planCancelScreen) View() string { return s.Show(s.render) }

func (s *planCancelScreen) render(width int) (string, int) {
	return renderProcedure(&s.Flow, width, procedurePage{texts: "cancel", empty: len(s.choices) == 0,
		cannot: s.cannotRows, input: s.renderInput, confirm: s.renderConfirm, complete: s.renderComplete})
}

// cannotRows are the plan services, each with why it cannot be cancelled now.
func (s *planCancelScreen) cannotRows() []kvRow {
	var rows []kvRow
	for _, c := range s.choices {
		rows = append(rows, kvRow{s.label(c.View), s.blockText(c)})
	}
	return rows
}

// blockText words why a plan service cannot be cancelled; one renewed to
// another plan says which and when it ends, and how to undo the renewal.
func (s *planCancelScreen) blockText(c core.PlanCancelChoice) string {
	sh := s.sh
	if c.Block == core.PlanBlockRenewed && c.View.Service.End != nil {
		return sh.T("cancel.block.renewed_to", sh.PlanName(c.RenewedTo), sh.Date(*c.View.Service.End))
	}
	return sh.PlanBlockText(c.Block)
}

func (s *planCancelScreen) renderInput(b *strings.Builder, width int) (string, int) {
	sh := s.sh
	b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("cancel.lead"))) + "\n\n")
	top := strings.Count(b.String(), "\n")
	body, focus := s.Form.View(width)
	b.WriteString(body + "\n\n")
	b.WriteString(sh.Section(sh.T("cancel.rules")) + "\n")
	b.WriteString(sh.Notes(width, sh.T("cancel.rule.monthly"), sh.T("cancel.rule.debit", core.PlanCancelDebitDay),
		sh.T("cancel.rule.annual"), sh.T("cancel.rule.no_refund"), sh.T("cancel.rule.withdraw")))
	return b.String(), top + focus
}

// quoteRows word every figure of the quote.
func (s *planCancelScreen) quoteRows(q core.PlanCancelQuote) []kvRow {
	sh := s.sh
	cat := sh.Svc.Catalog()
	pl, _ := cat.Plan(q.Plan)
	rows := []kvRow{{sh.T("cancel.q.plan"), sh.PlanName(pl) + " (" + planCycle(sh, pl) + ")"}}
	if q.Kind == core.PlanCancelWithdraw {
		rows = append(rows, kvRow{sh.T("cancel.q.kind"), sh.T("cancel.kind.withdraw")})
		if q.VoidedInitialFee > 0 {
			rows = append(rows, kvRow{sh.T("cancel.q.initial"), sh.T("cancel.q.initial_void", sh.Yen(q.VoidedInitialFee))})
		}
		rows = append(rows, kvRow{sh.T("cancel.q.charge"), sh.T("cancel.q.nothing")})
		if q.Restores != "" {
			old, _ := cat.Plan(q.RestoresPlan)
			if q.Renewal != "" {
				rows = append(rows, kvRow{sh.T("cancel.q.renewal_void"), q.Renewal},
					kvRow{sh.T("cancel.q.restores"), sh.T("cancel.q.restores_renewal", sh.PlanName(old))})
			} else {
				rows = append(rows, kvRow{sh.T("cancel.q.change"), q.Change},
					kvRow{sh.T("cancel.q.restores"), sh.T("cancel.q.restores_value", sh.PlanName(old))})
			}
		}
		if q.WithdrawFrom.IsZero() {
			return rows // the plan given back still keeps the membership
		}
		return append(rows, kvRow{sh.T("cancel.q.withdraw_from"), sh.Date(q.WithdrawFrom.Time)})
	}
	rows = append(rows, kvRow{sh.T("cancel.q.kind"), sh.T("cancel.kind.cancel")},
		kvRow{sh.T("cancel.q.end"), sh.Date(q.End.Time)})
	if !q.PaidTermEnd.IsZero() {
		rows = append(rows, kvRow{sh.T("cancel.q.paid_term"), planTerm(sh, q.PaidTermStart.Time, q.PaidTermEnd.Time)},
			kvRow{sh.T("cancel.q.paid_fee"), planPrice(sh, core.CycleAnnual, q.PaidFee)})
	}
	switch {
	case q.RenewalWithdrawn != "" && q.RenewalFee > 0:
		rows = append(rows, kvRow{sh.T("cancel.q.renewal"), sh.T("cancel.q.renewal_withdrawn_fee", core.EscapeLine(q.RenewalWithdrawn),
			sh.Date(q.RenewalStopped.Time), sh.Yen(q.RenewalFee))})
	case q.RenewalWithdrawn != "":
		rows = append(rows, kvRow{sh.T("cancel.q.renewal"), sh.T("cancel.q.renewal_withdrawn", core.EscapeLine(q.RenewalWithdrawn),
			sh.Date(q.RenewalStopped.Time))})
	case !q.RenewalStopped.IsZero():
		rows = append(rows, kvRow{sh.T("cancel.q.renewal"), sh.T("cancel.q.renewal_value", sh.Date(q.RenewalStopped.Time), planPrice(sh, core.CycleAnnual, q.RenewalFee))})
	}
	if len(q.Billed) == 0 {
		rows = append(rows, kvRow{sh.T("cancel.q.billed"), sh.T("cancel.q.nothing_more")})
	}
	for i, m := range q.Billed {
		label := ""
		if i == 0 {
			label = sh.T("cancel.q.billed")
		}
		rows = append(rows, kvRow{label, sh.T("cancel.q.billed_value", planMonthText(sh, m.Month), sh.Yen(m.Amount), sh.T("cancel.billed."+m.Reason))})
	}
	for i, o := range q.Options {
		label := ""
		if i == 0 {
			label = sh.T("cancel.q.ends_with")
		}
		name := o.Option
		if opt, ok := cat.Option(o.Option); ok {
			name = sh.OptionName(opt)
		}
		rows = append(rows, kvRow{label, sh.T("cancel.q.ends_with_value", name, sh.Date(o.Until.Time))})
	}
	return append(rows, kvRow{sh.T("cancel.q.withdraw_from"), sh.Date(q.WithdrawFrom.Time)})
}

// notes are the sentences of the seeds that apply to this cancel.
func (s *planCancelScreen) notes(q core.PlanCancelQuote) []string {
	sh := s.sh
	if q.Kind == core.PlanCancelWithdraw {
		return []string{sh.T("cancel.note.withdraw")}
	}
	var out []string
	if q.Moved {
		out = append(out, sh.T("cancel.note.moved", sh.Date(q.DebitDeadline.Time), planMonthText(sh, q.DebitedOnceMore),
			sh.Date(q.End.Time), sh.Date(q.EndByDeadline.Time)))
	} else if q.Debit {
		out = append(out, sh.T("cancel.note.by_deadline", sh.Date(q.DebitDeadline.Time)))
	}
	if q.Lapsed {
		out = append(out, sh.T("cancel.note.lapsed"))
	}
	if q.Cycle == core.CycleMonthly && !q.Lapsed {
		out = append(out, sh.T("cancel.note.cancel_month"))
	}
	if len(q.Options) > 0 {
		out = append(out, sh.T("cancel.note.options"))
	}
	return append(out, sh.T("cancel.note.no_refund"))
}

// writeQuote writes the quote's figures and its notes.
func (s *planCancelScreen) writeQuote(b *strings.Builder, q core.PlanCancelQuote, width int) {
	sh := s.sh
	b.WriteString(kvTable(sh, s.quoteRows(q), width) + "\n\n")
	b.WriteString(sh.Section(sh.T("plan.notes")) + "\n")
	b.WriteString(sh.St.Warning.Render(sh.Notes(width, s.notes(q)...)) + "\n\n")
}

func (s *planCancelScreen) renderConfirm(b *strings.Builder, width int) (string, int) {
	sh := s.sh
	apply, lead := "cancel.button.cancel", "cancel.confirm_lead"
	if s.quote.Kind == core.PlanCancelWithdraw {
		apply, lead = "cancel.button.withdraw", "cancel.confirm_lead_withdraw"
	}
	if !s.Refused() { // a refused confirm has no button to press
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T(lead))) + "\n\n")
	}
	b.WriteString(sh.Section(sh.T("cancel.quote")) + "\n")
	s.writeQuote(b, s.quote, width)
	b.WriteString(s.ConfirmButtons(sh.T(apply), sh.T("button.back_to_input")))
	return b.String(), strings.Count(b.String(), "\n")
}

func (s *planCancelScreen) renderComplete(b *strings.Builder, width int) (string, int) {
	sh, r := s.sh, s.result
	done := "cancel.done"
	if r.Quote.Kind == core.PlanCancelWithdraw {
		done = "cancel.done_withdraw"
	}
	b.WriteString(sh.St.Success.Render(sh.Wrap(width, sh.T(done))) + "\n")
	if r.MailedTo != "" {
		b.WriteString(sh.Wrap(width, sh.T("notice."+string(r.Mailed), r.MailedTo)) + "\n") // the mail core sent
	}
	b.WriteString("\n" + kvTable(sh, []kvRow{
		{sh.T("plan.request"), r.Number},
		{sh.T("cancel.received_on"), sh.Date(r.At)},
	}, width) + "\n\n")
	b.WriteString(sh.Section(sh.T("common.details")) + "\n")
	s.writeQuote(b, r.Quote, width)
	b.WriteString(sh.Buttons(0, sh.T("button.to_contract")))
	return b.String(), strings.Count(b.String(), "\n")
}
