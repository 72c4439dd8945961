package tui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
)

// ticketScreen is one inquiry opened from the history: its number, day,
// service and state, the environment given, the content, then the answers,
// each with its time. Everything typed is shown escaped and wrapped; a long
// one scrolls in the body.
type ticketScreen struct {
	sh *common.Common
	common.Size
	number string
	t      core.Ticket
	loaded bool
	found  bool
	err    string
}

type ticketMsg struct {
	t   core.Ticket
	err error
}

func newTicketScreen(sh *common.Common, number string) *ticketScreen {
	return &ticketScreen{sh: sh, number: number}
}

func (s *ticketScreen) Init() tea.Cmd {
	sh, number := s.sh, s.number
	return func() tea.Msg {
		t, err := sh.Svc.Ticket(sh.Who, number)
		return ticketMsg{t: t, err: err}
	}
}

func (s *ticketScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case ticketMsg:
		s.loaded = true
		switch {
		case m.err == nil:
			s.t, s.found = m.t, true
		case !errors.Is(m.err, core.ErrNotFound):
			var cmd tea.Cmd
			s.err, cmd = s.sh.Failure(m.err)
			return s, cmd
		}
	case tea.KeyMsg:
		if key.Matches(m, s.sh.Keys.Enter) {
			return s, open(routeTickets{})
		}
	}
	return s, nil
}

// FullHelp is the key help in one column.
func (s *ticketScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *ticketScreen) ShortHelp() []key.Binding {
	k := s.sh.Keys
	return []key.Binding{withHelp(k.Up, s.sh.T("key.scroll")), withHelp(k.Down, s.sh.T("key.scroll")),
		withHelp(k.Enter, s.sh.T("ticket.key.list"))}
}

// View renders the body at the width SetSize gave.
func (s *ticketScreen) View() string { return s.Show(s.render) }

func (s *ticketScreen) render(width int) (string, int) {
	sh := s.sh
	var b strings.Builder
	switch {
	case s.err != "":
		b.WriteString(sh.Title(sh.T("tickets.title")) + "\n")
		b.WriteString(sh.St.Error.Render(sh.Wrap(width, s.err)) + "\n")
		return b.String(), -1
	case !s.loaded:
		return sh.Title(sh.T("tickets.title")) + "\n", -1
	case !s.found:
		b.WriteString(sh.Title(sh.T("tickets.title")) + "\n")
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("ticket.gone"))) + "\n")
		return b.String(), -1
	}
	t := s.t
	b.WriteString(sh.TitleIn(width, sh.T("ticket.title", t.Number)) + "\n")
	by := sh.T("ticket.by_holder")
	if t.Account != "" {
		by = core.EscapeLine(t.Account)
	}
	state := sh.T("ticket.state." + string(t.State))
	if t.Closed != nil {
		state += " (" + sh.T("ticket.closed_on", sh.Date(*t.Closed)) + ")"
	}
	rows := []kvRow{
		{sh.T("tickets.col.state"), state},
		{sh.T("inquiry.date"), ticketTime(t.Created)},
		{sh.T("inquiry.service"), inquiryServiceName(sh, t.Service)},
		{sh.T("ticket.by"), by},
	}
	for _, e := range []struct{ label, v string }{{"inquiry.os", t.Env.OS}, {"inquiry.browser", t.Env.Browser},
		{"inquiry.connection", t.Env.Connection}, {"inquiry.env_note", t.Env.Note}} {
		if e.v != "" {
			rows = append(rows, kvRow{sh.T(e.label), core.EscapeLine(e.v)})
		}
	}
	b.WriteString(kvTable(sh, rows, width) + "\n\n")
	b.WriteString(sh.Section(sh.T("inquiry.content")) + "\n")
	b.WriteString(sh.Wrap(width, t.Content) + "\n\n")
	b.WriteString(sh.Section(sh.T("ticket.answers")) + "\n")
	if len(t.Answers) == 0 {
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("ticket.no_answer"))) + "\n")
	}
	for i, a := range t.Answers {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(sh.St.Muted.Render(sh.T("ticket.answer_at", ticketTime(a.At))) + "\n")
		b.WriteString(sh.Wrap(width, a.Text) + "\n")
	}
	return b.String(), -1
}
