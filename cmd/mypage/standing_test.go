package main

import (
	"testing"

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
