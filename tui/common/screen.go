package common

import (
	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
)

// Screen is one page of the body. Screens switch by messages, never by
// reaching into each other; the root routes them and keeps the layout. The
// root gives a screen the size of the body (SetSize) before it renders it, and
// shows its key help (help.KeyMap) in the key line.
type Screen interface {
	tea.Model
	SetSize(width, height int)
	help.KeyMap
}

// Optional interfaces of a screen, for what only some screens have.
type (
	// EscCapturer is a screen that takes Esc itself in some state (the
	// confirm step of a procedure returns to its input step).
	EscCapturer interface{ Captures(tea.KeyMsg) bool }
	// Passive is a screen with nothing to operate: the focus stays in the sidebar.
	Passive interface{ Passive() }
	// FocusLiner is a screen with a cursor: the line of its last View that
	// must stay visible when the body scrolls (-1: none).
	FocusLiner interface{ FocusLine() int }
	// NoBacker is a screen that has nothing to go back to now (the first
	// account ID registration).
	NoBacker interface{ NoBack() bool }
	// TextFocuser is a screen whose focused row takes typed text.
	TextFocuser interface{ TextFocus() bool }
	// Doner is a procedure screen that shows its complete step.
	Doner interface{ Done() bool }
	// Stager is a screen of steps (input, confirm, complete): a new step
	// starts at the top of the body, as a new screen does.
	Stager interface{ Stage() int }
	// Failer is a screen that shows its errors on top: Failures counts them,
	// and the body goes to its top for each new one.
	Failer interface{ Failures() int }
	// Leaver is a screen with messages of one visit (why the last key did
	// nothing): Leave drops them when the focus leaves it, for the sidebar or
	// for another screen that Esc returns from.
	Leaver interface{ Leave() }
)

// Size is the body size SetSize gave a screen and the focus line of its last
// View. Screens embed it.
type Size struct {
	Width, Height int
	focus         int
}

// SetSize takes the size of the body.
func (s *Size) SetSize(width, height int) { s.Width, s.Height = width, height }

// FocusLine is the focus line of the last View.
func (s *Size) FocusLine() int { return s.focus }

// Show renders a screen at its width and keeps its focus line.
func (s *Size) Show(render func(width int) (body string, focusLine int)) string {
	body, focus := render(s.Width)
	s.focus = focus
	return body
}
