package core_test

import (
	"strings"
	"testing"

	"mypage/core"
)

// コールバック予約 offers a user ID the topics メールでのお問い合わせ offers it:
// its own account's options, not another account ID's (SPEC §4.3: a user
// ID's support is "about its own account").
func TestCallbackTopicsOfAUserIDAreItsOwn(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	user := e.accountOf(t, d.account["spaaqs-multi"]["user"])
	admin := e.accountOf(t, d.account["spaaqs-multi"]["admin"])
	if _, err := e.svc.SetMail(admin, "", core.MailForm{Account: admin.AccountID, Kind: core.MailProvider, Local: "first.box", Agree: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.PurchaseOption(admin, "", "mailpack", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.PurchaseOption(admin, "", "sec-360", admin.AccountID); err != nil {
		t.Fatal(err)
	}
	inq, err := e.svc.InquiryForm(user)
	if err != nil {
		t.Fatal(err)
	}
	own := map[string]bool{}
	for _, s := range inq.Services {
		own[s.Name] = true
	}
	cb, err := e.svc.CallbackStart(user)
	if err != nil {
		t.Fatal(err)
	}
	for _, tp := range cb.Topics {
		if strings.HasPrefix(tp.Code, core.CallbackTopicOption) && !own[tp.Name] {
			t.Errorf("the user ID is offered %s (%s), not one of its own services %v", tp.Name, tp.Code, own)
		}
	}
}
