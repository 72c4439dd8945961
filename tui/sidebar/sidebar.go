// Package sidebar is the menu at the left of the body: group titles and
// entries, the cursor while the menu has the focus, the open entry marked, a
// label too wide broken onto an indented second line, and a menu taller than
// the window scrolled with its cursor.
package sidebar

import (
	"strings"

	"github.com/charmbracelet/lipgloss"

	"mypage/tui/common"
	"mypage/tui/styles"
	"mypage/tui/wrap"
)

// Group is a titled group of entries ("" for the ungrouped tail); entries are
// their labels as shown.
type Group struct {
	Title   string
	Entries []string
}

// State is where the cursor and the open entry are (indexes into the entries
// of every group in order; -1: none), and whether the menu has the focus.
type State struct {
	Cursor, Active int
	Focused        bool
}

// Width leaves room for the long Japanese labels (お客様番号パスワード変更,
// UCOM光 あんしん機器保証) on one line from 80 columns on; the longest,
// アカウントIDオプション変更, takes one line from 110 columns on and goes on to
// a second line below that.
func Width(total int) int {
	switch {
	case total >= 110:
		return 30
	case total >= 80:
		return 26
	}
	return 24
}

// View renders the menu width columns wide and height lines high.
func View(st *styles.Styles, groups []Group, s State, width, height int) string {
	w := width
	var lines []string
	var starts []bool // whether a line is the first of its entry (or a title)
	var titles []bool // whether a line is a group's title
	i, cursorLine, activeLine := 0, 0, -1
	for _, g := range groups {
		if g.Title != "" {
			lines = append(lines, st.Group.Render(g.Title))
			starts = append(starts, true)
			titles = append(titles, true)
		}
		for _, text := range g.Entries {
			// A label wider than the sidebar goes on to a second, indented line
			// rather than being cut (e.g. アカウントIDオプション変更 at 80 columns).
			parts := []string{text}
			if lipgloss.Width(text) > w-common.MarkWidth {
				parts = wrap.Lines(text, w-common.MarkWidth-1) // one column for the indent of the continuation
				for j := 1; j < len(parts); j++ {
					parts[j] = " " + parts[j]
				}
			}
			// The cursor and the open entry carry a marker besides their style.
			style, mark := st.Item, common.MarkNone
			switch {
			case s.Focused && i == s.Cursor:
				cursorLine = len(lines)
				style, mark = st.ItemCursor, common.MarkFocus
			case i == s.Active:
				activeLine = len(lines)
				style, mark = st.ItemActive, common.MarkOpen
			}
			for j, part := range parts {
				if j > 0 {
					mark = common.MarkNone
				}
				lines = append(lines, style.Render(mark+cell(part, w-common.MarkWidth)))
				starts = append(starts, j == 0)
				titles = append(titles, false)
			}
			i++
		}
	}
	style := st.Sidebar
	if s.Focused {
		style = st.SidebarFocus
	}
	// A menu taller than the window scrolls with the cursor, or without the
	// focus with the open entry (with its label's second line).
	keep := cursorLine
	if !s.Focused && activeLine >= 0 {
		keep = activeLine
	}
	menu := strings.Join(crop(st, lines, starts, titles, height, keep, w), "\n")
	return style.Width(w).Height(height).MaxHeight(height).Render(menu)
}

// crop keeps height lines around focusLine, so the focused row stays on
// screen; a line of its own with ↑ or ↓ says that entries are cut off above
// or below. An entry of two lines is shown whole or not at all (starts marks
// the first line of each): half of one would read as another label. A group's
// title is shown with its first entry or not at all: alone above ↓ it would
// read as a group without entries.
func crop(st *styles.Styles, lines []string, starts, titles []bool, height, focusLine, w int) []string {
	n := len(lines)
	if n <= height || height <= 2 {
		return lines
	}
	up, down, start, h := false, true, 0, height
	for range 3 { // the arrows' lines and the window settle in a few rounds
		h = height - b2i(up) - b2i(down)
		start = 0
		if focusLine >= h-1 {
			start = focusLine - h + 2
		}
		start = max(min(start, n-h), 0)
		nu, nd := start > 0, start+h < n
		if nu == up && nd == down {
			break
		}
		up, down = nu, nd
	}
	h = height - b2i(up) - b2i(down)
	// The window's edges move to the edges of entries; focusLine starts an
	// entry, so it stays in view. The lines the top gives up go to the bottom.
	for start > 0 && start < focusLine && !starts[start] {
		start++
	}
	end := min(start+h, n)
	for end < n && end > focusLine+1 && !starts[end] {
		end--
	}
	if end < n && end-1 > focusLine && titles[end-1] {
		end--
	}
	// The lines given up at the bottom are filled from above, whole entries
	// only, rather than left blank before ↓; at the top of the menu ↑ goes.
	for free := h - (end - start); free > 0 && start > 0; {
		s := start - 1
		for s > 0 && !starts[s] {
			s--
		}
		need := start - s
		if s == 0 {
			need-- // ↑ goes, its line is free
		}
		if need > free {
			break
		}
		start, free = s, free-need
		if s == 0 {
			up = false
		}
	}
	var out []string
	if up {
		out = append(out, st.Item.Render(common.MarkNone+cell("↑", w-common.MarkWidth)))
	}
	out = append(out, lines[start:end]...)
	down = end < n
	for len(out) < height-b2i(down) {
		out = append(out, st.Item.Render(cell("", w)))
	}
	if down {
		out = append(out, st.Item.Render(common.MarkNone+cell("↓", w-common.MarkWidth)))
	}
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
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
