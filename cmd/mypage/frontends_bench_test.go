package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mypage/core"
	"mypage/store"
	"mypage/store/pgtest"
	"mypage/store/postgres"
)

// benchSessions is how many subscribers do procedures at once.
const benchSessions = 50

// BenchmarkFrontEnds is 50 logged-in subscribers submitting inquiries at once
// (a ticket number from the one shared counter, an audit record and a mail:
// the procedure that conflicts most), half through each of two front-ends on
// one PostgreSQL database, each front-end with its own pool and service; and,
// for comparison, the same on one bbolt file in one process. It reports the
// procedures per second that committed, the 95th percentile of one, the share
// refused as busy (conflicts beyond the store's retries), and on PostgreSQL
// the serialization retries per commit.
func BenchmarkFrontEnds(b *testing.B) {
	b.Run("postgres-2-frontends", func(b *testing.B) {
		url := pgtest.URL(b)
		var dbs []*postgres.DB
		var svcs []*core.Service
		for range 2 {
			db, err := postgres.Open(context.Background(), url, postgres.Options{MaxConns: 10, Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { db.Close() })
			dbs = append(dbs, db)
			svcs = append(svcs, core.NewService(db, baseConfig()))
		}
		retries := func() uint64 { return dbs[0].Retries() + dbs[1].Retries() }
		benchProcedures(b, svcs, retries)
	})
	b.Run("bbolt-1-frontend", func(b *testing.B) {
		db, err := store.Open(filepath.Join(b.TempDir(), "bench.db"), store.DefaultOptions)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		benchProcedures(b, []*core.Service{core.NewService(db, baseConfig())}, nil)
	})
}

func benchProcedures(b *testing.B, svcs []*core.Service, retries func() uint64) {
	type session struct {
		svc *core.Service
		p   core.Principal
	}
	sessions := make([]session, benchSessions)
	for i := range sessions {
		svc := svcs[i%len(svcs)]
		cert, err := svc.CreateContract(operator, core.NewContract{Type: "ucom-me", Customer: testCustomer()})
		if err != nil {
			b.Fatal(err)
		}
		s, err := svc.Login(core.LoginCustomerNumber, cert.Number, cert.InitialPassword, fmt.Sprintf("10.0.0.%d", i))
		if err != nil {
			b.Fatal(err)
		}
		sessions[i] = session{svc, s.Principal}
	}
	var before uint64
	if retries != nil {
		before = retries()
	}
	var next, busy atomic.Int64
	lat := make([][]time.Duration, benchSessions)
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for i, s := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(b.N) {
				t0 := time.Now()
				_, err := s.svc.SubmitInquiry(s.p, s.svc.NewToken(), core.NewInquiry{Service: core.InquiryOther,
					Content: "請求書の送付先を変更したいです。", Agreed: true})
				if errors.Is(err, core.ErrBusy) {
					// Conflicts beyond the store's retries: the screen says busy.
					busy.Add(1)
					continue
				}
				if err != nil {
					b.Error(err)
					return
				}
				lat[i] = append(lat[i], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	all := slices.Concat(lat...)
	slices.Sort(all)
	if len(all) == 0 {
		return
	}
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "procedures/s")
	b.ReportMetric(float64(all[len(all)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(100*float64(busy.Load())/float64(b.N), "busy-%")
	if retries != nil {
		b.ReportMetric(float64(retries()-before)/float64(len(all)), "retries/commit")
	}
}
