package core_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"mypage/core"
)

// jst is 10:00 JST on a day.
func jst(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, core.JST) }

// linesOf are the statement's lines of one plan or option code.
func linesOf(st core.Statement, code string) []core.StatementLine {
	var out []core.StatementLine
	for _, l := range st.Lines {
		if l.Code == code {
			out = append(out, l)
		}
	}
	return out
}

func sumLines(lines []core.StatementLine) int64 {
	var n int64
	for _, l := range lines {
		n += l.Amount
	}
	return n
}

// lineWith is the one line of the rule among lines, or nil.
func lineWith(lines []core.StatementLine, rule string) *core.StatementLine {
	for i := range lines {
		if lines[i].Rule == rule {
			return &lines[i]
		}
	}
	return nil
}

// demoContract opens a contract paying by transfer on a demo database whose
// clock the test moves, with one plan service opened today.
func (e *env) demoContract(t *testing.T, typ, plan string) (string, core.Principal) {
	t.Helper()
	if err := e.svc.MarkDemo(e.op); err != nil {
		t.Fatal(err)
	}
	cert, holder := e.newContract(t, typ)
	if _, err := e.svc.AddPlan(e.op, cert.Number, plan, e.svc.Now()); err != nil {
		t.Fatalf("AddPlan %s: %v", plan, err)
	}
	return cert.Number, holder
}

// liveThrough moves the demo clock a month at a time from the current month
// until the month after last, and returns every statement from first to last
// as closed; each month's last estimate must be what was then closed.
func (e *env) liveThrough(t *testing.T, number string, first, last core.Month) map[core.Month]core.Statement {
	t.Helper()
	estimates := map[core.Month]core.Statement{}
	for m := core.MonthOf(e.svc.Now()); !m.After(last); m = m.Next() {
		st, err := e.svc.StatementOf(e.op, number, m)
		if err != nil {
			t.Fatalf("estimate %s: %v", m, err)
		}
		estimates[m] = st
		if _, _, err := e.svc.SetClock(e.op, m.Next().Start().Add(10*time.Hour)); err != nil {
			t.Fatalf("clock to %s: %v", m.Next(), err)
		}
	}
	out := map[core.Month]core.Statement{}
	for m := first; !m.After(last); m = m.Next() {
		st, err := e.svc.StatementOf(e.op, number, m)
		if err != nil {
			t.Fatalf("statement %s: %v", m, err)
		}
		if !st.Closed {
			t.Fatalf("statement %s is not closed", m)
		}
		if est, ok := estimates[m]; ok && (est.Total != st.Total || len(est.Lines) != len(st.Lines)) {
			t.Errorf("%s: the estimate said %d yen in %d lines, the closed statement %d yen in %d lines",
				m, est.Total, len(est.Lines), st.Total, len(st.Lines))
		}
		out[m] = st
	}
	return out
}

func monthOf(s string) core.Month {
	m, err := core.ParseMonth(s)
	if err != nil {
		panic(err)
	}
	return m
}

