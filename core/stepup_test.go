package core_test

import (
	"errors"
	"testing"

	"mypage/core"
)

// Failed step-ups are the admin ID's own: they are audited as its step-up and
// throttled on its key, never locking the holder out of the login.
func TestStepUpThrottleIsTheAccounts(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := d.holder["spaaqs-multi"]
	admin := d.account["spaaqs-multi"]["admin"]
	s, err := e.svc.Login(core.LoginAccountID, admin.Login, admin.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 8; i++ {
		if _, err := e.svc.StepUp(s.Principal, holder.Login, "wrong-password-1"); !errors.Is(err, core.ErrLoginFailed) {
			t.Fatalf("step-up %d: %v", i, err)
		}
	}
	// Locked now, even with the right password.
	if _, err := e.svc.StepUp(s.Principal, holder.Login, holder.Password); !errors.Is(err, core.ErrLoginFailed) {
		t.Errorf("a locked step-up went through: %v", err)
	}
	if _, err := e.svc.Login(core.LoginCustomerNumber, holder.Login, holder.Password, "test"); err != nil {
		t.Errorf("the holder was locked out by an admin ID's step-ups: %v", err)
	}
	recs, _ := e.svc.Audit(e.op, core.AuditFilter{})
	var stepUps int
	for _, r := range recs {
		if r.Action == "step-up" {
			stepUps++
			if r.Actor != "account:"+admin.Login {
				t.Errorf("step-up audited as %q", r.Actor)
			}
		}
	}
	if stepUps != 9 {
		t.Errorf("%d step-up records, want 9", stepUps)
	}
}
