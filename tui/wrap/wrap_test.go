package wrap

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/mattn/go-runewidth"
)

func TestMain(m *testing.M) {
	// As the application does at start-up: ambiguous characters are one cell.
	runewidth.DefaultCondition.EastAsianWidth = false
	os.Exit(m.Run())
}

func TestLines(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    string
		width int
		want  []string
	}{
		{"ASCII paragraph", "Change the mail address of an account ID, its mailbox size and its forwarding.", 30,
			[]string{"Change the mail address of an", "account ID, its mailbox size", "and its forwarding."}},
		{"paragraphs kept", "First line.\n\nSecond paragraph here.", 12,
			[]string{"First line.", "", "Second", "paragraph", "here."}},
		{"sidebar label whole words", "UCOM Hikari Remote Support", 23, []string{"UCOM Hikari Remote", "Support"}},
		{"MasterCard", "Card brand: MasterCard", 16, []string{"Card brand:", "MasterCard"}},
		{"AMERICAN EXPRESS", "AMERICAN EXPRESS", 10, []string{"AMERICAN", "EXPRESS"}},
		{"card number", "Card number XXXX-XXXX-XXXX-1111", 24, []string{"Card number", "XXXX-XXXX-XXXX-1111"}},
		{"card number in Japanese", "カード番号XXXX-XXXX-XXXX-1111", 24, []string{"カード番号", "XXXX-XXXX-XXXX-1111"}},
		{"phone number", "お問い合わせは0120-123-456まで", 16, []string{"お問い合わせは", "0120-123-456まで"}},
		{"dates", "Valid from 2026/11/22 to 2026-12-31.", 14, []string{"Valid from", "2026/11/22 to", "2026-12-31."}},
		{"URL", "Download: https://www.ucom.ne.jp/support/remote/index.html now", 50,
			[]string{"Download:", "https://www.ucom.ne.jp/support/remote/index.html", "now"}},
		{"URL in Japanese", "ダウンロードはhttps://example.jp/dl/setup.exeから", 31,
			[]string{"ダウンロードは", "https://example.jp/dl/setup.exe", "から"}},
		{"e-mail address", "A mail was sent to taro.yamada@example.ne.jp today.", 30,
			[]string{"A mail was sent to", "taro.yamada@example.ne.jp", "today."}},
		{"Latin word in Japanese", "UCOMのメールアドレス", 12, []string{"UCOMの", "メールアドレ", "ス"}},
		{"Latin word kept before kana", "登録済みのUCOMのメールアドレス", 12, []string{"登録済みの", "UCOMの", "メールアドレ", "ス"}},
		{"Latin word kept before a katakana word", "UCOMのメールアドレス", 16, []string{"UCOMの", "メールアドレス"}},
		{"katakana word whole", "登録したホームページアドレス", 22, []string{"登録した", "ホームページアドレス"}},
		{"katakana word wider than the line", "ホームページアドレス", 16, []string{"ホームページアド", "レス"}},
		{"no opening bracket at a line end", "利用料金は月額 500 円（税別）です。", 20, []string{"利用料金は月額", "500 円（税別）です。"}},
		{"no 「 at a line end", "ボタン「登録」を押してください。", 10, []string{"ボタン", "「登録」を", "押してくだ", "さい。"}},
		{"no ( at a line end", "Price list (monthly)", 12, []string{"Price list", "(monthly)"}},
		{"no 。 at a line start", "あいうえお。かきくけこ", 10, []string{"あいうえ", "お。かきく", "けこ"}},
		{"no 、 at a line start", "あいうえお、かきくけこ", 10, []string{"あいうえ", "お、かきく", "けこ"}},
		{"no small kana at a line start", "ダウンロードショッピング", 10, []string{"ダウンロー", "ドショッピ", "ング"}},
		{"no ー at a line start", "メールアドレス", 4, []string{"メー", "ルア", "ドレ", "ス"}},
		{"no 」 at a line start", "「登録」ボタン", 6, []string{"「登", "録」", "ボタン"}},
		{"yen amounts", "24 円 24 円 3,000 円", 8, []string{"24 円", "24 円", "3,000 円"}},
		{"yen and 円 together", "通話料 24 円 / Calls 3,000 yen", 10, []string{"通話料", "24 円 /", "Calls", "3,000 yen"}},
		{"amount without space", "合計3,000円です", 8, []string{"合計", "3,000円", "です"}},
		{"plural unit", "1 call, 12 calls", 7, []string{"1 call,", "12", "calls"}},
		{"too long word continued", "Supercalifragilistic word", 8, []string{"Superca…", "lifragi…", "listic", "word"}},
		{"Japanese breaks between characters", "「ホームページ」", 6, []string{"「ホー", "ムペー", "ジ」"}},
		{"too long address in Japanese", "宛先taro.yamada@example.ne.jpへ", 12, []string{"宛先", "taro.yamada…", "@example.…", "ne.jpへ"}},
		{"too long URL cut after a separator", "https://mypage.spaaqs.ne.jp/gigacinema/", 26,
			[]string{"https://mypage.spaaqs.ne.…", "jp/gigacinema/"}},
		{"too long e-mail address cut before the @", "arteri-ko-002@keitai-address.ne.jp", 16,
			[]string{"arteri-ko-002…", "@keitai-…", "address.ne.jp"}},
		{"number and unit part only when wider than the line", "3,000 yen", 5, []string{"3,000", "yen"}},
		{"short group moves whole", "ご請求額 (税込)", 13, []string{"ご請求額", "(税込)"}},
		{"short group after a label", "氏名 (必須)", 9, []string{"氏名", "(必須)"}},
		{"group of eight characters whole", "サービス利用規約に同意する (購入の場合必須)", 20,
			[]string{"サービス利用規約に同", "意する", "(購入の場合必須)"}},
		{"full-width group whole", "お支払い方法（必須）を選んでください", 14, []string{"お支払い方法", "（必須）を選ん", "でください"}},
		{"「」 group whole", "ボタン「登録」を押してください。", 12, []string{"ボタン", "「登録」を押", "してくださ", "い。"}},
		{"group stays with its word", "(姓カナ) アルテリ (名カナ) アン", 28, []string{"(姓カナ) アルテリ", "(名カナ) アン"}},
		{"two groups stay apart", "新しいパスワード (確認) (必須)", 24, []string{"新しいパスワード (確認)", "(必須)"}},
		{"group and word apart when together too wide", "(姓カナ) アルテリ", 12, []string{"(姓カナ)", "アルテリ"}},
		{"group wider than the line breaks as before", "(姓カナ) アルテリ", 7, []string{"(姓", "カナ)", "アルテ", "リ"}},
		{"number in brackets never split", "電話番号 (例: 012-345-6789)。", 24, []string{"電話番号 (例:", "012-345-6789)。"}},
		{"number in brackets at its width", "(例: 012-345-6789)。", 16, []string{"(例:", "012-345-6789)。"}},
		{"phone number with a number in brackets", "通話先 +81 (3) 1234-5678", 20, []string{"通話先", "+81 (3) 1234-5678"}},
		{"area code in brackets", "電話は (03) 1234-5678。", 16, []string{"電話は", "(03) 1234-5678。"}},
		{"phone number wider than the line", "+81 (3) 1234-5678", 10, []string{"+81 (3)", "1234-5678"}},
		{"empty", "", 10, []string{""}},
		{"no width", "a b", 0, []string{"a b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Lines(tc.in, tc.width)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("Lines(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
			}
			for _, l := range got {
				if tc.width > 0 && Width(l) > tc.width {
					t.Errorf("line %q is %d cells, wider than %d", l, Width(l), tc.width)
				}
			}
		})
	}
}

