package i18n

// The texts of the membership withdrawal (退会, SPEC §11.4, seed 002), kept
// apart from the rest of the catalogs and merged into them.

func init() {
	for k, v := range withdrawJa {
		ja[k] = v
	}
	for k, v := range withdrawEn {
		en[k] = v
	}
}

var withdrawJa = map[string]string{
	"menu.group.other": "その他の手続き",
	"menu.withdraw":    "退会",

	"withdraw.title":         "退会",
	"withdraw.title_confirm": "退会 (最終確認)",
	"withdraw.title_done":    "退会手続き完了",

	"withdraw.blocked_lead":      "ご利用中のサービス等があるため、まだ退会できません。すべてのサービスの解約後に会員の退会ができます。",
	"withdraw.blocked_lead.owed": "お支払いの済んでいないご請求があるため、まだ退会できません。お支払いの確認後に会員の退会ができます。",
	"withdraw.blocked_lead.line": "インターネット回線がまだ終了していないため、まだ退会できません。回線の解約日の翌日以降に会員の退会ができます。",
	"withdraw.final_statement":   "ご利用最終月 (%s) 分のご請求は %s に発行されます。ご請求がある場合は、そのお支払いの確認後に退会できます。",
	"withdraw.now_blocked":       "退会できない状態になりました。下記をご確認ください。",
	"withdraw.blocks":            "退会の前に必要なこと",
	"withdraw.possible":          "%s 以降に退会できます。",
	"withdraw.not_yet":           "下記のお手続きが済むと、退会できる日が決まります。",

	"withdraw.kind.plan":   "プラン",
	"withdraw.kind.option": "オプション",
	"withdraw.kind.owed":   "未払いのご請求",
	"withdraw.kind.line":   "インターネット回線",

	"withdraw.owed_name":           "%s分のご請求",
	"withdraw.owed_name_estimate":  "%s分 (見込み)",
	"withdraw.kind.owed_estimate":  "今月分のご請求",
	"withdraw.owed_value_estimate": "ご請求予定額 %s (来月1日発行、お支払い期限 %s)",
	"withdraw.owed_value":          "お支払い残額 %s (お支払い期限 %s)",
	"withdraw.state_when":          "%s — %s",
	"withdraw.line.active":         "ご利用中",
	"withdraw.line.cancelled":      "解約済 (%s まで)",
	"withdraw.state.until":         "%s (%s まで)",
	"plan.state.withdrawn":         "お申し込み取消済",
	"withdraw.from":                "%s 以降に退会できます。",
	"withdraw.after.cancel":        "ご解約のお手続き後、サービス終了日の翌日以降に退会できます。",
	"withdraw.after.revoke":        "お申し込みの取消(キャンセル)後、翌日以降に退会できます。",
	"withdraw.after.option-cancel": "ご解約後、翌月1日以降に退会できます (解約は月末に効力を生じます)。",
	"withdraw.after.auto-cancel":   "単独では解約できません。ご利用中のメールアドレス・Webスペースを基本の数以下にすると自動で解約されます。解約後、翌月1日以降に退会できます。",
	"withdraw.after.plan-cancel":   "年会費制のプランとともに終了します。プランのご解約後、その終了日の翌日以降に退会できます。",
	"withdraw.after.payment":       "お支払いの確認後に退会できます。",
	"withdraw.after.line-cancel":   "回線のご解約はお電話で承ります: %s %s (%s)。解約日の翌日以降に退会できます。",

	"withdraw.notes_lead":       "退会のお手続きの前に、下記の注意事項をお読みください。",
	"withdraw.note.difference":  "「サービスの解約」と「会員の退会」は異なります。サービスを解約しても会員の記録(お客様番号)は残りますが、退会すると会員が削除され、マイページへログインできなくなります。",
	"withdraw.note.logins":      "退会後は、お客様番号 %s およびすべてのアカウントID (%s) でマイページへログインできなくなります。",
	"withdraw.note.logins_none": "退会後は、お客様番号 %s でマイページへログインできなくなります。",
	"withdraw.note.sessions":    "ほかの端末でログイン中の画面も、その時点でログアウトされます。",
	"withdraw.note.records":     "ご契約とご請求の記録は、退会後も当社で保管します。",
	"withdraw.note.callbacks":   "ご契約でご予約中のコールバックは、退会と同時にすべて取り消されます。",
	"withdraw.note.mail":        "お手続きが完了すると「退会手続き完了のお知らせ」メールを %s へお送りします。",
	"withdraw.note.no_mail":     "連絡先メールアドレスが登録されていないため、完了のお知らせメールはお送りできません。",
	"withdraw.note.undo":        "退会は取り消せません。",
	"withdraw.agree_label":      "注意事項と同意",

	"withdraw.confirm_lead": "最終確認です。お客様番号 %s の会員を退会します。退会してよろしいですか？",
	"withdraw.button.yes":   "はい、退会する",

	"withdraw.done":            "退会手続きが完了しました。これまでご利用いただき、ありがとうございました。",
	"withdraw.number":          "受付番号",
	"withdraw.date":            "退会日",
	"withdraw.mailed":          "「退会手続き完了のお知らせ」を %s へお送りしました。",
	"withdraw.done_next":       "このあとログイン画面に戻ります。お客様番号とアカウントIDではログインできなくなりました。",
	"withdraw.button.to_login": "ログイン画面へ",

	"block.line-ended":   "インターネット回線のご解約により、オプションサービスは終了しています。",
	"info.line.recorded": "回線のご解約は %s で受け付けています。オプションサービスは回線の解約と同時に解約されます。ご解約の日の翌日以降に会員の退会ができます。",

	"error.withdrawn": "このご契約は退会手続きが完了しています。",
	"login.withdrawn": "退会手続きが完了したため、ログアウトしました。ご利用ありがとうございました。",
}

