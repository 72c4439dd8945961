// Package table is the one table component of the screens: columns sized to
// the body (never wider), cell text broken by package wrap, an optional
// cursor row with a visible marker, and a label/value form.
//
// Styles come from the caller, made from the session's renderer; a style must
// not set a width, padding or margin: the table pads the cells itself.
package table

import (
	"reflect"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"mypage/tui/wrap"
)

// Align is where a cell's text sits in its column.
type Align int

const (
	Left Align = iota
	Right
)

// Marker is shown before the cursor row, so the cursor shows without colour.
const Marker = "> "

// Column describes one column.
type Column struct {
	Header string
	Align  Align
	// Min is the narrowest a Wrap or Shrink column becomes (1 when zero).
	Min int
	// Wrap breaks a cell's text onto more lines when the column is narrower.
	Wrap bool
	// Shrink lets the column be narrower than its widest cell; the text is cut
	// with … unless Wrap is set too.
	Shrink bool
	// Keep makes a Wrap or Shrink column give way only once the others that
	// may are at their minimum, unless it takes more than half the width.
	Keep bool
	// Style is the style of the column's cells (not of the cursor row); the
	// zero style leaves them plain.
	Style lipgloss.Style
	// Below moves the column under its row, across the table's width and
	// after its header, when the columns do not all fit beside each other at
	// their natural width (a mail address in a narrow account list).
	Below bool
}

// Styles are the styles of a table, made from the session's renderer.
type Styles struct {
	Header lipgloss.Style // the header row
	Cursor lipgloss.Style // the whole cursor row
	Marker lipgloss.Style // the marker before the cursor row
}

// Table is a list of rows under columns.
type Table struct {
	Columns []Column
	Rows    [][]string
	Styles  Styles
	// Selectable reserves the marker column before every row.
	Selectable bool
	// Cursor is the row that carries the marker and the cursor style; -1 for
	// none. Setting it to a row makes the table selectable.
	Cursor int
	// Gap is the number of spaces between columns.
	Gap int
	// RowStyles gives a row (by index) a style of its own instead of its
	// columns' styles.
	RowStyles map[int]lipgloss.Style
	// Spill puts a cell of the last column that holds a word wider than the
	// column but not than the table (a URL beside its label) under its row,
	// across the table's width (indented by two when that fits, and past the
	// marker column when that does), rather than cutting the word.
	Spill bool
}

// New is a table of the columns with no rows, no cursor and a gap of two.
func New(st Styles, cols ...Column) *Table {
	return &Table{Columns: cols, Styles: st, Cursor: -1, Gap: 2}
}

// Add appends a row; missing cells are empty.
func (t *Table) Add(cells ...string) *Table {
	t.Rows = append(t.Rows, cells)
	return t
}

// AddStyled appends a row shown in a style of its own.
func (t *Table) AddStyled(st lipgloss.Style, cells ...string) *Table {
	if t.RowStyles == nil {
		t.RowStyles = map[int]lipgloss.Style{}
	}
	t.RowStyles[len(t.Rows)] = st
	return t.Add(cells...)
}

// Pair is one row of a label/value table.
type Pair struct {
	Label, Value string
}

// KV is a label/value table: labels in one column, values beside them broken
// to the room left; a value with a word too wide for the room beside its
// label goes under the label (Spill). Labels are broken too where they take more than half
// the width, or once the values are down to ten cells. It has no header row.
func KV(pairs []Pair, label, value lipgloss.Style) *Table {
	t := New(Styles{},
		Column{Wrap: true, Keep: true, Min: 6, Style: label},
		Column{Wrap: true, Min: 10, Style: value})
	t.Spill = true
	for _, p := range pairs {
		t.Add(p.Label, p.Value)
	}
	return t
}

// Render lays the table out at most width cells wide.
func (t *Table) Render(width int) string {
	lines, _ := t.Layout(width)
	return strings.Join(lines, "\n")
}

// Layout lays the table out at most width cells wide and tells on which line
// each row starts, so that a screen can keep the cursor row in view.
func (t *Table) Layout(width int) (lines []string, rowStart []int) {
	if u, below := t.fold(width); u != nil {
		return u.layout(width, below)
	}
	if u, below := t.spill(width); u != nil {
		return u.layout(width, below)
	}
	return t.layout(width, nil)
}

