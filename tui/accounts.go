package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/table"
)

// accountsScreen is "アカウントID管理" (seed 003 §8–§10): the list of account IDs
// with register, change and delete.
type accountsScreen struct {
	sh *common.Common
	common.Size
	list   core.AccountList
	loaded bool
	cursor int
	err    string
	note   string // why the last key did nothing (e.g. this ID cannot be deleted)
}

type accountListMsg struct {
	list core.AccountList
	err  error
}

func newAccountsScreen(sh *common.Common) *accountsScreen { return &accountsScreen{sh: sh} }

func (s *accountsScreen) Init() tea.Cmd {
	sh := s.sh
	return func() tea.Msg {
		l, err := sh.Svc.ListAccounts(sh.Who)
		return accountListMsg{list: l, err: err}
	}
}

func (s *accountsScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case accountListMsg:
		if m.err != nil {
			var cmd tea.Cmd
			s.err, cmd = s.sh.Failure(m.err)
			return s, cmd
		}
		s.list, s.loaded = m.list, true
		if s.cursor >= len(s.list.Accounts) {
			s.cursor = 0
		}
	case tea.KeyMsg:
		keys := s.sh.Keys
		n := len(s.list.Accounts)
		s.note = ""
		switch {
		case key.Matches(m, keys.Up):
			if s.cursor > 0 {
				s.cursor--
			}
		case key.Matches(m, keys.Down):
			if s.cursor < n-1 {
				s.cursor++
			}
		case key.Matches(m, keys.Enter):
			if n > 0 {
				return s, open(routeAccountForm{id: s.list.Accounts[s.cursor].ID})
			}
		case key.Matches(m, keys.New):
			if s.canRegister() {
				return s, open(routeAccountForm{id: ""})
			}
		case key.Matches(m, s.mailKey()):
			if n > 0 && core.CanOn(s.sh.Who, core.FnMailAddress, s.list.Accounts[s.cursor].ID) {
				return s, open(routeMailAddress{account: s.list.Accounts[s.cursor].ID})
			}
		case key.Matches(m, keys.Delete):
			if n == 0 {
				break
			}
			// Core says which account IDs the login may delete, and why not the others.
			if a := s.list.Accounts[s.cursor]; a.DeleteBlock != "" {
				s.note = s.sh.T("accounts.delete_block." + a.DeleteBlock)
			} else {
				return s, open(routeAccountDelete{id: a.ID})
			}
		}
	}
	return s, nil
}

// mailKey opens メールアドレス登録/変更 of the selected row (the mail column of seed 003 §11 b).
func (s *accountsScreen) mailKey() key.Binding {
	return key.NewBinding(key.WithKeys("m"), key.WithHelp("m", s.sh.T("accounts.key.mail")))
}

func (s *accountsScreen) canRegister() bool { return s.list.CanRegister && !s.list.Full }

// Leave drops the note of this visit (common.Leaver).
func (s *accountsScreen) Leave() { s.note = "" }

// FullHelp is the key help in one column.
func (s *accountsScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *accountsScreen) ShortHelp() []key.Binding {
	k := s.sh.Keys
	keys := []key.Binding{k.Up, k.Down}
	if len(s.list.Accounts) > 0 {
		keys = append(keys, withHelp(k.Enter, s.sh.T("accounts.key.change")), s.mailKey())
	}
	if s.canRegister() {
		keys = append(keys, withHelp(k.New, s.sh.T("accounts.key.new")))
	}
	if s.list.CanRegister && len(s.list.Accounts) > 0 {
		keys = append(keys, withHelp(k.Delete, s.sh.T("accounts.key.delete")))
	}
	return keys
}

// withHelp returns a copy of a binding with a screen-specific description.
func withHelp(b key.Binding, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(b.Keys()...), key.WithHelp(b.Help().Key, desc))
}

// View renders the body at the width SetSize gave.
func (s *accountsScreen) View() string { return s.Show(s.render) }

func (s *accountsScreen) render(width int) (string, int) {
	sh := s.sh
	var b strings.Builder
	b.WriteString(sh.Title(sh.T("accounts.title")) + "\n")
	lead := sh.T("accounts.lead_own")
	if s.list.CanRegister {
		lead = sh.T("accounts.lead")
	}
	b.WriteString(sh.St.Muted.Render(sh.Wrap(width, lead)) + "\n\n")
	if s.note != "" {
		b.WriteString(sh.St.Warning.Render(sh.Wrap(width, s.note)) + "\n\n")
	}
	if s.err != "" {
		b.WriteString(sh.St.Error.Render(sh.Wrap(width, s.err)))
		return b.String(), 0
	}
	if !s.loaded {
		b.WriteString(sh.St.Muted.Render(sh.T("common.loading")))
		return b.String(), 0
	}
	if s.list.CanRegister {
		if s.list.Full {
			b.WriteString(sh.St.Warning.Render(sh.Wrap(width, sh.N("accounts.full", s.list.Limit, s.list.Limit))) + "\n\n")
		} else {
			b.WriteString(sh.Buttons(-1, sh.T("accounts.new")) + sh.St.Muted.Render(" (n)") + "\n\n")
		}
	}
	if len(s.list.Accounts) == 0 {
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("accounts.none"))))
		return b.String(), 0
	}
	// The permission header gives way to its short form where it is wider
	// than the permissions themselves and the body is narrow.
	permHeader := sh.T("accounts.col.permission")
	permW := max(lipgloss.Width(sh.T("perm.admin")), lipgloss.Width(sh.T("perm.user")))
	if lipgloss.Width(permHeader) > permW && width < 100 {
		permHeader = sh.T("accounts.col.permission_short")
	}
	// Names and mail addresses are broken onto more lines before anything is cut.
	t := table.New(sh.TableStyles(),
		table.Column{Header: sh.T("accounts.col.id"), Wrap: true, Min: 8},
		table.Column{Header: sh.T("accounts.col.name"), Wrap: true, Min: 8},
		table.Column{Header: sh.T("accounts.col.mail"), Wrap: true, Min: 12, Below: true},
		table.Column{Header: permHeader, Wrap: true, Min: permW})
	t.Selectable, t.Cursor = true, sh.CursorRow(s.cursor)
	for _, a := range s.list.Accounts {
		mail := core.EscapeLine(a.Mail) // stored names and addresses
		if mail == "" {
			mail = sh.T("accounts.mail_none")
		}
		t.Add(core.EscapeLine(a.ID), core.EscapeLine(a.LastName+" "+a.FirstName), mail, sh.T("perm."+string(a.Permission)))
	}
	top := strings.Count(b.String(), "\n")
	lines, starts := t.Layout(width)
	b.WriteString(strings.Join(lines, "\n") + "\n")
	if s.list.CanRegister {
		b.WriteString("\n" + sh.St.Muted.Render(sh.Wrap(width, sh.N("accounts.count", s.list.Limit, len(s.list.Accounts), s.list.Limit))))
	}
	focus := top
	if s.cursor < len(starts) {
		focus += starts[s.cursor]
	}
	return b.String(), focus
}
