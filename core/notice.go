package core

// Notice names the completion mail a procedure sent, so that the screen says
// which mail to look for (the mail's subject names it the same way).
type Notice string

// The completion mails of the procedures that report where they mailed.
const (
	NoticeOptionPurchase Notice = "option-purchase" // 申込み完了メール
	NoticeOptionCancel   Notice = "option-cancel"   // 解約完了メール
	NoticePaymentChange  Notice = "payment-change"  // お支払い方法変更完了メール
	NoticePlanChange     Notice = "plan-change"     // プラン変更お申し込み完了のお知らせ
	// The account ID procedures.
	NoticeAccountRegister Notice = "account-register" // アカウントID登録完了のお知らせ
	NoticeAccountChange   Notice = "account-change"   // アカウントID登録情報変更のお知らせ
	NoticeAccountDelete   Notice = "account-delete"   // アカウントID削除完了のお知らせ
)

// Mailing is where a procedure that returns nothing else sent its completion
// mail, and which mail it was.
type Mailing struct {
	To   string
	Kind Notice
}
