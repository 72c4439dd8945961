// Package storetest is the conformance suite of core.Storage: every behaviour
// core relies on, run against each store (bbolt and PostgreSQL).
package storetest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"mypage/core"
	"mypage/store"
	"mypage/store/pgtest"
	"mypage/store/postgres"
)

// EnvStore selects the store of Open: "postgres", or bbolt when unset.
const EnvStore = "MYPAGE_TEST_STORE"

// OnPostgres reports whether Open gives PostgreSQL databases.
func OnPostgres() bool { return os.Getenv(EnvStore) == "postgres" }

// Open returns an empty store for the test, closed at its end: a bbolt file in
// t.TempDir(), or a PostgreSQL database when MYPAGE_TEST_STORE=postgres.
func Open(t testing.TB) core.Storage {
	t.Helper()
	if OnPostgres() {
		return OpenPostgres(t, pgtest.URL(t))
	}
	return OpenBolt(t, filepath.Join(t.TempDir(), "t.db"))
}

// OpenBolt opens the bbolt file at path, closed at the end of the test.
func OpenBolt(t testing.TB, path string) *store.DB {
	t.Helper()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// OpenPostgres opens the database at url, closed at the end of the test.
func OpenPostgres(t testing.TB, url string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), url, postgres.Options{})
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// Buckets the suite writes in; they are core's.
const (
	bucketA = "audit"
	bucketB = "outbox"
)

type doc struct {
	N int    `json:"n"`
	S string `json:"s,omitempty"`
}

// Run runs the suite. open returns a new empty store; reopen closes s and opens
// the same database again.
func Run(t *testing.T, open func(t testing.TB) core.Storage, reopen func(t testing.TB, s core.Storage) core.Storage) {
	t.Run("GetPutDelete", func(t *testing.T) { testGetPutDelete(t, open(t)) })
	t.Run("MissingKey", func(t *testing.T) { testMissingKey(t, open(t)) })
	t.Run("ScanPrefix", func(t *testing.T) { testScanPrefix(t, open(t)) })
	t.Run("ScanMany", func(t *testing.T) { testScanMany(t, open(t)) })
	t.Run("ScanUsesTx", func(t *testing.T) { testScanUsesTx(t, open(t)) })
	t.Run("AppendOrder", func(t *testing.T) { testAppendOrder(t, open(t)) })
	t.Run("UnknownBucket", func(t *testing.T) { testUnknownBucket(t, open(t)) })
	t.Run("ViewCannotWrite", func(t *testing.T) { testViewCannotWrite(t, open(t)) })
	t.Run("RollbackOnError", func(t *testing.T) { testRollbackOnError(t, open(t)) })
	t.Run("RollbackOnPanic", func(t *testing.T) { testRollbackOnPanic(t, open(t)) })
	t.Run("RacingUpdates", func(t *testing.T) { testRacingUpdates(t, open(t)) })
	t.Run("Counter", func(t *testing.T) { testCounter(t, open(t)) })
	t.Run("AppendsRacing", func(t *testing.T) { testAppendsRacing(t, open(t)) })
	t.Run("ViewIsolation", func(t *testing.T) { testViewIsolation(t, open(t)) })
	t.Run("Reopen", func(t *testing.T) { testReopen(t, open(t), reopen) })
}

func put(t testing.TB, s core.Storage, bucket, key string, v any) {
	t.Helper()
	if err := s.Update(func(tx core.Tx) error { return tx.Put(bucket, key, v) }); err != nil {
		t.Fatalf("put %s/%q: %v", bucket, key, err)
	}
}

func get(t testing.TB, s core.Storage, bucket, key string) (doc, error) {
	t.Helper()
	var d doc
	err := s.View(func(tx core.Tx) error { return tx.Get(bucket, key, &d) })
	return d, err
}

func mustGet(t testing.TB, s core.Storage, bucket, key string) doc {
	t.Helper()
	d, err := get(t, s, bucket, key)
	if err != nil {
		t.Fatalf("get %s/%q: %v", bucket, key, err)
	}
	return d
}

func wantMissing(t testing.TB, s core.Storage, bucket, key string) {
	t.Helper()
	if d, err := get(t, s, bucket, key); !errors.Is(err, core.ErrNoValue) {
		t.Fatalf("get %s/%q = %+v, %v; want core.ErrNoValue", bucket, key, d, err)
	}
}

