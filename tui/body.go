package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"mypage/tui/common"
)

// bodyView is the scrolling body of the layout: a viewport over what the live
// screen renders. Content taller than the body scrolls with PgUp/PgDn and
// Home/End (and ↑/↓ on a screen without a cursor); the rule under the header
// says which lines are shown (position). A screen's focus line is brought into view whenever it moves.
//
// show is called by the App's layout after every message, never from View: it
// is the only place the viewport changes size, content or position.
type bodyView struct {
	sh *common.Common
	vp viewport.Model

	of      any      // the screen the content belongs to: another one starts at the top
	stage   int      // its step (common.Stager): another one starts at the top too
	focus   int      // its focus line at the last layout (-1: no cursor)
	failed  int      // the errors it had shown on top (common.Failer)
	width   int      // the width it was rendered at
	content string   // what the screen rendered, before the viewport cut it
	rows    []string // its lines
	tall    bool     // the content is taller than the body: it scrolls
	lines   int      // of the content

	pageUp, pageDown, home, end key.Binding
}

func newBodyView(sh *common.Common) bodyView {
	return bodyView{sh: sh, vp: viewport.New(0, 0), focus: -1,
		pageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("PgUp", sh.T("key.scroll"))),
		pageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("PgDn", sh.T("key.scroll"))),
		home:     key.NewBinding(key.WithKeys("home"), key.WithHelp("Home", sh.T("key.scroll"))),
		end:      key.NewBinding(key.WithKeys("end"), key.WithHelp("End", sh.T("key.scroll")))}
}

// show lays the content of a screen out in a body of outer×height cells in
// the body's style (its padding): the visible part.
func (b *bodyView) show(of any, view func(width, height int) (string, int), style lipgloss.Style, outer, height int) string {
	width := outer - style.GetHorizontalFrameSize()
	content, focus := view(width, height)
	content = strings.TrimRight(content, "\n")
	lines := strings.Count(content, "\n") + 1
	b.tall, b.lines = lines > height, lines
	vpH := height
	b.vp.Style = style
	b.vp.Width, b.vp.Height = outer, max(vpH, 0)
	if content != b.content || of != b.of {
		b.vp.SetContent(content) // measures every line: only when it changed
		b.content, b.rows = content, strings.Split(content, "\n")
	}
	stage := 0
	if s, ok := of.(common.Stager); ok {
		stage = s.Stage()
	}
	fresh := of != b.of || stage != b.stage // a new screen or a new step
	done := false                           // a complete step: its title and result come first
	if d, ok := of.(common.Doner); ok {
		done = d.Done()
	}
	moved := fresh || focus != b.focus || width != b.width
	if fresh {
		b.vp.GotoTop()
	}
	failed := 0
	if f, ok := of.(common.Failer); ok {
		failed = f.Failures()
	}
	if !fresh && failed != b.failed {
		// A new error shows on top of the screen: the body goes there, even
		// from the buttons of a confirm step, so that a refused procedure does
		// not look as if nothing happened.
		b.vp.GotoTop()
		moved = false
	}
	if moved && focus >= 0 {
		// A cursor that moved is brought into view, with a line of what
		// follows it where there is one; a new screen or step stays at its
		// top when its focus line is on the first page, a complete step always
		// (Enter works wherever its button is).
		switch {
		case focus < b.vp.YOffset:
			b.vp.SetYOffset(focus)
		case fresh && (focus < vpH || done):
		case focus >= b.vp.YOffset+vpH-1:
			b.vp.SetYOffset(focus - vpH + 2)
		}
	}
	b.vp.SetYOffset(b.vp.YOffset) // never past the end when the content got shorter
	b.of, b.stage, b.focus, b.width, b.failed = of, stage, focus, width, failed
	return b.visible(style, width)
}

// visible renders the lines the viewport shows, each padded to the width in the
// body's padding (as viewport.View would, without measuring every line twice); a
// line wider than the body is cut, visibly.
func (b *bodyView) visible(style lipgloss.Style, width int) string {
	left := strings.Repeat(" ", style.GetPaddingLeft())
	right := strings.Repeat(" ", style.GetPaddingRight())
	var out strings.Builder
	for i := 0; i < b.vp.Height; i++ {
		line := ""
		if n := b.vp.YOffset + i; n < len(b.rows) {
			line = b.rows[n]
		}
		w := ansi.StringWidth(line)
		if w > width {
			line = ansi.Truncate(line, width, "…")
			w = ansi.StringWidth(line)
		}
		if i > 0 {
			out.WriteByte('\n')
		}
		out.WriteString(left + line + strings.Repeat(" ", max(width-w, 0)) + right)
	}
	return out.String()
}

// position says which lines of a body taller than the window are shown, and
// how to scroll; "" when it all shows.
func (b *bodyView) position() string {
	if !b.tall {
		return ""
	}
	first := b.vp.YOffset + 1
	last := min(b.vp.YOffset+b.vp.Height, b.lines)
	return b.sh.T("body.position", first, last, b.lines)
}

// withPosition writes the body's position at the right end of the rule under
// the header, so that it costs no line of the body.
func (a *App) withPosition(header string) string {
	pos := a.body.position()
	if pos == "" {
		return header
	}
	pos = " " + pos + " "
	lines := strings.Split(header, "\n")
	last := lines[len(lines)-1]
	keep := lipgloss.Width(last) - lipgloss.Width(pos) - 2
	if keep < a.width/3 {
		return header // too narrow to say it without hiding the rule
	}
	tail := ansi.TruncateLeft(last, keep+lipgloss.Width(pos), "")
	lines[len(lines)-1] = ansi.Truncate(last, keep, "") + a.sh.St.Muted.Render(pos) + tail
	return strings.Join(lines, "\n")
}

// scroll moves the body for a scroll key; it reports whether the key was one.
// cursor says whether ↑/↓ belong to the screen (it has a cursor or the menu has
// the focus); text whether Home/End belong to it (a text field has the focus).
func (b *bodyView) scroll(k tea.KeyMsg, cursor, text bool) bool {
	if !b.tall {
		return false
	}
	keys := b.sh.Keys
	switch {
	case !cursor && key.Matches(k, keys.Up):
		b.vp.LineUp(1)
	case !cursor && key.Matches(k, keys.Down):
		b.vp.LineDown(1)
	case key.Matches(k, b.pageUp):
		b.vp.PageUp()
	case key.Matches(k, b.pageDown):
		b.vp.PageDown()
	case !text && key.Matches(k, b.home):
		b.vp.GotoTop()
	case !text && key.Matches(k, b.end):
		b.vp.GotoBottom()
	default:
		return false
	}
	return true
}

// scrollKey gives the body the scroll keys the menu or the live screen do not
// use: with the menu focused PgUp/PgDn/Home/End scroll the body; a screen that
// binds a scroll key itself (the pages of call details) keeps it.
func (a *App) scrollKey(k tea.KeyMsg) bool {
	if a.cur == nil {
		return false
	}
	if a.focusMenu {
		if key.Matches(k, a.sh.Keys.Up, a.sh.Keys.Down) {
			return false
		}
		return a.body.scroll(k, false, false)
	}
	cursor, text := a.body.focus >= 0, a.textFocus()
	if key.Matches(k, a.sh.Keys.Up, a.sh.Keys.Down) {
		return a.body.scroll(k, cursor, text)
	}
	for _, b := range a.cur.ShortHelp() {
		if key.Matches(k, b) {
			return false
		}
	}
	return a.body.scroll(k, cursor, text)
}
