package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
)

// Japanese text breaks between characters, never past the width, and closing
// punctuation or a small kana never starts a line.
func TestKinsokuWrap(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width int
		want  []string
	}{
		{"アカウントIDの登録/変更/削除が行えます。", 20, []string{"アカウントIDの登録/", "変更/削除が行えま", "す。"}},
		{"あいうえお、かきくけこ", 10, []string{"あいうえ", "お、かきく", "けこ"}},
		{"オンラインストレージ&フォトアルバム", 22, []string{"オンラインストレージ&", "フォトアルバム"}},
		{"短い", 10, []string{"短い"}},
		{"", 10, []string{""}},
	} {
		got := strings.Split(kinsokuWrap(tc.in, tc.width), "\n")
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("kinsokuWrap(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
		for _, l := range got {
			if lipgloss.Width(l) > tc.width {
				t.Errorf("line %q is wider than %d", l, tc.width)
			}
			if l != "" && strings.ContainsRune(noLineStart, []rune(l)[0]) && len(got) > 1 {
				t.Errorf("line %q starts with a character that may not start a line", l)
			}
		}
	}
}
