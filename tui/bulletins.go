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

// bulletinsScreen is 障害情報 or メンテナンス情報: the bulletins of one kind,
// newest first, with their period and state; Enter opens one.
type bulletinsScreen struct {
	sh *common.Common
	common.Size
	kind   core.BulletinKind
	list   []core.Bulletin
	now    time.Time
	loaded bool
	cursor int
	err    string
}

func newBulletinsScreen(sh *common.Common, kind core.BulletinKind) *bulletinsScreen {
	return &bulletinsScreen{sh: sh, kind: kind}
}

func (s *bulletinsScreen) Init() tea.Cmd { return loadBulletins(s.sh) }

func (s *bulletinsScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case bulletinsMsg:
		// Also the App's read after a change: the open list follows it.
		if m.err != nil {
			var cmd tea.Cmd
			s.err, cmd = s.sh.Failure(m.err)
			return s, cmd
		}
		s.list, s.now, s.loaded, s.err = ofKind(m.list, s.kind), m.now, true, ""
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
				return s, open(routeBulletin{kind: s.kind, number: s.list[s.cursor].Number})
			}
		}
	}
	return s, nil
}

func ofKind(list []core.Bulletin, kind core.BulletinKind) []core.Bulletin {
	var out []core.Bulletin
	for _, b := range list {
		if b.Kind == kind {
			out = append(out, b)
		}
	}
	return out
}

// FullHelp is the key help in one column.
func (s *bulletinsScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *bulletinsScreen) ShortHelp() []key.Binding {
	k := s.sh.Keys
	if len(s.list) == 0 {
		return nil
	}
	return []key.Binding{k.Up, k.Down, withHelp(k.Enter, s.sh.T("bulletins.key.open"))}
}

// View renders the body at the width SetSize gave.
func (s *bulletinsScreen) View() string { return s.Show(s.render) }

func (s *bulletinsScreen) render(width int) (string, int) {
	sh := s.sh
	var b strings.Builder
	b.WriteString(sh.Title(sh.T("bulletins.title."+string(s.kind))) + "\n")
	if s.err != "" {
		b.WriteString(sh.St.Error.Render(sh.Wrap(width, s.err)) + "\n")
		return b.String(), -1
	}
	if !s.loaded {
		return b.String(), -1
	}
	if len(s.list) == 0 {
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("bulletins.none."+string(s.kind)))) + "\n")
		return b.String(), -1
	}
	b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("bulletins.lead"))) + "\n\n")
	t := table.New(sh.TableStyles(),
		table.Column{Header: sh.T("bulletins.col.title"), Wrap: true, Min: 10},
		table.Column{Header: sh.T("bulletins.col.period"), Wrap: true, Min: 10},
		table.Column{Header: sh.T("bulletins.col.state"), Keep: true, Min: 4})
	t.Selectable, t.Cursor = true, sh.CursorRow(s.cursor)
	for _, x := range s.list {
		t.Add(core.EscapeLine(bulletinTitle(sh, x)), bulletinPeriod(sh, x), bulletinState(sh, x, s.now))
	}
	focus := strings.Count(b.String(), "\n")
	lines, starts := t.Layout(width)
	if s.cursor < len(starts) {
		focus += starts[s.cursor]
	}
	b.WriteString(strings.Join(lines, "\n") + "\n")
	return b.String(), focus
}
