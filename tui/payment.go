package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/flow"
	"mypage/tui/form"
	"mypage/tui/table"
)

// paymentScreen is "お支払い方法変更" (seed 003 §23, SPEC §9.3–§9.4): the current
// method, and the three ways to pay, each opening its own input → confirm → complete.
type paymentScreen struct {
	sh *common.Common
	common.Size
	v      core.PaymentView
	loaded bool
	cursor int
	err    string
}

type paymentInfoMsg struct {
	v   core.PaymentView
	err error
}

var paymentKinds = []string{core.PaymentCard, core.PaymentDebit, core.PaymentTransfer}

func newPaymentScreen(sh *common.Common) *paymentScreen { return &paymentScreen{sh: sh} }

func (s *paymentScreen) Init() tea.Cmd {
	sh := s.sh
	return func() tea.Msg {
		v, err := sh.Svc.PaymentInfo(sh.Who)
		return paymentInfoMsg{v: v, err: err}
	}
}

func (s *paymentScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case paymentInfoMsg:
		if m.err != nil {
			var cmd tea.Cmd
			s.err, cmd = s.sh.Failure(m.err)
			return s, cmd
		}
		s.v, s.loaded = m.v, true
	case tea.KeyMsg:
		keys := s.sh.Keys
		switch {
		case key.Matches(m, keys.Up):
			s.cursor = max(s.cursor-1, 0)
		case key.Matches(m, keys.Down):
			s.cursor = min(s.cursor+1, len(paymentKinds)-1)
		case key.Matches(m, keys.Enter):
			kind := paymentKinds[s.cursor]
			if kind == core.PaymentDebit && !s.v.DebitAllowed {
				return s, nil
			}
			next := newPaymentFormScreen(s.sh, kind, s.v)
			return next, next.Init()
		}
	}
	return s, nil
}

// FullHelp is the key help in one column.
func (s *paymentScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *paymentScreen) ShortHelp() []key.Binding {
	k := s.sh.Keys
	return []key.Binding{k.Up, k.Down, withHelp(k.Enter, s.sh.T("payment.key.change"))}
}

// View renders the body at the width SetSize gave.
func (s *paymentScreen) View() string { return s.Show(s.render) }

func (s *paymentScreen) render(width int) (string, int) {
	sh, v := s.sh, s.v
	var b strings.Builder
	b.WriteString(sh.Title(sh.T("payment.title")) + "\n")
	if s.err != "" {
		b.WriteString(sh.St.Error.Render(sh.Wrap(width, s.err)) + "\n")
	}
	b.WriteString("\n")
	if !s.loaded {
		return b.String(), 0
	}
	b.WriteString(sh.Section(sh.T("payment.current")) + "\n")
	b.WriteString(kvTable(sh, paymentRows(sh, v), width) + "\n")
	if v.Pending {
		b.WriteString(sh.St.Warning.Render(sh.Wrap(width, sh.T("payment.pending_note"))) + "\n")
	}
	b.WriteString("\n" + sh.Section(sh.T("payment.change")) + "\n")
	t := table.New(sh.TableStyles(), table.Column{Wrap: true, Min: 10})
	t.Selectable, t.Cursor = true, sh.CursorRow(s.cursor)
	for _, kind := range paymentKinds {
		if kind == core.PaymentDebit && !v.DebitAllowed {
			t.AddStyled(sh.St.Muted, "(-) "+sh.T("payment.kind."+kind))
			continue
		}
		t.Add(sh.T("payment.kind." + kind))
	}
	focus := strings.Count(b.String(), "\n")
	lines, starts := t.Layout(width)
	if s.cursor < len(starts) {
		focus += starts[s.cursor]
	}
	b.WriteString(strings.Join(lines, "\n") + "\n")
	if !v.DebitAllowed {
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("payment.debit_minimum", common.GroupDigits(core.DebitMinimum), common.GroupDigits(v.ExpectedDebit)))) + "\n")
	}
	return b.String(), focus
}

// paymentRows describe a payment method, masked as core gives it.
// bankType is a bank account type of core (普通, 当座) in the session's language.
func bankType(sh *common.Common, t string) string {
	if k := "payment.account_type." + t; sh.Msg.Has(k) {
		return sh.T(k)
	}
	return t
}