func keys(t testing.TB, s core.Storage, bucket, prefix string) []string {
	t.Helper()
	var out []string
	err := s.View(func(tx core.Tx) error {
		return tx.Scan(bucket, prefix, func(k string, decode func(any) error) bool {
			var d doc
			if err := decode(&d); err != nil {
				t.Errorf("decode %q: %v", k, err)
			}
			out = append(out, k)
			return true
		})
	})
	if err != nil {
		t.Fatalf("scan %s %q: %v", bucket, prefix, err)
	}
	return out
}

func testGetPutDelete(t *testing.T, s core.Storage) {
	put(t, s, bucketA, "k", doc{N: 1, S: "一"})
	if got := mustGet(t, s, bucketA, "k"); got != (doc{N: 1, S: "一"}) {
		t.Fatalf("get = %+v", got)
	}
	put(t, s, bucketA, "k", doc{N: 2})
	if got := mustGet(t, s, bucketA, "k"); got != (doc{N: 2}) {
		t.Fatalf("after overwrite get = %+v", got)
	}
	// The same key in another bucket is another document.
	wantMissing(t, s, bucketB, "k")
	if err := s.Update(func(tx core.Tx) error { return tx.Delete(bucketA, "k") }); err != nil {
		t.Fatal(err)
	}
	wantMissing(t, s, bucketA, "k")
	if err := s.Update(func(tx core.Tx) error { return tx.Delete(bucketA, "never") }); err != nil {
		t.Fatalf("deleting a missing key: %v", err)
	}
	// A transaction reads its own writes.
	err := s.Update(func(tx core.Tx) error {
		if err := tx.Put(bucketA, "own", doc{N: 7}); err != nil {
			return err
		}
		var d doc
		if err := tx.Get(bucketA, "own", &d); err != nil || d.N != 7 {
			return fmt.Errorf("own write: %+v, %v", d, err)
		}
		if err := tx.Delete(bucketA, "own"); err != nil {
			return err
		}
		if err := tx.Get(bucketA, "own", &d); !errors.Is(err, core.ErrNoValue) {
			return fmt.Errorf("own delete: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testMissingKey(t *testing.T, s core.Storage) {
	wantMissing(t, s, bucketA, "nothing")
	put(t, s, bucketA, "a", doc{N: 1})
	wantMissing(t, s, bucketA, "b")
	wantMissing(t, s, bucketA, "a\x00")
}

func testScanPrefix(t *testing.T, s core.Storage) {
	// Byte order, not the order of a text collation: bytes above 0x7f (UTF-8,
	// and invalid UTF-8) come after ASCII, and 0xff after everything.
	all := []string{"a", "a/1", "a/10", "a/2", "ab", "abc", "a\x7f", "a\x80", "a\xff", "a\xff\xff", "a\xffz",
		"b", "B", "é", "日本", "\xff", "\xff\xff"}
	for i, k := range all {
		put(t, s, bucketA, k, doc{N: i})
	}
	put(t, s, bucketB, "a/other", doc{N: 99}) // another bucket's key is never seen
	sorted := slices.Clone(all)
	slices.Sort(sorted) // Go compares strings bytewise
	for _, prefix := range []string{"", "a", "a/", "a/1", "ab", "abc", "a\xff", "a\xff\xff", "\xff", "é", "日", "c", "abcd"} {
		var want []string
		for _, k := range sorted {
			if len(k) >= len(prefix) && k[:len(prefix)] == prefix {
				want = append(want, k)
			}
		}
		if got := keys(t, s, bucketA, prefix); !slices.Equal(got, want) {
			t.Errorf("scan %q = %q, want %q", prefix, got, want)
		}
	}
	// A scan stops when fn says so.
	var seen []string
	err := s.View(func(tx core.Tx) error {
		return tx.Scan(bucketA, "a", func(k string, _ func(any) error) bool {
			seen = append(seen, k)
			return len(seen) < 2
		})
	})
	if err != nil || !slices.Equal(seen, []string{"a", "a/1"}) {
		t.Fatalf("stopped scan = %q, %v", seen, err)
	}
	// decode gives the document of that key.
	err = s.View(func(tx core.Tx) error {
		return tx.Scan(bucketA, "ab", func(k string, decode func(any) error) bool {
			var d doc
			if err := decode(&d); err != nil || all[d.N] != k {
				t.Errorf("key %q decoded %+v, %v", k, d, err)
			}
			return true
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testScanMany(t *testing.T, s core.Storage) {
	// More keys than a store may read at once, under a prefix, between others.
	var want []string
	err := s.Update(func(tx core.Tx) error {
		for i := range 700 {
			k := fmt.Sprintf("m/%04d", i)
			want = append(want, k)
			if err := tx.Put(bucketA, k, doc{N: i}); err != nil {
				return err
			}
		}
		for _, k := range []string{"l", "m", "m0", "n"} {
			if err := tx.Put(bucketA, k, doc{}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := keys(t, s, bucketA, "m/"); !slices.Equal(got, want) {
		t.Fatalf("scan m/: %d keys, want %d in order (first %q)", len(got), len(want), got[:min(3, len(got))])
	}
}

func testScanUsesTx(t *testing.T, s core.Storage) {
	// core reads and writes in the middle of a scan.
	for i := range 40 {
		put(t, s, bucketA, fmt.Sprintf("k%02d", i), doc{N: i})
	}
	err := s.Update(func(tx core.Tx) error {
		var scanErr error
		err := tx.Scan(bucketA, "k", func(k string, decode func(any) error) bool {
			var d, again doc
			if scanErr = decode(&d); scanErr != nil {
				return false
			}
			if scanErr = tx.Get(bucketA, k, &again); scanErr != nil || again != d {
				scanErr = fmt.Errorf("get %q in a scan: %+v, %v", k, again, scanErr)
				return false
			}
			if scanErr = tx.Put(bucketB, k, doc{N: d.N * 2}); scanErr != nil {
				return false
			}
			_, scanErr = tx.Append(bucketB, doc{N: d.N})
			return scanErr == nil
		})
		if err != nil {
			return err
		}
		return scanErr
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, s, bucketB, "k39"); got.N != 78 {
		t.Fatalf("written in a scan: %+v", got)
	}
}

func testAppendOrder(t *testing.T, s core.Storage) {
	appendTo := func(bucket string, n int) uint64 {
		t.Helper()
		var seq uint64
		err := s.Update(func(tx core.Tx) error {
			var err error
			seq, err = tx.Append(bucket, doc{N: n})
			return err
		})
		if err != nil {
			t.Fatalf("append %s: %v", bucket, err)
		}
		return seq
	}
	for i := 1; i <= 12; i++ {
		if seq := appendTo(bucketA, i); seq != uint64(i) {
			t.Fatalf("append %d to %s: sequence %d", i, bucketA, seq)
		}
	}
	// Each bucket counts on its own.
	if seq := appendTo(bucketB, 100); seq != 1 {
		t.Fatalf("first append to %s: sequence %d, want 1", bucketB, seq)
	}
	// Several in one transaction.
	err := s.Update(func(tx core.Tx) error {
		for i := 13; i <= 15; i++ {
			seq, err := tx.Append(bucketA, doc{N: i})
			if err != nil {
				return err
			}
			if seq != uint64(i) {
				return fmt.Errorf("append %d in one transaction: sequence %d", i, seq)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A rolled-back append gives its number back, as everything else.
	errUndo := errors.New("undo")
	err = s.Update(func(tx core.Tx) error {
		if _, err := tx.Append(bucketA, doc{N: -1}); err != nil {
			return err
		}
		return errUndo
	})
	if !errors.Is(err, errUndo) {
		t.Fatalf("rolled back append: %v", err)
	}
	if seq := appendTo(bucketA, 16); seq != 16 {
		t.Fatalf("append after a rollback: sequence %d, want 16", seq)
	}
	// Key order is append order, keys are the zero-padded sequence.
	var want []string
	for i := 1; i <= 16; i++ {
		want = append(want, fmt.Sprintf("%020d", i))
	}
	if got := keys(t, s, bucketA, ""); !slices.Equal(got, want) {
		t.Fatalf("keys = %q, want %q", got, want)
	}
	if d := mustGet(t, s, bucketA, fmt.Sprintf("%020d", 10)); d.N != 10 {
		t.Fatalf("record 10 = %+v", d)
	}
}

func testUnknownBucket(t *testing.T, s core.Storage) {
	const nope = "no-such-bucket"
	checks := map[string]func(core.Tx) error{
		"get":    func(tx core.Tx) error { var d doc; return tx.Get(nope, "k", &d) },
		"put":    func(tx core.Tx) error { return tx.Put(nope, "k", doc{}) },
		"delete": func(tx core.Tx) error { return tx.Delete(nope, "k") },
		"append": func(tx core.Tx) error { _, err := tx.Append(nope, doc{}); return err },
		"scan": func(tx core.Tx) error {
			return tx.Scan(nope, "", func(string, func(any) error) bool { return true })
		},
	}
	for name, fn := range checks {
		err := s.Update(fn)
		if err == nil || errors.Is(err, core.ErrNoValue) {
			t.Errorf("%s on an unknown bucket: %v, want an error", name, err)
		}
	}
	// The refusal does not spoil the transaction's other work.
	err := s.Update(func(tx core.Tx) error {
		_ = tx.Put(nope, "k", doc{})
		return tx.Put(bucketA, "after", doc{N: 1})
	})
	if err != nil {
		t.Fatal(err)
	}
	mustGet(t, s, bucketA, "after")
}

func testViewCannotWrite(t *testing.T, s core.Storage) {
	err := s.View(func(tx core.Tx) error { return tx.Put(bucketA, "k", doc{N: 1}) })
	if err == nil {
		t.Fatal("Put in a View: no error")
	}
	wantMissing(t, s, bucketA, "k")
}

func testRollbackOnError(t *testing.T, s core.Storage) {
	put(t, s, bucketA, "kept", doc{N: 1})
	errStop := errors.New("refused")
	err := s.Update(func(tx core.Tx) error {
		if err := tx.Put(bucketA, "kept", doc{N: 2}); err != nil {
			return err
		}
		if err := tx.Put(bucketA, "new", doc{N: 3}); err != nil {
			return err
		}
		if err := tx.Delete(bucketA, "kept"); err != nil {
			return err
		}
		return errStop
	})
	if !errors.Is(err, errStop) {
		t.Fatalf("Update = %v, want the function's error", err)
	}
	if d := mustGet(t, s, bucketA, "kept"); d.N != 1 {
		t.Fatalf("after rollback kept = %+v", d)
	}
	wantMissing(t, s, bucketA, "new")
}

func testRollbackOnPanic(t *testing.T, s core.Storage) {
	put(t, s, bucketA, "kept", doc{N: 1})
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("the panic reached the caller: %v", r)
			}
		}()
		err = s.Update(func(tx core.Tx) error {
			if err := tx.Put(bucketA, "kept", doc{N: 2}); err != nil {
				return err
			}
			var m map[string]int
			m["boom"]++ // a program error
			return nil
		})
	}()
	if err == nil {
		t.Fatal("Update with a panic: no error")
	}
	if d := mustGet(t, s, bucketA, "kept"); d.N != 1 {
		t.Fatalf("after the panic kept = %+v", d)
	}
	put(t, s, bucketA, "after", doc{N: 1}) // the store still works
}

// retrier is a store that runs an Update again after a conflict.
type retrier interface{ Retries() uint64 }

func testRacingUpdates(t *testing.T, s core.Storage) {
	put(t, s, bucketA, "n", doc{N: 0})
	r, concurrent := s.(retrier)
	var before uint64
	if concurrent {
		before = r.Retries()
	}
	// Both read before either writes. A store that runs writers one at a time
	// (bbolt) cannot let both read first: there they run in turn.
	var read sync.WaitGroup
	read.Add(2)
	var mu sync.Mutex
	runs := map[int][]int{} // the values each update read, per attempt
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			first := true
			errs[i] = s.Update(func(tx core.Tx) error {
				var d doc
				if err := tx.Get(bucketA, "n", &d); err != nil {
					return err
				}
				mu.Lock()
				runs[i] = append(runs[i], d.N)
				mu.Unlock()
				if first && concurrent {
					first = false
					read.Done()
					read.Wait()
				}
				return tx.Put(bucketA, "n", doc{N: d.N + 1})
			})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("racing update: %v", err)
		}
	}
	if d := mustGet(t, s, bucketA, "n"); d.N != 2 {
		t.Fatalf("after two increments n = %d (runs %v): an update was lost", d.N, runs)
	}
	if !concurrent {
		return
	}
	// One won; the other ran again and saw the winner's value.
	once, twice := runs[0], runs[1]
	if len(once) > len(twice) {
		once, twice = twice, once
	}
	if !slices.Equal(once, []int{0}) || !slices.Equal(twice, []int{0, 1}) {
		t.Fatalf("values read per attempt: %v, want one update reading 0 and the other 0 then 1", runs)
	}
	if got := r.Retries() - before; got != 1 {
		t.Fatalf("retries = %d, want 1", got)
	}
}

func testCounter(t *testing.T, s core.Storage) {
	const workers, each = 8, 15
	put(t, s, bucketA, "count", doc{N: 0})
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				errs <- s.Update(func(tx core.Tx) error {
					var d doc
					if err := tx.Get(bucketA, "count", &d); err != nil {
						return err
					}
					d.N++
					return tx.Put(bucketA, "count", d)
				})
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("increment: %v", err)
		}
	}
	if d := mustGet(t, s, bucketA, "count"); d.N != workers*each {
		t.Fatalf("count = %d, want %d: updates were lost", d.N, workers*each)
	}
}

func testAppendsRacing(t *testing.T, s core.Storage) {
	// Every procedure appends an audit record: sessions committing at once get
	// every number once, none lost, none twice, and no one gives up.
	const workers, each = 16, 10
	put(t, s, bucketA, "count", doc{N: 0})
	var wg sync.WaitGroup
	var mu sync.Mutex
	seqs := map[uint64]int{}
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				var seq uint64
				err := s.Update(func(tx core.Tx) error {
					var d doc
					if err := tx.Get(bucketA, "count", &d); err != nil {
						return err
					}
					d.N++
					if err := tx.Put(bucketA, "count", d); err != nil {
						return err
					}
					var err error
					seq, err = tx.Append(bucketB, doc{N: w*each + i})
					return err
				})
				if err == nil {
					mu.Lock()
					seqs[seq]++
					mu.Unlock()
				}
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("update: %v", err)
		}
	}
	for n := uint64(1); n <= workers*each; n++ {
		if seqs[n] != 1 {
			t.Fatalf("sequence %d handed out %d times (all: %v)", n, seqs[n], seqs)
		}
	}
	if got := keys(t, s, bucketB, ""); len(got) != workers*each {
		t.Fatalf("%d records appended, want %d", len(got), workers*each)
	}
	if d := mustGet(t, s, bucketA, "count"); d.N != workers*each {
		t.Fatalf("count = %d, want %d", d.N, workers*each)
	}
}

func testViewIsolation(t *testing.T, s core.Storage) {
	put(t, s, bucketA, "old", doc{N: 1})
	written := make(chan struct{})
	release := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		first := true
		done <- s.Update(func(tx core.Tx) error {
			if err := tx.Put(bucketA, "new", doc{N: 2}); err != nil {
				return err
			}
			if err := tx.Put(bucketA, "old", doc{N: 3}); err != nil {
				return err
			}
			if first {
				first = false
				close(written)
				<-release
			}
			return nil
		})
	}()
	<-written
	wantMissing(t, s, bucketA, "new")
	if d := mustGet(t, s, bucketA, "old"); d.N != 1 {
		t.Errorf("a View saw an uncommitted write: old = %+v", d)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if d := mustGet(t, s, bucketA, "new"); d.N != 2 {
		t.Fatalf("after commit new = %+v", d)
	}
}

func testReopen(t *testing.T, s core.Storage, reopen func(testing.TB, core.Storage) core.Storage) {
	put(t, s, bucketA, "k", doc{N: 1, S: "値"})
	for i := range 3 {
		if err := s.Update(func(tx core.Tx) error { _, err := tx.Append(bucketB, doc{N: i}); return err }); err != nil {
			t.Fatal(err)
		}
	}
	s = reopen(t, s)
	if d := mustGet(t, s, bucketA, "k"); d != (doc{N: 1, S: "値"}) {
		t.Fatalf("after reopen k = %+v", d)
	}
	if got := keys(t, s, bucketB, ""); len(got) != 3 {
		t.Fatalf("after reopen %s has %q", bucketB, got)
	}
	var seq uint64
	err := s.Update(func(tx core.Tx) error {
		var err error
		seq, err = tx.Append(bucketB, doc{N: 3})
		return err
	})
	if err != nil || seq != 4 {
		t.Fatalf("append after reopen: sequence %d, %v; want 4", seq, err)
	}
}
