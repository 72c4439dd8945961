package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/table"
)

// ticketsScreen is お問い合わせ履歴: the login's inquiries newest first with
// their number, day, state and service; Enter opens one. Which tickets a login
// sees is core's (each login those it wrote).
type ticketsScreen struct {
	sh *common.Common
	common.Size
	list   []core.Ticket
	loaded bool
	cursor int
	err    string
}

type ticketsMsg struct {
	list []core.Ticket
	err  error
}

func newTicketsScreen(sh *common.Common) *ticketsScreen { return &ticketsScreen{sh: sh} }

func (s *ticketsScreen) Init() tea.Cmd {
	sh := s.sh
	return func() tea.Msg {
		list, err := sh.Svc.Tickets(sh.Who)
		return ticketsMsg{list: list, err: err}
	}
}

func (s *ticketsScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case ticketsMsg:
		if m.err != nil {
			var cmd tea.Cmd
			s.err, cmd = s.sh.Failure(m.err)
			return s, cmd
		}
		s.list, s.loaded, s.err = m.list, true, ""
		s.cursor = min(s.cursor, max(len(s.list)-1, 0))
	case tea.KeyMsg:
		keys := s.sh.Keys
		switch {
		case key.Matches(m, keys.Up):
			if s.cursor > 0 {
				s.cursor--
			}
		case key.Matches(m, keys.Down):
			if s.cursor < len(s.list)-1 {
				s.cursor++
			}
		case key.Matches(m, keys.Enter):
			if s.cursor < len(s.list) {
				return s, open(routeTicket{number: s.list[s.cursor].Number})
			}
		}
	}
	return s, nil
}

// FullHelp is the key help in one column.
func (s *ticketsScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *ticketsScreen) ShortHelp() []key.Binding {
	k := s.sh.Keys
	if len(s.list) == 0 {
		return nil
	}
	return []key.Binding{k.Up, k.Down, withHelp(k.Enter, s.sh.T("tickets.key.open"))}
}

// View renders the body at the width SetSize gave.
func (s *ticketsScreen) View() string { return s.Show(s.render) }

func (s *ticketsScreen) render(width int) (string, int) {
	sh := s.sh
	var b strings.Builder
	b.WriteString(sh.Title(sh.T("tickets.title")) + "\n")
	if s.err != "" {
		b.WriteString(sh.St.Error.Render(sh.Wrap(width, s.err)) + "\n")
		return b.String(), -1
	}
	if !s.loaded {
		return b.String(), -1
	}
	if len(s.list) == 0 {
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("tickets.none"))) + "\n")
		return b.String(), -1
	}
	b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("tickets.lead"))) + "\n\n")
	// The service goes under its row when the four columns do not fit: a
	// service name is long (a connection's in English), the rest is short.
	t := table.New(sh.TableStyles(),
		table.Column{Header: sh.T("tickets.col.number"), Keep: true, Min: 10},
		table.Column{Header: sh.T("tickets.col.date"), Keep: true, Min: 10},
		table.Column{Header: sh.T("tickets.col.state"), Keep: true, Min: 4},
		table.Column{Header: sh.T("tickets.col.service"), Wrap: true, Below: true})
	t.Selectable, t.Cursor = true, sh.CursorRow(s.cursor)
	for _, x := range s.list {
		t.Add(x.Number, sh.Date(x.Created), sh.T("ticket.state."+string(x.State)), inquiryServiceName(sh, x.Service))
	}
	focus := strings.Count(b.String(), "\n")
	lines, starts := t.Layout(width)
	if s.cursor < len(starts) {
		focus += starts[s.cursor]
	}
	b.WriteString(strings.Join(lines, "\n") + "\n")
	return b.String(), focus
}
