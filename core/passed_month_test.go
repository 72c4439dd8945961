package core_test

import (
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"mypage/core"
	"mypage/store"
)

// A contract suspended for non-payment (a passed month nobody has closed yet,
// read as the statement it will close as) changes its payment method: the
// suspension must not be lifted without a payment, and the month must close
// as it was read (SPEC §10: a statement closes as of its month; §11.4).
func TestPaymentChangeKeepsAPassedMonth(t *testing.T) {
	for _, tc := range []struct {
		name  string
		apply func(e *env, p core.Principal) error
	}{
		{"card", func(e *env, p core.Principal) error {
			f := core.CardForm{Number: "4111111111111111", ExpMonth: "07", ExpYear: "2030", HolderFirst: "ICHIRO", HolderLast: "SUZUKI", Agree: true}
			_, err := e.svc.SetCard(p, e.svc.NewToken(), f)
			return err
		}},
		{"card not approved (holder name differs: pending the back office's check)", func(e *env, p core.Principal) error {
			_, err := e.svc.SetCard(p, e.svc.NewToken(), cardForm("4111111111111111"))
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newCollFixPaying(t, core.PaymentTransfer) // May's 969 yen due 06-30; today 07-10; nothing closed
			st, err := f.svc.Standing(f.holder)
			if err != nil || !st.Unpaid() {
				t.Fatalf("before: %+v %v", st, err)
			}
			if err := tc.apply(f.env, f.holder); err != nil {
				t.Fatalf("payment change: %v", err)
			}
			st, err = f.svc.Standing(f.holder)
			if err != nil {
				t.Fatal(err)
			}
			if !st.Unpaid() {
				t.Errorf("changing the payment method to %s lifted the non-payment suspension without any payment: %+v", tc.name, st)
			}
			may, err := f.svc.StatementOf(f.op, f.number, may26)
			if err != nil {
				t.Fatal(err)
			}
			if may.Payment.Kind != core.PaymentTransfer {
				t.Errorf("May (read as a transfer statement due 06-30 before the change) closed as %q, due %s", may.Payment.Kind, core.DayOf(may.DueDate))
			}
			// Refused: suspended (a card under review refuses paid purchases first).
			if _, err := f.svc.PurchaseOption(f.holder, f.svc.NewToken(), "warranty", ""); err == nil {
				t.Errorf("paid purchase after the change went through")
			}
		})
	}
}

// hookStore runs after, once, after the next Update returns.
type hookStore struct {
	core.Storage
	after atomic.Pointer[func()]
}

func (s *hookStore) Update(fn func(core.Tx) error) error {
	err := s.Storage.Update(fn)
	if h := s.after.Swap(nil); h != nil {
		(*h)()
	}
	return err
}

// A withdrawal that commits while a login of the contract is checking its
// password (between the login's reservation and its success): the login
// must fail as a withdrawn contract's does; no session of a withdrawn
// contract is handed out, nor audited "ok" (SPEC §11.4: the login no longer works).
func TestLoginRacingAWithdrawal(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "t.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	hs := &hookStore{Storage: db}
	clock := core.NewManualClock(start)
	e := &env{db: db, svc: core.NewService(hs, core.Config{Hash: cheap, Clock: clock}), clock: clock, op: core.Operator("test")}
	cert, holder := withdrawable(t, e)
	var werr error
	h := func() { _, werr = e.svc.Withdraw(holder, e.svc.NewToken(), true) }
	hs.after.Store(&h)
	sess, err := e.svc.Login(core.LoginCustomerNumber, cert.Number, cert.InitialPassword, "test")
	if werr != nil {
		t.Fatalf("withdraw: %v", werr)
	}
	if w, _ := e.svc.WithdrawalOf(e.op, cert.Number); w == nil {
		t.Fatal("not withdrawn")
	}
	if err == nil {
		t.Errorf("a login of the withdrawn contract succeeded: %+v", sess.Principal)
	}
	recs := e.audit(t)
	last := recs[len(recs)-1]
	if last.Action == "login" && last.Result == "ok" {
		t.Errorf("the audit's last record, after the withdrawal: %+v", last)
	}
}

// The confirm of the withdrawal submitted twice (the same token: the second
// is refused as already submitted) must not end the withdrawing session
// before its completion screen: the poll of withdrawals must keep sparing it.
func TestWithdrawReplayKeepsTheWithdrawingSession(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "t.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	clock := core.NewManualClock(start)
	e := &env{db: db, svc: core.NewService(db, core.Config{Hash: cheap, Clock: clock, EndPoll: 10 * time.Millisecond}), clock: clock, op: core.Operator("test")}
	_, holder := withdrawable(t, e)
	own, stop := e.svc.WatchEnd(holder)
	defer stop()
	token := e.svc.NewToken()
	if _, err := e.svc.Withdraw(holder, token, true); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Withdraw(holder, token, true); !errors.Is(err, core.ErrAlreadySubmitted) {
		t.Fatalf("replay: %v", err)
	}
	select {
	case <-own:
		t.Error("the withdrawing session's watch was closed by the poll after a replayed confirm: its completion screen is replaced by the session-ended one")
	case <-time.After(200 * time.Millisecond):
	}
}

