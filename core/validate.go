package core

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ValidLocalPart checks an account ID or a provider mail local part (SPEC §4.2, §5.1):
// lowercase letters, digits, '-', '_', '.'; 3–15 characters; no two symbols in a row;
// no symbol first or last. It returns a problem code or "".
func ValidLocalPart(s string) string {
	if s == "" {
		return ProblemRequired
	}
	prevSymbol := false
	for i, r := range s {
		symbol := r == '-' || r == '_' || r == '.'
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		case symbol:
			if i == 0 || i == len(s)-1 || prevSymbol {
				return ProblemFormat
			}
		default:
			return ProblemFormat
		}
		prevSymbol = symbol
	}
	if len(s) < 3 || len(s) > 15 {
		return ProblemLength
	}
	return ""
}

// validMailAddress accepts a plain address user@domain.tld without a display name.
func validMailAddress(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " <>\"") || textProblem(s, 254) != "" {
		return false
	}
	// Half-width ASCII only: a look-alike letter (Cyrillic о), an invisible
	// character or a ligature would show as another address.
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && validMailDomain(s[at+1:])
}

// validMailDomain accepts a host name: two or more labels of letters, digits
// and hyphens, none starting or ending with a hyphen, the last not all digits
// (no address in brackets, no bare IP address).
func validMailDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return strings.Trim(labels[len(labels)-1], "0123456789") != ""
}

// phoneProblem checks a Japanese phone number written with half-width digits and
// optional hyphens: 10 or 11 digits, starting with 0. It returns "" for a valid
// one, ProblemTooShort or ProblemTooLong for one of the right shape with too few
// or too many digits, and ProblemFormat for anything else.
func phoneProblem(s string) string {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '-':
			if i == 0 || i == len(s)-1 || s[i-1] == '-' {
				return ProblemFormat
			}
		default:
			return ProblemFormat
		}
	}
	switch {
	case !strings.HasPrefix(s, "0"):
		return ProblemFormat
	case digits < 10:
		return ProblemTooShort
	case digits > 11:
		return ProblemTooLong
	}
	return ""
}

// validName accepts 1 to max characters of any script under the free-text rule
// (SPEC §11.5): no control, format (bidi, zero-width) or separator characters, not even around it.
func validName(s string, max int) string {
	if strings.TrimSpace(s) == "" {
		return ProblemRequired
	}
	if code := textProblem(s, len(s)); code != "" {
		return code
	}
	if utf8.RuneCountInString(strings.TrimSpace(s)) > max {
		return ProblemLength
	}
	return ""
}

// validKana accepts full-width katakana, the long vowel mark and spaces.
func validKana(s string, max int) string {
	if code := validName(s, max); code != "" {
		return code
	}
	for _, r := range strings.TrimSpace(s) {
		if !(unicode.In(r, unicode.Katakana) || r == 'ー' || r == '・' || r == '　' || r == ' ') {
			return ProblemFormat
		}
	}
	return ""
}

func oneOf(s string, choices []string) bool {
	for _, c := range choices {
		if s == c {
			return true
		}
	}
	return false
}
