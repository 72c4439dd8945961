package core_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"mypage/core"
)

// day is 00:00 JST of a calendar day.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, core.JST) }

// month reads YYYY-MM or fails the test.
func month(t testing.TB, s string) core.Month {
	t.Helper()
	m, err := core.ParseMonth(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// planOn is a plan service in use whose first term runs a year from termStart.
func planOn(id, code string, termStart time.Time) core.PlanService {
	return core.PlanService{ID: id, Plan: code, AppliedAt: termStart, Start: termStart, TermStart: termStart,
		FirstTermEnd: termStart.AddDate(0, core.TermMonths, -1)}
}

// testCatalog is the default catalog with the plans the seed's examples do not
// cover: an annual plan whose credit meets a monthly price exactly, and one whose
// credit is more than an annual new plan's fee.
func testCatalog() *core.Catalog {
	cat := *core.DefaultCatalog()
	cat.Plans = append(append([]core.Plan{}, cat.Plans...),
		core.Plan{Code: "even-annual", Name: "Even", Kind: core.PlanHosting, Cycle: core.CycleAnnual, Price: 12_000, Targets: []string{"five-k"}},
		core.Plan{Code: "five-k", Name: "Five", Kind: core.PlanHosting, Cycle: core.CycleMonthly, Price: 5_000, InitialFee: 1_000},
		core.Plan{Code: "big-annual", Name: "Big", Kind: core.PlanHosting, Cycle: core.CycleAnnual, Price: 36_000, Targets: []string{"vps-2-plesk"}},
	)
	return &cat
}

// The seed's examples A, B and C (SPEC §11.1) and the boundaries of the rules, each
// with every figure of the quote and the formulas in words and figures. "now" is
// 2026-04-01 10:00 JST.
func TestQuotePlanChange(t *testing.T) {
	cases := []struct {
		name  string
		plan  core.PlanService
		to    string
		start string
		want  core.PlanChangeQuote
	}{
		{
			name: "A: RS-1 (monthly) → Lite (monthly)", plan: planOn("1", "rs-1", day(2025, 1, 1)), to: "lite", start: "2026-05",
			want: core.PlanChangeQuote{NewStart: core.DayOf(day(2026, 5, 1)), OldEnd: core.DayOf(day(2026, 6, 30)), ParallelMonth: "2026-06",
				WaivedInitialFee: 3_000, FreeMonth: "2026-05", OldParallelFree: true, OldParallelAmount: 975,
				NewPrice: 975, NewCycle: "monthly", RawCharge: 975, Charge: 975, ChargeMonth: "2026-06", ChargeFormula: "975 − 0 = 975",
				NewTermStart: core.DayOf(day(2026, 6, 1)), NewEnd: core.DayOf(day(2027, 5, 31))},
		},
		{
			name: "B: VPS-2(Plesk) (annual, R = 5) → Basic (monthly)", plan: planOn("1", "vps-2-plesk", day(2025, 11, 1)), to: "basic", start: "2026-04",
			want: core.PlanChangeQuote{NewStart: core.DayOf(start), OldEnd: core.DayOf(day(2026, 5, 31)), ParallelMonth: "2026-05",
				WaivedInitialFee: 3_000, FreeMonth: "2026-04",
				OldTermEnd: core.DayOf(day(2026, 10, 31)), RemainingMonths: 5, OldMonthlyUnit: 1_375, Credit: 6_875,
				CreditFormula: "ceil(16,500 ÷ 12) × 5 = 6,875",
				NewPrice:      1_700, NewCycle: "monthly", RawCharge: -5_175, Charge: 0, ChargeMonth: "2026-05",
				ChargeFormula: "1,700 − 6,875 = −5,175 → 0",
				ExtendUnit:    1_700, ExtendMonths: 4, ExtendFormula: "ceil(5,175 ÷ 1,700) = 4", ExtendFrom: "2027-05",
				NewTermStart: core.DayOf(day(2026, 5, 1)), NewEnd: core.DayOf(day(2027, 8, 31))},
		},
		{
			name: "C: アドバンスライト (annual, R = 5) → VPS-2(Plesk) (annual)", plan: planOn("1", "advance-lite", day(2025, 11, 1)), to: "vps-2-plesk", start: "2026-04",
			want: core.PlanChangeQuote{NewStart: core.DayOf(start), OldEnd: core.DayOf(day(2026, 5, 31)), ParallelMonth: "2026-05",
				FreeMonth: "2026-04", OldTermEnd: core.DayOf(day(2026, 10, 31)), RemainingMonths: 5, OldMonthlyUnit: 1_000, Credit: 5_000,
				CreditFormula: "ceil(12,000 ÷ 12) × 5 = 5,000",
				NewPrice:      16_500, NewCycle: "annual", RawCharge: 11_500, Charge: 11_500, ChargeMonth: "2026-05",
				ChargeFormula: "16,500 − 5,000 = 11,500",
				NewTermStart:  core.DayOf(day(2026, 5, 1)), NewEnd: core.DayOf(day(2027, 4, 30))},
		},
		{
			name: "R = 0: the old term ends with the parallel month", plan: planOn("1", "vps-2-plesk", day(2025, 6, 1)), to: "basic", start: "2026-04",
			want: core.PlanChangeQuote{NewStart: core.DayOf(start), OldEnd: core.DayOf(day(2026, 5, 31)), ParallelMonth: "2026-05",
				WaivedInitialFee: 3_000, FreeMonth: "2026-04", OldTermEnd: core.DayOf(day(2026, 5, 31)), OldMonthlyUnit: 1_375,
				CreditFormula: "ceil(16,500 ÷ 12) × 0 = 0",
				NewPrice:      1_700, NewCycle: "monthly", RawCharge: 1_700, Charge: 1_700, ChargeMonth: "2026-05", ChargeFormula: "1,700 − 0 = 1,700",
				NewTermStart: core.DayOf(day(2026, 5, 1)), NewEnd: core.DayOf(day(2027, 4, 30))},
		},
		{
			name: "a 1-day remainder is no whole month", plan: planOn("1", "vps-2-plesk", day(2025, 6, 2)), to: "pro", start: "2026-04",
			want: core.PlanChangeQuote{NewStart: core.DayOf(start), OldEnd: core.DayOf(day(2026, 5, 31)), ParallelMonth: "2026-05",
				WaivedInitialFee: 3_000, FreeMonth: "2026-04", OldTermEnd: core.DayOf(day(2026, 6, 1)), OldMonthlyUnit: 1_375,
				CreditFormula: "ceil(16,500 ÷ 12) × 0 = 0",
				NewPrice:      3_400, NewCycle: "monthly", RawCharge: 3_400, Charge: 3_400, ChargeMonth: "2026-05", ChargeFormula: "3,400 − 0 = 3,400",
				NewTermStart: core.DayOf(day(2026, 5, 1)), NewEnd: core.DayOf(day(2027, 4, 30))},
		},
		{
			// Rule 2 holds: the old plan runs through the parallel month, renewed on
			// 2026-04-16 as usual, and the renewed term's unused months are the credit.
			name: "the old term ends in the start month: renewed, and its remaining months credited", plan: planOn("1", "vps-2-plesk", day(2025, 4, 16)), to: "basic", start: "2026-04",
			want: core.PlanChangeQuote{NewStart: core.DayOf(start), OldEnd: core.DayOf(day(2026, 5, 31)), ParallelMonth: "2026-05",
				WaivedInitialFee: 3_000, FreeMonth: "2026-04", OldRenewal: core.DayOf(day(2026, 4, 16)), OldRenewalFee: 16_500,
				OldTermEnd: core.DayOf(day(2027, 4, 15)), RemainingMonths: 10, OldMonthlyUnit: 1_375, Credit: 13_750,
				CreditFormula: "ceil(16,500 ÷ 12) × 10 = 13,750",
				NewPrice:      1_700, NewCycle: "monthly", RawCharge: -12_050, Charge: 0, ChargeMonth: "2026-05",
				ChargeFormula: "1,700 − 13,750 = −12,050 → 0",
				ExtendUnit:    1_700, ExtendMonths: 8, ExtendFormula: "ceil(12,050 ÷ 1,700) = 8", ExtendFrom: "2027-05",
				NewTermStart: core.DayOf(day(2026, 5, 1)), NewEnd: core.DayOf(day(2027, 12, 31))},
		},
		{
			name: "a charge of exactly 0: no extension", plan: planOn("1", "even-annual", day(2025, 11, 1)), to: "five-k", start: "2026-04",
			want: core.PlanChangeQuote{NewStart: core.DayOf(start), OldEnd: core.DayOf(day(2026, 5, 31)), ParallelMonth: "2026-05",
				WaivedInitialFee: 1_000, FreeMonth: "2026-04", OldTermEnd: core.DayOf(day(2026, 10, 31)), RemainingMonths: 5,
				OldMonthlyUnit: 1_000, Credit: 5_000, CreditFormula: "ceil(12,000 ÷ 12) × 5 = 5,000",
				NewPrice: 5_000, NewCycle: "monthly", RawCharge: 0, Charge: 0, ChargeMonth: "2026-05", ChargeFormula: "5,000 − 5,000 = 0",
				NewTermStart: core.DayOf(day(2026, 5, 1)), NewEnd: core.DayOf(day(2027, 4, 30))},
		},
		{
			name: "an annual new plan extends by ceil(annual ÷ 12)", plan: planOn("1", "big-annual", day(2026, 1, 1)), to: "vps-2-plesk", start: "2026-04",
			want: core.PlanChangeQuote{NewStart: core.DayOf(start), OldEnd: core.DayOf(day(2026, 5, 31)), ParallelMonth: "2026-05",
				FreeMonth: "2026-04", OldTermEnd: core.DayOf(day(2026, 12, 31)), RemainingMonths: 7,
				OldMonthlyUnit: 3_000, Credit: 21_000, CreditFormula: "ceil(36,000 ÷ 12) × 7 = 21,000",
				NewPrice: 16_500, NewCycle: "annual", RawCharge: -4_500, Charge: 0, ChargeMonth: "2026-05",
				ChargeFormula: "16,500 − 21,000 = −4,500 → 0",
				ExtendUnit:    1_375, ExtendMonths: 4, ExtendFormula: "ceil(4,500 ÷ ceil(16,500 ÷ 12)) = ceil(4,500 ÷ 1,375) = 4", ExtendFrom: "2027-05",
				NewTermStart: core.DayOf(day(2026, 5, 1)), NewEnd: core.DayOf(day(2027, 8, 31))},
		},
		{
			name: "a lowering change: Basic → Lite", plan: planOn("1", "basic", day(2025, 8, 20)), to: "lite", start: "2026-07",
			want: core.PlanChangeQuote{NewStart: core.DayOf(day(2026, 7, 1)), OldEnd: core.DayOf(day(2026, 8, 31)), ParallelMonth: "2026-08",
				WaivedInitialFee: 3_000, FreeMonth: "2026-07", OldParallelFree: true, OldParallelAmount: 1_700,
				NewPrice: 975, NewCycle: "monthly", RawCharge: 975, Charge: 975, ChargeMonth: "2026-08", ChargeFormula: "975 − 0 = 975",
				NewTermStart: core.DayOf(day(2026, 8, 1)), NewEnd: core.DayOf(day(2027, 7, 31))},
		},
	}
	cat := testCatalog()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := &core.Contract{Number: "C1", Plans: []core.PlanService{tc.plan}}
			got, err := core.QuotePlanChange(cat, c, core.PlanChangeRequest{Service: "1", To: tc.to, Start: month(t, tc.start)}, start)
			if err != nil {
				t.Fatalf("QuotePlanChange: %v", err)
			}
			want := tc.want
			want.Contract, want.Service, want.From, want.To = "C1", "1", tc.plan.Plan, tc.to
			if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
				t.Errorf("quote\n got %s\nwant %s", g, w)
			}
		})
	}
}

