package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"mypage/core"
)

// --amount is yen in decimal, as every number flag is. An operator who types a leading zero
// (0300) or a full-width amount (０３００, folded as every other flag is)
// records 300 yen or is told what is wrong in words; never 192 yen (octal),
// and "0x12C" is no amount.
func TestPaymentAmountIsDecimal(t *testing.T) {
	b := newBilled(t)
	issued := b.third.Start().Format("2006-01-02")
	out, _, err := run(t, "--db", b.db, "admin", "payment", b.number, "--month", b.second.String(), "--amount", "0300", "--date", issued)
	if err == nil && !strings.Contains(out, "¥300 of ¥629") {
		t.Errorf("--amount 0300 recorded something else than 300 yen:\n%s", out)
	}
	st := statementJSON(t, "--db", b.db, "admin", "statement", b.number, "--month", b.second.String())
	if c := st.Collection; c != nil && c.State != core.CollectionUnpaid && c.Paid != 300 {
		t.Errorf("collection after --amount 0300: %+v", c)
	}
	if _, _, err := run(t, "--db", b.db, "admin", "payment", b.number, "--month", b.second.String(), "--amount", "0x12C", "--date", issued); err == nil {
		t.Errorf("--amount 0x12C was taken as an amount")
	}
	_, _, err = run(t, "--db", b.db, "admin", "payment", b.number, "--month", b.second.String(), "--amount", "０１", "--date", issued)
	if err != nil && strings.Contains(err.Error(), "strconv") {
		t.Errorf("a full-width amount is refused with Go's parser message: %v", err)
	}
}

// Every integer flag reads decimal digits: a leading zero is no octal, 0x no
// hexadecimal, and a refusal is in words.
func TestIntegerFlagsAreDecimal(t *testing.T) {
	for in, want := range map[string]string{"010": "10", "０１０": "10", "0": "0", "000": "0", "-03": "-3", "+7": "+7"} {
		var n int
		v := foldedValue{newIntValue(&n)}
		if err := v.Set(in); err != nil || fmt.Sprint(n) != strings.TrimPrefix(want, "+") {
			t.Errorf("Set(%q) = %d, %v; want %s", in, n, err, want)
		}
	}
	for _, in := range []string{"0x10", "0o7", "0b1", "1_000", "1e3", "10yen", "99999999999999999999", "９９９９９９９９９９９９９９９９９９９９"} {
		var n int
		if err := (foldedValue{newIntValue(&n)}).Set(in); err == nil || strings.Contains(err.Error(), "strconv") {
			t.Errorf("Set(%q) = %d, %v; want a refusal in words", in, n, err)
		}
	}
}

// newIntValue is a pflag int flag's value bound to n.
func newIntValue(n *int) pflag.Value {
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	fs.IntVar(n, "n", 0, "")
	return fs.Lookup("n").Value
}
