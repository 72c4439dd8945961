package core_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"testing"
	"time"

	"mypage/core"
	"mypage/store"
	"mypage/store/pgtest"
	"mypage/store/storetest"
)

// TestMain stops the PostgreSQL server the tests started, if any.
func TestMain(m *testing.M) { pgtest.Main(m) }

// start is the fixed "now" of every test: a weekday morning in Japan.
var start = time.Date(2026, time.April, 1, 10, 0, 0, 0, core.JST)

// cheap hash parameters keep the suite fast; one test checks the production figures.
var cheap = core.HashParams{MemoryKiB: 64, Time: 1, Threads: 1}

// env is a service over a real database: a bbolt file in the test's temporary
// directory, or a PostgreSQL database of its own when MYPAGE_TEST_STORE=postgres.
type env struct {
	db    core.Storage
	svc   *core.Service
	clock *core.ManualClock
	op    core.Principal
}

func newEnv(t testing.TB) *env {
	t.Helper()
	return newEnvWith(t, core.Config{Hash: cheap})
}

func newEnvWith(t testing.TB, cfg core.Config) *env {
	t.Helper()
	db := storetest.Open(t)
	clock := core.NewManualClock(start)
	cfg.Clock = clock
	return &env{db: db, svc: core.NewService(db, cfg), clock: clock, op: core.Operator("test")}
}

// demo holds the logins SeedDemo printed, by contract type code.
type demo struct {
	logins []core.DemoLogin
	// holder number and password per contract type code
	holder map[string]core.DemoLogin
	// account ID logins per contract type code and permission ("admin" / "user")
	account map[string]map[string]core.DemoLogin
}

// seedDemo fills the database with the demo contracts (SPEC §3.1 types, seed 003
// names). Each pays by bank transfer, so that paid options can be bought (SPEC §8).
func (e *env) seedDemo(t testing.TB) demo {
	t.Helper()
	d := e.seedDemoUnpaid(t)
	e.pays(t, d.numbers()...)
	return d
}

// seedDemoUnpaid is seedDemo with no payment method on any contract, as SeedDemo leaves them.
func (e *env) seedDemoUnpaid(t testing.TB) demo {
	t.Helper()
	logins, err := e.svc.SeedDemo(e.op)
	if err != nil {
		t.Fatalf("SeedDemo: %v", err)
	}
	byName := map[string]string{}
	for _, ct := range e.svc.Catalog().ContractTypes {
		byName[ct.Name] = ct.Code
	}
	d := demo{logins: logins, holder: map[string]core.DemoLogin{}, account: map[string]map[string]core.DemoLogin{}}
	for _, l := range logins {
		code := byName[l.ContractType]
		if code == "" {
			t.Fatalf("demo login %+v has a contract type not in the catalog", l)
		}
		if l.Kind == "holder" {
			d.holder[code] = l
			continue
		}
		if d.account[code] == nil {
			d.account[code] = map[string]core.DemoLogin{}
		}
		d.account[code][l.Kind] = l
	}
	return d
}

// login logs in and fails the test when it does not succeed.
func (e *env) login(t testing.TB, method core.LoginMethod, id, pw string) core.Session {
	t.Helper()
	s, err := e.svc.Login(method, id, pw, "test")
	if err != nil {
		t.Fatalf("login %s %q: %v", method, id, err)
	}
	return s
}

func (e *env) holderOf(t testing.TB, l core.DemoLogin) core.Principal {
	t.Helper()
	return e.login(t, core.LoginCustomerNumber, l.Login, l.Password).Principal
}

func (e *env) accountOf(t testing.TB, l core.DemoLogin) core.Principal {
	t.Helper()
	return e.login(t, core.LoginAccountID, l.Login, l.Password).Principal
}

// customer returns a valid customer record for CreateContract.
func customer() core.Customer {
	return core.Customer{LastName: "鈴木", FirstName: "一郎", LastKana: "スズキ", FirstKana: "イチロウ",
		RomajiLast: "SUZUKI", RomajiFirst: "ICHIRO", BirthDate: "1980-01-15", Gender: "male",
		Address: "東京都港区芝公園4-2-8", Occupation: "employee", Household: 2,
		Phone: "03-1234-5678", ContactMail: "ichiro.suzuki@example.jp"}
}

// newContract opens a contract of the type paying by bank transfer and logs its holder in.
func (e *env) newContract(t testing.TB, typ string) (core.Certificate, core.Principal) {
	t.Helper()
	cert, p := e.newContractUnpaid(t, typ)
	e.pays(t, cert.Number)
	return cert, p
}

