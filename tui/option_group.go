package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/table"
)

// optionGroupScreen lists the options of one catalog group — the device warranty
// and its add-on, or the security products of an account ID — and opens the page
// of the one chosen. With status set it is "ご利用状況/ダウンロード": the PIN and
// download of each security product held.
type optionGroupScreen struct {
	sh *common.Common
	common.Size
	group   string
	account string
	status  bool
	views   []core.OptionView
	loaded  bool
	cursor  int
	err     string
	note    string // why the last key did nothing (e.g. this option cannot be cancelled)
}

type optionGroupMsg struct {
	views []core.OptionView
	err   error
}

func newOptionGroupScreen(sh *common.Common, group, account string, status bool) *optionGroupScreen {
	return &optionGroupScreen{sh: sh, group: group, account: account, status: status}
}

func (s *optionGroupScreen) Init() tea.Cmd {
	sh, group, account := s.sh, s.group, s.account
	return func() tea.Msg {
		v, err := sh.Svc.GroupOptions(sh.Who, group, account)
		return optionGroupMsg{views: v, err: err}
	}
}

// reopen is how an option page returns to this list.
func (s *optionGroupScreen) reopen() tea.Cmd {
	return open(routeOptionGroup{group: s.group, account: s.account, status: s.status})
}

func (s *optionGroupScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case optionGroupMsg:
		if m.err != nil {
			var cmd tea.Cmd
			s.err, cmd = s.sh.Failure(m.err)
			return s, cmd
		}
		s.views, s.loaded = m.views, true
	case tea.KeyMsg:
		keys := s.sh.Keys
		s.note = ""
		switch {
		case key.Matches(m, keys.Up):
			if s.cursor > 0 {
				s.cursor--
			}
		case key.Matches(m, keys.Down):
			if s.cursor < len(s.views)-1 {
				s.cursor++
			}
		case key.Matches(m, keys.Enter):
			if s.cursor < len(s.views) && !s.status {
				v := s.views[s.cursor]
				page := newOptionScreen(s.sh, v.Option.Code, s.account, s.reopen(), s.reopen())
				return page, page.Init()
			}
		case key.Matches(m, keys.Delete):
			if s.cursor >= len(s.views) || s.status {
				break
			}
			// The page of the option offers the cancel when core allows it; else core's reason shows here.
			v := s.views[s.cursor]
			if !v.CanCancel {
				s.note = s.sh.BlockText(v.CancelBlock, "")
				break
			}
			page := newOptionScreen(s.sh, v.Option.Code, s.account, s.reopen(), s.reopen())
			return page, page.Init()
		}
	}
	return s, nil
}

// Leave drops the note of this visit (common.Leaver).
func (s *optionGroupScreen) Leave() { s.note = "" }

// FullHelp is the key help in one column.
func (s *optionGroupScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *optionGroupScreen) ShortHelp() []key.Binding {
	k := s.sh.Keys
	if s.status {
		return []key.Binding{k.Up, k.Down}
	}
	return []key.Binding{k.Up, k.Down, withHelp(k.Enter, s.sh.T("group.key.open")), withHelp(k.Delete, s.sh.T("group.key.cancel"))}
}

// View renders the body at the width SetSize gave.
func (s *optionGroupScreen) View() string { return s.Show(s.render) }

func (s *optionGroupScreen) render(width int) (string, int) {
	sh := s.sh
	var b strings.Builder
	title := sh.T("group." + s.group)
	if s.status {
		title = sh.T("security.status_title")
	}
	b.WriteString(sh.Title(title) + "\n")
	if s.err != "" {
		b.WriteString(sh.St.Error.Render(sh.Wrap(width, s.err)) + "\n")
	}
	if s.note != "" {
		b.WriteString(sh.St.Warning.Render(sh.Wrap(width, s.note)) + "\n")
	}
	b.WriteString("\n")
	if !s.loaded {
		return b.String(), 0
	}
	if s.account != "" {
		b.WriteString(kvTable(sh, []kvRow{{sh.T("account.id"), s.account}}, width) + "\n\n")
	}
	lead := "group.lead"
	if s.status {
		lead = "security.status_lead"
	}
	b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T(lead))) + "\n\n")
	// One row per option; in the status view a purchased option's PIN and
	// download address follow it, indented.
	cols := []table.Column{{Wrap: true, Min: 10}, {Wrap: true, Min: 8}}
	if !s.status {
		cols = append(cols, table.Column{Align: table.Right, Wrap: true, Keep: true, Min: 8})
	}
	t := table.New(sh.TableStyles(), cols...)
	t.Selectable = true
	var rowOf []int // the table row of each option
	for i, v := range s.views {
		if i == s.cursor {
			t.Cursor = sh.CursorRow(len(t.Rows))
		}
		rowOf = append(rowOf, len(t.Rows))
		price := sh.Yen(v.Option.Monthly)
		if v.Option.Rule == core.RuleAnnual {
			price = sh.T("plan.price_short."+core.CycleAnnual, common.GroupDigits(v.Option.Annual)) // the note says: tax excluded
		}
		t.Add(sh.OptionName(v.Option), sh.T("option."+string(v.State)), price) // the page says until when
		if s.status && v.State != core.OptionNotPurchased {
			t.AddStyled(sh.St.Label, "  "+sh.T("option.pin"), core.EscapeLine(v.PIN))
			t.AddStyled(sh.St.Label, "  "+sh.T("security.download"), core.EscapeLine(v.Option.DownloadURL))
		}
	}
	focus := strings.Count(b.String(), "\n")
	lines, starts := t.Layout(width)
	if s.cursor < len(rowOf) {
		focus += starts[rowOf[s.cursor]]
	}
	b.WriteString(strings.Join(lines, "\n") + "\n")
	if !s.status {
		b.WriteString("\n" + sh.Notes(width, sh.T("group.note."+s.group)))
	}
	return b.String(), focus
}
