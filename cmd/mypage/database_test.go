package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDatabaseFlagsRangeChecked(t *testing.T) {
	db := newDB(t)
	for _, c := range []struct{ flag, value, want string }{
		{"--db-max-conns", "0", "--db-max-conns must be from 1 to 1000, not 0"},
		{"--db-max-conns", "1001", "--db-max-conns must be from 1 to 1000, not 1001"},
		{"--db-connect-timeout", "10ms", "--db-connect-timeout must be from 100ms to 5m0s, not 10ms"},
		{"--db-statement-timeout", "2h", "--db-statement-timeout must be from 100ms to 1h0m0s, not 2h0m0s"},
	} {
		_, _, err := run(t, "--db", db, c.flag, c.value, "admin", "check")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %s: %v, want %q", c.flag, c.value, err, c.want)
		}
	}
	mustRun(t, "--db", db, "--db-max-conns", "4", "--db-connect-timeout", "2s", "--db-statement-timeout", "1m", "admin", "check")
}

// MYPAGE_DB names the database when --db is not given; --db wins over it.
func TestDatabaseFromEnvironment(t *testing.T) {
	db := newDB(t)
	t.Setenv("MYPAGE_DB", db)
	if out := mustRun(t, "admin", "check"); !strings.HasPrefix(out, db+": ") {
		t.Errorf("admin check with MYPAGE_DB=%s checked another database:\n%s", db, out)
	}
	other := newDB(t)
	if out := mustRun(t, "--db", other, "admin", "check"); !strings.HasPrefix(out, other+": ") {
		t.Errorf("admin check --db %s with MYPAGE_DB set checked another database:\n%s", other, out)
	}
}

// The demo never fills the portal's database from MYPAGE_DB with demo
// contracts: it takes its own demo.db unless --db names one.
func TestDemoIgnoresDatabaseFromEnvironment(t *testing.T) {
	db := newDB(t)
	t.Setenv("MYPAGE_DB", db)
	out := mustRun(t, "demo", "--no-tui")
	if !strings.Contains(out, filepath.Join("mypage", "demo.db")) || strings.Contains(out, db) {
		t.Errorf("demo with MYPAGE_DB=%s did not take its own demo.db:\n%s", db, out)
	}
}

// A database name that looks like a URL but is no PostgreSQL one is refused
// before anything is opened: taken as a path, it made a bbolt database in a
// directory named after the URL, and the messages repeated its password.
func TestDatabaseNameThatIsNoURL(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, name := range []string{"Postgres://mypage:s3cret@127.0.0.1:5432/portal", " postgres://mypage:s3cret@h/portal",
		"postgres:/h/portal", "POSTGRESQL://mypage:s3cret@h/portal", "mysql://mypage:s3cret@h/portal",
		"host=127.0.0.1 port=5432 user=mypage password=s3cret dbname=portal",
		// Typed with an input method on, the slashes forgotten, keywords in capitals.
		"ｐｏｓｔｇｒｅｓ://mypage:s3cret@127.0.0.1:5432/portal", "postgres：//mypage:s3cret@127.0.0.1:5432/portal",
		"postgres:mypage:s3cret@127.0.0.1:5432/portal", "HOST=127.0.0.1 PASSWORD=s3cret DBNAME=portal"} {
		for _, args := range [][]string{{"--db", name, "admin", "init"}, {"--db", name, "demo", "--no-tui"},
			{"admin", "migrate", "--from", "x.db", "--to", name}} {
			_, errOut, err := run(t, args...)
			if err == nil {
				t.Errorf("mypage %q: accepted", args)
				continue
			}
			if msg := err.Error() + errOut; strings.Contains(msg, "s3cret") || !strings.Contains(msg, "postgres://") {
				t.Errorf("mypage %q: %s", args, msg)
			}
		}
		t.Setenv("MYPAGE_DB", name)
		if _, _, err := run(t, "admin", "check"); err == nil || !strings.Contains(err.Error(), "MYPAGE_DB") {
			t.Errorf("MYPAGE_DB=%q: %v", name, err)
		}
		t.Setenv("MYPAGE_DB", "")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files made in the working directory: %v", entries)
	}
}
