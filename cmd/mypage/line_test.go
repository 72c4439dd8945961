package main

import (
	"encoding/json"
	"strings"
	"testing"

	"mypage/core"
)

// An operator records the internet line's cancellation taken by phone; the
// contract shows it, and a second record or a date out of range is refused.
func TestLineCancelCommand(t *testing.T) {
	db, cert := planDB(t, "2030-01-15")
	cancel := func(args ...string) []string {
		return append([]string{"--db", db, "admin", "line", "cancel"}, args...)
	}
	out := mustRun(t, "--db", db, "admin", "contract", "show", cert.Number)
	if !strings.Contains(out, "in use (not cancelled)") {
		t.Errorf("contract show before a cancel:\n%s", out)
	}
	wantError(t, cancel(cert.Number), "--date: required")
	wantError(t, cancel(cert.Number, "--date", "2030/02/28"), "--date", "YYYY-MM-DD")
	wantError(t, cancel("99999999999999", "--date", "2030-02-28"), "no contract with customer number 99999999999999")
	wantRefused(t, cancel(cert.Number, "--date", "2020-01-01"), "before the contract began")
	wantRefused(t, cancel(cert.Number, "--date", "2031-12-31"), "more than 366 days ahead")

	out = mustRun(t, cancel(cert.Number, "--date", "2030-02-28", "--json")...)
	var lc core.LineCancel
	if err := json.Unmarshal([]byte(out), &lc); err != nil || core.DayOf(lc.Date).String() != "2030-02-28" {
		t.Fatalf("--json: %+v, %v\n%s", lc, err, out)
	}
	wantRefused(t, cancel(cert.Number, "--date", "2030-03-31"), "recorded already")
	out = mustRun(t, "--db", db, "admin", "contract", "show", cert.Number)
	if !strings.Contains(out, "cancelled by phone: ends 2030-02-28") {
		t.Errorf("contract show after a cancel:\n%s", out)
	}
	out = mustRun(t, "--db", db, "admin", "audit", "--contract", cert.Number)
	if !strings.Contains(out, "line-cancel") {
		t.Errorf("the audit lacks the line cancel:\n%s", out)
	}
}