// SPEC §11.1: a plan change lived through the months with the demo clock is
// billed exactly as its quote said — the waived fee, the free month, the
// parallel month, the charge of the charge month, the extension months and
// the first full month after — for the seed's examples A, B and C; for an
// annual old plan whose term ends in the start month or the parallel month
// (renewed first, billed as usual, the credit of the renewed term); and for a
// start in the current month (the new plan starts that day).
func TestPlanChangeBilledAsQuoted(t *testing.T) {
	for _, c := range []struct {
		name, from, to string
		opened         time.Time // the day the old plan was opened; zero: the env's first day, 2026-04-01
		asked          time.Time // the day the change is confirmed
		start          string    // the start month asked for
		// the seed's figures
		remaining     int
		credit        int64
		charge        int64
		extend        int
		waived        int64
		parallelFree  bool
		firstFullFrom string // the first month after the new end, billed in full
		renewal       string // the old plan's renewal before it ends, "" when none
		renewalFee    int64
	}{
		{"A: RS-1 → Lite", "rs-1", "lite", time.Time{}, jst(2026, time.May, 10), "2026-06", 0, 0, 975, 0, 3000, true, "2027-07", "", 0},
		{"B: VPS-2(Plesk) R=5 → Basic", "vps-2-plesk", "basic", time.Time{}, jst(2026, time.August, 20), "2026-09", 5, 6875, 0, 4, 3000, false, "2028-02", "", 0},
		{"C: アドバンスライト R=5 → VPS-2(Plesk)", "advance-lite", "vps-2-plesk", time.Time{}, jst(2026, time.September, 1), "2026-09", 5, 5000, 11500, 0, 0, false, "2027-10", "", 0},
		// The term 2026-04-10 – 2027-04-09 ends mid start month: renewed on
		// 2027-04-10 for 16,500; R = 2027-06 … 2028-03 of the renewed term = 10,
		// 1,700 − 13,750 = −12,050 → 0, ceil(12,050 ÷ 1,700) = 8 months.
		{"VPS-2(Plesk) renewed in the start month, R=10 → Basic", "vps-2-plesk", "basic", jst(2026, time.April, 10), jst(2027, time.March, 15), "2027-04",
			10, 13750, 0, 8, 3000, false, "2029-01", "2027-04-10", 16500},
		// The same term ends in the parallel month (April, also the charge
		// month): R = 2027-05 … 2028-03 = 11, 1,700 − 15,125 → 0, 8 months.
		{"VPS-2(Plesk) renewed in the parallel month, R=11 → Basic", "vps-2-plesk", "basic", jst(2026, time.April, 10), jst(2027, time.February, 15), "2027-03",
			11, 15125, 0, 8, 3000, false, "2028-12", "2027-04-10", 16500},
		// A start in the current month starts today: the old plan ends the
		// last day of the next month, 2026-09-30; R = 2026-10 … 2027-03 = 6,
		// 1,700 − 8,250 = −6,550 → 0, ceil(6,550 ÷ 1,700) = 4 months.
		{"VPS-2(Plesk) → Basic from today, R=6", "vps-2-plesk", "basic", time.Time{}, jst(2026, time.August, 20), "2026-08", 6, 8250, 0, 4, 3000, false, "2028-01", "", 0},
		{"RS-1 → Lite from today", "rs-1", "lite", time.Time{}, jst(2026, time.May, 10), "2026-05", 0, 0, 975, 0, 3000, true, "2027-06", "", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			if !c.opened.IsZero() {
				if err := e.svc.MarkDemo(e.op); err != nil {
					t.Fatal(err)
				}
				if _, _, err := e.svc.SetClock(e.op, c.opened); err != nil {
					t.Fatal(err)
				}
			}
			number, holder := e.demoContract(t, "spaaqs-multi", c.from)
			if _, _, err := e.svc.SetClock(e.op, c.asked); err != nil {
				t.Fatal(err)
			}
			e.settle(t, number)
			req := core.PlanChangeRequest{Service: "1", To: c.to, Start: monthOf(c.start)}
			quoted, err := e.svc.QuotePlanChange(holder, req)
			if err != nil {
				t.Fatal(err)
			}
			res, err := e.svc.ChangePlan(holder, e.svc.NewToken(), req)
			if err != nil {
				t.Fatal(err)
			}
			q := res.Change.Quote
			if q != quoted {
				t.Fatalf("the confirmed change %+v is not the quote shown %+v", q, quoted)
			}
			if q.RemainingMonths != c.remaining || q.Credit != c.credit || q.Charge != c.charge ||
				q.ExtendMonths != c.extend || q.WaivedInitialFee != c.waived || q.OldParallelFree != c.parallelFree {
				t.Fatalf("quote R=%d credit=%d charge=%d extend=%d waived=%d parallel free=%v, want the seed's %d %d %d %d %d %v",
					q.RemainingMonths, q.Credit, q.Charge, q.ExtendMonths, q.WaivedInitialFee, q.OldParallelFree,
					c.remaining, c.credit, c.charge, c.extend, c.waived, c.parallelFree)
			}
			if q.OldRenewal.String() != c.renewal && !(c.renewal == "" && q.OldRenewal.IsZero()) || q.OldRenewalFee != c.renewalFee {
				t.Fatalf("quote renews the old plan on %s for %d, want %q for %d", q.OldRenewal, q.OldRenewalFee, c.renewal, c.renewalFee)
			}
			if c.start == core.MonthOf(c.asked).String() && !q.NewStart.Equal(core.DayOf(c.asked).Time) {
				t.Fatalf("a start in the current month starts %s, want the day asked %s", q.NewStart, core.DayOf(c.asked))
			}
			newEnd := core.MonthOf(q.NewEnd.Time)
			if got := newEnd.Next().String(); got != c.firstFullFrom {
				t.Fatalf("new end %s, want the first full month %s", q.NewEnd, c.firstFullFrom)
			}
			sts := e.liveThrough(t, number, monthOf("2026-04"), newEnd.Next())
			annualNew := q.NewCycle == core.CycleAnnual
			startMonth := core.MonthOf(q.NewStart.Time)
			free, charge, parallel := monthOf(q.FreeMonth), monthOf(q.ChargeMonth), monthOf(q.ParallelMonth)

			// Rule 1: the waived fee, said on a ¥0 line; nothing of the initial fee billed.
			newLines := linesOf(sts[startMonth], q.To)
			if w := lineWith(newLines, core.RulePlanWaived); q.WaivedInitialFee > 0 &&
				(w == nil || w.Amount != 0 || !strings.Contains(w.Reason, "3,000 yen is waived")) {
				t.Errorf("%s: no ¥0 line says the fee of %d is waived: %+v", startMonth, q.WaivedInitialFee, newLines)
			}
			for m, st := range sts {
				for _, l := range linesOf(st, q.To) {
					if l.Rule == core.RulePlanInitial || l.Rule == core.RulePlanWaived && (q.WaivedInitialFee == 0 || m != startMonth) {
						t.Errorf("%s: initial fee line %+v", m, l)
					}
				}
			}
			// Rule 3: the free month.
			if l := lineWith(linesOf(sts[free], q.To), core.RulePlanFree); free != startMonth || l == nil || l.Amount != 0 {
				t.Errorf("free month %s: %+v", free, linesOf(sts[free], q.To))
			}
			if got := sumLines(linesOf(sts[free], q.To)); got != 0 {
				t.Errorf("free month %s bills %d for the new plan", free, got)
			}
			// Rule 3: the old plan in the parallel month, and nothing after it.
			old := linesOf(sts[parallel], q.From)
			if q.OldParallelFree {
				if l := lineWith(old, core.RulePlanParallel); l == nil || l.Amount != 0 || len(old) != 1 {
					t.Errorf("parallel month %s: old plan lines %+v, want one ¥0 line", parallel, old)
				}
				if got := sumLines(linesOf(sts[free], q.From)); got != q.OldParallelAmount {
					t.Errorf("free month %s: the old plan bills %d, want its price %d", free, got, q.OldParallelAmount)
				}
			} else {
				// An annual old plan is prepaid: from the day asked it bills
				// nothing but the renewal the quote named, in its month.
				for m := core.MonthOf(c.asked); !m.After(parallel); m = m.Next() {
					lines := linesOf(sts[m], q.From)
					if q.OldRenewal.IsZero() || m != core.MonthOf(q.OldRenewal.Time) {
						if len(lines) != 0 {
							t.Errorf("%s: an annual old plan is prepaid, lines %+v", m, lines)
						}
						continue
					}
					l := lineWith(lines, core.RulePlanAnnual)
					if l == nil || len(lines) != 1 || l.Amount != q.OldRenewalFee || l.Plan == nil || !l.Plan.TermStart.Equal(q.OldRenewal.Time) ||
						!l.Plan.TermEnd.Equal(q.OldTermEnd.Time) {
						t.Errorf("renewal month %s: old plan lines %+v, want the renewal %s – %s for %d", m, lines, q.OldRenewal, q.OldTermEnd, q.OldRenewalFee)
					}
				}
			}
			for m := parallel.Next(); !m.After(newEnd.Next()); m = m.Next() {
				if l := linesOf(sts[m], q.From); len(l) != 0 {
					t.Errorf("%s: the old plan ended %s and still bills %+v", m, q.OldEnd, l)
				}
			}
			// Rule 4: the charge month bills the quoted charge, the credit said.
			got := linesOf(sts[charge], q.To)
			if sumLines(got) != q.Charge {
				t.Errorf("charge month %s bills %d for the new plan, the quote %d: %+v", charge, sumLines(got), q.Charge, got)
			}
			if cr := lineWith(got, core.RulePlanCredit); q.Credit > 0 && (cr == nil || cr.Kind != core.LineCredit ||
				cr.Amount != q.Charge-q.NewPrice || !strings.Contains(cr.Reason, q.CreditFormula[:strings.Index(q.CreditFormula, " =")])) {
				t.Errorf("charge month %s: credit line %+v, want %d saying %s", charge, cr, q.Charge-q.NewPrice, q.CreditFormula)
			} else if q.Credit == 0 && cr != nil {
				t.Errorf("charge month %s: a credit line without credit: %+v", charge, cr)
			}
			// Rule 5 and the months between: the extension months free, the others at the price.
			extended := 0
			for m := charge.Next(); !m.After(newEnd); m = m.Next() {
				lines := linesOf(sts[m], q.To)
				switch {
				case annualNew && len(lines) != 0:
					t.Errorf("%s: an annual plan billed within its first term: %+v", m, lines)
				case annualNew:
				case q.ExtendFrom != "" && !m.Before(monthOf(q.ExtendFrom)):
					if l := lineWith(lines, core.RulePlanExtension); l == nil || l.Amount != 0 || len(lines) != 1 {
						t.Errorf("%s: extension month lines %+v", m, lines)
					}
					extended++
				case sumLines(lines) != q.NewPrice || len(lines) != 1:
					t.Errorf("%s: monthly lines %+v, want %d", m, lines, q.NewPrice)
				}
			}
			if extended != q.ExtendMonths {
				t.Errorf("%d extension months billed free, the quote %d", extended, q.ExtendMonths)
			}
			// The first full month after the new end: the price again (a new term of an annual plan).
			after := linesOf(sts[newEnd.Next()], q.To)
			rule := core.RulePlanMonthly
			if annualNew {
				rule = core.RulePlanAnnual
			}
			if l := lineWith(after, rule); l == nil || sumLines(after) != q.NewPrice {
				t.Errorf("%s, after the new end %s: %+v, want %d", newEnd.Next(), q.NewEnd, after, q.NewPrice)
			}
			// Every line says its period and why.
			for m, st := range sts {
				for _, l := range st.Lines {
					if l.Period != m.String() || l.Reason == "" || l.Rule == "" {
						t.Errorf("%s: line without period, rule or reason: %+v", m, l)
					}
				}
			}
		})
	}
}

