package main

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// limiter is a token bucket per key (a source address): each key may spend
// burst tokens at once, and gets them back at burst per period.
type limiter struct {
	burst  float64
	period time.Duration
	now    func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// maxBuckets bounds the memory of a limiter; past it, full buckets are forgotten.
const maxBuckets = 4096

func newLimiter(r rate) *limiter {
	return &limiter{burst: float64(r.n), period: r.per, now: time.Now, buckets: map[string]*bucket{}}
}

// Allow spends one token of key, reporting false when none is left.
func (l *limiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= maxBuckets {
			l.sweep(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	l.refill(b, now)
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// Refund gives back one token of key, spent by an Allow for an event that
// did not happen (a login refused before its password was checked).
func (l *limiter) Refund(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b, ok := l.buckets[key]; ok {
		l.refill(b, l.now())
		if b.tokens++; b.tokens > l.burst {
			b.tokens = l.burst
		}
	}
}

// Gate returns the Allow of one key, as the TUI's login gate.
func (l *limiter) Gate(key string) func() bool {
	return func() bool { return l.Allow(key) }
}

func (l *limiter) refill(b *bucket, now time.Time) {
	if elapsed := now.Sub(b.at); elapsed > 0 {
		b.tokens += l.burst * float64(elapsed) / float64(l.period)
		if b.tokens > l.burst {
			b.tokens = l.burst
		}
		b.at = now
	}
}

// sweep forgets the buckets that are full again: they behave like new ones.
func (l *limiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		l.refill(b, now)
		if b.tokens >= l.burst {
			delete(l.buckets, k)
		}
	}
}

// rate is a number of events per period, written N/min, N/s, N/h or N/DURATION (N/30s).
type rate struct {
	n   int
	per time.Duration
}

func (r *rate) String() string {
	if r.per == time.Minute {
		return fmt.Sprintf("%d/min", r.n)
	}
	return fmt.Sprintf("%d/%s", r.n, r.per)
}

func (r *rate) Set(s string) error {
	num, unit, ok := strings.Cut(s, "/")
	n, err := strconv.Atoi(num)
	if !ok || err != nil || n < 1 {
		return fmt.Errorf("want N/min, N/s, N/h or N/DURATION with N ≥ 1")
	}
	var per time.Duration
	switch unit {
	case "s", "sec", "second":
		per = time.Second
	case "m", "min", "minute":
		per = time.Minute
	case "h", "hour":
		per = time.Hour
	default:
		if per, err = time.ParseDuration(unit); err != nil || per <= 0 {
			return fmt.Errorf("want N/min, N/s, N/h or N/DURATION, not %q", s)
		}
		if per < time.Second || per > 24*time.Hour {
			return fmt.Errorf("the period of %q must be from 1s to 24h", s)
		}
	}
	r.n, r.per = n, per
	return nil
}

func (r *rate) Type() string { return "N/PERIOD" }
