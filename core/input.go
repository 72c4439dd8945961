package core

import (
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// Input folding (SPEC §11.5): what a subscriber types into a field whose format
// is ASCII — a phone number, a mail address, a card or account number, an ID, a
// date — is folded to half-width before it is validated, whichever way it came
// (a screen, an admin flag); a kana name field takes half-width katakana as
// full-width. Names and addresses in Japanese keep their full-width characters.
// Folding changes no rule: the folded text is checked as typed half-width text
// would be, and it is what is stored.

// FieldCustomerNumber is the customer number typed to log in or to step up.
const FieldCustomerNumber = "number"

// inputFormat is the kind of text a field holds, for folding and for the
// characters a screen lets into it as they are typed.
type inputFormat int

const (
	formatFree   inputFormat = iota // free text in any script: kept as typed
	formatASCII                     // half-width letters, digits and symbols
	formatDigits                    // half-width digits only
	formatPhone                     // digits and hyphens
	formatCard                      // digits, with spaces or hyphens between groups
	formatDate                      // YYYY/MM/DD or YYYY-MM-DD
	formatKana                      // full-width katakana
	formatUpper                     // half-width capital letters (romaji on a card)
)

// inputFormats names the format of every field that is not free text.
var inputFormats = map[string]inputFormat{
	FieldCustomerNumber:     formatDigits,
	FieldAccountID:          formatASCII,
	FieldMailLocal:          formatASCII,
	FieldMailAddress:        formatASCII,
	FieldContactMail:        formatASCII,
	FieldForwardTo:          formatASCII,
	FieldPhone:              formatPhone,
	FieldFax:                formatPhone,
	FieldMobile:             formatPhone,
	FieldHousehold:          formatDigits,
	FieldCardNumber:         formatCard,
	FieldCardExpiry:         formatDigits,
	FieldCardExpiryYear:     formatDigits,
	FieldCardHolderFirst:    formatUpper,
	FieldCardHolderLast:     formatUpper,
	FieldDebitAccountNumber: formatDigits,
	FieldDebitAccountHolder: formatKana,
	FieldLastKana:           formatKana,
	FieldFirstKana:          formatKana,
	FieldReplyFrom:          formatDate,
	FieldReplyUntil:         formatDate,
}

// NormalizeInput folds what was typed into a field before it is validated:
// full-width Latin letters, digits and symbols and the ideographic space become
// half-width in a field whose format is ASCII (０４５－１２３ → 045-123), the
// spaces and hyphens between the digit groups of a card number are dropped, a
// date typed as YYYY/MM/DD becomes YYYY-MM-DD, half-width katakana in a kana
// field become full-width (ﾔﾏﾀﾞ → ヤマダ) and hiragana become katakana (やまだ →
// ヤマダ), the card holder's romaji become capitals (taro → TARO); spaces
// around the value are trimmed.
// A free-text field (a name, an address, a message) is returned as it is.
func NormalizeInput(field, s string) string {
	switch f := inputFormats[field]; f {
	case formatFree:
		return s
	case formatKana:
		return strings.TrimSpace(katakana(widenKana(s)))
	default:
		s = strings.TrimSpace(width.Fold.String(s))
		switch f {
		case formatCard:
			s = strings.NewReplacer(" ", "", "-", "").Replace(s)
		case formatDate:
			s = strings.ReplaceAll(s, "/", "-")
		case formatPhone:
			s = strings.Map(phoneDash, s)
		case formatUpper:
			s = upperASCII(s)
		}
		return s
	}
}

// phoneDash folds the dashes a Japanese keyboard gives between the groups of
// a phone number (ー, ‐, −, ―, ｰ) to the hyphen, as - typed half-width.
func phoneDash(r rune) rune {
	switch r {
	case 'ー', 'ｰ', '‐', '‑', '–', '—', '―', '−':
		return '-'
	}
	return r
}

// HasFormat reports whether a field's text has a format (ASCII, digits, a
// date, kana) rather than being free text in any script.
func HasFormat(field string) bool { return inputFormats[field] != formatFree }

// TypedRune is what a screen puts into a field for a character typed or
// pasted into it: the character folded to half-width when the field's format
// is ASCII, and ok false when the format can never hold it (a letter in a digit
// field), so that it is refused as it is typed. Free-text fields and kana
// fields take any character the free-text rule allows; kana are folded when
// the field is checked, when a voiced mark typed after its kana can join it.
// Only a field of digits refuses what is not a digit or one of its separators:
// the other ASCII fields leave that to their rule and its message.
func TypedRune(field string, r rune) (out rune, ok bool) {
	if ForbiddenRune(r) {
		return r, false
	}
	f := inputFormats[field]
	if f == formatFree || f == formatKana {
		return r, true
	}
	if folded := []rune(width.Fold.String(string(r))); len(folded) == 1 {
		r = folded[0]
	}
	digit := r >= '0' && r <= '9'
	switch f {
	case formatDigits:
		return r, digit
	case formatPhone:
		r = phoneDash(r)
		return r, digit || r == '-'
	case formatCard:
		return r, digit || r == ' ' || r == '-'
	case formatDate:
		return r, digit || r == '/' || r == '-'
	}
	return r, true // the rule of an ASCII field says what it refuses
}

// ParseDate reads a date typed as it is shown, YYYY/MM/DD, or as YYYY-MM-DD,
// full-width digits folded, as a day in Japan time.
func ParseDate(s string) (time.Time, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(width.Fold.String(s)), "/", "-")
	t, err := time.ParseInLocation("2006-01-02", s, JST)
	return t, err == nil
}

// widenKana turns half-width katakana (U+FF61–U+FF9F) into full-width, a
// voiced or semi-voiced mark joined to the kana before it (ｶﾞ → ガ). Every other
// character, the ideographic space among them, is left as it is.
func widenKana(s string) string {
	if !strings.ContainsFunc(s, halfKana) {
		return s
	}
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if !halfKana(r) {
			b.WriteRune(r)
			continue
		}
		wide := width.LookupRune(r).Folded()
		if i+1 < len(rs) && (rs[i+1] == 'ﾞ' || rs[i+1] == 'ﾟ') {
			mark := width.LookupRune(rs[i+1]).Folded() // the combining mark U+3099 or U+309A
			if joined := norm.NFC.String(string(wide) + string(mark)); utf8.RuneCountInString(joined) == 1 {
				b.WriteString(joined)
				i++
				continue
			}
		}
		if wide == 0x3099 || wide == 0x309A { // a mark on its own: its spacing form
			wide += 2
		}
		b.WriteRune(wide)
	}
	return b.String()
}

// katakana turns hiragana into the katakana of the same sound (やまだ → ヤマダ,
// ゝ → ヽ); every other character is left as it is.
func katakana(s string) string {
	return strings.Map(func(r rune) rune {
		if (r >= 0x3041 && r <= 0x3096) || r == 0x309D || r == 0x309E {
			return r + 0x60
		}
		return r
	}, s)
}

func halfKana(r rune) bool { return r >= 0xFF61 && r <= 0xFF9F }

// upperASCII makes a–z capitals and leaves every other character as it is
// (strings.ToUpper would turn the dotless ı into I and the long ſ into S).
func upperASCII(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, s)
}