// spill is the table without the cells of its last column that go under
// their rows and, per row, those cells; nil when none does.
func (t *Table) spill(width int) (*Table, [][]string) {
	last := len(t.Columns) - 1
	if !t.Spill || last < 1 || !t.Columns[last].Wrap {
		return nil, nil
	}
	ws := t.widths(width)
	if t.Selectable || t.Cursor >= 0 {
		ws = t.widths(width - wrap.Width(Marker))
	}
	var below [][]string
	u := *t
	u.Rows = nil
	for r, cells := range t.Rows {
		if last < len(cells) {
			if w := wrap.MinWidth(cells[last]); w > ws[last] && w <= width {
				if below == nil {
					below = make([][]string, len(t.Rows))
				}
				below[r] = []string{cells[last]}
				cells = append(cells[:last:last], "")
			}
		}
		u.Rows = append(u.Rows, cells)
	}
	if below == nil {
		return nil, nil
	}
	u.Spill = false
	return &u, below
}

// fold is the table without its Below columns and, per row, the lines that go
// under it, when the columns do not fit beside each other; nil when they do.
func (t *Table) fold(width int) (*Table, [][]string) {
	need, folds := max(t.Gap, 0)*max(len(t.Columns)-1, 0), false
	if t.Selectable || t.Cursor >= 0 {
		need += wrap.Width(Marker)
	}
	for i, c := range t.Columns {
		folds = folds || c.Below
		w := widest(c.Header)
		for _, r := range t.Rows {
			if i < len(r) {
				w = max(w, widest(r[i]))
			}
		}
		need += w
	}
	if !folds || need <= width {
		return nil, nil
	}
	u := &Table{Styles: t.Styles, Selectable: t.Selectable || t.Cursor >= 0, Cursor: t.Cursor, Gap: t.Gap, RowStyles: t.RowStyles}
	for _, c := range t.Columns {
		if !c.Below {
			u.Columns = append(u.Columns, c)
		}
	}
	below := make([][]string, len(t.Rows))
	for r, cells := range t.Rows {
		var kept []string
		for i, c := range t.Columns {
			text := ""
			if i < len(cells) {
				text = cells[i]
			}
			if !c.Below {
				kept = append(kept, text)
			} else if text != "" && c.Header != "" {
				below[r] = append(below[r], c.Header+": "+text)
			} else if text != "" {
				below[r] = append(below[r], text)
			}
		}
		u.Rows = append(u.Rows, kept)
	}
	return u, below
}

// layout lays the table out with, under each row, its lines of below (may be nil).
func (t *Table) layout(width int, below [][]string) (lines []string, rowStart []int) {
	marked := t.Selectable || t.Cursor >= 0
	markW := 0
	if marked {
		markW = wrap.Width(Marker)
	}
	ws := t.widths(width - markW)
	blank := strings.Repeat(" ", markW)
	if t.hasHeader() {
		heads := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			heads[i] = c.Header
		}
		for _, l := range t.row(heads, ws, false) {
			lines = append(lines, render(t.Styles.Header, blank+l))
		}
	}
	for r, cells := range t.Rows {
		rowStart = append(rowStart, len(lines))
		cursor := r == t.Cursor
		rowSt, own := t.RowStyles[r]
		for k, l := range t.row(cells, ws, !cursor && !own) {
			if own && !cursor {
				l = render(rowSt, l)
			}
			switch {
			case cursor && k == 0:
				l = render(t.Styles.Marker, Marker) + render(t.Styles.Cursor, l)
			case cursor:
				l = render(t.Styles.Cursor, blank+l)
			default:
				l = blank + l
			}
			lines = append(lines, l)
		}
		if r < len(below) {
			// Under the row, indented past the marker and two more cells,
			// unless a word of it would not fit then.
			for _, text := range below[r] {
				indent := blank + "  "
				if w := wrap.MinWidth(text); w > width-len(indent) && w <= width-len(blank) {
					indent = blank
				} else if w > width-len(indent) {
					indent = "" // under the marker too, rather than cut
				}
				for _, l := range wrap.Lines(text, width-len(indent)) {
					l = indent + l
					l += strings.Repeat(" ", max(width-wrap.Width(l), 0))
					if cursor {
						l = render(t.Styles.Cursor, l)
					} else if own {
						l = render(rowSt, l)
					}
					lines = append(lines, l)
				}
			}
		}
	}
	return lines, rowStart
}

func (t *Table) hasHeader() bool {
	for _, c := range t.Columns {
		if c.Header != "" {
			return true
		}
	}
	return false
}

