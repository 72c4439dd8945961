package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/flow"
	"mypage/tui/form"
)

// optionScreen is the "購入/確認/解約" page of one option (seed 003 §13–§22): the
// current state, price and description, then 購入する or 解約する → confirm → complete.
// Every option of the catalog uses it; what differs comes from the catalog and core.
type optionScreen struct {
	flow.Flow
	sh      *common.Common
	code    string
	account string // for account-scope options (security)
	view    core.OptionView
	action  core.OptionAction
	// cancelled is what the cancel of an annual option changed, as its confirm
	// step showed it, for the complete step.
	cancelled *core.AnnualCancel
}

type optionLoadedMsg struct {
	v   core.OptionView
	err error
}

func newOptionScreen(sh *common.Common, code, account string, back, finish tea.Cmd) *optionScreen {
	s := &optionScreen{sh: sh, Flow: flow.Flow{Common: sh, Cancel: back, Finish: finish}, code: code, account: account}
	s.Check = func() flow.Job {
		action, agree := s.chosen(), s.Form.Checked(core.FieldAgree)
		return func() (any, error) { return sh.Svc.CheckOption(sh.Who, code, account, action, agree) }
	}
	s.Submit = func(token string) flow.Job {
		action, shown := s.action, s.view.Annual
		return func() (any, error) {
			if action == core.ActionCancel {
				return sh.Svc.CancelOption(sh.Who, token, code, account)
			}
			// The adjustment the confirm step showed: core refuses it when it has moved.
			return sh.Svc.PurchaseOptionQuoted(sh.Who, token, code, account, shown)
		}
	}
	s.Checked = func(v any) {
		s.action = s.chosen()
		// The confirm step shows the figures of the check, not those of the
		// page as it opened (the day may have turned since).
		if fresh, ok := v.(core.OptionView); ok && fresh.Option.Code != "" {
			s.view = fresh
		}
	}
	s.Requote = func(e *core.QuoteChangedError) {
		if e.Annual != nil {
			s.view.Annual = e.Annual
		}
	}
	s.Saved = func(v any) {
		s.cancelled = s.view.AnnualCancel
		s.view, _ = v.(core.OptionView)
	}
	s.Reload = s.load
	return s
}

func (s *optionScreen) Init() tea.Cmd { return s.load() }

func (s *optionScreen) load() tea.Cmd {
	sh, code, account := s.sh, s.code, s.account
	return func() tea.Msg {
		v, err := sh.Svc.OptionStatus(sh.Who, code, account)
		return optionLoadedMsg{v: v, err: err}
	}
}

func (s *optionScreen) chosen() core.OptionAction {
	return core.OptionAction(s.Form.Value(core.FieldAction))
}

func (s *optionScreen) build() {
	sh, v := s.sh, s.view
	f := form.New(sh, sh.T("button.next"), sh.T("button.cancel"))
	action := core.ActionPurchase
	if v.CanCancel {
		action = core.ActionCancel
	}
	f.Choice(core.FieldAction, sh.T("option.action"), true, []form.Choice{
		{Value: string(core.ActionPurchase), Label: sh.T("option.action.purchase")}, {Value: string(core.ActionCancel), Label: sh.T("option.action.cancel")},
	}, string(action)).Selector = true // the same widget in both languages
	if !v.CanPurchase {
		f.Disable(core.FieldAction, string(core.ActionPurchase), sh.BlockText(v.PurchaseBlock, v.BlockOther))
	}
	if !v.CanCancel {
		f.Disable(core.FieldAction, string(core.ActionCancel), sh.BlockText(v.CancelBlock, ""))
	}
	f.Check(core.FieldAgree, sh.T("option.agree_label"), sh.T("option.agree"), false).Problems("option_agree")
	s.Form = f
}

func (s *optionScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(optionLoadedMsg); ok {
		return s, s.AfterLoad(m.err, func() { s.view = m.v; s.build() })
	}
	cmd, _ := s.Flow.Handle(msg)
	return s, cmd
}

// View renders the body at the width SetSize gave.
func (s *optionScreen) View() string { return s.Show(s.render) }

