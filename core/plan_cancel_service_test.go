package core_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"mypage/core"
)

// paysBy sets the contract's payment method kind directly, as a registered one
// would be (auto-debit has a minimum the test plans do not reach).
func (e *env) paysBy(t testing.TB, number, kind string) {
	t.Helper()
	err := e.db.Update(func(tx core.Tx) error {
		var c core.Contract
		if err := tx.Get("contracts", number, &c); err != nil {
			return err
		}
		c.Payment = &core.PaymentMethod{Kind: kind, SetAt: start}
		return tx.Put("contracts", number, &c)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (e *env) clockTo(t testing.TB, now time.Time) {
	t.Helper()
	if _, _, err := e.svc.SetClock(e.op, now); err != nil {
		t.Fatal(err)
	}
}

// CancelPlan records the cancel as quoted: the end day and the record on the
// service, a CX number, the mail with the figures, the audit; the same token
// twice runs once.
func TestCancelPlan(t *testing.T) {
	e := newEnv(t)
	number, holder := e.demoContract(t, "spaaqs-multi", "basic")
	e.paysBy(t, number, core.PaymentDebit)
	e.clockTo(t, jst(2026, 5, 20))
	req := core.PlanCancelRequest{Service: "1"}
	q, err := e.svc.QuotePlanCancel(holder, req)
	if err != nil {
		t.Fatal(err)
	}
	if !q.Moved || q.End != d(2026, 6, 30) || q.BilledTotal != 3_400 {
		t.Fatalf("quote %+v", q)
	}
	quoted := q
	req.Quoted = &quoted
	tok := e.svc.NewToken()
	res, err := e.svc.CancelPlan(holder, tok, req)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^CX20260520-000001$`).MatchString(res.Number) || res.Mailed != core.NoticePlanCancel ||
		res.MailedTo != customer().ContactMail || mustJSON(t, res.Quote) != mustJSON(t, q) {
		t.Errorf("result %+v", res)
	}
	v := e.plansOf(t, number)[0]
	if v.State != core.PlanCancelling || v.Service.End == nil || !v.Service.End.Equal(day(2026, 6, 30)) || v.Service.Cancel == nil ||
		v.Service.Cancel.Number != res.Number || v.Service.Cancel.Actor != holder.Actor() || v.Service.Cancel.Voided || !v.Service.Cancel.Moved {
		t.Errorf("plan service after the cancel %+v", v.Service)
	}
	mails := e.outbox(t)
	last := mails[len(mails)-1]
	for _, want := range []string{res.Number, "ご利用最終日: 2026/06/30", "2026年6月分の引き落とし", "2026/05/10", "ご請求: 2026年5月 1,700円",
		"ご請求: 2026年6月 1,700円", "払い戻しいたしません", "このプランについて退会が可能になる日: 2026/07/01"} {
		if !strings.Contains(last.Body, want) {
			t.Errorf("the mail lacks %q:\n%s", want, last.Body)
		}
	}
	if last.Subject != "【マイページ】ご解約受付のお知らせ" || last.To != customer().ContactMail {
		t.Errorf("mail %s to %s", last.Subject, last.To)
	}
	if _, err := e.svc.CancelPlan(holder, tok, req); !errors.Is(err, core.ErrAlreadySubmitted) {
		t.Errorf("the same token again: %v", err)
	}
	_, err = e.svc.CancelPlan(holder, e.svc.NewToken(), core.PlanCancelRequest{Service: "1"})
	if core.PlanBlock(err) != core.PlanBlockCancelling {
		t.Errorf("a second cancel: %v", err)
	}
	var ok, refused bool
	for _, r := range e.audit(t) {
		if r.Action == "plan-cancel" && r.Target == "1" {
			ok = ok || r.Result == "ok"
			refused = refused || r.Result == "refused-cancelling"
		}
	}
	if !ok || !refused {
		t.Errorf("audit: ok %v, refused %v", ok, refused)
	}
}

// A confirm whose quote moved (the 10th passed since it was shown) is refused
// with the new figures, and nothing is written.
func TestCancelPlanQuoteMoved(t *testing.T) {
	e := newEnv(t)
	number, holder := e.demoContract(t, "spaaqs-multi", "basic")
	e.paysBy(t, number, core.PaymentDebit)
	e.clockTo(t, jst(2026, 5, 10))
	q, err := e.svc.QuotePlanCancel(holder, core.PlanCancelRequest{Service: "1"})
	if err != nil || q.Moved || q.End != d(2026, 5, 31) {
		t.Fatalf("quote on the 10th %+v %v", q, err)
	}
	e.clockTo(t, jst(2026, 5, 11))
	_, err = e.svc.CancelPlan(holder, e.svc.NewToken(), core.PlanCancelRequest{Service: "1", Quoted: &q})
	var qe *core.QuoteChangedError
	if !errors.As(err, &qe) || qe.Cancel == nil || !qe.Cancel.Moved || qe.Cancel.End != d(2026, 6, 30) {
		t.Fatalf("err = %v (%+v)", err, qe)
	}
	if v := e.plansOf(t, number)[0]; v.Service.End != nil || v.Service.Cancel != nil {
		t.Errorf("a refused confirm wrote %+v", v.Service)
	}
}

// 取消 of the new plan of a plan change: the new plan is voided (ended, never
// billed) and the old plan runs on as before; the mail is the 取消 one.
func TestCancelPlanWithdrawsChange(t *testing.T) {
	e := newEnv(t)
	number, holder := e.demoContract(t, "spaaqs-multi", "rs-1")
	e.clockTo(t, jst(2026, 4, 10))
	if _, err := e.svc.ChangePlan(holder, e.svc.NewToken(), core.PlanChangeRequest{Service: "1", To: "lite", Start: monthOf("2026-05")}); err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.CancelPlan(holder, e.svc.NewToken(), core.PlanCancelRequest{Service: "2"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Quote.Kind != core.PlanCancelWithdraw || res.Quote.Restores != "1" || res.Mailed != core.NoticePlanWithdraw {
		t.Errorf("result %+v", res)
	}
	v := e.plansOf(t, number)
	if v[0].State != core.PlanInUse || v[0].Service.End != nil || v[0].Service.ReplacedBy != "" || v[0].CanChange != true {
		t.Errorf("the old plan %+v", v[0])
	}
	if v[1].State != core.PlanEnded || !v[1].Service.Voided() {
		t.Errorf("the withdrawn plan %+v", v[1])
	}
	last := e.outbox(t)
	if m := last[len(last)-1]; m.Subject != "【マイページ】お申し込み取消のお知らせ" || !strings.Contains(m.Body, "RS-1 は変更前と同様に引き続きご利用いただけます") {
		t.Errorf("mail %s\n%s", m.Subject, m.Body)
	}
	if _, err := e.svc.CancelPlan(holder, e.svc.NewToken(), core.PlanCancelRequest{Service: "2"}); core.PlanBlock(err) != core.PlanBlockEnded {
		t.Errorf("a withdrawn application again: %v", err)
	}
}

// The annual options of a 年会費制 plan are cancelled with it, by the rule.
func TestCancelPlanEndsAnnualOptions(t *testing.T) {
	e := newEnv(t)
	number, holder := e.demoContract(t, "spaaqs-multi", "annual-connect")
	if _, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), "annual-mailbox", ""); err != nil {
		t.Fatal(err)
	}
	e.clockTo(t, jst(2026, 6, 15))
	res, err := e.svc.CancelPlan(holder, e.svc.NewToken(), core.PlanCancelRequest{Service: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Quote.Options) != 1 || res.Quote.Options[0].Until != res.Quote.End {
		t.Errorf("options %+v, end %s", res.Quote.Options, res.Quote.End)
	}
	var c core.Contract
	if err := e.db.View(func(tx core.Tx) error { return tx.Get("contracts", number, &c) }); err != nil {
		t.Fatal(err)
	}
	if len(c.Options) != 1 || c.Options[0].CancelledAt == nil || !c.Options[0].AutoCancel || !c.Options[0].CancelledAt.Equal(jst(2026, 6, 15)) {
		t.Errorf("option records %+v", c.Options)
	}
}

// The statements after a cancel (seed 004): a monthly plan billed through its
// end month and not after; the month of the rule of the 10th billed once
// more; a withdrawn application billed nothing; an annual plan's term not
// refunded and not renewed. Each quote's "still billed" is what the bills say.
func TestPlanCancelBilled(t *testing.T) {
	for _, c := range []struct {
		name, plan, pay string
		opened          time.Time // zero: the env's day, 2026-04-01
		asked           time.Time
		last            string           // the last month lived through
		want            map[string]int64 // the plan's lines by month; others 0
	}{
		{"ご解約月は月額料金の請求が発生します: billed through the end month, not after", "basic", core.PaymentTransfer, time.Time{},
			jst(2026, 5, 5), "2026-07", map[string]int64{"2026-04": 3_000 + 1_700, "2026-05": 1_700}},
		{"次月分の引き落しを行わせていただきます: the month after billed once more", "basic", core.PaymentDebit, time.Time{},
			jst(2026, 5, 20), "2026-08", map[string]int64{"2026-04": 3_000 + 1_700, "2026-05": 1_700, "2026-06": 1_700}},
		{"お支払いいただいた会費は、払い戻しいたしません: an annual term is used to its end, not refunded, not renewed", "vps-2-plesk", core.PaymentDebit, time.Time{},
			jst(2026, 6, 15), "2027-05", map[string]int64{"2026-04": 16_500}},
		{"取消: an application withdrawn is billed nothing, not even its initial fee", "basic", core.PaymentTransfer, jst(2026, 6, 1),
			jst(2026, 4, 20), "2026-08", map[string]int64{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			if err := e.svc.MarkDemo(e.op); err != nil {
				t.Fatal(err)
			}
			cert, holder := e.newContract(t, "spaaqs-multi")
			opened := c.opened
			if opened.IsZero() {
				opened = e.svc.Now()
			}
			if _, err := e.svc.AddPlan(e.op, cert.Number, c.plan, opened); err != nil {
				t.Fatal(err)
			}
			e.paysBy(t, cert.Number, c.pay)
			e.clockTo(t, c.asked)
			res, err := e.svc.CancelPlan(holder, e.svc.NewToken(), core.PlanCancelRequest{Service: "1"})
			if err != nil {
				t.Fatal(err)
			}
			sts := e.liveThrough(t, cert.Number, monthOf("2026-04"), monthOf(c.last))
			for m, st := range sts {
				var got int64
				for _, l := range st.Lines {
					if l.Plan != nil && l.Plan.Service == "1" {
						got += l.Amount
					}
				}
				if got != c.want[m.String()] {
					t.Errorf("%s: the plan is billed %d, want %d: %+v", m, got, c.want[m.String()], linesOf(st, c.plan))
				}
				for _, l := range st.Lines {
					if l.Amount < 0 {
						t.Errorf("%s: a refund line %+v", m, l)
					}
				}
			}
			for _, b := range res.Quote.Billed {
				if b.Amount != c.want[b.Month] {
					t.Errorf("the quote bills %s %d, the statement %d", b.Month, b.Amount, c.want[b.Month])
				}
			}
			for m, amount := range c.want {
				if !monthOf(m).Before(core.MonthOf(c.asked)) && !quoteBills(res.Quote, m, amount) {
					t.Errorf("the quote does not say %s is billed %d: %+v", m, amount, res.Quote.Billed)
				}
			}
		})
	}
}

func quoteBills(q core.PlanCancelQuote, month string, amount int64) bool {
	for _, b := range q.Billed {
		if b.Month == month {
			return b.Amount == amount
		}
	}
	return false
}

// A renewal to another plan not started yet is withdrawn (申込中 → 取消) like a
// plan change's new plan: the plan it followed runs on as before the renewal,
// with no end and its own auto-renew, and the withdrawn one bills nothing.
func TestWithdrawRenewalToAnotherPlan(t *testing.T) {
	e := newEnv(t)
	number, holder := e.demoContract(t, "spaaqs-lan", "vps-2-plesk") // 2026-04-01 to 2027-03-31
	e.clock.Set(jst(2027, 2, 10))
	e.settle(t, number)
	r, err := e.svc.Renew(holder, e.svc.NewToken(), core.RenewalRequest{Service: "1", Plan: "basic", Years: 1, AutoRenew: true})
	if err != nil {
		t.Fatal(err)
	}
	req := core.PlanCancelRequest{Service: r.NewService}
	q, err := e.svc.QuotePlanCancel(holder, req)
	if err != nil {
		t.Fatal(err)
	}
	if q.Kind != core.PlanCancelWithdraw || q.Renewal != r.Number || q.Restores != "1" || q.RestoresPlan != "vps-2-plesk" {
		t.Fatalf("quote %+v", q)
	}
	req.Quoted = &q
	if _, err := e.svc.CancelPlan(holder, e.svc.NewToken(), req); err != nil {
		t.Fatal(err)
	}
	if mail := e.outbox(t)[len(e.outbox(t))-1]; !strings.Contains(mail.Body, "契約更新 (受付番号 "+r.Number+") は取り消され") {
		t.Errorf("the mail does not say the renewal is withdrawn:\n%s", mail.Body)
	}
	v := e.plansOf(t, number)
	if v[0].Service.End != nil || v[0].Service.RenewedAs != "" || v[0].State != core.PlanInUse || !v[0].AutoRenew {
		t.Errorf("the old plan does not run on: %+v", v[0])
	}
	if v[1].State != core.PlanEnded || !v[1].Service.Voided() {
		t.Errorf("the withdrawn renewal: %s", v[1].State)
	}
	lines, err := core.PlanLines(e.svc.Catalog(), &core.Contract{Plans: []core.PlanService{v[0].Service, v[1].Service}}, monthOf("2027-04"))
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 1 || lines[0].Code != "vps-2-plesk" || lines[0].Amount != 16_500 {
		t.Errorf("2027-04 bills %+v, want the old plan's renewal only", lines)
	}
}
