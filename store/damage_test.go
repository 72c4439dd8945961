package store_test

import (
	"errors"
	"log/slog"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"mypage/core"
	"mypage/store"
)

// seeded writes a database with enough contracts to span many pages and returns
// its path and the customer numbers.
func seeded(t *testing.T, dir string) (string, []string) {
	t.Helper()
	path := filepath.Join(dir, "mypage.db")
	db := open(t, path, store.Options{})
	svc := service(db)
	var numbers []string
	for i := 0; i < 40; i++ {
		cert, err := svc.CreateContract(op, core.NewContract{Type: "spaaqs-lan", Customer: demoCustomer()})
		if err != nil {
			t.Fatal(err)
		}
		numbers = append(numbers, cert.Number)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path, numbers
}

// scramble overwrites every page after the two meta pages with random bytes.
func scramble(t *testing.T, path string, seed int64) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewSource(seed))
	page := os.Getpagesize()
	for i := 2 * page; i < len(raw); i++ {
		raw[i] = byte(r.Intn(256))
	}
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

// scrambleData overwrites the leaf and branch pages (the buckets' keys and values),
// from offset skip within each page, with random bytes; meta and freelist stay valid.
func scrambleData(t *testing.T, path string, seed int64, skip int) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, PreLoadFreelist: true})
	if err != nil {
		t.Fatal(err)
	}
	var pages []int
	page := 0
	if err := bdb.View(func(tx *bolt.Tx) error {
		page = tx.DB().Info().PageSize
		for id := 2; ; id++ {
			p, err := tx.Page(id)
			if err != nil {
				return err
			}
			if p == nil {
				return nil
			}
			if p.Type == "leaf" || p.Type == "branch" {
				pages = append(pages, id)
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	if err := bdb.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewSource(seed))
	for _, id := range pages {
		r.Read(raw[id*page+skip : (id+1)*page])
	}
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

func boltFile(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(fn); err != nil {
		t.Fatal(err)
	}
	if err := bdb.Close(); err != nil {
		t.Fatal(err)
	}
}

// SPEC §2, issue 7 point 10: a damaged or foreign file is refused with a message naming the
// file and what is wrong, never with a panic, and never turned into an empty database.
// Whatever opens must fail on the first read of the damaged part, with an error, and
// Check must report a problem.
func TestDamagedFilesAreRefused(t *testing.T) {
	cases := []struct {
		name string
		make func(t *testing.T, dir string) string
		want string // in the error of Open, or of the first failing read
	}{
		{"empty file", func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "empty.db")
			if err := os.WriteFile(path, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			return path
		}, "not a mypage database (the file is empty)"},
		{"text file", func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "notes.txt")
			if err := os.WriteFile(path, []byte(strings.Repeat("not a database\n", 1000)), 0o600); err != nil {
				t.Fatal(err)
			}
			return path
		}, "not a mypage database"},
		{"bbolt file of another program", func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "other.db")
			boltFile(t, path, func(tx *bolt.Tx) error {
				b, err := tx.CreateBucket([]byte("widgets"))
				if err != nil {
					return err
				}
				return b.Put([]byte("w1"), []byte("gear"))
			})
			return path
		}, "another program, buckets widgets"},
		{"empty bbolt file", func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "bare.db")
			boltFile(t, path, func(*bolt.Tx) error { return nil })
			return path
		}, "without any bucket"},
		{"meta without schema", func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "meta.db")
			boltFile(t, path, func(tx *bolt.Tx) error {
				_, err := tx.CreateBucket([]byte("meta"))
				return err
			})
			return path
		}, "no schema version"},
		{"truncated file", func(t *testing.T, dir string) string {
			path, _ := seeded(t, dir)
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(path, fi.Size()/2); err != nil {
				t.Fatal(err)
			}
			return path
		}, "damaged (truncated"},
		{"both meta pages overwritten", func(t *testing.T, dir string) string {
			path, _ := seeded(t, dir)
			f, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			junk := make([]byte, 2*os.Getpagesize())
			rand.New(rand.NewSource(1)).Read(junk)
			if _, err := f.WriteAt(junk, 0); err != nil {
				t.Fatal(err)
			}
			return path
		}, "not a mypage database"},
		{"random bytes in the data pages", func(t *testing.T, dir string) string {
			path, _ := seeded(t, dir)
			scramble(t, path, 7)
			return path
		}, "damaged"},
		{"random bytes in the data pages, another pattern", func(t *testing.T, dir string) string {
			path, _ := seeded(t, dir)
			scramble(t, path, 99)
			return path
		}, "damaged"},
		{"random bytes in every data page", func(t *testing.T, dir string) string {
			path, _ := seeded(t, dir)
			scrambleData(t, path, 3, 0)
			return path
		}, "damaged"},
		{"random bytes in the data pages behind their headers", func(t *testing.T, dir string) string {
			path, _ := seeded(t, dir)
			scrambleData(t, path, 5, 16)
			return path
		}, "damaged"},
		{"random bytes in the data pages behind their element lists", func(t *testing.T, dir string) string {
			path, _ := seeded(t, dir)
			scrambleData(t, path, 11, 600)
			return path
		}, "damaged"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := c.make(t, t.TempDir())
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			err = readAll(path)
			if err == nil {
				t.Fatalf("%s was read without an error", path)
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v\nwant it to name %s and say %q", err, path, c.want)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if string(after) != string(before) {
				t.Errorf("the refused file was changed (%d bytes, was %d)", len(after), len(before))
			}
		})
	}
}

