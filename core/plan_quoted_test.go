package core_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"mypage/core"
)

// A confirm carries the quote it showed: when the day turns between the
// confirm step and the submit, the procedure is refused with the new figures
// instead of recording ones the subscriber never saw.
func TestChangePlanRefusesAMovedQuote(t *testing.T) {
	e, cert, _ := planEnv(t, "vps-2-plesk")
	// The term ends 2027-03-31: quoted the evening before, the renewal of
	// 2027-04-01 is still to come and is named in the quote.
	holder := e.at(t, time.Date(2027, 3, 31, 23, 0, 0, 0, core.JST), cert)
	req := core.PlanChangeRequest{Service: "1", To: "basic", Start: monthOf("2027-04")}
	shown, err := e.svc.QuotePlanChange(holder, req)
	if err != nil || shown.OldRenewal.String() != "2027-04-01" || shown.OldRenewalFee != 16_500 {
		t.Fatalf("the renewal to come: %+v, %v", shown, err)
	}
	// Midnight passes: the renewal has happened, the new plan starts today.
	holder = e.at(t, time.Date(2027, 4, 1, 0, 30, 0, 0, core.JST), cert)
	req.Quoted = &shown
	_, err = e.svc.ChangePlan(holder, e.svc.NewToken(), req)
	var qc *core.QuoteChangedError
	if !errors.Is(err, core.ErrQuoteChanged) || !errors.As(err, &qc) || qc.Plan == nil {
		t.Fatalf("a moved quote: err = %v", err)
	}
	if len(e.plansOf(t, cert.Number)) != 1 {
		t.Fatal("a refused change recorded a plan service")
	}
	// Confirming the new quote records it.
	req.Quoted = qc.Plan
	res, err := e.svc.ChangePlan(holder, e.svc.NewToken(), req)
	if err != nil || mustJSON(t, res.Change.Quote) != mustJSON(t, *qc.Plan) {
		t.Fatalf("the new quote confirmed: %+v, %v", res.Change.Quote, err)
	}
}

func TestAnnualPurchaseRefusesAMovedQuote(t *testing.T) {
	e, cert, _ := planEnv(t, "annual-connect")
	holder := e.at(t, time.Date(2026, 12, 21, 23, 0, 0, 0, core.JST), cert)
	v, err := e.svc.CheckOption(holder, "annual-mailbox", "", core.ActionPurchase, true)
	if err != nil || v.Annual == nil {
		t.Fatal(v.Annual, err)
	}
	holder = e.at(t, time.Date(2026, 12, 22, 0, 10, 0, 0, core.JST), cert)
	_, err = e.svc.PurchaseOptionQuoted(holder, e.svc.NewToken(), "annual-mailbox", "", v.Annual)
	var qc *core.QuoteChangedError
	if !errors.As(err, &qc) || qc.Annual == nil || qc.Annual.DaysBefore != 99 {
		t.Fatalf("a moved adjustment: err = %v", err)
	}
	if got, err := e.svc.PurchaseOptionQuoted(holder, e.svc.NewToken(), "annual-mailbox", "", qc.Annual); err != nil ||
		got.Adjusted == nil || got.Adjusted.DaysBefore != 99 {
		t.Fatalf("the new adjustment confirmed: %+v, %v", got.Adjusted, err)
	}
}

// The back office's quote of a contract whose only plan is being replaced says
// a change is under way, not that nothing is in use.
func TestQuotePlanChangeOfDuringAChange(t *testing.T) {
	e, cert, _ := planEnv(t, "rs-1")
	holder := e.at(t, start, cert)
	if _, err := e.svc.ChangePlan(holder, e.svc.NewToken(), core.PlanChangeRequest{Service: "1", To: "lite", Start: monthOf("2026-05")}); err != nil {
		t.Fatal(err)
	}
	_, err := e.svc.QuotePlanChangeOf(e.op, cert.Number, core.PlanChangeRequest{To: "basic", Start: monthOf("2026-06")})
	if core.PlanBlock(err) != core.PlanBlockEnding {
		t.Errorf("during a change: err = %v, want the ending block", err)
	}
}

// An annual option already held has no purchase to quote.
func TestQuoteAnnualOptionHeld(t *testing.T) {
	e, cert, _ := planEnv(t, "annual-connect")
	holder := e.at(t, time.Date(2026, 12, 21, 10, 0, 0, 0, core.JST), cert)
	if _, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), "annual-mailbox", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.QuoteAnnualOptionOf(e.op, cert.Number, "annual-mailbox"); core.PlanBlock(err) != core.PlanBlockOptionHeld {
		t.Errorf("quote of a held option: err = %v", err)
	}
}

// The completion mail says what the screen says: an old monthly plan's
// parallel month not charged, and no initial fee where the new plan has none.
func TestPlanChangeMailWording(t *testing.T) {
	for _, c := range []struct{ from, to, want, not string }{
		{"rs-1", "lite", "旧プランの並行稼動月 (2026年6月) の月額 975円 はご請求しません", "初期費用: なし"},
		{"advance-lite", "vps-2-plesk", "初期費用: なし", "はご請求しません"},
	} {
		e, cert, _ := planEnv(t, c.from)
		holder := e.at(t, start, cert)
		if _, err := e.svc.ChangePlan(holder, e.svc.NewToken(), core.PlanChangeRequest{Service: "1", To: c.to, Start: monthOf("2026-05")}); err != nil {
			t.Fatal(err)
		}
		out := e.outbox(t)
		body := out[len(out)-1].Body
		if !strings.Contains(body, c.want) || strings.Contains(body, c.not) {
			t.Errorf("%s → %s: mail body\n%s\nwant %q, not %q", c.from, c.to, body, c.want, c.not)
		}
	}
}

// Buying back an annual option cancelled this term undoes the cancel: it is
// still in force, so nothing moves, no adjustment is recorded, and the next
// renewal bills it again.
func TestAnnualOptionReinstated(t *testing.T) {
	e, cert, _ := planEnv(t, "annual-connect")
	holder := e.at(t, time.Date(2026, 12, 21, 10, 0, 0, 0, core.JST), cert)
	for _, step := range []func() error{
		func() error {
			_, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), "annual-mailbox", "")
			return err
		},
		func() error { _, err := e.svc.CancelOption(holder, e.svc.NewToken(), "annual-mailbox", ""); return err },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	v, err := e.svc.CheckOption(holder, "annual-mailbox", "", core.ActionPurchase, true)
	if err != nil || v.Annual == nil || !v.Annual.Reinstate {
		t.Fatalf("the buy-back quote: %+v, %v", v.Annual, err)
	}
	got, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), "annual-mailbox", "")
	if err != nil || got.Adjusted == nil || !got.Adjusted.Reinstate {
		t.Fatalf("buy-back: %+v, %v", got.Adjusted, err)
	}
	ps := e.plansOf(t, cert.Number)[0]
	if len(ps.Service.Adjusts) != 1 || ps.Fee != 26_000 || ps.NextFee != 26_000 {
		t.Errorf("after the buy-back: %d adjustments, fee %d, next %d; want 1, 26,000, 26,000", len(ps.Service.Adjusts), ps.Fee, ps.NextFee)
	}
}
