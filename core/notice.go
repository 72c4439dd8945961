package core

// Notice names the completion mail a procedure sent, so that the screen says
// which mail to look for (the mail's subject names it the same way).
type Notice string

// The completion mails of the procedures that report where they mailed.
const (
	NoticeOptionPurchase Notice = "option-purchase" // 申込み完了メール
	NoticeOptionCancel   Notice = "option-cancel"   // 解約完了メール
	NoticePaymentChange  Notice = "payment-change"  // お支払い方法変更完了メール
)
