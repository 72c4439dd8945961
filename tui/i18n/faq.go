package i18n

// The texts of よくある質問 (SPEC §12, seed 002) and of the way back from the
// login screen, kept apart from the rest of the catalogs and merged into them.

func init() {
	for k, v := range faqJa {
		ja[k] = v
	}
	for k, v := range faqEn {
		en[k] = v
	}
}

var faqJa = map[string]string{
	"menu.group.support": "お問い合わせ",
	"menu.faq":           "よくある質問",

	"faq.title":       "よくある質問",
	"faq.search":      "検索:",
	"faq.search_hint": "キーワードを入力",
	"faq.none":        "該当する質問はありません。別のキーワードでお試しください。",
	"faq.question":    "Q. %s",
	"faq.answer":      "A. %s",
	"faq.center":      "解決しない場合は、下記へお問い合わせください。\n%s  %s  %s",
	"faq.key.open":    "回答を見る",
	"faq.key.list":    "質問一覧へ",
	"faq.key.login":   "ログイン画面へ",

	"key.faq":        "よくある質問",
	"error.reissued": "お客様番号パスワードが再発行されました。",
	"login.reissued": "お客様番号パスワードが再発行されたため、ログアウトしました。新しい登録証のパスワードでログインしてください。",
	"login.faq_hint": "F2キーで「よくある質問」をご覧いただけます。",
	"login.forgot":   "IDやパスワードをお忘れの場合は、下記へお問い合わせください。ご本人様確認のうえ、新しい登録証をお渡しします。F2キーで「よくある質問」をご覧いただけます。\n%s  %s  %s",
}

var faqEn = map[string]string{
	"menu.group.support": "Support",
	"menu.faq":           "FAQ",

	"faq.title":       "FAQ",
	"faq.search":      "Search:",
	"faq.search_hint": "type a keyword",
	"faq.none":        "No question matches. Try another keyword.",
	"faq.question":    "Q. %s",
	"faq.answer":      "A. %s",
	"faq.center":      "If this does not help, contact us below.\n%s  %s  %s",
	"faq.key.open":    "read the answer",
	"faq.key.list":    "questions",
	"faq.key.login":   "back to login",

	"key.faq":        "FAQ",
	"error.reissued": "The customer password has been reissued.",
	"login.reissued": "You were logged out because the customer password was reissued. Log in with the password on the new registration certificate.",
	"login.faq_hint": "Press F2 for the FAQ.",
	"login.forgot":   "Forgot your ID or password? Contact us below: once we have confirmed who you are, we give you a new registration certificate. Press F2 for the FAQ.\n%s  %s  %s",
}