// row renders one row's cells as lines, each cell padded to its width; styled
// gives every cell its column's style.
func (t *Table) row(cells []string, ws []int, styled bool) []string {
	cols := make([][]string, len(t.Columns))
	h := 1
	for i, c := range t.Columns {
		text := ""
		if i < len(cells) {
			text = cells[i]
		}
		if !strings.Contains(text, "\n") && wrap.Width(text) <= ws[i] {
			cols[i] = []string{text} // fits as it is
		} else if c.Wrap {
			// Spaces before a cell's text are a hanging indent, kept on every line.
			body := strings.TrimLeft(text, " ")
			indent := text[:len(text)-len(body)]
			if len(indent) >= ws[i] {
				body, indent = text, ""
			}
			for _, l := range wrap.Lines(body, ws[i]-len(indent)) {
				cols[i] = append(cols[i], indent+l)
			}
		} else {
			for _, l := range strings.Split(text, "\n") {
				cols[i] = append(cols[i], wrap.Truncate(l, ws[i]))
			}
		}
		h = max(h, len(cols[i]))
	}
	gap := strings.Repeat(" ", max(t.Gap, 0))
	out := make([]string, h)
	for k := range out {
		parts := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			text := ""
			if k < len(cols[i]) {
				text = cols[i][k]
			}
			pad := strings.Repeat(" ", max(ws[i]-wrap.Width(text), 0))
			if c.Align == Right {
				text = pad + text
			} else {
				text += pad
			}
			if styled {
				text = render(c.Style, text)
			}
			parts[i] = text
		}
		out[k] = strings.Join(parts, gap)
	}
	return out
}

// widths sizes the columns to width cells: every column as wide as its widest
// cell if they all fit. Else columns that may wrap or shrink give way, the
// widest first, one cell at a time, in rounds: first a header wider than its
// cells breaks between its words, then cells break without cutting a word
// (a kept column only down to half the width), then the kept ones too, then
// down to their minimum, cutting words; and if that is not enough either,
// every column does, so that the table is never wider. A header of up to
// eight cells counts as one word. What breaking frees goes back where it
// makes the table shorter, taken from columns that still break between
// their words if need be.
func (t *Table) widths(width int) []int {
	n := len(t.Columns)
	ws := make([]int, n)
	for i, c := range t.Columns {
		ws[i] = widest(c.Header)
		for _, r := range t.Rows {
			if i < len(r) {
				ws[i] = max(ws[i], widest(r[i]))
			}
		}
	}
	excess := -width + max(t.Gap, 0)*max(n-1, 0)
	for _, w := range ws {
		excess += w
	}
	if excess <= 0 {
		return ws
	}
	natural := append([]int(nil), ws...)
	words := make([]int, n) // the widest piece never broken but by a cut
	for i, c := range t.Columns {
		if !c.Wrap {
			continue
		}
		words[i] = wrap.MinWidth(c.Header)
		if h := widest(c.Header); h <= shortHeader {
			words[i] = h // a short header is one word: 通話時間, Duration
		}
		for _, r := range t.Rows {
			if i < len(r) {
				words[i] = max(words[i], wrap.MinWidth(r[i]))
			}
		}
	}
	rounds := make([][]int, 4)
	for k := range rounds {
		rounds[k] = make([]int, n)
	}
	for i, c := range t.Columns {
		// First a header wider than its cells breaks between its words: that
		// loses nothing of the rows (Mail / address, ご請求額 / (税込)).
		cells := 0
		for _, r := range t.Rows {
			if i < len(r) {
				cells = max(cells, widest(r[i]))
			}
		}
		head := ws[i]
		if c.Wrap {
			head = min(ws[i], max(cells, words[i], 1))
		}
		rounds[0][i] = head
	}
	for i, c := range t.Columns {
		floor := max(c.Min, 1)
		whole := max(words[i], floor)
		kept := whole
		if c.Keep {
			kept = max(whole, width/2)
		}
		if !c.Wrap && !c.Shrink {
			whole, kept, floor = ws[i], ws[i], ws[i]
		}
		if !c.Wrap {
			whole, kept = ws[i], ws[i] // only a wrapping column breaks between words
		}
		rounds[1][i] = min(ws[i], kept)
		rounds[2][i] = min(ws[i], whole)
		rounds[3][i] = min(ws[i], floor)
	}
	for ; excess > 0; excess-- {
		i := -1
		for _, floors := range append(rounds, nil) {
			if i = widestAbove(ws, floors, -1); i >= 0 {
				break
			}
		}
		if i < 0 {
			break
		}
		ws[i]--
	}
	// A wrapped column is as wide as its widest line; what that frees goes to
	// the columns it lets show more on a line, the most wanting first.
	for i, c := range t.Columns {
		if c.Wrap && ws[i] < natural[i] {
			ws[i] = t.wrappedWidth(i, ws[i])
		}
	}
	free := width - max(t.Gap, 0)*max(n-1, 0)
	for _, w := range ws {
		free -= w
	}
	free = t.spend(ws, natural, words, free)
	for free > 0 {
		best, bestW := -1, 0
		for i, c := range t.Columns {
			want := natural[i] - ws[i]
			if want <= 0 || (best >= 0 && want <= natural[best]-ws[best]) {
				continue
			}
			w := ws[i] + min(want, free)
			if c.Wrap {
				w = t.wrappedWidth(i, w)
			}
			if w > ws[i] {
				best, bestW = i, w
			}
		}
		if best < 0 {
			break
		}
		free -= bestW - ws[best]
		ws[best] = bestW
	}
	return ws
}

