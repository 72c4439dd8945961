package core_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/crypto/argon2"

	"mypage/core"
)

// atOnce is how many log in at once (issue 12: 50 logins at once).
const atOnce = 50

// runBurst runs b.N calls of fn from atOnce goroutines and reports calls per second.
func runBurst(b *testing.B, fn func()) {
	var left atomic.Int64
	left.Store(int64(b.N))
	var wg sync.WaitGroup
	b.ResetTimer()
	for range atOnce {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for left.Add(-1) >= 0 {
				fn()
			}
		}()
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "logins/s")
}

// Logins with the production argon2id figures, 50 at once: compare with
// BenchmarkBareArgon2Burst, the same hashes without the portal.
func BenchmarkLoginBurst(b *testing.B) {
	// Throttle figures that 50 attempts in flight of one ID do not reach: the
	// attempt is counted before its check.
	e := newEnvWith(b, core.Config{Hash: core.DefaultHashParams, ThrottleAfter: 100, ThrottleAfterID: 1000})
	d := e.seedDemo(b)
	h := d.holder["spaaqs-multi"]
	var failed atomic.Int64
	var last atomic.Value
	runBurst(b, func() {
		if _, err := e.svc.Login(core.LoginCustomerNumber, h.Login, h.Password, "bench"); err != nil {
			failed.Add(1)
			last.Store(err)
		}
	})
	if failed.Load() > 0 {
		b.Fatalf("%d logins failed: %v", failed.Load(), last.Load())
	}
}

// The floor of BenchmarkLoginBurst: argon2id alone, 50 at once, no bound.
func BenchmarkBareArgon2Burst(b *testing.B) {
	p := core.DefaultHashParams
	salt := make([]byte, 16)
	runBurst(b, func() {
		argon2.IDKey([]byte("correct horse battery"), salt, p.Time, p.MemoryKiB, p.Threads, 32)
	})
}
