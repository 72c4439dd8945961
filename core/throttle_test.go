package core_test

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

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

// SPEC §4.1: failures count per login ID and source (the SSH address without its
// port) and per login ID alone. Five failures from one address lock the ID from
// that address only; twenty from all sources together lock it everywhere.
func TestLoginThrottlePerSource(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := d.holder["spaaqs-multi"]
	try := func(pw, source string) error {
		_, err := e.svc.Login(core.LoginCustomerNumber, holder.Login, pw, source)
		return err
	}
	// An attacker from one address, a new connection (port) each time.
	for i := 0; i < 5; i++ {
		wantErr(t, try("not-the-password", "ssh 192.0.2.7:"+strconv.Itoa(50000+i)), core.ErrLoginFailed)
	}
	wantErr(t, try(holder.Password, "ssh 192.0.2.7:50100"), core.ErrLoginFailed)
	// The holder from elsewhere still gets in, and the success resets the ID's count.
	if err := try(holder.Password, "ssh 198.51.100.1:40000"); err != nil {
		t.Fatalf("the holder was locked out by another address's failures: %v", err)
	}
	if err := try(holder.Password, "local"); err != nil {
		t.Fatalf("the holder was locked out of the local terminal: %v", err)
	}

	// Twenty failures from five addresses (four each, none locked there) lock the ID everywhere.
	for i := 0; i < 20; i++ {
		src := "ssh 203.0.113." + strconv.Itoa(1+i%5) + ":" + strconv.Itoa(60000+i)
		wantErr(t, try("not-the-password", src), core.ErrLoginFailed)
		if r := e.audit(t); r[len(r)-1].Result != "failed" {
			t.Fatalf("failure %d was %q, want checked", i+1, r[len(r)-1].Result)
		}
	}
	wantErr(t, try(holder.Password, "kiosk"), core.ErrLoginFailed)
	if r := e.audit(t); r[len(r)-1].Result != "throttled" {
		t.Fatalf("after 20 failures from all sources: %q, want throttled", r[len(r)-1].Result)
	}
	// The per-ID lock lasts ThrottleBase, then the right password works from anywhere.
	e.clock.Advance(time.Minute)
	if err := try(holder.Password, "kiosk"); err != nil {
		t.Fatalf("after the lock: %v", err)
	}
}

