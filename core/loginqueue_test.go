package core_test

import (
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mypage/core"
)

// The password checks follow the cores unless configured.
func TestHashConcurrencyFollowsTheCores(t *testing.T) {
	if got := core.DefaultConfig().HashConcurrency; got != runtime.NumCPU() {
		t.Errorf("HashConcurrency = %d, want runtime.NumCPU() = %d", got, runtime.NumCPU())
	}
}

// Beyond the checks running and the queue, a login is refused with ErrBusy at
// once: not checked, not audited, not counted by the throttle.
func TestLoginQueueBound(t *testing.T) {
	e := newEnvWith(t, core.Config{Hash: cheap, HashConcurrency: 1, LoginQueue: 2})
	d := e.seedDemo(t)
	h := d.holder["spaaqs-multi"]
	hold := make(chan struct{})
	core.AroundHash(e.svc, func(run func()) {
		<-hold
		run()
	})
	var wg sync.WaitGroup
	for range 3 { // one checking, two waiting
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = e.svc.Login(core.LoginCustomerNumber, h.Login, h.Password, "held")
		}()
	}
	for core.LoginsAdmitted(e.svc) < 3 {
		time.Sleep(time.Millisecond)
	}
	audited := len(e.audit(t))
	// More refusals than the throttle's lock needs, with a wrong password.
	for range 8 {
		_, err := e.svc.Login(core.LoginCustomerNumber, h.Login, "wrong-password", "burst")
		if !errors.Is(err, core.ErrBusy) || !errors.Is(err, core.ErrLoginBusy) {
			t.Fatalf("login beyond the queue: %v, want ErrLoginBusy (an ErrBusy)", err)
		}
	}
	if n := len(e.audit(t)); n != audited {
		t.Errorf("%d audit records for refused logins, want none", n-audited)
	}
	close(hold)
	wg.Wait()
	// Not counted: the ID is not locked from that source.
	e.login(t, core.LoginCustomerNumber, h.Login, h.Password)
	if _, err := e.svc.Login(core.LoginCustomerNumber, h.Login, h.Password, "burst"); err != nil {
		t.Errorf("login after the refusals: %v, want success (refusals are no failures)", err)
	}
}

// However many log in at once, no more checks run together than configured.
func TestLoginConcurrencyBound(t *testing.T) {
	const limit = 2
	e := newEnvWith(t, core.Config{Hash: cheap, HashConcurrency: limit, LoginQueue: 50})
	d := e.seedDemo(t)
	h := d.holder["spaaqs-multi"]
	var running, most atomic.Int32
	core.AroundHash(e.svc, func(run func()) {
		n := running.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		runtime.Gosched() // give the others the chance to overlap
		run()
		running.Add(-1)
	})
	var wg sync.WaitGroup
	var failed atomic.Int32
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pw := h.Password
			if i%2 == 1 {
				pw = "wrong-password"
			}
			if _, err := e.svc.Login(core.LoginCustomerNumber, h.Login, pw, "many"); errors.Is(err, core.ErrBusy) {
				failed.Add(1)
			}
		}()
	}
	wg.Wait()
	if m := most.Load(); m < 1 || m > limit {
		t.Errorf("at most %d checks at once, want 1 to %d", m, limit)
	}
	if n := failed.Load(); n != 0 {
		t.Errorf("%d logins refused as busy within the queue", n)
	}
}
