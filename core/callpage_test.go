package core_test

import (
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"

	"mypage/core"
)

// The call details come a page at a time, in time order, with the number and
// the amount of all the month's calls of the service; the statement bills them
// all.
func TestCallStatementPages(t *testing.T) {
	e := newEnv(t)
	cert, p := e.newContract(t, "spaaqs-multi")
	april := core.MonthOf(start)
	const n = 2*core.CallPageSize + 50
	var records []core.CallRecord
	var total int64
	for i := 0; i < n; i++ {
		c := core.CallRecord{Contract: cert.Number, Service: "phone", Destination: "0312345678", Seconds: 60,
			StartedAt: april.Start().Add(time.Duration(n-i) * time.Minute), Amount: int64(i % 7)}
		total += c.Amount
		records = append(records, c)
	}
	// Another service's calls of the same month are not on the page.
	records = append(records, core.CallRecord{Contract: cert.Number, Service: "gatecall", Destination: "0612345678",
		StartedAt: april.Start().Add(time.Hour), Seconds: 60, Amount: 1000})
	if _, err := e.svc.ImportCalls(e.op, records); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ offset, wantOffset, wantLen int }{
		{0, 0, core.CallPageSize},
		{core.CallPageSize, core.CallPageSize, core.CallPageSize},
		{2 * core.CallPageSize, 2 * core.CallPageSize, 50},
		{n + 1000, 2 * core.CallPageSize, 50}, // past the end: the last page
		{-5, 0, core.CallPageSize},
	} {
		d, err := e.svc.CallStatementPage(p, "phone", april, tt.offset)
		if err != nil {
			t.Fatal(err)
		}
		if d.Count != n || d.Total != total || d.Offset != tt.wantOffset || len(d.Calls) != tt.wantLen {
			t.Errorf("offset %d: count %d, total %d, offset %d, %d calls; want %d, %d, %d, %d",
				tt.offset, d.Count, d.Total, d.Offset, len(d.Calls), n, total, tt.wantOffset, tt.wantLen)
		}
		for i := 1; i < len(d.Calls); i++ {
			if d.Calls[i].StartedAt.Before(d.Calls[i-1].StartedAt) || d.Calls[i].Service != "phone" {
				t.Fatalf("offset %d: call %d out of order or of another service", tt.offset, i)
			}
		}
	}
	first, _ := e.svc.CallStatement(p, "phone", april)
	second, _ := e.svc.CallStatementPage(p, "phone", april, core.CallPageSize)
	if len(first.Calls) == 0 || len(second.Calls) == 0 || !second.Calls[0].StartedAt.After(first.Calls[len(first.Calls)-1].StartedAt) {
		t.Error("the second page does not follow the first")
	}
	st, err := e.svc.Statement(p, april)
	if err != nil {
		t.Fatal(err)
	}
	var billed int64
	for _, l := range st.Lines {
		if l.Kind == core.LineCalls && l.Code == "phone" {
			billed = l.Amount
			if l.Reason != fmt.Sprintf("%d calls", n) {
				t.Errorf("reason %q", l.Reason)
			}
		}
	}
	if billed != total {
		t.Errorf("the statement bills %d yen of phone calls, want %d", billed, total)
	}
}

// BenchmarkCallsOfAMonth reads the call details' first page and the statement of
// a month with callMonthRows calls of one contract (MYPAGE_BENCH_CALL_ROWS for
// another number), and reports the peak heap of one read beside -benchmem's
// figures: the calls are summed while read, never held, so the peak stays flat
// however many calls the month has.
func BenchmarkCallsOfAMonth(b *testing.B) {
	rows := 100_000
	if s := os.Getenv("MYPAGE_BENCH_CALL_ROWS"); s != "" {
		fmt.Sscan(s, &rows)
	}
	e := newEnv(b)
	cert, p := e.newContract(b, "spaaqs-multi")
	f, err := os.Open(writeCallFile(b, rows, []string{cert.Number}))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if n, err := e.svc.ImportCallsFile(e.op, "calls.csv", f); err != nil || n != rows {
		b.Fatalf("import: %d, %v", n, err)
	}
	april := core.MonthOf(start)
	for _, bench := range []struct {
		name string
		read func() error
	}{
		{"call-details-page", func() error {
			d, err := e.svc.CallStatement(p, "phone", april)
			if err == nil && (d.Count != rows || len(d.Calls) != core.CallPageSize) {
				err = fmt.Errorf("count %d, %d calls", d.Count, len(d.Calls))
			}
			return err
		}},
		{"statement", func() error { _, err := e.svc.Statement(p, april); return err }},
	} {
		b.Run(bench.name, func(b *testing.B) {
			b.ReportAllocs()
			var peak uint64
			for i := 0; i < b.N; i++ {
				var err error
				if p := peakHeap(time.Millisecond, func() { err = bench.read() }); p > peak {
					peak = p
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
		})
	}
}

// peakHeap runs fn and returns how far the heap in use grew above where it was
// before, sampled at the given interval.
func peakHeap(every time.Duration, fn func()) uint64 {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	stop := make(chan struct{})
	done := make(chan uint64)
	go func() {
		var max uint64
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapInuse > before.HeapInuse && m.HeapInuse-before.HeapInuse > max {
				max = m.HeapInuse - before.HeapInuse
			}
			select {
			case <-stop:
				done <- max
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(stop)
	return <-done
}
