package core_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"mypage/core"
)

// renewContract is a contract holding one plan service opened on 2026-04-01,
// its first term through 2027-03-31, paying by bank transfer.
func renewContract(code string, edit func(*core.PlanService)) *core.Contract {
	ps := core.PlanService{ID: "1", Plan: code, AppliedAt: day(2026, 3, 20), Start: day(2026, 4, 1),
		TermStart: day(2026, 4, 1), FirstTermEnd: day(2027, 3, 31)}
	if edit != nil {
		edit(&ps)
	}
	return &core.Contract{Number: "1234567890", Plans: []core.PlanService{ps}}
}

func rec(number string, at, start time.Time, years, discount int, auto, recontract bool) core.RenewalRecord {
	return core.RenewalRecord{Number: number, At: at, Start: start, Years: years, Discount: discount,
		AutoRenew: auto, Recontract: recontract, Actor: "holder:1234567890"}
}

// termsText writes terms as start–end/years/discount, one per term.
func termsText(ts []core.Term) string {
	var out []string
	for _, t := range ts {
		s := core.DayOf(t.Start).String() + "–" + core.DayOf(t.End).String() + "/" + string(rune('0'+t.Years)) + "y"
		if t.Discount > 0 {
			s += "-" + strings.TrimLeft(string(rune('0'+t.Discount/10))+string(rune('0'+t.Discount%10)), "0") + "%"
		}
		if t.Recontract {
			s += "/re"
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

// SPEC §11.3 and seed 000: the terms are walked from the renewal records.
func TestRenewalTerms(t *testing.T) {
	for _, c := range []struct {
		name  string
		edit  func(*core.PlanService)
		until time.Time
		want  string
		state core.PlanState
		now   time.Time
	}{
		{"Auto-renew renews on the end date with the same plan and term (no record: on by default)", nil, day(2028, 4, 1),
			"2026-04-01–2027-03-31/1y 2027-04-01–2028-03-31/1y 2028-04-01–2029-03-31/1y", core.PlanInUse, day(2028, 5, 1)},
		{"A term that ends without renewal suspends the services (auto-renew off)", func(ps *core.PlanService) { ps.NoAutoRenew = true }, day(2030, 1, 1),
			"2026-04-01–2027-03-31/1y", core.PlanLapsed, day(2027, 4, 1)},
		{"the last day of the term is still in use", func(ps *core.PlanService) { ps.NoAutoRenew = true }, day(2030, 1, 1),
			"2026-04-01–2027-03-31/1y", core.PlanInUse, day(2027, 3, 31)},
		{"a renewal of 3 years at 10 % sets the next term, and auto-renew repeats its length and discount", func(ps *core.PlanService) {
			ps.Renewals = []core.RenewalRecord{rec("RN1", day(2027, 2, 10), day(2027, 4, 1), 3, 10, true, false)}
		}, day(2030, 4, 1), "2026-04-01–2027-03-31/1y 2027-04-01–2030-03-31/3y-10% 2030-04-01–2033-03-31/3y-10%", core.PlanInUse, day(2031, 1, 1)},
		{"a renewal with auto-renew off lapses after the term it sets", func(ps *core.PlanService) {
			ps.Renewals = []core.RenewalRecord{rec("RN1", day(2027, 2, 10), day(2027, 4, 1), 2, 5, false, false)}
		}, day(2031, 1, 1), "2026-04-01–2027-03-31/1y 2027-04-01–2029-03-31/2y-5%", core.PlanLapsed, day(2029, 4, 1)},
		{"re-contract after that restores them from the re-contract date (the gap is no term)", func(ps *core.PlanService) {
			ps.NoAutoRenew = true
			ps.Renewals = []core.RenewalRecord{rec("RN1", day(2027, 6, 10), day(2027, 6, 10), 1, 0, true, true)}
		}, day(2028, 7, 1), "2026-04-01–2027-03-31/1y 2027-06-10–2028-06-09/1y/re 2028-06-10–2029-06-09/1y", core.PlanInUse, day(2027, 6, 10)},
		{"lapsed the day before the re-contract", func(ps *core.PlanService) {
			ps.NoAutoRenew = true
			ps.Renewals = []core.RenewalRecord{rec("RN1", day(2027, 6, 10), day(2027, 6, 10), 1, 0, true, true)}
		}, day(2027, 6, 9), "2026-04-01–2027-03-31/1y", core.PlanLapsed, day(2027, 6, 9)},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps := renewContract("vps-2-plesk", c.edit).Plans[0]
			if got := termsText(ps.Terms(c.until)); got != c.want {
				t.Errorf("terms\n got %s\nwant %s", got, c.want)
			}
			if got := ps.State(c.now); got != c.state {
				t.Errorf("state on %s: %s, want %s", core.DayOf(c.now), got, c.state)
			}
		})
	}
}

// SPEC §11.3: the quote of a renewal and of a re-contract, and its refusals.
func TestQuoteRenewal(t *testing.T) {
	cat := core.DefaultCatalog()
	lapsed := func(ps *core.PlanService) { ps.NoAutoRenew = true }
	for _, c := range []struct {
		name string
		plan string
		edit func(*core.PlanService)
		req  core.RenewalRequest
		now  time.Time
		// the figures: kind, start, end, discount, list, price, bill month, payment date
		kind, qStart, qEnd string
		discount           int
		list, price        int64
		bill, pay          string
		newService         bool
		block              string
		opens              string
	}{
		{"multi-year discount from the catalog: 3 years 10 % (annual, the whole term in advance)", "vps-2-plesk", nil,
			core.RenewalRequest{Years: 3, AutoRenew: true}, jst(2027, 2, 15),
			core.RenewKindRenew, "2027-04-01", "2030-03-31", 10, 49_500, 44_550, "2027-04", "2027-05-31", false, "", ""},
		{"multi-year discount from the catalog: 2 years 5 %", "vps-2-plesk", nil,
			core.RenewalRequest{Years: 2}, jst(2027, 3, 31),
			core.RenewKindRenew, "2027-04-01", "2029-03-31", 5, 33_000, 31_350, "2027-04", "2027-05-31", false, "", ""},
		{"1 year has no discount", "vps-2-plesk", nil,
			core.RenewalRequest{Years: 1}, jst(2027, 1, 30),
			core.RenewKindRenew, "2027-04-01", "2028-03-31", 0, 16_500, 16_500, "2027-04", "2027-05-31", false, "", ""},
		{"a monthly plan's discount is per month: floor(1,700 × 90 ÷ 100)", "basic", nil,
			core.RenewalRequest{Years: 3}, jst(2027, 3, 1),
			core.RenewKindRenew, "2027-04-01", "2030-03-31", 10, 1_700, 1_530, "2027-04", "2027-05-31", false, "", ""},
		{"floor of 975 × 95 ÷ 100 = 926.25 → 926", "rs-1", nil,
			core.RenewalRequest{Years: 2}, jst(2027, 3, 1),
			core.RenewKindRenew, "2027-04-01", "2029-03-31", 5, 975, 926, "2027-04", "2027-05-31", false, "", ""},
		{"a plan can be changed at renewal within its family (hosting → hosting)", "vps-2-plesk", nil,
			core.RenewalRequest{Plan: "basic", Years: 1}, jst(2027, 3, 1),
			core.RenewKindRenew, "2027-04-01", "2028-03-31", 0, 1_700, 1_700, "2027-04", "2027-05-31", true, "", ""},
		{"re-contract after a lapse starts the new term today", "vps-2-plesk", lapsed,
			core.RenewalRequest{Years: 2, AutoRenew: true}, jst(2027, 6, 10),
			core.RenewKindRecontract, "2027-06-10", "2029-06-09", 5, 33_000, 31_350, "2027-06", "2027-07-31", false, "", ""},
		{"from 60 days before the end: 61 days before is too early", "vps-2-plesk", nil,
			core.RenewalRequest{Years: 1}, jst(2027, 1, 29), "", "", "", 0, 0, 0, "", "", false, core.RenewBlockEarly, "2027-01-30"},
		{"not in the family: hosting to the membership", "vps-2-plesk", nil,
			core.RenewalRequest{Plan: "annual-connect", Years: 1}, jst(2027, 3, 1), "", "", "", 0, 0, 0, "", "", false, core.RenewBlockFamily, ""},
		{"the term is 1, 2 or 3 years: 4 is refused", "vps-2-plesk", nil,
			core.RenewalRequest{Years: 4}, jst(2027, 3, 1), "", "", "", 0, 0, 0, "", "", false, core.RenewBlockYears, ""},
		{"the term is 1, 2 or 3 years: 0 is refused", "vps-2-plesk", nil,
			core.RenewalRequest{Years: 0}, jst(2027, 3, 1), "", "", "", 0, 0, 0, "", "", false, core.RenewBlockYears, ""},
		{"an unknown plan", "vps-2-plesk", nil,
			core.RenewalRequest{Plan: "vps-9", Years: 1}, jst(2027, 3, 1), "", "", "", 0, 0, 0, "", "", false, core.RenewBlockUnknown, ""},
		{"an application in progress is not renewed", "vps-2-plesk", nil,
			core.RenewalRequest{Years: 1}, jst(2026, 3, 25), "", "", "", 0, 0, 0, "", "", false, core.RenewBlockApplying, ""},
		{"a service being cancelled is not renewed", "vps-2-plesk", func(ps *core.PlanService) { e := day(2027, 3, 31); ps.End = &e },
			core.RenewalRequest{Years: 1}, jst(2027, 3, 1), "", "", "", 0, 0, 0, "", "", false, core.RenewBlockEnding, ""},
		{"an ended service is not renewed", "vps-2-plesk", func(ps *core.PlanService) { e := day(2027, 3, 31); ps.End = &e },
			core.RenewalRequest{Years: 1}, jst(2027, 4, 1), "", "", "", 0, 0, 0, "", "", false, core.RenewBlockEnded, ""},
		{"renewed already for that end", "vps-2-plesk", func(ps *core.PlanService) {
			ps.Renewals = []core.RenewalRecord{rec("RN1", day(2027, 2, 10), day(2027, 4, 1), 1, 0, true, false)}
		}, core.RenewalRequest{Years: 1}, jst(2027, 3, 1), "", "", "", 0, 0, 0, "", "", false, core.RenewBlockDone, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			con := renewContract(c.plan, c.edit)
			c.req.Service = "1"
			q, err := core.QuoteRenewal(cat, con, c.req, c.now)
			if c.block != "" {
				var re *core.RenewError
				if !errors.As(err, &re) || re.Code != c.block || re.OpensOn.String() != c.opens {
					t.Fatalf("want refusal %s (opens %q), got %v %+v", c.block, c.opens, err, re)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := []any{q.Kind, q.Start.String(), q.End.String(), q.Discount, q.ListPrice, q.Price, q.BillMonth, q.PaymentDate.String(), q.NewService, q.AutoRenew}
			want := []any{c.kind, c.qStart, c.qEnd, c.discount, c.list, c.price, c.bill, c.pay, c.newService, c.req.AutoRenew}
			if mustJSON(t, got) != mustJSON(t, want) {
				t.Errorf("quote\n got %v\nwant %v\n%+v", got, want, q)
			}
		})
	}
}

// SPEC §11.3: renewal_discounts are checked: years 2 and 3 only, 0–99 %.
func TestRenewalDiscountsChecked(t *testing.T) {
	cat := core.DefaultCatalog()
	if d, _ := cat.RenewalDiscount(2); d != 5 {
		t.Errorf("2 years: %d %%, want 5", d)
	}
	if d, _ := cat.RenewalDiscount(3); d != 10 {
		t.Errorf("3 years: %d %%, want 10", d)
	}
	for _, bad := range []string{`{"2": 100}`, `{"1": 5}`, `{"4": 5}`, `{"2": -1}`} {
		raw := strings.Replace(string(mustJSON(t, cat)), `"renewal_discounts":{"2":5,"3":10}`, `"renewal_discounts":`+bad, 1)
		if !strings.Contains(raw, bad) {
			t.Fatalf("the catalog JSON does not carry the discounts: %s", raw[len(raw)-80:])
		}
		if _, err := core.ParseCatalog([]byte(raw)); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

// The renewal procedure: a number, the mail with its figures, the audit, one
// write; a second renewal of the same end is refused; a moved quote is
// refused with the new figures.
func TestRenew(t *testing.T) {
	e, cert, _ := planEnv(t, "vps-2-plesk")
	holder := e.at(t, jst(2027, 2, 15), cert)
	req := core.RenewalRequest{Service: "1", Years: 3, AutoRenew: true}
	q, err := e.svc.QuoteRenewal(holder, req)
	if err != nil {
		t.Fatal(err)
	}
	stale := q
	stale.Price++
	req.Quoted = &stale
	var qc *core.QuoteChangedError
	if _, err := e.svc.Renew(holder, e.svc.NewToken(), req); !errors.As(err, &qc) || qc.Renewal == nil || qc.Renewal.Price != 44_550 {
		t.Fatalf("a moved quote: %v", err)
	}
	req.Quoted = &q
	r, err := e.svc.Renew(holder, e.svc.NewToken(), req)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^RN20270215-\d{6}$`).MatchString(r.Number) || r.NewService != "1" {
		t.Errorf("result %+v", r)
	}
	mails := e.outbox(t)
	m := mails[len(mails)-1]
	if m.Subject != "【マイページ】契約更新お申し込み完了のお知らせ" || m.To != r.MailedTo {
		t.Errorf("mail %q to %s", m.Subject, m.To)
	}
	for _, want := range []string{r.Number, "VPS-2(Plesk)", "3年 (2027/04/01 ～ 2030/03/31)", "10%", "44,550円", "49,500円", "2027年4月", "2027/05/31", "自動更新: する"} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("the mail lacks %q:\n%s", want, m.Body)
		}
	}
	if n := e.plansOf(t, cert.Number)[0].Renewal; n != nil {
		t.Errorf("the notice stays after the renewal: %+v", n)
	}
	ps := e.plansOf(t, cert.Number)[0].Service
	if len(ps.Renewals) != 1 || ps.Renewals[0].Number != r.Number || ps.Renewals[0].Actor != "holder:"+cert.Number {
		t.Errorf("records %+v", ps.Renewals)
	}
	var audited bool
	for _, a := range e.audit(t) {
		audited = audited || a.Action == "renew" && a.Result == "ok"
	}
	if !audited {
		t.Error("not audited")
	}
	req.Quoted = nil
	if _, err := e.svc.Renew(holder, e.svc.NewToken(), req); core.RenewBlock(err) != core.RenewBlockDone {
		t.Errorf("a second renewal: %v", err)
	}
}

// A renewal to another plan of the family ends the current service on its term
// end and opens the new plan the day after: no initial fee, linked both ways.
func TestRenewToAnotherPlan(t *testing.T) {
	e, cert, _ := planEnv(t, "vps-2-plesk")
	holder := e.at(t, jst(2027, 3, 1), cert)
	r, err := e.svc.Renew(holder, e.svc.NewToken(), core.RenewalRequest{Service: "1", Plan: "basic", Years: 2})
	if err != nil {
		t.Fatal(err)
	}
	v := e.plansOf(t, cert.Number)
	if len(v) != 2 || r.NewService != "2" {
		t.Fatalf("plans %+v", v)
	}
	old, nw := v[0].Service, v[1].Service
	if old.End == nil || !old.End.Equal(day(2027, 3, 31)) || old.RenewedAs != "2" || old.ReplacedBy != "" {
		t.Errorf("old %+v", old)
	}
	if !nw.Start.Equal(day(2027, 4, 1)) || !nw.FirstTermEnd.Equal(day(2029, 3, 31)) || nw.RenewedFrom != "1" || nw.InitialFee != 0 || nw.Change != nil {
		t.Errorf("new %+v", nw)
	}
	// Billed: April 2027 Basic at floor(1,700 × 95 ÷ 100) = 1,615, no initial fee; VPS nothing after March.
	e.clock.Set(jst(2027, 5, 2))
	st, err := e.svc.StatementOf(e.op, cert.Number, monthOf("2027-04"))
	if err != nil {
		t.Fatal(err)
	}
	if got := sumLines(linesOf(st, "basic")); got != 1_615 || len(linesOf(st, "basic")) != 1 || len(linesOf(st, "vps-2-plesk")) != 0 {
		t.Errorf("April 2027 lines %+v", st.Lines)
	}
}

// SPEC §11.3: an annual renewal of several years is billed once, in advance,
// at the term's start at floor(fee × years × (100 − discount) ÷ 100); a
// monthly one every month of use at the discounted price; the months of a
// lapse are not billed, the re-contract month is.
func TestRenewalBilling(t *testing.T) {
	cat := core.DefaultCatalog()
	for _, c := range []struct {
		name  string
		plan  string
		edit  func(*core.PlanService)
		month string
		want  int64
		lines int
	}{
		{"3 years at 10 % billed at the term's start: floor(16,500 × 3 × 90 ÷ 100) = 44,550", "vps-2-plesk", func(ps *core.PlanService) {
			ps.Renewals = []core.RenewalRecord{rec("RN1", day(2027, 2, 10), day(2027, 4, 1), 3, 10, true, false)}
		}, "2027-04", 44_550, 1},
		{"nothing more in the term's second year", "vps-2-plesk", func(ps *core.PlanService) {
			ps.Renewals = []core.RenewalRecord{rec("RN1", day(2027, 2, 10), day(2027, 4, 1), 3, 10, true, false)}
		}, "2028-04", 0, 0},
		{"Auto-renew renews on the end date with the same plan and term, and bills it", "vps-2-plesk", func(ps *core.PlanService) {
			ps.Renewals = []core.RenewalRecord{rec("RN1", day(2027, 2, 10), day(2027, 4, 1), 3, 10, true, false)}
		}, "2030-04", 44_550, 1},
		{"a monthly plan at 5 %: floor(1,700 × 95 ÷ 100) = 1,615 each month", "basic", func(ps *core.PlanService) {
			ps.Renewals = []core.RenewalRecord{rec("RN1", day(2027, 2, 10), day(2027, 4, 1), 2, 5, false, false)}
		}, "2028-11", 1_615, 1},
		{"a lapsed month is not billed", "basic", func(ps *core.PlanService) {
			ps.NoAutoRenew = true
			ps.Renewals = []core.RenewalRecord{rec("RN1", day(2027, 6, 10), day(2027, 6, 10), 1, 0, true, true)}
		}, "2027-05", 0, 0},
		{"the re-contract month is billed", "basic", func(ps *core.PlanService) {
			ps.NoAutoRenew = true
			ps.Renewals = []core.RenewalRecord{rec("RN1", day(2027, 6, 10), day(2027, 6, 10), 1, 0, true, true)}
		}, "2027-06", 1_700, 1},
		{"a re-contract of an annual plan bills its term from the re-contract day", "vps-2-plesk", func(ps *core.PlanService) {
			ps.NoAutoRenew = true
			ps.Renewals = []core.RenewalRecord{rec("RN1", day(2027, 6, 10), day(2027, 6, 10), 2, 5, true, true)}
		}, "2027-06", 31_350, 1},
		{"the first term as it was: the month after the lapse bills nothing", "vps-2-plesk", func(ps *core.PlanService) { ps.NoAutoRenew = true }, "2027-04", 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			con := renewContract(c.plan, c.edit)
			lines, err := core.PlanLines(cat, con, monthOf(c.month))
			if err != nil {
				t.Fatal(err)
			}
			if len(lines) != c.lines || sumLines(lines) != c.want {
				t.Errorf("%s: %d lines, %d yen; want %d lines, %d yen\n%+v", c.month, len(lines), sumLines(lines), c.lines, c.want, lines)
			}
		})
	}
}

// Plan change on a multi-year term (SPEC §11.1 rule 4, decision): R counts the
// months of the term in force, and the credit unit is ceil(what the term was
// billed ÷ its months).
func TestPlanChangeOnMultiYearTerm(t *testing.T) {
	cat := core.DefaultCatalog()
	con := renewContract("vps-2-plesk", func(ps *core.PlanService) {
		ps.Renewals = []core.RenewalRecord{rec("RN1", day(2027, 2, 10), day(2027, 4, 1), 3, 10, true, false)}
	})
	q, err := core.QuotePlanChange(cat, con, core.PlanChangeRequest{Service: "1", To: "basic", Start: monthOf("2027-09")}, jst(2027, 8, 20))
	if err != nil {
		t.Fatal(err)
	}
	// Old end 2027-10-31; R = 2027-11 … 2030-03 = 29; unit ceil(44,550 ÷ 36) = 1,238.
	if q.RemainingMonths != 29 || q.OldMonthlyUnit != 1_238 || q.Credit != 35_902 || q.CreditFormula != "ceil(44,550 ÷ 36) × 29 = 35,902" {
		t.Errorf("quote R=%d unit=%d credit=%d %q", q.RemainingMonths, q.OldMonthlyUnit, q.Credit, q.CreditFormula)
	}
}

// SPEC §11.3 lived through with the demo clock: a renewal of 2 years with
// auto-renew off is billed once at its start; the service lapses at its end
// and nothing is billed while it is suspended; a re-contract bills its term in
// the re-contract month. Every month's estimate is what was then closed.
func TestRenewalLivedThrough(t *testing.T) {
	e := newEnv(t)
	number, holder := e.demoContract(t, "spaaqs-lan", "vps-2-plesk") // 2026-04-01 to 2027-03-31
	all := map[core.Month]core.Statement{}
	live := func(first, last string) {
		for m, st := range e.liveThrough(t, number, monthOf(first), monthOf(last)) {
			all[m] = st
		}
	}
	live("2026-04", "2027-01") // the clock is on 2027-02-01, inside the notice period
	e.settle(t, number)
	if _, err := e.svc.Renew(holder, e.svc.NewToken(), core.RenewalRequest{Service: "1", Years: 2}); err != nil {
		t.Fatal(err)
	}
	live("2027-02", "2029-05") // lapsed since 2029-04-01
	if st := e.plansOf(t, number)[0].State; st != core.PlanLapsed {
		t.Fatalf("state on 2029-06-01: %s", st)
	}
	// Unpaid, the contract is suspended and the re-contract waits for the payment (SPEC §11.4).
	if _, err := e.svc.Renew(holder, e.svc.NewToken(), core.RenewalRequest{Service: "1", Years: 1, AutoRenew: true}); !errors.Is(err, core.ErrSuspended) {
		t.Fatalf("a re-contract while unpaid: %v", err)
	}
	e.settle(t, number)
	q, err := e.svc.Renew(holder, e.svc.NewToken(), core.RenewalRequest{Service: "1", Years: 1, AutoRenew: true})
	if err != nil {
		t.Fatal(err)
	}
	if q.Quote.Kind != core.RenewKindRecontract || q.Quote.Start.String() != "2029-06-01" {
		t.Errorf("re-contract %+v", q.Quote)
	}
	if e.outbox(t)[len(e.outbox(t))-1].Subject != "【マイページ】再契約お申し込み完了のお知らせ" {
		t.Error("the re-contract mail is not sent")
	}
	live("2029-06", "2029-06")
	want := map[string]int64{"2026-04": 16_500, "2027-04": 31_350, "2029-06": 16_500}
	for m, st := range all {
		got := sumLines(linesOf(st, "vps-2-plesk"))
		if got != want[m.String()] {
			t.Errorf("%s: %d yen of VPS-2(Plesk), want %d", m, got, want[m.String()])
		}
	}
	if len(all) != 39 {
		t.Errorf("%d months lived", len(all))
	}
}

// SPEC §11.2 with §11.3: an annual option bought after the renewal moves the
// term's end; the renewal follows it, from the day after the new end.
func TestRenewalFollowsAnAdjustedEnd(t *testing.T) {
	ps := renewContract("annual-connect", func(ps *core.PlanService) {
		ps.Renewals = []core.RenewalRecord{rec("RN1", day(2027, 2, 10), day(2027, 4, 1), 3, 10, false, false)}
		ps.Adjusts = []core.TermAdjust{{At: day(2027, 3, 1), NewEnd: day(2027, 3, 27), OldEnd: day(2027, 3, 31)}}
	}).Plans[0]
	if got, want := termsText(ps.Terms(day(2031, 1, 1))), "2026-04-01–2027-03-27/1y 2027-03-28–2030-03-27/3y-10%"; got != want {
		t.Errorf("terms\n got %s\nwant %s", got, want)
	}
	// A re-contract on the first day of the lapse starts that day.
	ps = renewContract("vps-2-plesk", func(ps *core.PlanService) {
		ps.NoAutoRenew = true
		ps.Renewals = []core.RenewalRecord{rec("RN1", day(2027, 4, 1), day(2027, 4, 1), 1, 0, false, true)}
	}).Plans[0]
	if got, want := termsText(ps.Terms(day(2029, 1, 1))), "2026-04-01–2027-03-31/1y 2027-04-01–2028-03-31/1y/re"; got != want {
		t.Errorf("terms\n got %s\nwant %s", got, want)
	}
}

// SPEC §11.2 with §11.3: a membership renews at its term fee with the annual
// options held on the new term's first day, for the years, less the discount,
// and the statement bills exactly that in one line.
func TestRenewMembershipWithOptions(t *testing.T) {
	cat := core.DefaultCatalog()
	con := renewContract("annual-connect", nil)
	con.Options = []core.OptionRecord{{Option: "annual-mailbox", PurchasedAt: day(2026, 6, 1)}}
	q, err := core.QuoteRenewal(cat, con, core.RenewalRequest{Service: "1", Years: 2, AutoRenew: true}, jst(2027, 3, 1))
	if err != nil {
		t.Fatal(err)
	}
	// (24,000 + 2,000) × 2 = 52,000; floor(52,000 × 95 ÷ 100) = 49,400.
	if q.ListPrice != 52_000 || q.Price != 49_400 || q.Formula != "floor(26,000 × 2 × (100 − 5) ÷ 100) = 49,400" {
		t.Errorf("quote %+v", q)
	}
	con.Plans[0].Renewals = []core.RenewalRecord{rec("RN1", day(2027, 3, 1), q.Start.Time, q.Years, q.Discount, true, false)}
	lines, err := core.PlanLines(cat, con, monthOf("2027-04"))
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 1 || lines[0].Amount != q.Price || !strings.Contains(lines[0].Reason, "追加メールボックス") {
		t.Errorf("lines %+v", lines)
	}
}
