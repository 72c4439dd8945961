package tui

import (
	"strings"
	"testing"

	"mypage/tui/i18n"
)

// Two months unpaid read "… for August 2027 and 1 more month …" in English,
// not "1 more months".
func TestUnpaidManyPlural(t *testing.T) {
	v := i18n.New("en").N("standing.banner.unpaid_many", 1, "August 2027", 1, "2027/10/07")
	if strings.Contains(v, "1 more months") {
		t.Errorf("%q", v)
	}
}

// A Japanese question ends with the full-width "？" (退会してよろしいですか？),
// never a half-width "?" after Japanese text.
func TestJapaneseQuestionMarks(t *testing.T) {
	ja := i18n.New("ja")
	for _, k := range i18n.Keys(i18n.Ja) {
		v := []rune(ja.T(k))
		for i := 1; i < len(v); i++ {
			if v[i] == '?' && v[i-1] > 0x3000 {
				t.Errorf("%s: %q", k, string(v))
			}
		}
	}
}
