package core_test

import (
	"reflect"
	"strings"
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

// Issue 11: the FAQ leads to this portal's support routes: a subscriber who
// searches for them, in either language and however typed, finds the entry.
func TestFAQSupportRoutes(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		name, lang, query, question string
	}{
		{"メールでのお問い合わせ and its answers", "ja", "お問い合わせ履歴", "メールで問い合わせたい・回答を確認したい"},
		{"seed 002: コールバック", "ja", "コールバック", "電話で相談したい（コールバック予約）"},
		{"seed 002: コールバック typed half-width", "ja", "ｺｰﾙﾊﾞｯｸ", "電話で相談したい（コールバック予約）"},
		{"seed 002: 電話での問い合わせ is the callback", "ja", "電話", "電話で相談したい（コールバック予約）"},
		{"the callback: how to cancel", "ja", "予約 取消", "電話で相談したい（コールバック予約）"},
		{"seed 002: the services not covered", "ja", "コールバック VPS", "電話で相談したい（コールバック予約）"},
		{"障害情報", "ja", "障害", "障害やメンテナンスの情報を知りたい"},
		{"メンテナンス情報", "ja", "メンテナンス", "障害やメンテナンスの情報を知りたい"},
		{"ご契約内容変更申請: an address after moving", "ja", "転居", "名義・住所（転居）・カード名義を変更したい"},
		{"ご契約内容変更申請: a card in another name", "ja", "カード名義", "名義・住所（転居）・カード名義を変更したい"},
		{"ご利用ガイド・規約ご請求", "ja", "規約", "ご利用ガイドや利用規約を取り寄せたい"},
		{"callback", "en", "callback", "電話で相談したい（コールバック予約）"},
		{"outage", "en", "outage", "障害やメンテナンスの情報を知りたい"},
		{"inquiry", "en", "inquiry", "メールで問い合わせたい・回答を確認したい"},
		{"terms of service", "en", "Terms", "ご利用ガイドや利用規約を取り寄せたい"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			found := false
			for _, tp := range e.svc.FAQ(c.lang, c.query) {
				for _, f := range tp.Entries {
					found = found || f.Question == c.question
				}
			}
			if !found {
				t.Errorf("FAQ(%s, %q) does not find %q", c.lang, c.query, c.question)
			}
		})
	}
}

// No answer says a password can be seen: none is ever shown, only set anew.
func TestFAQNoPasswordShown(t *testing.T) {
	e := newEnv(t)
	for _, tp := range e.svc.FAQ("ja", "パスワード") {
		for _, f := range tp.Entries {
			if strings.Contains(f.Answer, "パスワードは、") && strings.Contains(f.Answer, "確認・変更") {
				t.Errorf("%q: the answer says a password can be viewed: %s", f.Question, f.Answer)
			}
			if strings.Contains(f.AnswerEn, "passwords can be seen") {
				t.Errorf("%q: the answer says a password can be seen: %s", f.QuestionEn, f.AnswerEn)
			}
		}
	}
}
