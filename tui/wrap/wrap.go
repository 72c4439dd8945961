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
//     opening bracket （「『【〔〈《([{ at the end of one.
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
func Width(s string) int { return ansi.StringWidth(s) }

// String breaks s into lines of at most width cells and joins them with "\n".
// Line breaks already in s are kept. A width below 1 leaves s as it is.
func String(s string, width int) string {
	return strings.Join(Lines(s, width), "\n")
}

// Lines breaks s into lines of at most width cells. Every "\n" in s starts a
// new line; spaces where a line is broken are dropped. A width below 1 only
// splits s at its own line breaks.
func Lines(s string, width int) []string {
	paras := strings.Split(s, "\n")
	if width < 1 {
		return paras
	}
	var out []string
	for _, p := range paras {
		out = fill(units(strings.TrimSuffix(p, "\r")), width, out)
	}
	return out
}

// MinWidth is the width of the widest piece of s that is never broken but by
// a cut: at that width or more, Lines cuts nothing.
func MinWidth(s string) int {
	w := 0
	for _, p := range strings.Split(s, "\n") {
		for _, u := range units(p) {
			from := 0
			for _, at := range append(u.soft, len(u.text)) {
				w = max(w, Width(strings.TrimRight(u.text[from:at], " ")))
				from = at
			}
		}
	}
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

// unit is a piece of a paragraph that is broken only if it is wider than the
// line: at its soft joins first (a number and its unit), else by cutting it.
type unit struct {
	text string
	soft []int // byte offsets in text where a break is allowed if it must be
}

// units cuts one paragraph into the pieces that are not broken: UAX #14
// segments glued together where this package allows no break.
func units(p string) []unit {
	var us []unit
	state := -1
	for p != "" {
		var seg string
		seg, p, _, state = uniseg.FirstLineSegmentInString(p, state)
		if n := len(us); n > 0 {
			if g := glue(us[n-1].text, seg); g != apart {
				if g == soft {
					us[n-1].soft = append(us[n-1].soft, len(us[n-1].text))
				}
				us[n-1].text += seg
				continue
			}
		}
		us = append(us, unit{text: seg})
	}
	return us
}

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
		// A number keeps its unit across one space: 24 円, 3,000 yen.
		word := strings.TrimSuffix(a, " ")
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
	if unicode.IsSpace(r) || (r >= 0xFF61 && r <= 0xFF9F) {
		return false
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
	for Width(s) > width {
		var b strings.Builder
		w := 0
		rest := s
		for rest != "" {
			g, gw := ansi.FirstGraphemeCluster(rest, ansi.GraphemeWidth)
			if w+gw > width-1 {
				break
			}
			b.WriteString(g)
			w += gw
			rest = rest[len(g):]
		}
		if b.Len() == 0 {
			// No room for the mark (a line of one cell, or a wide character on
			// a line of two): the character goes alone.
			g, _ := ansi.FirstGraphemeCluster(rest, ansi.GraphemeWidth)
			if g == "" {
				_, n := utf8.DecodeRuneInString(rest)
				g = rest[:n]
			}
			out = append(out, g)
			s = rest[len(g):]
			continue
		}
		piece := b.String()
		if at := softCut(piece, rest); at > 0 && Width(piece[:at]) >= width/2 {
			// An address or a number is better cut where it has a separator.
			rest = piece[at:] + rest
			piece = piece[:at]
		}
		out = append(out, piece+Ellipsis)
		s = rest
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}
