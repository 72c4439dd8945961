package core_test

import (
	"fmt"
	"testing"
	"time"

	"mypage/core"
)

// SPEC §4.1: two ways in — customer number + customer password, account ID + account password.
func TestLoginBothWays(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	multi := d.holder["spaaqs-multi"]
	admin := d.account["spaaqs-multi"]["admin"]
	user := d.account["spaaqs-multi"]["user"]

	tests := []struct {
		name     string
		method   core.LoginMethod
		id, pw   string
		wantKind core.PrincipalKind
		wantPerm core.Permission
		wantAcct string
	}{
		{"customer number", core.LoginCustomerNumber, multi.Login, multi.Password, core.KindHolder, "", ""},
		{"admin account ID", core.LoginAccountID, admin.Login, admin.Password, core.KindAccount, core.PermAdmin, admin.Login},
		{"user account ID", core.LoginAccountID, user.Login, user.Password, core.KindAccount, core.PermUser, user.Login},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := e.svc.Login(tt.method, tt.id, tt.pw, "ssh 192.0.2.1:5555")
			if err != nil {
				t.Fatalf("Login: %v", err)
			}
			p := s.Principal
			if p.Kind != tt.wantKind || p.Permission != tt.wantPerm || p.AccountID != tt.wantAcct {
				t.Fatalf("principal = %+v", p)
			}
			if p.Contract != multi.Login {
				t.Fatalf("principal contract = %q, want %q", p.Contract, multi.Login)
			}
			if p.Source != "ssh 192.0.2.1:5555" {
				t.Fatalf("principal source = %q", p.Source)
			}
		})
	}
}

// SPEC §4.1: a failed login never says which half was wrong; a throttled ID gets the same answer.
func TestLoginFailureIsGeneric(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := d.holder["spaaqs-lan"]
	admin := d.account["spaaqs-lan"]["admin"]
	other := d.account["spaaqs-multi"]["admin"]

	tests := []struct {
		name   string
		method core.LoginMethod
		id, pw string
	}{
		{"unknown customer number", core.LoginCustomerNumber, "10000000000000", holder.Password},
		{"wrong customer password", core.LoginCustomerNumber, holder.Login, holder.Password + "x"},
		{"empty password", core.LoginCustomerNumber, holder.Login, ""},
		{"unknown account ID", core.LoginAccountID, "nobody-here", admin.Password},
		{"wrong account password", core.LoginAccountID, admin.Login, other.Password},
		{"customer number in the account ID box", core.LoginAccountID, holder.Login, holder.Password},
		{"account ID in the customer number box", core.LoginCustomerNumber, admin.Login, admin.Password},
		{"customer password with an account ID", core.LoginAccountID, admin.Login, holder.Password},
		{"password of the ID in capitals", core.LoginAccountID, admin.Login, upper(admin.Password)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := e.svc.Login(tt.method, tt.id, tt.pw, "test")
			if err != core.ErrLoginFailed {
				t.Fatalf("err = %v, want exactly ErrLoginFailed", err)
			}
			if s != (core.Session{}) {
				t.Fatalf("a failed login returned a session %+v", s)
			}
		})
	}

	// Throttled: the right password gets the very same error.
	for i := 0; i < 5; i++ {
		_, _ = e.svc.Login(core.LoginAccountID, admin.Login, "wrong-password", "test")
	}
	if _, err := e.svc.Login(core.LoginAccountID, admin.Login, admin.Password, "test"); err != core.ErrLoginFailed {
		t.Fatalf("throttled login: err = %v, want exactly ErrLoginFailed", err)
	}
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// SPEC §4.1 throttling: failures 1–4 lock nothing; the 5th locks the ID for 1 minute,
// the 6th for 2, the 7th for 4 … capped at 60; attempts during a lock are refused even
// with the right password and do not count; a success resets the count.
func TestLoginThrottle(t *testing.T) {
	for _, method := range []core.LoginMethod{core.LoginAccountID, core.LoginCustomerNumber} {
		t.Run(string(method), func(t *testing.T) {
			e := newEnv(t)
			d := e.seedDemo(t)
			cred := d.account["spaaqs-multi"]["user"]
			if method == core.LoginCustomerNumber {
				cred = d.holder["spaaqs-multi"]
			}
			right := func() error { _, err := e.svc.Login(method, cred.Login, cred.Password, "test"); return err }
			wrong := func() error { _, err := e.svc.Login(method, cred.Login, "not-the-password", "test"); return err }
			// The audit record of the last attempt tells a checked attempt ("failed") from one
			// refused unchecked during a lock ("throttled"); the caller only ever sees ErrLoginFailed.
			last := func() string {
				t.Helper()
				r := e.audit(t)
				a := r[len(r)-1]
				if a.Action != "login" || a.Target != string(method)+":"+cred.Login {
					t.Fatalf("last audit record = %+v, want the login", a)
				}
				return a.Result
			}
			counted := func(what string) {
				t.Helper()
				wantErr(t, wrong(), core.ErrLoginFailed)
				if got := last(); got != "failed" {
					t.Fatalf("%s: the wrong password was %q, want checked and counted (failed)", what, got)
				}
			}
			throttled := func(what string) {
				t.Helper()
				wantErr(t, right(), core.ErrLoginFailed)
				if got := last(); got != "throttled" {
					t.Fatalf("%s: the right password was %q, want throttled", what, got)
				}
			}

			// Failures 1–4: no lock, the right password still works, and resets the count.
			for n := 1; n <= 4; n++ {
				for i := 1; i <= n; i++ {
					counted(fmt.Sprintf("failure %d of %d", i, n))
				}
				if err := right(); err != nil {
					t.Fatalf("after %d failures the right password was refused: %v", n, err)
				}
			}

			// Four failures, then each further failure locks for a doubling delay.
			for i := 1; i <= 4; i++ {
				counted(fmt.Sprintf("failure %d", i))
			}
			locks := []struct {
				failure int
				lock    time.Duration
			}{
				{5, 1 * time.Minute},
				{6, 2 * time.Minute},
				{7, 4 * time.Minute},
				{8, 8 * time.Minute},
				{9, 16 * time.Minute},
				{10, 32 * time.Minute},
				{11, 60 * time.Minute}, // 64 capped at 60
				{12, 60 * time.Minute},
				{13, 60 * time.Minute},
			}
			for _, l := range locks {
				// Checked, so the previous lock (if any) has ended exactly on time.
				counted(fmt.Sprintf("failure %d", l.failure))
				// Refused unchecked right away and one second before the lock ends,
				// even with the right password; a wrong one during the lock is not counted.
				throttled(fmt.Sprintf("failure %d, at once", l.failure))
				wantErr(t, wrong(), core.ErrLoginFailed)
				if got := last(); got != "throttled" {
					t.Fatalf("failure %d: a wrong password during the lock was %q, want throttled", l.failure, got)
				}
				e.clock.Advance(l.lock - time.Second)
				throttled(fmt.Sprintf("failure %d, %v later", l.failure, l.lock-time.Second))
				e.clock.Advance(time.Second)
			}
			// The lock has run out: the right password works and resets the count.
			if err := right(); err != nil {
				t.Fatalf("after the last lock ran out: %v", err)
			}
			for i := 1; i <= 4; i++ {
				counted(fmt.Sprintf("failure %d after the reset", i))
			}
			if err := right(); err != nil {
				t.Fatalf("four failures after a reset locked the ID: %v", err)
			}
		})
	}
}

