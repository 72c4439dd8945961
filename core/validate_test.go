package core_test

import (
	"strings"
	"testing"

	"mypage/core"
)

// SPEC §4.2: lowercase letters, digits, '-', '_', '.'; 3–15 characters;
// no symbol first or last; no two symbols in a row.
func TestValidLocalPart(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		// the demo's and seed-style IDs
		{"arteri-an-001", ""},
		{"yamada-taro", ""},
		{"yamada.hana", ""},
		{"taro_01", ""},
		{"a.b", ""},
		{"abc", ""},
		{"123", ""},
		{"abcdefghijklmno", ""}, // 15
		{"a-b_c.d-e_f.g-h", ""}, // 15, single symbols between letters

		{"", core.ProblemRequired},
		{"ab", core.ProblemLength},
		{"a", core.ProblemLength},
		{"abcdefghijklmnop", core.ProblemLength}, // 16
		{"a1234567890123456789", core.ProblemLength},

		{"Taro", core.ProblemFormat},
		{"TARO-01", core.ProblemFormat},
		{"taro 01", core.ProblemFormat},
		{"taro+01", core.ProblemFormat},
		{"taro@home", core.ProblemFormat},
		{"たろう", core.ProblemFormat},
		{"ｔａｒｏ", core.ProblemFormat},
		{"-taro", core.ProblemFormat},
		{"_taro", core.ProblemFormat},
		{".taro", core.ProblemFormat},
		{"taro-", core.ProblemFormat},
		{"taro_", core.ProblemFormat},
		{"taro.", core.ProblemFormat},
		{"ta--ro", core.ProblemFormat},
		{"ta._ro", core.ProblemFormat},
		{"ta..ro", core.ProblemFormat},
		{"t-_-o", core.ProblemFormat},
		{"-", core.ProblemFormat},
	}
	for _, tt := range tests {
		if got := core.ValidLocalPart(tt.in); got != tt.want {
			t.Errorf("ValidLocalPart(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Seed 003 §9, §25: a confirm screen shows the first three characters, then '*'.
func TestMaskPassword(t *testing.T) {
	tests := []struct{ in, want string }{
		{"abcdefgh", "abc*****"},
		{"an-admin-pass-01", "an-*************"},
		{"abcd", "abc*"},
		{"abc", "***"},
		{"ab", "**"},
		{"", ""},
		{"パスワード1234", "パスワ******"},
	}
	for _, tt := range tests {
		if got := core.MaskPassword(tt.in); got != tt.want {
			t.Errorf("MaskPassword(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// SPEC §4.1: initial passwords on the registration certificate are random, 12 characters.
func TestRandomPassword(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		pw, err := core.RandomPassword()
		if err != nil {
			t.Fatal(err)
		}
		if len(pw) != 12 {
			t.Fatalf("RandomPassword() = %q, %d characters, want 12", pw, len(pw))
		}
		if strings.ContainsAny(pw, "0O1lI") {
			t.Fatalf("RandomPassword() = %q contains a character easily misread on paper", pw)
		}
		for _, r := range pw {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				t.Fatalf("RandomPassword() = %q contains %q", pw, r)
			}
		}
		if seen[pw] {
			t.Fatalf("RandomPassword() repeated %q", pw)
		}
		seen[pw] = true
	}
}
