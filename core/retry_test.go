package core_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"mypage/core"
)

// A database that retries transactions (PostgreSQL, on a serialization
// failure) runs an Update's function again after rolling it back. Every
// procedure must then happen once: these tests run each under a store that
// rolls back the first attempt of every Update and runs it again.

// errRolledBack ends the first attempt of a retried Update.
var errRolledBack = errors.New("rolled back to be run again")

// retried is a store on which every Update runs its function twice: the first
// attempt is rolled back, as a serialization failure rolls it back, even when
// it failed (a failure may be the conflict's), and the second one counts.
// between, when set, runs once after a rollback, as a transaction of another
// front-end that committed meanwhile and caused it.
type retried struct {
	core.Storage
	between    func()
	rolledBack atomic.Int64
}

func (r *retried) Update(fn func(core.Tx) error) error {
	// What the first attempt returns is dropped, as the retrying store drops it.
	_ = r.Storage.Update(func(tx core.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errRolledBack
	})
	r.rolledBack.Add(1)
	if between := r.between; between != nil {
		r.between = nil
		between()
	}
	return r.Storage.Update(fn)
}

// newRetriedEnv is newEnv, on the store the suite runs on, with a service over
// it that retries every Update, drawing customer numbers from the seeded source.
func newRetriedEnv(t testing.TB, seed uint64) (*env, *retried) {
	t.Helper()
	e := newEnv(t)
	r := &retried{Storage: e.db}
	e.svc = core.NewService(r, core.Config{Hash: cheap, Clock: e.clock, Random: rand.NewChaCha8([32]byte{byte(seed)})})
	return e, r
}

// newSeededEnv is newEnv drawing customer numbers from the seeded source.
func newSeededEnv(t testing.TB, seed uint64) *env {
	t.Helper()
	return newEnvWith(t, core.Config{Hash: cheap, Random: rand.NewChaCha8([32]byte{byte(seed)})})
}

// What is drawn at random differs between two databases however often it
// happens: password hashes, confirm and session tokens, the throttle key and
// its digests, activation codes and initial passwords.
var drawn = []struct {
	re  *regexp.Regexp
	put string
}{
	{regexp.MustCompile(`\$argon2id\$[^"\\]*`), "<hash>"},
	{regexp.MustCompile(`[0-9a-f]{32}`), "<hex>"},
	{regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}`), "<pin>"},
	{regexp.MustCompile(`"(InitialPassword|initial_password)":"[^"]*"`), `"$1":"<password>"`},
}

func undrawn(s string) string {
	for _, d := range drawn {
		s = d.re.ReplaceAllString(s, d.put)
	}
	return s
}