// What the flow refuses, each with its code; the quote is a pure function, so the
// contract is only read.
func TestQuotePlanChangeRefusals(t *testing.T) {
	inUse := planOn("1", "vps-2-plesk", day(2025, 11, 1))
	endsOn := func(ps core.PlanService, end time.Time) core.PlanService { ps.End = &end; return ps }
	applying := planOn("1", "basic", day(2026, 5, 1))
	pending := applying
	pending.Change = &core.PlanChangeTerms{Request: "PC20260401-000001", From: "0"}
	cases := []struct {
		name  string
		plan  core.PlanService
		to    string
		start core.Month
		want  string // a PlanError code, or "" for ErrNotFound
	}{
		{"a start month in the past", inUse, "basic", month(t, "2026-03"), core.PlanBlockPast},
		{"a start month more than 3 months ahead", inUse, "basic", month(t, "2026-08"), core.PlanBlockFar},
		{"no start month", inUse, "basic", core.Month{}, core.PlanBlockBadMonth},
		{"a target not in the allowed list", inUse, "lite", month(t, "2026-05"), core.PlanBlockTarget},
		{"a target not in the catalog", inUse, "vps-9", month(t, "2026-05"), core.PlanBlockTarget},
		{"the plan itself", inUse, "vps-2-plesk", month(t, "2026-05"), core.PlanBlockTarget},
		{"a plan applying", applying, "lite", month(t, "2026-05"), core.PlanBlockNotInUse},
		{"the new plan of a change not started yet", pending, "lite", month(t, "2026-05"), core.PlanBlockPending},
		{"a plan cancelling", endsOn(inUse, day(2026, 6, 30)), "basic", month(t, "2026-05"), core.PlanBlockEnding},
		{"a plan ended", endsOn(inUse, day(2026, 3, 31)), "basic", month(t, "2026-05"), core.PlanBlockNotInUse},
		{"the annual-fee membership changes to nothing", planOn("1", "annual-connect", day(2025, 11, 1)), "basic", month(t, "2026-05"), core.PlanBlockNoTargets},
		{"a plan the catalog no longer has", planOn("1", "gone", day(2025, 11, 1)), "basic", month(t, "2026-05"), core.PlanBlockUnknown},
		{"a plan service the contract does not hold", planOn("2", "basic", day(2025, 11, 1)), "lite", month(t, "2026-05"), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := &core.Contract{Number: "C1", Plans: []core.PlanService{tc.plan}}
			before := mustJSON(t, c)
			_, err := core.QuotePlanChange(core.DefaultCatalog(), c, core.PlanChangeRequest{Service: "1", To: tc.to, Start: tc.start}, start)
			if tc.want == "" {
				wantErr(t, err, core.ErrNotFound)
			} else if got := core.PlanBlock(err); got != tc.want {
				t.Fatalf("err = %v, want the %q block", err, tc.want)
			}
			if mustJSON(t, c) != before {
				t.Fatal("the quote changed the contract")
			}
		})
	}
	// The edges of the window: the current month and three months ahead are quoted.
	for _, m := range []string{"2026-04", "2026-07"} {
		c := &core.Contract{Number: "C1", Plans: []core.PlanService{inUse}}
		if _, err := core.QuotePlanChange(core.DefaultCatalog(), c, core.PlanChangeRequest{Service: "1", To: "basic", Start: month(t, m)}, start); err != nil {
			t.Errorf("start %s: %v", m, err)
		}
	}
	var pe *core.PlanError
	_, err := core.QuotePlanChange(core.DefaultCatalog(), &core.Contract{Plans: []core.PlanService{inUse}},
		core.PlanChangeRequest{Service: "1", To: "basic", Start: month(t, "2026-01")}, start)
	if !errors.As(err, &pe) || pe.AuditResult() != "refused-start-past" {
		t.Errorf("err = %v, want a PlanError audited as refused-start-past", err)
	}
}

