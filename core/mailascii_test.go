package core

import "testing"

// A mail address is half-width ASCII after folding: a look-alike letter, an
// invisible character or a ligature would show as another address.
func TestMailAddressIsASCII(t *testing.T) {
	cases := []struct {
		in   string
		want bool
	}{
		{"taro@example.com", true},
		{"ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", true},        // full-width, folded
		{"tar\u043e@example.com", false},  // Cyrillic о
		{"taro@exa\ufe0fmple.com", false}, // variation selector
		{"t\u00e1ro@example.com", false},  // á
		{"\ufb01@example.com", false},     // ﬁ ligature
		{"taro@例え.jp", false},
		{"taro@exa\u200bmple.com", false}, // zero-width space
	}
	for _, c := range cases {
		got := validMailAddress(NormalizeInput(FieldForwardTo, c.in))
		if got != c.want {
			t.Errorf("%q: valid %v, want %v", c.in, got, c.want)
		}
	}
}

// Only a–z are made capitals: the dotless ı and the long ſ are not turned
// into I and S, so a name that is not romaji stays refused.
func TestUpperASCIIOnly(t *testing.T) {
	for in, want := range map[string]string{"an": "AN", "ｔａｒｏ": "TARO", "ıvan": "ıVAN", "ſam": "ſAM"} {
		if got := NormalizeInput(FieldCardHolderFirst, in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// The domain of a mail address is host names: letters, digits and hyphens
// between dots, no label starting or ending with a hyphen, no address in
// brackets.
func TestMailDomainLabels(t *testing.T) {
	for in, want := range map[string]bool{
		"taro@example.jp":      true,
		"taro@s2.spaaqs.ne.jp": true,
		"taro@my-host.example": true,
		"taro@[1.2.3.4]":       false,
		"taro@-example.jp":     false,
		"taro@example-.jp":     false,
		"taro@exa!mple.jp":     false,
		"taro@example.j_p":     false,
		"taro@example..jp":     false,
		"taro@1.2.3.4":         false,
		"taro@example.jp.":     false,
	} {
		if got := validMailAddress(in); got != want {
			t.Errorf("%q: valid %v, want %v", in, got, want)
		}
	}
}
