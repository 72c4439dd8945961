package core_test

import (
	"errors"
	"testing"
	"time"

	"mypage/core"
)

// Failed step-ups are the admin ID's own: they are audited as its step-up and
// throttled on its key, so that one admin ID alone never locks the holder out
// of the login (its five stay below the customer number's ceiling of 20).
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

// stepped logs the multi contract's admin ID in and steps it up.
func stepped(t *testing.T, e *env, d demo) (admin, up core.Principal) {
	t.Helper()
	admin = e.accountOf(t, d.account["spaaqs-multi"]["admin"])
	up, err := e.svc.StepUp(admin, d.holder["spaaqs-multi"].Login, d.holder["spaaqs-multi"].Password)
	if err != nil {
		t.Fatalf("StepUp: %v", err)
	}
	return admin, up
}

// SPEC §4.1: the step-up is bound to the account ID that made it and ends when it
// is deleted (the session ends) or loses admin permission, when it logs out, and
// after Config.StepUpTTL; until then it reads the statements.
func TestStepUpEnds(t *testing.T) {
	ttl := 10 * time.Minute
	tests := []struct {
		name string
		end  func(t *testing.T, e *env, d demo, admin core.Principal)
		want error
	}{
		{"still valid a second before the TTL", func(t *testing.T, e *env, d demo, admin core.Principal) {
			e.clock.Advance(ttl - time.Second)
		}, nil},
		{"after the TTL", func(t *testing.T, e *env, d demo, admin core.Principal) {
			e.clock.Advance(ttl)
		}, core.ErrStepUpEnded},
		{"the account ID logged out", func(t *testing.T, e *env, d demo, admin core.Principal) {
			e.svc.Logout(admin, "logout")
		}, core.ErrStepUpEnded},
		{"the holder deleted the account ID", func(t *testing.T, e *env, d demo, admin core.Principal) {
			holder := e.holderOf(t, d.holder["spaaqs-multi"])
			if err := e.svc.DeleteAccount(holder, e.svc.NewToken(), admin.AccountID); err != nil {
				t.Fatal(err)
			}
		}, core.ErrSessionEnded},
		{"the account ID lost admin permission, even when it gets it back", func(t *testing.T, e *env, d demo, admin core.Principal) {
			holder := e.holderOf(t, d.holder["spaaqs-multi"])
			v, err := e.svc.Account(holder, admin.AccountID)
			if err != nil {
				t.Fatal(err)
			}
			for _, perm := range []core.Permission{core.PermUser, core.PermAdmin} {
				f := formOf(v)
				f.Permission = perm
				if _, err := e.svc.UpdateAccount(holder, e.svc.NewToken(), f); err != nil {
					t.Fatal(err)
				}
			}
		}, core.ErrStepUpEnded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnvWith(t, core.Config{Hash: cheap, StepUpTTL: ttl})
			d := e.seedDemo(t)
			admin, up := stepped(t, e, d)
			if _, err := e.svc.StatementMonths(up); err != nil {
				t.Fatalf("right after the step-up: %v", err)
			}
			tt.end(t, e, d, admin)
			_, err := e.svc.StatementMonths(up)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("StatementMonths: %v", err)
				}
				return
			}
			wantErr(t, err, tt.want)
			_, err = e.svc.CallStatement(up, "phone", core.MonthOf(start))
			wantErr(t, err, tt.want)
			// 退会 ends with the step-up as the statements do (SPEC §4.3).
			_, err = e.svc.WithdrawalCheck(up)
			wantErr(t, err, tt.want)
			_, err = e.svc.CheckWithdraw(up, true)
			wantErr(t, err, tt.want)
			_, err = e.svc.Withdraw(up, e.svc.NewToken(), true)
			wantErr(t, err, tt.want)
		})
	}
}

// Another login of the same account ID has its own step-up: logging one out
// leaves the other's alone, and a session that never stepped up gets nothing.
func TestStepUpIsTheSessions(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	admin, up := stepped(t, e, d)
	other := e.accountOf(t, d.account["spaaqs-multi"]["admin"])
	forged := other
	forged.Kind = core.KindStepUp
	_, err := e.svc.StatementMonths(forged)
	wantErr(t, err, core.ErrStepUpEnded)
	e.svc.Logout(other, "logout")
	if _, err := e.svc.StatementMonths(up); err != nil {
		t.Fatalf("another session's logout ended the step-up: %v", err)
	}
	e.svc.Logout(admin, "logout")
	_, err = e.svc.StatementMonths(up)
	wantErr(t, err, core.ErrStepUpEnded)
}

