package core

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Free text (SPEC §11.5): whatever its source — a screen, an admin flag, a call
// file, the catalog — text has a length limit per field and never stores a
// control character (C0, DEL, C1), a bidi override or isolate (U+202A–U+202E,
// U+2066–U+2069) or bytes that are not UTF-8. Output paths show stored text
// through Escape, so that even text stored before these checks cannot drive a
// terminal.

// TextLimits is the longest text, in characters, each free-text field accepts.
var TextLimits = map[string]int{
	FieldLastName:           20,
	FieldFirstName:          20,
	FieldLastKana:           20,
	FieldFirstKana:          20,
	FieldUserName:           20,
	FieldRomajiLast:         30,
	FieldRomajiFirst:        30,
	FieldAddress:            200,
	FieldPhone:              13,
	FieldFax:                13,
	FieldMobile:             13,
	FieldContactMail:        254,
	FieldMailAddress:        254,
	FieldForwardTo:          254,
	FieldReplyText:          1000,
	FieldCardHolderFirst:    30,
	FieldCardHolderLast:     30,
	FieldDebitBank:          30,
	FieldDebitBranch:        30,
	FieldDebitAccountHolder: 30,
}

// TextLimit is the limit of a field in TextLimits; a field not listed gets 200.
func TextLimit(field string) int {
	if n, ok := TextLimits[field]; ok {
		return n
	}
	return 200
}

// forbiddenRune reports the characters no stored text may contain.
func forbiddenRune(r rune) bool {
	return unicode.IsControl(r) || bidiControl(r)
}

// bidiControl reports the bidi embeddings, overrides and isolates, which reorder
// the text displayed after them (Trojan Source, CVE-2021-42574).
func bidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// textProblem checks free text against the rule: ProblemFormat for bytes that
// are not UTF-8 or a forbidden character, ProblemLength for more than max characters.
func textProblem(s string, max int) string {
	if !utf8.ValidString(s) {
		return ProblemFormat
	}
	n := 0
	for _, r := range s {
		if forbiddenRune(r) {
			return ProblemFormat
		}
		n++
	}
	if n > max {
		return ProblemLength
	}
	return ""
}

// fieldText checks the free text of a field with the field's limit.
func fieldText(field, s string) string { return textProblem(s, TextLimit(field)) }

// Escape renders the characters of s that could drive a terminal visibly:
// C0 controls other than the line feed, DEL and bytes that are not UTF-8 as
// \xHH, C1 controls and bidi overrides and isolates as \uHHHH. Everything
// else, the backslash included, is left as it is, so Escape(Escape(s)) ==
// Escape(s) and text that is already safe comes back unchanged.
func Escape(s string) string {
	if safeText(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteByte('\n')
		case r < 0x80 && forbiddenRune(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case forbiddenRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// EscapeLine is Escape for text shown on one line: a line feed shows as \n too.
func EscapeLine(s string) string {
	return strings.ReplaceAll(Escape(s), "\n", `\n`)
}

// safeText reports whether Escape would leave s unchanged.
func safeText(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c != '\n' && (c < 0x20 || c == 0x7f) {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 || forbiddenRune(r) {
			return false
		}
		i += size
	}
	return true
}

// foldWidth folds full-width Latin letters, digits and symbols (U+FF01–U+FF5E)
// and the ideographic space to their half-width forms, as input is folded
// before validation (SPEC §11.5): ０４５－１２３ → 045-123, ＴＡＲＯ＠… → TARO@….
// Other characters, kana and kanji among them, are left as they are, and so
// are bytes that are not UTF-8, for the free-text rule to refuse.
func foldWidth(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			b.WriteRune(r - 0xFEE0)
		case r == 0x3000:
			b.WriteByte(' ')
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
