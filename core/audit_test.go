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

// A login refused before core (attempts per source address) is audited without any password.
func TestLoginRefusedIsAudited(t *testing.T) {
	e := newEnv(t)
	e.svc.LoginRefused(core.LoginAccountID, "someone", "ssh 127.0.0.1:5000")
	recs, _ := e.svc.Audit(e.op, core.AuditFilter{})
	last := recs[len(recs)-1]
	if last.Action != "login" || last.Target != "account-id:someone" || last.Result != "rate-limited" || last.Source != "ssh 127.0.0.1:5000" {
		t.Fatalf("record = %+v", last)
	}
}
