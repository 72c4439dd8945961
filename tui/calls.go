package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/table"
)

// callsScreen is a call-detail statement (GATE CALL / GATE CALL050 / UCOM光電話
// 通話明細照会): the calls of one month as the carrier reported them, a page of
// core.CallPageSize at a time; ←/→ change the month, PgDn/PgUp (n/p) the page.
type callsScreen struct {
	sh *common.Common
	common.Size
	service  string
	month    core.Month
	offset   int // the first call of the page asked for
	d        core.CallDetails
	loaded   bool
	err      string
	nextPage key.Binding
	prevPage key.Binding
}

type callsMsg struct {
	month  core.Month
	offset int
	d      core.CallDetails
	err    error
}

func newCallsScreen(sh *common.Common, service string) *callsScreen {
	return &callsScreen{sh: sh, service: service, month: core.MonthOf(sh.Svc.Now()),
		nextPage: key.NewBinding(key.WithKeys("pgdown", "n"), key.WithHelp("PgDn/n", sh.T("calls.key.next_page"))),
		prevPage: key.NewBinding(key.WithKeys("pgup", "p"), key.WithHelp("PgUp/p", sh.T("calls.key.prev_page")))}
}

func (s *callsScreen) Init() tea.Cmd {
	sh, service, month, offset := s.sh, s.service, s.month, s.offset
	who := sh.HolderOrStepUp()
	return func() tea.Msg {
		d, err := sh.Svc.CallStatementPage(who, service, month, offset)
		return callsMsg{month: month, offset: offset, d: d, err: err}
	}
}

// paged says whether the month has more calls than one page.
func (s *callsScreen) paged() bool { return s.loaded && s.d.Count > core.CallPageSize }

func (s *callsScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case callsMsg:
		if m.month != s.month || m.offset != s.offset {
			return s, nil // an answer for a month or a page no longer shown
		}
		if m.err != nil {
			var cmd tea.Cmd
			s.err, cmd = s.sh.Failure(m.err)
			return s, cmd
		}
		s.d, s.loaded, s.err = m.d, true, ""
		s.offset = m.d.Offset // the last page when the one asked for is past the end
	case tea.KeyMsg:
		keys := s.sh.Keys
		switch {
		case key.Matches(m, keys.Left):
			s.month, s.offset = s.month.Add(-1), 0
			return s, s.Init()
		case key.Matches(m, keys.Right):
			if s.month.Before(core.MonthOf(s.sh.Svc.Now())) {
				s.month, s.offset = s.month.Next(), 0
				return s, s.Init()
			}
		case key.Matches(m, s.nextPage):
			// From the page asked for, so that keys pressed before it came add up.
			if s.loaded && s.offset+core.CallPageSize < s.d.Count {
				s.offset += core.CallPageSize
				return s, s.Init()
			}
		case key.Matches(m, s.prevPage):
			if s.loaded && s.offset > 0 {
				s.offset = max(s.offset-core.CallPageSize, 0)
				return s, s.Init()
			}
		}
	}
	return s, nil
}

// FullHelp is the key help in one column.
func (s *callsScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *callsScreen) ShortHelp() []key.Binding {
	k := s.sh.Keys
	keys := []key.Binding{withHelp(k.Left, s.sh.T("calls.key.prev")), withHelp(k.Right, s.sh.T("calls.key.next"))}
	if s.paged() {
		keys = append(keys, s.nextPage, s.prevPage)
	}
	return keys
}

// View has no cursor (-1): ↑/↓ and Home/End scroll the page of calls in the body.
// View renders the body at the width SetSize gave.
func (s *callsScreen) View() string { return s.Show(s.render) }

func (s *callsScreen) render(width int) (string, int) {
	sh := s.sh
	var b strings.Builder
	b.WriteString(sh.Title(sh.T("calls.title."+s.service)) + "\n")
	if s.err != "" {
		b.WriteString(sh.St.Error.Render(sh.Wrap(width, s.err)) + "\n")
	}
	b.WriteString(sh.T("calls.month", monthLabel(sh, s.month.String())) + "\n\n")
	if !s.loaded {
		return b.String(), -1
	}
	if len(s.d.Calls) == 0 {
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("calls.none"))))
		return b.String(), -1
	}
	if s.paged() {
		b.WriteString(sh.N("calls.range", s.d.Count, s.d.Count, s.d.Offset+1, s.d.Offset+len(s.d.Calls)) + "\n")
	} else {
		b.WriteString(sh.N("calls.count", s.d.Count, s.d.Count) + "\n")
	}
	t := table.New(sh.TableStyles(),
		table.Column{Header: sh.T("calls.col.time"), Wrap: true, Keep: true, Min: 16}, // a date and its time on one line
		table.Column{Header: sh.T("calls.col.to"), Wrap: true, Min: 8},
		table.Column{Header: sh.T("calls.col.duration"), Align: table.Right, Wrap: true, Keep: true, Min: 6},
		table.Column{Header: sh.T("calls.col.amount"), Align: table.Right, Wrap: true, Keep: true, Min: 6})
	for _, c := range s.d.Calls {
		t.Add(c.StartedAt.In(core.JST).Format("2006/01/02 15:04"), core.EscapeLine(c.Destination),
			sh.T("calls.duration", c.Seconds/60, c.Seconds%60), sh.T("common.yen_plain", common.GroupDigits(c.Amount)))
	}
	b.WriteString(t.Render(width) + "\n")
	b.WriteString("\n" + kvTable(sh, []kvRow{{sh.T("calls.total"), sh.Yen(s.d.Total)}}, width))
	return b.String(), -1
}
