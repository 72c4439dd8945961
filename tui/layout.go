package tui

import (
	"github.com/charmbracelet/x/ansi"
	"mypage/core"
	"mypage/tui/i18n"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
)

// Minimum terminal size the layout works at; smaller gets a clear message.
const (
	minWidth  = 60
	minHeight = 16
)

// kvRow is one label/value line of an info, confirm or complete table.
type kvRow struct {
	label, value string
}

// kvTable renders label/value rows with the labels in one column. Widths are
// measured with lipgloss so that Japanese text lines up.
func (sh *shared) kvTable(rows []kvRow, width int) string {
	labelW, valueMax := 0, 0
	for _, r := range rows {
		labelW = max(labelW, lipgloss.Width(core.Escape(r.label)))
		valueMax = max(valueMax, lipgloss.Width(core.Escape(r.value)))
	}
	// Labels give way to values when both do not fit, down to a third of the line.
	if labelW+2+valueMax > width {
		labelW = max(width-valueMax-2, width/3)
	}
	valueW := width - labelW - 2
	if valueW < 10 {
		valueW = 10
	}
	var out []string
	for _, r := range rows {
		label := sh.st.Label.Width(labelW).Render(core.Escape(r.label))
		value := sh.st.Value.Render(sh.wrap(valueW, r.value))
		out = append(out, lipgloss.JoinHorizontal(lipgloss.Top, label, "  ", value))
	}
	return strings.Join(out, "\n")
}

// title renders a screen title with its step (入力/確認/完了) when there is one.
func (sh *shared) title(text string) string {
	return sh.st.Title.Render(core.EscapeLine(text))
}

// titleIn renders a title broken to the width of the body (a long option name).
func (sh *shared) titleIn(width int, text string) string {
	return sh.st.Title.Render(sh.wrap(width, core.EscapeLine(text)))
}

// section renders a table heading.
func (sh *shared) section(text string) string {
	return sh.st.Section.Render(core.EscapeLine(text))
}

// notes renders a block of notes, each wrapped to the width.
func (sh *shared) notes(width int, lines ...string) string {
	var out []string
	for _, l := range lines {
		// A hanging indent: Japanese has no spaces to break at, so wrap the text in its own column.
		out = append(out, lipgloss.JoinHorizontal(lipgloss.Top, sh.st.Muted.Render("- "), sh.st.Muted.Render(sh.wrap(width-2, l))))
	}
	return strings.Join(out, "\n")
}

// buttons renders a row of buttons with one focused (-1: none).
func (sh *shared) buttons(focus int, labels ...string) string {
	var bs []string
	for i, b := range labels {
		bs = append(bs, sh.button(b, i == focus))
	}
	return strings.Join(bs, " ")
}

// button renders one button; the focused one also carries the '>' marker the
// form rows use, so the focus shows on terminals without colour.
func (sh *shared) button(label string, focused bool) string {
	if focused && !sh.menuFocus {
		return sh.st.InputFocus.Render(">") + sh.st.ButtonFocus.Render("["+label+"]")
	}
	return " " + sh.st.Button.Render("["+label+"]")
}

// crop keeps height lines of s around focusLine, so the focused row stays on screen.
func crop(s string, height, focusLine int) string {
	lines := strings.Split(s, "\n")
	if len(lines) <= height || height <= 0 {
		return s
	}
	start := 0
	if focusLine >= height-1 {
		start = focusLine - height + 2
	}
	if start+height > len(lines) {
		start = len(lines) - height
	}
	return strings.Join(lines[start:start+height], "\n")
}

// wrap breaks text to the width. Japanese has no spaces to break at, so it is
// broken between characters; English is broken between words. The text is
// plain text, stored text among it: it is shown escaped (core.Escape).
func (sh *shared) wrap(width int, s string) string {
	s = core.Escape(s)
	if width < 1 {
		return s
	}
	if sh.msg.Lang() == i18n.Ja {
		return kinsokuWrap(s, width)
	}
	return ansi.Wrap(s, width, "")
}

// date shows a day as the manual does: 2015/01/19.
func (sh *shared) date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(core.JST).Format("2006/01/02")
}

// yen shows an amount of money: 500 円 (税別) / 500 yen (tax excl.).
func (sh *shared) yen(n int64) string { return sh.T("common.yen", groupDigits(n)) }

// groupDigits writes 3000 as 3,000.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

// noLineStart are the characters Japanese typesetting keeps off the start of a
// line (kinsoku): closing punctuation, small kana and the long-vowel mark.
const noLineStart = "、。，．・：；？！）」』】〕〉》ー～ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"

// kinsokuWrap breaks plain text between characters at width columns, keeping
// the characters of noLineStart off the start of a line by breaking one earlier.
func kinsokuWrap(s string, width int) string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		out = append(out, splitWidth(para, width)...)
	}
	return strings.Join(out, "\n")
}

// splitWidth cuts one line of text into pieces of at most width columns.
func splitWidth(text string, width int) []string {
	var lines []string
	rs := []rune(text)
	for len(rs) > 0 {
		w, n := 0, 0
		for n < len(rs) {
			cw := lipgloss.Width(string(rs[n]))
			if w+cw > width {
				break
			}
			w += cw
			n++
		}
		if n == 0 {
			n = 1 // a character wider than the line still moves on
		}
		if n < len(rs) && n > 1 && strings.ContainsRune(noLineStart, rs[n]) {
			n-- // the next line would start with a character that may not start one
		}
		lines = append(lines, string(rs[:n]))
		rs = rs[n:]
	}
	if len(lines) == 0 {
		lines = []string{""}
	}
	return lines
}
