package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/table"
)

// statementScreen is one month's statement (SPEC §10): its items, the subtotal and
// consumption tax per rate, the total, how and when it is paid, and the fields of
// a qualified invoice. It has no cursor: ↑/↓, PgUp/PgDn and Home/End scroll the
// body (the App's viewport), which stops at the statement's end.
type statementScreen struct {
	sh *common.Common
	common.Size
	month  string
	st     core.Statement
	loaded bool
	err    string
}

type statementMsg struct {
	st  core.Statement
	err error
}

func newStatementScreen(sh *common.Common, month string) *statementScreen {
	return &statementScreen{sh: sh, month: month}
}

func (s *statementScreen) Init() tea.Cmd {
	sh, month := s.sh, s.month
	who := sh.HolderOrStepUp()
	return func() tea.Msg {
		m, err := core.ParseMonth(month)
		if err != nil {
			return statementMsg{err: core.ErrNotFound}
		}
		st, err := sh.Svc.Statement(who, m)
		return statementMsg{st: st, err: err}
	}
}

func (s *statementScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case statementMsg:
		if m.err != nil {
			var cmd tea.Cmd
			s.err, cmd = s.sh.Failure(m.err)
			return s, cmd
		}
		s.st, s.loaded = m.st, true
	case tea.KeyMsg:
		keys := s.sh.Keys
		switch {
		case key.Matches(m, keys.Enter):
			return s, open(routeStatements{})
		}
	}
	return s, nil
}

// FullHelp is the key help in one column.
func (s *statementScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *statementScreen) ShortHelp() []key.Binding {
	k := s.sh.Keys
	return []key.Binding{withHelp(k.Up, s.sh.T("key.scroll")), withHelp(k.Down, s.sh.T("key.scroll")), withHelp(k.Enter, s.sh.T("statement.key.list"))}
}

// View renders the body at the width SetSize gave.
func (s *statementScreen) View() string { return s.Show(s.render) }