var withdrawEn = map[string]string{
	"menu.group.other": "Other procedures",
	"menu.withdraw":    "Withdraw membership",

	"withdraw.title":         "Withdraw membership",
	"withdraw.title_confirm": "Withdraw membership (final confirmation)",
	"withdraw.title_done":    "Membership withdrawn",

	"withdraw.blocked_lead":      "You cannot withdraw yet: services are still in use. Membership can be withdrawn once every service is cancelled.",
	"withdraw.blocked_lead.owed": "You cannot withdraw yet: a statement is not paid. Membership can be withdrawn once the payment is confirmed.",
	"withdraw.blocked_lead.line": "You cannot withdraw yet: the internet line has not ended. Membership can be withdrawn from the day after the line's last day.",
	"withdraw.final_statement":   "The statement of the last month of use (%s) is issued on %s. If it bills anything, you can withdraw once it is paid.",
	"withdraw.now_blocked":       "Withdrawal is no longer possible now. Please see below.",
	"withdraw.blocks":            "What to do before withdrawing",
	"withdraw.possible":          "You can withdraw from %s.",
	"withdraw.not_yet":           "The day you can withdraw is known once the steps below are done.",

	"withdraw.kind.plan":   "Plan",
	"withdraw.kind.option": "Option",
	"withdraw.kind.owed":   "Unpaid statement",
	"withdraw.kind.line":   "Internet line",

	"withdraw.owed_name":           "Statement of %s",
	"withdraw.owed_name_estimate":  "%s (estimate)",
	"withdraw.kind.owed_estimate":  "This month's statement",
	"withdraw.owed_value_estimate": "%s to be billed (issued on the 1st of next month, due %s)",
	"withdraw.owed_value":          "%s still to pay (due %s)",
	"withdraw.state_when":          "%s — %s",
	"withdraw.line.active":         "In use",
	"withdraw.line.cancelled":      "Cancelled (until %s)",
	"withdraw.state.until":         "%s (until %s)",
	"plan.state.withdrawn":         "Application withdrawn",
	"withdraw.from":                "You can withdraw from %s.",
	"withdraw.after.cancel":        "Cancel it first; you can withdraw from the day after its end date.",
	"withdraw.after.revoke":        "Cancel the application first; you can withdraw from the next day.",
	"withdraw.after.option-cancel": "Cancel it first; you can withdraw from the 1st of the next month (a cancel takes effect at the month's end).",
	"withdraw.after.auto-cancel":   "It cannot be cancelled on its own: it ends by itself once the provider addresses and web spaces in use are within the basic allowance; you can withdraw from the 1st of the next month.",
	"withdraw.after.plan-cancel":   "It ends with its annual-fee plan: cancel the plan; you can withdraw from the day after its end date.",
	"withdraw.after.payment":       "You can withdraw once the payment is confirmed.",
	"withdraw.after.line-cancel":   "The line is cancelled by phone: %s %s (%s). You can withdraw from the day after its last day.",

	"withdraw.notes_lead":       "Please read these notes before you withdraw.",
	"withdraw.note.difference":  "Cancelling a service and withdrawing the membership differ: after cancelling a service you stay a member (your customer number remains); withdrawing deletes the membership, and you can no longer log in to My Page.",
	"withdraw.note.logins":      "After the withdrawal neither the customer number %s nor any account ID (%s) logs in to My Page.",
	"withdraw.note.logins_none": "After the withdrawal the customer number %s no longer logs in to My Page.",
	"withdraw.note.sessions":    "Screens logged in on other terminals are logged out at that moment.",
	"withdraw.note.records":     "The records of your contract and statements are kept by us after the withdrawal.",
	"withdraw.note.callbacks":   "Callbacks booked for your contract are cancelled with the withdrawal.",
	"withdraw.note.mail":        "When it is done, the mail \"Membership withdrawal complete\" is sent to %s.",
	"withdraw.note.no_mail":     "No contact mail address is registered, so no completion mail can be sent.",
	"withdraw.note.undo":        "A withdrawal cannot be undone.",
	"withdraw.agree_label":      "Notes and agreement",

	"withdraw.confirm_lead": "Final confirmation: the membership of customer number %s will be withdrawn. Do you want to withdraw?",
	"withdraw.button.yes":   "Yes, withdraw",

	"withdraw.done":            "Your membership has been withdrawn. Thank you for using our services.",
	"withdraw.number":          "Reference number",
	"withdraw.date":            "Withdrawn on",
	"withdraw.mailed":          "The mail \"Membership withdrawal complete\" was sent to %s.",
	"withdraw.done_next":       "You now return to the login screen. The customer number and the account IDs no longer log in.",
	"withdraw.button.to_login": "To the login screen",

	"block.line-ended":   "The internet line has been cancelled, and the option services ended with it.",
	"info.line.recorded": "The cancellation of your line on %s has been taken. Option services end with the line. You can withdraw the membership from the day after that date.",

	"error.withdrawn": "The membership of this contract has been withdrawn.",
	"login.withdrawn": "You were logged out because your membership has been withdrawn. Thank you for using our services.",
}
