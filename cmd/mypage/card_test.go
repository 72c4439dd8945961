package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"mypage/core"
	"mypage/store"
)

// setCard registers a card on the contract as its holder would in the portal.
func setCard(t *testing.T, path string, cert core.Certificate, f core.CardForm) core.PaymentView {
	t.Helper()
	db, err := store.Open(path, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := core.NewService(db, baseConfig())
	s, err := svc.Login(core.LoginCustomerNumber, cert.Number, cert.InitialPassword, "test")
	if err != nil {
		t.Fatal(err)
	}
	v, err := svc.SetCard(s.Principal, svc.NewToken(), f)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCardApprove(t *testing.T) {
	path := newDB(t)
	cert := createOne(t, path) // holder ICHIRO SUZUKI
	year := fmt.Sprint(time.Now().Year() + 3)
	v := setCard(t, path, cert, core.CardForm{Number: "4111111111111111", ExpMonth: "12", ExpYear: year,
		HolderFirst: "HANAKO", HolderLast: "SUZUKI", Agree: true})
	if !v.Pending {
		t.Fatalf("a card in another name is not pending: %+v", v)
	}

	out := mustRun(t, "--db", path, "admin", "card", "approve", cert.Number)
	for _, s := range []string{cert.Number, "VISA", "XXXX-XXXX-XXXX-1111", "12/" + year, "HANAKO SUZUKI"} {
		if !strings.Contains(out, s) {
			t.Errorf("approve output lacks %q:\n%s", s, out)
		}
	}
	if strings.Contains(out, "4111111111111111") {
		t.Errorf("approve printed the card number:\n%s", out)
	}

	// Nothing is pending any more.
	_, _, err := run(t, "--db", path, "admin", "card", "approve", cert.Number)
	if err == nil || !strings.Contains(err.Error(), "no credit card pending review") {
		t.Errorf("second approve: %v", err)
	}
	_, _, err = run(t, "--db", path, "admin", "card", "approve", "99999999999999")
	if err == nil || !strings.Contains(err.Error(), "no contract with customer number 99999999999999") {
		t.Errorf("unknown number: %v", err)
	}
	if _, _, err := run(t, "--db", path, "admin", "card", "approve"); err == nil {
		t.Error("approve without a number was accepted")
	}

	// The approval is in the audit log of the contract, without the number.
	out = mustRun(t, "--db", path, "admin", "audit", "--contract", cert.Number, "--json")
	var recs []core.AuditRecord
	if err := json.Unmarshal([]byte(out), &recs); err != nil {
		t.Fatal(err)
	}
	approved := false
	for _, r := range recs {
		approved = approved || r.Action == "payment-card-approve" && r.Result == "ok"
	}
	if !approved || strings.Contains(out, "41111111") {
		t.Errorf("audit log:\n%s", out)
	}

	// --json: the payment method as the back office sees it.
	v = setCard(t, path, cert, core.CardForm{Number: "5555555555554444", ExpMonth: "01", ExpYear: year,
		HolderFirst: "JIRO", HolderLast: "SUZUKI", Agree: true})
	out = mustRun(t, "--db", path, "admin", "card", "approve", cert.Number, "--json")
	var got core.PaymentView
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("approve --json: %v\n%s", err, out)
	}
	if got.Brand != core.BrandMasterCard || got.Masked != "XXXX-XXXX-XXXX-4444" || got.Pending || got.ApprovedAt == nil {
		t.Errorf("approve --json: %+v", got)
	}

	out = mustRun(t, "admin", "card", "--help")
	if !strings.Contains(out, "approve") {
		t.Errorf("admin card --help does not list approve:\n%s", out)
	}
	out = mustRun(t, "admin", "--help")
	if !strings.Contains(out, "card") {
		t.Errorf("admin --help does not list card:\n%s", out)
	}
}