// readAll opens path and reads everything core can read, then checks it; it returns
// the first error.
func readAll(path string) error {
	db, err := store.Open(path, store.Options{LockTimeout: time.Second})
	if err != nil {
		return err
	}
	defer db.Close()
	svc := service(db)
	if _, err := svc.Audit(op, core.AuditFilter{}); err != nil {
		return err
	}
	if _, err := svc.Outbox(op, 0); err != nil {
		return err
	}
	r, err := db.Check()
	if err != nil {
		return err
	}
	if len(r.Problems) > 0 {
		return errors.New(strings.Join(r.Problems, "; "))
	}
	return nil
}

// A document that does not decode is reported with its bucket and key, both by a
// procedure reading it and by Check, which also counts the documents of each bucket.
func TestUndecodableDocument(t *testing.T) {
	path, numbers := seeded(t, t.TempDir())
	bad := numbers[3]
	boltFile(t, path, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("contracts")).Put([]byte(bad), []byte(`{"number": 12`))
	})
	db := open(t, path, store.Options{})
	defer db.Close()
	_, err := service(db).ShowContract(op, bad)
	var de *core.DocumentError
	if !errors.As(err, &de) || de.Bucket != "contracts" || de.Key != bad || de.File != path {
		t.Fatalf("ShowContract of a broken document: %v, want a DocumentError naming contracts/%s in %s", err, bad, path)
	}
	r, err := db.Check()
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Problems) != 1 || !strings.Contains(r.Problems[0], `bucket "contracts" key "`+bad+`"`) {
		t.Fatalf("Check problems = %q, want one naming contracts/%s", r.Problems, bad)
	}
	counts := map[string]int{}
	for _, b := range r.Buckets {
		counts[b.Bucket] = b.Documents
	}
	if counts["contracts"] != len(numbers) || len(r.Buckets) != len(core.Buckets) {
		t.Errorf("Check counted %v, want every core bucket and %d contracts", r.Buckets, len(numbers))
	}
}

// A clean file checks clean.
func TestCheckClean(t *testing.T) {
	path, numbers := seeded(t, t.TempDir())
	db := open(t, path, store.Options{ReadOnly: true})
	defer db.Close()
	r, err := db.Check()
	if err != nil || len(r.Problems) > 0 {
		t.Fatalf("Check of a clean file: %v, %q", err, r.Problems)
	}
	if r.Schema != strconv.Itoa(store.SchemaVersion) {
		t.Errorf("schema %q", r.Schema)
	}
	for _, b := range r.Buckets {
		if b.Bucket == "contracts" && b.Documents != len(numbers) {
			t.Errorf("%d contracts counted, want %d", b.Documents, len(numbers))
		}
	}
}

