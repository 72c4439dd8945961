package tui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"

	"mypage/tui/common"
	"mypage/tui/wrap"
)

// Minimum terminal size the layout works at; smaller gets a clear message.
const (
	minWidth  = 60
	minHeight = 16
)

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

// cell cuts or pads one line to exactly w columns (Japanese characters count
// two); a cut text ends with …, so that it does not pass for the whole.
func cell(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = wrap.Truncate(s, w)
	return s + strings.Repeat(" ", max(w-lipgloss.Width(s), 0))
}

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
