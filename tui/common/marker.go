package common

// Markers: the menu cursor, the selected row of a list and the focused field or
// button carry a visible sign besides their style, so that they show on a
// terminal without colour (NO_COLOR, TERM=dumb). Only one thing on a screen has
// the focus: while the menu has it, the body shows none.
const (
	MarkFocus = "> " // the cursor of whatever has the focus
	MarkOpen  = "* " // the menu entry whose screen is open
	MarkNone  = "  "
	MarkWidth = 2
)

// FocusMark is the marker of a row: MarkFocus on the cursor row while the body
// has the focus, else blank.
func (sh *Common) FocusMark(cursor bool) string {
	if cursor && !sh.MenuFocus {
		return MarkFocus
	}
	return MarkNone
}

// CursorRow is the row of a table that carries the cursor marker: none while
// the sidebar has the focus, so that only one thing on the screen is marked.
func (sh *Common) CursorRow(i int) int {
	if sh.MenuFocus {
		return -1
	}
	return i
}