// The step-up grants the billing functions and 退会 only: never the customer
// password, the customer information or any other function of the holder
// (issue: the step-up principal was a plain holder principal).
func TestStepUpGrantsBillingOnly(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	_, up := stepped(t, e, d)
	holderPW := d.holder["spaaqs-multi"].Password
	tok := e.svc.NewToken
	refused := map[string]error{
		"customer password change": e.svc.ChangeCustomerPassword(up, tok(), holderPW, "taken-over-pass-1", "taken-over-pass-1"),
		"customer password check":  e.svc.CheckCustomerPassword(up, holderPW, "taken-over-pass-1", "taken-over-pass-1"),
		"register an account ID": func() error {
			_, err := e.svc.RegisterAccount(up, tok(), accountForm("intruder-01", core.PermAdmin))
			return err
		}(),
		"delete an account ID": e.svc.DeleteAccount(up, tok(), d.account["spaaqs-multi"]["user"].Login),
		"customer information": func() error { _, err := e.svc.CustomerInfo(up); return err }(),
		"list the account IDs": func() error { _, err := e.svc.ListAccounts(up); return err }(),
		"step up again":        func() error { _, err := e.svc.StepUp(up, d.holder["spaaqs-multi"].Login, holderPW); return err }(),
		"unlock a login":       func() error { _, err := e.svc.Unlock(up, d.holder["spaaqs-multi"].Login); return err }(),
	}
	for name, err := range refused {
		if !errors.Is(err, core.ErrForbidden) {
			t.Errorf("%s with the step-up: err = %v, want ErrForbidden", name, err)
		}
	}
	if _, err := e.svc.StatementMonths(up); err != nil {
		t.Errorf("statements with the step-up: %v", err)
	}
	if _, err := e.svc.CallStatement(up, "phone", core.MonthOf(start)); err != nil {
		t.Errorf("call details with the step-up: %v", err)
	}
	// The customer password is unchanged: the holder still logs in with it.
	e.holderOf(t, d.holder["spaaqs-multi"])
}

// SPEC §4.3: 退会 is × (step-up to holder) for an admin ID. Stepped up, it sees
// the blocking list, passes the notes step and withdraws; the withdrawal and
// its audit record name the admin ID that did it, not the holder.
func TestStepUpWithdraws(t *testing.T) {
	f := newPermFixture(t)
	admin, up := f.who["admin"], f.who["step-up"]
	if _, err := f.e.svc.WithdrawalCheck(admin); !errors.Is(err, core.ErrForbidden) {
		t.Fatalf("WithdrawalCheck without the step-up: %v, want ErrForbidden", err)
	}
	v, err := f.e.svc.WithdrawalCheck(up)
	if err != nil {
		t.Fatalf("WithdrawalCheck with the step-up: %v", err)
	}
	if len(v.Blocks) == 0 {
		t.Error("the demo contract holds plans and options, yet nothing blocks its withdrawal")
	}
	f.nothingHeld(t)
	if _, err := f.e.svc.CheckWithdraw(up, true); err != nil {
		t.Fatalf("CheckWithdraw with the step-up: %v", err)
	}
	r, err := f.e.svc.Withdraw(up, f.e.svc.NewToken(), true)
	if err != nil {
		t.Fatalf("Withdraw with the step-up: %v", err)
	}
	who := "account:" + admin.AccountID
	if r.Withdrawal.Actor != who {
		t.Errorf("withdrawal made by %q, want %q", r.Withdrawal.Actor, who)
	}
	recs, err := f.e.svc.Audit(f.e.op, core.AuditFilter{Contract: f.multi})
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, rec := range recs {
		if rec.Action == "withdraw" && rec.Result == "ok" {
			found = true
			if rec.Actor != who {
				t.Errorf("withdrawal audited as %q, want %q", rec.Actor, who)
			}
		}
	}
	if !found {
		t.Error("no audit record of the withdrawal")
	}
	// Every session of the contract ends, the admin ID's own login included.
	_, err = f.e.svc.ListAccounts(admin)
	wantErr(t, err, core.ErrWithdrawn)
	_, err = f.e.svc.StatementMonths(up)
	wantErr(t, err, core.ErrWithdrawn)
}

// The step-up's lifetime the screens tell is the configured one, 15 minutes by default.
func TestStepUpTTLTold(t *testing.T) {
	for _, c := range []struct {
		cfg  time.Duration
		want time.Duration
	}{{0, 15 * time.Minute}, {5 * time.Minute, 5 * time.Minute}} {
		e := newEnvWith(t, core.Config{Hash: cheap, StepUpTTL: c.cfg})
		if got := e.svc.StepUpTTL(); got != c.want {
			t.Errorf("configured %v: StepUpTTL() = %v, want %v", c.cfg, got, c.want)
		}
	}
}
