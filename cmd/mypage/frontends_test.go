package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"mypage/core"
	"mypage/store/pgtest"
	"mypage/store/postgres"
)

// frontEnd is one serve portal over a PostgreSQL database of its own pool, as
// one of several processes behind a load balancer would be.
type frontEnd struct {
	*served
	db *postgres.DB
}

// frontEndConfig is the service configuration of the front-ends: the other
// process's changes are looked for often, so that the test need not wait.
func frontEndConfig() core.Config {
	cfg := baseConfig()
	cfg.EndPoll = 100 * time.Millisecond
	cfg.ThrottleAfter, cfg.ThrottleAfterID = 2, 2
	return cfg
}

// startFrontEnd serves the database at url through a pool and a service of its own.
func startFrontEnd(t testing.TB, url string, logins []core.DemoLogin) *frontEnd {
	t.Helper()
	db, err := postgres.Open(context.Background(), url, postgres.Options{MaxConns: 8, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc := core.NewService(db, frontEndConfig())
	return &frontEnd{served: servePortal(t, svc, logins, "ja", nil), db: db}
}

// startFrontEnds seeds a demo database on PostgreSQL and serves it from two front-ends.
func startFrontEnds(t *testing.T) (string, *frontEnd, *frontEnd) {
	t.Helper()
	url := pgtest.URL(t)
	db, err := postgres.Open(context.Background(), url, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	svc := core.NewService(db, frontEndConfig())
	logins, err := svc.SeedDemo(core.Operator("test"))
	if err == nil {
		err = svc.MarkDemo(core.Operator("test")) // its clock may be moved
	}
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	return url, startFrontEnd(t, url, logins), startFrontEnd(t, url, logins)
}

// testCustomer is a contract holder's particulars.
func testCustomer() core.Customer {
	return core.Customer{LastName: "鈴木", FirstName: "一郎", LastKana: "スズキ", FirstKana: "イチロウ", RomajiLast: "SUZUKI",
		RomajiFirst: "ICHIRO", BirthDate: "1980-01-15", Gender: "male", Address: "東京都港区芝公園4-2-8", Occupation: "employee",
		Household: 2, Phone: "03-1234-5678", ContactMail: "ichiro.suzuki@example.jp"}
}

func (f *frontEnd) principal(t *testing.T, kind, contractType string) core.Principal {
	t.Helper()
	for _, l := range f.logins {
		if l.Kind == kind && (contractType == "" || strings.Contains(l.ContractType, contractType)) {
			method := core.LoginAccountID
			if kind == "holder" {
				method = core.LoginCustomerNumber
			}
			s, err := f.svc.Login(method, l.Login, l.Password, "test")
			if err != nil {
				t.Fatal(err)
			}
			return s.Principal
		}
	}
	t.Fatalf("no %s login of %s in the demo", kind, contractType)
	return core.Principal{}
}

// race runs fn on both front-ends at once and returns their errors.
func race(a, b *frontEnd, fn func(*frontEnd) error) [2]error {
	var errs [2]error
	var wg sync.WaitGroup
	gate := make(chan struct{})
	for i, f := range []*frontEnd{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-gate
			errs[i] = fn(f)
		}()
	}
	close(gate)
	wg.Wait()
	return errs
}

// sshLogin types a login into a session on the login screen and waits until
// the portal answers: logged in, or the login refused.
func sshLogin(t *testing.T, s *shell, l core.DemoLogin, password string) bool {
	t.Helper()
	waitFor(t, "a login screen", func() bool { return strings.Contains(s.out.String(), "ログイン") || s.ended() })
	from := s.out.Len()
	keys := l.Login + "\r" + password + "\r"
	if l.Kind != "holder" {
		keys = "\x1b[B\x1b[B" + keys
	}
	if _, err := io.WriteString(s.stdin, keys); err != nil {
		t.Fatal(err)
	}
	var in bool
	waitFor(t, "the answer to the login", func() bool {
		out := s.out.String()[from:]
		in = strings.Contains(out, "ログアウト")
		return in || strings.Contains(out, "ログインできませんでした") || s.ended()
	})
	if s.ended() {
		t.Fatalf("the session ended at the login: %v\n%s", s.err, s.errOut)
	}
	return in
}

// issue 13 point 4: two serve front-ends on one PostgreSQL database are one
// portal: what one does, the other sees, and no rule can be broken by sending
// its two halves to different front-ends.
func TestFrontEndsShareOneDatabase(t *testing.T) {
	url, a, b := startFrontEnds(t)

	t.Run("confirm token runs once", func(t *testing.T) {
		holder := a.principal(t, "holder", "マルチ")
		token := a.svc.NewToken()
		form := core.AccountForm{ID: "arteri-tw-009", LastName: "有光", FirstName: "杏", LastKana: "アルテリ",
			FirstKana: "アン", UserName: "あん", Password: "pw-for-twice-x9", Permission: core.PermUser}
		errs := race(a, b, func(f *frontEnd) error {
			_, err := f.svc.RegisterAccount(holder, token, form)
			return err
		})
		ok, again := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, core.ErrAlreadySubmitted):
				again++
			default:
				t.Fatalf("register: %v", err)
			}
		}
		if ok != 1 || again != 1 {
			t.Fatalf("the token ran %d time(s), was refused as used %d time(s): %v", ok, again, errs)
		}
		n := 0
		list, err := b.svc.ListAccounts(holder)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range list.Accounts {
			if v.ID == form.ID {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d account(s) %s", n, form.ID)
		}
	})

	t.Run("login throttle counts both", func(t *testing.T) {
		var l core.DemoLogin
		for _, x := range a.logins {
			if x.Kind == "admin" && strings.Contains(x.ContractType, "LAN") {
				l = x
			}
		}
		// One wrong password on each front-end: two failures of the ID lock it.
		if sshLogin(t, openShell(t, dial(t, a.addr)), l, "wrong-password-1") {
			t.Fatal("a wrong password logged in")
		}
		if sshLogin(t, openShell(t, dial(t, b.addr)), l, "wrong-password-2") {
			t.Fatal("a wrong password logged in")
		}
		for _, f := range []*frontEnd{b, a} {
			if sshLogin(t, openShell(t, dial(t, f.addr)), l, l.Password) {
				t.Fatal("the right password logged in after the failures on both front-ends: each counted only its own")
			}
		}
		if _, err := a.svc.Login(core.LoginAccountID, l.Login, l.Password, "127.0.0.1"); !errors.Is(err, core.ErrLoginFailed) {
			t.Fatalf("login after the lock: %v", err)
		}
	})

	t.Run("callback slot capacity", func(t *testing.T) {
		holder := a.principal(t, "holder", "マルチ")
		opts, err := a.svc.CallbackStart(holder)
		if err != nil {
			t.Fatal(err)
		}
		var slot core.CallbackSlot
		for _, d := range opts.Calendar {
			for _, s := range d.Slots {
				if slot.Start.IsZero() && s.State == core.SlotOpen && s.Left == 2 {
					slot = s
				}
			}
		}
		if slot.Start.IsZero() {
			t.Fatal("no open slot with two places")
		}
		// Four contracts race for the two places, two through each front-end.
		var ps []core.Principal
		for range 4 {
			cert, err := a.svc.CreateContract(operator, core.NewContract{Type: "ucom-me", Customer: testCustomer()})
			if err != nil {
				t.Fatal(err)
			}
			s, err := a.svc.Login(core.LoginCustomerNumber, cert.Number, cert.InitialPassword, "test")
			if err != nil {
				t.Fatal(err)
			}
			ps = append(ps, s.Principal)
		}
		var mu sync.Mutex
		won, full := 0, 0
		var wg sync.WaitGroup
		gate := make(chan struct{})
		for i, p := range ps {
			f := []*frontEnd{a, b}[i%2]
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-gate
				_, err := f.svc.BookCallback(p, f.svc.NewToken(), core.CallbackRequest{Topic: "payment", Slot: slot.Start,
					Agreed: true, Phone: "03-1234-5678", Name: "鈴木 一郎"})
				mu.Lock()
				defer mu.Unlock()
				if ce := core.CallbackErrorOf(err); ce != nil && ce.Code == core.CallbackFull {
					full++
				} else if err == nil {
					won++
				} else {
					t.Errorf("booking: %v", err)
				}
			}()
		}
		close(gate)
		wg.Wait()
		if won != 2 || full != 2 {
			t.Fatalf("%d bookings of a slot of two places, %d refused as full", won, full)
		}
		list, err := b.svc.CallList(operator, slot.Start)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(list); n != 2 {
			t.Fatalf("the call list of the slot holds %d bookings", n)
		}
	})

	t.Run("mail address unique", func(t *testing.T) {
		lanHolder := a.principal(t, "holder", "LAN")
		if _, err := a.svc.SetTransfer(lanHolder, a.svc.NewToken()); err != nil {
			t.Fatal(err)
		}
		if _, err := a.svc.PurchaseOption(lanHolder, a.svc.NewToken(), "mailweb", ""); err != nil {
			t.Fatal(err)
		}
		lanUser, admin := a.principal(t, "user", "LAN"), b.principal(t, "admin", "マルチ")
		forms := map[*frontEnd]struct {
			p core.Principal
			f core.MailForm
		}{
			a: {lanUser, core.MailForm{Account: "yamada.hana", Kind: core.MailProvider, Local: "shared", Agree: true}},
			b: {admin, core.MailForm{Account: "arteri-an-001", Kind: core.MailProvider, Local: "shared", Agree: true}},
		}
		errs := race(a, b, func(f *frontEnd) error {
			_, err := f.svc.SetMail(forms[f].p, f.svc.NewToken(), forms[f].f)
			return err
		})
		ok, taken := 0, 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if core.FieldProblems(err)[core.FieldMailLocal] == core.ProblemTaken {
				taken++
			} else {
				t.Fatalf("mail address: %v", err)
			}
		}
		if ok != 1 || taken != 1 {
			t.Fatalf("one address set %d time(s), refused as taken %d time(s)", ok, taken)
		}
	})

	t.Run("notice and demo clock", func(t *testing.T) {
		sa, sb := openShell(t, dial(t, a.addr)), openShell(t, dial(t, b.addr))
		body := filepath.Join(t.TempDir(), "body.txt")
		if err := os.WriteFile(body, []byte("一部地域でつながりにくくなっています。"), 0o600); err != nil {
			t.Fatal(err)
		}
		mustRun(t, "--db", url, "admin", "notice", "add", "--kind", "outage", "--title", "東京都の一部で通信障害", "--body-file", body)
		for _, s := range []*shell{sa, sb} {
			waitFor(t, "the notice on both front-ends", func() bool {
				return strings.Contains(s.out.String(), "東京都の一部で通信障害") || s.ended()
			})
		}

		mustRun(t, "--db", url, "admin", "clock", "advance", "1m")
		now, _, err := a.svc.Time()
		if err != nil {
			t.Fatal(err)
		}
		date := "デモ日付 " + now.Format("2006/01/02")
		var l core.DemoLogin
		for _, x := range a.logins {
			if x.Kind == "holder" && strings.Contains(x.ContractType, "マルチ") {
				l = x
			}
		}
		for _, f := range []*frontEnd{a, b} {
			s := openShell(t, dial(t, f.addr))
			if !sshLogin(t, s, l, l.Password) {
				t.Fatal("the demo login was refused")
			}
			waitFor(t, "the moved demo date on both front-ends", func() bool {
				return strings.Contains(s.out.String(), date) || s.ended()
			})
		}
	})
}
