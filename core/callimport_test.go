package core_test

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"mypage/core"
	"mypage/store"
)

// batchStore counts the call records each write transaction stores, and can
// fail one of them.
type batchStore struct {
	core.Storage
	mu      sync.Mutex
	batches []int // call records stored per committed transaction that stored any
	failAt  int   // the write transaction storing calls that fails (1-based); 0: none
	seen    int
}

type countTx struct {
	core.Tx
	calls int
}

func (t *countTx) Put(bucket, key string, v any) error {
	if bucket == "calls" {
		t.calls++
	}
	return t.Tx.Put(bucket, key, v)
}

func (s *batchStore) Update(fn func(core.Tx) error) error {
	var n int
	err := s.Storage.Update(func(tx core.Tx) error {
		ct := &countTx{Tx: tx}
		if err := fn(ct); err != nil {
			return err
		}
		n = ct.calls
		if n > 0 {
			s.mu.Lock()
			s.seen++
			fail := s.seen == s.failAt
			s.mu.Unlock()
			if fail {
				return errors.New("disk full")
			}
		}
		return nil
	})
	if err == nil && n > 0 {
		s.mu.Lock()
		s.batches = append(s.batches, n)
		s.mu.Unlock()
	}
	return err
}

func newBatchEnv(t testing.TB, batch int) (*core.Service, *batchStore) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "t.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	bs := &batchStore{Storage: db}
	return core.NewService(bs, core.Config{Hash: cheap, Clock: core.NewManualClock(start), CallBatch: batch}), bs
}

// aprilCalls creates a contract of the multi type, logs its holder in and
// returns both with five rows of a call file: a phone call of 60 seconds on
// each of the first five days of April, of 10, 20, 30, 40 and 50 yen.
func aprilCalls(t testing.TB, svc *core.Service) (core.Certificate, core.Session, []string) {
	t.Helper()
	cert, err := svc.CreateContract(core.Operator("test"), core.NewContract{Type: "spaaqs-multi", Customer: customer()})
	if err != nil {
		t.Fatal(err)
	}
	s, err := svc.Login(core.LoginCustomerNumber, cert.Number, cert.InitialPassword, "test")
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for i := 1; i <= 5; i++ {
		rows = append(rows, fmt.Sprintf("%s,phone,2026-04-%02d 09:15:00,0312345678,60,%d", cert.Number, i, 10*i))
	}
	return cert, s, rows
}

