package core_test

import (
	"testing"

	"mypage/core"
)

// The record of a new contract carries its customer number, so the back office
// finds it with `admin audit --contract NUMBER`.
func TestContractCreateAuditCarriesNumber(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	number := d.holder["spaaqs-multi"].Login
	recs, err := e.svc.Audit(e.op, core.AuditFilter{Contract: number})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 || recs[0].Action != "contract-create" || recs[0].Target != number || recs[0].Result != "ok" {
		t.Fatalf("first record of %s = %+v, want its contract-create", number, recs)
	}
}

// A login refused before core (attempts per source address) is audited without any
// password, and with the typed ID only when it is a login ID.
func TestLoginRefusedIsAudited(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	admin := d.account["spaaqs-multi"]["admin"].Login
	for typed, want := range map[string]string{admin: "account-id:" + admin, "someone": "account-id:unknown"} {
		e.svc.LoginRefused(core.LoginAccountID, typed, "ssh 127.0.0.1:5000")
		recs, _ := e.svc.Audit(e.op, core.AuditFilter{})
		last := recs[len(recs)-1]
		if last.Action != "login" || last.Target != want || last.Result != "rate-limited" || last.Source != "ssh 127.0.0.1:5000" {
			t.Fatalf("record = %+v, want target %q", last, want)
		}
	}
}