// Failures are counted per login ID: locking one ID leaves the others of the contract alone.
func TestLoginThrottleIsPerID(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	user := d.account["spaaqs-multi"]["user"]
	admin := d.account["spaaqs-multi"]["admin"]
	holder := d.holder["spaaqs-multi"]
	for i := 0; i < 7; i++ {
		_, _ = e.svc.Login(core.LoginAccountID, user.Login, "not-the-password", "test")
	}
	if _, err := e.svc.Login(core.LoginAccountID, user.Login, user.Password, "test"); err == nil {
		t.Fatal("the throttled ID logged in")
	}
	e.accountOf(t, admin)
	e.holderOf(t, holder)
}

// Seed 003 §8: a spaaqs contract with no account ID lands on account registration
// right after login; a UCOM contract has no such rule.
func TestFirstLoginRule(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	ucomCert, _ := e.newContract(t, "ucom-me")
	tests := []struct {
		name     string
		id, pw   string
		register bool // register an account ID before logging in again
		want     bool
	}{
		{"spaaqs home, no account ID (demo)", d.holder["spaaqs-home"].Login, d.holder["spaaqs-home"].Password, false, true},
		{"spaaqs multi with account IDs (demo)", d.holder["spaaqs-multi"].Login, d.holder["spaaqs-multi"].Password, false, false},
		{"UCOM ME, no account ID", ucomCert.Number, ucomCert.InitialPassword, false, false},
		{"spaaqs home after registering one", d.holder["spaaqs-home"].Login, d.holder["spaaqs-home"].Password, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := e.login(t, core.LoginCustomerNumber, tt.id, tt.pw)
			if tt.register {
				e.register(t, s.Principal, accountForm("sato-ken", core.PermAdmin))
				s = e.login(t, core.LoginCustomerNumber, tt.id, tt.pw)
			}
			if s.MustRegisterAccount != tt.want {
				t.Fatalf("MustRegisterAccount = %v, want %v", s.MustRegisterAccount, tt.want)
			}
		})
	}
	// An account ID login is never sent to registration.
	if s := e.login(t, core.LoginAccountID, "sato-ken", accountForm("sato-ken", "").Password); s.MustRegisterAccount {
		t.Fatal("an account ID login has MustRegisterAccount")
	}
}

// A deleted account ID can no longer log in.
func TestLoginAfterDelete(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-lan"])
	user := d.account["spaaqs-lan"]["user"]
	if err := e.svc.DeleteAccount(holder, e.svc.NewToken(), user.Login); err != nil {
		t.Fatal(err)
	}
	_, err := e.svc.Login(core.LoginAccountID, user.Login, user.Password, "test")
	wantErr(t, err, core.ErrLoginFailed)
}
