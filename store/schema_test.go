package store_test

import (
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"mypage/core"
	"mypage/store"
)

// copyFixture copies a database of store/testdata into the test's directory.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	in, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	path := filepath.Join(t.TempDir(), name)
	out, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// bucketKeys lists the keys of a bucket of a closed file, nil when it has no such bucket.
func bucketKeys(t *testing.T, path, bucket string) (keys []string, exists bool) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	_ = bdb.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucket))
		if b == nil {
			return nil
		}
		exists = true
		return b.ForEach(func(k, _ []byte) error { keys = append(keys, string(k)); return nil })
	})
	return keys, exists
}

// SPEC §2, issue 9: a demo database written by the schema-3 program (before
// plans) is upgraded in place to schema 4: its contracts and closed statements
// read as before, and a plan service can be opened and billed on them.
func TestSchema3Upgraded(t *testing.T) {
	path := copyFixture(t, "schema3-demo.db")
	if got := readSchema(t, path); got != "3" {
		t.Fatalf("the fixture has schema %q, want 3", got)
	}
	numbers, _ := bucketKeys(t, path, "contracts")
	if _, ok := bucketKeys(t, path, "plan-changes"); ok || len(numbers) == 0 {
		t.Fatalf("the fixture already has plan changes, or no contracts (%v)", numbers)
	}

	db := open(t, path, store.Options{})
	clock := core.NewManualClock(start)
	svc := core.NewService(db, core.Config{Clock: clock, Hash: core.HashParams{MemoryKiB: 64, Time: 1, Threads: 1}})
	var latest time.Time
	for _, n := range numbers {
		c, err := svc.ShowContract(op, n)
		if err != nil {
			t.Fatalf("contract %s of the old file: %v", n, err)
		}
		if c.Number != n || c.CreatedAt.IsZero() || c.Customer.LastName == "" {
			t.Errorf("contract %s of the old file reads as %+v", n, c)
		}
		latest = maxTime(latest, c.CreatedAt)
	}
	// Live on past the months the old file closed: they read as stored.
	clock.Set(latest.AddDate(0, 6, 0))
	n := numbers[0]
	first, err := svc.StatementOf(op, n, core.MonthOf(latest))
	if err != nil || !first.Closed {
		t.Fatalf("statement of %s: %+v, %v", core.MonthOf(latest), first, err)
	}
	if _, err := svc.AddPlan(op, n, "rs-1", svc.Now()); err != nil {
		t.Fatalf("AddPlan on an upgraded file: %v", err)
	}
	st, err := svc.StatementOf(op, n, core.MonthOf(svc.Now()))
	if err != nil {
		t.Fatal(err)
	}
	var rs1 int64
	for _, l := range st.Lines {
		if l.Code == "rs-1" && l.Rule == core.RulePlanMonthly {
			rs1 += l.Amount
		}
	}
	if rs1 != 975 {
		t.Errorf("the open month of the upgraded file bills RS-1 %d, want 975: %+v", rs1, st.Lines)
	}
	again, err := svc.StatementOf(op, n, core.MonthOf(latest))
	if err != nil || again.Total != first.Total || len(again.Lines) != len(first.Lines) {
		t.Errorf("a closed statement changed after a plan was added: %+v, %v", again, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if got := readSchema(t, path); got != "5" {
		t.Errorf("schema %q after the upgrade, want 5", got)
	}
	for _, b := range []string{"plan-changes", "tickets", "callbacks", "requests"} {
		if _, ok := bucketKeys(t, path, b); !ok {
			t.Errorf("the upgraded file has no %s bucket", b)
		}
	}
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
