package core_test

import (
	"strings"
	"testing"

	"mypage/core"
)

// A procedure that mails its completion says which mail it sent, the one whose
// subject the outbox holds.
func TestProcedureNamesItsMail(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-multi"])
	for _, c := range []struct {
		name    string
		run     func() (core.Notice, error)
		want    core.Notice
		subject string
	}{
		{"option purchase", func() (core.Notice, error) {
			v, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), "remote-support", "")
			return v.Mailed, err
		}, core.NoticeOptionPurchase, "申込み完了メール"},
		{"option cancel", func() (core.Notice, error) {
			v, err := e.svc.CancelOption(holder, e.svc.NewToken(), "remote-support", "")
			return v.Mailed, err
		}, core.NoticeOptionCancel, "解約完了メール"},
		{"bank transfer", func() (core.Notice, error) {
			v, err := e.svc.SetTransfer(holder, e.svc.NewToken())
			return v.Mailed, err
		}, core.NoticePaymentChange, "お支払い方法変更完了メール"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.run()
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("Mailed = %q, want %q", got, c.want)
			}
			out := e.outbox(t)
			if len(out) == 0 || !strings.Contains(out[len(out)-1].Subject, c.subject) {
				t.Errorf("the last mail is not the %s: %+v", c.subject, out)
			}
		})
	}
}
