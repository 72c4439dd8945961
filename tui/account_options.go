package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/table"
)

// accountOptionsScreen is "アカウントIDオプション変更" (seed 003 §11 c, §15): every
// account ID the login may see, each opening (accordion) to its basic information,
// mail, web space and security options, with the procedures reached from there.
type accountOptionsScreen struct {
	sh *common.Common
	common.Size
	details []core.AccountDetail
	open    map[string]bool
	cursor  int
	loaded  bool
	err     string
	initial string
}

type accountDetailsMsg struct {
	d   []core.AccountDetail
	err error
}

func newAccountOptionsScreen(sh *common.Common, expand string) *accountOptionsScreen {
	return &accountOptionsScreen{sh: sh, open: map[string]bool{expand: expand != ""}, initial: expand}
}

func (s *accountOptionsScreen) Init() tea.Cmd {
	sh := s.sh
	return func() tea.Msg {
		d, err := sh.Svc.AccountDetails(sh.Who)
		return accountDetailsMsg{d: d, err: err}
	}
}

func (s *accountOptionsScreen) current() *core.AccountDetail {
	if s.cursor < len(s.details) {
		return &s.details[s.cursor]
	}
	return nil
}

// Account option keys, built per session like every binding.
func (s *accountOptionsScreen) actionKeys() (mail, forward, reply, web, security, status key.Binding) {
	sh := s.sh
	b := func(k, desc string) key.Binding { return key.NewBinding(key.WithKeys(k), key.WithHelp(k, sh.T(desc))) }
	return b("m", "detail.key.mail"), b("f", "detail.key.forward"), b("r", "detail.key.reply"),
		b("w", "detail.key.web"), b("s", "detail.key.security"), b("i", "detail.key.status")
}

func (s *accountOptionsScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	sh := s.sh
	switch m := msg.(type) {
	case accountDetailsMsg:
		if m.err != nil {
			var cmd tea.Cmd
			s.err, cmd = sh.Failure(m.err)
			return s, cmd
		}
		s.details, s.loaded = m.d, true
		for i, d := range s.details {
			if d.Account.ID == s.initial {
				s.cursor = i
			}
		}
		if len(s.details) == 1 {
			s.open[s.details[0].Account.ID] = true
		}
	case tea.KeyMsg:
		d := s.current()
		mail, forward, reply, web, security, status := s.actionKeys()
		keys := sh.Keys
		switch {
		case key.Matches(m, keys.Up):
			if s.cursor > 0 {
				s.cursor--
			}
		case key.Matches(m, keys.Down):
			if s.cursor < len(s.details)-1 {
				s.cursor++
			}
		case key.Matches(m, keys.Enter, keys.Space):
			if d != nil {
				s.open[d.Account.ID] = !s.open[d.Account.ID]
			}
		case d == nil:
		case key.Matches(m, mail) && d.CanMail:
			return s, open(routeMailAddress{account: d.Account.ID})
		case key.Matches(m, forward) && d.CanForward:
			return s, open(routeMailForward{account: d.Account.ID})
		case key.Matches(m, reply) && d.CanAutoReply:
			return s, open(routeAutoReply{account: d.Account.ID})
		case key.Matches(m, web) && d.CanWebSpace && d.WebSpaceFree:
			return s, open(routeWebSpace{account: d.Account.ID})
		case key.Matches(m, security) && d.CanSecurity:
			return s, open(routeOptionGroup{group: "security", account: d.Account.ID, status: false})
		case key.Matches(m, status) && d.CanSecurity:
			return s, open(routeOptionGroup{group: "security", account: d.Account.ID, status: true})
		}
	}
	return s, nil
}

// FullHelp is the key help in one column.
func (s *accountOptionsScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *accountOptionsScreen) ShortHelp() []key.Binding {
	k := s.sh.Keys
	keys := []key.Binding{k.Up, k.Down, withHelp(k.Enter, s.sh.T("detail.key.toggle"))}
	// The keys of the row under the cursor work whether it is open or closed.
	d := s.current()
	if d == nil {
		return keys
	}
	mail, forward, reply, web, security, status := s.actionKeys()
	if d.CanMail {
		keys = append(keys, mail)
	}
	if d.CanForward {
		keys = append(keys, forward)
	}
	if d.CanAutoReply {
		keys = append(keys, reply)
	}
	if d.CanWebSpace && d.WebSpaceFree {
		keys = append(keys, web)
	}
	if d.CanSecurity {
		keys = append(keys, security, status)
	}
	return keys
}

