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

// focusMark is the marker of a row: markFocus on the cursor row while the body
// has the focus, else blank.
func (sh *shared) focusMark(cursor bool) string {
	if cursor && !sh.menuFocus {
		return markFocus
	}
	return markNone
}

// listRow renders a row of a list in width columns: the marker column, then
// the row cut to the rest; the cursor row is also highlighted.
func (sh *shared) listRow(line string, cursor bool, width int) string {
	line = cell(line, width-markWidth)
	if cursor {
		return sh.st.RowCursor.Render(sh.focusMark(true) + line)
	}
	return markNone + line
}
