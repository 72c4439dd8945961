package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

// callsScreen is a call-detail statement (GATE CALL / GATE CALL050 / UCOM光電話
// 通話明細照会): the calls of one month as the carrier reported them; ←/→ change the month.
type callsScreen struct {
	sh      *shared
	service string
	month   core.Month
	d       core.CallDetails
	loaded  bool
	err     string
}

type callsMsg struct {
	month core.Month
	d     core.CallDetails
	err   error
}

func newCallsScreen(sh *shared, service string) *callsScreen {
	return &callsScreen{sh: sh, service: service, month: core.MonthOf(sh.svc.Now())}
}

func (s *callsScreen) Init() tea.Cmd {
	sh, service, month := s.sh, s.service, s.month
	who := sh.billingWho()
	return func() tea.Msg {
		d, err := sh.svc.CallStatement(who, service, month)
		return callsMsg{month: month, d: d, err: err}
	}
}

func (s *callsScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch m := msg.(type) {
	case callsMsg:
		if m.month != s.month {
			return s, nil // an answer for a month no longer shown
		}
		if m.err != nil {
			var cmd tea.Cmd
			s.err, cmd = s.sh.failure(m.err)
			return s, cmd
		}
		s.d, s.loaded, s.err = m.d, true, ""
	case tea.KeyMsg:
		keys := s.sh.keys
		switch {
		case key.Matches(m, keys.Left):
			s.month = s.month.Add(-1)
			return s, s.Init()
		case key.Matches(m, keys.Right):
			if s.month.Before(core.MonthOf(s.sh.svc.Now())) {
				s.month = s.month.Next()
				return s, s.Init()
			}
		}
	}
	return s, nil
}

func (s *callsScreen) Captures(tea.KeyMsg) bool { return false }

func (s *callsScreen) Keys() []key.Binding {
	k := s.sh.keys
	return []key.Binding{withHelp(k.Left, s.sh.T("calls.key.prev")), withHelp(k.Right, s.sh.T("calls.key.next"))}
}

func (s *callsScreen) View(width int) (string, int) {
	sh := s.sh
	var b strings.Builder
	b.WriteString(sh.title(sh.T("calls.title."+s.service)) + "\n")
	if s.err != "" {
		b.WriteString(sh.st.Error.Render(sh.wrap(width, s.err)) + "\n")
	}
	b.WriteString(sh.T("calls.month", sh.monthLabel(s.month.String())) + "\n\n")
	if !s.loaded {
		return b.String(), 0
	}
	if len(s.d.Calls) == 0 {
		b.WriteString(sh.st.Muted.Render(sh.wrap(width, sh.T("calls.none"))))
		return b.String(), 0
	}
	head := cell(sh.T("calls.col.time"), 17) + "  " + cell(sh.T("calls.col.to"), 16) + "  " +
		cellRight(sh.T("calls.col.duration"), 8) + "  " + cellRight(sh.T("calls.col.amount"), 8)
	b.WriteString(sh.st.TableHeader.Render(head) + "\n")
	for _, c := range s.d.Calls {
		dur := sh.T("calls.duration", c.Seconds/60, c.Seconds%60)
		b.WriteString(cell(c.StartedAt.In(core.JST).Format("2006/01/02 15:04"), 17) + "  " + cell(core.EscapeLine(c.Destination), 16) + "  " +
			cellRight(dur, 8) + "  " + cellRight(sh.T("common.yen_plain", groupDigits(c.Amount)), 8) + "\n")
	}
	b.WriteString("\n" + sh.kvTable([]kvRow{{sh.T("calls.total"), sh.yen(s.d.Total)}}, width))
	return b.String(), 0
}
