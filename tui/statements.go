package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/table"
)

// statementsScreen is "月額請求明細照会": the months, newest first, each opening
// its statement. The open month is a marked estimate.
type statementsScreen struct {
	sh *common.Common
	common.Size
	months []core.StatementSummary
	loaded bool
	cursor int
	err    string
}

type statementMonthsMsg struct {
	months []core.StatementSummary
	err    error
}

func newStatementsScreen(sh *common.Common) *statementsScreen { return &statementsScreen{sh: sh} }

func (s *statementsScreen) Init() tea.Cmd {
	sh := s.sh
	who := sh.HolderOrStepUp()
	return func() tea.Msg {
		m, err := sh.Svc.StatementMonths(who)
		return statementMonthsMsg{months: m, err: err}
	}
}

func (s *statementsScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case statementMonthsMsg:
		if m.err != nil {
			var cmd tea.Cmd
			s.err, cmd = s.sh.Failure(m.err)
			return s, cmd
		}
		s.months, s.loaded = m.months, true
	case tea.KeyMsg:
		keys := s.sh.Keys
		switch {
		case key.Matches(m, keys.Up):
			if s.cursor > 0 {
				s.cursor--
			}
		case key.Matches(m, keys.Down):
			if s.cursor < len(s.months)-1 {
				s.cursor++
			}
		case key.Matches(m, keys.Enter):
			if s.cursor < len(s.months) {
				return s, open(routeStatement{month: s.months[s.cursor].Month})
			}
		}
	}
	return s, nil
}

// FullHelp is the key help in one column.
func (s *statementsScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *statementsScreen) ShortHelp() []key.Binding {
	k := s.sh.Keys
	return []key.Binding{k.Up, k.Down, withHelp(k.Enter, s.sh.T("statements.key.open"))}
}

// View renders the body at the width SetSize gave.
func (s *statementsScreen) View() string { return s.Show(s.render) }

func (s *statementsScreen) render(width int) (string, int) {
	sh := s.sh
	var b strings.Builder
	b.WriteString(sh.Title(sh.T("statements.title")) + "\n")
	if s.err != "" {
		b.WriteString(sh.St.Error.Render(sh.Wrap(width, s.err)) + "\n")
	}
	b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("statements.lead"))) + "\n\n")
	if !s.loaded {
		return b.String(), 0
	}
	t := table.New(sh.TableStyles(),
		table.Column{Header: sh.T("statements.col.month"), Wrap: true, Min: 8},
		table.Column{Header: sh.T("statements.col.total"), Align: table.Right, Wrap: true, Keep: true, Min: 8},
		table.Column{Header: sh.T("statements.col.state"), Wrap: true, Min: 8})
	t.Selectable, t.Cursor = true, sh.CursorRow(s.cursor)
	for _, m := range s.months {
		// A closed month says where its payment stands (which implies it is closed),
		// in the list's short words where the statement's do not fit the column.
		state := sh.T("statement.closed")
		switch {
		case !m.Closed:
			state = sh.T("statement.estimate")
		case m.State == core.BalanceDue && m.Payment == core.PaymentDebit:
			state = sh.T("balance.due_debit") // the bank has not debited it yet
		case m.State != "" && sh.Msg.Has("statements.state."+m.State):
			state = sh.T("statements.state." + m.State)
		case m.State != "":
			state = sh.T("balance." + m.State)
		}
		t.Add(monthLabel(sh, m.Month), sh.T("common.yen_plain", common.GroupDigits(m.Total)), state)
	}
	focus := strings.Count(b.String(), "\n")
	lines, starts := t.Layout(width)
	if s.cursor < len(starts) {
		focus += starts[s.cursor]
	}
	b.WriteString(strings.Join(lines, "\n") + "\n")
	return b.String(), focus
}

// monthLabel shows YYYY-MM as 2026年11月分 / Nov 2026.
func monthLabel(sh *common.Common, month string) string {
	m, err := core.ParseMonth(month)
	if err != nil {
		return month
	}
	return sh.T("statement.month", m.Year, int(m.Month))
}

// yenIncl shows a tax-included amount.
func yenIncl(sh *common.Common, n int64) string {
	return sh.T("common.yen_incl", common.GroupDigits(n))
}