func TestString(t *testing.T) {
	if got, want := String("Remote Support\nUCOM Hikari", 8), "Remote\nSupport\nUCOM\nHikari"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
}

func TestMinWidth(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"UCOM Hikari Remote Support", 7},
		{"Page https://mypage.spaaqs.ne.jp/gigacinema/", 39},
		{"ホームページアドレス", 20},
		{"利用料金は月額 500 円（税別）", 8}, // （税別）
		{"「登録」", 8},
		{"ご請求額 (税込)", 6},
		{"(姓カナ) アン", 13},
		{"+81 (3) 1234-5678", 17},
		{"3,000 yen\nMasterCard", 10},
		{"3,000 yen", 9},
		{"", 0},
	} {
		if got := MinWidth(tc.in); got != tc.want {
			t.Errorf("MinWidth(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width int
		want  string
	}{
		{"AMERICAN EXPRESS", 20, "AMERICAN EXPRESS"},
		{"AMERICAN EXPRESS", 10, "AMERICAN …"},
		{"ホームページアドレス", 9, "ホームペ…"},
		{"abc", 0, ""},
	} {
		if got := Truncate(tc.in, tc.width); got != tc.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}

// No line is ever wider than the width and no text is lost: what is left
// out is only spaces at breaks, and … is only added at cuts.
func FuzzLines(f *testing.F) {
	for _, s := range []string{
		"UCOM Hikari Remote Support", "UCOMのメールアドレス", "XXXX-XXXX-XXXX-1111",
		"利用料金は月額 500 円（税別）です。", "https://www.ucom.ne.jp/support/remote/index.html",
		"「ホームページ」", "a\nb\n\nc", "ｱｲｳｴｵ ｶｷｸｹｺ", "👍🏽👍🏽👍🏽", "e\u0301e\u0301e\u0301",
	} {
		f.Add(s, 10)
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, s string, width int) {
		if width < 2 || width > 200 || !utf8Valid(s) {
			t.Skip()
		}
		lines := Lines(s, width)
		for _, l := range lines {
			if Width(l) > width {
				t.Fatalf("Lines(%q, %d): line %q is %d cells", s, width, l, Width(l))
			}
		}
		if got, want := strings.Count(strings.Join(lines, "\n"), "\n"), strings.Count(s, "\n"); got < want {
			t.Fatalf("Lines(%q, %d) lost line breaks: %q", s, width, lines)
		}
		if got, want := visible(strings.Join(lines, "")), visible(s); got != want {
			t.Fatalf("Lines(%q, %d) = %q lost text: %q, want %q", s, width, lines, got, want)
		}
	})
}

// The fast way through printable ASCII text gives the units UAX #14 gives.
func FuzzASCIIUnits(f *testing.F) {
	for _, s := range []string{"UCOM Hikari Remote Support", "3,000 yen (tax excl.)", "a ( b ) c / d", "  x  -y 1 call", "e.g. (see: https://x.jp/a-b) ok!"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !ascii(s) {
			t.Skip()
		}
		var want []unit
		next := uaxSegment()
		for p := s; p != ""; {
			var seg string
			seg, p = next(p)
			if n := len(want); n > 0 {
				if g := glue(want[n-1].text, seg); g != apart {
					if g == soft {
						want[n-1].soft = append(want[n-1].soft, len(want[n-1].text))
					}
					want[n-1].text += seg
					continue
				}
			}
			want = append(want, unit{text: seg})
		}
		got := segments(s)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("segments(%q) = %v, UAX #14 gives %v", s, got, want)
		}
	})
}

