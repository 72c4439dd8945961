package core_test

import (
	"strings"
	"testing"

	"mypage/core"
)

// Auto-renew is what the renewal records leave it at (SPEC §11.3), not the
// flag the service was opened with: a term renewed with auto-renew off does
// not renew, and a cancel in its last month ends with it.
func TestQuotePlanCancelReadsRenewalSetting(t *testing.T) {
	cat := testCatalog()
	renewedOff := func(code string) *core.Contract {
		return renewContract(code, func(ps *core.PlanService) {
			ps.Renewals = []core.RenewalRecord{rec("RN1", day(2027, 2, 15), day(2027, 4, 1), 1, 0, false, false)}
		})
	}
	t.Run("自動更新しない term ends first: a monthly plan ends with it, nothing debited once more", func(t *testing.T) {
		con := renewedOff("basic")
		con.Payment = &core.PaymentMethod{Kind: core.PaymentDebit}
		q, err := core.QuotePlanCancel(cat, con, core.PlanCancelRequest{Service: "1"}, jst(2028, 3, 20))
		if err != nil {
			t.Fatal(err)
		}
		if q.End != d(2028, 3, 31) || q.Moved || q.DebitedOnceMore != "" || !q.EndByDeadline.IsZero() || q.WithdrawFrom != d(2028, 4, 1) ||
			q.BilledTotal != 1_700 || len(q.Billed) != 1 || q.Billed[0].Reason != core.CancelBilledMonth {
			t.Errorf("quote %+v", q)
		}
	})
	t.Run("自動更新しない annual term: no renewal is said to be stopped", func(t *testing.T) {
		q, err := core.QuotePlanCancel(cat, renewedOff("vps-2-plesk"), core.PlanCancelRequest{Service: "1"}, jst(2027, 6, 1))
		if err != nil {
			t.Fatal(err)
		}
		if q.End != d(2028, 3, 31) || !q.RenewalStopped.IsZero() || q.RenewalFee != 0 || q.RenewalWithdrawn != "" {
			t.Errorf("quote %+v", q)
		}
	})
}

// A cancel before a renewal's term starts withdraws that renewal: the quote
// names it, and the term it booked is never billed (the end stops the terms).
func TestQuotePlanCancelWithdrawsBookedRenewal(t *testing.T) {
	cat := core.DefaultCatalog()
	for _, c := range []struct {
		name  string
		plan  string
		years int
		disc  int
		fee   int64
	}{
		{"an annual plan renewed for 3 years: floor(16,500 × 3 × 90 ÷ 100) = 44,550 not billed", "vps-2-plesk", 3, 10, 44_550},
		{"a monthly plan renewed for 2 years: no month of it billed", "basic", 2, 5, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			con := renewContract(c.plan, func(ps *core.PlanService) {
				ps.Renewals = []core.RenewalRecord{rec("RN20270215-000001", day(2027, 2, 15), day(2027, 4, 1), c.years, c.disc, true, false)}
			})
			q, err := core.QuotePlanCancel(cat, con, core.PlanCancelRequest{Service: "1"}, jst(2027, 3, 5))
			if err != nil {
				t.Fatal(err)
			}
			if q.End != d(2027, 3, 31) || q.RenewalWithdrawn != "RN20270215-000001" || q.RenewalStopped != d(2027, 4, 1) || q.RenewalFee != c.fee {
				t.Fatalf("quote %+v", q)
			}
			end := q.End.Time
			con.Plans[0].End = &end
			for _, m := range []string{"2027-04", "2027-05", "2028-04"} {
				lines, err := core.PlanLines(cat, con, monthOf(m))
				if err != nil || len(lines) != 0 {
					t.Errorf("%s bills %+v (%v)", m, lines, err)
				}
			}
		})
	}
}

