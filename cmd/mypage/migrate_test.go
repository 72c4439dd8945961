package main

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mypage/core"
	"mypage/store/pgtest"
)

// issue 13 point 5: migrate copies a bbolt database with history (audit,
// outbox, statements, calls) into an empty PostgreSQL one, verifies it, and
// the portal goes on on the copy: the same contract, and new audit records
// appended after the copied ones.
func TestMigrateToPostgres(t *testing.T) {
	file := filepath.Join(t.TempDir(), "demo.db")
	out := mustRun(t, "--db", file, "demo", "--no-tui", "--json")
	var logins []core.DemoLogin
	if err := json.Unmarshal([]byte(out), &logins); err != nil {
		t.Fatal(err)
	}
	url := pgtest.URL(t)

	out = mustRun(t, "admin", "migrate", "--from", file, "--to", url)
	if !strings.Contains(out, "every bucket has the same documents on both sides") || strings.Contains(out, "DIFFERENT") {
		t.Fatalf("migrate:\n%s", out)
	}
	for _, b := range []string{"contracts", "audit", "outbox", "statements"} {
		if !strings.Contains(out, "\n"+b+" ") {
			t.Errorf("the table does not list %s:\n%s", b, out)
		}
	}
	number := logins[0].Login
	if a, b := mustRun(t, "--db", file, "admin", "contract", "show", number), mustRun(t, "--db", url, "admin", "contract", "show", number); a != b {
		t.Errorf("the contract differs on the copy:\n%s\n---\n%s", a, b)
	}
	if a, b := mustRun(t, "--db", file, "admin", "audit", "--json"), mustRun(t, "--db", url, "admin", "audit", "--json"); a != b {
		t.Errorf("the audit log differs on the copy")
	}
	// The copy's sequences go on after the copied records.
	mustRun(t, "--db", url, "admin", "contract", "reissue", number)
	var audit []core.AuditRecord
	if err := json.Unmarshal([]byte(mustRun(t, "--db", url, "admin", "audit", "--limit", "1", "--json")), &audit); err != nil {
		t.Fatal(err)
	}
	if len(audit) != 1 || !strings.Contains(strings.ToLower(audit[0].Action), "reissue") {
		t.Errorf("the newest audit record of the copy is %+v, not the reissue", audit)
	}

	// A database that is not empty is refused, and nothing is added to it.
	_, _, err := run(t, "admin", "migrate", "--from", file, "--to", url)
	if err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("migrate into a database that holds the copy: %v", err)
	}
}

// On PostgreSQL, backup names the database's own tools, check decodes the
// documents, demo refuses a database that is not empty.
func TestAdminOnPostgres(t *testing.T) {
	url := pgtest.URL(t)
	out := mustRun(t, "--db", url, "admin", "init")
	if !strings.Contains(out, "schema ready") || strings.Contains(out, "password") {
		t.Errorf("init: %q", out)
	}
	createOne(t, url)
	_, _, err := run(t, "--db", url, "admin", "backup", filepath.Join(t.TempDir(), "copy.db"))
	if err == nil || !strings.Contains(err.Error(), "pg_dump") || !strings.Contains(err.Error(), "pg_restore") {
		t.Errorf("backup on PostgreSQL: %v", err)
	}
	out = mustRun(t, "--db", url, "admin", "check")
	if !strings.Contains(out, "PostgreSQL") || !strings.Contains(out, "contracts") || !strings.Contains(out, "no problems found") {
		t.Errorf("check on PostgreSQL:\n%s", out)
	}
	if _, _, err := run(t, "--db", url, "demo", "--no-tui"); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("demo on a database that holds a contract: %v", err)
	}
	fresh := pgtest.URL(t)
	if out := mustRun(t, "--db", fresh, "demo", "--no-tui"); !strings.Contains(out, "mypage --db "+fresh) {
		t.Errorf("demo on PostgreSQL:\n%s", out)
	}
}

// Of two copies into one empty database at once, the one that commits second
// finds the other's documents in its own transaction and says the database is
// not empty; here the second runs after the first, past the look before it.
func TestMigrateCopyRefusesDocumentsInItsTransaction(t *testing.T) {
	file := filepath.Join(t.TempDir(), "demo.db")
	mustRun(t, "--db", file, "demo", "--no-tui")
	g := &globals{dbf: dbFlags{maxConns: 4, connectTimeout: 5 * time.Second, statementTimeout: 30 * time.Second}, log: slog.New(slog.DiscardHandler)}
	_, src, err := g.openFile(file, dbRead)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := openPostgres(context.Background(), pgtest.URL(t), g.dbf, g.log)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if err := copyDocuments(src, dst); err != nil {
		t.Fatal(err)
	}
	if err := copyDocuments(src, dst); !errors.Is(err, errNotEmpty) {
		t.Errorf("a second copy: %v, want the database not empty", err)
	}
}