func utf8Valid(s string) bool {
	for _, r := range s {
		if r == unicode.ReplacementChar || r == '\r' || r == '\t' || unicode.IsControl(r) && r != '\n' {
			return false
		}
	}
	return true
}

// visible is s without whitespace and without the cut mark.
func visible(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '…' {
			return -1
		}
		return r
	}, s)
}

// The memo shared by the sessions stays bounded in entries and in bytes, and
// keeps no long text.
func TestMemoBounded(t *testing.T) {
	memo.mu.Lock()
	clear(memo.m)
	memo.bytes = 0
	memo.mu.Unlock()
	long := strings.Repeat("あいうえお かきくけこ ", 1<<20/32)
	Lines(long, 40)
	Width(long)
	for k := range memo.m {
		if len(k.s) > memoLongest {
			t.Errorf("a text of %d bytes is kept", len(k.s))
		}
	}
	text := strings.Repeat("サービス利用規約に同意する ", 30)[:1000]
	for w := 1; w <= 3000; w++ {
		Lines(text, w%400+1)
		Lines(fmt.Sprint(w, text[:990]), 30)
		memo.mu.Lock()
		n, b := len(memo.m), memo.bytes
		memo.mu.Unlock()
		if n > memoEntries || b > memoBytes {
			t.Fatalf("after %d texts the memo holds %d entries, %d bytes", w, n, b)
		}
		if w == 3000 && b == 0 {
			t.Fatalf("the memo counts no bytes")
		}
	}
}

// A legend is laid out item by item: each line holds whole items, and an item
// is never split between two lines unless it alone is wider than the line.
func TestItems(t *testing.T) {
	items := []string{"数字: 残りの枠数", "予: ご予約済み", "他: ご契約の別のログインでご予約済み", "満: 満席"}
	got := Items(items, "  ", 40)
	want := "数字: 残りの枠数  予: ご予約済み\n他: ご契約の別のログインでご予約済み\n満: 満席"
	if got != want {
		t.Errorf("Items:\n%s\nwant:\n%s", got, want)
	}
	if got := Items([]string{"あいうえおかきくけこ"}, "  ", 10); got != "あいうえお\nかきくけこ" {
		t.Errorf("an item wider than the line: %q", got)
	}
}