func (s *statementScreen) render(width int) (string, int) {
	sh, st := s.sh, s.st
	var b strings.Builder
	b.WriteString(sh.Title(sh.T("statement.title", monthLabel(sh, s.month))) + "\n")
	if s.err != "" {
		b.WriteString(sh.St.Error.Render(sh.Wrap(width, s.err)) + "\n")
		return b.String(), -1
	}
	if !s.loaded {
		return b.String(), -1
	}
	if st.Closed {
		b.WriteString(sh.St.Success.Render(sh.T("statement.closed")) + "\n\n")
	} else {
		b.WriteString(sh.St.Warning.Render(sh.Wrap(width, sh.T("statement.estimate_note"))) + "\n\n")
	}
	b.WriteString(kvTable(sh, []kvRow{
		{sh.T("statement.recipient"), sh.T("statement.recipient_value", st.RecipientName())}, // 様 in Japanese only
		{sh.T("contract.number"), st.Number},
		{sh.T("statement.period"), sh.Date(st.PeriodFrom) + " - " + sh.Date(st.PeriodTo)},
		{sh.T("statement.issued"), sh.Date(st.IssuedAt)},
		{sh.T("statement.issuer"), st.Issuer.Name},
		{sh.T("statement.registration"), st.Issuer.RegistrationNumber},
	}, width) + "\n\n")
	b.WriteString(sh.Section(sh.T("statement.items")) + "\n")
	if len(st.Lines) == 0 {
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("statement.no_items"))) + "\n\n")
	}
	// Each line: what it is and its amount; under it, for whom (account ID)
	// and by which rule.
	items := table.New(table.Styles{},
		table.Column{Wrap: true, Min: 10},
		table.Column{Align: table.Right, Wrap: true, Keep: true, Min: 8})
	for _, l := range st.Lines {
		desc := s.lineName(l)
		// A plan line is named by its plan or option, and a credit says so: its
		// rule row says what it is (an annual fee, an initial fee, a free month).
		if k := sh.T("statement.kind." + l.Kind); k != "" && (!planRule(l.Rule) || l.Kind == core.LineCredit) {
			desc += " " + k
		}
		items.Add(core.EscapeLine(desc), sh.T("common.yen_plain", common.GroupDigits(l.Amount)))
		detail := ""
		if l.Account != "" {
			detail = l.Account + " "
		}
		if l.Rule != "" {
			detail += sh.T("statement.rule." + l.Rule)
		}
		if l.Period != "" && l.Period != st.Month {
			detail += " " + sh.T("statement.period_of", monthLabel(sh, l.Period))
		}
		if f := s.figures(l); f != "" {
			detail += sh.T("statement.figures_sep") + f
		}
		if detail != "" {
			items.AddStyled(sh.St.Muted, "  "+core.EscapeLine(detail))
		}
	}
	// The subtotals, the tax and the total follow in the same table, so that
	// their amounts stand right-aligned under the items' amounts.
	if len(items.Rows) > 0 {
		items.Add("", "")
	}
	for _, t := range st.Subtotals {
		items.Add(sh.T("statement.subtotal_excl", t.Rate), sh.T("common.yen_plain", common.GroupDigits(t.Base)))
		items.Add(sh.T("statement.tax", t.Rate), sh.T("common.yen_plain", common.GroupDigits(t.Tax)))
	}
	items.Add(sh.T("statement.total_incl"), sh.T("common.yen_plain", common.GroupDigits(st.Total)))
	b.WriteString(items.Render(width) + "\n\n")
	var rows []kvRow
	pay := sh.T("payment.kind." + st.Payment.Kind)
	if l := st.Payment.Text(func(t string) string { return bankType(sh, t) }); l != "" { // from its fields, in the session's language
		pay += " " + l
	}
	rows = append(rows, kvRow{sh.T("statement.payment"), pay})
	due := "statement.due"
	if st.Payment.Kind == "debit" {
		due = "statement.debit_date"
	}
	// Nothing to pay has no due date; a month carried into the first
	// auto-debit is paid on that debit's day, not by its own due date.
	if bl := st.Balance; bl == nil || bl.State != core.BalanceNone && bl.CarriedTo == "" {
		rows = append(rows, kvRow{sh.T(due), sh.Date(st.DueDate)})
	}
	if bl := st.Balance; bl != nil {
		state := "balance." + bl.State
		if bl.State == core.BalanceDue && st.Payment.Kind == core.PaymentDebit {
			state = "balance.due_debit"
		}
		text := sh.T(state)
		if bl.State == core.BalanceCarried && bl.CarriedTo != "" {
			text = sh.T("balance.carried_to", monthLabel(sh, bl.CarriedTo))
		}
		rows = append(rows, kvRow{sh.T("statement.collection"), text})
		// The first auto-debit collects the months used before it (seed 004):
		// it lists them and the sum it debits; a carried month names it.
		for _, cm := range bl.Carried {
			rows = append(rows, kvRow{sh.T("balance.carried_month"), monthLabel(sh, cm.Month) + " " + yenIncl(sh, cm.Amount)})
		}
		if len(bl.Carried) > 0 {
			rows = append(rows, kvRow{sh.T("balance.debit_amount"), yenIncl(sh, bl.DebitAmount)})
		}
		if bl.CarriedTo != "" && bl.State != core.BalanceCarried {
			rows = append(rows, kvRow{sh.T("balance.first_debit"), sh.T("balance.first_debit_value", monthLabel(sh, bl.CarriedTo))})
		}
		if c := st.Collection; bl.State == core.CollectionRetryPending && c != nil && c.RetryDate != nil {
			rows = append(rows, kvRow{sh.T("balance.retry_date"), sh.Date(*c.RetryDate)})
		}
		if bl.State != core.BalanceCard && bl.State != core.BalanceNone {
			rows = append(rows, kvRow{sh.T("balance.remaining"), yenIncl(sh, bl.Remaining)})
		}
	}
	b.WriteString(kvTable(sh, rows, width) + "\n\n")
	if bl := st.Balance; bl != nil && len(bl.Receipts) > 0 {
		b.WriteString(s.receipts(bl.Receipts, width) + "\n")
	}
	b.WriteString(sh.Notes(width, sh.T("statement.note_tax"), sh.T("statement.note_invoice")))
	return b.String(), -1
}

