package core_test

import (
	"errors"
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
