package core

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Free text (SPEC §11.5): whatever its source — a screen, an admin flag, a call
// file, the catalog — text has a length limit per field and never stores a
// control character (C0, DEL, C1), an invisible format character (Unicode
// category Cf: the bidi marks, embeddings, overrides and isolates, zero-width
// characters, the byte order mark, tags, interlinear annotations …), a line or
// paragraph separator (U+2028, U+2029) or bytes that are not UTF-8. Output paths
// show stored text through Escape, so that even text stored before these checks
// cannot drive a terminal or hide what it shows. Screens drop the same
// characters as they are typed or pasted (ForbiddenRune), so that a field
// shows only what will be checked.

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

// ForbiddenRune reports the characters no stored text may contain: the controls
// (Cc), the format characters (Cf) and the line and paragraph separators (Zl, Zp).
//
// Cf holds the bidi marks, embeddings, overrides and isolates, which reorder
// the text displayed after them (Trojan Source, CVE-2021-42574), and characters
// that show nothing, so that two texts looking alike differ. The zero-width
// joiner U+200D is refused with them: no Japanese name, address or message
// needs it (its use is joining emoji and some Indic and Arabic letters),
// terminals disagree on the width of what it joins, which breaks the columns
// of a screen, and it hides inside a name like any other zero-width character.
// The variation selectors that pick a kanji's form in a name (U+FE00–U+FE0F,
// U+E0100–U+E01EF) are Mn, not Cf, and stay allowed.
func ForbiddenRune(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}

// textProblem checks free text against the rule: ProblemFormat for bytes that
// are not UTF-8 or a forbidden character, ProblemLength for more than max characters.
func textProblem(s string, max int) string {
	if !utf8.ValidString(s) {
		return ProblemFormat
	}
	n := 0
	for _, r := range s {
		if ForbiddenRune(r) {
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

// Escape renders the characters of s that could drive a terminal or hide what
// it shows visibly: C0 controls other than the line feed, DEL and bytes that
// are not UTF-8 as \xHH, the other characters ForbiddenRune reports (C1
// controls, format characters, line and paragraph separators) as \uHHHH, or
// \UHHHHHHHH beyond U+FFFF. Everything else, the backslash included, is left
// as it is, so Escape(Escape(s)) == Escape(s) and text that is already safe
// comes back unchanged.
func Escape(s string) string {
	if safeText(s) {
		return s
	}
	s = WidenKana(s)
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteByte('\n')
		case r < 0x80 && ForbiddenRune(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case r > 0xffff && ForbiddenRune(r):
			fmt.Fprintf(&b, `\U%08x`, r)
		case ForbiddenRune(r):
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
		if r == utf8.RuneError && size <= 1 || ForbiddenRune(r) || halfwidthKana(r) {
			return false
		}
		i += size
	}
	return true
}

// halfwidthKana reports whether r is a half-width katakana or sound mark.
func halfwidthKana(r rune) bool { return r >= 0xFF61 && r <= 0xFF9F }

// WidenKana turns runs of half-width katakana into full width, a sound mark
// joined to the kana before it where it can be (ﾊﾟｽﾜｰﾄﾞ → パスワード). A
// terminal gives a half-width sound mark a cell of its own that width
// measurement counts as none, so such text is widened before it reaches a
// screen; everything else is left as it is.
func WidenKana(s string) string {
	i := strings.IndexFunc(s, halfwidthKana)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !halfwidthKana(r) {
			b.WriteString(s[i : i+size])
			i += size
			continue
		}
		j := i
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if !halfwidthKana(r) {
				break
			}
			j += size
		}
		b.WriteString(norm.NFKC.String(s[i:j]))
		i = j
	}
	return b.String()
}