// SPEC §11.2, seed 004 §2: an annual option bought mid-term is not billed; the
// term end moves as the quote said, and the renewal bills the new annual fee.
func TestAnnualOptionBilledAtRenewal(t *testing.T) {
	for _, c := range []struct {
		option           string
		before, after    int
		newEnd           string
		renewal, fee     int64
		renewalMonth     string
		exactFromTheSeed string
	}{
		{"annual-mailbox", 100, 92, "2027-03-23", 24000, 26000, "2027-03", "92.3"},
		{"annual-static-ip", 100, 80, "2027-03-11", 24000, 30000, "2027-03", "80.0"},
	} {
		t.Run(c.option, func(t *testing.T) {
			e := newEnv(t)
			number, holder := e.demoContract(t, "spaaqs-home", "annual-connect")
			// 100 days before the term's end, 2027-03-31.
			if _, _, err := e.svc.SetClock(e.op, jst(2026, time.December, 21)); err != nil {
				t.Fatal(err)
			}
			e.settle(t, number)
			q, err := e.svc.QuoteAnnualOptionOf(e.op, number, c.option)
			if err != nil {
				t.Fatal(err)
			}
			if q.DaysBefore != c.before || q.DaysAfter != c.after || q.Exact != c.exactFromTheSeed ||
				q.NewTermEnd.String() != c.newEnd || q.NewAnnualFee != c.fee {
				t.Fatalf("quote %+v", q)
			}
			if _, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), c.option, ""); err != nil {
				t.Fatal(err)
			}
			sts := e.liveThrough(t, number, monthOf("2026-04"), monthOf("2027-04"))
			if got := sumLines(linesOf(sts[monthOf("2026-04")], "annual-connect")); got != 24000 {
				t.Errorf("the first term billed %d, want 24,000", got)
			}
			adj := lineWith(linesOf(sts[monthOf("2026-12")], c.option), core.RulePlanAdjust)
			if adj == nil || adj.Amount != 0 || !strings.Contains(adj.Reason, q.Formula[:strings.Index(q.Formula, " =")]) ||
				!strings.Contains(adj.Reason, c.newEnd) {
				t.Errorf("purchase month: %+v, want a ¥0 line with %s and %s", adj, q.Formula, c.newEnd)
			}
			for m := monthOf("2026-05"); m.Before(monthOf(c.renewalMonth)); m = m.Next() {
				if got := sumLines(sts[m].Lines); got != 0 {
					t.Errorf("%s billed %d mid-term", m, got)
				}
			}
			renewal := sts[monthOf(c.renewalMonth)]
			if got := sumLines(renewal.Lines); got != q.NewAnnualFee {
				t.Errorf("renewal %s bills %d, the quote's new annual fee %d: %+v", c.renewalMonth, got, q.NewAnnualFee, renewal.Lines)
			}
			if l := lineWith(linesOf(renewal, "annual-connect"), core.RulePlanAnnual); l == nil || l.Amount != c.renewal ||
				!strings.Contains(l.Reason, q.NextRenewal.String()) {
				t.Errorf("renewal line %+v, want %d from %s", l, c.renewal, q.NextRenewal)
			}
			if got := sumLines(sts[monthOf("2027-04")].Lines); got != 0 {
				t.Errorf("2027-04 billed %d after the renewal", got)
			}
		})
	}
}