// contents is every document of the database, one line each, sorted, with
// what is drawn at random replaced.
func contents(t testing.TB, db core.Storage) []string {
	t.Helper()
	var lines []string
	err := db.View(func(tx core.Tx) error {
		for _, b := range core.Buckets {
			if err := tx.Scan(b, "", func(key string, decode func(any) error) bool {
				var raw json.RawMessage
				if err := decode(&raw); err != nil {
					t.Errorf("%s/%s: %v", b, key, err)
				}
				lines = append(lines, undrawn(b+" "+key+" "+string(raw)))
				return true
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("read the database: %v", err)
	}
	sort.Strings(lines)
	return lines
}

// missing lists the lines of a that b lacks (as many times as it lacks them).
func missing(a, b []string) []string {
	n := map[string]int{}
	for _, l := range b {
		n[l]++
	}
	var out []string
	for _, l := range a {
		if n[l] > 0 {
			n[l]--
			continue
		}
		out = append(out, l)
	}
	return out
}

// world is one database the procedures run on, with what earlier steps returned.
type world struct {
	t      *testing.T
	e      *env
	logins []core.DemoLogin
	who    map[string]core.Principal // logged-in principals by name
	got    map[string]string         // numbers and IDs earlier steps returned
}

func (w *world) login(kind, typeName string) core.DemoLogin {
	w.t.Helper()
	for _, l := range w.logins {
		if l.Kind == kind && (typeName == "" || l.ContractType == typeName) {
			return l
		}
	}
	w.t.Fatalf("no demo login %s of %q in %+v", kind, typeName, w.logins)
	return core.DemoLogin{}
}

// step is one call of a procedure of core.Service; mustWork says the
// scenario expects it to succeed, so that it checks something real.
type step struct {
	name     string
	mustWork bool
	run      func(w *world) (any, error)
}

// retryScenario calls every procedure that writes, on the demo data, most of
// them successfully and a few refused (a refusal is audited on its own).
func retryScenario() []step {
	tok := func(name string) string { return "confirm-" + name } // the same in both worlds
	ok := func(name string, run func(w *world) (any, error)) step { return step{name, true, run} }
	refused := func(name string, run func(w *world) (any, error)) step { return step{name, false, run} }
	return []step{
		ok("BuildDemo", func(w *world) (any, error) {
			l, err := w.e.svc.BuildDemo(w.e.op)
			w.logins = l
			return l, err
		}),
		ok("MarkDemo", func(w *world) (any, error) { return nil, w.e.svc.MarkDemo(w.e.op) }),
		ok("CreateContract", func(w *world) (any, error) {
			cert, err := w.e.svc.CreateContract(w.e.op, core.NewContract{Type: "spaaqs-lan", Customer: customer()})
			w.got["new"], w.got["new-password"] = cert.Number, cert.InitialPassword
			return cert, err
		}),
		ok("Login holder", func(w *world) (any, error) {
			s, err := w.e.svc.Login(core.LoginCustomerNumber, w.got["new"], w.got["new-password"], "ssh 192.0.2.1:5000")
			w.who["new"] = s.Principal
			return s, err
		}),
		refused("Login wrong password", func(w *world) (any, error) {
			return w.e.svc.Login(core.LoginCustomerNumber, w.got["new"], "Not-the-password-1", "ssh 192.0.2.1:5001")
		}),
		refused("Login unknown", func(w *world) (any, error) {
			return w.e.svc.Login(core.LoginAccountID, "nobody-here", "Not-the-password-1", "ssh 192.0.2.1:5002")
		}),
		ok("LoginRefused", func(w *world) (any, error) {
			w.e.svc.LoginRefused(core.LoginCustomerNumber, w.got["new"], "ssh 192.0.2.9:5000")
			return nil, nil
		}),
		ok("Login multi holder", func(w *world) (any, error) {
			l := w.login("holder", "")
			s, err := w.e.svc.Login(core.LoginCustomerNumber, l.Login, l.Password, "test")
			w.who["holder"], w.got["holder"], w.got["holder-password"] = s.Principal, l.Login, l.Password
			return s, err
		}),
		ok("Login admin", func(w *world) (any, error) {
			for _, l := range w.logins {
				if l.Kind != "admin" {
					continue
				}
				s, err := w.e.svc.Login(core.LoginAccountID, l.Login, l.Password, "test")
				if err == nil && s.Principal.Contract == w.who["holder"].Contract {
					w.who["admin"] = s.Principal
					return s, nil
				}
			}
			return nil, errors.New("no admin ID of the holder's contract")
		}),
		ok("StepUp", func(w *world) (any, error) {
			return w.e.svc.StepUp(w.who["admin"], w.got["holder"], w.got["holder-password"])
		}),
		refused("StepUp wrong password", func(w *world) (any, error) {
			return w.e.svc.StepUp(w.who["admin"], w.got["holder"], "Not-the-password-1")
		}),
		ok("Logout", func(w *world) (any, error) {
			w.e.svc.Logout(w.who["admin"], "logout")
			return nil, nil
		}),
		ok("UpdateCustomerInfo", func(w *world) (any, error) {
			return w.e.svc.UpdateCustomerInfo(w.who["new"], tok("customer"), lanForm())
		}),
		refused("UpdateCustomerInfo replayed", func(w *world) (any, error) {
			return w.e.svc.UpdateCustomerInfo(w.who["new"], tok("customer"), lanForm())
		}),
		ok("ChangeCustomerPassword", func(w *world) (any, error) {
			return nil, w.e.svc.ChangeCustomerPassword(w.who["new"], tok("password"), w.got["new-password"], newPassword, newPassword)
		}),
		ok("RegisterAccount", func(w *world) (any, error) {
			return w.e.svc.RegisterAccount(w.who["new"], tok("register"), accountForm("retry-user-1", core.PermUser))
		}),
		ok("UpdateAccount", func(w *world) (any, error) {
			f := accountForm("retry-user-1", core.PermUser)
			f.UserName, f.Password = "りとらい", ""
			return w.e.svc.UpdateAccount(w.who["new"], tok("account-change"), f)
		}),
		ok("UpdateAccount password", func(w *world) (any, error) { // checked against the ID's history first
			f := accountForm("retry-user-1", core.PermUser)
			f.UserName, f.Password = "りとらい", "another-pass-for-retry"
			return w.e.svc.UpdateAccount(w.who["new"], tok("account-password"), f)
		}),
		ok("SetCard", func(w *world) (any, error) {
			return w.e.svc.SetCard(w.who["new"], tok("card"), cardForm("4111111111111111"))
		}),
		ok("ApproveCard", func(w *world) (any, error) { return nil, w.e.svc.ApproveCard(w.e.op, w.got["new"]) }),
		ok("SetDebit", func(w *world) (any, error) { return w.e.svc.SetDebit(w.who["holder"], tok("debit"), debitForm()) }),
		ok("SetTransfer", func(w *world) (any, error) { return w.e.svc.SetTransfer(w.who["new"], tok("transfer")) }),
		ok("PurchaseOption", func(w *world) (any, error) {
			return w.e.svc.PurchaseOption(w.who["new"], tok("option"), "remote-support", "")
		}),
		ok("CancelOption", func(w *world) (any, error) {
			return w.e.svc.CancelOption(w.who["new"], tok("option-cancel"), "remote-support", "")
		}),
		ok("BookCallback", func(w *world) (any, error) {
			r, err := w.e.svc.BookCallback(w.who["new"], tok("callback"), callbackRequest(w.who["new"]))
			w.got["callback"] = r.Callback.Number
			return r, err
		}),
		ok("CancelCallback", func(w *world) (any, error) {
			return w.e.svc.CancelCallback(w.who["new"], tok("callback-cancel"), w.got["callback"])
		}),
		ok("SubmitInquiry", func(w *world) (any, error) {
			r, err := w.e.svc.SubmitInquiry(w.who["new"], tok("inquiry"), core.NewInquiry{Service: core.InquiryOther, Content: "請求について", Agreed: true})
			w.got["ticket"] = r.Ticket.Number
			return r, err
		}),
		ok("AnswerTicket", func(w *world) (any, error) {
			return w.e.svc.AnswerTicket(w.e.op, w.got["ticket"], "ご確認ください。")
		}),
		ok("CloseTicket", func(w *world) (any, error) { return w.e.svc.CloseTicket(w.e.op, w.got["ticket"]) }),
		refused("CloseTicket again", func(w *world) (any, error) { return w.e.svc.CloseTicket(w.e.op, w.got["ticket"]) }),
		ok("SetMail", func(w *world) (any, error) {
			return w.e.svc.SetMail(w.who["holder"], tok("mail"), core.MailForm{Account: "arteri-ko-002", Kind: core.MailProvider, Local: "hikaru-retry", Agree: true})
		}),
		ok("SetForward", func(w *world) (any, error) {
			return nil, w.e.svc.SetForward(w.who["holder"], tok("forward"), "arteri-ko-002", core.Forward{To: "fwd@example.com"})
		}),
		ok("SetAutoReply", func(w *world) (any, error) {
			return nil, w.e.svc.SetAutoReply(w.who["holder"], tok("auto-reply"), "arteri-ko-002", core.AutoReply{On: true, Message: "不在です"})
		}),
		ok("RegisterWebSpace", func(w *world) (any, error) {
			return w.e.svc.RegisterWebSpace(w.who["holder"], tok("web-space"), "arteri-ko-002")
		}),
		ok("AddPlan", func(w *world) (any, error) { return w.e.svc.AddPlan(w.e.op, w.got["new"], "rs-1", w.e.svc.Now()) }),
		ok("SetAutoRenew", func(w *world) (any, error) {
			return w.e.svc.SetAutoRenew(w.who["holder"], tok("auto-renew"), core.AutoRenewRequest{Service: "1", On: false})
		}),
		refused("Renew too early", func(w *world) (any, error) {
			return w.e.svc.Renew(w.who["holder"], tok("renew"), core.RenewalRequest{Service: "1", Years: 1, AutoRenew: true})
		}),
		ok("ChangePlan", func(w *world) (any, error) {
			return w.e.svc.ChangePlan(w.who["new"], tok("plan-change"), core.PlanChangeRequest{Service: "1", To: "basic", Start: core.MonthOf(w.e.svc.Now()).Next()})
		}),
		ok("CancelPlan", func(w *world) (any, error) {
			ct, _ := w.e.svc.Catalog().ContractType("spaaqs-lan")
			l := w.login("holder", ct.Name)
			s, err := w.e.svc.Login(core.LoginCustomerNumber, l.Login, l.Password, "test")
			if err != nil {
				return nil, err
			}
			return w.e.svc.CancelPlan(s.Principal, tok("plan-cancel"), core.PlanCancelRequest{Service: "1"})
		}),
		ok("SubmitRequest", func(w *world) (any, error) {
			r, err := w.e.svc.SubmitRequest(w.who["holder"], tok("request"), core.NewRequest{Kind: core.RequestGuide, Documents: []string{"guide"}, Copies: 1, Destination: core.DestinationRegistered})
			w.got["request"] = r.Request.Number
			return r, err
		}),
		ok("CompleteRequest", func(w *world) (any, error) { return w.e.svc.CompleteRequest(w.e.op, w.got["request"], "発送済") }),
		ok("ImportCalls", func(w *world) (any, error) {
			return w.e.svc.ImportCalls(w.e.op, []core.CallRecord{{Contract: w.got["holder"], Service: "phone",
				StartedAt: w.e.svc.Now().Add(-time.Hour), Destination: "0312345678", Seconds: 60, Amount: 8}})
		}),
		ok("ImportCallsFile", func(w *world) (any, error) {
			return w.e.svc.ImportCallsFile(w.e.op, "calls.csv", callFile(w.t, callsFile(w.got["holder"]+",phone,2026-04-01 09:15:00,0312345678,60,8",
				w.got["holder"]+",phone,2026-04-01 09:20:00,0312345678,185,24")))
		}),
		ok("AddBulletin", func(w *world) (any, error) {
			b, err := w.e.svc.AddBulletin(w.e.op, core.NewBulletin{Kind: core.BulletinMaintenance, Title: "メンテナンス", Body: "作業のお知らせです。"})
			w.got["bulletin"] = fmt.Sprint(b.Number)
			return b, err
		}),
		ok("CloseBulletin", func(w *world) (any, error) {
			var n int
			fmt.Sscan(w.got["bulletin"], &n)
			return w.e.svc.CloseBulletin(w.e.op, n)
		}),
		ok("DeleteAccount", func(w *world) (any, error) {
			return w.e.svc.DeleteAccountMailed(w.who["new"], tok("account-delete"), "retry-user-1")
		}),
		ok("Unlock", func(w *world) (any, error) { return w.e.svc.Unlock(w.e.op, w.got["new"]) }),
		ok("ReissuePassword", func(w *world) (any, error) {
			cert, err := w.e.svc.ReissuePassword(w.e.op, w.got["new"])
			w.got["new-password"] = cert.InitialPassword
			return cert, err
		}),
		ok("CancelLine", func(w *world) (any, error) {
			return w.e.svc.CancelLine(w.e.op, w.got["new"], w.e.svc.Now().AddDate(0, 1, 0))
		}),
		ok("CreateContract to withdraw", func(w *world) (any, error) {
			cert, err := w.e.svc.CreateContract(w.e.op, core.NewContract{Type: "spaaqs-lan", Customer: customer()})
			w.got["leaver"], w.got["leaver-password"] = cert.Number, cert.InitialPassword
			w.e.pays(w.t, cert.Number)
			return cert, err
		}),
		ok("CancelLine today", func(w *world) (any, error) { return w.e.svc.CancelLine(w.e.op, w.got["leaver"], w.e.svc.Now()) }),
		ok("SetClock", func(w *world) (any, error) {
			now, n, err := w.e.svc.SetClock(w.e.op, w.e.svc.Now().AddDate(0, 0, 1))
			return []any{now, n}, err
		}),
		ok("Withdraw", func(w *world) (any, error) {
			s, err := w.e.svc.Login(core.LoginCustomerNumber, w.got["leaver"], w.got["leaver-password"], "test")
			if err != nil {
				return nil, err
			}
			return w.e.svc.Withdraw(s.Principal, tok("withdraw"), true)
		}),
		ok("AdvanceClock", func(w *world) (any, error) { // and CloseDueMonths, for the month it passes
			now, n, err := w.e.svc.AdvanceClock(w.e.op, 1, 0)
			return []any{now, n}, err
		}),
		ok("RecordPayment", func(w *world) (any, error) {
			return w.e.svc.RecordPayment(w.e.op, w.got["new"], core.MonthOf(start), 1, w.e.svc.Now())
		}),
		ok("Renew", func(w *world) (any, error) {
			if _, _, err := w.e.svc.SetClock(w.e.op, time.Date(2026, time.November, 10, 10, 0, 0, 0, core.JST)); err != nil {
				return nil, err
			}
			s, err := w.e.svc.Login(core.LoginCustomerNumber, w.got["holder"], w.got["holder-password"], "test")
			if err != nil {
				return nil, err
			}
			return w.e.svc.Renew(s.Principal, tok("renew"), core.RenewalRequest{Service: "1", Years: 1, AutoRenew: true})
		}),
		ok("RecordDebitResult", func(w *world) (any, error) {
			return w.e.svc.RecordDebitResult(w.e.op, w.got["holder"], core.MonthOf(start), false)
		}),
		ok("ResetClock", func(w *world) (any, error) { return nil, w.e.svc.ResetClock(w.e.op) }),

		// The reads that close the months passed since (the clock of the
		// machine moves on, no procedure closes them first).
		ok("StatementMonths", func(w *world) (any, error) {
			w.e.clock.Set(time.Date(2026, time.December, 2, 10, 0, 0, 0, core.JST))
			return w.e.svc.StatementMonths(w.who["holder"])
		}),
		ok("Statement", func(w *world) (any, error) {
			w.e.clock.Set(time.Date(2027, time.January, 2, 10, 0, 0, 0, core.JST))
			return w.e.svc.Statement(w.who["holder"], core.MonthOf(w.e.svc.Now()).Add(-1))
		}),
		ok("StatementOf", func(w *world) (any, error) {
			w.e.clock.Set(time.Date(2027, time.February, 2, 10, 0, 0, 0, core.JST))
			return w.e.svc.StatementOf(w.e.op, w.got["holder"], core.MonthOf(w.e.svc.Now()).Add(-1))
		}),
		ok("WithdrawalCheck", func(w *world) (any, error) {
			w.e.clock.Set(time.Date(2027, time.March, 2, 10, 0, 0, 0, core.JST))
			return w.e.svc.WithdrawalCheck(w.who["holder"])
		}),
		ok("CheckOption", func(w *world) (any, error) {
			w.e.clock.Set(time.Date(2027, time.April, 2, 10, 0, 0, 0, core.JST))
			return w.e.svc.CheckOption(w.who["holder"], "remote-support", "", core.ActionCancel, true)
		}),
		refused("QuotePlanChange while suspended", func(w *world) (any, error) {
			w.e.clock.Set(time.Date(2027, time.May, 2, 10, 0, 0, 0, core.JST))
			return w.e.svc.QuotePlanChange(w.who["holder"], core.PlanChangeRequest{Service: "1", To: "basic", Start: core.MonthOf(w.e.svc.Now()).Next()})
		}),
	}
}

// Every procedure happens once when its transaction is rolled back and run
// again: the database (audit records, mails, numbers issued and confirm tokens
// included) and what the procedure returns are those of a database that ran
// it once.
func TestProceduresHappenOnceWhenRetried(t *testing.T) {
	once := &world{t: t, e: newSeededEnv(t, 13), who: map[string]core.Principal{}, got: map[string]string{}}
	re, r := newRetriedEnv(t, 13)
	twice := &world{t: t, e: re, who: map[string]core.Principal{}, got: map[string]string{}}
	for _, s := range retryScenario() {
		want, werr := s.run(once)
		before := r.rolledBack.Load()
		got, gerr := s.run(twice)
		if s.mustWork && werr != nil {
			t.Fatalf("%s: %v", s.name, werr)
		}
		if r.rolledBack.Load() == before {
			t.Fatalf("%s: no transaction was run again", s.name)
		}
		if a, b := undrawn(mustJSON(t, want))+" "+fmt.Sprint(werr), undrawn(mustJSON(t, got))+" "+fmt.Sprint(gerr); a != b {
			t.Errorf("%s returned, run once:\n%s\nrun again:\n%s", s.name, a, b)
		}
		a, b := contents(t, once.e.db), contents(t, twice.e.db)
		if extra, lost := missing(b, a), missing(a, b); len(extra)+len(lost) > 0 {
			t.Errorf("%s: the database differs from one that ran it once:\nonly when run again: %s\nonly when run once: %s",
				s.name, cut(extra), cut(lost))
		}
		if t.Failed() {
			return
		}
	}
}

// cut shows the first few lines of a difference, each shortened.
func cut(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i == 5 {
			fmt.Fprintf(&b, "\n\t… and %d more", len(lines)-i)
			break
		}
		if len(l) > 400 {
			l = l[:400] + "…"
		}
		b.WriteString("\n\t" + l)
	}
	return b.String()
}

// frontEnd is another front-end's service on the same database, whose
// procedures commit between the attempts of one retried on the first.
func (e *env) frontEnd() *core.Service {
	return core.NewService(e.db, core.Config{Hash: cheap, Clock: e.clock})
}

// A login whose account ID is deleted meanwhile fails: the attempt run again
// finds no account ID, and the hash the rolled-back one found is not checked.
func TestLoginRetriedAfterItsIDWasDeleted(t *testing.T) {
	e, r := newRetriedEnv(t, 1)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-multi"])
	user := d.account["spaaqs-multi"]["user"]
	r.between = func() {
		if err := e.frontEnd().DeleteAccount(holder, "", user.Login); err != nil {
			t.Errorf("DeleteAccount on the other front-end: %v", err)
		}
	}
	s, err := e.svc.Login(core.LoginAccountID, user.Login, user.Password, "test")
	if !errors.Is(err, core.ErrLoginFailed) {
		t.Fatalf("login of the deleted account ID: %+v, %v; want ErrLoginFailed", s, err)
	}
	if r.between != nil {
		t.Fatal("the login was not retried")
	}
}

// A procedure whose attempt run again is refused, because another front-end
// did the same meanwhile, returns nothing but the refusal: not what the
// attempt rolled back had made.
func TestRefusedRetryReturnsNothing(t *testing.T) {
	type run func() (any, error)
	tests := []struct {
		name string
		// prepare returns what the other front-end does meanwhile and the procedure.
		prepare func(t *testing.T, e *env, holder core.Principal) (meanwhile func(*core.Service) error, procedure run)
	}{
		{"the same confirm submitted through the other", func(t *testing.T, e *env, holder core.Principal) (func(*core.Service) error, run) {
			return func(o *core.Service) error {
					_, err := o.SetTransfer(holder, "confirm-1")
					return err
				}, func() (any, error) {
					return e.svc.SetTransfer(holder, "confirm-1")
				}
		}},
		{"the account ID registered through the other", func(t *testing.T, e *env, holder core.Principal) (func(*core.Service) error, run) {
			f := accountForm("both-ends-1", core.PermUser)
			return func(o *core.Service) error {
					_, err := o.RegisterAccount(holder, "", f)
					return err
				}, func() (any, error) {
					return e.svc.RegisterAccount(holder, "confirm-2", f)
				}
		}},
		{"the ticket closed through the other", func(t *testing.T, e *env, holder core.Principal) (func(*core.Service) error, run) {
			r, err := e.svc.SubmitInquiry(holder, "", core.NewInquiry{Service: core.InquiryOther, Content: "請求について", Agreed: true})
			if err != nil {
				t.Fatal(err)
			}
			return func(o *core.Service) error {
					_, err := o.CloseTicket(e.op, r.Ticket.Number)
					return err
				}, func() (any, error) {
					return e.svc.CloseTicket(e.op, r.Ticket.Number)
				}
		}},
		{"the ticket closed before its answer", func(t *testing.T, e *env, holder core.Principal) (func(*core.Service) error, run) {
			r, err := e.svc.SubmitInquiry(holder, "", core.NewInquiry{Service: core.InquiryOther, Content: "請求について", Agreed: true})
			if err != nil {
				t.Fatal(err)
			}
			return func(o *core.Service) error {
					_, err := o.CloseTicket(e.op, r.Ticket.Number)
					return err
				}, func() (any, error) {
					return e.svc.AnswerTicket(e.op, r.Ticket.Number, "ご確認ください。")
				}
		}},
		{"the callback cancelled through the other", func(t *testing.T, e *env, holder core.Principal) (func(*core.Service) error, run) {
			b, err := e.svc.BookCallback(holder, "", callbackRequest(holder))
			if err != nil {
				t.Fatal(err)
			}
			return func(o *core.Service) error {
					_, err := o.CancelCallback(holder, "", b.Callback.Number)
					return err
				}, func() (any, error) {
					return e.svc.CancelCallback(holder, "", b.Callback.Number)
				}
		}},
		{"the line cancel recorded through the other", func(t *testing.T, e *env, holder core.Principal) (func(*core.Service) error, run) {
			return func(o *core.Service) error {
					_, err := o.CancelLine(e.op, holder.Contract, start)
					return err
				}, func() (any, error) {
					return e.svc.CancelLine(e.op, holder.Contract, start)
				}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, r := newRetriedEnv(t, 1)
			d := e.seedDemo(t)
			holder := e.holderOf(t, d.holder["spaaqs-multi"])
			meanwhile, procedure := tt.prepare(t, e, holder)
			r.between = func() {
				if err := meanwhile(e.frontEnd()); err != nil {
					t.Errorf("on the other front-end: %v", err)
				}
			}
			v, err := procedure()
			if r.between != nil {
				t.Fatal("the procedure was not retried")
			}
			if err == nil {
				t.Fatalf("run again after the other front-end did the same: no error, %+v", v)
			}
			if rv := reflect.ValueOf(v); !rv.IsZero() {
				t.Errorf("refused with %v, yet returned what the rolled-back attempt made: %+v", err, v)
			}
		})
	}
}

// The throttle bucket is pruned by every 64th reservation of a password check
// (throttlePruneEvery), however often their transactions are run again.
func TestThrottlePrunedByReservationsNotAttempts(t *testing.T) {
	e, _ := newRetriedEnv(t, 1)
	err := e.db.Update(func(tx core.Tx) error {
		return tx.Put("throttle", "forgotten", core.Throttle{Failures: 1, Seq: 1, At: start.AddDate(0, 0, -2)})
	})
	if err != nil {
		t.Fatal(err)
	}
	kept := func() bool {
		var th core.Throttle
		err := e.db.View(func(tx core.Tx) error { return tx.Get("throttle", "forgotten", &th) })
		if err != nil && !errors.Is(err, core.ErrNoValue) {
			t.Fatal(err)
		}
		return err == nil
	}
	for i := 1; i <= 64; i++ {
		if i == 64 && !kept() {
			t.Fatal("the forgotten counter was pruned before the 64th reservation")
		}
		_, err := e.svc.Login(core.LoginAccountID, fmt.Sprintf("nobody-%02d", i), "Not-the-password-1", "test")
		wantErr(t, err, core.ErrLoginFailed)
	}
	if kept() {
		t.Fatal("the 64th reservation did not prune the forgotten counter")
	}
}