func (s *optionScreen) render(width int) (string, int) {
	sh, v := s.sh, s.view
	o := v.Option
	if o.Code == "" { // not read (yet): the catalog names it
		o, _ = sh.Svc.Catalog().Option(s.code)
	}
	name := sh.OptionName(o)
	title := sh.T("option.title", name)
	switch s.Step {
	case flow.Confirm:
		title = sh.T("option.title_confirm."+string(s.action), name)
	case flow.Complete:
		done := "purchase"
		if v.Mailed == core.NoticeOptionCancel {
			done = "cancel"
		}
		title = sh.T("option.title_done."+done, name)
	}
	var b strings.Builder
	if !s.Head(&b, title, width) {
		return b.String(), 0
	}
	top := strings.Count(b.String(), "\n")
	switch s.Step {
	case flow.Input:
		var head strings.Builder
		head.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("option.lead"))) + "\n\n")
		rows := []kvRow{}
		if s.account != "" {
			rows = append(rows, kvRow{sh.T("account.id"), s.account})
		}
		rows = append(rows, kvRow{sh.T("option.state"), optionState(sh, v)}, s.priceRow())
		if v.Phone != "" {
			hours := v.Hours
			if sh.Msg.Lang() == "en" && v.Option.HoursEn != "" {
				hours = v.Option.HoursEn
			}
			rows = append(rows, kvRow{sh.T("option.phone"), v.Phone + " " + hours})
		}
		if v.PIN != "" {
			rows = append(rows, kvRow{sh.T("option.pin"), v.PIN})
		}
		head.WriteString(kvTable(sh, rows, width) + "\n\n")
		if hint := s.paymentHint(); hint != "" {
			head.WriteString(sh.St.Warning.Render(sh.Wrap(width, hint)) + "\n\n")
		}
		// The form comes before the description, so that it is on screen at 80×24.
		body, focus := s.Form.View(width)
		b.WriteString(head.String() + body + "\n\n")
		b.WriteString(sh.Section(sh.T("option.description")) + "\n")
		b.WriteString(sh.Wrap(width, optionDescription(sh, v.Option)) + "\n")
		b.WriteString(sh.Notes(width, s.ruleNotes()...))
		return b.String(), top + strings.Count(head.String(), "\n") + focus
	case flow.Confirm:
		if !s.Refused() { // a refused confirm has no button to press
			b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("option.confirm_lead"))) + "\n\n")
		}
		b.WriteString(kvTable(sh, s.rows(), width) + "\n\n")
		b.WriteString(s.annualFormula(width))
		if s.action == core.ActionCancel && len(v.AlsoCancelled) > 0 {
			var names []string
			for _, o := range v.AlsoCancelled {
				names = append(names, sh.OptionName(o))
			}
			b.WriteString(sh.St.Warning.Render(sh.Wrap(width, sh.T("option.also_cancelled", strings.Join(names, sh.T("common.list_sep"))))) + "\n\n")
		}
		b.WriteString(s.ConfirmButtons(sh.T("button.decide"), sh.T("button.back_to_input")))
		return b.String(), strings.Count(b.String(), "\n")
	}
	b.WriteString(sh.St.Success.Render(sh.Wrap(width, sh.T("common.done"))) + "\n")
	if v.MailedTo != "" {
		b.WriteString(sh.Wrap(width, sh.T("notice."+string(v.Mailed), v.MailedTo)) + "\n") // the mail core sent
	}
	if s.action == core.ActionPurchase && v.PIN != "" {
		b.WriteString("\n" + sh.Section(sh.T("security.install")) + "\n")
		b.WriteString(kvTable(sh, []kvRow{{sh.T("option.pin"), v.PIN}, {sh.T("security.download"), v.Option.DownloadURL}}, width) + "\n")
	}
	b.WriteString("\n" + sh.Section(sh.T("common.details")) + "\n")
	b.WriteString(kvTable(sh, s.rows(), width) + "\n\n")
	b.WriteString(s.annualFormula(width))
	b.WriteString(sh.Buttons(0, sh.T("button.back")))
	return b.String(), strings.Count(b.String(), "\n")
}

