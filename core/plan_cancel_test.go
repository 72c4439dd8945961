package core_test

import (
	"testing"
	"time"

	"mypage/core"
)

// d is the day of a quote figure.
func d(y int, m time.Month, dd int) core.Day { return core.DayOf(day(y, m, dd)) }

// The rules of a plan cancel (SPEC §11.4, seeds 002 and 004), each case named
// with the sentence it checks; every figure of the quote is compared.
func TestQuotePlanCancel(t *testing.T) {
	debit := &core.PaymentMethod{Kind: core.PaymentDebit}
	transfer := &core.PaymentMethod{Kind: core.PaymentTransfer}
	noRenew := func(ps core.PlanService) core.PlanService { ps.NoAutoRenew = true; return ps }
	applying := core.PlanService{ID: "1", Plan: "basic", AppliedAt: day(2026, 4, 2), Start: day(2026, 5, 1), TermStart: day(2026, 5, 1),
		FirstTermEnd: day(2027, 4, 30), InitialFee: 3_000}
	oldEnd := day(2026, 6, 30)
	changedFrom := planOn("1", "rs-1", day(2025, 1, 1))
	changedFrom.End, changedFrom.ReplacedBy = &oldEnd, "2"
	changedTo := core.PlanService{ID: "2", Plan: "lite", AppliedAt: day(2026, 4, 2), Start: day(2026, 5, 1), TermStart: day(2026, 6, 1),
		FirstTermEnd: day(2027, 5, 31), WaivedFee: 3_000, Change: &core.PlanChangeTerms{Request: "PC20260402-000001", From: "1", Charge: 975}}
	withMailbox := []core.OptionRecord{{Option: "annual-mailbox", PurchasedAt: day(2025, 12, 1)}}
	cases := []struct {
		name    string
		plans   []core.PlanService
		options []core.OptionRecord
		pay     *core.PaymentMethod
		now     time.Time
		service string
		want    core.PlanCancelQuote
	}{
		{
			name:  "ご解約月は月額料金の請求が発生します: a monthly plan ends on the last day of the month asked",
			plans: []core.PlanService{planOn("1", "rs-1", day(2025, 1, 1))}, pay: transfer, now: jst(2026, 4, 15),
			want: core.PlanCancelQuote{End: d(2026, 4, 30), WithdrawFrom: d(2026, 5, 1), NoRefund: true,
				Billed: []core.PlanCancelMonth{{Month: "2026-04", Amount: 975, Reason: core.CancelBilledMonth}}, BilledTotal: 975},
		},
		{
			name:  "該当月の10日までにご連絡ください: an auto-debit member asking on the 10th ends this month",
			plans: []core.PlanService{planOn("1", "basic", day(2025, 1, 1))}, pay: debit, now: jst(2026, 4, 10),
			want: core.PlanCancelQuote{End: d(2026, 4, 30), WithdrawFrom: d(2026, 5, 1), NoRefund: true, Debit: true, DebitDeadline: d(2026, 4, 10),
				Billed: []core.PlanCancelMonth{{Month: "2026-04", Amount: 1_700, Reason: core.CancelBilledMonth}}, BilledTotal: 1_700},
		},
		{
			name:  "それ以降のご連絡の場合には、次月分の引き落しを行わせていただきますので、退会日につきましても翌月の期日までとさせていただきます",
			plans: []core.PlanService{planOn("1", "basic", day(2025, 1, 1))}, pay: debit, now: jst(2026, 4, 11),
			want: core.PlanCancelQuote{End: d(2026, 5, 31), WithdrawFrom: d(2026, 6, 1), NoRefund: true, Debit: true, DebitDeadline: d(2026, 4, 10),
				Moved: true, EndByDeadline: d(2026, 4, 30), DebitedOnceMore: "2026-05",
				Billed: []core.PlanCancelMonth{{Month: "2026-04", Amount: 1_700, Reason: core.CancelBilledMonth},
					{Month: "2026-05", Amount: 1_700, Reason: core.CancelBilledDebit}}, BilledTotal: 3_400},
		},
		{
			name:  "預金口座自動引き落し only: a member paying by bank transfer asking after the 10th still ends this month",
			plans: []core.PlanService{planOn("1", "rs-1", day(2025, 1, 1))}, pay: transfer, now: jst(2026, 4, 28),
			want: core.PlanCancelQuote{End: d(2026, 4, 30), WithdrawFrom: d(2026, 5, 1), NoRefund: true,
				Billed: []core.PlanCancelMonth{{Month: "2026-04", Amount: 975, Reason: core.CancelBilledMonth}}, BilledTotal: 975},
		},
		{
			name:  "a plan whose auto-renew is off ends with its term, before the month's end and the debit of the next month",
			plans: []core.PlanService{noRenew(planOn("1", "rs-1", day(2025, 4, 20)))}, pay: debit, now: jst(2026, 4, 15),
			want: core.PlanCancelQuote{End: d(2026, 4, 19), WithdrawFrom: d(2026, 4, 20), NoRefund: true, Debit: true, DebitDeadline: d(2026, 4, 10),
				Billed: []core.PlanCancelMonth{{Month: "2026-04", Amount: 975, Reason: core.CancelBilledMonth}}, BilledTotal: 975},
		},
		{
			name:  "途中解約の場合でも、お支払いいただいた会費は、払い戻しいたしません: an annual plan ends with its prepaid term, nothing more billed",
			plans: []core.PlanService{planOn("1", "vps-2-plesk", day(2025, 11, 1))}, pay: debit, now: jst(2026, 4, 20),
			want: core.PlanCancelQuote{End: d(2026, 10, 31), WithdrawFrom: d(2026, 11, 1), NoRefund: true,
				PaidTermStart: d(2025, 11, 1), PaidTermEnd: d(2026, 10, 31), PaidFee: 16_500,
				RenewalStopped: d(2026, 11, 1), RenewalFee: 16_500},
		},
		{
			name:  "次月分の引き落し is about monthly fees: an annual term ending this month, asked after the 10th by auto-debit, is not renewed",
			plans: []core.PlanService{planOn("1", "vps-2-plesk", day(2025, 4, 25))}, pay: debit, now: jst(2026, 4, 15),
			want: core.PlanCancelQuote{End: d(2026, 4, 24), WithdrawFrom: d(2026, 4, 25), NoRefund: true,
				PaidTermStart: d(2025, 4, 25), PaidTermEnd: d(2026, 4, 24), PaidFee: 16_500,
				RenewalStopped: d(2026, 4, 25), RenewalFee: 16_500},
		},
		{
			name:  "会費は前払い: the annual fee of a term begun this month stays billed",
			plans: []core.PlanService{planOn("1", "advance-lite", day(2026, 4, 1))}, pay: transfer, now: jst(2026, 4, 15),
			want: core.PlanCancelQuote{End: d(2027, 3, 31), WithdrawFrom: d(2027, 4, 1), NoRefund: true,
				PaidTermStart: d(2026, 4, 1), PaidTermEnd: d(2027, 3, 31), PaidFee: 12_000,
				RenewalStopped: d(2027, 4, 1), RenewalFee: 12_000,
				Billed: []core.PlanCancelMonth{{Month: "2026-04", Amount: 12_000, Reason: core.CancelBilledTerm}}, BilledTotal: 12_000},
		},
		{
			name:  "the annual options of a 年会費制 plan end with it, on the same day",
			plans: []core.PlanService{planOn("1", "annual-connect", day(2025, 11, 1))}, options: withMailbox, pay: debit, now: jst(2026, 4, 20),
			want: core.PlanCancelQuote{End: d(2026, 10, 31), WithdrawFrom: d(2026, 11, 1), NoRefund: true,
				PaidTermStart: d(2025, 11, 1), PaidTermEnd: d(2026, 10, 31), PaidFee: 26_000,
				RenewalStopped: d(2026, 11, 1), RenewalFee: 26_000,
				Options: []core.PlanCancelOption{{Option: "annual-mailbox", Until: d(2026, 10, 31)}}},
		},
		{
			name:  "申込中 → 取消: an application is withdrawn, not even its initial fee billed; withdrawal from the next day",
			plans: []core.PlanService{applying}, pay: debit, now: jst(2026, 4, 15),
			want: core.PlanCancelQuote{Kind: core.PlanCancelWithdraw, State: core.PlanApplying, WithdrawFrom: d(2026, 4, 16), VoidedInitialFee: 3_000},
		},
		{
			name:  "取消 of the new plan of a plan change gives the old plan back",
			plans: []core.PlanService{changedFrom, changedTo}, service: "2", pay: transfer, now: jst(2026, 4, 15),
			// The old plan given back still blocks withdrawal: no day is named.
			want: core.PlanCancelQuote{Kind: core.PlanCancelWithdraw, State: core.PlanApplying,
				Change: "PC20260402-000001", Restores: "1", RestoresPlan: "rs-1"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ct := &core.Contract{Number: "10000000000001", Plans: c.plans, Options: c.options, Payment: c.pay}
			id := c.service
			if id == "" {
				id = "1"
			}
			got, err := core.QuotePlanCancel(testCatalog(), ct, core.PlanCancelRequest{Service: id}, c.now)
			if err != nil {
				t.Fatal(err)
			}
			w := c.want
			pl, _ := testCatalog().Plan(c.plans[len(c.plans)-1].Plan)
			if c.service == "" {
				pl, _ = testCatalog().Plan(c.plans[0].Plan)
			}
			w.Contract, w.Service, w.Plan, w.Cycle, w.Price, w.AskedOn = ct.Number, id, pl.Code, pl.Cycle, pl.Price, core.DayOf(c.now)
			if w.Kind == "" {
				w.Kind, w.State = core.PlanCancelEnd, core.PlanInUse
			}
			if mustJSON(t, got) != mustJSON(t, w) {
				t.Errorf("quote\n got %s\nwant %s", mustJSON(t, got), mustJSON(t, w))
			}
		})
	}
}