// dropPlans takes the plan services off contracts, for the tests whose figures
// are those of options and calls alone (the demo contracts hold plans).
func (e *env) dropPlans(t testing.TB, numbers ...string) {
	t.Helper()
	for _, n := range numbers {
		err := e.db.Update(func(tx core.Tx) error {
			var c core.Contract
			if err := tx.Get("contracts", n, &c); err != nil {
				return err
			}
			c.Plans = nil
			return tx.Put("contracts", n, &c)
		})
		if err != nil {
			t.Fatalf("plans of %s: %v", n, err)
		}
	}
}

// The plan lines of one month, pure: monthly plans every month of use, the
// initial fee of an operator's plan add (rule 7), annual fees at each term's
// start and never after the end (no refund, seed 004), a change's charge never
// below 0, and a plan the catalog lost reported while the rest is billed.
func TestPlanLinesOfAMonth(t *testing.T) {
	cat := core.DefaultCatalog()
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, core.JST) }
	end := func(t time.Time) *time.Time { return &t }
	open := func(plan string, start time.Time, fee int64) core.PlanService {
		return core.PlanService{ID: "1", Plan: plan, Start: start, TermStart: start, FirstTermEnd: start.AddDate(1, 0, -1), InitialFee: fee}
	}
	type line struct {
		code   string
		amount int64
		rule   string
	}
	for _, c := range []struct {
		name  string
		ps    core.PlanService
		month string
		want  []line
	}{
		{"monthly: before the start", open("rs-1", d(2026, 4, 10), 0), "2026-03", nil},
		{"monthly: the start month in full", open("rs-1", d(2026, 4, 10), 0), "2026-04", []line{{"rs-1", 975, core.RulePlanMonthly}}},
		{"monthly: an operator's add bills the initial fee", open("lite", d(2026, 4, 10), 3000), "2026-04",
			[]line{{"lite", 3000, core.RulePlanInitial}, {"lite", 975, core.RulePlanMonthly}}},
		{"monthly: the initial fee once", open("lite", d(2026, 4, 10), 3000), "2026-05", []line{{"lite", 975, core.RulePlanMonthly}}},
		{"monthly: the end month charged", func() core.PlanService {
			ps := open("basic", d(2026, 4, 1), 0)
			ps.End = end(d(2026, 6, 15))
			return ps
		}(), "2026-06", []line{{"basic", 1700, core.RulePlanMonthly}}},
		{"monthly: nothing after the end", func() core.PlanService {
			ps := open("basic", d(2026, 4, 1), 0)
			ps.End = end(d(2026, 6, 15))
			return ps
		}(), "2026-07", nil},
		{"annual: the term's fee at its start", open("vps-2-plesk", d(2026, 4, 1), 0), "2026-04", []line{{"vps-2-plesk", 16500, core.RulePlanAnnual}}},
		{"annual: nothing mid-term", open("vps-2-plesk", d(2026, 4, 1), 0), "2026-05", nil},
		{"annual: the next term", open("vps-2-plesk", d(2026, 4, 1), 0), "2027-04", []line{{"vps-2-plesk", 16500, core.RulePlanAnnual}}},
		{"annual: no term after the end", func() core.PlanService {
			ps := open("vps-2-plesk", d(2026, 4, 1), 0)
			ps.End = end(d(2026, 10, 31))
			return ps
		}(), "2027-04", nil},
		{"annual: a change's credit above the price bills 0", core.PlanService{ID: "1", Plan: "vps-2-plesk", Start: d(2026, 9, 1),
			TermStart: d(2026, 10, 1), FirstTermEnd: d(2027, 12, 31),
			Change: &core.PlanChangeTerms{Request: "PC20260820-000001", Credit: 20000, Charge: 0, ExtendMonths: 3}}, "2026-10",
			[]line{{"vps-2-plesk", 16500, core.RulePlanAnnual}, {"vps-2-plesk", -16500, core.RulePlanCredit}}},
		{"annual: a change's free month", core.PlanService{ID: "1", Plan: "vps-2-plesk", Start: d(2026, 9, 1),
			TermStart: d(2026, 10, 1), FirstTermEnd: d(2027, 12, 31),
			Change: &core.PlanChangeTerms{Request: "PC20260820-000001", Credit: 20000, Charge: 0, ExtendMonths: 3}}, "2026-09",
			[]line{{"vps-2-plesk", 0, core.RulePlanFree}}},
		{"annual: after an extended first term", core.PlanService{ID: "1", Plan: "vps-2-plesk", Start: d(2026, 9, 1),
			TermStart: d(2026, 10, 1), FirstTermEnd: d(2027, 12, 31),
			Change: &core.PlanChangeTerms{Request: "PC20260820-000001", Credit: 20000, Charge: 0, ExtendMonths: 3}}, "2028-01",
			[]line{{"vps-2-plesk", 16500, core.RulePlanAnnual}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			k := &core.Contract{Number: "12345678901234", Plans: []core.PlanService{c.ps}}
			got, err := core.PlanLines(cat, k, monthOf(c.month))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(c.want) {
				t.Fatalf("lines %+v, want %+v", got, c.want)
			}
			for i, w := range c.want {
				if g := got[i]; g.Code != w.code || g.Amount != w.amount || g.Rule != w.rule || g.Period != c.month || g.Reason == "" {
					t.Errorf("line %d: %+v, want %+v", i, g, w)
				}
			}
		})
	}
	t.Run("a plan not in the catalog", func(t *testing.T) {
		k := &core.Contract{Number: "12345678901234", Plans: []core.PlanService{open("gone", d(2026, 4, 1), 0), open("rs-1", d(2026, 4, 1), 0)},
			Options: []core.OptionRecord{{Option: "mailpack", PurchasedAt: d(2026, 3, 5)}}}
		st, err := core.BuildStatement(cat, k, nil, monthOf("2026-04"), core.DefaultIssuer, d(2026, 5, 1))
		if !errors.Is(err, core.ErrUnknownPlan) || !errors.Is(err, core.ErrUnknownOption) {
			t.Errorf("err = %v, want ErrUnknownPlan", err)
		}
		if len(st.Lines) != 2 || st.Lines[0].Code != "rs-1" || st.Lines[1].Code != "mailpack" || st.Total != (975+300)*110/100 {
			t.Errorf("the rest is not billed: %+v", st)
		}
	})
}
