package core_test

import (
	"errors"
	"testing"
	"time"

	"mypage/core"
)

// seed 003 §2: the internet line is cancelled by phone, and an operator
// records it; nobody logged in to My Page may.
func TestCancelLine(t *testing.T) {
	e := newEnv(t)
	cert, holder := e.newContract(t, "spaaqs-lan")
	y, m, d := e.clock.Now().In(core.JST).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, core.JST) // the contract began today
	if _, err := e.svc.CancelLine(holder, cert.Number, today); !errors.Is(err, core.ErrForbidden) {
		t.Errorf("the holder recorded a line cancel: %v", err)
	}
	for _, c := range []struct {
		name string
		day  time.Time
		code string
	}{
		{"before the contract began", today.AddDate(0, 0, -1), core.LineBeforeCreate},
		{"more than a year ahead", today.AddDate(0, 0, core.LineCancelAhead+1), core.LineTooFar},
	} {
		var le *core.LineError
		if _, err := e.svc.CancelLine(e.op, cert.Number, c.day); !errors.As(err, &le) || le.Code != c.code {
			t.Errorf("%s: err = %v, want %s", c.name, err, c.code)
		}
	}
	last := today.AddDate(0, 0, core.LineCancelAhead) // the farthest day allowed
	lc, err := e.svc.CancelLine(e.op, cert.Number, last.Add(15*time.Hour))
	if err != nil || !lc.Date.Equal(last) {
		t.Fatalf("the farthest day: %+v, %v", lc, err)
	}
	var le *core.LineError
	if _, err := e.svc.CancelLine(e.op, cert.Number, today); !errors.As(err, &le) || le.Code != core.LineRecorded {
		t.Errorf("a second record: err = %v", err)
	}
	rec, err := e.svc.ShowContract(e.op, cert.Number)
	if err != nil || rec.LineCancel == nil || !rec.LineCancel.Date.Equal(last) {
		t.Errorf("the contract record: %+v, %v", rec.LineCancel, err)
	}
	if _, err := e.svc.CancelLine(e.op, "99999999999999", today); !errors.Is(err, core.ErrNotFound) {
		t.Errorf("no contract: %v", err)
	}
}

// seed 003 §2 「インターネット回線の解約」: option services end with the line.
// An option still held when the line's last day passes is billed no month
// after the line's month, is not held any more, and does not block the
// withdrawal.
func TestOptionsEndWithTheLine(t *testing.T) {
	e := newEnv(t)
	cert, holder := e.newContract(t, "spaaqs-lan") // 2026-04-01
	if _, err := e.svc.PurchaseOption(holder, "", "remote-support", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CancelLine(e.op, cert.Number, day(2026, 5, 20)); err != nil {
		t.Fatal(err)
	}
	holds := func(p core.Principal) core.OptionState {
		t.Helper()
		info, err := e.svc.ContractInfo(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range info.Options {
			if o.Option.Code == "remote-support" {
				return o.State
			}
		}
		t.Fatal("remote-support not listed")
		return ""
	}
	// On the line's last day the option is still in use.
	if st := holds(e.at(t, time.Date(2026, 5, 20, 10, 0, 0, 0, core.JST), cert)); st != core.OptionPurchased {
		t.Errorf("on the line's last day: %s, want purchased", st)
	}
	holder = e.at(t, time.Date(2026, 5, 21, 10, 0, 0, 0, core.JST), cert)
	if st := holds(holder); st != core.OptionNotPurchased {
		t.Errorf("the day after the line's last day: %s, want not held", st)
	}
	// No option blocks any more; May's bill (the options to the line's end) is still to come.
	v, err := e.svc.WithdrawalCheck(holder)
	if err != nil || len(v.Blocks) != 1 || v.Blocks[0].Kind != core.WithdrawBlockOwed || v.Blocks[0].State != core.OwedEstimate {
		t.Errorf("withdrawal the day after the line's end: %+v %v, want only May's bill to come", v.Blocks, err)
	}
	// Nothing to buy or cancel any more: the screens say the line ended.
	if _, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), "warranty", ""); core.OptionBlock(err) != core.BlockLineEnded {
		t.Errorf("a purchase after the line's end: %v, want %s", err, core.BlockLineEnded)
	}
	if _, err := e.svc.CancelOption(holder, e.svc.NewToken(), "remote-support", ""); core.OptionBlock(err) != core.BlockNotHeld {
		t.Errorf("a cancel after the line's end: %v, want %s", err, core.BlockNotHeld)
	}
	billed := func(m core.Month) int64 {
		t.Helper()
		st, err := e.svc.StatementOf(e.op, cert.Number, m)
		if err != nil {
			t.Fatal(err)
		}
		var sum int64
		for _, l := range st.Lines {
			if l.Code == "remote-support" {
				sum += l.Amount
			}
		}
		return sum
	}
	remote, _ := e.svc.Catalog().Option("remote-support")
	e.at(t, time.Date(2026, 7, 2, 10, 0, 0, 0, core.JST), cert)
	if got := billed(core.Month{Year: 2026, Month: 5}); got != remote.Monthly {
		t.Errorf("the line's month: %d yen, want %d (the cancel month is charged)", got, remote.Monthly)
	}
	if got := billed(core.Month{Year: 2026, Month: 6}); got != 0 {
		t.Errorf("the month after the line's: %d yen, want nothing", got)
	}
	ch, err := e.svc.Charges(e.op, cert.Number, core.Month{Year: 2026, Month: 6})
	if err != nil || ch.Total != 0 {
		t.Errorf("charges of June: %+v %v, want none", ch, err)
	}
}
