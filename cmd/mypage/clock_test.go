package main

import (
	"encoding/json"
	bolt "go.etcd.io/bbolt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"mypage/core"
)

func TestClockCommands(t *testing.T) {
	db, logins := newDemo(t)

	out := mustRun(t, "--db", db, "admin", "clock", "show")
	if !strings.Contains(out, "The real clock") {
		t.Errorf("clock show on a new demo:\n%s", out)
	}

	out = mustRun(t, "--db", db, "admin", "clock", "set", "2030-01-15")
	if !strings.Contains(out, "Clock: 2030-01-15 00:00:00 Tue (JST)") || !strings.Contains(out, "Demo offset from the real clock: +") {
		t.Errorf("clock set:\n%s", out)
	}
	if !regexp.MustCompile(`Closed months of [1-9][0-9]* contract\(s\)\.`).MatchString(out) {
		t.Errorf("clock set does not say what it closed:\n%s", out)
	}
	// Another process (the next command) sees the moved clock.
	out = mustRun(t, "--db", db, "admin", "clock", "show")
	if !strings.Contains(out, "Clock: 2030-01-15 ") {
		t.Errorf("clock show after set:\n%s", out)
	}

	out = mustRun(t, "--db", db, "admin", "clock", "advance", "1m10d")
	if !strings.Contains(out, "Clock: 2030-02-25 ") {
		t.Errorf("advance 1m10d:\n%s", out)
	}
	// January was passed: nothing more to close within February.
	if !strings.Contains(out, "Closed months of ") {
		t.Errorf("advance:\n%s", out)
	}
	out = mustRun(t, "--db", db, "admin", "clock", "advance", "2d")
	if !strings.Contains(out, "Clock: 2030-02-27 ") || !strings.Contains(out, "Closed months of 0 contract(s).") {
		t.Errorf("advance 2d:\n%s", out)
	}
	out = mustRun(t, "--db", db, "admin", "clock", "set", "2030-03-01T09:30:00+09:00")
	if !strings.Contains(out, "Clock: 2030-03-01 09:30:00 Fri (JST)") {
		t.Errorf("set RFC 3339:\n%s", out)
	}
	out = mustRun(t, "--db", db, "admin", "clock", "set", "2030-03-01T00:30:00Z")
	if !strings.Contains(out, "Clock: 2030-03-01 09:30:00") {
		t.Errorf("set RFC 3339 in UTC:\n%s", out)
	}

	// The statements follow: the demo contracts' February is closed.
	st := statementJSON(t, "--db", db, "admin", "statement", logins[0].Login, "--month", "2030-02")
	if !st.Closed {
		t.Errorf("February after the clock passed it: %+v", st)
	}

	for _, bad := range [][]string{
		{"advance", "1y"}, {"advance", "1h"}, {"advance", "0d"}, {"advance", "m"}, {"advance", "1d1m"},
		{"advance", "99999m"}, {"set", "2030/01/01"}, {"set", "tomorrow"}, {"set", "2030-02-30"},
	} {
		if _, _, err := run(t, append([]string{"--db", db, "admin", "clock"}, bad...)...); err == nil {
			t.Errorf("clock %v accepted", bad)
		}
	}
}

// newDemo creates a demo database and returns it with its logins.
func newDemo(t *testing.T) (string, []core.DemoLogin) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "demo.db")
	out := mustRun(t, "demo", "--db", db, "--no-tui", "--json")
	var logins []core.DemoLogin
	if err := json.Unmarshal([]byte(out), &logins); err != nil || len(logins) == 0 || logins[0].Kind != "holder" {
		t.Fatalf("demo --json: %v\n%s", err, out)
	}
	return db, logins
}

func TestClockRefusedOnRealDatabase(t *testing.T) {
	db := newDB(t)
	createOne(t, db)
	for _, args := range [][]string{{"set", "2030-01-01"}, {"advance", "1m"}} {
		_, _, err := run(t, append([]string{"--db", db, "admin", "clock"}, args...)...)
		if err == nil || !strings.Contains(err.Error(), "is not a demo database") {
			t.Errorf("clock %v on a real database: %v", args, err)
		}
	}
	out := mustRun(t, "--db", db, "admin", "clock", "show")
	if !strings.Contains(out, "The real clock") {
		t.Errorf("clock show:\n%s", out)
	}
}

