package core_test

import (
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"mypage/core"
)

// planEnv is a LAN contract (paying by bank transfer) with the plan opened by an
// operator on start, 2026-04-01.
func planEnv(t *testing.T, code string) (*env, core.Certificate, core.PlanService) {
	t.Helper()
	e := newEnv(t)
	cert, _ := e.newContract(t, "spaaqs-lan")
	ps, err := e.svc.AddPlan(e.op, cert.Number, code, start)
	if err != nil {
		t.Fatalf("AddPlan %s: %v", code, err)
	}
	return e, cert, ps
}

// at moves the clock and logs the holder in again (a session does not outlive
// months); what the contract owes past its due day is paid, so that it is not
// suspended for non-payment (unpaidAt leaves it owed).
func (e *env) at(t *testing.T, now time.Time, cert core.Certificate) core.Principal {
	t.Helper()
	e.clock.Set(now)
	e.settle(t, cert.Number)
	return e.login(t, core.LoginCustomerNumber, cert.Number, cert.InitialPassword).Principal
}

func (e *env) plansOf(t *testing.T, number string) []core.PlanView {
	t.Helper()
	v, err := e.svc.PlansOf(e.op, number)
	if err != nil {
		t.Fatalf("PlansOf: %v", err)
	}
	return v
}

// An operator's plan add bills the initial fee (SPEC §11.1 rule 7: no waiver, no
// credit) and opens a year's term from the start day.
func TestAddPlan(t *testing.T) {
	e, cert, ps := planEnv(t, "basic")
	want := core.PlanService{ID: "1", Plan: "basic", AppliedAt: start, Start: day(2026, 4, 1), TermStart: day(2026, 4, 1),
		FirstTermEnd: day(2027, 3, 31), InitialFee: 3_000}
	if mustJSON(t, ps) != mustJSON(t, want) {
		t.Errorf("plan service\n got %+v\nwant %+v", ps, want)
	}
	// A second plan later in the window: the next ID, its own term.
	ps2, err := e.svc.AddPlan(e.op, cert.Number, "vps-2-plesk", day(2026, 7, 15))
	if err != nil {
		t.Fatal(err)
	}
	if ps2.ID != "2" || !ps2.TermStart.Equal(day(2026, 7, 15)) || !ps2.FirstTermEnd.Equal(day(2027, 7, 14)) || ps2.InitialFee != 0 || ps2.WaivedFee != 0 || ps2.Change != nil {
		t.Errorf("second plan %+v", ps2)
	}
	views := e.plansOf(t, cert.Number)
	if len(views) != 2 || views[0].State != core.PlanInUse || views[1].State != core.PlanApplying || views[1].Fee != 16_500 {
		t.Errorf("plans %+v", views)
	}
	var audited bool
	for _, r := range e.audit(t) {
		if r.Action == "plan-add" && r.Result == "ok" && r.Contract == cert.Number && r.Target == "basic@2026-04-01" {
			audited = true
		}
	}
	if !audited {
		t.Error("the plan add is not audited")
	}

	for _, tc := range []struct {
		name, number, code string
		start              time.Time
		want               string
	}{
		{"a plan not in the catalog", cert.Number, "vps-9", start, core.PlanBlockTarget},
		{"a start in a closed month", cert.Number, "lite", day(2026, 3, 31), core.PlanBlockPast},
		{"a start more than 3 months ahead", cert.Number, "lite", day(2026, 8, 1), core.PlanBlockFar},
		{"no contract", "99999999999999", "lite", start, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.svc.AddPlan(e.op, tc.number, tc.code, tc.start)
			if tc.want == "" {
				wantErr(t, err, core.ErrNotFound)
			} else if core.PlanBlock(err) != tc.want {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
	// One 年会費制 membership a contract.
	if _, err := e.svc.AddPlan(e.op, cert.Number, "annual-connect", start); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddPlan(e.op, cert.Number, "annual-connect", day(2026, 5, 1)); core.PlanBlock(err) != core.PlanBlockHeld {
		t.Errorf("a second membership: err = %v", err)
	}
	if n := len(e.plansOf(t, cert.Number)); n != 3 {
		t.Errorf("%d plan services after the refusals", n)
	}
}

// ChangePlan records the quote as confirmed: example B on a VPS-2(Plesk) opened on
// 2026-04-01, changed to Basic from 2026-09 (R = 5: November to March).
func TestChangePlan(t *testing.T) {
	e, cert, _ := planEnv(t, "vps-2-plesk")
	holder := e.at(t, time.Date(2026, 9, 10, 11, 0, 0, 0, core.JST), cert)
	req := core.PlanChangeRequest{Service: "1", To: "basic", Start: month(t, "2026-09")}
	q, err := e.svc.QuotePlanChange(holder, req)
	if err != nil {
		t.Fatal(err)
	}
	if q.RemainingMonths != 5 || q.Credit != 6_875 || q.Charge != 0 || q.ExtendMonths != 4 || q.OldEnd.String() != "2026-10-31" ||
		q.NewStart.String() != "2026-09-10" || q.NewEnd.String() != "2028-01-31" {
		t.Fatalf("quote %+v", q)
	}
	mails := len(e.outbox(t))
	tok := e.svc.NewToken()
	res, err := e.svc.ChangePlan(holder, tok, req)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^PC20260910-\d{6}$`).MatchString(res.Change.Number) {
		t.Errorf("request number %q", res.Change.Number)
	}
	if mustJSON(t, res.Change.Quote) != mustJSON(t, q) || res.Change.Contract != cert.Number || res.Change.NewService != "2" ||
		res.MailedTo != customer().ContactMail || res.Mailed != core.NoticePlanChange {
		t.Errorf("result %+v", res)
	}
	views := e.plansOf(t, cert.Number)
	if len(views) != 2 {
		t.Fatalf("%d plan services", len(views))
	}
	old, nw := views[0], views[1]
	if old.Service.End == nil || !old.Service.End.Equal(day(2026, 10, 31)) || old.Service.ReplacedBy != "2" || old.State != core.PlanCancelling ||
		old.Request != res.Change.Number || old.ChangeBlock != core.PlanBlockEnding {
		t.Errorf("old plan %+v", old)
	}
	want := core.PlanService{ID: "2", Plan: "basic", AppliedAt: e.clock.Now(), Start: q.NewStart.Time, TermStart: day(2026, 10, 1),
		FirstTermEnd: day(2028, 1, 31), WaivedFee: 3_000,
		Change: &core.PlanChangeTerms{Request: res.Change.Number, From: "1", Credit: 6_875, Charge: 0, ExtendMonths: 4}}
	if mustJSON(t, nw.Service) != mustJSON(t, want) || nw.State != core.PlanInUse || nw.Request != res.Change.Number {
		t.Errorf("new plan\n got %+v\nwant %+v", nw.Service, want)
	}
	pc, err := e.svc.PlanChangeOf(e.op, res.Change.Number)
	if err != nil || mustJSON(t, pc) != mustJSON(t, res.Change) {
		t.Errorf("PlanChangeOf: %+v, %v", pc, err)
	}
	if _, err := e.svc.PlanChangeOf(e.op, "PC20260910-999999"); !errors.Is(err, core.ErrNotFound) {
		t.Errorf("unknown request: %v", err)
	}

	// One completion mail with the figures of the quote.
	out := e.outbox(t)
	if len(out) != mails+1 {
		t.Fatalf("%d mails, want %d", len(out), mails+1)
	}
	m := out[len(out)-1]
	if m.To != customer().ContactMail || m.Subject != "【マイページ】プラン変更お申し込み完了のお知らせ" {
		t.Errorf("mail %s %q", m.To, m.Subject)
	}
	for _, s := range []string{"お客様番号 " + cert.Number, "受付番号: " + res.Change.Number, "お申し込み日: 2026/09/10",
		"現在のプラン: VPS-2(Plesk) (2026/10/31 終了)", "新しいプラン: Basic (2026/09/10 開始)",
		"初期費用: 3,000円 免除", "初月 (2026年9月) 無料、並行稼動月: 2026年10月",
		"旧プラン残存期間: 5ヶ月、差引額: 6,875円 (ceil(16,500 ÷ 12) × 5 = 6,875)",
		"新プランのご請求額 (2026年10月): 0円 (税別) (1,700 − 6,875 = −5,175 → 0)",
		"契約期間の延長: 4ヶ月 (ceil(5,175 ÷ 1,700) = 4)", "新プランの契約期間: 2026/10/01 ～ 2028/01/31", "IPアドレス", "DNS"} {
		if !strings.Contains(m.Body, s) {
			t.Errorf("mail body lacks %q:\n%s", s, m.Body)
		}
	}
	var audited int
	for _, r := range e.audit(t) {
		if r.Action == "plan-change" && r.Result == "ok" && r.Contract == cert.Number {
			audited++
		}
	}
	if audited != 1 {
		t.Errorf("%d audit records of the change", audited)
	}

	// The same confirm again runs nothing; a new one meets the plan already ending.
	before := mustJSON(t, e.plansOf(t, cert.Number))
	if _, err := e.svc.ChangePlan(holder, tok, req); !errors.Is(err, core.ErrAlreadySubmitted) {
		t.Errorf("same token: err = %v", err)
	}
	if _, err := e.svc.ChangePlan(holder, e.svc.NewToken(), req); core.PlanBlock(err) != core.PlanBlockEnding {
		t.Errorf("second change: err = %v", err)
	}
	if mustJSON(t, e.plansOf(t, cert.Number)) != before || len(e.outbox(t)) != mails+1 {
		t.Error("a refused change wrote something")
	}
}

// A change to a later month: the new plan waits (applying) and cannot be changed
// before it starts; the monthly old plan is free in its parallel month.
func TestChangePlanLaterMonth(t *testing.T) {
	e, cert, _ := planEnv(t, "rs-1")
	holder := e.login(t, core.LoginCustomerNumber, cert.Number, cert.InitialPassword).Principal
	res, err := e.svc.ChangePlan(holder, e.svc.NewToken(), core.PlanChangeRequest{Service: "1", To: "lite", Start: month(t, "2026-06")})
	if err != nil {
		t.Fatal(err)
	}
	q := res.Change.Quote
	if q.WaivedInitialFee != 3_000 || q.Charge != 975 || !q.OldParallelFree || q.ParallelMonth != "2026-07" || q.NewStart.String() != "2026-06-01" {
		t.Errorf("example A quote %+v", q)
	}
	views := e.plansOf(t, cert.Number)
	if views[1].State != core.PlanApplying || views[1].ChangeBlock != core.PlanBlockPending || views[0].State != core.PlanCancelling {
		t.Errorf("plans %+v", views)
	}
	if _, err := e.svc.QuotePlanChange(holder, core.PlanChangeRequest{Service: "2", To: "basic", Start: month(t, "2026-06")}); core.PlanBlock(err) != core.PlanBlockPending {
		t.Errorf("change of the pending plan: %v", err)
	}
	// On the start day it is in use, and may be changed in turn.
	holder = e.at(t, time.Date(2026, 6, 1, 9, 0, 0, 0, core.JST), cert)
	views = e.plansOf(t, cert.Number)
	if views[1].State != core.PlanInUse || !views[1].CanChange || views[0].State != core.PlanCancelling {
		t.Errorf("plans on the start day %+v", views)
	}
	// After the old end it has ended.
	e.at(t, time.Date(2026, 8, 1, 9, 0, 0, 0, core.JST), cert)
	if v := e.plansOf(t, cert.Number)[0]; v.State != core.PlanEnded || v.ChangeBlock != core.PlanBlockNotInUse {
		t.Errorf("old plan after its end %+v", v)
	}
}

// Many confirms at once on one plan (different tokens, as from several windows):
// exactly one is recorded, every other one meets the plan already ending.
func TestChangePlanConcurrent(t *testing.T) {
	e, cert, _ := planEnv(t, "basic")
	holder := e.login(t, core.LoginCustomerNumber, cert.Number, cert.InitialPassword).Principal
	mails := len(e.outbox(t))
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.svc.ChangePlan(holder, e.svc.NewToken(), core.PlanChangeRequest{Service: "1", To: "pro", Start: month(t, "2026-05")})
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case core.PlanBlock(err) != core.PlanBlockEnding:
			t.Errorf("err = %v, want the ending block", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d changes succeeded", ok)
	}
	if v := e.plansOf(t, cert.Number); len(v) != 2 || len(e.outbox(t)) != mails+1 {
		t.Errorf("%d plan services, %d new mails", len(v), len(e.outbox(t))-mails)
	}
}

// The back office's quote picks the only plan service in use, and says when there
// are none or several.
func TestQuotePlanChangeOf(t *testing.T) {
	e, cert, _ := planEnv(t, "vps-2-plesk")
	req := core.PlanChangeRequest{To: "basic", Start: month(t, "2026-05")}
	q, err := e.svc.QuotePlanChangeOf(e.op, cert.Number, req)
	if err != nil || q.Service != "1" || q.From != "vps-2-plesk" {
		t.Fatalf("quote %+v, %v", q, err)
	}
	if _, err := e.svc.AddPlan(e.op, cert.Number, "rs-1", start); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.QuotePlanChangeOf(e.op, cert.Number, req); core.PlanBlock(err) != core.PlanBlockWhich {
		t.Errorf("two plans in use: err = %v", err)
	}
	req.Service = "2"
	req.To = "vps-2-plesk"
	if _, err := e.svc.QuotePlanChangeOf(e.op, cert.Number, req); core.PlanBlock(err) != core.PlanBlockTarget {
		t.Errorf("RS-1 → VPS-2(Plesk): err = %v", err)
	}
	req.To = "lite"
	if q, err := e.svc.QuotePlanChangeOf(e.op, cert.Number, req); err != nil || q.From != "rs-1" {
		t.Errorf("the named plan: %+v, %v", q, err)
	}
	other, _ := e.newContract(t, "spaaqs-lan")
	if _, err := e.svc.QuotePlanChangeOf(e.op, other.Number, core.PlanChangeRequest{To: "lite", Start: month(t, "2026-05")}); core.PlanBlock(err) != core.PlanBlockNotInUse {
		t.Errorf("no plan: err = %v", err)
	}
	if _, err := e.svc.QuotePlanChangeOf(e.op, "99999999999999", req); !errors.Is(err, core.ErrNotFound) {
		t.Errorf("no contract: err = %v", err)
	}
}

// An annual option bought mid-term through the option procedures moves the
// membership's term end (SPEC §11.2); the confirm step shows the adjustment and
// the cancel step that the fee falls only from the next renewal.
func TestAnnualOptionPurchase(t *testing.T) {
	e, cert, _ := planEnv(t, "annual-connect")
	// 100 days before the term end of 2027-03-31.
	holder := e.at(t, time.Date(2026, 12, 21, 10, 0, 0, 0, core.JST), cert)
	v, err := e.svc.CheckOption(holder, "annual-mailbox", "", core.ActionPurchase, true)
	if err != nil {
		t.Fatal(err)
	}
	if v.Annual == nil || v.Annual.DaysBefore != 100 || v.Annual.DaysAfter != 92 || v.Annual.NewTermEnd.String() != "2027-03-23" ||
		v.Annual.Formula != "100 × 24,000 ÷ 26,000 = 92.3 → 92" {
		t.Fatalf("confirm step %+v", v.Annual)
	}
	qOf, err := e.svc.QuoteAnnualOptionOf(e.op, cert.Number, "annual-mailbox")
	if err != nil || mustJSON(t, qOf) != mustJSON(t, *v.Annual) {
		t.Errorf("the back office's quote differs: %+v, %v", qOf, err)
	}
	bought, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), "annual-mailbox", "")
	if err != nil {
		t.Fatal(err)
	}
	if bought.Adjusted == nil || mustJSON(t, *bought.Adjusted) != mustJSON(t, *v.Annual) {
		t.Errorf("adjusted %+v", bought.Adjusted)
	}
	ps := e.plansOf(t, cert.Number)[0]
	want := []core.TermAdjust{{At: e.clock.Now(), Option: "annual-mailbox", DaysBefore: 100, DaysAfter: 92, OldFee: 24_000, NewFee: 26_000,
		OldEnd: day(2027, 3, 31), NewEnd: day(2027, 3, 23)}}
	if mustJSON(t, ps.Service.Adjusts) != mustJSON(t, want) || !ps.Term.End.Equal(day(2027, 3, 23)) || ps.Fee != 26_000 {
		t.Errorf("after the purchase: adjusts %+v, term %+v, fee %d", ps.Service.Adjusts, ps.Term, ps.Fee)
	}
	terms := ps.Service.Terms(day(2027, 3, 24))
	if len(terms) != 2 || !terms[1].Start.Equal(day(2027, 3, 24)) || !terms[1].End.Equal(day(2028, 3, 23)) {
		t.Errorf("terms %+v", terms)
	}
	// A second annual option in the same term starts from 26,000.
	v2, err := e.svc.CheckOption(holder, "annual-static-ip", "", core.ActionPurchase, true)
	if err != nil || v2.Annual == nil || v2.Annual.OldAnnualFee != 26_000 || v2.Annual.NewAnnualFee != 32_000 || v2.Annual.DaysBefore != 92 {
		t.Errorf("second option %+v, %v", v2.Annual, err)
	}

	st, err := e.svc.OptionStatus(holder, "annual-mailbox", "")
	if err != nil {
		t.Fatal(err)
	}
	wantCancel := core.AnnualCancel{Service: "1", OldAnnualFee: 26_000, NewAnnualFee: 24_000,
		UsableUntil: core.DayOf(day(2027, 3, 23)), NextRenewal: core.DayOf(day(2027, 3, 24))}
	if st.Annual != nil || st.AnnualCancel == nil || mustJSON(t, *st.AnnualCancel) != mustJSON(t, wantCancel) || !st.CanCancel {
		t.Errorf("status %+v / %+v", st.Annual, st.AnnualCancel)
	}
	// A cancel mid-term refunds nothing and leaves the term end where it is.
	if _, err := e.svc.CancelOption(holder, e.svc.NewToken(), "annual-mailbox", ""); err != nil {
		t.Fatal(err)
	}
	if ps := e.plansOf(t, cert.Number)[0]; !ps.Term.End.Equal(day(2027, 3, 23)) || len(ps.Service.Adjusts) != 1 {
		t.Errorf("after the cancel: %+v", ps)
	}
	// The lower fee applies from the next renewal only: this term is still at
	// 26,000, so another option starts from it, and buying the cancelled option
	// again in the same term moves nothing.
	v3, err := e.svc.CheckOption(holder, "annual-static-ip", "", core.ActionPurchase, true)
	if err != nil || v3.Annual == nil || v3.Annual.OldAnnualFee != 26_000 || v3.Annual.NewAnnualFee != 32_000 {
		t.Errorf("after a cancel mid-term: %+v, %v", v3.Annual, err)
	}
	again, err := e.svc.CheckOption(holder, "annual-mailbox", "", core.ActionPurchase, true)
	if err != nil || again.Annual == nil || again.Annual.OldAnnualFee != 26_000 || again.Annual.NewAnnualFee != 26_000 ||
		again.Annual.DaysAfter != again.Annual.DaysBefore || !again.Annual.NewTermEnd.Equal(day(2027, 3, 23)) {
		t.Errorf("buying the cancelled option again: %+v, %v", again.Annual, err)
	}
	// The term still runs at 26,000; the next renewal bills 24,000.
	if ps := e.plansOf(t, cert.Number)[0]; ps.Fee != 26_000 || ps.NextFee != 24_000 {
		t.Errorf("the fee in force %d and of the next renewal %d, want 26,000 and 24,000", ps.Fee, ps.NextFee)
	}
	if v, err := e.svc.OptionStatus(holder, "annual-mailbox", ""); err != nil || v.State != core.OptionCancellingTerm ||
		v.UsableUntil == nil || !v.UsableUntil.Equal(day(2027, 3, 23)) || v.CancelBlock != core.BlockCancelled {
		t.Errorf("a cancelled annual option stays until the term end: %+v, %v", v, err)
	}

	// Without a membership the annual option is refused.
	other, otherHolder := e.newContract(t, "spaaqs-lan")
	_ = other
	if _, err := e.svc.PurchaseOption(otherHolder, e.svc.NewToken(), "annual-mailbox", ""); core.OptionBlock(err) != core.BlockNeedsPlan {
		t.Errorf("without a membership: err = %v", err)
	}
}