// The refusals of a plan cancel, each a code the screen words.
func TestQuotePlanCancelRefused(t *testing.T) {
	now := jst(2026, 4, 15)
	past := day(2026, 3, 31)
	later := day(2026, 4, 30)
	ended := planOn("1", "rs-1", day(2025, 1, 1))
	ended.End = &past
	cancelling := planOn("1", "rs-1", day(2025, 1, 1))
	cancelling.End, cancelling.Cancel = &later, &core.PlanCancelRecord{Number: "CX20260401-000001"}
	replaced := planOn("1", "rs-1", day(2025, 1, 1))
	replaced.End, replaced.ReplacedBy = &later, "2"
	voided := planOn("1", "basic", day(2026, 5, 1))
	voided.Cancel = &core.PlanCancelRecord{Number: "CX20260401-000001", Voided: true}
	gone := planOn("1", "rs-0", day(2025, 1, 1))
	renewedAs := planOn("1", "vps-2-plesk", day(2025, 5, 1))
	renewedAs.End, renewedAs.RenewedAs = &later, "2"
	for _, c := range []struct {
		name    string
		ps      core.PlanService
		service string
		want    string
	}{
		{"no such plan service", planOn("1", "rs-1", day(2025, 1, 1)), "9", core.PlanBlockNoService},
		{"an ended service", ended, "1", core.PlanBlockEnded},
		{"a withdrawn application has ended", voided, "1", core.PlanBlockEnded},
		{"a cancel already recorded", cancelling, "1", core.PlanBlockCancelling},
		{"the old plan of a plan change ends with the change", replaced, "1", core.PlanBlockReplaced},
		{"a plan the catalog no longer has", gone, "1", core.PlanBlockUnknown},
		{"renewed to another plan: it ends on its term's end for that one", renewedAs, "1", core.PlanBlockRenewed},
	} {
		t.Run(c.name, func(t *testing.T) {
			ct := &core.Contract{Number: "10000000000001", Plans: []core.PlanService{c.ps}}
			_, err := core.QuotePlanCancel(testCatalog(), ct, core.PlanCancelRequest{Service: c.service}, now)
			if got := core.PlanBlock(err); got != c.want {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
		})
	}
}

// A lapsed service (its term ended without renewal) is ended for good on its
// last term's end; nothing is billed.
func TestQuotePlanCancelLapsed(t *testing.T) {
	ps := planOn("1", "vps-2-plesk", day(2025, 3, 1))
	ps.NoAutoRenew = true // the term 2025-03-01 – 2026-02-28 is not renewed
	now := jst(2026, 4, 15)
	if ps.State(now) != core.PlanLapsed {
		t.Fatal("the state of a term ended without renewal is not lapsed")
	}
	ct := &core.Contract{Number: "10000000000001", Plans: []core.PlanService{ps}, Payment: &core.PaymentMethod{Kind: core.PaymentDebit}}
	q, err := core.QuotePlanCancel(testCatalog(), ct, core.PlanCancelRequest{Service: "1"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if !q.Lapsed || q.End != d(2026, 2, 28) || q.WithdrawFrom != d(2026, 4, 16) || len(q.Billed) != 0 || q.BilledTotal != 0 || q.Kind != core.PlanCancelEnd {
		t.Errorf("quote %+v", q)
	}
}
