package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
)

// infoScreen is an informational entry of the catalog: a partner page reached by
// logging in again with the customer number (ギガシネマ, クラブオフ), a service that
// comes with another (オンラインストレージ), or a procedure taken by phone or on paper.
type infoScreen struct {
	sh *common.Common
	common.Size
	page core.InfoPage
	// For 「インターネット回線の解約」: the cancellation once an operator has
	// recorded it (core.LineCancellation), and a failure to read it.
	line *core.LineCancel
	err  string
}

// infoLinePage is the page of the line's cancellation, taken by phone.
const infoLinePage = "line-cancel"

type lineLoadedMsg struct {
	line *core.LineCancel
	err  error
}

// infoWhere is, for a page that sends the subscriber elsewhere to buy what it
// needs, the function that buying takes and the menu entry that offers it:
// only a principal that can use it is sent there, the others are told to ask.
var infoWhere = map[string]struct {
	fn   core.Function
	menu string
}{
	"storage": {core.FnMailOption, "menu.mail_service"},
}

func newInfoScreen(sh *common.Common, code string) *infoScreen {
	s := &infoScreen{sh: sh}
	for _, p := range sh.Svc.Catalog().InfoPages {
		if p.Code == code {
			s.page = p
		}
	}
	return s
}

func (s *infoScreen) Init() tea.Cmd {
	if s.page.Code != infoLinePage {
		return nil
	}
	sh := s.sh
	return func() tea.Msg {
		lc, err := sh.Svc.LineCancellation(sh.Who)
		return lineLoadedMsg{line: lc, err: err}
	}
}

func (s *infoScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(lineLoadedMsg); ok {
		if m.err != nil {
			var cmd tea.Cmd
			s.err, cmd = s.sh.Failure(m.err)
			return s, cmd
		}
		s.line = m.line
	}
	return s, nil
}

// Passive: nothing to operate on the page.
func (s *infoScreen) Passive() {}

// FullHelp is the key help in one column.
func (s *infoScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *infoScreen) ShortHelp() []key.Binding { return nil }

// View renders the body at the width SetSize gave.
func (s *infoScreen) View() string { return s.Show(s.render) }

func (s *infoScreen) render(width int) (string, int) {
	sh, p := s.sh, s.page
	name, body := p.Name, p.Body
	if sh.Msg.Lang() == "en" {
		name, body = p.NameEn, p.BodyEn
	}
	if s.line != nil {
		// Recorded already: no call to make; the options end with the line.
		body = sh.T("info.line.recorded", sh.Date(s.line.Date))
	}
	var b strings.Builder
	b.WriteString(sh.Title(name) + "\n\n")
	if s.err != "" {
		b.WriteString(sh.St.Error.Render(sh.Wrap(width, s.err)) + "\n\n")
	}
	if fn, ok := infoWhere[p.Code]; ok {
		where := sh.T("info.where_holder." + p.Code)
		if core.Can(sh.Who, fn.fn) {
			where = sh.T("info.where."+p.Code, sh.T(fn.menu))
		}
		if sh.Msg.Lang() == "en" {
			where = " " + where // English sentences are set apart by a space
		}
		body += where
	}
	b.WriteString(sh.Wrap(width, body) + "\n\n")
	var rows []kvRow
	if p.URL != "" {
		rows = append(rows, kvRow{sh.T("info.url"), p.URL}, kvRow{sh.T("info.login_with"), sh.Who.Contract})
	}
	if p.By != "" {
		c := sh.Svc.Catalog().InformationCenter
		hours := c.Hours
		if sh.Msg.Lang() == "en" && c.HoursEn != "" {
			hours = c.HoursEn
		}
		name := c.Name
		if sh.Msg.Lang() == "en" && c.NameEn != "" {
			name = c.NameEn
		}
		rows = append(rows, kvRow{sh.T("info.by"), sh.T("info.by." + p.By)},
			kvRow{sh.T("info.center"), name}, kvRow{sh.T("info.phone"), c.Phone}, kvRow{sh.T("info.hours"), hours})
	}
	b.WriteString(kvTable(sh, rows, width))
	if p.URL != "" {
		b.WriteString("\n\n" + sh.Notes(width, sh.T("info.relogin")))
	}
	return b.String(), -1
}