// membership is a 年会費制 contract whose term ends on end, holding the given
// annual options (bought before the term began).
func membership(end time.Time, options ...string) *core.Contract {
	ps := planOn("1", "annual-connect", end.AddDate(-1, 0, 1))
	c := &core.Contract{Number: "C2", Plans: []core.PlanService{ps}}
	for _, o := range options {
		c.Options = append(c.Options, core.OptionRecord{Option: o, PurchasedAt: ps.TermStart.AddDate(0, 0, -1)})
	}
	return c
}

// SPEC §11.2 (seed 004 §2): the remaining days shrink by the ratio of the fees,
// floor to the day; "now" is 2026-04-01.
func TestQuoteAnnualOption(t *testing.T) {
	cases := []struct {
		name     string
		c        *core.Contract
		option   string
		before   int
		old, new int64
		exact    string
		after    int
		newEnd   time.Time
		formula  string
	}{
		{"the 92-day example: 24,000 → 26,000 with 100 days left", membership(day(2026, 7, 10)), "annual-mailbox",
			100, 24_000, 26_000, "92.3", 92, day(2026, 7, 2), "100 × 24,000 ÷ 26,000 = 92.3 → 92"},
		{"a second option in the same term: the old fee is 26,000", membership(day(2026, 7, 10), "annual-mailbox"), "annual-static-ip",
			100, 26_000, 32_000, "81.2", 81, day(2026, 6, 21), "100 × 26,000 ÷ 32,000 = 81.2 → 81"},
		{"1 day left: floor(0.9) = 0, the term ends today", membership(day(2026, 4, 2)), "annual-mailbox",
			1, 24_000, 26_000, "0.9", 0, day(2026, 4, 1), "1 × 24,000 ÷ 26,000 = 0.9 → 0"},
		{"the term ends today: nothing left to shrink", membership(day(2026, 4, 1)), "annual-static-ip",
			0, 24_000, 30_000, "0.0", 0, day(2026, 4, 1), "0 × 24,000 ÷ 30,000 = 0.0 → 0"},
		{"a whole term left", membership(day(2027, 3, 31)), "annual-static-ip",
			364, 24_000, 30_000, "291.2", 291, day(2027, 1, 17), "364 × 24,000 ÷ 30,000 = 291.2 → 291"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := mustJSON(t, tc.c)
			q, err := core.QuoteAnnualOption(core.DefaultCatalog(), tc.c, tc.option, start)
			if err != nil {
				t.Fatal(err)
			}
			if q.DaysBefore != tc.before || q.OldAnnualFee != tc.old || q.NewAnnualFee != tc.new || q.Exact != tc.exact || q.DaysAfter != tc.after {
				t.Errorf("quote %+v", q)
			}
			if !q.NewTermEnd.Equal(tc.newEnd) || !q.NextRenewal.Equal(tc.newEnd.AddDate(0, 0, 1)) || q.Formula != tc.formula {
				t.Errorf("new end %s, renewal %s, formula %q", q.NewTermEnd, q.NextRenewal, q.Formula)
			}
			if q.Service != "1" || q.Option != tc.option || q.Contract != "C2" || q.Today.String() != "2026-04-01" {
				t.Errorf("quote names %+v", q)
			}
			if mustJSON(t, tc.c) != before {
				t.Fatal("the quote changed the contract")
			}
		})
	}
	// Refusals: no membership in use, an option that is not annual, an unknown one.
	hosting := &core.Contract{Plans: []core.PlanService{planOn("1", "vps-2-plesk", day(2025, 11, 1))}}
	if _, err := core.QuoteAnnualOption(core.DefaultCatalog(), hosting, "annual-mailbox", start); core.PlanBlock(err) != core.PlanBlockNoPlan {
		t.Errorf("without a membership: err = %v", err)
	}
	ended := membership(day(2026, 7, 10))
	end := day(2026, 3, 31)
	ended.Plans[0].End = &end
	if _, err := core.QuoteAnnualOption(core.DefaultCatalog(), ended, "annual-mailbox", start); core.PlanBlock(err) != core.PlanBlockNoPlan {
		t.Errorf("an ended membership: err = %v", err)
	}
	for _, code := range []string{"mailpack", "nothing"} {
		if _, err := core.QuoteAnnualOption(core.DefaultCatalog(), membership(day(2026, 7, 10)), code, start); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("%s: err = %v, want ErrNotFound", code, err)
		}
	}
}