// What was typed into the ID box is never stored when it is not a login ID: a
// password typed there appears neither in the audit log nor in the throttle
// counters (issue: a password typed into the ID box was kept in plain text).
func TestTypedPasswordIsNotStored(t *testing.T) {
	e := newEnv(t)
	e.seedDemo(t)
	const typed = "Kiyomizu-Sakura-2026"
	for _, m := range []core.LoginMethod{core.LoginAccountID, core.LoginCustomerNumber} {
		for i := 0; i < 6; i++ {
			_, _ = e.svc.Login(m, typed, "whatever-was-next", "ssh 192.0.2.9:"+strconv.Itoa(1000+i))
		}
		e.svc.LoginRefused(m, typed, "ssh 192.0.2.9:2000")
	}
	_, err := e.svc.Unlock(e.op, typed)
	wantErr(t, err, core.ErrNotFound)
	for _, bucket := range []string{"audit", "throttle", "settings"} {
		err := e.db.View(func(tx core.Tx) error {
			return tx.Scan(bucket, "", func(key string, decode func(any) error) bool {
				var v any
				if err := decode(&v); err != nil {
					t.Errorf("%s/%s: %v", bucket, key, err)
				}
				if strings.Contains(key, typed) || strings.Contains(mustJSON(t, v), typed) {
					t.Errorf("%s/%s holds the typed text: %s", bucket, key, mustJSON(t, v))
				}
				return true
			})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// `admin unlock LOGIN` lifts every lock of a login, from every source; only the
// operator may, and it is audited.
func TestUnlock(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := d.holder["spaaqs-multi"]
	admin := d.account["spaaqs-multi"]["admin"]
	lock := func(m core.LoginMethod, id string) {
		for i := 0; i < 5; i++ {
			_, _ = e.svc.Login(m, id, "not-the-password", "local")
		}
		for i := 0; i < 20; i++ {
			_, _ = e.svc.Login(m, id, "not-the-password", "ssh 192.0.2."+strconv.Itoa(1+i%4)+":"+strconv.Itoa(3000+i))
		}
	}
	lock(core.LoginCustomerNumber, holder.Login)
	lock(core.LoginAccountID, admin.Login)
	up := e.accountOf(t, d.account["spaaqs-multi"]["user"])
	for _, p := range []core.Principal{up, {Kind: core.KindHolder, Contract: holder.Login}} {
		_, err := e.svc.Unlock(p, holder.Login)
		wantErr(t, err, core.ErrForbidden)
	}
	for _, l := range []struct {
		m     core.LoginMethod
		login core.DemoLogin
	}{{core.LoginCustomerNumber, holder}, {core.LoginAccountID, admin}} {
		if _, err := e.svc.Login(l.m, l.login.Login, l.login.Password, "local"); err == nil {
			t.Fatalf("%s was not locked", l.login.Login)
		}
		n, err := e.svc.Unlock(e.op, l.login.Login)
		if err != nil || n != 6 {
			t.Fatalf("Unlock %s = %d, %v; want 6 counters lifted", l.login.Login, n, err)
		}
		if r := e.audit(t); r[len(r)-1].Action != "unlock" || r[len(r)-1].Target != l.login.Login || r[len(r)-1].Actor != "operator" {
			t.Fatalf("unlock audited as %+v", r[len(r)-1])
		}
		for _, src := range []string{"local", "ssh 192.0.2.1:4000"} {
			if _, err := e.svc.Login(l.m, l.login.Login, l.login.Password, src); err != nil {
				t.Fatalf("after unlock, %s from %s: %v", l.login.Login, src, err)
			}
		}
	}
	// A login that is neither a customer number nor an account ID is refused.
	_, err := e.svc.Unlock(e.op, "no-such-login")
	wantErr(t, err, core.ErrNotFound)
	if r := e.audit(t); r[len(r)-1].Target != "unknown" || r[len(r)-1].Result != "not-found" {
		t.Fatalf("unlock of an unknown login audited as %+v", r[len(r)-1])
	}
}

// The throttle figures are checked at start-up with a message naming the figure.
func TestThrottleConfigValidate(t *testing.T) {
	tests := []struct {
		cfg  core.Config
		name string // "" when valid
	}{
		{core.Config{}, ""},
		{core.Config{ThrottleAfter: 3, ThrottleAfterID: 10, StepUpTTL: time.Minute}, ""},
		{core.Config{ThrottleAfter: -1}, "ThrottleAfter"},
		{core.Config{ThrottleAfterID: 4}, "ThrottleAfterID"},
		{core.Config{ThrottleBase: -time.Minute}, "ThrottleBase"},
		{core.Config{ThrottleBase: time.Hour, ThrottleMax: time.Minute}, "ThrottleMax"},
		{core.Config{StepUpTTL: -time.Second}, "StepUpTTL"},
	}
	for _, tt := range tests {
		err := tt.cfg.Validate()
		if tt.name == "" {
			if err != nil {
				t.Errorf("%+v: %v", tt.cfg, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.name) {
			t.Errorf("%+v: err = %v, want one naming %s", tt.cfg, err, tt.name)
		}
	}
}

// SPEC §4.1: every check of the customer password counts on the customer
// number's own counter, whatever the path — the login, an admin ID's step-up, a
// customer password change by the holder or an admin ID — so the ceiling of 20
// covers them together, and no further admin ID gets fresh guesses (issue: each
// admin ID had five step-ups and five changes of its own, and the customer
// number's counter never moved). `admin unlock` lifts it.
func TestCustomerPasswordCeilingCoversEveryPath(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	multi := d.holder["spaaqs-multi"]
	holder := e.holderOf(t, multi)
	admins := []core.Principal{e.accountOf(t, d.account["spaaqs-multi"]["admin"])}
	for _, id := range []string{"adm-two", "adm-three", "adm-four"} {
		f := accountForm(id, core.PermAdmin)
		e.register(t, holder, f)
		admins = append(admins, e.login(t, core.LoginAccountID, id, f.Password).Principal)
	}
	const next = "multi-holder-2031"
	// 3 × 5 wrong step-ups, each admin ID up to its own lock: 15.
	for _, a := range admins[:3] {
		for i := 0; i < 5; i++ {
			_, err := e.svc.StepUp(a, multi.Login, "wrong-step-up-"+strconv.Itoa(i))
			wantErr(t, err, core.ErrLoginFailed)
		}
	}
	// Three wrong changes by an admin ID and two by the holder: 20.
	for i, p := range []core.Principal{admins[0], admins[0], admins[0], holder, holder} {
		wantProblem(t, e.svc.ChangeCustomerPassword(p, e.svc.NewToken(), "wrong-current-"+strconv.Itoa(i), next, next),
			core.FieldCurrentPassword, core.ProblemWrong)
	}
	// The customer number is locked on every path, the right password included.
	if _, err := e.svc.Login(core.LoginCustomerNumber, multi.Login, multi.Password, "ssh 198.51.100.9:40000"); err == nil {
		t.Fatal("the customer number logged in after 20 failures on other paths")
	}
	if _, err := e.svc.StepUp(admins[3], multi.Login, multi.Password); err == nil {
		t.Fatal("a further admin ID stepped up after 20 failures")
	}
	if r := e.audit(t); r[len(r)-1].Result != "throttled" {
		t.Fatalf("the step-up of a further admin ID was %q, want throttled", r[len(r)-1].Result)
	}
	err := e.svc.ChangeCustomerPassword(admins[3], e.svc.NewToken(), multi.Password, next, next)
	if core.FieldProblems(err)[core.FieldCurrentPassword] == "" {
		t.Fatalf("a change with the right current password after 20 failures: %v", err)
	}
	if r := e.audit(t); r[len(r)-1].Result != "throttled" {
		t.Fatalf("the change was %q, want throttled", r[len(r)-1].Result)
	}
	// `admin unlock` of the customer number lifts it for every path.
	if _, err := e.svc.Unlock(e.op, multi.Login); err != nil {
		t.Fatal(err)
	}
	e.login(t, core.LoginCustomerNumber, multi.Login, multi.Password)
	if _, err := e.svc.StepUp(admins[3], multi.Login, multi.Password); err != nil {
		t.Fatalf("step-up after unlock: %v", err)
	}
	if err := e.svc.ChangeCustomerPassword(admins[3], e.svc.NewToken(), multi.Password, next, next); err != nil {
		t.Fatalf("change after unlock: %v", err)
	}
	e.login(t, core.LoginCustomerNumber, multi.Login, next)
}

// A success on any path resets the customer number's counter, as a login does:
// 19 failures, a right step-up, and 19 more do not lock it.
func TestCustomerPasswordSuccessResetsTheCeiling(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	multi := d.holder["spaaqs-multi"]
	admin := e.accountOf(t, d.account["spaaqs-multi"]["admin"])
	fail := func(n int) {
		for i := 0; i < n; i++ {
			src := "ssh 203.0.113." + strconv.Itoa(1+i%5) + ":" + strconv.Itoa(60000+i)
			_, err := e.svc.Login(core.LoginCustomerNumber, multi.Login, "not-the-password", src)
			wantErr(t, err, core.ErrLoginFailed)
		}
	}
	fail(19)
	if _, err := e.svc.StepUp(admin, multi.Login, multi.Password); err != nil {
		t.Fatalf("step-up after 19 login failures: %v", err)
	}
	fail(19)
	if _, err := e.svc.Login(core.LoginCustomerNumber, multi.Login, multi.Password, "kiosk"); err != nil {
		t.Fatalf("a right step-up did not reset the customer number's count: %v", err)
	}
}

// An account ID's own password is one as well: its login and its own-password
// change count on the account ID's counter together.
func TestAccountPasswordCeilingCoversTheChange(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	userLogin := d.account["spaaqs-multi"]["user"]
	user := e.accountOf(t, userLogin)
	change := func(current string) error {
		v, err := e.svc.Account(user, user.AccountID)
		if err != nil {
			t.Fatal(err)
		}
		f := formOf(v)
		f.Password, f.CurrentPassword = "user-new-pass-9", current
		_, err = e.svc.UpdateAccount(user, e.svc.NewToken(), f)
		return err
	}
	for i := 0; i < 5; i++ {
		wantProblem(t, change("wrong-current-"+strconv.Itoa(i)), core.FieldCurrentPassword, core.ProblemWrong)
	}
	// Fifteen login failures from four addresses, none locked there: 20 in all.
	for i := 0; i < 15; i++ {
		src := "ssh 203.0.113." + strconv.Itoa(1+i%4) + ":" + strconv.Itoa(60000+i)
		_, err := e.svc.Login(core.LoginAccountID, userLogin.Login, "not-the-password", src)
		wantErr(t, err, core.ErrLoginFailed)
	}
	if _, err := e.svc.Login(core.LoginAccountID, userLogin.Login, userLogin.Password, "ssh 198.51.100.9:40000"); err == nil {
		t.Fatal("the account ID logged in after 20 failures of its login and its password change")
	}
	if _, err := e.svc.Unlock(e.op, userLogin.Login); err != nil {
		t.Fatal(err)
	}
	e.login(t, core.LoginAccountID, userLogin.Login, userLogin.Password)
	if err := change(userLogin.Password); err != nil {
		t.Fatalf("change after unlock: %v", err)
	}
}

// Setting another account ID's password answers whether it was used before, so
// an admin ID could use it to guess that account ID's passwords: every such
// comparison counts on the account ID's own ceiling of 20 (SPEC §4.1), the
// account ID's own login takes the count back, and admin unlock lifts it.
func TestSettingAnotherPasswordCountsOnItsCeiling(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	admin := e.accountOf(t, d.account["spaaqs-multi"]["admin"])
	userLogin := d.account["spaaqs-multi"]["user"]
	set := func(pw string) error {
		v, err := e.svc.Account(admin, userLogin.Login)
		if err != nil {
			t.Fatal(err)
		}
		f := formOf(v)
		f.Password = pw
		_, err = e.svc.UpdateAccount(admin, e.svc.NewToken(), f)
		return err
	}
	// The right guess is still told apart before the ceiling…
	for i := 0; i < 10; i++ {
		err := set("guess-number-" + strconv.Itoa(i))
		if err != nil {
			t.Fatalf("guess %d: %v", i, err)
		}
		// …and each set that succeeded is a comparison too; put the password back
		// through the account ID's own login, which resets the count.
	}
	e.login(t, core.LoginAccountID, userLogin.Login, "guess-number-9")
	for i := 0; i < 20; i++ {
		wantProblem(t, set("guess-number-9"), core.FieldPassword, core.ProblemReused)
	}
	// The ceiling is reached: no further comparison, whatever is guessed.
	wantProblem(t, set("guess-number-9"), core.FieldPassword, core.ProblemLocked)
	wantProblem(t, set("never-used-pass-1"), core.FieldPassword, core.ProblemLocked)
	if _, err := e.svc.Login(core.LoginAccountID, userLogin.Login, "guess-number-9", "local"); err == nil {
		t.Fatal("the account ID's login is not locked at its ceiling")
	}
	if _, err := e.svc.Unlock(e.op, userLogin.Login); err != nil {
		t.Fatal(err)
	}
	if err := set("never-used-pass-1"); err != nil {
		t.Fatalf("set after unlock: %v", err)
	}
}

// throttleRecords counts the counters of the throttle bucket, as admin check does.
func throttleRecords(t *testing.T, e *env) int {
	t.Helper()
	n := -1
	if err := e.db.View(func(tx core.Tx) error {
		counts, _ := core.CheckDocuments(tx)
		for _, c := range counts {
			if c.Bucket == "throttle" {
				n = c.Documents
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n < 0 {
		t.Fatal("no throttle bucket counted")
	}
	return n
}

// Guessing IDs does not grow the throttle bucket without limit: a counter that
// is not locked and has not moved for a day is forgotten by later reservations,
// a known ID's as an unknown one's, but a lock is never forgotten before it ends.
func TestThrottleForgetsStaleCounters(t *testing.T) {
	e := newEnvWith(t, core.Config{Hash: cheap, ThrottleBase: 48 * time.Hour, ThrottleMax: 48 * time.Hour})
	d := e.seedDemo(t)
	holder := d.holder["spaaqs-multi"]
	guess := func(prefix string, n int) {
		for i := 0; i < n; i++ {
			if _, err := e.svc.Login(core.LoginAccountID, prefix+strconv.Itoa(i), "wrong-password-1", "ssh 192.0.2.9:"+strconv.Itoa(1000+i)); err == nil {
				t.Fatal("an unknown ID logged in")
			}
		}
	}
	// The holder's number locked from one source for 48 hours.
	for i := 0; i < 5; i++ {
		if _, err := e.svc.Login(core.LoginCustomerNumber, holder.Login, "wrong-password-1", "test"); err == nil {
			t.Fatal("a wrong password logged in")
		}
	}
	guess("unknown-a-", 48)
	if n := throttleRecords(t, e); n != 2+2*48 {
		t.Fatalf("%d counters after 48 unknown IDs and one known one, want %d", n, 2+2*48)
	}

	e.clock.Advance(25 * time.Hour)
	guess("unknown-b-", 64) // crosses a 64th reservation
	// Left: the new guesses' counters and the lock that has not ended.
	if n := throttleRecords(t, e); n > 2*64+1 {
		t.Fatalf("%d counters a day later, want at most %d: stale ones are kept", n, 2*64+1)
	}
	if _, err := e.svc.Login(core.LoginCustomerNumber, holder.Login, holder.Password, "test"); err == nil {
		t.Fatal("the lock was forgotten before it ended")
	}

	e.clock.Advance(48 * time.Hour) // the lock has ended and nothing moved for a day
	guess("unknown-c-", 64)
	if n := throttleRecords(t, e); n > 2*64 {
		t.Fatalf("%d counters, want at most %d", n, 2*64)
	}
	e.login(t, core.LoginCustomerNumber, holder.Login, holder.Password)
}
