package postgres_test

import (
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"

	"mypage/core"
	"mypage/store/pgtest"
	"mypage/store/postgres"
	"mypage/store/storetest"
)

type contract struct {
	Number  string            `json:"number"`
	Holder  string            `json:"holder"`
	Options map[string]string `json:"options"`
	Version int               `json:"version"`
}

// procedure is the size of one core procedure's commit: read a contract,
// write it back, append an audit record.
func procedure(s core.Storage, number string) error {
	return s.Update(func(tx core.Tx) error {
		var c contract
		if err := tx.Get("contracts", number, &c); err != nil {
			return err
		}
		c.Version++
		if err := tx.Put("contracts", number, &c); err != nil {
			return err
		}
		_, err := tx.Append("audit", map[string]any{"contract": number, "event": "option-change", "version": c.Version})
		return err
	})
}

func seedContracts(b *testing.B, s core.Storage, n int) {
	err := s.Update(func(tx core.Tx) error {
		for i := range n {
			num := fmt.Sprintf("C%07d", i)
			c := contract{Number: num, Holder: "鈴木 一郎", Options: map[string]string{"mail": "メールパック", "support": "remote"}}
			if err := tx.Put("contracts", num, &c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

func stores(b *testing.B) map[string]func(b *testing.B) core.Storage {
	return map[string]func(b *testing.B) core.Storage{
		"bbolt": func(b *testing.B) core.Storage {
			return storetest.OpenBolt(b, filepath.Join(b.TempDir(), "t.db"))
		},
		"postgres": func(b *testing.B) core.Storage { return storetest.OpenPostgres(b, pgtest.URL(b)) },
	}
}

// BenchmarkCommit is one procedure commit at a time, on each store.
func BenchmarkCommit(b *testing.B) {
	for _, name := range []string{"bbolt", "postgres"} {
		b.Run(name, func(b *testing.B) {
			s := stores(b)[name](b)
			seedContracts(b, s, 100)
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if err := procedure(s, fmt.Sprintf("C%07d", i%100)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCommitParallel is many sessions committing at once on 100
// contracts, so that some collide; on PostgreSQL it reports the retries.
func BenchmarkCommitParallel(b *testing.B) {
	for _, name := range []string{"bbolt", "postgres"} {
		b.Run(name, func(b *testing.B) {
			s := stores(b)[name](b)
			seedContracts(b, s, 100)
			b.SetParallelism(8) // sessions per core
			var next atomic.Uint64
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := procedure(s, fmt.Sprintf("C%07d", next.Add(1)%100)); err != nil {
						b.Error(err)
						return
					}
				}
			})
			if db, ok := s.(*postgres.DB); ok {
				b.ReportMetric(float64(db.Retries())/float64(b.N), "retries/op")
			}
		})
	}
}
