package core_test

import (
	"testing"
	"time"

	"mypage/core"
)

// SPEC §11.5: what is typed into a field whose format is ASCII is folded to
// half-width; kana fields widen half-width katakana; names and addresses in
// Japanese keep their full-width characters.
func TestNormalizeInput(t *testing.T) {
	for _, c := range []struct {
		field, in, want string
	}{
		{core.FieldPhone, "０４５－１２３－４５６７", "045-123-4567"},
		{core.FieldPhone, "０３ー１２３４ー５６７８", "03-1234-5678"}, // the long-vowel mark of a kana keyboard
		{core.FieldPhone, "03‐1234−5678", "03-1234-5678"},
		{core.FieldMobile, " ０９０-1234-５６７８　", "090-1234-5678"},
		{core.FieldContactMail, "ＴＡＲＯ＠ｅｘ．ｊｐ", "TARO@ex.jp"},
		{core.FieldMailLocal, "ａｒｔｅｒｉ", "arteri"},
		{core.FieldAccountID, "ｙａｍａｄａ－ｔａｒｏ", "yamada-taro"},
		{core.FieldCustomerNumber, "１２３４５６７８９０１２３４", "12345678901234"},
		{core.FieldHousehold, "３", "3"},
		{core.FieldCardNumber, "4111 1111 1111 1111", "4111111111111111"},
		{core.FieldCardNumber, "4111-1111-1111-1111", "4111111111111111"},
		{core.FieldCardNumber, "４１１１　１１１１－１１１１", "411111111111"},
		{core.FieldCardExpiryYear, "２７", "27"},
		{core.FieldCardHolderFirst, "ＴＡＲＯ", "TARO"},
		{core.FieldCardHolderFirst, "an", "AN"}, // romaji in capitals, however typed
		{core.FieldCardHolderLast, "ｙａｍａｄａ", "YAMADA"},
		{core.FieldDebitAccountNumber, "７６５４３２１", "7654321"},
		{core.FieldReplyFrom, "2026/12/01", "2026-12-01"},
		{core.FieldReplyUntil, "２０２６－１２－０１", "2026-12-01"},
		{core.FieldLastKana, "ﾔﾏﾀﾞ", "ヤマダ"},
		{core.FieldFirstKana, "ﾊﾟｰﾙ", "パール"},
		{core.FieldDebitAccountHolder, "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ"},
		{core.FieldDebitAccountHolder, "ヤマダ　タロウ", "ヤマダ　タロウ"}, // full-width space kept
		{core.FieldFirstKana, "ｳﾞｨ", "ヴィ"},
		{core.FieldLastKana, "やまだ", "ヤマダ"}, // hiragana in a kana field: katakana
		{core.FieldDebitAccountHolder, "やまだ　たろう", "ヤマダ　タロウ"},
		{core.FieldFirstKana, "ゔぃー", "ヴィー"},
		{core.FieldFirstKana, "ﾞｱ", "゛ア"}, // a mark with no kana before it: its spacing form, for the rule to refuse
		// Free text keeps its full-width characters.
		{core.FieldLastName, "山田　ＴＡＲＯ", "山田　ＴＡＲＯ"},
		{core.FieldAddress, "横浜市１－２－３", "横浜市１－２－３"},
		{core.FieldReplyText, "ただいま不在です。", "ただいま不在です。"},
		{core.FieldPassword, "ｐａｓｓ", "ｐａｓｓ"},
	} {
		if got := core.NormalizeInput(c.field, c.in); got != c.want {
			t.Errorf("NormalizeInput(%s, %q) = %q, want %q", c.field, c.in, got, c.want)
		}
	}
}

// A field of digits refuses a letter as it is typed and takes full-width
// digits folded, and the separators its format allows; other fields take
// what the free-text rule allows.
func TestTypedRune(t *testing.T) {
	for _, c := range []struct {
		field string
		in    rune
		want  rune
		ok    bool
	}{
		{core.FieldCardNumber, '4', '4', true},
		{core.FieldCardNumber, '４', '4', true},
		{core.FieldCardNumber, ' ', ' ', true},
		{core.FieldCardNumber, '　', ' ', true},
		{core.FieldCardNumber, '-', '-', true},
		{core.FieldCardNumber, 'a', 'a', false},
		{core.FieldCardExpiry, '-', '-', false},
		{core.FieldCardExpiryYear, '２', '2', true},
		{core.FieldPhone, '－', '-', true},
		{core.FieldPhone, 'ー', '-', true},
		{core.FieldPhone, '−', '-', true},
		{core.FieldPhone, ' ', ' ', false},
		{core.FieldPhone, 'x', 'x', false},
		{core.FieldHousehold, 'a', 'a', false},
		{core.FieldDebitAccountNumber, '７', '7', true},
		{core.FieldCustomerNumber, 'A', 'A', false},
		{core.FieldReplyFrom, '/', '/', true},
		{core.FieldReplyFrom, '／', '/', true},
		{core.FieldReplyFrom, 'a', 'a', false},
		{core.FieldContactMail, 'Ｔ', 'T', true},
		{core.FieldContactMail, '＠', '@', true},
		{core.FieldAccountID, 'あ', 'あ', true}, // left to the rule and its message
		{core.FieldLastName, 'Ａ', 'Ａ', true},
		{core.FieldLastKana, 'ｱ', 'ｱ', true},
		{core.FieldPassword, '!', '!', true},
		{core.FieldLastName, '\u202e', '\u202e', false},
	} {
		if got, ok := core.TypedRune(c.field, c.in); got != c.want || ok != c.ok {
			t.Errorf("TypedRune(%s, %q) = %q, %v; want %q, %v", c.field, c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestHasFormat(t *testing.T) {
	for field, want := range map[string]bool{core.FieldPhone: true, core.FieldCardNumber: true, core.FieldReplyFrom: true,
		core.FieldLastKana: true, core.FieldContactMail: true, core.FieldLastName: false, core.FieldUserName: false,
		core.FieldPassword: false, core.FieldReplyText: false, core.FieldDebitBank: false} {
		if core.HasFormat(field) != want {
			t.Errorf("HasFormat(%s) = %v", field, !want)
		}
	}
}

func TestParseDate(t *testing.T) {
	want := time.Date(2026, 12, 1, 0, 0, 0, 0, core.JST)
	for _, s := range []string{"2026/12/01", "2026-12-01", "２０２６／１２／０１", " 2026-12-01 "} {
		if got, ok := core.ParseDate(s); !ok || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v, %v", s, got, ok)
		}
	}
	for _, s := range []string{"", "2026/12/1x", "2026.12.01", "2026/02/30", "12/01/2026"} {
		if _, ok := core.ParseDate(s); ok {
			t.Errorf("ParseDate(%q) accepted", s)
		}
	}
}
