package main

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"mypage/store"
)

// issue 7 point 10: every command but demo and admin init refuses a --db that does not
// exist, naming it, and creates neither the file nor its directories.
func TestCommandsRefuseMissingDB(t *testing.T) {
	csv := writeFile(t, "calls.csv", "")
	commands := [][]string{
		createArgs,
		{"admin", "contract", "show", "10000000000001"},
		{"admin", "outbox"},
		{"admin", "audit"},
		{"admin", "backup", filepath.Join(t.TempDir(), "copy.db")},
		{"admin", "charges", "10000000000001", "--month", "2026-04"},
		{"admin", "statement", "10000000000001", "--month", "2026-04"},
		{"admin", "card", "approve", "10000000000001"},
		{"admin", "clock", "show"},
		{"admin", "clock", "set", "2030-01-01"},
		{"admin", "clock", "advance", "1d"},
		{"admin", "debit-result", "10000000000001", "--month", "2026-04", "--ok"},
		{"admin", "payment", "10000000000001", "--month", "2026-04", "--amount", "100", "--date", "2026-05-27"},
		{"admin", "import-calls", csv},
		{"admin", "check"},
		{"run"},
		{"kiosk"},
		{"serve", "--addr", "127.0.0.1:0"},
	}
	for _, args := range commands {
		dir := filepath.Join(t.TempDir(), "typo")
		path := filepath.Join(dir, "mypage.db")
		_, _, err := run(t, append([]string{"--db", path}, args...)...)
		want := "database " + path + " does not exist: check the path (to create a new database: mypage admin init --db " + path + ")"
		if err == nil || err.Error() != want {
			t.Errorf("mypage %s with a missing --db: %v, want it refused naming %s", strings.Join(args, " "), err, path)
		}
		if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("mypage %s created %s", strings.Join(args, " "), dir)
		}
	}
}

// admin init creates a database (and its directory) once and refuses an existing file.
func TestAdminInit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new", "mypage.db")
	out := mustRun(t, "--db", path, "admin", "init")
	if !strings.Contains(out, "created "+path) {
		t.Errorf("init printed %q", out)
	}
	if out := mustRun(t, "--db", path, "admin", "check"); !strings.Contains(out, "no problems found") {
		t.Errorf("check of a new database:\n%s", out)
	}
	if _, _, err := run(t, "--db", path, "admin", "init"); err == nil || !strings.Contains(err.Error(), path+" already exists") {
		t.Errorf("a second init: %v, want it refused", err)
	}
	empty := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := run(t, "--db", empty, "admin", "init"); err == nil {
		t.Error("init over an existing empty file succeeded")
	}
}

// issue 7 point 10: the read-only commands write nothing: the file keeps its bytes and
// its modification time.
func TestReadOnlyCommandsWriteNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "d.db")
	mustRun(t, "demo", "--db", db, "--no-tui", "--json")
	cert := createOne(t, db)
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(db, old, old); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"admin", "audit"},
		{"admin", "outbox"},
		{"admin", "contract", "show", cert.Number},
		{"admin", "charges", cert.Number},
		{"admin", "clock", "show"},
		{"admin", "backup", filepath.Join(t.TempDir(), "copy.db")},
		{"admin", "check"},
	} {
		mustRun(t, append([]string{"--db", db}, args...)...)
		after, err := os.ReadFile(db)
		if err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(db)
		if err != nil {
			t.Fatal(err)
		}
		if string(after) != string(before) || !fi.ModTime().Equal(old) {
			t.Errorf("mypage %s changed the database (mtime %v, was %v)", strings.Join(args, " "), fi.ModTime(), old)
		}
	}
}

// admin check lists the buckets of a clean file and exits 0; on a damaged document it
// names the bucket and key and exits 1; a truncated file is refused naming it.
func TestAdminCheck(t *testing.T) {
	db := filepath.Join(t.TempDir(), "d.db")
	mustRun(t, "demo", "--db", db, "--no-tui", "--json")
	out := mustRun(t, "--db", db, "admin", "check")
	for _, s := range []string{db + ": schema " + strconv.Itoa(store.SchemaVersion), "BUCKET", "contracts", "audit", "no problems found"} {
		if !strings.Contains(out, s) {
			t.Errorf("check of a clean file lacks %q:\n%s", s, out)
		}
	}

	bdb, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("accounts")).Put([]byte("broken-id"), []byte(`{"id": [`))
	}); err != nil {
		t.Fatal(err)
	}
	if err := bdb.Close(); err != nil {
		t.Fatal(err)
	}
	out, _, err = run(t, "--db", db, "admin", "check")
	var ex exitError
	if !errors.As(err, &ex) || ex.code != 1 {
		t.Errorf("check of a damaged file: %v, want exit status 1", err)
	}
	if !strings.Contains(out, `1 problem found:`) || !strings.Contains(out, `bucket "accounts" key "broken-id"`) {
		t.Errorf("check does not name the broken document:\n%s", out)
	}

	fi, err := os.Stat(db)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(db, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	_, _, err = run(t, "--db", db, "admin", "check")
	if err == nil || !strings.Contains(err.Error(), db) || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("check of a truncated file: %v, want it refused naming the file", err)
	}
}
