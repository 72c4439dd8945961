package wrap

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// paragraph is a Japanese paragraph of n characters, in the wording of the
// screens: kanji, kana, katakana words, amounts, a phone number and brackets.
func paragraph(n int) string {
	const src = "ご利用中のサービスの契約内容を確認できます。月額利用料金は 3,000 円（税込）です。" +
		"お問い合わせは0120-123-456まで。ホームページアドレスの登録には、UCOMのメールアドレスが必要です (必須)。" +
		"サービス利用規約に同意する (購入の場合必須)。"
	var b strings.Builder
	for utf8.RuneCountInString(b.String()) < n {
		b.WriteString(src)
	}
	r := []rune(b.String())
	return string(r[:n])
}

// Lines at the width of the body at 80 columns. A paragraph of 200
// characters is kept by the memo: "memo" is what a redraw costs, "first" the
// first layout; one of 2,000 characters is too long to be kept.
func BenchmarkLines(b *testing.B) {
	for _, tc := range []struct {
		name string
		n    int
		f    func(string, int) []string
	}{
		{"200/memo", 200, Lines},
		{"200/first", 200, lines},
		{"2000", 2000, Lines},
	} {
		s := paragraph(tc.n)
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				tc.f(s, 53)
			}
		})
	}
}
