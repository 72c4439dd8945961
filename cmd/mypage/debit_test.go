package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mypage/core"
)

func TestDebitSchedule2026(t *testing.T) {
	data := t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	out, errOut, err := run(t, "admin", "debit-schedule", "--year", "2026")
	if err != nil {
		t.Fatalf("debit-schedule --year 2026: %v\nstderr:\n%s", err, errOut)
	}
	want := "" +
		"2026-01 debit 2026-01-26 retry 2026-02-04\n" +
		"2026-02 debit 2026-02-25 retry 2026-03-06\n" +
		"2026-03 debit 2026-03-25 retry 2026-04-03\n" +
		"2026-04 debit 2026-04-27 retry 2026-05-12\n" +
		"2026-05 debit 2026-05-25 retry 2026-06-03\n" +
		"2026-06 debit 2026-06-25 retry 2026-07-06\n" +
		"2026-07 debit 2026-07-27 retry 2026-08-05\n" +
		"2026-08 debit 2026-08-25 retry 2026-09-03\n" +
		"2026-09 debit 2026-09-25 retry 2026-10-06\n" +
		"2026-10 debit 2026-10-26 retry 2026-11-05\n" +
		"2026-11 debit 2026-11-25 retry 2026-12-04\n" +
		"2026-12 debit 2026-12-25 retry 2027-01-07\n"
	if out != want {
		t.Errorf("debit-schedule --year 2026 printed\n%s\nwant\n%s", out, want)
	}
	if errOut != "" {
		t.Errorf("debit-schedule wrote to stderr: %q", errOut)
	}
	// The lines are core's schedule, month by month.
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 12 {
		t.Fatalf("%d lines, want 12", len(lines))
	}
	for i, line := range lines {
		m := core.Month{Year: 2026, Month: time.Month(i + 1)}
		debit := core.DebitDate(m)
		f := strings.Fields(line)
		if len(f) != 5 || f[0] != m.String() || f[1] != "debit" || f[2] != debit.Format(time.DateOnly) ||
			f[3] != "retry" || f[4] != core.RetryDate(debit).Format(time.DateOnly) {
			t.Errorf("line %d %q does not match core's schedule for %s", i+1, line, m)
		}
	}
	// No database was opened, so none was created.
	if entries, err := os.ReadDir(data); err != nil || len(entries) != 0 {
		t.Errorf("debit-schedule touched the data directory: %v %v", entries, err)
	}
}

func TestDebitScheduleNeedsNoDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "missing", "m.db")
	out := mustRun(t, "--db", db, "admin", "debit-schedule", "--year", "2027")
	if n := strings.Count(out, "\n"); n != 12 || !strings.HasPrefix(out, "2027-01 debit 2027-01-25 retry 2027-02-03\n") {
		t.Errorf("debit-schedule --year 2027 printed %d lines:\n%s", n, out)
	}
	if _, err := os.Stat(filepath.Dir(db)); !os.IsNotExist(err) {
		t.Errorf("debit-schedule created the database directory: %v", err)
	}
}

func TestDebitScheduleRefusesBadYears(t *testing.T) {
	cases := []struct {
		args []string
		msg  string
	}{
		{[]string{}, "--year is required"},
		{[]string{"--year", ""}, "--year is required"},
		{[]string{"--year", "abcd"}, "not a year"},
		{[]string{"--year", "26"}, "not a year"},
		{[]string{"--year", "02026"}, "not a year"},
		{[]string{"--year", "+202"}, "not a year"},
		{[]string{"--year", "-202"}, "not a year"},
		{[]string{"--year", "2026-01"}, "not a year"},
		{[]string{"--year", "1999"}, "outside 2000–2099"},
		{[]string{"--year", "2100"}, "outside 2000–2099"},
		{[]string{"--year", "2026", "extra"}, "unknown command"},
	}
	for _, c := range cases {
		args := append([]string{"admin", "debit-schedule"}, c.args...)
		out, _, err := run(t, args...)
		if err == nil {
			t.Errorf("mypage %s was accepted:\n%s", strings.Join(args, " "), out)
			continue
		}
		if !strings.Contains(err.Error(), c.msg) {
			t.Errorf("mypage %s: error %q does not say %q", strings.Join(args, " "), err, c.msg)
		}
		if out != "" {
			t.Errorf("mypage %s printed %q on a refused year", strings.Join(args, " "), out)
		}
	}
}
