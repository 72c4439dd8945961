package core_test

import (
	"fmt"
	"testing"
	"time"

	"mypage/core"
)

// calDate parses a YYYY-MM-DD day as midnight JST.
func calDate(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation("2006-01-02", s, core.JST)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// officialHolidays are the national holidays as the Cabinet Office lists them
// (内閣府「国民の祝日について」), every one of each year.
var officialHolidays = map[int][][2]string{
	2024: {
		{"01-01", "元日"}, {"01-08", "成人の日"}, {"02-11", "建国記念の日"}, {"02-12", "振替休日"},
		{"02-23", "天皇誕生日"}, {"03-20", "春分の日"}, {"04-29", "昭和の日"}, {"05-03", "憲法記念日"},
		{"05-04", "みどりの日"}, {"05-05", "こどもの日"}, {"05-06", "振替休日"}, {"07-15", "海の日"},
		{"08-11", "山の日"}, {"08-12", "振替休日"}, {"09-16", "敬老の日"}, {"09-22", "秋分の日"},
		{"09-23", "振替休日"}, {"10-14", "スポーツの日"}, {"11-03", "文化の日"}, {"11-04", "振替休日"},
		{"11-23", "勤労感謝の日"},
	},
	2025: {
		{"01-01", "元日"}, {"01-13", "成人の日"}, {"02-11", "建国記念の日"}, {"02-23", "天皇誕生日"},
		{"02-24", "振替休日"}, {"03-20", "春分の日"}, {"04-29", "昭和の日"}, {"05-03", "憲法記念日"},
		{"05-04", "みどりの日"}, {"05-05", "こどもの日"}, {"05-06", "振替休日"}, {"07-21", "海の日"},
		{"08-11", "山の日"}, {"09-15", "敬老の日"}, {"09-23", "秋分の日"}, {"10-13", "スポーツの日"},
		{"11-03", "文化の日"}, {"11-23", "勤労感謝の日"}, {"11-24", "振替休日"},
	},
	2026: {
		{"01-01", "元日"}, {"01-12", "成人の日"}, {"02-11", "建国記念の日"}, {"02-23", "天皇誕生日"},
		{"03-20", "春分の日"}, {"04-29", "昭和の日"}, {"05-03", "憲法記念日"}, {"05-04", "みどりの日"},
		{"05-05", "こどもの日"}, {"05-06", "振替休日"}, {"07-20", "海の日"}, {"08-11", "山の日"},
		{"09-21", "敬老の日"}, {"09-22", "国民の休日"}, {"09-23", "秋分の日"}, {"10-12", "スポーツの日"},
		{"11-03", "文化の日"}, {"11-23", "勤労感謝の日"},
	},
	2027: {
		{"01-01", "元日"}, {"01-11", "成人の日"}, {"02-11", "建国記念の日"}, {"02-23", "天皇誕生日"},
		{"03-21", "春分の日"}, {"03-22", "振替休日"}, {"04-29", "昭和の日"}, {"05-03", "憲法記念日"},
		{"05-04", "みどりの日"}, {"05-05", "こどもの日"}, {"07-19", "海の日"}, {"08-11", "山の日"},
		{"09-20", "敬老の日"}, {"09-23", "秋分の日"}, {"10-11", "スポーツの日"}, {"11-03", "文化の日"},
		{"11-23", "勤労感謝の日"},
	},
	// Years of the law's earlier rules and one-off laws.
	2009: { // the 2007 rules: 昭和の日, みどりの日 on 5/4, 振替休日 after a run of holidays
		{"01-01", "元日"}, {"01-12", "成人の日"}, {"02-11", "建国記念の日"}, {"03-20", "春分の日"},
		{"04-29", "昭和の日"}, {"05-03", "憲法記念日"}, {"05-04", "みどりの日"}, {"05-05", "こどもの日"},
		{"05-06", "振替休日"}, {"07-20", "海の日"}, {"09-21", "敬老の日"}, {"09-22", "国民の休日"},
		{"09-23", "秋分の日"}, {"10-12", "体育の日"}, {"11-03", "文化の日"}, {"11-23", "勤労感謝の日"},
		{"12-23", "天皇誕生日"},
	},
	2019: { // the enthronement: no 天皇誕生日, two one-off holidays
		{"01-01", "元日"}, {"01-14", "成人の日"}, {"02-11", "建国記念の日"}, {"03-21", "春分の日"},
		{"04-29", "昭和の日"}, {"04-30", "国民の休日"}, {"05-01", "天皇の即位の日"}, {"05-02", "国民の休日"},
		{"05-03", "憲法記念日"}, {"05-04", "みどりの日"}, {"05-05", "こどもの日"}, {"05-06", "振替休日"},
		{"07-15", "海の日"}, {"08-11", "山の日"}, {"08-12", "振替休日"}, {"09-16", "敬老の日"},
		{"09-23", "秋分の日"}, {"10-14", "体育の日"}, {"10-22", "即位礼正殿の儀"}, {"11-03", "文化の日"},
		{"11-04", "振替休日"}, {"11-23", "勤労感謝の日"},
	},
	2020: { // the Olympic moves
		{"01-01", "元日"}, {"01-13", "成人の日"}, {"02-11", "建国記念の日"}, {"02-23", "天皇誕生日"},
		{"02-24", "振替休日"}, {"03-20", "春分の日"}, {"04-29", "昭和の日"}, {"05-03", "憲法記念日"},
		{"05-04", "みどりの日"}, {"05-05", "こどもの日"}, {"05-06", "振替休日"}, {"07-23", "海の日"},
		{"07-24", "スポーツの日"}, {"08-10", "山の日"}, {"09-21", "敬老の日"}, {"09-22", "秋分の日"},
		{"11-03", "文化の日"}, {"11-23", "勤労感謝の日"},
	},
	2021: {
		{"01-01", "元日"}, {"01-11", "成人の日"}, {"02-11", "建国記念の日"}, {"02-23", "天皇誕生日"},
		{"03-20", "春分の日"}, {"04-29", "昭和の日"}, {"05-03", "憲法記念日"}, {"05-04", "みどりの日"},
		{"05-05", "こどもの日"}, {"07-22", "海の日"}, {"07-23", "スポーツの日"}, {"08-08", "山の日"},
		{"08-09", "振替休日"}, {"09-20", "敬老の日"}, {"09-23", "秋分の日"}, {"11-03", "文化の日"},
		{"11-23", "勤労感謝の日"},
	},
}

func TestHolidayMatchesOfficialLists(t *testing.T) {
	for year, list := range officialHolidays {
		t.Run(fmt.Sprint(year), func(t *testing.T) {
			want := map[string]string{}
			for _, h := range list {
				want[fmt.Sprintf("%d-%s", year, h[0])] = h[1]
			}
			if len(want) != len(list) {
				t.Fatalf("the %d list repeats a day", year)
			}
			days := 0
			for d := calDate(t, fmt.Sprintf("%d-01-01", year)); d.Year() == year; d = d.AddDate(0, 0, 1) {
				days++
				key := d.Format("2006-01-02")
				name, ok := core.Holiday(d)
				wantName, wantOK := want[key]
				if ok != wantOK || name != wantName {
					t.Errorf("Holiday(%s %s) = %q, %v; want %q, %v", key, d.Weekday(), name, ok, wantName, wantOK)
				}
			}
			if days < 365 {
				t.Fatalf("walked %d days of %d", days, year)
			}
		})
	}
}

func TestHolidayIgnoresTimeOfDayAndZone(t *testing.T) {
	// 2026-05-06 00:30 JST is still 2026-05-05 in UTC; 2026-05-05 23:59 JST is 05-05.
	cases := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 5, 5, 15, 30, 0, 0, time.UTC), "振替休日"},
		{time.Date(2026, 5, 5, 23, 59, 59, 0, core.JST), "こどもの日"},
		{time.Date(2026, 9, 22, 12, 0, 0, 0, core.JST), "国民の休日"},
	}
	for _, c := range cases {
		if name, ok := core.Holiday(c.t); !ok || name != c.want {
			t.Errorf("Holiday(%s) = %q, %v; want %q", c.t, name, ok, c.want)
		}
	}
}