func paymentRows(sh *common.Common, v core.PaymentView) []kvRow {
	rows := []kvRow{{sh.T("statement.payment"), sh.T("payment.kind." + orNoneKind(v.Kind))}}
	switch v.Kind {
	case core.PaymentCard:
		state := sh.T("payment.card_ok")
		if v.Pending {
			state = sh.T("payment.card_pending")
		}
		rows = append(rows, kvRow{sh.T("payment.brand"), v.Brand}, kvRow{sh.T("payment.number"), v.Masked},
			kvRow{sh.T("payment.expiry"), v.Expiry}, kvRow{sh.T("payment.holder"), v.Holder}, kvRow{sh.T("payment.review"), state})
	case core.PaymentDebit:
		rows = append(rows, kvRow{sh.T("payment.bank"), v.Bank + " " + v.Branch},
			kvRow{sh.T("payment.account"), bankType(sh, v.AccountType) + " " + v.AccountMasked}, kvRow{sh.T("payment.account_holder"), v.AccountHolder})
	case core.PaymentTransfer:
		p := v.Payee
		rows = append(rows, kvRow{sh.T("payment.payee"), p.Bank + " " + p.Branch + " " + bankType(sh, p.AccountType) + " " + p.AccountNumber},
			kvRow{sh.T("payment.payee_holder"), p.AccountHolder})
	}
	return rows
}

func orNoneKind(kind string) string {
	if kind == "" {
		return "none"
	}
	return kind
}

// paymentFormScreen is one way to pay: the card form, the auto-debit form, or
// bank transfer (which has nothing to enter and starts at its confirm step).
type paymentFormScreen struct {
	flow.Flow
	sh     *common.Common
	kind   string
	result core.PaymentView
}

func newPaymentFormScreen(sh *common.Common, kind string, cur core.PaymentView) *paymentFormScreen {
	back := open(routePayment{})
	s := &paymentFormScreen{sh: sh, Flow: flow.Flow{Common: sh, Cancel: back, Finish: back}, kind: kind, result: cur}
	keep := func(v any) { s.result, _ = v.(core.PaymentView) }
	s.Checked, s.Saved = keep, keep
	switch kind {
	case core.PaymentCard:
		f := form.New(sh, sh.T("button.next"), sh.T("button.cancel"))
		fl := f.Text(core.FieldCardNumber, sh.T("payment.number"), true, 23, "") // 19 digits and their separators
		fl.Hint = sh.T("payment.number_hint", strings.Join(core.CardBrands, ", "))
		f.Text(core.FieldCardExpiry, sh.T("payment.exp_month"), true, 2, "")
		f.Text(core.FieldCardExpiryYear, sh.T("payment.exp_year"), true, 4, "")
		fl = f.Text(core.FieldCardHolderFirst, sh.T("payment.holder_first"), true, core.TextLimit(core.FieldCardHolderFirst), "")
		fl.Hint = sh.T("payment.holder_hint")
		f.Text(core.FieldCardHolderLast, sh.T("payment.holder_last"), true, core.TextLimit(core.FieldCardHolderLast), "")
		f.Notes("", sh.T("payment.note_"+kind), sh.T("payment.note_security")) // read before the agreement
		f.Check(core.FieldAgree, sh.T("mail.agree_label"), sh.T("common.agree"), true)
		s.Form = f
		card := func() core.CardForm {
			return core.CardForm{Number: f.Value(core.FieldCardNumber), ExpMonth: f.Value(core.FieldCardExpiry), ExpYear: f.Value(core.FieldCardExpiryYear),
				HolderFirst: f.Value(core.FieldCardHolderFirst), HolderLast: f.Value(core.FieldCardHolderLast), Agree: f.Checked(core.FieldAgree)}
		}
		s.Check = func() flow.Job {
			in := card()
			return func() (any, error) { return sh.Svc.CheckCard(sh.Who, in) }
		}
		s.Submit = func(token string) flow.Job {
			in := card()
			return func() (any, error) { return sh.Svc.SetCard(sh.Who, token, in) }
		}
	case core.PaymentDebit:
		f := form.New(sh, sh.T("button.next"), sh.T("button.cancel"))
		f.Text(core.FieldDebitBank, sh.T("payment.bank_name"), true, core.TextLimit(core.FieldDebitBank), "")
		f.Text(core.FieldDebitBranch, sh.T("payment.branch_name"), true, core.TextLimit(core.FieldDebitBranch), "")
		var types []form.Choice
		for _, t := range core.BankAccountTypes {
			types = append(types, form.Choice{Value: t, Label: bankType(sh, t)})
		}
		f.Choice(core.FieldDebitAccountType, sh.T("payment.account_type"), true, types, core.BankAccountTypes[0]).Selector = true
		f.Text(core.FieldDebitAccountNumber, sh.T("payment.account_number"), true, 7, "")
		fl := f.Text(core.FieldDebitAccountHolder, sh.T("payment.account_holder"), true, core.TextLimit(core.FieldDebitAccountHolder), "")
		fl.Hint = sh.T("payment.account_holder_hint")
		f.Notes("", sh.T("payment.note_"+kind), sh.T("payment.note_security")) // read before the agreement
		f.Check(core.FieldAgree, sh.T("mail.agree_label"), sh.T("common.agree"), true)
		s.Form = f
		debit := func() core.DebitForm {
			return core.DebitForm{Bank: f.Value(core.FieldDebitBank), Branch: f.Value(core.FieldDebitBranch),
				AccountType: f.Value(core.FieldDebitAccountType), AccountNumber: f.Value(core.FieldDebitAccountNumber),
				AccountHolder: f.Value(core.FieldDebitAccountHolder), Agree: f.Checked(core.FieldAgree)}
		}
		s.Check = func() flow.Job {
			in := debit()
			return func() (any, error) { return sh.Svc.CheckDebit(sh.Who, in) }
		}
		s.Submit = func(token string) flow.Job {
			in := debit()
			return func() (any, error) { return sh.Svc.SetDebit(sh.Who, token, in) }
		}
	default:
		s.Submit = func(token string) flow.Job {
			return func() (any, error) { return sh.Svc.SetTransfer(sh.Who, token) }
		}
	}
	return s
}

