package main

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"mypage/core"
	"mypage/store"
)

// planDB is a demo database whose clock is set to now, with a new contract of
// its own (the demo contracts are left alone).
func planDB(t *testing.T, now string) (string, core.Certificate) {
	t.Helper()
	db, _ := newDemo(t)
	mustRun(t, "--db", db, "admin", "clock", "set", now)
	return db, createOne(t, db)
}

// wantRefused checks that a command ended with exit status 2 and said why on stderr.
func wantRefused(t *testing.T, args []string, want ...string) {
	t.Helper()
	_, errOut, err := run(t, args...)
	var ex exitError
	if !errors.As(err, &ex) || ex.code != 2 {
		t.Fatalf("mypage %s: err = %v, want exit status 2\nstderr: %s", strings.Join(args, " "), err, errOut)
	}
	for _, s := range want {
		if !strings.Contains(errOut, s) {
			t.Errorf("mypage %s: stderr lacks %q:\n%s", strings.Join(args, " "), s, errOut)
		}
	}
}

// wantError checks that a command failed with an error naming each of want.
func wantError(t *testing.T, args []string, want ...string) {
	t.Helper()
	_, _, err := run(t, args...)
	if err == nil {
		t.Fatalf("mypage %s was accepted", strings.Join(args, " "))
	}
	for _, s := range want {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("mypage %s: %q lacks %q", strings.Join(args, " "), err, s)
		}
	}
}