func TestHolidayOutsideKnownYears(t *testing.T) {
	for _, s := range []string{"1999-01-01", "1999-11-03", "2100-01-01"} {
		if name, ok := core.Holiday(calDate(t, s)); ok {
			t.Errorf("Holiday(%s) = %q, want none outside 2000–2099", s, name)
		}
	}
	for _, s := range []string{"2000-01-01", "2099-01-01"} {
		if _, ok := core.Holiday(calDate(t, s)); !ok {
			t.Errorf("Holiday(%s): 元日 not found", s)
		}
	}
}

func TestEquinoxDays(t *testing.T) {
	// 2000 and 2012 as they were observed; the later years by the approximation
	// (in 2092 spring comes on the 19th, in 2044 autumn on the 22nd).
	cases := []struct {
		day, name string
	}{
		{"2000-03-20", "春分の日"}, {"2000-09-23", "秋分の日"},
		{"2012-09-22", "秋分の日"}, {"2028-03-20", "春分の日"}, {"2028-09-22", "秋分の日"},
		{"2044-09-22", "秋分の日"}, {"2092-03-19", "春分の日"}, {"2099-09-23", "秋分の日"},
	}
	for _, c := range cases {
		if name, ok := core.Holiday(calDate(t, c.day)); !ok || name != c.name {
			t.Errorf("Holiday(%s) = %q, %v; want %s", c.day, name, ok, c.name)
		}
	}
}

