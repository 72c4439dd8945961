package core_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mypage/core"
	"mypage/store"
)

// Issue 11 (a way back): a reissued initial password replaces the old one at
// once, ends the sessions of the customer number, keeps account IDs logged in,
// is audited without the password and mails the holder.
func TestReissuePassword(t *testing.T) {
	e := newEnv(t)
	cert, holder := e.newContract(t, "spaaqs-multi")
	form := accountForm("taro-r", core.PermAdmin)
	e.register(t, holder, form)
	admin := e.login(t, core.LoginAccountID, form.ID, form.Password).Principal
	mails := len(e.outbox(t))

	again, err := e.svc.ReissuePassword(e.op, cert.Number)
	if err != nil {
		t.Fatalf("ReissuePassword: %v", err)
	}
	if again.Number != cert.Number || again.InitialPassword == "" || again.InitialPassword == cert.InitialPassword ||
		again.Holder != cert.Holder || again.Type != cert.Type {
		t.Fatalf("certificate %+v, first %+v", again, cert)
	}
	if _, err := e.svc.Login(core.LoginCustomerNumber, cert.Number, cert.InitialPassword, "test"); err != core.ErrLoginFailed {
		t.Errorf("login with the old password: %v, want refused", err)
	}
	fresh := e.login(t, core.LoginCustomerNumber, cert.Number, again.InitialPassword).Principal

	// The session of before the reissue ends at its next action; the new one
	// and the account ID's go on.
	if _, err := e.svc.ContractInfo(holder); !errors.Is(err, core.ErrSessionEnded) || !errors.Is(err, core.ErrPasswordReissued) {
		t.Errorf("old holder session: %v, want it ended", err)
	}
	if _, err := e.svc.ContractInfo(fresh); err != nil {
		t.Errorf("new holder session: %v", err)
	}
	if _, err := e.svc.ContractInfo(admin); err != nil {
		t.Errorf("account ID session: %v", err)
	}

	recs, _ := e.svc.Audit(e.op, core.AuditFilter{Contract: cert.Number})
	var found bool
	for _, r := range recs {
		if strings.Contains(r.Target, again.InitialPassword) || strings.Contains(r.Result, again.InitialPassword) {
			t.Errorf("audit record holds the password: %+v", r)
		}
		if r.Action == "contract-reissue" && r.Target == cert.Number && r.Result == "ok" && r.Actor == "operator" {
			found = true
		}
	}
	if !found {
		t.Errorf("no contract-reissue record in %+v", recs)
	}
	out := e.outbox(t)
	if len(out) != mails+1 || out[len(out)-1].To != customer().ContactMail ||
		!strings.Contains(out[len(out)-1].Subject, "パスワード再発行") || strings.Contains(out[len(out)-1].Body, again.InitialPassword) {
		t.Errorf("mails %+v", out[mails:])
	}

	// Changing it later the holder may not take back the forgotten one.
	err = e.svc.ChangeCustomerPassword(fresh, e.svc.NewToken(), again.InitialPassword, cert.InitialPassword, cert.InitialPassword)
	wantProblem(t, err, core.FieldPassword, core.ProblemReused)
}

// Only an operator reissues; a withdrawn contract and an unknown number are refused.
func TestReissuePasswordRefused(t *testing.T) {
	e := newEnv(t)
	cert, holder := withdrawable(t, e)
	if _, err := e.svc.ReissuePassword(holder, cert.Number); err != core.ErrForbidden {
		t.Errorf("holder: %v, want ErrForbidden", err)
	}
	if _, err := e.svc.ReissuePassword(e.op, "00000000"); err != core.ErrNotFound {
		t.Errorf("unknown number: %v, want ErrNotFound", err)
	}
	if _, err := e.svc.Withdraw(holder, e.svc.NewToken(), true); err != nil {
		t.Fatalf("Withdraw: %v", err)
	}
	if _, err := e.svc.ReissuePassword(e.op, cert.Number); err != core.ErrMemberWithdrawn {
		t.Errorf("withdrawn: %v, want ErrMemberWithdrawn", err)
	}
	if _, err := e.svc.Login(core.LoginCustomerNumber, cert.Number, cert.InitialPassword, "test"); err != core.ErrLoginFailed {
		t.Errorf("login after a refused reissue: %v", err)
	}
}

// A holder locked out by wrong passwords gets a certificate that works at
// once: the reissue lifts the customer number's locks.
func TestReissueLiftsTheLock(t *testing.T) {
	e := newEnv(t)
	cert, _ := e.newContract(t, "spaaqs-multi")
	for i := 0; i < 6; i++ {
		_, _ = e.svc.Login(core.LoginCustomerNumber, cert.Number, "wrong-password-1", "test")
	}
	again, err := e.svc.ReissuePassword(e.op, cert.Number)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Login(core.LoginCustomerNumber, cert.Number, again.InitialPassword, "test"); err != nil {
		t.Errorf("the new certificate after a lock: %v", err)
	}
}

// The holder's sessions end when the password is reissued, not only at their
// next action: the watch of this process at once, that of another process
// within its poll; account IDs and the new login's session go on.
func TestReissueEndsWatchedSessions(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "t.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	clock := core.NewManualClock(start)
	e := &env{db: db, svc: core.NewService(db, core.Config{Hash: cheap, Clock: clock, EndPoll: 10 * time.Millisecond}), clock: clock, op: core.Operator("test")}
	cert, holder := e.newContract(t, "spaaqs-multi")
	form := accountForm("taro-w", core.PermAdmin)
	e.register(t, holder, form)
	admin := e.login(t, core.LoginAccountID, form.ID, form.Password).Principal

	// A second process on the same file: a kiosk or another front-end.
	svc2 := core.NewService(db, core.Config{Hash: cheap, Clock: clock, EndPoll: 10 * time.Millisecond})
	there, err := svc2.Login(core.LoginCustomerNumber, cert.Number, cert.InitialPassword, "kiosk")
	if err != nil {
		t.Fatal(err)
	}
	far, stopFar := svc2.WatchEnd(there.Principal)
	defer stopFar()
	near, stopNear := e.svc.WatchEnd(holder)
	defer stopNear()
	account, stopAccount := e.svc.WatchEnd(admin)
	defer stopAccount()

	again, err := e.svc.ReissuePassword(e.op, cert.Number)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case why := <-near:
		if !errors.Is(why, core.ErrPasswordReissued) {
			t.Errorf("the holder session of this process ended for %v", why)
		}
	default:
		t.Error("the holder session of this process was not ended by the reissue")
	}
	select {
	case why := <-far:
		if !errors.Is(why, core.ErrPasswordReissued) {
			t.Errorf("the holder session of the other process ended for %v", why)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the holder session of the other process was not ended")
	}
	fresh := e.login(t, core.LoginCustomerNumber, cert.Number, again.InitialPassword).Principal
	next, stopNext := e.svc.WatchEnd(fresh)
	defer stopNext()
	time.Sleep(50 * time.Millisecond) // several polls
	for name, ch := range map[string]<-chan error{"the account ID": account, "the new login": next} {
		select {
		case why := <-ch:
			t.Errorf("%s was ended (%v)", name, why)
		default:
		}
	}
}