func TestPlanAdd(t *testing.T) {
	db, cert := planDB(t, "2030-01-15")
	add := func(args ...string) []string {
		return append([]string{"--db", db, "admin", "plan", "add"}, args...)
	}
	out := mustRun(t, add(cert.Number, "--plan", "basic", "--start", "2030-01-20")...)
	for _, s := range []string{"Opened plan service 1 on contract " + cert.Number, "Basic (basic)", "monthly, ¥1,700 a month",
		"2030-01-20 – 2031-01-19", "¥3,000 (tax-excluded), with 2030-01"} {
		if !strings.Contains(out, s) {
			t.Errorf("plan add lacks %q:\n%s", s, out)
		}
	}
	out = mustRun(t, add(cert.Number, "--plan", "vps-2-plesk", "--start", "2030-04-01", "--json")...)
	var ps core.PlanService
	if err := json.Unmarshal([]byte(out), &ps); err != nil {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	if ps.ID != "2" || ps.Plan != "vps-2-plesk" || ps.InitialFee != 0 || ps.WaivedFee != 0 || ps.Change != nil ||
		core.DayOf(ps.TermStart).String() != "2030-04-01" || core.DayOf(ps.FirstTermEnd).String() != "2031-03-31" {
		t.Errorf("plan service %+v", ps)
	}
	mustRun(t, add(cert.Number, "--plan", "annual-connect", "--start", "2030-01-15")...)

	wantRefused(t, add(cert.Number, "--plan", "vps-9", "--start", "2030-01-20"), `no plan "vps-9" in the catalog`, "rs-1, lite, basic")
	wantRefused(t, add(cert.Number, "--plan", "lite", "--start", "2029-12-31"), "--start: the month has passed", "current month is 2030-01")
	wantRefused(t, add(cert.Number, "--plan", "lite", "--start", "2030-05-01"), "more than 3 months ahead", "2030-04")
	wantRefused(t, add(cert.Number, "--plan", "annual-connect", "--start", "2030-02-01"), "holds a 年会費制")
	wantError(t, add(cert.Number, "--plan", "lite", "--start", "2030-1-20"), "--start", "YYYY-MM-DD")
	wantError(t, add(cert.Number, "--start", "2030-01-20"), "--plan: required", "rs-1")
	wantError(t, add(cert.Number, "--plan", "lite"), "--start: required", "YYYY-MM-DD")
	wantError(t, add("99999999999999", "--plan", "lite", "--start", "2030-01-20"), "no contract with customer number 99999999999999")

	out = mustRun(t, "--db", db, "admin", "contract", "show", cert.Number)
	if !strings.Contains(out, "Plan services (3)") || strings.Contains(out, "vps-9") {
		t.Errorf("contract show after the refusals:\n%s", out)
	}
}

func TestQuotePlanChangeCommand(t *testing.T) {
	db, cert := planDB(t, "2030-01-15")
	mustRun(t, "--db", db, "admin", "plan", "add", cert.Number, "--plan", "vps-2-plesk", "--start", "2030-02-01")
	// Example B: the term ends 2031-01-31; from July the old plan ends on 2030-08-31, R = 5.
	mustRun(t, "--db", db, "admin", "clock", "set", "2030-07-10")
	quote := func(args ...string) []string {
		return append([]string{"--db", db, "admin", "quote", "plan-change", cert.Number}, args...)
	}
	out := mustRun(t, quote("--to", "basic", "--start", "2030-07", "--json")...)
	var js map[string]any
	if err := json.Unmarshal([]byte(out), &js); err != nil {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	for k, v := range map[string]any{"remaining_months": 5.0, "credit": 6875.0, "charge": 0.0, "extend_months": 4.0,
		"waived_initial_fee": 3000.0, "old_end": "2030-08-31", "new_start": "2030-07-10", "new_end": "2031-11-30",
		"credit_formula": "ceil(16,500 ÷ 12) × 5 = 6,875", "plan_service": "1"} {
		if js[k] != v {
			t.Errorf("%s = %v, want %v", k, js[k], v)
		}
	}
	out = mustRun(t, quote("--to", "basic", "--start", "2030-07")...)
	for _, re := range []string{`VPS-2\(Plesk\) \(vps-2-plesk; annual, ¥16,500 a year\)`, `Basic \(basic; monthly, ¥1,700 a month\)`,
		`New plan starts\s+2030-07-10`, `Old plan ends\s+2030-08-31 \(parallel month 2030-08\)`, `Initial fee waived\s+¥3,000`,
		`Free first month\s+2030-07`, `Old term ends\s+2031-01-31`, `Remaining months R\s+5\n`,
		`Credit\s+¥6,875 = ceil\(16,500 ÷ 12\) × 5 = 6,875`, `Charge in 2030-08\s+¥0 = 1,700 − 6,875 = −5,175 → 0`,
		`Term extended\s+4 month\(s\) = ceil\(5,175 ÷ 1,700\) = 4; not charged from 2031-08`,
		`New plan's term\s+2030-08-01 – 2031-11-30`, `IP address changes`} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("quote lacks /%s/:\n%s", re, out)
		}
	}

	wantRefused(t, quote("--to", "lite", "--start", "2030-07"), `VPS-2(Plesk) may not change to "lite"`, "basic, pro")
	wantRefused(t, quote("--to", "basic", "--start", "2030-06"), "the month has passed", "2030-07")
	wantRefused(t, quote("--to", "basic", "--start", "2030-11"), "more than 3 months ahead", "2030-10")
	wantError(t, quote("--to", "basic", "--start", "2030-7"), "--start", "YYYY-MM")
	wantError(t, quote("--start", "2030-07"), "--to: required")
	wantError(t, quote("--to", "basic"), "--start: required", "YYYY-MM")
	wantError(t, append([]string{"--db", db, "admin", "quote", "plan-change", "99999999999999"}, "--to", "basic", "--start", "2030-07"),
		"no contract with customer number 99999999999999")

	// Two plan services in use: the quote needs --service, and names them.
	mustRun(t, "--db", db, "admin", "plan", "add", cert.Number, "--plan", "rs-1", "--start", "2030-07-10")
	wantRefused(t, quote("--to", "lite", "--start", "2030-08"), "several plan services in use", "--service ID", "1: VPS-2(Plesk)", "2: RS-1")
	out = mustRun(t, quote("--to", "lite", "--start", "2030-08", "--service", "2", "--json")...)
	if err := json.Unmarshal([]byte(out), &js); err != nil || js["from"] != "rs-1" || js["old_parallel_free"] != true || js["charge"] != 975.0 {
		t.Errorf("--service 2: %v %v", err, js)
	}
	wantRefused(t, quote("--to", "lite", "--start", "2030-08", "--service", "9"), "--service: contract "+cert.Number+" has no plan service 9", "1: VPS-2(Plesk)")
	// --plan is a plan code in "admin plan add"; the quote does not take it for a plan service ID.
	wantError(t, quote("--to", "lite", "--start", "2030-08", "--plan", "2"), "unknown flag: --plan")

	// A contract without a plan, and the 年会費制 plan that changes to nothing.
	other := createOne(t, db)
	wantRefused(t, []string{"--db", db, "admin", "quote", "plan-change", other.Number, "--to", "lite", "--start", "2030-08"}, "holds no plan service in use")
	mustRun(t, "--db", db, "admin", "plan", "add", other.Number, "--plan", "annual-connect", "--start", "2030-07-10")
	wantRefused(t, []string{"--db", db, "admin", "quote", "plan-change", other.Number, "--to", "lite", "--start", "2030-08"}, "changes to no other plan")
}

