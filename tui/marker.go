package tui

// Markers: the menu cursor, the selected row of a list and the focused field or
// button carry a visible sign besides their style, so that they show on a
// terminal without colour (NO_COLOR, TERM=dumb). Only one thing on a screen has
// the focus: while the menu has it, the body shows none.
const (
	markFocus = "> " // the cursor of whatever has the focus
	markOpen  = "* " // the menu entry whose screen is open
	markNone  = "  "
	markWidth = 2
)

// FocusMark is the marker of a row: markFocus on the cursor row while the body
// has the focus, else blank.
func (sh *Common) FocusMark(cursor bool) string {
	if cursor && !sh.MenuFocus {
		return markFocus
	}
	return markNone
}

// CursorRow is the row of a table that carries the cursor marker: none while
// the sidebar has the focus, so that only one thing on the screen is marked.
func (sh *Common) CursorRow(i int) int {
	if sh.MenuFocus {
		return -1
	}
	return i
}
