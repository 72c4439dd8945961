package core_test

import (
	"reflect"
	"testing"

	"mypage/core"
)

// faqFixture: two topics, the second interleaved, to show the grouping keeps
// the catalog's order.
var faqFixture = []core.FAQ{
	{Topic: "ログイン", TopicEn: "Login", Question: "ID・パスワードがわからない", QuestionEn: "I do not know my ID or password",
		Answer: "登録証をご覧ください。", AnswerEn: "See the registration certificate."},
	{Topic: "お支払い", TopicEn: "Payment", Question: "入金できているか確認したい", QuestionEn: "Was my payment received?",
		Answer: "月額請求明細照会でご確認ください。", AnswerEn: "See Monthly statements."},
	{Topic: "ログイン", TopicEn: "Login", Question: "ログインが制限された", QuestionEn: "Login restricted",
		Answer: "インフォメーションセンターへ。", AnswerEn: "Call the information center."},
	{Topic: "お支払い", TopicEn: "Payment", Question: "料金未納でサービスが停止", QuestionEn: "Stopped for non-payment",
		Answer: "ご契約情報一覧に未納の金額が表示されます。", AnswerEn: "The Contract summary shows what is owed."},
}

// questions lists the questions of a search, topic by topic.
func questions(ts []core.FAQTopic, lang string) [][]string {
	var out [][]string
	for _, t := range ts {
		row := []string{t.Topic}
		for _, f := range t.Entries {
			_, q, _ := f.In(lang)
			row = append(row, q)
		}
		out = append(out, row)
	}
	return out
}

func TestSearchFAQ(t *testing.T) {
	for _, tt := range []struct {
		name, lang, query string
		want              [][]string
	}{
		{"SPEC §12: an empty query lists every entry, grouped by topic in catalog order", "ja", "",
			[][]string{{"ログイン", "ID・パスワードがわからない", "ログインが制限された"}, {"お支払い", "入金できているか確認したい", "料金未納でサービスが停止"}}},
		{"issue 11: hiragana finds katakana (ぱすわーど → パスワード)", "ja", "ぱすわーど",
			[][]string{{"ログイン", "ID・パスワードがわからない"}}},
		{"issue 11: katakana finds hiragana (ワカラナイ → わからない)", "ja", "ワカラナイ",
			[][]string{{"ログイン", "ID・パスワードがわからない"}}},
		{"issue 11: half-width katakana with a voiced mark finds full width (ﾊﾟｽﾜｰﾄﾞ)", "ja", "ﾊﾟｽﾜｰﾄﾞ",
			[][]string{{"ログイン", "ID・パスワードがわからない"}}},
		{"issue 11: full-width Latin finds half width, whatever the case (ｉｄ → ID)", "ja", "ｉｄ",
			[][]string{{"ログイン", "ID・パスワードがわからない"}}},
		{"the answer is searched too (明細)", "ja", "明細",
			[][]string{{"お支払い", "入金できているか確認したい"}}},
		{"the topic is searched too (お支払い)", "ja", "お支払い",
			[][]string{{"お支払い", "入金できているか確認したい", "料金未納でサービスが停止"}}},
		{"every word must match, an ideographic space between them", "ja", "未納　停止",
			[][]string{{"お支払い", "料金未納でサービスが停止"}}},
		{"nothing matches", "ja", "ドメイン", nil},
		{"English is searched in English, case-insensitive", "en", "PAYMENT",
			[][]string{{"Payment", "Was my payment received?", "Stopped for non-payment"}}},
		{"English does not search the Japanese texts", "en", "登録証", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := questions(core.SearchFAQ(faqFixture, tt.lang, tt.query), tt.lang)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SearchFAQ(%q) = %q, want %q", tt.query, got, tt.want)
			}
		})
	}
}

// Seed 002's representative questions are in the built-in catalog, with the
// portal's own procedures, and the service reads them without a login.
func TestFAQCatalog(t *testing.T) {
	e := newEnv(t)
	all := e.svc.FAQ("ja", "")
	var qs []string
	for _, tp := range all {
		for _, f := range tp.Entries {
			qs = append(qs, f.Question)
		}
	}
	for _, want := range []string{"ID・パスワードがわからない", "入金できているか確認したい", "料金未納でサービスが停止",
		"料金の支払いに関する確認・変更", "プランを変更したい", "契約を更新したい・再契約したい", "自動更新の設定を変えたい",
		"プランを解約したい", "退会したい", "アカウントIDを追加・変更・削除したい", "メールアドレスを登録・変更したい"} {
		found := false
		for _, q := range qs {
			found = found || q == want
		}
		if !found {
			t.Errorf("the catalog lacks %q", want)
		}
	}
	if got := e.svc.FAQ("en", "Withdraw membership"); len(got) != 1 || got[0].Entries[0].QuestionEn != "I want to withdraw my membership" {
		t.Errorf("FAQ(en, Withdraw membership) = %+v", got)
	}
}