func TestQuoteOptionAddCommand(t *testing.T) {
	db, cert := planDB(t, "2030-01-15")
	mustRun(t, "--db", db, "admin", "plan", "add", cert.Number, "--plan", "annual-connect", "--start", "2030-01-15")
	// The term ends 2031-01-14: 100 days after 2030-10-06.
	mustRun(t, "--db", db, "admin", "clock", "set", "2030-10-06")
	quote := func(number string, args ...string) []string {
		return append([]string{"--db", db, "admin", "quote", "option-add", number}, args...)
	}
	out := mustRun(t, quote(cert.Number, "--option", "annual-mailbox", "--json")...)
	var js map[string]any
	if err := json.Unmarshal([]byte(out), &js); err != nil {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	for k, v := range map[string]any{"remaining_days_before": 100.0, "remaining_days_after": 92.0, "old_annual_fee": 24000.0,
		"new_annual_fee": 26000.0, "new_term_end": "2031-01-06", "old_term_end": "2031-01-14", "next_renewal": "2031-01-07"} {
		if js[k] != v {
			t.Errorf("%s = %v, want %v", k, js[k], v)
		}
	}
	out = mustRun(t, quote(cert.Number, "--option", "annual-mailbox")...)
	for _, re := range []string{`追加メールボックス \(年会費制\) \(annual-mailbox\)`, `Annual fee\s+¥24,000 → ¥26,000`,
		`Remaining days before\s+100 \(through 2031-01-14\)`, `Remaining days after\s+92 = 100 × 24,000 ÷ 26,000 = 92.3 → 92`,
		`New term end\s+2031-01-06`, `Next renewal\s+2031-01-07, billed ¥26,000`, `nothing is refunded`} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("quote lacks /%s/:\n%s", re, out)
		}
	}
	wantError(t, quote(cert.Number, "--option", "mailpack"), `"mailpack" is not an annual option`, "annual-mailbox, annual-static-ip")
	wantError(t, quote(cert.Number), "--option: required", "annual-mailbox, annual-static-ip")
	wantError(t, quote("99999999999999", "--option", "annual-mailbox"), "no contract with customer number 99999999999999")
	other := createOne(t, db)
	wantRefused(t, quote(other.Number, "--option", "annual-mailbox"), "no 年会費制", "plan in use")
}