func (s *paymentFormScreen) Init() tea.Cmd {
	if s.kind == core.PaymentTransfer {
		sh := s.sh
		return func() tea.Msg {
			v, err := sh.Svc.CheckTransfer(sh.Who)
			return paymentInfoMsg{v: v, err: err}
		}
	}
	return s.AfterLoad(nil, func() {})
}

func (s *paymentFormScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(paymentInfoMsg); ok {
		return s, s.AfterLoad(m.err, func() { s.result = m.v; s.StartAtConfirm(); s.Btn = 0 })
	}
	cmd, _ := s.Flow.Handle(msg)
	return s, cmd
}

// View renders the body at the width SetSize gave.
func (s *paymentFormScreen) View() string { return s.Show(s.render) }

func (s *paymentFormScreen) render(width int) (string, int) {
	sh := s.sh
	var b strings.Builder
	if !s.Head(&b, sh.T("payment.title_kind", sh.T("payment.kind."+s.kind))+" "+sh.T("step."+[]string{"input", "confirm", "complete"}[s.Step]), width) {
		return b.String(), 0
	}
	top := strings.Count(b.String(), "\n")
	switch s.Step {
	case flow.Input:
		body, focus := s.Form.View(width)
		b.WriteString(body)
		return b.String(), top + focus
	case flow.Confirm:
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("confirm.lead", sh.T("button.register")))) + "\n\n")
		b.WriteString(kvTable(sh, paymentRows(sh, s.result), width) + "\n")
		if s.result.Pending {
			b.WriteString(sh.St.Warning.Render(sh.Wrap(width, sh.T("payment.pending_note"))) + "\n")
		}
		back := sh.T("button.cancel")
		if s.Form != nil {
			back = sh.T("button.back_to_input")
		}
		b.WriteString("\n" + s.ConfirmButtons(sh.T("button.register"), back))
		return b.String(), strings.Count(b.String(), "\n")
	}
	b.WriteString(sh.St.Success.Render(sh.Wrap(width, sh.T("common.done"))) + "\n")
	if s.result.MailedTo != "" {
		b.WriteString(sh.Wrap(width, sh.T("notice."+string(s.result.Mailed), s.result.MailedTo)) + "\n") // the mail core sent
	}
	b.WriteString("\n" + kvTable(sh, paymentRows(sh, s.result), width) + "\n\n")
	b.WriteString(sh.Buttons(0, sh.T("button.back")))
	return b.String(), strings.Count(b.String(), "\n")
}