// shortHeader is the widest header that is one word: it breaks only when
// every other column is down to its words.
const shortHeader = 8

// spend gives a broken column the width that makes it break less, from the
// free room and from the columns that can still break between their words,
// when the table gets fewer lines for it; it returns the room still free.
func (t *Table) spend(ws, natural, words []int, free int) int {
	floors := make([]int, len(ws))
	for j, c := range t.Columns {
		floors[j] = ws[j]
		if c.Wrap {
			floors[j] = min(ws[j], max(words[j], c.Min, 1))
		}
	}
	for i, c := range t.Columns {
		if !c.Wrap || ws[i] >= natural[i] {
			continue
		}
		now, lines := t.height(ws), t.lines(i, ws[i])
		for target := ws[i] + 1; target <= natural[i]; target++ {
			if t.lines(i, target) >= lines {
				continue // no better at that width
			}
			trial := append([]int(nil), ws...)
			trial[i] = target
			need := target - ws[i] - free
			for ; need > 0; need-- {
				j := widestAbove(trial, floors, i)
				if j < 0 {
					break
				}
				trial[j]--
			}
			if need > 0 {
				break // no more room to take
			}
			for j, cj := range t.Columns {
				if j != i && cj.Wrap && trial[j] < ws[j] {
					trial[j] = t.wrappedWidth(j, trial[j])
				}
			}
			left := free
			for j := range ws {
				left += ws[j] - trial[j]
			}
			if t.height(trial) < now {
				copy(ws, trial)
				free = left
				floors[i] = ws[i] // what it got is not taken back
				break
			}
		}
	}
	return free
}

// lines is the number of lines of column i, w wide, in every row.
func (t *Table) lines(i, w int) int {
	n := 0
	for _, text := range append([]string{t.Columns[i].Header}, t.column(i)...) {
		n += cellLines(text, w, t.Columns[i].Wrap)
	}
	return n
}

// height is the number of lines of the table with columns ws wide.
func (t *Table) height(ws []int) int {
	h := 0
	rows := t.Rows
	if t.hasHeader() {
		heads := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			heads[i] = c.Header
		}
		rows = append([][]string{heads}, rows...)
	}
	for _, r := range rows {
		rh := 1
		for i, c := range t.Columns {
			if i < len(r) {
				rh = max(rh, cellLines(r[i], ws[i], c.Wrap))
			}
		}
		h += rh
	}
	return h
}

// cellLines is the number of lines row gives text in a column w wide.
func cellLines(text string, w int, wraps bool) int {
	if !strings.Contains(text, "\n") && wrap.Width(text) <= w {
		return 1
	}
	if !wraps {
		return strings.Count(text, "\n") + 1
	}
	body := strings.TrimLeft(text, " ")
	indent := len(text) - len(body)
	if indent >= w {
		body, indent = text, 0
	}
	return len(wrap.Lines(body, w-indent))
}

// wrappedWidth is the width of the widest line of column i broken at w.
func (t *Table) wrappedWidth(i, w int) int {
	got := 0
	for _, text := range append([]string{t.Columns[i].Header}, t.column(i)...) {
		body := strings.TrimLeft(text, " ")
		indent := len(text) - len(body) // kept on every line, as row does
		if indent >= w {
			return w
		}
		for _, l := range wrap.Lines(body, w-indent) {
			got = max(got, indent+wrap.Width(l))
		}
	}
	return min(max(got, 1), w)
}

// column is the text of column i in every row.
func (t *Table) column(i int) []string {
	var out []string
	for _, r := range t.Rows {
		if i < len(r) {
			out = append(out, r[i])
		}
	}
	return out
}

// widestAbove is the widest column but skip still wider than its minimum (1
// with no minimums), the last of equals; -1 when there is none.
func widestAbove(ws, mins []int, skip int) int {
	best := -1
	for i, w := range ws {
		if i == skip {
			continue
		}
		floor := 1
		if mins != nil {
			floor = mins[i]
		}
		if w > floor && (best < 0 || w >= ws[best]) {
			best = i
		}
	}
	return best
}

// render renders s in st; the zero style is not rendered, as it would reach
// for the process's own terminal, not the session's.
func render(st lipgloss.Style, s string) string {
	if s == "" || reflect.ValueOf(st).IsZero() {
		return s
	}
	return st.Render(s)
}

// widest is the width of the widest line of s.
func widest(s string) int {
	w := 0
	for _, l := range strings.Split(s, "\n") {
		w = max(w, wrap.Width(l))
	}
	return w
}