// newContractUnpaid is newContract with no payment method, as CreateContract leaves it.
func (e *env) newContractUnpaid(t testing.TB, typ string) (core.Certificate, core.Principal) {
	t.Helper()
	cert, err := e.svc.CreateContract(e.op, core.NewContract{Type: typ, Customer: customer()})
	if err != nil {
		t.Fatalf("CreateContract %s: %v", typ, err)
	}
	return cert, e.login(t, core.LoginCustomerNumber, cert.Number, cert.InitialPassword).Principal
}

// accountForm is a valid registration form for id.
func accountForm(id string, perm core.Permission) core.AccountForm {
	return core.AccountForm{ID: id, LastName: "有光", FirstName: "杏", LastKana: "アルテリ", FirstKana: "アン",
		UserName: "あん", Password: "pw-for-" + id + "-x", Permission: perm}
}

// register registers an account ID and fails the test when it is refused.
func (e *env) register(t testing.TB, p core.Principal, f core.AccountForm) core.AccountView {
	t.Helper()
	v, err := e.svc.RegisterAccount(p, e.svc.NewToken(), f)
	if err != nil {
		t.Fatalf("RegisterAccount %q: %v", f.ID, err)
	}
	return v
}

// formOf turns an account view back into a change form (password left empty: keep it).
func formOf(v core.AccountView) core.AccountForm {
	return core.AccountForm{ID: v.ID, LastName: v.LastName, FirstName: v.FirstName, LastKana: v.LastKana,
		FirstKana: v.FirstKana, UserName: v.UserName, Permission: v.Permission}
}

// stored returns every byte the database keeps that a reader of it could see:
// the bbolt file, or every document of every bucket on PostgreSQL.
func (e *env) stored() ([]byte, error) {
	if db, ok := e.db.(*store.DB); ok {
		return os.ReadFile(db.Path())
	}
	var all bytes.Buffer
	err := e.db.View(func(tx core.Tx) error {
		for _, b := range core.Buckets {
			var bad error
			err := tx.Scan(b, "", func(k string, decode func(any) error) bool {
				var raw json.RawMessage
				if bad = decode(&raw); bad != nil {
					return false
				}
				all.WriteString(k)
				all.Write(raw)
				return true
			})
			if err = errors.Join(err, bad); err != nil {
				return err
			}
		}
		return nil
	})
	return all.Bytes(), err
}

// rawGet reads a stored document as generic JSON, as an operator inspecting the file would.
func (e *env) rawGet(t testing.TB, bucket, key string) map[string]any {
	t.Helper()
	var v map[string]any
	err := e.db.View(func(tx core.Tx) error { return tx.Get(bucket, key, &v) })
	if err != nil {
		t.Fatalf("read %s/%s: %v", bucket, key, err)
	}
	return v
}

func (e *env) outbox(t testing.TB) []core.Mail {
	t.Helper()
	m, err := e.svc.Outbox(e.op, 0)
	if err != nil {
		t.Fatalf("Outbox: %v", err)
	}
	return m
}

func (e *env) audit(t testing.TB) []core.AuditRecord {
	t.Helper()
	r, err := e.svc.Audit(e.op, core.AuditFilter{})
	if err != nil {
		t.Fatalf("Audit: %v", err)
	}
	return r
}

// wantProblem checks that err is a ValidationError marking field with code.
func wantProblem(t testing.TB, err error, field, code string) {
	t.Helper()
	pr := core.FieldProblems(err)
	if pr == nil {
		t.Fatalf("err = %v, want a validation error with %s: %s", err, field, code)
	}
	if got := pr[field]; got != code {
		t.Fatalf("field %s: problem %q, want %q (all: %v)", field, got, code, pr)
	}
}

func wantErr(t testing.TB, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("err = %v, want %v", err, want)
	}
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// pays gives contracts a bank-transfer payment method behind the service's back,
// so that paid options can be bought (SPEC §8) without a completion mail.
func (e *env) pays(t testing.TB, numbers ...string) {
	t.Helper()
	for _, n := range numbers {
		err := e.db.Update(func(tx core.Tx) error {
			var c core.Contract
			if err := tx.Get("contracts", n, &c); err != nil {
				return err
			}
			c.Payment = &core.PaymentMethod{Kind: core.PaymentTransfer, SetAt: start}
			return tx.Put("contracts", n, &c)
		})
		if err != nil {
			t.Fatalf("payment method of %s: %v", n, err)
		}
	}
}

// numbers are the customer numbers of the demo contracts.
func (d demo) numbers() []string {
	var out []string
	for _, l := range d.holder {
		out = append(out, l.Login)
	}
	return out
}
