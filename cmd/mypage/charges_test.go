package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"mypage/core"
	"mypage/store"
)

func TestChargesWithoutOptions(t *testing.T) {
	db := newDB(t)
	cert := createOne(t, db)
	out := mustRun(t, "--db", db, "admin", "charges", cert.Number, "--month", "2015-04")
	for _, s := range []string{cert.Number, "2015-04", "No option charges", "Total (tax-excluded): ¥0"} {
		if !strings.Contains(out, s) {
			t.Errorf("charges lacks %q:\n%s", s, out)
		}
	}
	out = mustRun(t, "--db", db, "admin", "charges", cert.Number, "--month", "2015-04", "--json")
	var st core.ChargeStatement
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("charges --json: %v\n%s", err, out)
	}
	if st.Number != cert.Number || st.Month != "2015-04" || st.Total != 0 || len(st.Lines) != 0 {
		t.Errorf("statement %+v", st)
	}
	if !strings.Contains(out, `"lines": []`) {
		t.Errorf("--json has no empty line list:\n%s", out)
	}
	// Without --month: the current month.
	before := core.MonthOf(time.Now()).String()
	out = mustRun(t, "--db", db, "admin", "charges", cert.Number)
	after := core.MonthOf(time.Now()).String()
	if !strings.Contains(out, " for "+before+" ") && !strings.Contains(out, " for "+after+" ") {
		t.Errorf("charges without --month does not show %s:\n%s", after, out)
	}
}

func TestChargesRefusesBadInput(t *testing.T) {
	db := newDB(t)
	cert := createOne(t, db)
	for _, bad := range []string{"2015-13", "2015-4", "April", "2015/04"} {
		_, _, err := run(t, "--db", db, "admin", "charges", cert.Number, "--month", bad)
		if err == nil {
			t.Errorf("--month %s was accepted", bad)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "--month") || !strings.Contains(msg, "YYYY-MM") || !strings.Contains(msg, bad) {
			t.Errorf("--month %s: unclear message %q", bad, msg)
		}
	}
	_, _, err := run(t, "--db", db, "admin", "charges", "99999999999999", "--month", "2015-04")
	if err == nil || !strings.Contains(err.Error(), "no contract with customer number 99999999999999") {
		t.Errorf("unknown number: err = %v", err)
	}
}

// putOptions writes option records into a contract as the purchase procedures store them.
func putOptions(t *testing.T, path, number string, recs []core.OptionRecord) {
	t.Helper()
	db, err := store.Open(path, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx core.Tx) error {
		var c core.Contract
		if err := tx.Get("contracts", number, &c); err != nil {
			return err
		}
		c.Options = recs
		return tx.Put("contracts", number, &c)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestChargesLines(t *testing.T) {
	db := newDB(t)
	cert := createOne(t, db)
	day := func(m time.Month, d int) time.Time { return time.Date(2015, m, d, 10, 0, 0, 0, core.JST) }
	cancel := day(time.May, 10)
	putOptions(t, db, cert.Number, []core.OptionRecord{
		{Option: "warranty", PurchasedAt: day(time.February, 16), CancelledAt: &cancel},
		{Option: "remote-support", PurchasedAt: day(time.April, 3), Fee: 3000},
		{Option: "kids-filter", Account: "taro", PurchasedAt: day(time.January, 20)},
	})
	out := mustRun(t, "--db", db, "admin", "charges", cert.Number, "--month", "2015-04")
	for _, s := range []string{"UCOM光 リモートサポート", "¥3,000", "reapply-fee", "fee",
		"UCOM光 あんしん機器保証", "  ¥500", "warranty", "charged 2015-04 to 2015-05",
		"安心 Kids フィルター", "taro", "security", "Total (tax-excluded): ¥3,786"} {
		if !strings.Contains(out, s) {
			t.Errorf("charges lacks %q:\n%s", s, out)
		}
	}
	out = mustRun(t, "--lang", "en", "--db", db, "admin", "charges", cert.Number, "--month", "2015-04")
	if !strings.Contains(out, "Kids Filter") {
		t.Errorf("--lang en does not name the options in English:\n%s", out)
	}

	out = mustRun(t, "--db", db, "admin", "charges", cert.Number, "--month", "2015-03", "--json")
	var st core.ChargeStatement
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	if st.Total != 286 || len(st.Lines) != 1 || st.Lines[0].Account != "taro" || st.Lines[0].Rule != core.RuleSecurity {
		t.Errorf("2015-03: %+v", st)
	}

	// A record of an option the catalog no longer has: the other lines, then the error.
	putOptions(t, db, cert.Number, []core.OptionRecord{
		{Option: "gone", PurchasedAt: day(time.January, 5)},
		{Option: "kids-filter", Account: "taro", PurchasedAt: day(time.January, 20)},
	})
	out, _, err := run(t, "--db", db, "admin", "charges", cert.Number, "--month", "2015-04")
	if err == nil || !strings.Contains(err.Error(), `"gone"`) {
		t.Errorf("unknown option: err = %v", err)
	}
	if !strings.Contains(out, "¥286") {
		t.Errorf("the known option's line is missing:\n%s", out)
	}
}

func TestYenAmount(t *testing.T) {
	for n, want := range map[int64]string{0: "¥0", 286: "¥286", 3000: "¥3,000", 1234567: "¥1,234,567", -3000: "-¥3,000"} {
		if got := yenAmount(n); got != want {
			t.Errorf("yenAmount(%d) = %s, want %s", n, got, want)
		}
	}
}
