package tui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
)

// bulletinScreen is one bulletin opened from its list: its kind, period and
// state, then its text, which scrolls when longer than the screen.
type bulletinScreen struct {
	sh *common.Common
	common.Size
	kind   core.BulletinKind
	number int
	b      core.Bulletin
	now    time.Time
	loaded bool
	found  bool
	err    string
}

func newBulletinScreen(sh *common.Common, kind core.BulletinKind, number int) *bulletinScreen {
	return &bulletinScreen{sh: sh, kind: kind, number: number}
}

func (s *bulletinScreen) Init() tea.Cmd { return loadBulletins(s.sh) }

func (s *bulletinScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case bulletinsMsg:
		if m.err != nil {
			var cmd tea.Cmd
			s.err, cmd = s.sh.Failure(m.err)
			return s, cmd
		}
		s.loaded, s.found, s.now = true, false, m.now
		for _, b := range m.list {
			if b.Number == s.number {
				s.b, s.found = b, true
			}
		}
	case tea.KeyMsg:
		if key.Matches(m, s.sh.Keys.Enter) {
			return s, open(routeBulletins{kind: s.kind})
		}
	}
	return s, nil
}

// FullHelp is the key help in one column.
func (s *bulletinScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *bulletinScreen) ShortHelp() []key.Binding {
	k := s.sh.Keys
	return []key.Binding{withHelp(k.Up, s.sh.T("key.scroll")), withHelp(k.Down, s.sh.T("key.scroll")),
		withHelp(k.Enter, s.sh.T("bulletin.key.list"))}
}

// View renders the body at the width SetSize gave.
func (s *bulletinScreen) View() string { return s.Show(s.render) }

func (s *bulletinScreen) render(width int) (string, int) {
	sh := s.sh
	var b strings.Builder
	if s.err != "" {
		b.WriteString(sh.Title(sh.T("bulletins.title."+string(s.kind))) + "\n")
		b.WriteString(sh.St.Error.Render(sh.Wrap(width, s.err)) + "\n")
		return b.String(), -1
	}
	if !s.loaded {
		return sh.Title(sh.T("bulletins.title."+string(s.kind))) + "\n", -1
	}
	if !s.found {
		b.WriteString(sh.Title(sh.T("bulletins.title."+string(s.kind))) + "\n")
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("bulletin.gone"))) + "\n")
		return b.String(), -1
	}
	x := s.b
	b.WriteString(sh.TitleIn(width, core.EscapeLine(bulletinTitle(sh, x))) + "\n")
	b.WriteString(kvTable(sh, []kvRow{
		{sh.T("bulletin.kind"), sh.T("bulletin.kind." + string(x.Kind))},
		{sh.T("bulletins.col.period"), bulletinPeriod(sh, x)},
		{sh.T("bulletins.col.state"), bulletinState(sh, x, s.now)},
		{sh.T("bulletin.posted"), bulletinTime(x.Posted)},
	}, width) + "\n\n")
	b.WriteString(sh.Wrap(width, x.BodyIn(string(sh.Msg.Lang()))) + "\n")
	return b.String(), -1
}