func TestBankHoliday(t *testing.T) {
	cases := []struct {
		day  string
		want bool
	}{
		{"2025-12-31", true},  // Wednesday, bank year-end
		{"2026-01-02", true},  // Friday, bank year-end
		{"2026-01-03", true},  // Saturday
		{"2026-01-05", false}, // Monday, first business day of 2026
		{"2025-12-30", false}, // Tuesday
		{"2026-12-31", true},  // Thursday
		{"2028-01-03", true},  // Monday, bank year-end
		{"2026-05-06", true},  // 振替休日
		{"2026-09-22", true},  // 国民の休日
		{"2026-04-28", false}, // Tuesday
		{"2026-04-25", true},  // Saturday
		{"2026-04-26", true},  // Sunday
	}
	for _, c := range cases {
		d := calDate(t, c.day)
		if got := core.BankHoliday(d); got != c.want {
			t.Errorf("BankHoliday(%s %s) = %v, want %v", c.day, d.Weekday(), got, c.want)
		}
		if got := core.IsBusinessDay(d); got == c.want {
			t.Errorf("IsBusinessDay(%s) = %v, want %v", c.day, got, !c.want)
		}
	}
}

func TestNextBusinessDay(t *testing.T) {
	cases := []struct{ from, want string }{
		{"2026-04-28", "2026-04-28"}, // a business day is its own next business day
		{"2026-04-29", "2026-04-30"},
		{"2026-05-02", "2026-05-07"}, // Golden Week
		{"2025-12-31", "2026-01-05"}, // year-end
		{"2026-09-19", "2026-09-24"}, // Silver Week
	}
	for _, c := range cases {
		got := core.NextBusinessDay(calDate(t, c.from))
		if !got.Equal(calDate(t, c.want)) || got.Location() != core.JST {
			t.Errorf("NextBusinessDay(%s) = %s, want %s JST", c.from, got, c.want)
		}
	}
	// The time of day is dropped: the result is the day's midnight in JST.
	got := core.NextBusinessDay(time.Date(2026, 4, 28, 17, 45, 0, 0, core.JST))
	if !got.Equal(calDate(t, "2026-04-28")) {
		t.Errorf("NextBusinessDay(2026-04-28 17:45) = %s, want 2026-04-28 00:00 JST", got)
	}
}

func TestAddBusinessDays(t *testing.T) {
	cases := []struct {
		from string
		n    int
		want string
	}{
		{"2026-04-28", 1, "2026-04-30"},
		{"2026-04-30", 2, "2026-05-07"},
		{"2026-05-03", 1, "2026-05-07"}, // from a holiday
		{"2026-12-30", 1, "2027-01-04"},
		{"2026-06-01", 5, "2026-06-08"},
		{"2026-06-01", 0, "2026-06-01"},
		{"2026-05-07", -1, "2026-05-01"},
		{"2027-01-04", -1, "2026-12-30"},
	}
	for _, c := range cases {
		got := core.AddBusinessDays(calDate(t, c.from), c.n)
		if !got.Equal(calDate(t, c.want)) {
			t.Errorf("AddBusinessDays(%s, %d) = %s, want %s", c.from, c.n, got.Format("2006-01-02"), c.want)
		}
	}
}

// debitSchedule2026 is the auto-debit day of every month of 2026 and its retry day.
var debitSchedule2026 = []struct{ debit, retry string }{
	{"2026-01-26", "2026-02-04"}, // the 25th is a Sunday
	{"2026-02-25", "2026-03-06"},
	{"2026-03-25", "2026-04-03"},
	{"2026-04-27", "2026-05-12"}, // the 25th is a Saturday; the retry skips Golden Week
	{"2026-05-25", "2026-06-03"},
	{"2026-06-25", "2026-07-06"},
	{"2026-07-27", "2026-08-05"}, // the 25th is a Saturday
	{"2026-08-25", "2026-09-03"},
	{"2026-09-25", "2026-10-06"},
	{"2026-10-26", "2026-11-05"}, // the 25th is a Sunday; the retry skips 文化の日
	{"2026-11-25", "2026-12-04"},
	{"2026-12-25", "2027-01-07"}, // the retry skips the bank year-end
}