func callFile(t testing.TB, content string) *os.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "calls.csv")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// A call file is stored in transactions of CallBatch records; a bad line or an
// unknown customer number stores nothing; a file imported again, or again after
// an interrupted import, bills every call once.
func TestImportCallsFileBatches(t *testing.T) {
	svc, bs := newBatchEnv(t, 2)
	op := core.Operator("test")
	cert, s, rows := aprilCalls(t, svc)
	good := callsFile(rows...)
	phone := func() core.CallDetails {
		t.Helper()
		d, err := svc.CallStatement(s.Principal, "phone", core.MonthOf(start))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}

	// Refused files store nothing: a bad line, an unknown customer number.
	_, err := svc.ImportCallsFile(op, "calls.csv", callFile(t, callsFile(rows[0], "99999999999999,phone,2026-04-02 09:15:00,0312345678,60,8",
		rows[1], "1,phone,2026-04-02 09:15:00,0312345678,60,8", rows[2])))
	var ie *core.ImportError
	if !errors.As(err, &ie) || len(ie.Rows) != 2 || ie.Rows[0].Line != 3 || !strings.Contains(ie.Rows[0].Msg, "no contract 99999999999999") ||
		ie.Rows[1].Line != 5 || !strings.Contains(ie.Rows[1].Msg, "customer_number") {
		t.Fatalf("refused file: %v", err)
	}
	if len(bs.batches) != 0 || len(phone().Calls) != 0 {
		t.Fatalf("a refused file stored %v", bs.batches)
	}
	_, err = svc.ImportCallsFile(core.Principal{Kind: core.KindHolder, Contract: cert.Number}, "calls.csv", callFile(t, good))
	wantErr(t, err, core.ErrForbidden)

	// A good file: three transactions of 2, 2 and 1 records.
	n, err := svc.ImportCallsFile(op, "calls.csv", callFile(t, good))
	if err != nil || n != 5 {
		t.Fatalf("import: %d, %v", n, err)
	}
	if fmt.Sprint(bs.batches) != "[2 2 1]" {
		t.Errorf("batches %v, want [2 2 1]", bs.batches)
	}
	if d := phone(); len(d.Calls) != 5 || d.Total != 150 {
		t.Fatalf("after the import: %d calls, %d yen", len(d.Calls), d.Total)
	}
	// Again: nothing doubled.
	if n, err := svc.ImportCallsFile(op, "calls.csv", callFile(t, good)); err != nil || n != 5 {
		t.Fatalf("second import: %d, %v", n, err)
	}
	if d := phone(); len(d.Calls) != 5 || d.Total != 150 {
		t.Fatalf("after a second import: %d calls, %d yen", len(d.Calls), d.Total)
	}

	// An import that fails at its second batch keeps the first and says so;
	// importing the file again stores the rest, doubling none.
	rows = rows[:0]
	for i := 1; i <= 5; i++ {
		rows = append(rows, fmt.Sprintf("%s,gatecall,2026-04-%02d 10:00:00,0612345678,60,%d", cert.Number, i, i))
	}
	other := callsFile(rows...)
	bs.mu.Lock()
	bs.failAt, bs.seen = 2, 0
	bs.mu.Unlock()
	n, err = svc.ImportCallsFile(op, "calls.csv", callFile(t, other))
	if err == nil || n != 2 || !strings.Contains(err.Error(), "2 of 5 call record(s) stored") || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("interrupted import: %d, %v", n, err)
	}
	if n, err := svc.ImportCallsFile(op, "calls.csv", callFile(t, other)); err != nil || n != 5 {
		t.Fatalf("import after the interruption: %d, %v", n, err)
	}
	d, err := svc.CallStatement(s.Principal, "gatecall", core.MonthOf(start))
	if err != nil || len(d.Calls) != 5 || d.Total != 15 {
		t.Fatalf("GATE CALL after the interruption and the import again: %+v, %v", d, err)
	}

	// One audit record at the end of an import, with the records stored and the
	// result (beside the start and each batch).
	var got []string
	recs, _ := svc.Audit(op, core.AuditFilter{})
	for _, r := range recs {
		if r.Action == "import-calls" && strings.HasSuffix(r.Target, " stored") {
			got = append(got, r.Target+":"+r.Result)
		}
	}
	if fmt.Sprint(got) != "[calls.csv: 5 of 5 stored:ok calls.csv: 5 of 5 stored:ok calls.csv: 2 of 5 stored:error calls.csv: 5 of 5 stored:ok]" {
		t.Errorf("audit %v", got)
	}
}

// writeCallFile writes a generated call file of n rows for the contracts.
func writeCallFile(tb testing.TB, n int, contracts []string) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "calls.csv")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString(callHeader)
	at := time.Date(2026, time.April, 1, 0, 0, 0, 0, core.JST)
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, "%s,phone,%s,03%08d,%d,%d\n", contracts[i%len(contracts)],
			at.Add(time.Duration(i)*time.Second).Format("2006-01-02 15:04:05"), i%100000000, i%3600, i%500)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// BenchmarkImportCallsFile imports a generated file of callBenchRows rows (set
