package core_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"mypage/core"
)

// at is a JST wall-clock time.
func jstAt(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, core.JST)
}

func jstDay(y int, m time.Month, d int) time.Time { return jstAt(y, m, d, 10, 0) }

// bought is a record of code purchased at p and never cancelled.
func recBought(code string, p time.Time) core.OptionRecord {
	return core.OptionRecord{Option: code, PurchasedAt: p}
}

// held is a record of code purchased at p and cancelled at c.
func recHeld(code string, p, c time.Time) core.OptionRecord {
	return core.OptionRecord{Option: code, PurchasedAt: p, CancelledAt: &c}
}

func onAccount(r core.OptionRecord, account string) core.OptionRecord {
	r.Account = account
	return r
}

func mustMonth(t testing.TB, s string) core.Month {
	t.Helper()
	m, err := core.ParseMonth(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// amounts lists the amounts of the lines.
func lineAmounts(lines []core.ChargeLine) []int64 {
	var out []int64
	for _, l := range lines {
		out = append(out, l.Amount)
	}
	return out
}

// TestOptionChargeRules has one row per rule of SPEC §8 and its edges. Each row
// names the months in [from, to] that carry lines and their amounts in order;
// every other month of the range carries nothing.
func TestOptionChargeRules(t *testing.T) {
	cat := core.DefaultCatalog()
	autoCancelled := recHeld("mailpack", jstDay(2015, 2, 16), jstAt(2015, 6, 30, 23, 59))
	autoCancelled.AutoCancel = true
	refee := recHeld("remote-support", jstDay(2015, 3, 3), jstDay(2015, 3, 20))
	refee.Fee = 3000
	refeeOpen := recBought("remote-support", jstDay(2015, 3, 3))
	refeeOpen.Fee = 3000

	tests := []struct {
		name     string
		records  []core.OptionRecord
		from, to string
		want     map[string][]int64
		reason   string // a line's reason contains this
	}{
		{name: "standard: purchase month free, charged from the next month, open-ended",
			records: []core.OptionRecord{recBought("mailpack", jstDay(2015, 2, 16))},
			from:    "2014-12", to: "2016-03",
			want:   everyMonth("2015-03", "2016-03", 300),
			reason: "purchased 2015-02-16; standard: purchase month free, charged from 2015-03"},
		{name: "standard: cancel month charged",
			records: []core.OptionRecord{recHeld("mailweb", jstDay(2015, 2, 16), jstDay(2015, 5, 10))},
			from:    "2015-01", to: "2015-12",
			want:   map[string][]int64{"2015-03": {300}, "2015-04": {300}, "2015-05": {300}},
			reason: "cancelled 2015-05-10; standard: purchase month free, charged 2015-03 to 2015-05 (cancel month included)"},
		{name: "standard: cancel in the purchase month charges that month once",
			records: []core.OptionRecord{recHeld("remote-support", jstDay(2015, 2, 3), jstDay(2015, 2, 20))},
			from:    "2015-01", to: "2015-12",
			want:   map[string][]int64{"2015-02": {500}},
			reason: "cancelled in the purchase month, that month charged once"},
		{name: "standard: purchase, cancel, purchase in one month charges each purchase on its own",
			records: []core.OptionRecord{
				recHeld("mailpack", jstDay(2015, 2, 3), jstDay(2015, 2, 10)),
				recBought("mailpack", jstDay(2015, 2, 15)),
			},
			from: "2015-01", to: "2015-05",
			want: map[string][]int64{"2015-02": {300}, "2015-03": {300}, "2015-04": {300}, "2015-05": {300}}},
		{name: "standard: a cancel month and a same-month purchase and cancel are two lines",
			records: []core.OptionRecord{
				recHeld("mailpack", jstDay(2015, 1, 5), jstDay(2015, 2, 10)),
				recHeld("mailpack", jstDay(2015, 2, 15), jstDay(2015, 2, 25)),
				recBought("mailpack", jstDay(2015, 2, 26)),
			},
			from: "2014-12", to: "2015-04",
			want: map[string][]int64{"2015-02": {300, 300}, "2015-03": {300}, "2015-04": {300}}},
		{name: "security: purchase month free, open-ended",
			records: []core.OptionRecord{onAccount(recBought("sec-360", jstDay(2015, 2, 16)), "taro")},
			from:    "2015-01", to: "2015-04",
			want:   map[string][]int64{"2015-03": {571}, "2015-04": {571}},
			reason: "security: purchase month free, charged from 2015-03"},
		{name: "security: cancel month charged",
			records: []core.OptionRecord{onAccount(recHeld("sec-basic", jstDay(2015, 2, 16), jstDay(2015, 4, 1)), "taro")},
			from:    "2015-01", to: "2015-12",
			want: map[string][]int64{"2015-03": {286}, "2015-04": {286}}},
		{name: "security: cancel in the purchase month charges that month once",
			records: []core.OptionRecord{onAccount(recHeld("sec-online", jstDay(2015, 2, 1), jstDay(2015, 2, 28)), "taro")},
			from:    "2015-01", to: "2015-12",
			want: map[string][]int64{"2015-02": {381}}},
		{name: "security: purchase, cancel, purchase in one month",
			records: []core.OptionRecord{
				onAccount(recHeld("kids-filter", jstDay(2015, 2, 3), jstDay(2015, 2, 10)), "hanako"),
				onAccount(recHeld("kids-filter", jstDay(2015, 2, 15), jstDay(2015, 3, 5)), "hanako"),
			},
			from: "2015-01", to: "2015-12",
			want: map[string][]int64{"2015-02": {286}, "2015-03": {286}}},
		{name: "security: each account ID is charged on its own",
			records: []core.OptionRecord{
				onAccount(recBought("kids-filter", jstDay(2015, 2, 3)), "taro"),
				onAccount(recBought("kids-filter", jstDay(2015, 2, 3)), "hanako"),
			},
			from: "2015-02", to: "2015-03",
			want: map[string][]int64{"2015-03": {286, 286}}},
		{name: "warranty: applied 2015-02-16, nothing in 2015-02 and 2015-03, charged from 2015-04",
			records: []core.OptionRecord{recBought("warranty", jstDay(2015, 2, 16))},
			from:    "2015-01", to: "2016-04",
			want:   everyMonth("2015-04", "2016-04", 500),
			reason: "purchased 2015-02-16; warranty: charged from 2015-04 (month of purchase + 2)"},
		{name: "warranty: cancelled inside the exemption period costs nothing",
			records: []core.OptionRecord{recHeld("warranty", jstDay(2015, 2, 16), jstDay(2015, 3, 20))},
			from:    "2015-01", to: "2016-12",
			want: map[string][]int64{}},
		{name: "warranty: cancelled at the last minute of the exemption period costs nothing",
			records: []core.OptionRecord{recHeld("warranty", jstDay(2015, 2, 16), jstAt(2015, 3, 31, 23, 59))},
			from:    "2015-01", to: "2016-12",
			want: map[string][]int64{}},
		{name: "warranty: cancelled in the purchase month costs nothing",
			records: []core.OptionRecord{recHeld("warranty", jstDay(2015, 2, 16), jstDay(2015, 2, 17))},
			from:    "2015-01", to: "2016-12",
			want: map[string][]int64{}},
		{name: "warranty: cancelled on the first day of cover is charged that month",
			records: []core.OptionRecord{recHeld("warranty", jstDay(2015, 2, 16), jstAt(2015, 4, 1, 0, 0))},
			from:    "2015-01", to: "2016-12",
			want: map[string][]int64{"2015-04": {500}}},
		{name: "warranty: cancelled 2015-05-10, charged 2015-04 and 2015-05 only",
			records: []core.OptionRecord{recHeld("warranty", jstDay(2015, 2, 16), jstDay(2015, 5, 10))},
			from:    "2015-01", to: "2016-12",
			want:   map[string][]int64{"2015-04": {500}, "2015-05": {500}},
			reason: "warranty: charged 2015-04 to 2015-05 (from month of purchase + 2 through the cancel month)"},
		{name: "warranty add-on: 250 by the same rule, after the base in catalog order",
			records: []core.OptionRecord{
				recHeld("warranty-addon", jstDay(2015, 2, 20), jstDay(2015, 5, 10)),
				recHeld("warranty", jstDay(2015, 2, 16), jstDay(2015, 5, 10)),
			},
			from: "2015-01", to: "2015-12",
			want: map[string][]int64{"2015-04": {500, 250}, "2015-05": {500, 250}}},
		{name: "warranty add-on: cancelled inside its own exemption period costs nothing",
			records: []core.OptionRecord{recHeld("warranty-addon", jstDay(2015, 6, 1), jstDay(2015, 7, 31))},
			from:    "2015-01", to: "2016-12",
			want: map[string][]int64{}},
		{name: "re-application fee: 3,000 in the purchase month, monthly from the next month",
			records: []core.OptionRecord{recHeld("remote-support", jstDay(2015, 1, 5), jstDay(2015, 2, 10)), refeeOpen},
			from:    "2014-12", to: "2015-05",
			want:   map[string][]int64{"2015-02": {500}, "2015-03": {3000}, "2015-04": {500}, "2015-05": {500}},
			reason: "one-time re-application fee in the purchase month"},
		{name: "re-application fee: with a cancel in the purchase month, the month and the fee",
			records: []core.OptionRecord{refee},
			from:    "2015-01", to: "2015-12",
			want: map[string][]int64{"2015-03": {500, 3000}}},
		{name: "auto-cancel: the cancel month is charged",
			records: []core.OptionRecord{autoCancelled},
			from:    "2015-01", to: "2015-12",
			want:   map[string][]int64{"2015-03": {300}, "2015-04": {300}, "2015-05": {300}, "2015-06": {300}},
			reason: "purchased 2015-02-16, cancelled automatically 2015-06-30; standard"},
		{name: "JST: 2015-01-31 23:30 JST is a January purchase",
			records: []core.OptionRecord{recBought("mailpack", jstAt(2015, 1, 31, 23, 30))},
			from:    "2015-01", to: "2015-03",
			want: map[string][]int64{"2015-02": {300}, "2015-03": {300}}},
		{name: "JST: 2015-01-31 15:30 UTC is a February purchase (00:30 JST)",
			records: []core.OptionRecord{recBought("mailpack", time.Date(2015, 1, 31, 15, 30, 0, 0, time.UTC))},
			from:    "2015-01", to: "2015-03",
			want:   map[string][]int64{"2015-03": {300}},
			reason: "purchased 2015-02-01;"},
		{name: "JST: a cancel at 2015-03-31 15:30 UTC is an April cancel",
			records: []core.OptionRecord{recHeld("mailpack", jstDay(2015, 1, 10), time.Date(2015, 3, 31, 15, 30, 0, 0, time.UTC))},
			from:    "2015-01", to: "2015-06",
			want: map[string][]int64{"2015-02": {300}, "2015-03": {300}, "2015-04": {300}}},
		{name: "year boundary: standard bought in December charged from January",
			records: []core.OptionRecord{recBought("mailpack", jstDay(2015, 12, 31))},
			from:    "2015-11", to: "2016-02",
			want: map[string][]int64{"2016-01": {300}, "2016-02": {300}}},
		{name: "year boundary: warranty bought in December charged from February",
			records: []core.OptionRecord{recHeld("warranty", jstDay(2015, 12, 1), jstDay(2016, 2, 29))},
			from:    "2015-11", to: "2016-04",
			want: map[string][]int64{"2016-02": {500}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to := mustMonth(t, tt.from), mustMonth(t, tt.to)
			reasonSeen := false
			for m := from; !m.After(to); m = m.Next() {
				lines, err := core.OptionCharges(cat, tt.records, nil, m)
				if err != nil {
					t.Fatalf("%s: %v", m, err)
				}
				if got, want := lineAmounts(lines), tt.want[m.String()]; !reflect.DeepEqual(got, want) {
					t.Errorf("%s: amounts %v, want %v (lines %+v)", m, got, want, lines)
				}
				for _, l := range lines {
					if strings.Contains(l.Reason, tt.reason) {
						reasonSeen = true
					}
				}
			}
			if tt.reason != "" && !reasonSeen {
				t.Errorf("no line's reason contains %q", tt.reason)
			}
		})
	}
}

// monthsFrom charges amount in every month of [from, to].
func everyMonth(from, to string, amount int64) map[string][]int64 {
	f, err := core.ParseMonth(from)
	if err != nil {
		panic(err)
	}
	l, err := core.ParseMonth(to)
	if err != nil {
		panic(err)
	}
	out := map[string][]int64{}
	for m := f; !m.After(l); m = m.Next() {
		out[m.String()] = []int64{amount}
	}
	return out
}

func TestChargeLineFields(t *testing.T) {
	cat := core.DefaultCatalog()
	c := jstDay(2015, 5, 10)
	recs := []core.OptionRecord{
		onAccount(recHeld("sec-360", jstDay(2015, 2, 16), c), "taro"),
		{Option: "remote-support", PurchasedAt: jstDay(2015, 5, 3), Fee: 3000},
	}
	lines, err := core.OptionCharges(cat, recs, nil, mustMonth(t, "2015-05"))
	if err != nil {
		t.Fatal(err)
	}
	want := []core.ChargeLine{
		{Option: "remote-support", Name: "UCOM光 リモートサポート", Kind: core.ChargeFee, Amount: 3000,
			Rule: core.RuleReapplyFee, Applied: core.RuleReapplyFee, PurchasedAt: jstDay(2015, 5, 3),
			Reason: "purchased 2015-05-03; one-time re-application fee in the purchase month (purchase after an earlier cancellation)"},
		{Option: "sec-360", Name: "セキュリティ360°", Account: "taro", Kind: core.ChargeMonthly, Amount: 571,
			Rule: core.RuleSecurity, Applied: core.RuleSecurity, PurchasedAt: jstDay(2015, 2, 16), CancelledAt: &c,
			Reason: "purchased 2015-02-16, cancelled 2015-05-10; security: purchase month free, charged 2015-03 to 2015-05 (cancel month included)"},
	}
	if !reflect.DeepEqual(lines, want) {
		t.Errorf("lines\n%+v\nwant\n%+v", lines, want)
	}
	js := mustJSON(t, lines[1])
	for _, key := range []string{`"option":"sec-360"`, `"account":"taro"`, `"kind":"monthly"`, `"amount":571`,
		`"rule":"security"`, `"reason":`, `"purchased_at":`, `"cancelled_at":`} {
		if !strings.Contains(js, key) {
			t.Errorf("JSON lacks %s: %s", key, js)
		}
	}
}

func TestOptionChargesOrder(t *testing.T) {
	cat := core.DefaultCatalog()
	recs := []core.OptionRecord{
		onAccount(recBought("kids-filter", jstDay(2015, 1, 9)), "b"),
		onAccount(recBought("sec-360", jstDay(2015, 1, 9)), "b"),
		onAccount(recBought("kids-filter", jstDay(2015, 1, 5)), "a"),
		recBought("warranty", jstDay(2014, 11, 1)),
		onAccount(recBought("kids-filter", jstDay(2015, 1, 2)), "b"),
		recBought("mailpack", jstDay(2015, 1, 20)),
	}
	lines, err := core.OptionCharges(cat, recs, nil, mustMonth(t, "2015-02"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range lines {
		got = append(got, fmt.Sprintf("%s/%s/%s", l.Option, l.Account, l.PurchasedAt.Format("01-02")))
	}
	want := []string{"mailpack//01-20", "warranty//11-01", "sec-360/b/01-09",
		"kids-filter/a/01-05", "kids-filter/b/01-02", "kids-filter/b/01-09"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	// The order does not depend on the order of the records.
	for i := range recs {
		rot := append(append([]core.OptionRecord{}, recs[i:]...), recs[:i]...)
		again, _ := core.OptionCharges(cat, rot, nil, mustMonth(t, "2015-02"))
		if !reflect.DeepEqual(again, lines) {
			t.Fatalf("rotation %d gives another order", i)
		}
	}
}

func TestOptionChargesUnchargeableRecords(t *testing.T) {
	cat := core.DefaultCatalog()
	recs := []core.OptionRecord{
		recBought("gone", jstDay(2015, 1, 5)),
		recBought("mailpack", jstDay(2015, 1, 5)),
		recHeld("gone", jstDay(2015, 1, 5), jstDay(2015, 3, 1)),
		recHeld("remote-support", jstDay(2015, 1, 20), jstDay(2015, 1, 10)),
	}
	lines, err := core.OptionCharges(cat, recs, nil, mustMonth(t, "2015-02"))
	if !errors.Is(err, core.ErrUnknownOption) || !errors.Is(err, core.ErrBadOptionRecord) {
		t.Fatalf("err = %v, want ErrUnknownOption and ErrBadOptionRecord", err)
	}
	if n := strings.Count(err.Error(), `"gone"`); n != 1 {
		t.Errorf("the unknown option is reported %d times: %v", n, err)
	}
	if !strings.Contains(err.Error(), "remote-support purchased 2015-01-20 is cancelled before, on 2015-01-10") {
		t.Errorf("err = %v", err)
	}
	if len(lines) != 1 || lines[0].Option != "mailpack" {
		t.Errorf("lines %+v, want the mailpack line only", lines)
	}

	odd := core.DefaultCatalog()
	for i := range odd.Options {
		if odd.Options[i].Code == "mailpack" {
			odd.Options[i].Rule = "weekly"
		}
	}
	_, err = core.OptionCharges(odd, recs[1:2], nil, mustMonth(t, "2015-02"))
	if !errors.Is(err, core.ErrBadOptionRecord) || !strings.Contains(err.Error(), `"weekly"`) {
		t.Errorf("unknown rule: err = %v", err)
	}
}

func TestWarrantyPeriod(t *testing.T) {
	tests := []struct {
		applied           time.Time
		exemptionEnd, cov string
	}{
		{jstDay(2015, 2, 16), "2015-03-31", "2015-04-01"},
		{jstAt(2015, 2, 1, 0, 0), "2015-03-31", "2015-04-01"},
		{jstAt(2015, 2, 28, 23, 59), "2015-03-31", "2015-04-01"},
		{jstDay(2015, 11, 30), "2015-12-31", "2016-01-01"},
		{jstDay(2015, 12, 31), "2016-01-31", "2016-02-01"},
		{jstDay(2016, 1, 15), "2016-02-29", "2016-03-01"},
		{time.Date(2015, 1, 31, 15, 30, 0, 0, time.UTC), "2015-03-31", "2015-04-01"}, // 2015-02-01 JST
	}
	cat := core.DefaultCatalog()
	for _, tt := range tests {
		end, cover := core.WarrantyPeriod(tt.applied)
		if got := end.In(core.JST).Format("2006-01-02"); got != tt.exemptionEnd {
			t.Errorf("%v: exemption until %s, want %s", tt.applied, got, tt.exemptionEnd)
		}
		if got := cover.In(core.JST).Format("2006-01-02 15:04"); got != tt.cov+" 00:00" {
			t.Errorf("%v: cover from %s, want %s 00:00", tt.applied, got, tt.cov)
		}
		// The charge starts in the month cover starts and not before.
		rec := []core.OptionRecord{recBought("warranty", tt.applied)}
		first := core.MonthOf(cover)
		if l, _ := core.OptionCharges(cat, rec, nil, first); len(l) != 1 {
			t.Errorf("%v: no charge in %s, the month cover starts", tt.applied, first)
		}
		if l, _ := core.OptionCharges(cat, rec, nil, first.Add(-1)); len(l) != 0 {
			t.Errorf("%v: charged in %s, before cover", tt.applied, first.Add(-1))
		}
	}
}

func TestMonth(t *testing.T) {
	m := mustMonth(t, "2015-04")
	if m != (core.Month{Year: 2015, Month: time.April}) || m.String() != "2015-04" {
		t.Errorf("ParseMonth(2015-04) = %+v %s", m, m)
	}
	for _, bad := range []string{"", "2015-4", "2015-13", "2015-00", "15-04", "2015/04", "2015-04-01",
		"abcd-ef", "0000-01", " 2015-04", "2015-04 ", "201504"} {
		_, err := core.ParseMonth(bad)
		if err == nil {
			t.Errorf("ParseMonth(%q) accepted", bad)
			continue
		}
		if !strings.Contains(err.Error(), "YYYY-MM") {
			t.Errorf("ParseMonth(%q): unclear error %v", bad, err)
		}
	}
	for _, tt := range []struct {
		from string
		n    int
		want string
	}{
		{"2015-04", 0, "2015-04"}, {"2015-12", 1, "2016-01"}, {"2015-01", -1, "2014-12"},
		{"2015-04", 12, "2016-04"}, {"2015-04", -25, "2013-03"}, {"2015-11", 2, "2016-01"},
		{"2015-04", 119, "2025-03"}, {"2015-01", -12, "2014-01"},
	} {
		if got := mustMonth(t, tt.from).Add(tt.n).String(); got != tt.want {
			t.Errorf("%s.Add(%d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
	if got := mustMonth(t, "2015-12").Next().String(); got != "2016-01" {
		t.Errorf("Next = %s", got)
	}
	a, b := mustMonth(t, "2015-12"), mustMonth(t, "2016-01")
	if !a.Before(b) || a.After(b) || !b.After(a) || b.Before(a) || a.Before(a) || a.After(a) {
		t.Error("Before/After disagree with the calendar")
	}
	if got := core.MonthOf(time.Date(2015, 1, 31, 15, 30, 0, 0, time.UTC)); got.String() != "2015-02" {
		t.Errorf("MonthOf(2015-01-31T15:30Z) = %s, want 2015-02 (JST)", got)
	}
	if got := core.MonthOf(jstAt(2015, 1, 31, 23, 30)); got.String() != "2015-01" {
		t.Errorf("MonthOf(2015-01-31 23:30 JST) = %s", got)
	}
	if s := mustMonth(t, "2015-02").Start(); !s.Equal(jstAt(2015, 2, 1, 0, 0)) {
		t.Errorf("Start = %v", s)
	}
}

func TestServiceCharges(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	hl := d.holder["spaaqs-multi"]
	holder := e.holderOf(t, hl)
	admin := e.accountOf(t, d.account["spaaqs-multi"]["admin"])
	apr := mustMonth(t, "2026-04")

	for name, p := range map[string]core.Principal{"holder": holder, "admin account ID": admin} {
		if _, err := e.svc.Charges(p, hl.Login, apr); !errors.Is(err, core.ErrForbidden) {
			t.Errorf("%s: err = %v, want ErrForbidden", name, err)
		}
	}
	if _, err := e.svc.Charges(e.op, "99999999999999", apr); !errors.Is(err, core.ErrNotFound) {
		t.Errorf("unknown number: err = %v, want ErrNotFound", err)
	}
	if _, err := e.svc.Charges(e.op, hl.Login, core.Month{}); err == nil {
		t.Error("the zero month was accepted")
	}

	cert, _ := e.newContract(t, "spaaqs-lan")
	st, err := e.svc.Charges(e.op, cert.Number, apr)
	if err != nil {
		t.Fatal(err)
	}
	if st.Number != cert.Number || st.Month != "2026-04" || st.Total != 0 || st.Lines == nil || len(st.Lines) != 0 {
		t.Errorf("statement of a contract without options: %+v", st)
	}
	if js := mustJSON(t, st); !strings.Contains(js, `"lines":[]`) || !strings.Contains(js, `"total":0`) {
		t.Errorf("JSON %s", js)
	}

	// Option records as the purchase procedures store them, written straight into the contract.
	recs := []core.OptionRecord{
		recHeld("mailweb", jstDay(2026, 1, 10), jstDay(2026, 4, 2)),
		{Option: "remote-support", PurchasedAt: jstDay(2026, 4, 5), Fee: 3000},
		recBought("warranty", jstDay(2026, 2, 16)),
		onAccount(recBought("sec-360", jstDay(2026, 3, 31)), "taro"),
	}
	err = e.db.Update(func(tx core.Tx) error {
		var c core.Contract
		if err := tx.Get("contracts", cert.Number, &c); err != nil {
			return err
		}
		c.Options = recs
		return tx.Put("contracts", cert.Number, &c)
	})
	if err != nil {
		t.Fatal(err)
	}
	st, err = e.svc.Charges(e.op, cert.Number, apr)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := lineAmounts(st.Lines), []int64{300, 3000, 500, 571}; !reflect.DeepEqual(got, want) {
		t.Errorf("amounts %v, want %v: %+v", got, want, st.Lines)
	}
	if st.Total != 300+3000+500+571 {
		t.Errorf("total %d", st.Total)
	}
}

// tenYears is a contract's history over 2016–2025: every catalog option (the
// security ones on three account IDs) bought on the 3rd and cancelled on the 20th
// of every other month, every sixth month bought again on the 22nd and cancelled
// on the 28th, and the last purchase left running.
func tenYears(cat *core.Catalog) []core.OptionRecord {
	var recs []core.OptionRecord
	first := core.Month{Year: 2016, Month: time.January}
	add := func(code, account string) {
		var fee int64
		for i := 0; i < 120; i += 2 {
			m := first.Add(i)
			buy := func(p, c int, last bool) {
				r := core.OptionRecord{Option: code, Account: account, PurchasedAt: jstDay(m.Year, m.Month, p), Fee: fee}
				if !last {
					cancel := jstDay(m.Year, m.Month, c)
					r.CancelledAt = &cancel
				}
				recs = append(recs, r)
				if code == "remote-support" {
					fee = 3000
				}
			}
			buy(3, 20, false)
			if i%6 == 0 {
				buy(22, 28, i == 114)
			}
		}
	}
	for _, o := range cat.Options {
		if o.Scope == core.ScopeContract {
			add(o.Code, "")
			continue
		}
		for _, a := range []string{"taro", "hanako", "jiro"} {
			add(o.Code, a)
		}
	}
	return recs
}

func TestTenYearsOfCharges(t *testing.T) {
	cat := core.DefaultCatalog()
	recs := tenYears(cat)
	var total int64
	first := core.Month{Year: 2016, Month: time.January}
	for i := 0; i < 120; i++ {
		lines, err := core.OptionCharges(cat, recs, nil, first.Add(i))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lines {
			total += l.Amount
		}
	}
	// Standard and security: each purchase cancelled in its own month is charged
	// once (60 + 19), the purchase of 2025-07 left running 2025-08..2025-12 (5).
	// Warranty: every cancel is inside the exemption period; only the running
	// purchase is charged, 2025-09..2025-12 (4). Remote support: the
	// re-application fee on every purchase but the first (80 − 1).
	var want int64
	for _, o := range cat.Options {
		n := int64(1)
		if o.Scope == core.ScopeAccount {
			n = 3
		}
		switch {
		case o.Rule == core.RuleWarranty:
			want += n * o.Monthly * 4
		default:
			want += n * o.Monthly * (60 + 19 + 5)
		}
		if o.Code == "remote-support" {
			want += 3000 * (80 - 1)
		}
	}
	if total != want {
		t.Errorf("ten years total %d, want %d", total, want)
	}
}

func BenchmarkTenYearsOfCharges(b *testing.B) {
	cat := core.DefaultCatalog()
	recs := tenYears(cat)
	first := core.Month{Year: 2016, Month: time.January}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i := 0; i < 120; i++ {
			if _, err := core.OptionCharges(cat, recs, nil, first.Add(i)); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestChargesAfterPurchases charges what the purchase and cancel procedures stored.
func TestChargesAfterPurchases(t *testing.T) {
	e := newEnv(t)
	cert, holder := e.newContract(t, "spaaqs-lan")
	step := func(when time.Time, what string, code string) {
		t.Helper()
		e.clock.Set(when)
		var err error
		if what == "buy" {
			_, err = e.svc.PurchaseOption(holder, e.svc.NewToken(), code, "")
		} else {
			_, err = e.svc.CancelOption(holder, e.svc.NewToken(), code, "")
		}
		if err != nil {
			t.Fatalf("%s %s on %s: %v", what, code, when.Format("2006-01-02"), err)
		}
	}
	step(jstDay(2026, 1, 10), "buy", "remote-support")
	step(jstDay(2026, 2, 16), "buy", "warranty")
	step(jstDay(2026, 3, 5), "cancel", "remote-support")
	step(jstDay(2026, 4, 5), "buy", "remote-support") // re-application: fee 3,000
	step(jstDay(2026, 4, 6), "buy", "warranty-addon")

	for _, tt := range []struct {
		month string
		want  []int64
	}{
		{"2026-01", nil},
		{"2026-02", []int64{500}},           // remote support
		{"2026-03", []int64{500}},           // remote support, cancel month
		{"2026-04", []int64{3000, 500}},     // re-application fee; warranty from month of purchase + 2
		{"2026-05", []int64{500, 500}},      // remote support, warranty
		{"2026-06", []int64{500, 500, 250}}, // and the add-on from its own month + 2
	} {
		st, err := e.svc.Charges(e.op, cert.Number, mustMonth(t, tt.month))
		if err != nil {
			t.Fatalf("%s: %v", tt.month, err)
		}
		if got := lineAmounts(st.Lines); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: amounts %v, want %v: %+v", tt.month, got, tt.want, st.Lines)
		}
		var sum int64
		for _, a := range tt.want {
			sum += a
		}
		if st.Total != sum {
			t.Errorf("%s: total %d, want %d", tt.month, st.Total, sum)
		}
	}
}
