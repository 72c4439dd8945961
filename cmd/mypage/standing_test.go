package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"mypage/core"
	"mypage/store"
)

// settleDB records a transfer of everything the contract owes past its due
// day (as `admin payment` does), so that a test moving the demo clock months
// ahead finds it in good standing rather than suspended for non-payment.
func settleDB(t *testing.T, path, number string) {
	t.Helper()
	db, err := store.Open(path, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := core.NewService(db, baseConfig())
	op := core.Operator("test")
	st, err := svc.StandingOf(op, number)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range st.Reasons {
		if r.Code != core.StandingUnpaid {
			continue
		}
		if _, err := svc.RecordPayment(op, number, r.Month, r.Remaining, svc.Now()); err != nil {
			t.Fatalf("payment of %s: %v", r.Month, err)
		}
	}
}

// clockAt is a clock stopped at one instant.
type clockAt time.Time

func (c clockAt) Now() time.Time { return time.Time(c) }

// `admin contract show` opens the database read-only: a contract whose last
// month nobody has closed yet is shown with its standing, that month counted
// as it will close, and nothing is written.
func TestContractShowMonthNotClosed(t *testing.T) {
	path := newDB(t)
	db, err := store.Open(path, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	cfg := baseConfig()
	now := time.Now().In(core.JST)
	// Created on the last day of last month, with a plan: that month is owed and not closed.
	created := time.Date(now.Year(), now.Month(), 1, 12, 0, 0, 0, core.JST).AddDate(0, 0, -1)
	cfg.Clock = clockAt(created)
	svc := core.NewService(db, cfg)
	op := core.Operator("test")
	cert, err := svc.CreateContract(op, core.NewContract{Type: "spaaqs-lan", Customer: core.Customer{LastName: "鈴木",
		FirstName: "一郎", LastKana: "スズキ", FirstKana: "イチロウ", RomajiLast: "SUZUKI", RomajiFirst: "ICHIRO",
		BirthDate: "1980-01-15", Gender: "male", Address: "東京都港区芝公園4-2-8", Household: 1, Phone: "03-1234-5678"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddPlan(op, cert.Number, "vps-2-plesk", created); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, "--db", path, "admin", "contract", "show", cert.Number)
	if !strings.Contains(out, "Standing: ") || !strings.Contains(out, "VPS-2(Plesk)") {
		t.Errorf("contract show:\n%s", out)
	}
	js := mustRun(t, "--db", path, "admin", "contract", "show", cert.Number, "--json")
	var shown struct {
		Standing core.Standing `json:"standing"`
	}
	if err := json.Unmarshal([]byte(js), &shown); err != nil {
		t.Fatalf("contract show --json: %v\n%s", err, js)
	}
	if after, err := os.ReadFile(path); err != nil || string(after) != string(before) {
		t.Errorf("contract show wrote the database (%v)", err)
	}
}
