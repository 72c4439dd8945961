package main

import (
	"errors"
	"strings"
	"testing"

	"mypage/core"
)

func TestDebitResultCommand(t *testing.T) {
	b := newBilledPaying(t, &core.PaymentMethod{Kind: core.PaymentDebit, Bank: "千葉銀行", Branch: "本店", AccountType: "普通", AccountLast4: "4567"})
	debit := func(flag string) string {
		return mustRun(t, "--db", b.db, "admin", "debit-result", b.number, "--month", b.second.String(), flag)
	}
	st := statementJSON(t, "--db", b.db, "admin", "statement", b.number, "--month", b.second.String())
	retry := core.RetryDate(st.DueDate).Format("2006-01-02")
	// The open month is not collected yet.
	_, _, err := run(t, "--db", b.db, "admin", "debit-result", b.number, "--month", b.third.String(), "--ok")
	if err == nil || !strings.Contains(err.Error(), "not closed yet") || !strings.Contains(err.Error(), "current month is "+b.third.String()) {
		t.Errorf("open month: %v", err)
	}
	// Nothing is reported before the debit date.
	if _, _, err := run(t, "--db", b.db, "admin", "debit-result", b.number, "--month", b.second.String(), "--failed"); err == nil ||
		!strings.Contains(err.Error(), "has not taken place yet") {
		t.Errorf("before the debit date: %v", err)
	}
	mustRun(t, "--db", b.db, "admin", "clock", "set", st.DueDate.Format("2006-01-02"))

	out := debit("--failed")
	for _, s := range []string{b.number, b.second.String(), "¥629", "retry pending", "failed on " + st.DueDate.Format("2006-01-02"), "retried on " + retry} {
		if !strings.Contains(out, s) {
			t.Errorf("first failure lacks %q:\n%s", s, out)
		}
	}
	out = mustRun(t, "--db", b.db, "admin", "statement", b.number, "--month", b.second.String())
	if l := lineWith(out, "入金 / collection"); !strings.Contains(l, "retry pending") || !strings.Contains(l, retry) {
		t.Errorf("the statement shows %q:\n%s", l, out)
	}
	mustRun(t, "--db", b.db, "admin", "clock", "set", retry)
	if out := debit("--ok"); !strings.Contains(out, "paid on "+retry) || !strings.Contains(out, "¥629 received") {
		t.Errorf("success after the retry:\n%s", out)
	}
	st = statementJSON(t, "--db", b.db, "admin", "statement", b.number, "--month", b.second.String())
	if st.Collection == nil || st.Collection.State != core.CollectionPaid || st.Collection.Paid != 629 {
		t.Errorf("--json collection %+v", st.Collection)
	}

	// A statement paid otherwise has no debit to report on.
	plain := newBilled(t)
	if _, _, err := run(t, "--db", plain.db, "admin", "debit-result", plain.number, "--month", plain.second.String(), "--ok"); err == nil ||
		!strings.Contains(err.Error(), "not paid by auto-debit") {
		t.Errorf("debit result on a non-debit statement: %v", err)
	}

	// Exactly one of --ok and --failed.
	for _, flags := range [][]string{{}, {"--ok", "--failed"}} {
		args := append([]string{"--db", b.db, "admin", "debit-result", b.number, "--month", b.first.String()}, flags...)
		if _, _, err := run(t, args...); err == nil || !strings.Contains(err.Error(), "exactly one of --ok and --failed") {
			t.Errorf("%v: err = %v", flags, err)
		}
	}
	_, _, err = run(t, "--db", b.db, "admin", "debit-result", b.number, "--month", b.first.Add(-1).String(), "--ok")
	if err == nil || !strings.Contains(err.Error(), "began in "+b.first.String()) {
		t.Errorf("month before the contract: %v", err)
	}
	_, _, err = run(t, "--db", b.db, "admin", "debit-result", "99999999999999", "--month", b.first.String(), "--ok")
	if err == nil || !strings.Contains(err.Error(), "no contract with customer number 99999999999999") {
		t.Errorf("unknown contract: %v", err)
	}
	if _, _, err := run(t, "--db", b.db, "admin", "debit-result", b.number, "--ok"); err == nil || !strings.Contains(err.Error(), "--month") {
		t.Errorf("no --month: %v", err)
	}
}

func TestPaymentCommand(t *testing.T) {
	b := newBilled(t)
	pay := func(amount, date string) (string, error) {
		out, _, err := run(t, "--db", b.db, "admin", "payment", b.number, "--month", b.second.String(), "--amount", amount, "--date", date)
		return out, err
	}
	// The statement of the second month was issued on the 1st of the third; the clock
	// stands on the 2nd. Payments are dated between the two.
	issued := b.third.Start().Format("2006-01-02")
	today := b.third.Start().AddDate(0, 0, 1).Format("2006-01-02")
	out, err := pay("300", issued)
	// Partly paid, as the portal says 一部入金済み, with what remains.
	if err != nil || !strings.Contains(out, "partly paid: ¥300 of ¥629 received, ¥329 to pay") || strings.Contains(out, "unpaid") {
		t.Fatalf("partial payment: %v\n%s", err, out)
	}
	out, err = pay("329", today)
	if err != nil || !strings.Contains(out, "paid on "+today+" (¥629 received)") {
		t.Fatalf("the rest: %v\n%s", err, out)
	}
	st := statementJSON(t, "--db", b.db, "admin", "statement", b.number, "--month", b.second.String())
	if c := st.Collection; c == nil || c.State != core.CollectionPaid || c.Paid != 629 || c.PaidAt.Format("2006-01-02") != today {
		t.Errorf("collection %+v", c)
	}
	if _, err := pay("1", today); err == nil || !strings.Contains(err.Error(), "already paid") {
		t.Errorf("a payment on a paid statement: %v", err)
	}

	for _, bad := range []struct{ amount, date, want string }{
		{"0", "2026-06-10", "--amount"},
		{"-5", "2026-06-10", "--amount"},
		{"100", "2026/06/10", "--date"},
		{"100", "", "--date"},
	} {
		if _, err := pay(bad.amount, bad.date); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%+v: err = %v", bad, err)
		}
	}
	_, _, err = run(t, "--db", b.db, "admin", "payment", b.number, "--month", b.third.String(), "--amount", "100", "--date", "2026-06-10")
	if err == nil || !strings.Contains(err.Error(), "not closed yet") {
		t.Errorf("open month: %v", err)
	}
	var ex exitError
	if errors.As(err, &ex) {
		t.Errorf("the refusal was not explained: %v", err)
	}
}