func TestDebitSchedule2026(t *testing.T) {
	for i, want := range debitSchedule2026 {
		m := core.Month{Year: 2026, Month: time.Month(i + 1)}
		debit := core.DebitDate(m)
		if got := debit.Format("2006-01-02"); got != want.debit {
			t.Errorf("DebitDate(%s) = %s, want %s", m, got, want.debit)
		}
		if debit.Location() != core.JST || debit.Hour() != 0 || debit.Minute() != 0 {
			t.Errorf("DebitDate(%s) = %s, want midnight JST", m, debit)
		}
		if got := core.RetryDate(debit).Format("2006-01-02"); got != want.retry {
			t.Errorf("RetryDate(%s) = %s, want %s", want.debit, got, want.retry)
		}
	}
}

func TestDebitDateAndRetryAcrossHolidays(t *testing.T) {
	cases := []struct {
		month        core.Month
		debit, retry string
	}{
		{core.Month{Year: 2025, Month: time.January}, "2025-01-27", "2025-02-05"},
		{core.Month{Year: 2025, Month: time.April}, "2025-04-25", "2025-05-09"}, // Golden Week
		{core.Month{Year: 2025, Month: time.December}, "2025-12-25", "2026-01-08"},
		{core.Month{Year: 2027, Month: time.September}, "2027-09-27", "2027-10-06"},
		{core.Month{Year: 2027, Month: time.December}, "2027-12-27", "2028-01-07"},
	}
	for _, c := range cases {
		debit := core.DebitDate(c.month)
		if got := debit.Format("2006-01-02"); got != c.debit {
			t.Errorf("DebitDate(%s) = %s, want %s", c.month, got, c.debit)
		}
		if got := core.RetryDate(debit).Format("2006-01-02"); got != c.retry {
			t.Errorf("RetryDate(%s) = %s, want %s", c.debit, got, c.retry)
		}
	}
	// A retry is counted from the debit day, whatever time the debit failed at.
	failed := time.Date(2026, 4, 27, 15, 0, 0, 0, core.JST)
	if got := core.RetryDate(failed).Format("2006-01-02"); got != "2026-05-12" {
		t.Errorf("RetryDate(2026-04-27 15:00) = %s, want 2026-05-12", got)
	}
}

func FuzzAddBusinessDays(f *testing.F) {
	f.Add(int64(0), 1)        // 2026-04-28 + 1
	f.Add(int64(-2), 7)       // 2026-04-26 (Sunday) + 7
	f.Add(int64(241), 3)      // 2026-12-25 + 3, across the year-end
	f.Add(int64(-365*26), 30) // 2000
	f.Add(int64(365*73), 250) // near 2099
	start := calDate(f, "2026-04-28")
	f.Fuzz(func(t *testing.T, offset int64, n int) {
		offset %= 365 * 100 // within about a century of 2026
		n %= 400
		if n < 0 {
			n = -n
		}
		if n == 0 {
			n = 1
		}
		from := start.AddDate(0, 0, int(offset)).Add(time.Duration(offset%24) * time.Hour)
		got := core.AddBusinessDays(from, n)
		fromDay := calDate(t, from.In(core.JST).Format("2006-01-02"))
		if !core.IsBusinessDay(got) {
			t.Fatalf("AddBusinessDays(%s, %d) = %s, not a business day", from, n, got)
		}
		if !got.After(fromDay) {
			t.Fatalf("AddBusinessDays(%s, %d) = %s, not after the start", from, n, got)
		}
		if h, m, s := got.In(core.JST).Clock(); h != 0 || m != 0 || s != 0 {
			t.Fatalf("AddBusinessDays(%s, %d) = %s, not midnight JST", from, n, got)
		}
		count := 0
		for d := fromDay.AddDate(0, 0, 1); !d.After(got); d = d.AddDate(0, 0, 1) {
			if core.IsBusinessDay(d) {
				count++
			}
		}
		if count != n {
			t.Fatalf("AddBusinessDays(%s, %d) = %s with %d business days in between", from, n, got, count)
		}
		if back := core.AddBusinessDays(got, -n); core.IsBusinessDay(fromDay) && !back.Equal(fromDay) {
			t.Fatalf("AddBusinessDays(%s, %d) = %s, which goes back %d to %s", from, n, got, n, back)
		}
	})
}