// paymentHint says where to register a payment method when a purchase waits for
// one (SPEC §8): in the menu, 各種手続き → お支払い方法変更.
func (s *optionScreen) paymentHint() string {
	sh := s.sh
	where := []any{sh.T("menu.group.procedures"), sh.T("menu.payment")}
	block := s.view.PurchaseBlock
	switch {
	case block != core.BlockNoPayment && block != core.BlockPaymentPending:
		return ""
	case !core.Can(sh.Who, core.FnPayment): // a user ID cannot register one itself
		return sh.T("option.payment_where_holder", where...)
	case block == core.BlockPaymentPending:
		return sh.T("option.payment_pending", where...)
	}
	return sh.T("option.payment_where", where...)
}

// ruleNotes are the notes of the option's charge rule (seed 003, every option page).
func (s *optionScreen) ruleNotes() []string {
	sh, o := s.sh, s.view.Option
	if o.Rule == core.RuleAnnual {
		// Annual options follow the term of the 年会費制 plan (SPEC §11.2), not the month.
		return []string{sh.T("rule.annual.start"), sh.T("rule.annual.days"), sh.T("rule.annual.cancel"), sh.T("rule.no_undo")}
	}
	notes := []string{sh.T("rule." + o.Rule + ".start"), sh.T("rule.cancel_month"), sh.T("rule.no_proration"),
		sh.T("rule.no_undo"), sh.T("rule.repeat")}
	if o.ReapplyFee > 0 {
		notes = append(notes, sh.T("rule.reapply", common.GroupDigits(o.ReapplyFee)))
	}
	if o.AutoCancel {
		notes = append(notes, sh.T("rule.auto_cancel"))
	}
	if o.NotCancellableAlone {
		notes = append(notes, sh.T("rule.not_alone"))
	}
	if o.Exclusive != "" {
		notes = append(notes, sh.T("rule.exclusive"))
	}
	return notes
}

// rows are the confirm and complete tables.
func (s *optionScreen) rows() []kvRow {
	sh, v := s.sh, s.view
	var rows []kvRow
	if s.account != "" {
		rows = append(rows, kvRow{sh.T("account.id"), s.account})
	}
	rows = append(rows,
		kvRow{sh.T("option.name"), sh.OptionName(v.Option)},
		kvRow{sh.T("option.action"), sh.T("option.action." + string(s.action))},
		s.priceRow(),
	)
	if s.action == core.ActionPurchase && v.Fee > 0 && s.Step == flow.Confirm {
		rows = append(rows, kvRow{sh.T("option.fee"), sh.Yen(v.Fee)})
	}
	rows = append(rows, kvRow{sh.T("common.applied_on"), sh.Date(sh.Svc.Now())})
	if s.action == core.ActionPurchase && v.Option.Rule == "warranty" && s.Step != flow.Input { // confirm and complete
		rows = append(rows,
			kvRow{sh.T("warranty.exemption"), sh.T("warranty.until", sh.Date(v.ExemptionEnd))},
			kvRow{sh.T("warranty.cover"), sh.T("warranty.from", sh.Date(v.CoverStart))})
	}
	return append(rows, s.annualRows()...)
}

// priceRow is the option's price: a month's fee, or the annual fee an annual option adds.
func (s *optionScreen) priceRow() kvRow {
	sh, o := s.sh, s.view.Option
	if o.Rule == core.RuleAnnual {
		return kvRow{sh.T("option.annual"), planPrice(sh, core.CycleAnnual, o.Annual)}
	}
	return kvRow{sh.T("option.monthly"), sh.Yen(o.Monthly)}
}