// contract show lists the plan services with their state, term, end and the
// request number of a plan change.
func TestContractShowPlans(t *testing.T) {
	db, cert := planDB(t, "2030-01-15")
	out := mustRun(t, "--db", db, "admin", "contract", "show", cert.Number)
	if !strings.Contains(out, "Plan services (0)") {
		t.Errorf("no plans:\n%s", out)
	}
	mustRun(t, "--db", db, "admin", "plan", "add", cert.Number, "--plan", "rs-1", "--start", "2030-01-15")
	mustRun(t, "--db", db, "admin", "plan", "add", cert.Number, "--plan", "vps-2-plesk", "--start", "2030-03-01")

	// The holder changes RS-1 to Lite from February, through core as the portal does.
	number := changePlan(t, db, cert, core.PlanChangeRequest{Service: "1", To: "lite", Start: core.Month{Year: 2030, Month: 2}})

	out = mustRun(t, "--db", db, "admin", "contract", "show", cert.Number)
	for _, re := range []string{`Plan services \(3\)`, `ID\s+PLAN\s+CYCLE\s+FEE\s+STATE\s+START\s+TERM\s+AUTO-RENEW\s+END\s+REQUEST`,
		`1\s+RS-1 \(rs-1\)\s+monthly\s+¥975\s+cancelling\s+2030-01-15\s+2030-01-15 – 2031-01-14\s+off\s+2030-03-31\s+` + number,
		`2\s+VPS-2\(Plesk\) \(vps-2-plesk\)\s+annual\s+¥16,500\s+applying\s+2030-03-01\s+2030-03-01 – 2031-02-28\s+on\s+-\s+-`,
		`3\s+Lite \(lite\)\s+monthly\s+¥975\s+applying\s+2030-02-01\s+2030-03-01 – 2031-02-28\s+on\s+-\s+` + number,
		`Standing: in good standing`} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("contract show lacks /%s/:\n%s", re, out)
		}
	}
	// The request as it was confirmed, by its number.
	out = mustRun(t, "--db", db, "admin", "plan", "request", number)
	for _, re := range []string{`Plan change request ` + number + ` of contract ` + cert.Number + `, confirmed 2030-01-15 \d\d:\d\d:\d\d by holder:` + cert.Number + `; new plan service 3`,
		`From\s+RS-1 \(rs-1; monthly, ¥975 a month\)`, `Old plan not charged\s+¥975 in 2030-03`, `Charge in 2030-03\s+¥975 = 975 − 0 = 975`} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("plan request lacks /%s/:\n%s", re, out)
		}
	}
	var pc core.PlanChange
	if err := json.Unmarshal([]byte(mustRun(t, "--db", db, "admin", "plan", "request", number, "--json")), &pc); err != nil ||
		pc.Number != number || pc.Quote.WaivedInitialFee != 3_000 || pc.Quote.NewStart.String() != "2030-02-01" {
		t.Errorf("plan request --json: %+v, %v", pc, err)
	}
	wantError(t, []string{"--db", db, "admin", "plan", "request", "PC20300115-999999"}, "no plan change request PC20300115-999999")

	// The replaced plan and the new one waiting for its start are not quoted.
	quote := []string{"--db", db, "admin", "quote", "plan-change", cert.Number, "--to", "basic", "--start", "2030-02"}
	wantRefused(t, append(quote, "--service", "1"), "being cancelled or replaced")
	wantRefused(t, append(quote, "--service", "3"), "has not started yet")
	wantRefused(t, append(quote, "--service", "2"), "not in use")

	out = mustRun(t, "--db", db, "admin", "contract", "show", cert.Number, "--json")
	var rec struct {
		Number string     `json:"customer_number"`
		Plans  []planJSON `json:"plans"`
	}
	if err := json.Unmarshal([]byte(out), &rec); err != nil {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	if rec.Number != cert.Number || len(rec.Plans) != 3 {
		t.Fatalf("contract %+v", rec)
	}
	p := rec.Plans[0]
	if p.ID != "1" || p.Plan != "rs-1" || p.State != core.PlanCancelling || p.End.String() != "2030-03-31" || p.Request != number ||
		p.TermStart.String() != "2030-01-15" || p.TermEnd.String() != "2031-01-14" || p.Cycle != "monthly" || p.Service.ReplacedBy != "3" {
		t.Errorf("plan 1 %+v", p)
	}
	if p := rec.Plans[2]; p.Service.WaivedFee != 3_000 || p.Service.Change == nil || p.End.String() != "" || !strings.Contains(out, `"end": null`) {
		t.Errorf("plan 3 %+v", p)
	}
}