// The back office records a line cancellation dated in a month that has
// passed (the subscriber called in April, the operator records it in June).
// What May's statement says must not depend on whether somebody happened to
// read (and so close) May before: two identical contracts, one read before
// the record and one not, must close May alike; and the standing read
// before the record (May owed) must be what May closes as.
func TestBackdatedLineCancelKeepsAPassedMonth(t *testing.T) {
	e := newEnv(t)
	var certs []core.Certificate
	for i := 0; i < 2; i++ {
		cert, holder := e.newContract(t, "spaaqs-lan")
		if _, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), "remote-support", ""); err != nil {
			t.Fatal(err)
		}
		certs = append(certs, cert)
	}
	e.clock.Set(time.Date(2026, 6, 10, 10, 0, 0, 0, core.JST))
	may := core.Month{Year: 2026, Month: time.May}
	read, err := e.svc.StatementOf(e.op, certs[0].Number, may) // closes the months of the first contract
	if err != nil {
		t.Fatal(err)
	}
	st, err := e.svc.StandingOf(e.op, certs[1].Number) // reads May of the second as it will close
	if err != nil {
		t.Fatal(err)
	}
	lineEnd := time.Date(2026, 4, 30, 0, 0, 0, 0, core.JST)
	for _, c := range certs {
		if _, err := e.svc.CancelLine(e.op, c.Number, lineEnd); err != nil {
			t.Fatalf("line cancel dated %s: %v", core.DayOf(lineEnd), err)
		}
	}
	a, err := e.svc.StatementOf(e.op, certs[0].Number, may)
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.svc.StatementOf(e.op, certs[1].Number, may)
	if err != nil {
		t.Fatal(err)
	}
	if a.Total != b.Total {
		t.Errorf("May of two identical contracts closed as %d yen (read before the line cancel) and %d yen (not read before)", a.Total, b.Total)
	}
	if read.Total != b.Total {
		t.Errorf("May read as %d yen before the record; the same May of the other contract closed as %d yen after it", read.Total, b.Total)
	}
	t.Logf("standing of the second before the record: %+v", st.Reasons)
}

// Seed 004 (初回引き落し時に、経過月数分): the months used before auto-debit
// was registered are carried into the first debit. TestFirstDebitCollectsTheMonthsUsed
// moves the demo clock (which closes the months); here time passes as it does
// for a real subscriber, and nobody opened a statement before the debit was
// registered on 06-10: April and May must still close carried into June's
// first debit, not as debit statements whose debit dates (05-25, 06-25) came
// before the debit was registered.
func TestFirstDebitCarryWithoutTheDemoClock(t *testing.T) {
	e := newEnv(t)
	cert, holder := e.newContractUnpaid(t, "spaaqs-home")
	n := cert.Number
	for _, plan := range []string{"annual-connect", "rs-1"} {
		if _, err := e.svc.AddPlan(e.op, n, plan, e.svc.Now()); err != nil {
			t.Fatal(err)
		}
	}
	e.clock.Set(jst(2026, time.June, 10))
	st, err := e.svc.StandingOf(e.op, n)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("standing before the debit is registered: %+v", st.Reasons)
	if _, err := e.svc.SetDebit(holder, e.svc.NewToken(), debitForm()); err != nil {
		t.Fatalf("auto-debit: %v", err)
	}
	e.clock.Set(jst(2026, time.July, 2))
	for _, m := range []string{"2026-04", "2026-05"} {
		s, err := e.svc.StatementOf(e.op, n, monthOf(m))
		if err != nil {
			t.Fatal(err)
		}
		if s.Payment.Kind != "none" || s.Balance == nil || s.Balance.CarriedTo != "2026-06" {
			t.Errorf("%s closed as %q due %s, balance %+v; want it carried into June's first debit (it was used with no payment method)",
				m, s.Payment.Kind, core.DayOf(s.DueDate), s.Balance)
		}
	}
}

// A renewal may change the plan "within its family" (SPEC §11.3), but the
// catalog says which plans a plan may become (SPEC §3.3 "may change to"):
// RS-1 and アドバンスライト are no plan's target. A renewal must not open
// them from Basic or VPS-2(Plesk), which the plan change flow refuses.
func TestRenewalToAPlanNoneMayChangeTo(t *testing.T) {
	for _, c := range []struct{ from, to string }{{"basic", "rs-1"}, {"vps-2-plesk", "advance-lite"}, {"vps-2-plesk", "rs-1"}} {
		e, cert, _ := planEnv(t, c.from)
		holder := e.at(t, jst(2027, 2, 15), cert)
		if _, err := e.svc.QuotePlanChange(holder, core.PlanChangeRequest{Service: "1", To: c.to, Start: month(t, "2027-03")}); err == nil {
			t.Fatalf("%s → %s: the plan change flow allows it", c.from, c.to)
		}
		r, err := e.svc.Renew(holder, e.svc.NewToken(), core.RenewalRequest{Service: "1", Plan: c.to, Years: 1})
		if err == nil {
			t.Errorf("%s → %s at renewal (%s): a plan no plan may change to is opened (new service %s from %s, no initial fee)",
				c.from, c.to, r.Number, r.NewService, r.Quote.Start)
		}
	}
}
