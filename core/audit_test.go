package core_test

import (
	"strings"
	"testing"
	"unicode/utf8"

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

// SPEC §11.5: a caller of core that sends a hostile request field (1 MB,
// escapes, bidi overrides, line feeds) leaves an audit target that is escaped
// on one line and bounded, whichever procedure built it.
func TestAuditTargetIsEscapedAndBounded(t *testing.T) {
	e := newEnv(t)
	_, holder := e.newContract(t, "spaaqs-lan")
	hostile := "\x1b[2J\u202eevil\n" + strings.Repeat("あ", 1<<20/3) + "\x1b]0;x\x07"
	for _, c := range []struct {
		name string
		call func() error
	}{
		{"renew", func() error {
			_, err := e.svc.Renew(holder, e.svc.NewToken(), core.RenewalRequest{Service: hostile, Plan: hostile, Years: 1})
			return err
		}},
		{"plan-cancel", func() error {
			_, err := e.svc.CancelPlan(holder, e.svc.NewToken(), core.PlanCancelRequest{Service: hostile})
			return err
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := c.call(); err == nil {
				t.Fatal("a request for no plan service was accepted")
			}
			recs := e.audit(t)
			last := recs[len(recs)-1]
			if last.Action != c.name {
				t.Fatalf("last record %+v, want %s", last, c.name)
			}
			got := last.Target
			if len(got) > core.AuditTargetMax || !strings.HasSuffix(got, "…") {
				t.Errorf("target of %d bytes (ends %q), want at most %d, marked as cut", len(got), got[max(0, len(got)-8):], core.AuditTargetMax)
			}
			if !strings.HasPrefix(got, `\x1b[2J\u202eevil\nあ`) {
				t.Errorf("target %q, want the escapes shown", got[:min(len(got), 40)])
			}
			if !utf8.ValidString(got) || strings.ContainsAny(got, "\x1b\n\u202e") {
				t.Errorf("target keeps raw control characters: %q", got)
			}
		})
	}
	// A safe, short target is stored as it is.
	if _, err := e.svc.CancelPlan(holder, e.svc.NewToken(), core.PlanCancelRequest{Service: "42"}); err == nil {
		t.Fatal("a cancel of no plan service was accepted")
	}
	if recs := e.audit(t); recs[len(recs)-1].Target != "42" {
		t.Errorf("target %q, want 42", recs[len(recs)-1].Target)
	}
}
