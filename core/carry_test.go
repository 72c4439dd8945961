package core_test

import (
	"errors"
	"testing"
	"time"

	"mypage/core"
)

// Seed 004 (初回引き落し時に、経過月数分): the months closed before the contract
// had a payment method are collected by its first auto-debit. A contract opened
// 2026-04-01 with 年会費制 接続サービス (24,000 a year, debit_always) and RS-1
// (975 a month) registers auto-debit on 2026-06-10: April (24,975 + tax 2,497 =
// 27,472) and May (975 + 97 = 1,072) are carried into June's statement (1,072),
// whose debit on 2026-07-27 (the 25th is a Saturday) collects 29,616.
func TestFirstDebitCollectsTheMonthsUsed(t *testing.T) {
	const april, may, june = 27472, 1072, 1072
	debit := time.Date(2026, time.July, 27, 0, 0, 0, 0, core.JST)
	retry := time.Date(2026, time.August, 5, 0, 0, 0, 0, core.JST) // 7 business days later
	for _, c := range []struct {
		name    string
		results []bool      // the bank's results on June's debit, in order
		at      []time.Time // when each is recorded
		paidAt  time.Time   // zero: the debit never collected
	}{
		{"the first debit succeeds", []bool{true}, []time.Time{jst(2026, time.July, 27)}, debit},
		{"the retry succeeds", []bool{false, true}, []time.Time{jst(2026, time.July, 27), jst(2026, time.August, 5)}, retry},
		{"the debit and its retry fail", []bool{false, false}, []time.Time{jst(2026, time.July, 27), jst(2026, time.August, 5)}, time.Time{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			if err := e.svc.MarkDemo(e.op); err != nil {
				t.Fatal(err)
			}
			cert, holder := e.newContractUnpaid(t, "spaaqs-home")
			n := cert.Number
			for _, plan := range []string{"annual-connect", "rs-1"} {
				if _, err := e.svc.AddPlan(e.op, n, plan, e.svc.Now()); err != nil {
					t.Fatal(err)
				}
			}
			if _, _, err := e.svc.SetClock(e.op, jst(2026, time.June, 10)); err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.SetDebit(holder, e.svc.NewToken(), debitForm()); err != nil {
				t.Fatalf("auto-debit on a debit_always plan: %v", err)
			}
			if _, _, err := e.svc.SetClock(e.op, jst(2026, time.July, 2)); err != nil {
				t.Fatal(err)
			}
			stOf := func(m string) core.Statement {
				t.Helper()
				st, err := e.svc.StatementOf(e.op, n, monthOf(m))
				if err != nil {
					t.Fatal(err)
				}
				return st
			}
			for m, total := range map[string]int64{"2026-04": april, "2026-05": may, "2026-06": june} {
				if st := stOf(m); st.Total != total {
					t.Fatalf("%s total %d, want %d: %+v", m, st.Total, total, st.Lines)
				}
			}
			// Before the debit: June debits the three; April and May say where they went.
			jb := stOf("2026-06").Balance
			if jb.State != core.BalanceDue || jb.DebitAmount != april+may+june || jb.Remaining != april+may+june ||
				len(jb.Carried) != 2 || jb.Carried[0] != (core.CarriedMonth{Month: "2026-04", Amount: april}) ||
				jb.Carried[1] != (core.CarriedMonth{Month: "2026-05", Amount: may}) {
				t.Fatalf("June's balance %+v, want the debit of %d carrying April and May", jb, april+may+june)
			}
			for _, m := range []string{"2026-04", "2026-05"} {
				if b := stOf(m).Balance; b.State != core.BalanceCarried || b.CarriedTo != "2026-06" {
					t.Errorf("%s balance %+v, want carried to 2026-06", m, b)
				}
			}
			// A transfer on a carried month is refused while the debit may collect it.
			if _, err := e.svc.RecordPayment(e.op, n, monthOf("2026-04"), april, e.svc.Now()); !errors.Is(err, core.ErrNotTransfer) {
				t.Fatalf("transfer on a carried month: err = %v, want ErrNotTransfer", err)
			}
			for i, ok := range c.results {
				if _, _, err := e.svc.SetClock(e.op, c.at[i]); err != nil {
					t.Fatal(err)
				}
				if _, err := e.svc.RecordDebitResult(e.op, n, monthOf("2026-06"), ok); err != nil {
					t.Fatalf("debit result %d: %v", i+1, err)
				}
				if !ok && i == 0 {
					if b := stOf("2026-06").Balance; b.State != core.CollectionRetryPending || b.Remaining != april+may+june {
						t.Errorf("after a failed debit June's balance %+v", b)
					}
					if b := stOf("2026-04").Balance; b.State != core.BalanceCarried {
						t.Errorf("after a failed debit April's balance %+v, want still carried", b)
					}
				}
			}
			jb = stOf("2026-06").Balance
			if c.paidAt.IsZero() {
				if jb.State != core.CollectionUnpaid || jb.Remaining != april+may+june {
					t.Errorf("June's balance %+v after two failures", jb)
				}
				// The bank gave up: April is paid by transfer, and June carries May only.
				if _, err := e.svc.RecordPayment(e.op, n, monthOf("2026-04"), april, e.svc.Now()); err != nil {
					t.Fatalf("transfer on April after the failed debits: %v", err)
				}
				jb = stOf("2026-06").Balance
				if len(jb.Carried) != 1 || jb.Carried[0].Month != "2026-05" || jb.Remaining != may+june {
					t.Errorf("June's balance %+v after April's transfer, want May carried only", jb)
				}
				return
			}
			if jb.State != core.CollectionPaid || jb.Received != april+may+june || jb.Remaining != 0 ||
				!jb.Carried[0].Paid || !jb.Carried[1].Paid {
				t.Errorf("June's balance %+v after the debit, want %d paid", jb, april+may+june)
			}
			for m, total := range map[string]int64{"2026-04": april, "2026-05": may} {
				b := stOf(m).Balance
				if b.State != core.CollectionPaid || b.Remaining != 0 || b.CarriedTo != "2026-06" || len(b.Receipts) != 1 ||
					!b.Receipts[0].Date.Equal(c.paidAt) || b.Receipts[0].Amount != total || b.Receipts[0].Method != core.PaymentDebit {
					t.Errorf("%s balance %+v, want paid by the debit of %s", m, b, c.paidAt.Format("2006-01-02"))
				}
			}
			if _, err := e.svc.RecordPayment(e.op, n, monthOf("2026-05"), may, e.svc.Now()); err == nil {
				t.Error("a transfer on a month the debit collected was accepted")
			}
			// The next debit is the month's own.
			if _, _, err := e.svc.SetClock(e.op, jst(2026, time.August, 10)); err != nil {
				t.Fatal(err)
			}
			if b := stOf("2026-07").Balance; len(b.Carried) != 0 || b.DebitAmount != 0 || b.Remaining != june {
				t.Errorf("July's balance %+v, want its own 1,072", b)
			}
		})
	}
}