// changePlan confirms a plan change as the contract holder, through core on the
// database file, and returns its request number.
func changePlan(t *testing.T, path string, cert core.Certificate, req core.PlanChangeRequest) string {
	t.Helper()
	number := ""
	asHolder(t, path, cert, func(svc *core.Service, p core.Principal) error {
		res, err := svc.ChangePlan(p, svc.NewToken(), req)
		number = res.Change.Number
		return err
	})
	return number
}

// asHolder runs f as the contract holder, through core on the database file,
// as the portal would.
func asHolder(t *testing.T, path string, cert core.Certificate, f func(*core.Service, core.Principal) error) {
	t.Helper()
	db, err := store.Open(path, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := core.NewService(db, baseConfig())
	s, err := svc.Login(core.LoginCustomerNumber, cert.Number, cert.InitialPassword, "test")
	if err != nil {
		t.Fatal(err)
	}
	if err := f(svc, s.Principal); err != nil {
		t.Fatal(err)
	}
}

// An annual old plan whose term ends before the old plan does is renewed
// first: the quote and the request name the renewal and its fee.
func TestQuotePlanChangeRenewal(t *testing.T) {
	db, cert := planDB(t, "2030-01-15")
	mustRun(t, "--db", db, "admin", "plan", "add", cert.Number, "--plan", "vps-2-plesk", "--start", "2030-02-01")
	// The term ends 2031-01-31; from January 2031 the old plan ends on
	// 2031-02-28, so it is renewed on 2031-02-01: R = 2031-03 … 2032-01 = 11.
	mustRun(t, "--db", db, "admin", "clock", "set", "2030-10-10")
	quote := []string{"--db", db, "admin", "quote", "plan-change", cert.Number, "--to", "basic", "--start", "2031-01"}
	var js map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, append(quote, "--json")...)), &js); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]any{"old_renewal": "2031-02-01", "old_renewal_fee": 16500.0, "old_term_end": "2032-01-31",
		"remaining_months": 11.0, "credit": 15125.0} {
		if js[k] != v {
			t.Errorf("%s = %v, want %v", k, js[k], v)
		}
	}
	want := []string{`Old plan ends\s+2031-02-28 \(parallel month 2031-02\)`,
		`Old plan renewed\s+2031-02-01, billed ¥16,500 as usual in 2031-02 \(its term ends before the old plan does; the credit is of the renewed term\)`,
		`Old term ends\s+2032-01-31`, `Remaining months R\s+11\n`, `Credit\s+¥15,125 = ceil\(16,500 ÷ 12\) × 11 = 15,125`}
	out := mustRun(t, quote...)
	for _, re := range want {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("quote lacks /%s/:\n%s", re, out)
		}
	}
	// No renewal before the old plan ends: no such row.
	out = mustRun(t, "--db", db, "admin", "quote", "plan-change", cert.Number, "--to", "basic", "--start", "2030-11")
	if strings.Contains(out, "renewed") || !strings.Contains(out, "Remaining months R") {
		t.Errorf("a quote without a renewal:\n%s", out)
	}
	settleDB(t, db, cert.Number)
	number := changePlan(t, db, cert, core.PlanChangeRequest{Service: "1", To: "basic", Start: core.Month{Year: 2031, Month: 1}})
	out = mustRun(t, "--db", db, "admin", "plan", "request", number)
	for _, re := range want {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("plan request lacks /%s/:\n%s", re, out)
		}
	}
}