// receipts is the table of the payments received on the statement: the day each
// counts as received, the amount and how it was paid.
func (s *statementScreen) receipts(list []core.Receipt, width int) string {
	sh := s.sh
	var b strings.Builder
	b.WriteString(sh.Section(sh.T("balance.receipts")) + "\n")
	t := table.New(sh.TableStyles(),
		table.Column{Header: sh.T("balance.col.date"), Wrap: true, Min: 10},
		table.Column{Header: sh.T("balance.col.amount"), Align: table.Right, Wrap: true, Keep: true, Min: 8},
		table.Column{Header: sh.T("balance.col.method"), Wrap: true, Min: 8})
	for _, r := range list {
		t.Add(sh.Date(r.Date), yenIncl(sh, r.Amount), sh.T("payment.kind."+r.Method))
	}
	b.WriteString(t.Render(width) + "\n")
	return b.String()
}

// lineName names a statement line in the session's language: an option, a
// plan or a call service from the catalog, else the line's own description.
func (s *statementScreen) lineName(l core.StatementLine) string {
	sh, cat := s.sh, s.sh.Svc.Catalog()
	en := sh.Msg.Lang() == "en"
	if l.Kind == core.LineCalls {
		for _, c := range core.CallServices {
			if en && c.Code == l.Code {
				return c.NameEn + " calls"
			}
		}
		return l.Description
	}
	if planRule(l.Rule) {
		// The plan's lines other than its charge (its initial fee, a credit)
		// describe themselves in Japanese: the rule row words them instead.
		if p, ok := cat.Plan(l.Code); ok {
			if en && p.NameEn != "" {
				return p.NameEn
			}
			return p.Name
		}
	}
	if o, ok := cat.Option(l.Code); ok && en && o.NameEn != "" {
		return o.NameEn
	}
	return l.Description
}

// planRule reports whether a line's rule is one of a plan service's.
func planRule(rule string) bool {
	for _, r := range core.PlanLineRules {
		if r == rule {
			return true
		}
	}
	return false
}

// figures are what the subscriber needs to check a plan line, as core put
// them on the line: the initial fee waived; the whole credit of a change whose
// rest extends the term, and by how many months; an annual fee's term; an
// annual option's adjustment of the remaining days (seed 004 §2) and the
// term's new end. "" for other lines.
func (s *statementScreen) figures(l core.StatementLine) string {
	sh, f := s.sh, l.Plan
	if f == nil {
		return ""
	}
	switch l.Rule {
	case core.RulePlanCredit:
		if f.ExtendMonths == 0 {
			return "" // the whole credit is on the line
		}
		return sh.T("statement.figures.credit_extend", common.GroupDigits(f.Credit), f.ExtendMonths)
	case core.RulePlanWaived:
		if f.WaivedFee > 0 {
			return sh.T("statement.figures.waived", common.GroupDigits(f.WaivedFee))
		}
	case core.RulePlanAnnual, core.RulePlanOption:
		if !f.TermStart.IsZero() {
			return sh.T("statement.figures.term", sh.Date(f.TermStart.Time), sh.Date(f.TermEnd.Time))
		}
	case core.RulePlanAdjust:
		if a := f.Adjust; a != nil {
			return sh.T("statement.figures.adjust", a.DaysBefore, common.GroupDigits(a.OldFee), common.GroupDigits(a.NewFee),
				a.DaysAfter, sh.Date(a.NewEnd))
		}
	}
	return ""
}
