package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"mypage/core"
)

// accountsScreen is "アカウントID管理" (seed 003 §8–§10): the list of account IDs
// with register, change and delete.
type accountsScreen struct {
	sh     *shared
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

func newAccountsScreen(sh *shared) *accountsScreen { return &accountsScreen{sh: sh} }

func (s *accountsScreen) Init() tea.Cmd {
	sh := s.sh
	return func() tea.Msg {
		l, err := sh.svc.ListAccounts(sh.who)
		return accountListMsg{list: l, err: err}
	}
}

func (s *accountsScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch m := msg.(type) {
	case accountListMsg:
		if m.err != nil {
			var cmd tea.Cmd
			s.err, cmd = s.sh.failure(m.err)
			return s, cmd
		}
		s.list, s.loaded = m.list, true
		if s.cursor >= len(s.list.Accounts) {
			s.cursor = 0
		}
	case tea.KeyMsg:
		keys := s.sh.keys
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
				return s, open(entryAccountForm, s.list.Accounts[s.cursor].ID)
			}
		case key.Matches(m, keys.New):
			if s.canRegister() {
				return s, open(entryAccountForm, "")
			}
		case key.Matches(m, s.mailKey()):
			if n > 0 && core.CanOn(s.sh.who, core.FnMailAddress, s.list.Accounts[s.cursor].ID) {
				return s, open(entryMailAddress, s.list.Accounts[s.cursor].ID)
			}
		case key.Matches(m, keys.Delete):
			if n == 0 {
				break
			}
			// Core says which account IDs the login may delete, and why not the others.
			if a := s.list.Accounts[s.cursor]; a.DeleteBlock != "" {
				s.note = s.sh.T("accounts.delete_block." + a.DeleteBlock)
			} else {
				return s, open(entryAccountDelete, a.ID)
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

func (s *accountsScreen) Captures(tea.KeyMsg) bool { return false }

func (s *accountsScreen) Keys() []key.Binding {
	k := s.sh.keys
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

func (s *accountsScreen) View(width int) (string, int) {
	sh := s.sh
	var b strings.Builder
	b.WriteString(sh.title(sh.T("accounts.title")) + "\n")
	lead := sh.T("accounts.lead_own")
	if s.list.CanRegister {
		lead = sh.T("accounts.lead")
	}
	b.WriteString(sh.st.Muted.Render(sh.wrap(width, lead)) + "\n\n")
	if s.note != "" {
		b.WriteString(sh.st.Warning.Render(sh.wrap(width, s.note)) + "\n\n")
	}
	if s.err != "" {
		b.WriteString(sh.st.Error.Render(sh.wrap(width, s.err)))
		return b.String(), 0
	}
	if !s.loaded {
		b.WriteString(sh.st.Muted.Render(sh.T("common.loading")))
		return b.String(), 0
	}
	if s.list.CanRegister {
		if s.list.Full {
			b.WriteString(sh.st.Warning.Render(sh.N("accounts.full", s.list.Limit, s.list.Limit)) + "\n\n")
		} else {
			b.WriteString(sh.buttons(-1, sh.T("accounts.new")) + sh.st.Muted.Render(" (n)") + "\n\n")
		}
	}
	if len(s.list.Accounts) == 0 {
		b.WriteString(sh.st.Muted.Render(sh.T("accounts.none")))
		return b.String(), 0
	}
	permW := max(lipgloss.Width(sh.T("perm.admin")), lipgloss.Width(sh.T("perm.user")))
	permHeader := sh.T("accounts.col.permission")
	// The ID column is as wide as the longest ID (IDs are 3–15 characters).
	idW := lipgloss.Width(sh.T("accounts.col.id"))
	for _, a := range s.list.Accounts {
		idW = max(idW, lipgloss.Width(a.ID))
	}
	idW = min(idW, 15)
	rest := width - markWidth - idW - permW - 6
	if w := lipgloss.Width(permHeader); w <= permW || rest-w+permW >= 24 {
		rest, permW = rest-max(w-permW, 0), max(permW, w)
	} else {
		permHeader = sh.T("accounts.col.permission_short")
	}
	// Mail addresses get the room they need before names, which keep at least
	// nameMin columns; whatever is still too long is cut with an ellipsis.
	mailW := max(rest*3/5, lipgloss.Width(sh.T("accounts.col.mail")))
	nameNeed := lipgloss.Width(sh.T("accounts.col.name"))
	for _, a := range s.list.Accounts {
		mailW = max(mailW, lipgloss.Width(core.EscapeLine(a.Mail)))
		nameNeed = max(nameNeed, lipgloss.Width(core.EscapeLine(a.LastName+" "+a.FirstName)))
	}
	const nameMin = 8
	mailW = min(mailW, rest-min(nameNeed, nameMin))
	nameW := rest - mailW
	row := func(cols ...string) string {
		ws := []int{idW, nameW, mailW, permW}
		var out []string
		for i, c := range cols {
			out = append(out, cell(core.EscapeLine(c), ws[i])) // stored names and addresses
		}
		return strings.Join(out, "  ")
	}
	b.WriteString(markNone + sh.st.TableHeader.Render(row(sh.T("accounts.col.id"), sh.T("accounts.col.name"),
		sh.T("accounts.col.mail"), permHeader)) + "\n")
	top := strings.Count(b.String(), "\n")
	for i, a := range s.list.Accounts {
		mail := a.Mail
		if mail == "" {
			mail = sh.T("accounts.mail_none")
		}
		line := row(a.ID, a.LastName+" "+a.FirstName, mail, sh.T("perm."+string(a.Permission)))
		line = sh.listRow(line, i == s.cursor, width)
		b.WriteString(line + "\n")
	}
	if s.list.CanRegister {
		b.WriteString("\n" + sh.st.Muted.Render(sh.N("accounts.count", s.list.Limit, len(s.list.Accounts), s.list.Limit)))
	}
	return b.String(), top + s.cursor
}

// cell cuts or pads s to exactly w columns (Japanese characters count two); a
// cut text ends with an ellipsis, so that it does not pass for the whole.
func cell(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = ansi.Truncate(s, w, "…")
	if pad := w - lipgloss.Width(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}
