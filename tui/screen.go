package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

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
	// logoutMsg ends the session.
	logoutMsg struct{}
	// loggedInMsg carries a successful login.
	loggedInMsg struct {
		session core.Session
		info    core.ContractInfo
	}
)