func TestParsePeriod(t *testing.T) {
	good := map[string][2]int{"1m": {1, 0}, "10d": {0, 10}, "1m10d": {1, 10}, "12m": {12, 0}, "0m3d": {0, 3}, "1200m": {1200, 0}}
	for in, want := range good {
		m, d, err := parsePeriod(in)
		if err != nil || m != want[0] || d != want[1] {
			t.Errorf("parsePeriod(%q) = %d, %d, %v", in, m, d, err)
		}
	}
	for _, in := range []string{"", "0d", "0m0d", "1", "1y", "1M", "1D", "1w", "-1m", "+1m", "1m-1d", "10d1m", "1m 1d", "1.5m", "1h", "1201m", "36501d", "１m"} {
		if _, _, err := parsePeriod(in); err == nil {
			t.Errorf("parsePeriod(%q) accepted", in)
		}
	}
}

func TestParseClockTime(t *testing.T) {
	got, err := parseClockTime("2026-12-01")
	if err != nil || !got.Equal(time.Date(2026, time.December, 1, 0, 0, 0, 0, core.JST)) {
		t.Errorf("date: %v, %v", got, err)
	}
	got, err = parseClockTime("2026-12-01T00:00:00Z")
	if err != nil || !got.Equal(time.Date(2026, time.December, 1, 9, 0, 0, 0, core.JST)) || got.Location() != core.JST {
		t.Errorf("RFC 3339: %v, %v", got, err)
	}
	for _, in := range []string{"2026-12", "2026-12-01 10:00", "01/12/2026", ""} {
		if _, err := parseClockTime(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}

func TestOffsetText(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "+0d 0h00m",
		30*24*time.Hour + 2*time.Hour + 5*time.Minute: "+30d 2h05m",
		-(26*time.Hour + 30*time.Second):              "-1d 2h01m",
	} {
		if got := offsetText(d); got != want {
			t.Errorf("offsetText(%v) = %s, want %s", d, got, want)
		}
	}
}

// clock set refuses a date the portal cannot live in, with the range in the message.
func TestClockSetOutOfRange(t *testing.T) {
	db, _ := newDemo(t)
	for _, args := range [][]string{{"set", "9999-12-31"}, {"set", "2100-01-01"}, {"advance", "1200m"}} {
		_, _, err := run(t, append([]string{"--db", db, "admin", "clock"}, args...)...)
		if err == nil || !strings.Contains(err.Error(), "between 2000-01-01 and 2099-12-31") {
			t.Errorf("clock %s: %v", strings.Join(args, " "), err)
		}
	}
	if out := mustRun(t, "--db", db, "admin", "clock", "show"); !strings.Contains(out, "The real clock") {
		t.Errorf("a refused move changed the clock:\n%s", out)
	}
}

// newSupportlessDemo is a demo database before its household asked the
// support and before any notice: no ticket, request, callback or notice, so
// that a test counts its own.
func newSupportlessDemo(t *testing.T) (string, []core.DemoLogin) {
	t.Helper()
	path, logins := newDemo(t)
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	if err := bdb.Update(func(tx *bolt.Tx) error {
		settings := tx.Bucket([]byte("settings"))
		var notices [][]byte
		_ = settings.ForEach(func(k, _ []byte) error {
			if strings.HasPrefix(string(k), "bulletin") || strings.HasPrefix(string(k), "callback-slot/") {
				notices = append(notices, append([]byte(nil), k...))
			}
			return nil
		})
		for _, k := range notices {
			if err := settings.Delete(k); err != nil {
				return err
			}
		}
		for _, b := range []string{"tickets", "requests", "callbacks"} {
			if err := tx.DeleteBucket([]byte(b)); err != nil {
				return err
			}
			if _, err := tx.CreateBucket([]byte(b)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return path, logins
}
