package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"mypage/core"
	"mypage/store"
)

// `admin contract reissue NUMBER`: a new certificate, the old password refused
// at once and the new one accepted, audited without the password; a withdrawn
// contract and an unknown number are refused.
func TestContractReissue(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	cert := createOne(t, path)
	withSvc := func(f func(svc *core.Service)) {
		t.Helper()
		db, err := store.Open(path, store.DefaultOptions)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		f(core.NewService(db, baseConfig()))
	}
	login := func(pw string) (s core.Session, err error) {
		withSvc(func(svc *core.Service) { s, err = svc.Login(core.LoginCustomerNumber, cert.Number, pw, "test") })
		return s, err
	}

	out := mustRun(t, "--db", path, "admin", "contract", "reissue", cert.Number)
	for _, s := range []string{"登録証", cert.Number, "初期パスワード", "鈴木 一郎"} {
		if !strings.Contains(out, s) {
			t.Errorf("certificate lacks %q:\n%s", s, out)
		}
	}
	out = mustRun(t, "--db", path, "admin", "contract", "reissue", cert.Number, "--json")
	var again core.Certificate
	if err := json.Unmarshal([]byte(out), &again); err != nil || again.Number != cert.Number || again.InitialPassword == "" {
		t.Fatalf("--json: %+v %v\n%s", again, err, out)
	}
	if _, err := login(cert.InitialPassword); err != core.ErrLoginFailed {
		t.Errorf("login with the old password: %v", err)
	}
	holder, err := login(again.InitialPassword)
	if err != nil {
		t.Fatalf("login with the new password: %v", err)
	}
	audit := mustRun(t, "--db", path, "admin", "audit", "--contract", cert.Number)
	if strings.Count(audit, "contract-reissue") != 2 || strings.Contains(audit, again.InitialPassword) {
		t.Errorf("audit:\n%s", audit)
	}

	wantError(t, []string{"--db", path, "admin", "contract", "reissue", "99999999999999"}, "no contract with customer number 99999999999999")
	withSvc(func(svc *core.Service) {
		op := core.Operator("test")
		if _, err := svc.CancelLine(op, cert.Number, svc.Now()); err != nil {
			t.Fatal(err)
		}
		if err := svc.MarkDemo(op); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.AdvanceClock(op, 0, 1); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Withdraw(holder.Principal, svc.NewToken(), true); err != nil {
			t.Fatal(err)
		}
	})
	wantRefused(t, []string{"--db", path, "admin", "contract", "reissue", cert.Number}, "withdrawn its membership")
}
