package tui

import (
	"log/slog"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/i18n"
	"mypage/tui/styles"
)

// Common is what every screen of one session uses: the service, the session's
// styles and messages, and who is logged in. One per program, never global.
type Common struct {
	Svc    *core.Service
	St     styles.Styles
	Msg    *i18n.Messages
	Keys   keyMap
	Source string
	Who    core.Principal
	Header HeaderInfo
	Gate   func() bool
	Log    *slog.Logger
	// MenuFocus is set while the sidebar has the focus: the body then shows no
	// focus marker, so that only one thing on the screen carries one.
	MenuFocus bool
	// Stepped is the step-up principal an admin ID obtained by re-entering the
	// customer number and password, for billing statements only (SPEC §4.1).
	Stepped core.Principal
	// StepUpEnded is set when core said the step-up has ended, so that the
	// step-up screen says why it asks again.
	StepUpEnded bool
}

// BillingWho is the principal that reads billing statements: the holder, or an
// admin ID's step-up. Core refuses anyone else.
func (sh *Common) BillingWho() core.Principal {
	if sh.Who.Kind == core.KindAccount && sh.Stepped.Kind == core.KindStepUp {
		return sh.Stepped
	}
	return sh.Who
}

// NeedsStepUp reports whether the billing screens must first ask for the customer number.
func (sh *Common) NeedsStepUp() bool {
	return sh.Who.Kind == core.KindAccount && sh.Who.Permission == core.PermAdmin && sh.Stepped.Kind != core.KindStepUp
}

// HeaderInfo is what the header shows once logged in.
type HeaderInfo struct {
	ContractType string
	Number       string
	Account      string
	Permission   core.Permission
}

// T is a shortcut for the session's message catalog. Text arguments are stored
// text (names, addresses, catalog names) and are shown escaped (core.Escape).
func (sh *Common) T(key string, args ...any) string {
	if len(args) == 0 {
		return sh.Msg.T(key)
	}
	return sh.Msg.T(key, escaped(args)...)
}

// N is T for a text that shows a count n, in the plural form of the language
// (1 call, 2 calls).
func (sh *Common) N(key string, n int, args ...any) string {
	return sh.Msg.N(key, n, escaped(args)...)
}

// escaped shows text arguments escaped (core.Escape).
func escaped(args []any) []any {
	safe := make([]any, len(args))
	for i, a := range args {
		if text, ok := a.(string); ok {
			a = core.Escape(text)
		}
		safe[i] = a
	}
	return safe
}

// screen is one menu entry's page. Screens switch by messages, never by reaching
// into each other; the root routes and keeps the layout.
type screen interface {
	Init() tea.Cmd
	Update(tea.Msg) (screen, tea.Cmd)
	// View renders the body; focusLine is the line that must stay visible when the body scrolls.
	View(width int) (body string, focusLine int)
	// Keys is the key help of the screen's current state.
	Keys() []key.Binding
	// Captures reports whether the screen wants Esc itself (e.g. confirm → input).
	Captures(msg tea.KeyMsg) bool
}

// Navigation messages, sent by screens to the root.
type (
	// openMsg opens a menu entry (optionally with an argument such as an account ID).
	openMsg struct {
		entry string
		arg   string
	}
	// backToMenuMsg returns the focus to the sidebar.
	backToMenuMsg struct{}
	// logoutMsg ends the session.
	logoutMsg struct{}
	// loggedInMsg carries a successful login.
	loggedInMsg struct {
		session core.Session
		info    core.ContractInfo
	}
	// sessionEndedMsg means core no longer knows the logged-in principal.
	sessionEndedMsg struct{}
)

func open(entry, arg string) tea.Cmd {
	return func() tea.Msg { return openMsg{entry: entry, arg: arg} }
}

func send(m tea.Msg) tea.Cmd { return func() tea.Msg { return m } }

// keyMap is built per session (SSH sessions must not share mutable bindings).
type keyMap struct {
	Up, Down, Left, Right, Enter, Back, Tab, ShiftTab, Quit, Logout, New, Delete, Space, Help key.Binding
}

func newKeyMap(m *i18n.Messages) keyMap {
	return keyMap{
		Up:       key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", m.T("key.up"))),
		Down:     key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", m.T("key.down"))),
		Left:     key.NewBinding(key.WithKeys("left"), key.WithHelp("←", m.T("key.left"))),
		Right:    key.NewBinding(key.WithKeys("right"), key.WithHelp("→", m.T("key.right"))),
		Enter:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", m.T("key.enter"))),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", m.T("key.back"))),
		Tab:      key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", m.T("key.next"))),
		ShiftTab: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", m.T("key.prev"))),
		Quit:     key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", m.T("key.quit"))),
		Logout:   key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", m.T("key.logout"))),
		New:      key.NewBinding(key.WithKeys("n"), key.WithHelp("n", m.T("key.new"))),
		Delete:   key.NewBinding(key.WithKeys("d"), key.WithHelp("d", m.T("key.delete"))),
		Space:    key.NewBinding(key.WithKeys(" "), key.WithHelp("space", m.T("key.toggle"))),
		Help:     key.NewBinding(key.WithKeys("?", "f1"), key.WithHelp("?", m.T("key.more"))),
	}
}
