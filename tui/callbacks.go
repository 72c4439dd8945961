package tui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/table"
)

// callbacksScreen is コールバック予約の確認・取消: the bookings the login
// made (SPEC §4.3 ○), the latest hour first, with their state; Enter
// on one still booked opens its cancel.
type callbacksScreen struct {
	sh *common.Common
	common.Size
	list   []core.Callback
	now    time.Time
	loaded bool
	cursor int
	err    string
	why    string // why Enter on the booking under the cursor does nothing
}

type callbacksMsg struct {
	list []core.Callback
	now  time.Time
	err  error
}

func newCallbacksScreen(sh *common.Common) *callbacksScreen { return &callbacksScreen{sh: sh} }

func (s *callbacksScreen) Init() tea.Cmd {
	sh := s.sh
	return func() tea.Msg {
		list, err := sh.Svc.Callbacks(sh.Who)
		return callbacksMsg{list: list, now: sh.Svc.Now(), err: err}
	}
}

func (s *callbacksScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case callbacksMsg:
		if m.err != nil {
			var cmd tea.Cmd
			s.err, cmd = s.sh.Failure(m.err)
			return s, cmd
		}
		s.list, s.now, s.loaded, s.err = m.list, m.now, true, ""
		s.cursor = min(s.cursor, max(len(s.list)-1, 0))
	case tea.KeyMsg:
		keys := s.sh.Keys
		switch {
		case key.Matches(m, keys.Up):
			s.cursor, s.why = max(s.cursor-1, 0), ""
		case key.Matches(m, keys.Down):
			s.cursor, s.why = min(s.cursor+1, max(len(s.list)-1, 0)), ""
		case key.Matches(m, keys.Enter) && s.cursor < len(s.list):
			c := s.list[s.cursor]
			if c.Upcoming(s.now) {
				return s, open(routeCallbackCancel{number: c.Number})
			}
			s.why = "callbacks.why." + callbackState(c, s.now)
		}
	}
	return s, nil
}

func (s *callbacksScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *callbacksScreen) ShortHelp() []key.Binding {
	k := s.sh.Keys
	if len(s.list) == 0 {
		return nil
	}
	// Enter cancels only a booking still to come: not offered on one ended or cancelled.
	if s.cursor < len(s.list) && s.list[s.cursor].Upcoming(s.now) {
		return []key.Binding{k.Up, k.Down, withHelp(k.Enter, s.sh.T("callbacks.key.cancel"))}
	}
	return []key.Binding{k.Up, k.Down}
}

// View renders the body at the width SetSize gave.
func (s *callbacksScreen) View() string { return s.Show(s.render) }

func (s *callbacksScreen) render(width int) (string, int) {
	sh := s.sh
	var b strings.Builder
	b.WriteString(sh.Title(sh.T("callbacks.title")) + "\n")
	if s.err != "" {
		b.WriteString(sh.St.Error.Render(sh.Wrap(width, s.err)) + "\n")
		return b.String(), -1
	}
	if !s.loaded {
		return b.String(), -1
	}
	if len(s.list) == 0 {
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("callbacks.none"))) + "\n\n")
		b.WriteString(sh.Wrap(width, sh.T("callbacks.new")) + "\n")
		return b.String(), -1
	}
	// Whose bookings, then what Enter does: each starts a line, so that no
	// word breaks where the two meet.
	b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("callbacks.who", callbacksLogin(sh)))+"\n"+sh.Wrap(width, sh.T("callbacks.lead"))) + "\n")
	if s.why != "" {
		b.WriteString(sh.St.Warning.Render(sh.Wrap(width, sh.T(s.why))) + "\n")
	}
	b.WriteString("\n")
	t := table.New(sh.TableStyles(),
		table.Column{Header: sh.T("callbacks.col.slot"), Wrap: true, Min: 10},
		// Below the row when it does not fit beside: a topic reads whole.
		table.Column{Header: sh.T("callbacks.col.topic"), Wrap: true, Below: true},
		table.Column{Header: sh.T("callbacks.col.state"), Keep: true, Min: 4})
	t.Selectable, t.Cursor = true, sh.CursorRow(s.cursor)
	for _, c := range s.list {
		t.Add(c.Number+"\n"+callbackSlotText(sh, c.Slot), callbackBookedTopic(sh, c), sh.T("callbacks.state."+callbackState(c, s.now)))
	}
	focus := strings.Count(b.String(), "\n")
	lines, starts := t.Layout(width)
	if s.cursor < len(starts) {
		focus += starts[s.cursor]
	}
	b.WriteString(strings.Join(lines, "\n") + "\n")
	return b.String(), focus
}

// callbacksLogin names the login whose bookings the list shows: each login
// sees the ones it made.
func callbacksLogin(sh *common.Common) string {
	if sh.Who.Kind == core.KindHolder {
		return sh.T("callbacks.by_holder", sh.Who.Contract)
	}
	return sh.T("callbacks.by_account", sh.Who.AccountID)
}

// callbackState is a booking's state in the list: booked, cancelled, or done
// once its hour has begun.
func callbackState(c core.Callback, now time.Time) string {
	switch {
	case c.State == core.CallbackCancelled:
		return "cancelled"
	case c.Upcoming(now):
		return "booked"
	}
	return "done"
}

// callbackBookedTopic is the topic of a booking as it was named when booked, escaped.
func callbackBookedTopic(sh *common.Common, c core.Callback) string {
	if sh.Msg.Lang() == "en" && c.TopicEn != "" {
		return core.EscapeLine(c.TopicEn)
	}
	return core.EscapeLine(c.TopicName)
}