// annualRows are what an annual option changes on the 年会費制 plan (SPEC §11.2,
// seed 004 §2), as core worked it out: on the confirm step of a purchase the
// remaining days before and after with the formula, the fee and the term end;
// on its complete step the adjustment made; for a cancel, the fee from the next
// renewal and no refund.
func (s *optionScreen) annualRows() []kvRow {
	sh, v := s.sh, s.view
	if v.Option.Rule != core.RuleAnnual || s.Step == flow.Input {
		return nil
	}
	if s.action == core.ActionCancel {
		c := v.AnnualCancel
		if s.Step == flow.Complete {
			c = s.cancelled
		}
		if c == nil {
			return nil
		}
		return []kvRow{
			{sh.T("annual.usable"), sh.T("annual.usable_until", sh.Date(c.UsableUntil.Time))},
			{sh.T("annual.next_fee"), sh.T("annual.change", sh.Yen(c.OldAnnualFee), sh.Yen(c.NewAnnualFee))},
			{sh.T("annual.from"), sh.T("annual.from_renewal", sh.Date(c.NextRenewal.Time))},
			{sh.T("annual.refund"), sh.T("annual.no_refund")},
		}
	}
	q := v.Annual
	if s.Step == flow.Complete {
		q = v.Adjusted
	}
	if q == nil {
		return nil
	}
	if q.Reinstate {
		// Bought back in the term it was cancelled in: it is still in force,
		// nothing moves and the next renewal bills it again.
		return []kvRow{
			{sh.T("annual.reinstate"), sh.T("annual.reinstate_text", sh.Date(q.OldTermEnd.Time))},
			{sh.T("annual.fee"), sh.Yen(q.NewAnnualFee)},
			{sh.T("annual.billed"), sh.T("annual.no_difference", sh.Date(q.NextRenewal.Time), sh.Yen(q.NewAnnualFee))},
		}
	}
	return []kvRow{
		{sh.T("annual.days_before"), sh.N("annual.days", q.DaysBefore, q.DaysBefore)},
		{sh.T("annual.days_after"), sh.N("annual.days", q.DaysAfter, q.DaysAfter)},
		{sh.T("annual.fee"), sh.T("annual.change", sh.Yen(q.OldAnnualFee), sh.Yen(q.NewAnnualFee))},
		{sh.T("annual.term_end"), sh.T("annual.change", sh.Date(q.OldTermEnd.Time), sh.Date(q.NewTermEnd.Time))},
		{sh.T("annual.billed"), sh.T("annual.no_difference", sh.Date(q.NextRenewal.Time), sh.Yen(q.NewAnnualFee))},
	}
}

// annualFormula is the formula of the new remaining days, across the body's
// width under its heading (seed 004 §2: 100日 × 24,000 ÷ 26,000 = 92.3 → 92日);
// "" where the step shows no adjustment.
func (s *optionScreen) annualFormula(width int) string {
	sh, v := s.sh, s.view
	q := v.Annual
	if s.Step == flow.Complete {
		q = v.Adjusted
	}
	if v.Option.Rule != core.RuleAnnual || s.action != core.ActionPurchase || s.Step == flow.Input || q == nil || q.Reinstate {
		return ""
	}
	f := sh.T("annual.formula", q.DaysBefore, common.GroupDigits(q.OldAnnualFee), common.GroupDigits(q.NewAnnualFee), q.Exact, q.DaysAfter)
	return sh.Section(sh.T("annual.formula_title")) + "\n" + sh.Wrap(width, f) + "\n" +
		sh.Notes(width, sh.T("annual.formula_words")) + "\n\n"
}

// optionState is the state of an option as its page and the lists show it; an
// annual option cancelled this term says until when it is in use.
func optionState(sh *common.Common, v core.OptionView) string {
	return optionStateIn(sh, v, "option.cancelling-term_until")
}

// optionStateShort is optionState in the few words of the contract info.
func optionStateShort(sh *common.Common, v core.OptionView) string {
	return optionStateIn(sh, v, "option.cancelling-term_short")
}

func optionStateIn(sh *common.Common, v core.OptionView, until string) string {
	if v.State == core.OptionCancellingTerm && v.UsableUntil != nil {
		return sh.T(until, sh.Date(*v.UsableUntil))
	}
	return sh.T("option." + string(v.State))
}

// optionDescription is the catalog text of an option in the session's language.
func optionDescription(sh *common.Common, o core.Option) string {
	if sh.Msg.Lang() == "en" && o.DescriptionEn != "" {
		return o.DescriptionEn
	}
	return o.Description
}