// A contract that paid by transfer from the start carries nothing into its first debit.
func TestFirstDebitCarriesNoPaidMethod(t *testing.T) {
	e := newEnv(t)
	if err := e.svc.MarkDemo(e.op); err != nil {
		t.Fatal(err)
	}
	number, holder := e.demoContract(t, "spaaqs-home", "annual-connect")
	if _, _, err := e.svc.SetClock(e.op, jst(2026, time.May, 10)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SetDebit(holder, e.svc.NewToken(), debitForm()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.SetClock(e.op, jst(2026, time.June, 2)); err != nil {
		t.Fatal(err)
	}
	april, err := e.svc.StatementOf(e.op, number, monthOf("2026-04"))
	if err != nil {
		t.Fatal(err)
	}
	may, err := e.svc.StatementOf(e.op, number, monthOf("2026-05"))
	if err != nil {
		t.Fatal(err)
	}
	if april.Total != 26400 || april.Balance.CarriedTo != "" || april.Balance.State != core.BalanceDue ||
		may.Balance.DebitAmount != 0 || len(may.Balance.Carried) != 0 {
		t.Errorf("April %+v, May %+v: a transfer month is not carried", april.Balance, may.Balance)
	}
}

// SPEC §9.4: a plan flagged debit_always (年会費制 接続サービス) may pay by
// auto-debit whatever one debit comes to; RS-1 alone (975 + 97 = 1,072 a
// month) stays below the 1,942 yen minimum.
func TestDebitAlwaysPlan(t *testing.T) {
	for _, c := range []struct {
		plans   []string
		allowed bool
	}{
		{nil, false},
		{[]string{"rs-1"}, false},
		{[]string{"annual-connect"}, true},
		{[]string{"rs-1", "annual-connect"}, true},
	} {
		e := newEnv(t)
		cert, holder := e.newContractUnpaid(t, "spaaqs-home")
		for _, p := range c.plans {
			if _, err := e.svc.AddPlan(e.op, cert.Number, p, e.svc.Now()); err != nil {
				t.Fatal(err)
			}
		}
		info, err := e.svc.PaymentInfo(holder)
		if err != nil || info.DebitAllowed != c.allowed {
			t.Errorf("plans %v: PaymentInfo %+v, %v; want debit allowed %v", c.plans, info, err, c.allowed)
		}
		_, err = e.svc.SetDebit(holder, e.svc.NewToken(), debitForm())
		if c.allowed && err != nil {
			t.Errorf("plans %v: SetDebit: %v", c.plans, err)
		} else if !c.allowed {
			wantProblem(t, err, core.FieldPaymentKind, core.ProblemDebitMinimum)
		}
	}
}
