package main

import (
	"path/filepath"
	"strings"
	"testing"

	"mypage/core"
	"mypage/store"
)

// `admin unlock LOGIN` lifts the locks a run of wrong passwords set on a login.
func TestAdminUnlock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	cert := createOne(t, path)
	login := func(pw string) error {
		db, err := store.Open(path, store.DefaultOptions)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		_, err = core.NewService(db, baseConfig()).Login(core.LoginCustomerNumber, cert.Number, pw, "ssh 192.0.2.5:4000")
		return err
	}
	for i := 0; i < 5; i++ {
		_ = login("not-the-password")
	}
	if login(cert.InitialPassword) == nil {
		t.Fatal("five failures did not lock the login")
	}
	out := mustRun(t, "--db", path, "admin", "unlock", cert.Number)
	if !strings.Contains(out, "2 locks lifted") {
		t.Fatalf("unlock printed %q", out)
	}
	if err := login(cert.InitialPassword); err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	if out := mustRun(t, "--db", path, "admin", "unlock", cert.Number); !strings.Contains(out, "was not locked") {
		t.Fatalf("second unlock printed %q", out)
	}
	audit := mustRun(t, "--db", path, "admin", "audit")
	if !strings.Contains(audit, "unlock") {
		t.Fatalf("the unlock is not audited:\n%s", audit)
	}
}

// The output names the login and what was lifted; an unknown login and a missing
// argument are errors that say what to give.
func TestAdminUnlockMessages(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	cert := createOne(t, path)
	db, err := store.Open(path, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	svc := core.NewService(db, baseConfig())
	for i := 0; i < 5; i++ {
		_, _ = svc.Login(core.LoginCustomerNumber, cert.Number, "not-the-password", "ssh 192.0.2.5:4000")
	}
	db.Close()
	if out := mustRun(t, "--db", path, "admin", "unlock", cert.Number); out != cert.Number+": 2 locks lifted\n" {
		t.Errorf("unlock printed %q", out)
	}
	if out := mustRun(t, "--db", path, "admin", "unlock", cert.Number); out != cert.Number+": was not locked\n" {
		t.Errorf("second unlock printed %q", out)
	}
	_, _, err = run(t, "--db", path, "admin", "unlock", "no-such-login")
	if err == nil || err.Error() != "no customer number or account ID no-such-login" {
		t.Errorf("unknown login: %v", err)
	}
	_, _, err = run(t, "--db", path, "admin", "unlock")
	if err == nil || err.Error() != "give the customer number or account ID to unlock" {
		t.Errorf("no argument: %v", err)
	}
}