// JSON of a quote: the figures the back office reads, in yen and YYYY-MM-DD.
func TestQuoteJSON(t *testing.T) {
	c := &core.Contract{Number: "C1", Plans: []core.PlanService{planOn("1", "vps-2-plesk", day(2025, 11, 1))}}
	q, err := core.QuotePlanChange(core.DefaultCatalog(), c, core.PlanChangeRequest{Service: "1", To: "basic", Start: month(t, "2026-04")}, start)
	if err != nil {
		t.Fatal(err)
	}
	js := mustJSON(t, q)
	for _, s := range []string{`"remaining_months":5`, `"credit":6875`, `"charge":0`, `"extend_months":4`, `"waived_initial_fee":3000`,
		`"old_end":"2026-05-31"`, `"new_start":"2026-04-01"`, `"new_end":"2027-08-31"`} {
		if !strings.Contains(js, s) {
			t.Errorf("quote JSON lacks %s: %s", s, js)
		}
	}
	var d core.Day
	if err := d.UnmarshalJSON([]byte(`"2027-08-31"`)); err != nil || !d.Equal(day(2027, 8, 31)) {
		t.Errorf("Day round trip: %v %v", d, err)
	}
	if b, _ := (core.Day{}).MarshalJSON(); string(b) != "null" {
		t.Errorf("zero day: %s", b)
	}
}

// One quote of example B, as the confirm step and the back office compute it.
func BenchmarkQuotePlanChange(b *testing.B) {
	cat := core.DefaultCatalog()
	c := &core.Contract{Number: "C1", Plans: []core.PlanService{planOn("1", "vps-2-plesk", day(2025, 11, 1))}}
	req := core.PlanChangeRequest{Service: "1", To: "basic", Start: core.MonthOf(start)}
	for b.Loop() {
		if _, err := core.QuotePlanChange(cat, c, req, start); err != nil {
			b.Fatal(err)
		}
	}
}

// The term adjustment of an annual option on a membership with two options held.
func BenchmarkQuoteAnnualOption(b *testing.B) {
	cat := core.DefaultCatalog()
	c := membership(day(2026, 7, 10), "annual-mailbox")
	for b.Loop() {
		if _, err := core.QuoteAnnualOption(cat, c, "annual-static-ip", start); err != nil {
			b.Fatal(err)
		}
	}
}
