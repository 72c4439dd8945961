// Package keyhelp is the key help line under the body: the keys of the
// current state in one line cut to what fits, or every key in columns, never
// wider than the window.
package keyhelp

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Short is the keys on one line; when they do not all fit, the line is cut to
// the keys that fit and ends with more, the key that shows the rest.
func Short(h help.Model, keys []key.Binding, more key.Binding, width int) string {
	h.Width = 0
	if line := h.ShortHelpView(keys); lipgloss.Width(line) <= width {
		return line
	}
	for n := len(keys) - 1; n > 0; n-- {
		if line := h.ShortHelpView(append(keys[:n:n], more)); lipgloss.Width(line) <= width {
			return line
		}
	}
	return ansi.Truncate(h.ShortHelpView([]key.Binding{more}), width, "…")
}

// Full lays the keys out in as few rows as fit the width: column by column,
// each as wide as its widest key.
func Full(h help.Model, keys []key.Binding, width int) string {
	st := h.Styles
	var items []string
	for _, k := range keys {
		if k.Enabled() {
			items = append(items, st.FullKey.Render(k.Help().Key)+" "+st.FullDesc.Render(k.Help().Desc))
		}
	}
	sep := st.FullSeparator.Render(h.FullSeparator)
	for rows := 1; rows <= len(items); rows++ {
		lines, fits := columns(items, rows, sep, width)
		if fits || rows == len(items) {
			for i := range lines {
				lines[i] = ansi.Truncate(lines[i], width, "…")
			}
			return strings.Join(lines, "\n")
		}
	}
	return ""
}

// columns lays items out top to bottom in columns of rows; fits reports whether
// every line is within width.
func columns(items []string, rows int, sep string, width int) (lines []string, fits bool) {
	lines = make([]string, rows)
	for start := 0; start < len(items); start += rows {
		col := items[start:min(start+rows, len(items))]
		w := 0
		for _, it := range col {
			w = max(w, lipgloss.Width(it))
		}
		for r := range lines {
			cellText := ""
			if r < len(col) {
				cellText = col[r]
			}
			if start > 0 {
				lines[r] += sep
			}
			lines[r] += cellText + strings.Repeat(" ", w-lipgloss.Width(cellText))
		}
	}
	fits = true
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
		if lipgloss.Width(lines[i]) > width {
			fits = false
		}
	}
	return lines, fits
}
