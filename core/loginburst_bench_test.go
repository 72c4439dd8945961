package core_test

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/crypto/argon2"

	"mypage/core"
)

// atOnce is how many log in at once (issue 12: 50 logins at once).
const atOnce = 50

// runAtOnce runs b.N calls of fn from n goroutines and reports calls per second.
func runAtOnce(b *testing.B, n int, fn func()) {
	var left atomic.Int64
	left.Store(int64(b.N))
	var wg sync.WaitGroup
	b.ResetTimer()
	for range n {
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

// burstEnv is a service with the production argon2id figures and throttle
// figures that 200 attempts in flight of one ID do not reach (the attempt is
// counted before its check).
func burstEnv(b *testing.B, concurrency int) (*env, core.DemoLogin) {
	e := newEnvWith(b, core.Config{Hash: core.DefaultHashParams, HashConcurrency: concurrency,
		ThrottleAfter: 1000, ThrottleAfterID: 1000})
	return e, e.seedDemo(b).holder["spaaqs-multi"]
}

// Logins with the production argon2id figures, 50 at once, checks bounded by
// the cores (and by 4, the bound before it followed them): compare with
// BenchmarkBareArgon2Burst, the same hashes without the portal.
func BenchmarkLoginBurst(b *testing.B) {
	for _, c := range []int{runtime.NumCPU(), 4} {
		b.Run(fmt.Sprintf("checks=%d", c), func(b *testing.B) {
			e, h := burstEnv(b, c)
			var failed atomic.Int64
			var last atomic.Value
			runAtOnce(b, atOnce, func() {
				if _, err := e.svc.Login(core.LoginCustomerNumber, h.Login, h.Password, "bench"); err != nil {
					failed.Add(1)
					last.Store(err)
				}
			})
			if failed.Load() > 0 {
				b.Fatalf("%d logins failed: %v", failed.Load(), last.Load())
			}
		})
	}
}

// The floor of BenchmarkLoginBurst: argon2id alone, 50 goroutines at once
// without a bound, and as many as the cores.
func BenchmarkBareArgon2Burst(b *testing.B) {
	p := core.DefaultHashParams
	salt := make([]byte, 16)
	for _, n := range []int{atOnce, runtime.NumCPU()} {
		b.Run(fmt.Sprintf("goroutines=%d", n), func(b *testing.B) {
			runAtOnce(b, n, func() {
				argon2.IDKey([]byte("correct horse battery"), salt, p.Time, p.MemoryKiB, p.Threads, 32)
			})
		})
	}
}

// 200 logins at once with the default bounds: the peak resident memory of the
// process (run this benchmark alone: the peak is the process's) and how many
// were told the portal is busy.
func BenchmarkLogin200AtOnce(b *testing.B) {
	e, h := burstEnv(b, 0)
	for range b.N {
		var wg sync.WaitGroup
		var busy atomic.Int64
		for range 200 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.svc.Login(core.LoginCustomerNumber, h.Login, h.Password, "bench")
				switch {
				case errors.Is(err, core.ErrLoginBusy):
					busy.Add(1)
				case err != nil:
					b.Error(err)
				}
			}()
		}
		wg.Wait()
		b.ReportMetric(float64(busy.Load()), "busy/200")
	}
	b.ReportMetric(peakRSSMiB(b), "peak-RSS-MiB")
}

// peakRSSMiB is the process's resident high-water mark (VmHWM).
func peakRSSMiB(b *testing.B) float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Skip("no /proc/self/status:", err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kib, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kib) / 1024
		}
	}
	b.Skip("no VmHWM")
	return 0
}
