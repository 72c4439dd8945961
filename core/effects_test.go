package core_test

import (
	"testing"

	"mypage/core"
)

// The confirm steps can name what a deletion or a cancel ends with it.
func TestDeletionEffectsAndAlsoCancelled(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := d.holder["spaaqs-multi"]
	s, err := e.svc.Login(core.LoginCustomerNumber, holder.Login, holder.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	p := s.Principal
	admin, user := d.account["spaaqs-multi"]["admin"].Login, d.account["spaaqs-multi"]["user"].Login
	mustMail := func(id, local string) {
		if _, err := e.svc.SetMail(p, "", core.MailForm{Account: id, Kind: core.MailProvider, Local: local, Agree: true}); err != nil {
			t.Fatal(err)
		}
	}
	mustMail(admin, "first.box")
	if _, err := e.svc.PurchaseOption(p, "", "mailpack", ""); err != nil {
		t.Fatal(err)
	}
	mustMail(user, "second.box")
	if _, err := e.svc.PurchaseOption(p, "", "kids-filter", user); err != nil {
		t.Fatal(err)
	}
	eff, err := e.svc.DeletionEffects(p, user)
	if err != nil {
		t.Fatal(err)
	}
	if len(eff.Options) != 1 || eff.Options[0].Code != "kids-filter" || eff.MailOption == nil || eff.MailOption.Code != "mailpack" {
		t.Fatalf("effects of deleting %s = %+v", user, eff)
	}
	// What the preview said is what the deletion does.
	if err := e.svc.DeleteAccount(p, "", user); err != nil {
		t.Fatal(err)
	}
	if v, _ := e.svc.OptionStatus(p, "mailpack", ""); v.State != core.OptionCancelling {
		t.Errorf("mail pack after the deletion: %s", v.State)
	}

	for _, code := range []string{"warranty", "warranty-addon"} {
		if _, err := e.svc.PurchaseOption(p, "", code, ""); err != nil {
			t.Fatal(err)
		}
	}
	v, err := e.svc.OptionStatus(p, "warranty", "")
	if err != nil || len(v.AlsoCancelled) != 1 || v.AlsoCancelled[0].Code != "warranty-addon" {
		t.Errorf("warranty view %+v, %v; want the add-on named", v.AlsoCancelled, err)
	}
	// An admin ID may preview a deletion as it may delete.
	us, _ := e.svc.Login(core.LoginAccountID, admin, d.account["spaaqs-multi"]["admin"].Password, "test")
	if _, err := e.svc.DeletionEffects(us.Principal, admin); err != nil {
		t.Errorf("admin preview: %v", err)
	}
}