// contract show gives the fee a plan's term runs at, and the next renewal's
// where it differs: an annual option cancelled this term stays in the fee to
// the term's end and leaves the next one (SPEC §11.2).
func TestContractShowNextFee(t *testing.T) {
	db, cert := planDB(t, "2030-01-15")
	mustRun(t, "--db", db, "admin", "plan", "add", cert.Number, "--plan", "annual-connect", "--start", "2030-01-15")
	row := regexp.MustCompile(`1\s+年会費制 接続サービス \(annual-connect\)\s+annual\s+¥24,000\s+in-use`)
	if out := mustRun(t, "--db", db, "admin", "contract", "show", cert.Number); !row.MatchString(out) || strings.Contains(out, "next renewal") {
		t.Errorf("contract show, one fee:\n%s", out)
	}
	mustRun(t, "--db", db, "admin", "clock", "set", "2030-10-06")
	settleDB(t, db, cert.Number)
	asHolder(t, db, cert, func(svc *core.Service, p core.Principal) error {
		if _, err := svc.SetTransfer(p, svc.NewToken()); err != nil {
			return err
		}
		if _, err := svc.PurchaseOption(p, svc.NewToken(), "annual-mailbox", ""); err != nil {
			return err
		}
		_, err := svc.CancelOption(p, svc.NewToken(), "annual-mailbox", "")
		return err
	})
	out := mustRun(t, "--db", db, "admin", "contract", "show", cert.Number)
	if re := `1\s+年会費制 接続サービス \(annual-connect\)\s+annual\s+¥26,000 \(next renewal ¥24,000\)\s+in-use`; !regexp.MustCompile(re).MatchString(out) {
		t.Errorf("contract show lacks /%s/:\n%s", re, out)
	}
	var rec struct {
		Plans []planJSON `json:"plans"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "--db", db, "admin", "contract", "show", cert.Number, "--json")), &rec); err != nil ||
		len(rec.Plans) != 1 || rec.Plans[0].Fee != 26_000 || rec.Plans[0].NextFee != 24_000 {
		t.Errorf("--json: %+v, %v", rec.Plans, err)
	}
}

// A huge or hostile value of a flag or argument is repeated in the plan
// commands' messages cut short and escaped: it neither floods the terminal
// nor drives it.
func TestPlanCommandsCutHostileValues(t *testing.T) {
	db, cert := planDB(t, "2030-01-15")
	mustRun(t, "--db", db, "admin", "plan", "add", cert.Number, "--plan", "vps-2-plesk", "--start", "2030-01-15")
	hostile := "\x1b]0;owned\x07\x1b[2J\u202e" + strings.Repeat("A", 100_000)
	admin := func(args ...string) []string { return append([]string{"--db", db, "admin"}, args...) }
	for _, args := range [][]string{
		admin("plan", "add", cert.Number, "--plan", hostile, "--start", "2030-01-20"),
		admin("plan", "add", cert.Number, "--plan", "lite", "--start", hostile),
		admin("plan", "add", hostile, "--plan", "lite", "--start", "2030-01-20"),
		admin("plan", "request", hostile),
		admin("quote", "plan-change", cert.Number, "--to", hostile, "--start", "2030-02"),
		admin("quote", "plan-change", cert.Number, "--to", "basic", "--start", hostile),
		admin("quote", "plan-change", cert.Number, "--to", "basic", "--start", "2030-02", "--service", hostile),
		admin("quote", "plan-change", hostile, "--to", "basic", "--start", "2030-02"),
		admin("quote", "option-add", cert.Number, "--option", hostile),
		admin("quote", "option-add", hostile, "--option", "annual-mailbox"),
	} {
		out, errOut, err := run(t, args...)
		if err == nil {
			t.Errorf("mypage %.80q was accepted:\n%s", args, out)
			continue
		}
		msg := errOut
		var ex exitError
		if !errors.As(err, &ex) {
			msg = err.Error()
		}
		if len(msg) > 400 || !strings.Contains(msg, "AAAA…") || strings.ContainsAny(msg, "\x1b\x07\u202e") ||
			!strings.Contains(msg, `\x1b]0;owned\x07\x1b[2J\u202e`) {
			t.Errorf("mypage %.80q: %d bytes, want the value escaped and cut: %.300q", args, len(msg), msg)
		}
	}
}

func TestCatalogPlans(t *testing.T) {
	out := mustRun(t, "admin", "catalog", "--json")
	var cat catalogJSON
	if err := json.Unmarshal([]byte(out), &cat); err != nil {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	if len(cat.ContractTypes) == 0 || cat.ContractTypes[0].Code != "spaaqs-lan" {
		t.Errorf("contract types %+v", cat.ContractTypes)
	}
	plans := map[string]catalogPlan{}
	for _, p := range cat.Plans {
		plans[p.Code] = p
	}
	want := map[string]catalogPlan{
		"rs-1":           {Code: "rs-1", Name: "RS-1", Cycle: "monthly", Price: 975, Targets: []string{"lite", "basic", "pro"}},
		"vps-2-plesk":    {Code: "vps-2-plesk", Name: "VPS-2(Plesk)", Cycle: "annual", Price: 16_500, Targets: []string{"basic", "pro"}},
		"advance-lite":   {Code: "advance-lite", Name: "アドバンスライト", Cycle: "annual", Price: 12_000, Targets: []string{"vps-2-plesk"}},
		"annual-connect": {Code: "annual-connect", Name: "年会費制 接続サービス", Cycle: "annual", Price: 24_000, Targets: []string{}},
	}
	for code, w := range want {
		p := plans[code]
		if p.Code != w.Code || p.Name != w.Name || p.Cycle != w.Cycle || p.Price != w.Price || strings.Join(p.Targets, ",") != strings.Join(w.Targets, ",") {
			t.Errorf("plan %s: %+v, want %+v", code, p, w)
		}
	}
	if plans["lite"].InitialFee != 3_000 || len(cat.Plans) != 7 {
		t.Errorf("plans %+v", cat.Plans)
	}
	if !strings.Contains(out, `"targets": []`) {
		t.Errorf("a plan that changes to nothing has no empty targets:\n%s", out)
	}
	if len(cat.AnnualOptions) != 2 || cat.AnnualOptions[0].Code != "annual-mailbox" || cat.AnnualOptions[0].Annual != 2_000 ||
		strings.Join(cat.AnnualOptions[0].Plans, ",") != "annual-connect" {
		t.Errorf("annual options %+v", cat.AnnualOptions)
	}

	out = mustRun(t, "admin", "catalog")
	for _, re := range []string{`Contract types\n`, `spaaqs-lan\s+lan`, `Plans \(yen, tax-excluded`,
		`vps-2-plesk\s+annual\s+¥16,500\s+¥0\s+basic, pro\s+VPS-2\(Plesk\)`, `lite\s+monthly\s+¥975\s+¥3,000\s+basic, pro, vps-2-plesk\s+Lite`,
		`annual-connect\s+annual\s+¥24,000\s+¥0\s+-\s+年会費制`, `Annual options`, `annual-static-ip\s+¥6,000\s+annual-connect\s+固定IP`} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("catalog lacks /%s/:\n%s", re, out)
		}
	}
	out = mustRun(t, "--lang", "en", "admin", "catalog")
	if !strings.Contains(out, "Advance Lite") || !strings.Contains(out, "Extra mailbox (annual fee)") {
		t.Errorf("catalog --lang en:\n%s", out)
	}
}

// admin contract show tells the back office what a subscription has come to
// (SPEC §11.4): a plan's cancel with its end, the suspension for an unpaid
// statement with its days, and after the withdrawal 退会済 with its date.
func TestContractShowCancelSuspensionWithdrawal(t *testing.T) {
	db, cert := planDB(t, "2030-01-15")
	mustRun(t, "--db", db, "admin", "plan", "add", cert.Number, "--plan", "rs-1", "--start", "2030-01-15")
	mustRun(t, "--db", db, "admin", "clock", "set", "2030-03-10")
	asHolder(t, db, cert, func(svc *core.Service, p core.Principal) error {
		_, err := svc.CancelPlan(p, svc.NewToken(), core.PlanCancelRequest{Service: "1"})
		return err
	})
	out := mustRun(t, "--db", db, "admin", "contract", "show", cert.Number)
	for _, re := range []string{`Plan service 1: CX20300310-\d{6} cancel; ends 2030-03-31 on 2030-03-10 \d\d:\d\d:\d\d by holder:` + cert.Number,
		`Standing: suspended \(利用停止中\)`,
		`unpaid: statement 2030-01, ¥1,072 of ¥1,072 still to pay \(\w+\), due 2030-02-28; suspended since 2030-03-07`,
		`Membership\s+member`} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("contract show lacks /%s/:\n%s", re, out)
		}
	}
	// Paid, the line cancelled and ended: the member withdraws.
	mustRun(t, "--db", db, "admin", "clock", "set", "2030-04-02")
	for _, m := range []string{"2030-01", "2030-02", "2030-03"} {
		mustRun(t, "--db", db, "admin", "payment", cert.Number, "--month", m, "--amount", "1072", "--date", "2030-04-02")
	}
	mustRun(t, "--db", db, "admin", "line", "cancel", cert.Number, "--date", "2030-04-01")
	asHolder(t, db, cert, func(svc *core.Service, p core.Principal) error {
		_, err := svc.Withdraw(p, svc.NewToken(), true)
		return err
	})
	out = mustRun(t, "--db", db, "admin", "contract", "show", cert.Number)
	for _, re := range []string{`Membership\s+退会済 \(withdrawn\) 2030-04-02 \d\d:\d\d:\d\d, WD20300402-\d{6} by holder:` + cert.Number,
		`Standing: withdrawn \(退会済\)`} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("contract show lacks /%s/:\n%s", re, out)
		}
	}
}

// admin contract show lists the auto-renew settings a subscriber made, and
// the AUTO-RENEW column follows the latest.
func TestContractShowAutoRenewSetting(t *testing.T) {
	db, cert := planDB(t, "2030-01-15")
	mustRun(t, "--db", db, "admin", "plan", "add", cert.Number, "--plan", "rs-1", "--start", "2030-01-15")
	asHolder(t, db, cert, func(svc *core.Service, p core.Principal) error {
		_, err := svc.SetAutoRenew(p, svc.NewToken(), core.AutoRenewRequest{Service: "1", On: false})
		return err
	})
	out := mustRun(t, "--db", db, "admin", "contract", "show", cert.Number)
	for _, re := range []string{`1\s+RS-1 \(rs-1\)\s+monthly\s+¥975\s+in-use\s+2030-01-15\s+2030-01-15 – 2031-01-14\s+off\s+`,
		`Plan service 1: auto-renew set off on 2030-01-15 \d\d:\d\d:\d\d by holder:` + cert.Number} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("contract show lacks /%s/:\n%s", re, out)
		}
	}
}

// admin contract show says how each term after the first came: a term that
// renewed by itself says auto-renew.
func TestContractShowTermsByAutoRenew(t *testing.T) {
	db, cert := planDB(t, "2030-01-15")
	mustRun(t, "--db", db, "admin", "plan", "add", cert.Number, "--plan", "rs-1", "--start", "2030-01-15")
	mustRun(t, "--db", db, "admin", "clock", "set", "2031-02-01")
	out := mustRun(t, "--db", db, "admin", "contract", "show", cert.Number)
	if re := `Plan service 1: term 2 2031-01-15 – 2032-01-14, 1 year\(s\), 0 % off \(auto-renew\)`; !regexp.MustCompile(re).MatchString(out) {
		t.Errorf("contract show lacks /%s/:\n%s", re, out)
	}
}
