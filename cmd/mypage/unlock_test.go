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
	if !strings.Contains(out, "lifted 2") {
		t.Fatalf("unlock printed %q", out)
	}
	if err := login(cert.InitialPassword); err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	if out := mustRun(t, "--db", path, "admin", "unlock", cert.Number); !strings.Contains(out, "no lock") {
		t.Fatalf("second unlock printed %q", out)
	}
	audit := mustRun(t, "--db", path, "admin", "audit")
	if !strings.Contains(audit, "unlock") {
		t.Fatalf("the unlock is not audited:\n%s", audit)
	}
}
