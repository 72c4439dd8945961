package main

import (
	"encoding/json"
	"strings"
	"testing"

	"mypage/core"
	"mypage/store"
)

// admin renewals lists the terms ending within the window with their auto-renew
// setting and renewal fee; admin contract show gives the notice of each plan;
// the holder's stored name is shown escaped.
func TestRenewalsCommand(t *testing.T) {
	db, cert := planDB(t, "2030-01-15")
	mustRun(t, "--db", db, "admin", "plan", "add", cert.Number, "--plan", "lite", "--start", "2030-01-15") // term ends 2031-01-14
	st, err := store.Open(db, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	err = st.Update(func(tx core.Tx) error {
		var c core.Contract
		if err := tx.Get("contracts", cert.Number, &c); err != nil {
			return err
		}
		c.Customer.LastName = "鈴木\u202e"
		return tx.Put("contracts", cert.Number, &c)
	})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	mustRun(t, "--db", db, "admin", "clock", "set", "2030-11-30") // 45 days before the end

	out := mustRun(t, "--db", db, "admin", "renewals", "--within", "60d")
	var line string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, cert.Number) {
			line = l
		}
	}
	for _, s := range []string{`鈴木\u202e`, "Lite (lite)", "2031-01-14", " 45 ", " yes ", "on, 2031-01-15", "¥975"} {
		if !strings.Contains(line, s) {
			t.Errorf("renewals row lacks %q:\n%s", s, out)
		}
	}
	if strings.Contains(out, "\u202e") {
		t.Errorf("renewals shows the stored text raw:\n%s", out)
	}
	if !strings.Contains(out, "DAYS LEFT") || !strings.Contains(out, "AUTO-RENEW") {
		t.Errorf("renewals header:\n%s", out)
	}
	if out := mustRun(t, "--db", db, "admin", "renewals", "--within", "44d"); strings.Contains(out, cert.Number) {
		t.Errorf("within 44 days lists a term 45 days away:\n%s", out)
	}

	out = mustRun(t, "--db", db, "admin", "renewals", "--within", "45d", "--json")
	var due []core.RenewalDue
	if err := json.Unmarshal([]byte(out), &due); err != nil {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	found := false
	for _, d := range due {
		if d.Contract == cert.Number {
			found = true
			if d.DaysLeft != 45 || !d.AutoRenew || d.Fee != 975 || d.RenewsOn == nil || d.RenewsOn.String() != "2031-01-15" ||
				d.TermEnd.String() != "2031-01-14" || !d.Recommended || d.Holder != "鈴木\u202e 一郎" {
				t.Errorf("JSON row %+v", d)
			}
		}
	}
	if !found || strings.Contains(out, "\u202e") {
		t.Errorf("--json: row found %v, raw text %v:\n%s", found, strings.Contains(out, "\u202e"), out)
	}

	out = mustRun(t, "--db", db, "admin", "contract", "show", cert.Number)
	if !strings.Contains(out, "Renewal notice, plan service 1: term ends 2031-01-14 (45 days left), the recommended time to renew; "+
		"auto-renew on: renews 2031-01-15, billed ¥975 (tax-excluded)") {
		t.Errorf("contract show lacks the renewal notice:\n%s", out)
	}
	out = mustRun(t, "--db", db, "admin", "contract", "show", cert.Number, "--json")
	if !strings.Contains(out, `"days_left": 45`) {
		t.Errorf("contract show --json lacks the renewal notice:\n%s", out)
	}

	for _, tc := range []struct{ within, want string }{
		{"2m", "no other unit is accepted"},
		{"60", "has no unit"},
		{"60days", "no other unit is accepted"},
		{"-1d", "no other unit is accepted"},
		{"d", "not a number of days from 0d"},
		{"99999d", "not a number of days from 0d"},
		{"1w", "no other unit is accepted"},
	} {
		wantError(t, []string{"--db", db, "admin", "renewals", "--within", tc.within}, "--within", tc.want)
	}
}
