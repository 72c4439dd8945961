// Package common is what every screen of one session shares: the service, the
// session's styles, messages and keys, who is logged in, and the helpers that
// render texts, titles, tables and buttons the same way on every screen; and
// the screen interface the root drives.
package common

import (
	"log/slog"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/i18n"
	"mypage/tui/keymap"
	"mypage/tui/styles"
)

// Common is what every screen of one session uses: the service, the session's
// styles and messages, and who is logged in. One per program, never global.
type Common struct {
	Svc    *core.Service
	St     *styles.Styles // shared by the sessions of one profile and background: never changed
	Msg    *i18n.Messages
	Keys   keymap.KeyMap
	Source string
	Who    core.Principal
	Header HeaderInfo
	Gate   func() bool
	Refund func() // gives back what Gate spent for a login refused as busy
	Log    *slog.Logger
	// MenuFocus is set while the sidebar has the focus: the body then shows no
	// focus marker, so that only one thing on the screen carries one.
	MenuFocus bool
	// Stepped is the step-up principal an admin ID obtained by re-entering the
	// customer number and password, for billing statements and 退会 only (SPEC §4.1, §4.3).
	Stepped core.Principal
	// StepUpEnded is set when core said the step-up has ended, so that the
	// step-up screen says why it asks again.
	StepUpEnded bool

	renders map[keptKey]string // titles, headings and notes already rendered (kept)
}

// HolderOrStepUp is the principal of what only the holder may do (billing
// statements, 退会): the holder, or an admin ID's step-up. Core refuses anyone else.
func (sh *Common) HolderOrStepUp() core.Principal {
	if sh.Who.Kind == core.KindAccount && sh.Stepped.Kind == core.KindStepUp {
		return sh.Stepped
	}
	return sh.Who
}

// NeedsStepUp reports whether the billing screens and 退会 must first ask for the customer number.
func (sh *Common) NeedsStepUp() bool {
	return sh.Who.Kind == core.KindAccount && sh.Who.Permission == core.PermAdmin && sh.Stepped.Kind != core.KindStepUp
}

// HeaderInfo is what the header shows once logged in.
type HeaderInfo struct {
	ContractType string
	Number       string
	Account      string
	Permission   core.Permission
	// Standing is the suspension the header shows, worded when it was read;
	// empty while the contract is in good standing.
	Standing HeaderStanding
}

// HeaderStanding is the header's line of each suspension (利用停止中), with a
// shorter form for a terminal too narrow for the whole line.
type HeaderStanding struct {
	Unpaid, UnpaidShort string
	Lapsed, LapsedShort string
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

// Messages a screen sends to the root.
type (
	// BackToMenuMsg returns the focus to the sidebar.
	BackToMenuMsg struct{}
	// SessionEndedMsg means core no longer knows the logged-in principal;
	// Withdrawn: because its contract withdrew the membership (退会).
	SessionEndedMsg struct{ Withdrawn, Reissued bool }
	// StepUpEndedMsg means the step-up of an admin ID has ended: the billing
	// screens ask for the customer number again.
	StepUpEndedMsg struct{}
)

// Send is a command that delivers m.
func Send(m tea.Msg) tea.Cmd { return func() tea.Msg { return m } }
