package tui

import (
	"errors"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/paint"
)

// Minimum terminal size the layout works at; smaller gets a clear message.
const (
	minWidth  = 60
	minHeight = 16
)

// Largest terminal size laid out, the screen's (tui/paint); a larger window
// shows the screen at its top left.
const (
	maxWidth  = paint.MaxWidth
	maxHeight = paint.MaxHeight
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

// block is a rendering cut into its lines, each with its width: the frame is
// put together from blocks without measuring a line twice.
type block struct {
	lines  []string
	widths []int
	width  int // of the widest line
}

// measure cuts s into a block, measuring each line.
func measure(s string) block {
	b := block{lines: strings.Split(s, "\n")}
	b.widths = make([]int, len(b.lines))
	for i, l := range b.lines {
		b.widths[i] = ansi.StringWidth(l)
		b.width = max(b.width, b.widths[i])
	}
	return b
}

// even cuts s into a block whose every line is w cells wide, as the body's
// visible lines are (bodyView.visible pads and cuts each to its width).
func even(s string, w int) block {
	if s == "" {
		return block{lines: []string{""}, widths: []int{0}}
	}
	b := block{lines: strings.Split(s, "\n"), width: w}
	b.widths = make([]int, len(b.lines))
	for i := range b.widths {
		b.widths[i] = w
	}
	return b
}

// measured keeps the block of the last string it measured: the header, the
// sidebar and the key help are the same string from one frame to the next.
type measured struct {
	s    string
	b    block
	kept bool
}

func (m *measured) of(s string) block {
	if !m.kept || s != m.s {
		m.s, m.b, m.kept = s, measure(s), true
	}
	return m.b
}

// beside puts r at the right of l, tops aligned: lipgloss.JoinHorizontal
// (lipgloss.Top, l, r) from widths already known.
func beside(l, r block) block {
	n := max(len(l.lines), len(r.lines))
	out := block{lines: make([]string, n), widths: make([]int, n), width: l.width + r.width}
	var sb strings.Builder
	for i := range n {
		sb.Reset()
		for _, b := range [2]block{l, r} {
			line, w := "", 0
			if i < len(b.lines) {
				line, w = b.lines[i], b.widths[i]
			}
			sb.WriteString(line)
			sb.WriteString(strings.Repeat(" ", b.width-w))
		}
		out.lines[i], out.widths[i] = sb.String(), out.width
	}
	return out
}

// stack puts blocks one under the other, each line padded to the widest:
// lipgloss.JoinVertical(lipgloss.Left, ...) from widths already known.
func stack(blocks ...block) string {
	width, size := 0, 0
	for _, b := range blocks {
		width = max(width, b.width)
	}
	for _, b := range blocks {
		for j, line := range b.lines {
			size += len(line) + width - b.widths[j] + 1
		}
	}
	var sb strings.Builder
	sb.Grow(size)
	for i, b := range blocks {
		for j, line := range b.lines {
			sb.WriteString(line)
			sb.WriteString(strings.Repeat(" ", width-b.widths[j]))
			if i < len(blocks)-1 || j < len(b.lines)-1 {
				sb.WriteByte('\n')
			}
		}
	}
	return sb.String()
}