// MYPAGE_BENCH_CALL_ROWS for another size) and reports the memory per row and the
// peak heap: both stay flat as the file grows, since the file is streamed and
// stored in batches.
func BenchmarkImportCallsFile(b *testing.B) {
	rows := 100_000
	if s := os.Getenv("MYPAGE_BENCH_CALL_ROWS"); s != "" {
		fmt.Sscan(s, &rows)
	}
	e := newEnv(b)
	var contracts []string
	for i := 0; i < 20; i++ {
		cert, err := e.svc.CreateContract(e.op, core.NewContract{Type: "spaaqs-multi", Customer: customer()})
		if err != nil {
			b.Fatal(err)
		}
		contracts = append(contracts, cert.Number)
	}
	path := writeCallFile(b, rows, contracts)
	b.ReportAllocs()
	b.ResetTimer()
	var peak uint64
	for i := 0; i < b.N; i++ {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		var n int
		if p := peakHeap(5*time.Millisecond, func() { n, err = e.svc.ImportCallsFile(e.op, "calls.csv", f) }); p > peak {
			peak = p
		}
		f.Close()
		if err != nil || n != rows {
			b.Fatalf("import: %d, %v", n, err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(rows), "rows/op")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}

// An import killed or failed half-way leaves its start, each committed batch in
// the audit and a marker that the check reports; importing the file again
// completes it and bills every call once, even when a month closed in between.
func TestInterruptedImportAuditedAndCompleted(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "t.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	bs := &batchStore{Storage: db, failAt: 2}
	clock := core.NewManualClock(start)
	svc := core.NewService(bs, core.Config{Hash: cheap, Clock: clock, CallBatch: 2})
	op := core.Operator("test")
	_, s, rows := aprilCalls(t, svc)
	file := callsFile(rows...)
	importCalls := func() (int, error) {
		f := callFile(t, file)
		return svc.ImportCallsFile(op, "april.csv", f)
	}
	audit := func() []string {
		t.Helper()
		var got []string
		recs, err := svc.Audit(op, core.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if r.Action == "import-calls" {
				got = append(got, r.Target+" "+r.Result)
			}
		}
		return got
	}
	problems := func() string {
		t.Helper()
		r, err := db.Check()
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(r.Problems, "\n")
	}

	if n, err := importCalls(); err == nil || n != 2 {
		t.Fatalf("interrupted import: %d, %v", n, err)
	}
	want := []string{"april.csv: started, 5 records ok", "april.csv: records 1–2 of 5 ok"}
	if got := audit(); len(got) < 2 || fmt.Sprint(got[:2]) != fmt.Sprint(want) {
		t.Errorf("audit of the interrupted import %q, want it to begin with %q", got, want)
	}
	p := problems()
	if !strings.Contains(p, "april.csv") || !strings.Contains(p, "unfinished") || !strings.Contains(p, "2 of 5") ||
		!strings.Contains(p, "2026-04-01 10:00") {
		t.Errorf("the check does not report the unfinished import (file, start, records stored):\n%s", p)
	}

	// April closes with the two calls stored; the import again bills the other
	// three on May's statement, and the first two on no other.
	clock.Advance(40 * 24 * time.Hour)
	april, err := svc.Statement(s.Principal, core.MonthOf(start))
	if err != nil || !april.Closed {
		t.Fatalf("April: %+v, %v", april, err)
	}
	bs.mu.Lock()
	bs.failAt = 0
	bs.mu.Unlock()
	if n, err := importCalls(); err != nil || n != 5 {
		t.Fatalf("import again: %d, %v", n, err)
	}
	billed := func(st core.Statement) (sum int64) {
		for _, l := range st.Lines {
			if l.Kind == core.LineCalls {
				sum += l.Amount
			}
		}
		return sum
	}
	may, err := svc.Statement(s.Principal, core.MonthOf(start).Next())
	if err != nil {
		t.Fatal(err)
	}
	if a, m := billed(april), billed(may); a != 30 || m != 120 {
		t.Errorf("calls billed %d yen in April and %d in May, want 30 and 120 (each call once)", a, m)
	}
	if p := problems(); p != "" {
		t.Errorf("problems after the import completed:\n%s", p)
	}
	got := audit()
	for _, w := range []string{"april.csv: records 1–2 of 5 ok", "april.csv: records 3–4 of 5 ok", "april.csv: records 5–5 of 5 ok"} {
		found := false
		for _, g := range got {
			found = found || g == w
		}
		if !found {
			t.Errorf("audit %q lacks %q", got, w)
		}
	}
}