// The cancel and its mail name the renewal withdrawn, not an auto-renew.
func TestCancelPlanMailNamesBookedRenewal(t *testing.T) {
	e, cert, _ := planEnv(t, "vps-2-plesk")
	holder := e.at(t, jst(2027, 2, 15), cert)
	r, err := e.svc.Renew(holder, e.svc.NewToken(), core.RenewalRequest{Service: "1", Years: 3, AutoRenew: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.CancelPlan(holder, e.svc.NewToken(), core.PlanCancelRequest{Service: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Quote.RenewalWithdrawn != r.Number {
		t.Errorf("quote %+v", res.Quote)
	}
	mails := e.outbox(t)
	body := mails[len(mails)-1].Body
	if !strings.Contains(body, "契約更新 (受付番号 "+r.Number+") は取り消され、44,550円 はご請求しません") || strings.Contains(body, "自動更新") {
		t.Errorf("mail:\n%s", body)
	}
}

// A confirmed renewal is billed at the price it was quoted at; the terms
// auto-renew makes after it at the catalog price of their first day.
func TestRenewalBilledAtQuotedPrice(t *testing.T) {
	e, cert, _ := planEnv(t, "vps-2-plesk")
	holder := e.at(t, jst(2027, 2, 15), cert)
	r, err := e.svc.Renew(holder, e.svc.NewToken(), core.RenewalRequest{Service: "1", Years: 3, AutoRenew: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Quote.PlanPrice != 16_500 || e.plansOf(t, cert.Number)[0].Service.Renewals[0].PlanPrice != 16_500 {
		t.Fatalf("the price quoted is not kept: %+v", r.Quote)
	}
	con := &core.Contract{Plans: []core.PlanService{e.plansOf(t, cert.Number)[0].Service}}
	cat := core.DefaultCatalog()
	for i := range cat.Plans {
		if cat.Plans[i].Code == "vps-2-plesk" {
			cat.Plans[i].Price = 20_000 // raised before the term starts
		}
	}
	for _, c := range []struct {
		month string
		want  int64
	}{{"2027-04", 44_550}, {"2030-04", 54_000}} { // 2030: auto-renewed, floor(20,000 × 3 × 90 ÷ 100)
		lines, err := core.PlanLines(cat, con, monthOf(c.month))
		if err != nil || sumLines(lines) != c.want {
			t.Errorf("%s: %+v (%v), want %d", c.month, lines, err, c.want)
		}
	}
	mon := renewContract("basic", func(ps *core.PlanService) {
		r := rec("RN1", day(2027, 2, 10), day(2027, 4, 1), 2, 5, false, false)
		r.PlanPrice = 1_700
		ps.Renewals = []core.RenewalRecord{r}
	})
	for i := range cat.Plans {
		if cat.Plans[i].Code == "basic" {
			cat.Plans[i].Price = 2_000
		}
	}
	if lines, _ := core.PlanLines(cat, mon, monthOf("2027-05")); sumLines(lines) != 1_615 {
		t.Errorf("a monthly renewed term at floor(1,700 × 95 ÷ 100) = 1,615: %+v", lines)
	}
}

// ご契約情報一覧 shows the price billed each month of a discounted term, the
// charge of an annual multi-year term, and the next term a renewal booked.
func TestPlanViewRenewedTerms(t *testing.T) {
	e, cert, _ := planEnv(t, "basic")
	holder := e.at(t, jst(2027, 2, 15), cert)
	r, err := e.svc.Renew(holder, e.svc.NewToken(), core.RenewalRequest{Service: "1", Years: 3, AutoRenew: false})
	if err != nil {
		t.Fatal(err)
	}
	v := e.plansOf(t, cert.Number)[0]
	if v.NextTerm == nil || v.NextTerm.Renewal != r.Number || v.NextTerm.Years != 3 || v.NextTerm.Discount != 10 ||
		!v.NextTerm.Start.Equal(day(2027, 4, 1)) || !v.NextTerm.End.Equal(day(2030, 3, 31)) || v.AutoRenew {
		t.Errorf("the booked term: %+v, auto-renew %v", v.NextTerm, v.AutoRenew)
	}
	if v.Fee != 1_700 {
		t.Errorf("fee before the renewed term %d", v.Fee)
	}
	e.at(t, jst(2027, 4, 5), cert)
	if v := e.plansOf(t, cert.Number)[0]; v.Fee != 1_530 || v.NextTerm != nil {
		t.Errorf("in the renewed term: fee %d (floor(1,700 × 90 ÷ 100) = 1,530), next %+v", v.Fee, v.NextTerm)
	}

	e, cert, _ = planEnv(t, "vps-2-plesk")
	holder = e.at(t, jst(2027, 2, 15), cert)
	if _, err := e.svc.Renew(holder, e.svc.NewToken(), core.RenewalRequest{Service: "1", Years: 3, AutoRenew: true}); err != nil {
		t.Fatal(err)
	}
	e.at(t, jst(2027, 4, 5), cert)
	if v := e.plansOf(t, cert.Number)[0]; v.Fee != 16_500 || v.TermCharge != 44_550 || !v.AutoRenew {
		t.Errorf("annual 3-year term: fee %d, charge %d", v.Fee, v.TermCharge)
	}
}

// A withdrawn application (取消) is not a plan of the subscriber's table.
func TestPlansLeaveOutVoided(t *testing.T) {
	e := newEnv(t)
	_, holder := e.demoContract(t, "spaaqs-multi", "rs-1")
	e.clockTo(t, jst(2026, 4, 10))
	if _, err := e.svc.ChangePlan(holder, e.svc.NewToken(), core.PlanChangeRequest{Service: "1", To: "lite", Start: monthOf("2026-05")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CancelPlan(holder, e.svc.NewToken(), core.PlanCancelRequest{Service: "2"}); err != nil {
		t.Fatal(err)
	}
	v, err := e.svc.Plans(holder)
	if err != nil {
		t.Fatal(err)
	}
	if len(v) != 1 || v[0].Service.ID != "1" {
		t.Errorf("plans %+v", v)
	}
}

// Auto-renew off: the notice names the day the service stops.
func TestRenewalNoticeLapsesOn(t *testing.T) {
	ps := planOn("1", "vps-2-plesk", day(2026, 9, 1))
	ps.NoAutoRenew = true
	n, ok := core.RenewalNoticeAt(testCatalog(), &core.Contract{Plans: []core.PlanService{ps}}, ps, jst(2027, 7, 17))
	if !ok || n.LapsesOn == nil || *n.LapsesOn != d(2027, 9, 1) || n.RenewsOn != nil {
		t.Errorf("notice %+v", n)
	}
}

// A renewal offers each plan at what a term of it bills: a membership with
// the annual options held; the plan's initial fee is named as not charged.
func TestRenewalChoiceFees(t *testing.T) {
	e, cert, _ := planEnv(t, "annual-connect")
	holder := e.at(t, jst(2026, 6, 1), cert)
	if _, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), "annual-mailbox", ""); err != nil {
		t.Fatalf("buy the annual option: %v", err)
	}
	holder = e.at(t, jst(2027, 3, 1), cert)
	ch, err := e.svc.RenewalChoices(holder)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch) == 0 || len(ch[0].Fees) != len(ch[0].Plans) || ch[0].Fees[0] != 26_000 {
		t.Errorf("choices %+v", ch)
	}
	q, err := core.QuoteRenewal(core.DefaultCatalog(), renewContract("basic", nil), core.RenewalRequest{Service: "1", Plan: "pro", Years: 1}, jst(2027, 3, 1))
	if err != nil || q.InitialFee != 3_000 {
		t.Errorf("quote %+v (%v)", q, err)
	}
}
