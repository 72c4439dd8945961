// Package wrap is the one line breaker of the screens, for Japanese and
// English alike.
//
// Break opportunities come from the Unicode line breaking algorithm (UAX #14,
// github.com/rivo/uniseg) and are then narrowed:
//
//   - inside a run of narrow characters with no space there is no break, so a
//     word, an e-mail address, a URL, a card number (XXXX-XXXX-XXXX-1111), a
//     phone number (0120-123-456) or a date (2026/11/22) stays on one line;
//   - a number keeps its unit, with or without one space between them
//     (24 円, 3,000円, 3,000 yen, 1 call), and a katakana word stays whole
//     (ホームページアドレス), unless either is wider than the line: then
//     they break where UAX #14 allows, as any Japanese text;
//   - Japanese line-breaking rules (JIS X 4051 kinsoku): no closing bracket,
//     。、，．・ and the like, small kana or ー at the start of a line, and no
//     opening bracket （「『【〔〈《([{ at the end of one;
//   - a bracketed group of at most eight characters ((必須), (税込), 「登録」,
//     （必須）) or a number in brackets moves to the next line whole when it
//     fits the line, and such a group stays with a short word after it (a
//     label and its value: (名カナ) アン); wider than the line, it breaks as
//     it would otherwise.
//
// Lines are filled greedily. A piece that cannot be broken and is wider than
// the line is the only thing ever cut: it is continued on the next line, and
// every cut line ends with … so the cut shows and no text is lost. Such a
// piece is cut after a separator (/ - . and the like) or before an @ where
// one falls in the second half of the line, else at the width.
//
// Text is plain text (no escape sequences); widths are terminal cells as
// lipgloss measures them.
package wrap

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/rivo/uniseg"
)

// Ellipsis marks where a piece wider than the line was cut.
const Ellipsis = "…"

// noLineStart may not start a line (JIS X 4051 kinsoku): closing brackets,
// closing and middle punctuation, iteration marks, small kana and the
// long-vowel mark.
const noLineStart = ")]}）」』】〕〉》］｝〙〗〟’”｠»、。，．・：；？！゛゜ゝゞヽヾ々〻ー～" +
	"ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ" +
	"ｧｨｩｪｫｬｭｮｯｰ,.:;!?%"

// noLineEnd may not end a line: opening brackets.
const noLineEnd = "([{（「『【〔〈《［｛〘〖〝‘“｟«"

// Width is the width of s in terminal cells, as lipgloss measures it.
func Width(s string) int {
	if ascii(s) {
		return len(s) // one cell a byte
	}
	if e, ok := memo.get(s, memoWidth); ok {
		return e.n
	}
	w := ansi.StringWidth(s)
	memo.put(s, memoWidth, memoEntry{n: w})
	return w
}

// String breaks s into lines of at most width cells and joins them with "\n".
// Line breaks already in s are kept. A width below 1 leaves s as it is.
func String(s string, width int) string {
	return strings.Join(Lines(s, width), "\n")
}

// Lines breaks s into lines of at most width cells. Every "\n" in s starts a
// new line; spaces where a line is broken are dropped. A width below 1 only
// splits s at its own line breaks.
func Lines(s string, width int) []string {
	if width < 1 {
		return strings.Split(s, "\n")
	}
	if e, ok := memo.get(s, width); ok {
		return append([]string(nil), e.lines...) // the caller may change its copy
	}
	out := lines(s, width)
	memo.put(s, width, memoEntry{lines: append([]string(nil), out...)})
	return out
}

// lines is Lines without the memo.
func lines(s string, width int) []string {
	var out []string
	for _, p := range strings.Split(s, "\n") {
		out = fill(units(strings.TrimSuffix(p, "\r")), width, out)
	}
	return out
}

// memo keeps the lines and widths of recent texts: screens redraw the same
// texts at the same width on every key press. It is bounded in entries and in
// bytes, and shared by every session behind its lock (what it keeps of a text
// depends on nothing else).
var memo = textMemo{m: map[memoKey]memoEntry{}}

