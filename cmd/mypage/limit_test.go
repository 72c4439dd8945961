package main

import (
	"fmt"
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)
	l := newLimiter(rate{n: 3, per: time.Minute})
	l.now = func() time.Time { return now }
	for i := 0; i < 3; i++ {
		if !l.Allow("192.0.2.1") {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	if l.Allow("192.0.2.1") {
		t.Fatal("fourth attempt in the same minute allowed")
	}
	if !l.Gate("192.0.2.2")() {
		t.Fatal("another address shares the bucket")
	}
	now = now.Add(20 * time.Second) // one token back
	if !l.Allow("192.0.2.1") || l.Allow("192.0.2.1") {
		t.Fatal("refill after 20 s is not one attempt")
	}
	now = now.Add(time.Hour)
	for i := 0; i < 3; i++ {
		if !l.Allow("192.0.2.1") {
			t.Fatal("bucket not full again after an hour")
		}
	}
	if l.Allow("192.0.2.1") {
		t.Fatal("the bucket grew past its size")
	}
}

// A login refused as busy gives back its token: the address's allowance
// counts attempts whose password was checked, never more than its size.
func TestLimiterRefund(t *testing.T) {
	now := time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)
	l := newLimiter(rate{n: 2, per: time.Minute})
	l.now = func() time.Time { return now }
	for i := 0; i < 10; i++ { // ten busy refusals in a row
		if !l.Allow("192.0.2.1") {
			t.Fatalf("busy retry %d refused by the limit", i+1)
		}
		l.Refund("192.0.2.1")
	}
	l.Refund("192.0.2.1") // a refund beyond the size is dropped
	if !l.Allow("192.0.2.1") || !l.Allow("192.0.2.1") || l.Allow("192.0.2.1") {
		t.Fatal("after the refunds the address has not exactly its two attempts")
	}
	l.Refund("192.0.2.9") // an unknown key: nothing to give back
	if len(l.buckets) != 1 {
		t.Errorf("a refund made a bucket: %d", len(l.buckets))
	}
}

func TestLimiterSweeps(t *testing.T) {
	now := time.Now()
	l := newLimiter(rate{n: 1, per: time.Second})
	l.now = func() time.Time { return now }
	for i := 0; i < maxBuckets; i++ {
		l.Allow(fmt.Sprint(i))
	}
	now = now.Add(time.Minute)
	l.Allow("new")
	if len(l.buckets) != 1 {
		t.Fatalf("%d buckets after the sweep, want 1", len(l.buckets))
	}
}

func TestRateFlag(t *testing.T) {
	for in, want := range map[string]rate{
		"10/min": {10, time.Minute}, "5/s": {5, time.Second}, "100/h": {100, time.Hour}, "3/30s": {3, 30 * time.Second},
	} {
		var r rate
		if err := r.Set(in); err != nil || r != want {
			t.Errorf("%s → %v, %v; want %v", in, r, err, want)
		}
	}
	for _, in := range []string{"", "10", "0/min", "x/min", "10/fortnight", "10/-1s", "10/1ns", "10/999ms", "10/9999h", "10/25h"} {
		var r rate
		if err := r.Set(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}
