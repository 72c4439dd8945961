// Package tui holds the screens of the portal and the root that lays them out
// (header, sidebar, body, key help) and routes between them by typed routes
// (route.go). Each screen is a common.Screen in a file named after its menu
// entry; the procedures are built on tui/flow and tui/form. It calls core and
// renders; it holds no rule, no price and no date arithmetic.
package tui

import (
	"log/slog"
	"time"

	"github.com/charmbracelet/lipgloss"

	"mypage/core"
)

// Options configure one program: one per local terminal, kiosk or SSH session.
type Options struct {
	Service *core.Service
	// Renderer is the session's renderer; every style is built from it.
	Renderer *lipgloss.Renderer
	// Lang is "ja" (default) or "en".
	Lang string
	// Source names where the session comes from for the audit log: "local", "kiosk", "ssh 192.0.2.1:50000".
	Source string
	// Kiosk: no key quits; logout and idle return to an empty login screen.
	Kiosk bool
	// IdleTimeout ends an idle session: in a kiosk it wipes the session and shows the
	// login screen again, elsewhere it quits the program. Zero disables it.
	IdleTimeout time.Duration
	// LoginGate, when set, is asked before each login attempt (SSH limits attempts per
	// source address); false refuses the attempt with the generic message.
	LoginGate func() bool
	// LoginRefund, when set, gives back what LoginGate spent for an attempt
	// that was never made: a login refused because too many were waiting.
	LoginRefund func()
	// Logger receives the internal errors behind a screen's generic message (with
	// the reference the screen shows), and the logins and step-ups, never a
	// password or a typed ID that failed; nil means slog.Default().
	Logger *slog.Logger
	// Width and Height are the terminal's size when it is known before the
	// program starts (an SSH PTY request): the first screen is laid out once,
	// at that size. Zero means 80×24 until the terminal says otherwise.
	Width, Height int
}
