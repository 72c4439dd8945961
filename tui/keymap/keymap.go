// Package keymap holds the key bindings of one session.
package keymap

import (
	"github.com/charmbracelet/bubbles/key"

	"mypage/tui/i18n"
)

// KeyMap is built per session (SSH sessions must not share mutable bindings).
type KeyMap struct {
	Up, Down, Left, Right, Enter, Back, Tab, ShiftTab, Quit, Logout, New, Delete, Space, Help key.Binding
}

// New builds the key bindings of a session in its language.
func New(m *i18n.Messages) KeyMap {
	return KeyMap{
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