// View renders the body at the width SetSize gave.
func (s *accountOptionsScreen) View() string { return s.Show(s.render) }

func (s *accountOptionsScreen) render(width int) (string, int) {
	sh := s.sh
	var b strings.Builder
	b.WriteString(sh.Title(sh.T("detail.title")) + "\n")
	if s.err != "" {
		b.WriteString(sh.St.Error.Render(sh.Wrap(width, s.err)) + "\n")
	}
	b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("detail.lead"))) + "\n\n")
	if !s.loaded {
		return b.String(), 0
	}
	if len(s.details) == 0 {
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("accounts.none"))))
		return b.String(), 0
	}
	focus := 0
	for i, d := range s.details {
		a := d.Account
		mark := "[+]"
		if s.open[a.ID] {
			mark = "[-]"
		}
		// Each account ID is a row of a list, its details under it.
		t := table.New(sh.TableStyles(), table.Column{Wrap: true})
		t.Selectable = true
		if i == s.cursor {
			focus = strings.Count(b.String(), "\n")
			t.Cursor = sh.CursorRow(0)
		}
		b.WriteString(t.Add(mark+" "+core.EscapeLine(a.ID)).Render(width) + "\n")
		if s.open[a.ID] {
			b.WriteString(s.detail(d, width-2) + "\n")
		}
	}
	return b.String(), focus
}

// detail renders one opened account ID: the sections of seed 003 §15.
func (s *accountOptionsScreen) detail(d core.AccountDetail, width int) string {
	sh := s.sh
	a := d.Account
	none := sh.T("accounts.mail_none")
	orNone := func(v string) string {
		if v == "" {
			return none
		}
		return v
	}
	var b strings.Builder
	indent := func(t string) string {
		lines := strings.Split(t, "\n")
		for i := range lines {
			lines[i] = "  " + lines[i]
		}
		return strings.Join(lines, "\n")
	}
	b.WriteString(indent(sh.Section(sh.T("detail.basic"))) + "\n")
	b.WriteString(indent(kvTable(sh, []kvRow{
		{sh.T("account.name"), sh.T("account.name_value", a.LastName, a.FirstName)},
		{sh.T("account.kana"), sh.T("account.kana_value", a.LastKana, a.FirstKana)},
		{sh.T("account.user_name"), a.UserName},
		{sh.T("account.permission"), sh.T("perm." + string(a.Permission))},
	}, width)) + "\n")
	b.WriteString(indent(sh.Section(sh.T("detail.mail"))) + "\n")
	mailRows := []kvRow{{sh.T("accounts.col.mail"), orNone(a.Mail)}}
	if d.MailProvider {
		fwd := sh.T("detail.off")
		if d.Forward != nil {
			fwd = d.Forward.To
			if d.Forward.KeepCopy {
				fwd += " " + sh.T("detail.keep_copy")
			}
		}
		reply := sh.T("detail.off")
		if d.AutoReply != nil && d.AutoReply.On {
			reply = sh.T("detail.on")
		}
		mailRows = append(mailRows, kvRow{sh.T("detail.forward"), fwd}, kvRow{sh.T("detail.reply"), reply})
	}
	b.WriteString(indent(kvTable(sh, mailRows, width)) + "\n")
	b.WriteString(indent(sh.Section(sh.T("detail.web"))) + "\n")
	b.WriteString(indent(kvTable(sh, []kvRow{{sh.T("detail.homepage"), orNone(d.WebAddress)}}, width)) + "\n")
	if !d.MailProvider { // the note on a line of its own, under the address
		b.WriteString(indent(sh.St.Muted.Render(sh.Wrap(width, sh.T("detail.web_needs_mail")))) + "\n")
	}
	b.WriteString(indent(sh.Section(sh.T("detail.security"))) + "\n")
	var sec []kvRow
	for _, v := range d.Security {
		sec = append(sec, kvRow{sh.OptionName(v.Option), optionState(sh, v)})
	}
	b.WriteString(indent(kvTable(sh, sec, width)))
	return b.String()
}
