package main

import (
	"strings"
	"testing"
	"time"

	"mypage/core"
	"mypage/store"
)

// Stored text on admin contract show's standing lines is shown escaped on
// one line (SPEC §11.5): a plan service whose stored plan code and ID hold a
// line feed must not print a line of its own that reads like the command's.
func TestContractShowStandingEscapesStoredText(t *testing.T) {
	path := newDB(t)
	cert := createOne(t, path)
	db, err := store.Open(path, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().In(core.JST)
	err = db.Update(func(tx core.Tx) error {
		var c core.Contract
		if err := tx.Get("contracts", cert.Number, &c); err != nil {
			return err
		}
		begin := time.Date(now.Year()-2, now.Month(), 1, 0, 0, 0, 0, core.JST)
		c.Plans = append(c.Plans, core.PlanService{ID: "1\nStanding: in good standing", Plan: "x\nStanding: in good standing",
			AppliedAt: begin, Start: begin, TermStart: begin, FirstTermEnd: begin.AddDate(1, 0, -1), NoAutoRenew: true})
		return tx.Put("contracts", cert.Number, &c)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runMain(t, "--db", path, "admin", "contract", "show", cert.Number)
	if !strings.Contains(out, "lapsed") {
		t.Fatalf("exit %d, no lapse shown:\n%s\n%s", code, out, errOut)
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "Standing: in good standing") {
			t.Errorf("stored text forged a line of its own:\n%s", out)
			break
		}
	}
}
