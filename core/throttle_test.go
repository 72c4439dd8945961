package core_test

import (
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"mypage/core"
)

// burst fires the attempts at once and holds every password verification until
// each attempt has either returned unchecked or reached its verification, so that
// no attempt can learn of another's result before it is counted. It returns how
// many verifications ran and how many attempts succeeded.
func burst(svc *core.Service, attempts []func() error) (verified, succeeded int) {
	var mu sync.Mutex
	arrived := 0
	release := make(chan struct{})
	arrive := func() {
		mu.Lock()
		defer mu.Unlock()
		if arrived++; arrived == len(attempts) {
			close(release)
		}
	}
	var ran, ok atomic.Int64
	core.OnVerify(svc, func() {
		ran.Add(1)
		arrive()
		<-release
	})
	defer core.OnVerify(svc, nil)
	var wg sync.WaitGroup
	for _, try := range attempts {
		wg.Add(1)
		go func(try func() error) {
			defer wg.Done()
			err := try()
			select {
			case <-release:
			default:
				arrive() // returned before the release: refused unchecked
			}
			if err == nil {
				ok.Add(1)
			}
		}(try)
	}
	wg.Wait()
	return int(ran.Load()), int(ok.Load())
}

// SPEC §4.1: however many attempts arrive at once, no more than the threshold are
// ever checked for one ID: 30 wrong passwords and the right one sent together
// run at most 5 verifications from one source and at most 20 from many.
func TestLoginThrottleParallel(t *testing.T) {
	tests := []struct {
		name    string
		method  core.LoginMethod
		sources int
		max     int
	}{
		{"account ID, one source", core.LoginAccountID, 1, 5},
		{"customer number, one source", core.LoginCustomerNumber, 1, 5},
		{"account ID, 9 sources", core.LoginAccountID, 9, 20},
		{"customer number, 31 sources", core.LoginCustomerNumber, 31, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			d := e.seedDemo(t)
			cred := d.account["spaaqs-multi"]["admin"]
			if tt.method == core.LoginCustomerNumber {
				cred = d.holder["spaaqs-multi"]
			}
			var attempts []func() error
			for i := 0; i <= 30; i++ {
				pw := "wrong-password-" + string(rune('a'+i%26))
				if i == 15 {
					pw = cred.Password
				}
				src := "ssh 127.0.0." + strconv.Itoa(1+i%tt.sources) + ":" + strconv.Itoa(40000+i)
				attempts = append(attempts, func() error {
					_, err := e.svc.Login(tt.method, cred.Login, pw, src)
					return err
				})
			}
			verified, _ := burst(e.svc, attempts)
			if verified > tt.max {
				t.Fatalf("%d of 31 simultaneous attempts were verified, want at most %d", verified, tt.max)
			}
		})
	}
}

// The step-up is throttled the same way: of 30 wrong customer passwords and the
// right one at once, at most 5 are verified.
func TestStepUpThrottleParallel(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := d.holder["spaaqs-multi"]
	admin := e.accountOf(t, d.account["spaaqs-multi"]["admin"])
	var attempts []func() error
	for i := 0; i <= 30; i++ {
		pw := "wrong-password-" + strconv.Itoa(i)
		if i == 15 {
			pw = holder.Password
		}
		attempts = append(attempts, func() error {
			_, err := e.svc.StepUp(admin, holder.Login, pw)
			return err
		})
	}
	if verified, _ := burst(e.svc, attempts); verified > 5 {
		t.Fatalf("%d of 31 simultaneous step-ups were verified, want at most 5", verified)
	}
}
