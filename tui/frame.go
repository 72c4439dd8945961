package tui

import (
	"errors"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"mypage/core"
	"mypage/tui/common"
)

// Minimum terminal size the layout works at; smaller gets a clear message.
const (
	minWidth  = 60
	minHeight = 16
)

// Largest terminal size laid out; a larger window shows the screen at its top left.
const (
	maxWidth  = 500
	maxHeight = 200
)

// kvRow is one label/value line of an info, confirm or complete table.
type kvRow struct {
	label, value string
}

// kvTable renders label/value rows in the body's width (common.KVTable).
func kvTable(sh *common.Common, rows []kvRow, width int) string {
	kv := make([]common.KVRow, len(rows))
	for i, r := range rows {
		kv[i] = common.KVRow{Label: r.label, Value: r.value}
	}
	return sh.KVTable(kv, width)
}

// standingMsg carries the standing of the logged-in contract, read for the header.
type standingMsg struct {
	seq int
	st  core.Standing
	err error
}

// loadStanding reads the contract's standing for the header in a command
// (never in View): on each screen load and after each procedure.
func (a *App) loadStanding() tea.Cmd {
	if !a.loggedIn {
		return nil
	}
	a.standingSeq++
	seq, svc, who := a.standingSeq, a.sh.Svc, a.sh.Who
	return func() tea.Msg {
		st, err := svc.Standing(who)
		return standingMsg{seq: seq, st: st, err: err}
	}
}

// standingLoaded words the standing read for the header; an older read than
// the last one asked for is dropped.
func (a *App) standingLoaded(m standingMsg) {
	if m.seq != a.standingSeq || !a.loggedIn {
		return
	}
	if m.err != nil {
		// The screen's own read says what went wrong (an ended session ends it there).
		if !errors.Is(m.err, core.ErrSessionEnded) {
			a.opts.Logger.Error("standing not read", "source", a.opts.Source, "err", m.err)
		}
		return
	}
	a.sh.Header.Standing = a.sh.StandingHeader(m.st)
}

// standingLines are the header's lines of the suspension, each in its long
// form where it fits the width, else its short one: a line is never wrapped.
func standingLines(sh *common.Common, h common.HeaderStanding, width int) string {
	var out []string
	for _, l := range [][2]string{{h.Unpaid, h.UnpaidShort}, {h.Lapsed, h.LapsedShort}} {
		if l[0] == "" {
			continue
		}
		text := l[0]
		if lipgloss.Width(text) > width {
			text = l[1]
		}
		out = append(out, sh.St.Error.Render(text))
	}
	return strings.Join(out, "\n")
}