// Opening never writes unless it must: a read-only open (and a read-write one of an
// up-to-date file) leaves the bytes and the modification time as they were, and
// Update on a read-only DB is refused.
func TestOpenWritesNothing(t *testing.T) {
	path, numbers := seeded(t, t.TempDir())
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, ro := range []bool{true, false} {
		db := open(t, path, store.Options{ReadOnly: ro})
		if _, err := service(db).ShowContract(op, numbers[0]); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		after, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(after) != string(before) || !fi.ModTime().Equal(old) {
			t.Errorf("read-only %v: the file changed (mtime %v, was %v)", ro, fi.ModTime(), old)
		}
	}

	db := open(t, path, store.Options{ReadOnly: true})
	defer db.Close()
	err = db.Update(func(tx core.Tx) error { return tx.Put("tokens", "x", 1) })
	if !errors.Is(err, store.ErrReadOnly) || !strings.Contains(err.Error(), path) {
		t.Fatalf("Update on a read-only DB: %v, want ErrReadOnly naming the file", err)
	}
	if _, err := store.Open(filepath.Join(t.TempDir(), "missing.db"), store.Options{ReadOnly: true}); err == nil {
		t.Fatal("a read-only Open of a missing file succeeded")
	}
}

// issue 7 point 6: while another process holds the file, every transaction fails with
// core.ErrBusy once its own short wait is over; the goroutines waiting together share
// one attempt instead of queueing behind each other's full wait.
func TestBusyFileFailsEveryWaiterInItsOwnWait(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mypage.db")
	const wait = 200 * time.Millisecond
	db := open(t, path, store.Options{LockTimeout: wait, IdleClose: time.Millisecond})
	defer db.Close()
	// Let the idle close release db's file, then hold it elsewhere with a DB that never
	// idle-closes and runs no transaction, so it never hands the file over.
	var other *store.DB
	for deadline := time.Now().Add(20 * time.Second); other == nil; {
		o, err := store.Open(path, store.Options{LockTimeout: 20 * time.Millisecond})
		switch {
		case err == nil:
			other = o
		case time.Now().After(deadline):
			t.Fatalf("the idle file was never released: %v", err)
		}
	}
	defer other.Close()

	const sessions = 20
	type result struct {
		err     error
		elapsed time.Duration
	}
	results := make(chan result, sessions)
	for i := 0; i < sessions; i++ {
		go func() {
			start := time.Now()
			err := db.View(func(core.Tx) error { return nil })
			results <- result{err, time.Since(start)}
		}()
	}
	for i := 0; i < sessions; i++ {
		r := <-results
		if !errors.Is(r.err, core.ErrBusy) || !strings.Contains(r.err.Error(), path) {
			t.Fatalf("View on a held file: %v, want core.ErrBusy naming the file", r.err)
		}
		// The requirement: a screen waits its own short wait, not the sum of the others'
		// (20 waits of 200 ms in a row would be 4 s).
		if r.elapsed > wait+time.Second {
			t.Errorf("a session waited %v for a file with a %v wait", r.elapsed, wait)
		}
	}
}

// A fault reading a damaged file is logged with its cause on the Logger of the
// Options: one line at ERROR naming the file and what is wrong; the stack only
// at DEBUG.
func TestDamageIsLogged(t *testing.T) {
	for _, level := range []slog.Level{slog.LevelInfo, slog.LevelDebug} {
		t.Run(level.String(), func(t *testing.T) {
			path, _ := seeded(t, t.TempDir())
			scrambleData(t, path, 3, 0)
			var buf strings.Builder
			logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: level}))
			db, err := store.Open(path, store.Options{Logger: logger})
			if err == nil {
				_, err = service(db).Audit(op, core.AuditFilter{})
				db.Close()
			}
			if !errors.Is(err, store.ErrDamaged) {
				t.Fatalf("err = %v, want ErrDamaged", err)
			}
			var errorLines []string
			for _, l := range strings.Split(buf.String(), "\n") {
				if strings.Contains(l, "level=ERROR") {
					errorLines = append(errorLines, l)
				}
			}
			if len(errorLines) != 1 || !strings.Contains(errorLines[0], "file="+path) || !strings.Contains(errorLines[0], "panic=") {
				t.Fatalf("want one ERROR line naming the file and the fault:\n%s", buf.String())
			}
			if strings.Contains(errorLines[0], "stack=") || strings.Contains(errorLines[0], "goroutine") {
				t.Errorf("the ERROR line holds the stack:\n%s", errorLines[0])
			}
			stack := strings.Contains(buf.String(), "level=DEBUG") && strings.Contains(buf.String(), "stack=")
			if stack != (level == slog.LevelDebug) {
				t.Errorf("at %s the stack is logged: %v\n%s", level, stack, buf.String())
			}
		})
	}
}