const (
	memoEntries = 8192    // forgotten all at once when full
	memoBytes   = 4 << 20 // the same, counted in the bytes of texts and lines
	memoLongest = 1024    // longer texts are not kept
	memoEntry0  = 64      // bytes an entry takes besides its texts
)

// What is kept of a text: its lines at a width, or one of these numbers.
const (
	memoWidth    = -1 // Width
	memoMinWidth = -2 // MinWidth
)

type memoKey struct {
	s     string
	width int
}

type memoEntry struct {
	lines []string
	n     int
}

type textMemo struct {
	mu    sync.Mutex
	m     map[memoKey]memoEntry
	bytes int // of the texts and lines kept, and memoEntry0 an entry
}

func (c *textMemo) get(s string, width int) (memoEntry, bool) {
	if len(s) > memoLongest {
		return memoEntry{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[memoKey{s, width}]
	return e, ok
}

func (c *textMemo) put(s string, width int, e memoEntry) {
	if len(s) > memoLongest {
		return
	}
	size := memoEntry0 + len(s)
	for _, l := range e.lines {
		size += len(l) + 16
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	k := memoKey{s, width}
	if _, ok := c.m[k]; ok {
		return
	}
	if len(c.m) >= memoEntries || c.bytes+size > memoBytes {
		clear(c.m)
		c.bytes = 0
	}
	// The key is a copy: s may be a slice of a much longer text.
	c.m[memoKey{strings.Clone(s), width}] = e
	c.bytes += size
}

// MinWidth is the width of the widest word of s: of the pieces Lines keeps
// on one line whenever they fit (a word, an address, a number with its unit,
// a katakana word). At that width or more, Lines breaks no word and cuts
// nothing.
func MinWidth(s string) int {
	if e, ok := memo.get(s, memoMinWidth); ok {
		return e.n
	}
	w := 0
	for _, p := range strings.Split(s, "\n") {
		for _, u := range units(p) {
			w = max(w, Width(strings.TrimRight(u.text, " ")))
		}
	}
	memo.put(s, memoMinWidth, memoEntry{n: w})
	return w
}

// Truncate keeps s on one line of at most width cells, ending it with … when
// it is cut. Unlike the rest of the package it accepts styled text: escape
// sequences are kept and take no room.
func Truncate(s string, width int) string {
	if width < 1 {
		return ""
	}
	if Width(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, Ellipsis)
}

// TruncateLines cuts every line of s to width cells, each cut line ending
// with …, so that it does not pass for the whole. Styles in s are kept.
func TruncateLines(s string, width int) string {
	if !strings.Contains(s, "\n") {
		return Truncate(s, width)
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Truncate(l, width)
	}
	return strings.Join(lines, "\n")
}

// unit is a piece of a paragraph that is broken only if it is wider than the
// line: at its soft joins first (a number and its unit), else by cutting it.
type unit struct {
	text string
	soft []int // byte offsets in text where a break is allowed if it must be
	// parts are the units a bracketed group was joined from: when the group
	// is wider than the line it is laid out as them, each with its own joins.
	parts []unit
}

// units cuts one paragraph into the pieces that are not broken: UAX #14
// segments glued together where this package allows no break, then short
// bracketed groups kept whole.
func units(p string) []unit {
	return groups(p, segments(p))
}

// segments is units before the bracketed groups are kept whole.
func segments(p string) []unit {
	var us []unit
	next := uaxSegment()
	if ascii(p) {
		next = asciiSegment
	}
	whole, start := p, 0 // a unit is whole[start:] up to the segment
	for p != "" {
		var seg string
		seg, p = next(p)
		end := len(whole) - len(p)
		if n := len(us); n > 0 {
			if g := glue(us[n-1].text, seg); g != apart {
				if g == soft {
					us[n-1].soft = append(us[n-1].soft, len(us[n-1].text))
				}
				us[n-1].text = whole[start:end] // a slice of the paragraph, not a copy
				continue
			}
		}
		start = end - len(seg)
		us = append(us, unit{text: seg})
	}
	return us
}

// Short bracketed groups: (必須), (税込), 「登録」, (3), (姓カナ).
const (
	groupLongest = 12 // characters between the brackets: (購入の場合必須), (tax excl.)
	wordShortest = 8  // cells of the word that follows a group and stays with it
	// A number in brackets is kept whole up to this many characters, and
	// with the numbers beside it: +81 (3) 1234-5678.
	numberLongest = 20
)

// closing is the closing bracket of each opening one.
var closing = map[rune]rune{
	'(': ')', '[': ']', '{': '}', '（': '）', '「': '」', '『': '』', '【': '】',
	'〔': '〕', '〈': '〉', '《': '》', '［': '］', '｛': '｝', '〘': '〙', '〖': '〗',
}

// groups joins the units of a paragraph p (in order, slices of p) so that a
// bracketed group of at most groupLongest characters, or a number in
// brackets, is one unit; such a group followed by one space and a short word
// (a label and its value: (名カナ) アン) stays with it, and a number in
// brackets with the numbers beside it (a phone number: +81 (3) 1234-5678). The joins are soft: a group
// wider than the line breaks where it would have otherwise.
func groups(p string, us []unit) []unit {
	if !strings.ContainsAny(p, "([{（「『【〔〈《［｛〘〖") || len(us) < 2 {
		return us
	}
	// Byte offsets in p of the units joined to the one before, and how.
	const (
		inside = iota + 1 // inside a group
		short             // the word after a group, if short
		number            // a number beside a number in brackets: +81 (3) 1234-5678
	)
	join := map[int]int{}
	for o, r := range p {
		c, ok := closing[r]
		if !ok {
			continue
		}
		end, n := -1, 0
		for i, q := range p[o+utf8.RuneLen(r):] {
			if q == c {
				end = o + utf8.RuneLen(r) + i + utf8.RuneLen(q)
				break
			}
			if q == r || n > numberLongest {
				break // nested or long: not a short group
			}
			n++
		}
		if end < 0 {
			continue
		}
		isNum := isNumber(strings.TrimLeft(p[o+utf8.RuneLen(r):end-utf8.RuneLen(c)], "+"))
		if n > groupLongest && !isNum {
			continue
		}
		for at := o + 1; at < end; at++ {
			join[at] = inside
		}
		rest := p[end:]
		word := strings.TrimPrefix(rest, " ")
		if len(word) == len(rest) || strings.HasPrefix(word, " ") {
			continue
		}
		next, _, _ := strings.Cut(word, " ")
		if isNum && isNumber(strings.TrimRightFunc(next, func(r rune) bool { return strings.ContainsRune(noLineStart, r) })) {
			join[end+1] = number
			if before := strings.TrimSuffix(p[:o], " "); len(before) == o-1 &&
				isNumber(strings.TrimLeft(before[strings.LastIndexByte(before, ' ')+1:], "+")) {
				join[o] = number
			}
		} else if first, _ := utf8.DecodeRuneInString(word); n <= groupLongest && closing[first] == 0 {
			join[end+1] = short // not when another group follows: (確認) (必須)
		}
	}
	out := us[:0:0]
	at := 0
	for _, u := range us {
		start := at
		at += len(u.text)
		how := join[start]
		if how == short && Width(strings.TrimRight(u.text, " ")) > wordShortest {
			how = 0
		}
		if n := len(out); n > 0 && how != 0 {
			last := &out[n-1]
			if last.parts == nil {
				last.parts = []unit{*last}
			}
			if how != inside {
				// The group and its word: two parts, each with its own joins.
				last.parts = []unit{{text: last.text, soft: last.soft, parts: last.parts}, u}
			} else {
				last.parts = append(last.parts, u)
			}
			last.soft = nil
			last.text = p[start-len(last.text) : at]
			continue
		}
		out = append(out, u)
	}
	return out
}

// uaxSegment cuts the UAX #14 segments off a text, one at a time.
func uaxSegment() func(string) (string, string) {
	state := -1
	return func(p string) (seg, rest string) {
		seg, rest, _, state = uniseg.FirstLineSegmentInString(p, state)
		return seg, rest
	}
}

// asciiSegment cuts off what a printable ASCII text keeps of its UAX #14
// segments once glue has joined every pair of narrow characters: a word and
// the spaces after it. It gives the same units as uaxSegment, only faster.
func asciiSegment(p string) (seg, rest string) {
	i := strings.IndexByte(p, ' ')
	if i < 0 {
		return p, ""
	}
	for i < len(p) && p[i] == ' ' {
		i++
	}
	return p[:i], p[i:]
}

// ascii reports whether s is printable ASCII only.
func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// noStartAfterSpace may not follow a space at the start of a line (UAX #14
// LB13: closing punctuation, infix separators, exclamation and the slash).
const noStartAfterSpace = ")]},.:;!?/"

// How two UAX #14 segments join.
const (
	apart = iota // a break is allowed between them
	hard         // never broken but by a cut
	soft         // kept together unless together they are wider than the line
)

// glue tells how a joins the b that follows it.
func glue(a, b string) int {
	last, _ := utf8.DecodeLastRuneInString(a)
	first, _ := utf8.DecodeRuneInString(b)
	if last == ' ' {
		word := strings.TrimRight(a, " ")
		before, _ := utf8.DecodeLastRuneInString(word)
		if strings.ContainsRune(noLineEnd, before) || strings.ContainsRune(noStartAfterSpace, first) ||
			(before == '"' || before == '\'') && strings.ContainsRune(noLineEnd, first) ||
			first == '-' && len(b) > 1 && b[1] >= '0' && b[1] <= '9' {
			return hard // UAX #14 LB13–LB15, LB25: "( a", "a )", "a / b", "" (", "a -1"
		}
		// A number keeps its unit across one space: 24 円, 3,000 yen.
		word = strings.TrimSuffix(a, " ")
		if !strings.HasSuffix(word, " ") && isNumber(word[strings.LastIndexByte(word, ' ')+1:]) && unicode.IsLetter(first) {
			return soft
		}
		return apart
	}
	switch {
	case unicode.IsSpace(first):
		return hard
	case strings.ContainsRune(noLineEnd, last), strings.ContainsRune(noLineStart, first):
		return hard
	case narrow(last) && narrow(first):
		return hard
	case unicode.IsDigit(last) && unicode.IsLetter(first):
		return soft // 3,000円, 2026年
	case katakana(last) && katakana(first):
		return soft // a katakana word: ホームページアドレス
	}
	return apart
}

// narrow reports whether r is a one-cell character that belongs to a word,
// URL or number (half-width kana excepted: they break as Japanese does).
func narrow(r rune) bool {
	switch {
	case unicode.IsSpace(r) || (r >= 0xFF61 && r <= 0xFF9F):
		return false
	case r > 0x20 && r < 0x7f:
		return true
	}
	return Width(string(r)) == 1
}

// katakana reports whether r belongs to a katakana word (the middle dot ・
// separates words and is left out).
func katakana(r rune) bool {
	return (r >= 0x30A1 && r <= 0x30FF && r != 0x30FB) || (r >= 0x31F0 && r <= 0x31FF) || (r >= 0xFF66 && r <= 0xFF9F)
}

// isNumber reports whether w is an amount, a date or a time: digits with
// the separators , . / - : and ending in a digit.
func isNumber(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !unicode.IsDigit(r) && !strings.ContainsRune(",./-:", r) {
			return false
		}
	}
	r, _ := utf8.DecodeLastRuneInString(w)
	return unicode.IsDigit(r)
}

// fill lays the units of one paragraph greedily onto lines of width cells and
// appends them to out.
func fill(us []unit, width int, out []string) []string {
	var cur strings.Builder
	curW := 0 // width of cur, its trailing spaces included
	flush := func() {
		out = append(out, strings.TrimRight(cur.String(), " "))
		cur.Reset()
		curW = 0
	}
	var place func(u unit)
	place = func(u unit) {
		body := strings.TrimRight(u.text, " ")
		bw := Width(body)
		if curW > 0 && curW+bw > width {
			flush()
		}
		if bw > width && len(u.parts) > 0 {
			// A bracketed group wider than the line: as it was before.
			for _, part := range u.parts {
				place(part)
			}
			return
		}
		if bw > width && len(u.soft) > 0 {
			// Too wide together: the soft joins give way first.
			from := 0
			for _, at := range append(u.soft, len(u.text)) {
				place(unit{text: u.text[from:at]})
				from = at
			}
			return
		}
		if curW == 0 && bw > width {
			for _, piece := range cut(body, width) {
				if cur.Len() > 0 {
					flush()
				}
				cur.WriteString(piece)
				curW = Width(piece)
			}
			cur.WriteString(u.text[len(body):])
			curW += len(u.text) - len(body)
			return
		}
		cur.WriteString(u.text)
		curW += bw + len(u.text) - len(body)
	}
	for _, u := range us {
		place(u)
	}
	flush()
	return out
}

// softCut is the byte offset of the last place in s, followed by rest, after
// a separator of an address or a number (/ - _ . , : ; ? & = #) or before an @;
// 0 when there is none.
func softCut(s, rest string) int {
	for i := len(s); i > 0; i-- {
		switch {
		case i < len(s) && s[i] == '@', i == len(s) && strings.HasPrefix(rest, "@"):
			return i
		case strings.IndexByte("/-_.,:;?&=#", s[i-1]) >= 0 && (i == len(s) || s[i] != s[i-1]):
			return i
		}
	}
	return 0
}

// cut splits a piece wider than width into lines: every one but the last
// ends with … where it was cut.
func cut(s string, width int) []string {
	var out []string
	left := Width(s) // of s, what is still to be laid out
	for left > width {
		n, w := 0, 0 // bytes and cells of the piece
		for n < len(s) {
			g, _ := ansi.FirstGraphemeCluster(s[n:], ansi.GraphemeWidth)
			if g == "" {
				_, size := utf8.DecodeRuneInString(s[n:])
				g = s[n : n+size]
			}
			// Measured as Width measures the whole (the cluster's own width can
			// differ for combining marks and variation selectors), so the pieces
			// add up to left and the loop ends.
			gw := ansi.StringWidth(g)
			if w+gw > width-1 {
				if n == 0 {
					// No room for the mark (a line of one cell, or a wide
					// character on a line of two): the character goes alone.
					n, w = len(g), gw
				}
				break
			}
			n, w = n+len(g), w+gw
		}
		piece := s[:n]
		mark := Ellipsis
		if w > width-1 {
			mark = ""
		} else if at := softCut(piece, s[n:]); at > 0 && at < n && Width(piece[:at]) >= width/2 {
			// An address or a number is better cut where it has a separator.
			piece = piece[:at]
			w = Width(piece)
		}
		out = append(out, piece+mark)
		s = s[len(piece):]
		left -= w
		if len(piece) == 0 {
			break // nothing was taken: never loop on the same text
		}
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}

// Items lays out items on lines of the width, as many whole items to a line
// as fit, sep between them: a legend reads item by item, never split inside
// one. An item wider than the width is broken as String breaks text.
func Items(items []string, sep string, width int) string {
	var lines []string
	line := ""
	for _, it := range items {
		switch {
		case line == "":
			line = it
		case Width(line)+Width(sep)+Width(it) <= width:
			line += sep + it
		default:
			lines = append(lines, line)
			line = it
		}
		if Width(line) > width {
			lines = append(lines, String(line, width))
			line = ""
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
