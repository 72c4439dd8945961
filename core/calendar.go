package core

import "time"

// Bank business days and the auto-debit schedule (SPEC §9.4, seed 004).
//
// Japanese national holidays follow the 国民の祝日に関する法律 with its
// amendments from 2000 on: the Happy Monday dates (2000, 2003), 昭和の日 and
// the substitute-holiday rule of 2007, 山の日 (2016), the 2019 enthronement
// days, 天皇誕生日 on 2/23 and スポーツの日 (2020), and the Olympic moves of
// 2020 and 2021. The equinox days use the standard approximation, valid to 2099.

// The years Holiday knows: the equinox approximation holds from 1980 to 2099
// and the law's rules are modelled from 2000.
const (
	holidayFirstYear = 2000
	holidayLastYear  = 2099
)

// Names of the days that are holidays without being a 国民の祝日 themselves.
const (
	substituteHoliday = "振替休日"
	citizensHoliday   = "国民の休日"
)

// substituteRule2007 is the day the amended substitute-holiday rule took effect.
var substituteRule2007 = time.Date(2007, time.January, 1, 0, 0, 0, 0, JST)

// Holiday reports whether d's calendar day in JST is a Japanese national
// holiday (including 振替休日 and 国民の休日) and gives its Japanese name.
// It knows the years 2000–2099 and reports no holiday outside them.
func Holiday(d time.Time) (name string, ok bool) {
	d = dayOf(d)
	if y := d.Year(); y < holidayFirstYear || y > holidayLastYear {
		return "", false
	}
	if name, ok := shukujitsu(d); ok {
		return name, true
	}
	if isSubstitute(d) {
		return substituteHoliday, true
	}
	if d.Weekday() != time.Sunday {
		if _, before := shukujitsu(d.AddDate(0, 0, -1)); before {
			if _, after := shukujitsu(d.AddDate(0, 0, 1)); after {
				return citizensHoliday, true
			}
		}
	}
	return "", false
}

// isSubstitute reports whether d, not a 国民の祝日 itself, is the 振替休日 of a
// 国民の祝日 that fell on a Sunday: from 2007 the first non-holiday day after
// it, before 2007 only the Monday right after.
func isSubstitute(d time.Time) bool {
	if d.Before(substituteRule2007) {
		p := d.AddDate(0, 0, -1)
		_, ok := shukujitsu(p)
		return ok && p.Weekday() == time.Sunday
	}
	for p := d.AddDate(0, 0, -1); ; p = p.AddDate(0, 0, -1) {
		if _, ok := shukujitsu(p); !ok {
			return false
		}
		if p.Weekday() == time.Sunday {
			return true
		}
	}
}

// shukujitsu names the 国民の祝日 (and the special holidays by their own law)
// on day d, a midnight in JST.
func shukujitsu(d time.Time) (string, bool) {
	y, m, day := d.Date()
	if y < holidayFirstYear || y > holidayLastYear {
		return "", false
	}
	nth := (day-1)/7 + 1 // d is the nth of its weekday in the month
	monday := d.Weekday() == time.Monday
	switch m {
	case time.January:
		switch {
		case day == 1:
			return "元日", true
		case monday && nth == 2:
			return "成人の日", true
		}
	case time.February:
		switch {
		case day == 11:
			return "建国記念の日", true
		case day == 23 && y >= 2020:
			return "天皇誕生日", true
		}
	case time.March:
		if day == springEquinox(y) {
			return "春分の日", true
		}
	case time.April:
		if day == 29 {
			if y >= 2007 {
				return "昭和の日", true
			}
			return "みどりの日", true
		}
	case time.May:
		switch {
		case day == 1 && y == 2019:
			return "天皇の即位の日", true
		case day == 3:
			return "憲法記念日", true
		case day == 4 && y >= 2007:
			return "みどりの日", true
		case day == 5:
			return "こどもの日", true
		}
	case time.July:
		switch {
		case y == 2020:
			switch day {
			case 23:
				return "海の日", true
			case 24:
				return "スポーツの日", true
			}
		case y == 2021:
			switch day {
			case 22:
				return "海の日", true
			case 23:
				return "スポーツの日", true
			}
		case y <= 2002:
			if day == 20 {
				return "海の日", true
			}
		case monday && nth == 3:
			return "海の日", true
		}
	case time.August:
		switch {
		case y == 2020:
			if day == 10 {
				return "山の日", true
			}
		case y == 2021:
			if day == 8 {
				return "山の日", true
			}
		case y >= 2016 && day == 11:
			return "山の日", true
		}
	case time.September:
		switch {
		case y <= 2002 && day == 15:
			return "敬老の日", true
		case y >= 2003 && monday && nth == 3:
			return "敬老の日", true
		case day == autumnEquinox(y):
			return "秋分の日", true
		}
	case time.October:
		switch {
		case day == 22 && y == 2019:
			return "即位礼正殿の儀", true
		case monday && nth == 2 && y <= 2019:
			return "体育の日", true
		case monday && nth == 2 && y >= 2022:
			return "スポーツの日", true
		}
	case time.November:
		switch day {
		case 3:
			return "文化の日", true
		case 23:
			return "勤労感謝の日", true
		}
	case time.December:
		if day == 23 && y <= 2018 {
			return "天皇誕生日", true
		}
	}
	return "", false
}

// springEquinox is the March day of 春分の日 in year y (1980–2099):
// floor(20.8431 + 0.242194·(y−1980)) − floor((y−1980)/4), in exact integers.
func springEquinox(y int) int { return equinox(20_843_100, y) }

// autumnEquinox is the September day of 秋分の日 in year y (1980–2099):
// floor(23.2488 + 0.242194·(y−1980)) − floor((y−1980)/4), in exact integers.
func autumnEquinox(y int) int { return equinox(23_248_800, y) }

// equinox evaluates the approximation with its constants in millionths; for
// y ≥ 1980 every term is non-negative, so integer division is the floor.
func equinox(base int64, y int) int {
	n := y - 1980
	return int((base+242_194*int64(n))/1_000_000) - n/4
}

// BankHoliday reports whether banks are closed on d (its calendar day in JST):
// a Saturday, a Sunday, a national holiday, or a year-end holiday from December 31 to January 3.
func BankHoliday(d time.Time) bool {
	d = dayOf(d)
	switch d.Weekday() {
	case time.Saturday, time.Sunday:
		return true
	}
	if _, m, day := d.Date(); m == time.December && day == 31 || m == time.January && day <= 3 {
		return true
	}
	_, ok := Holiday(d)
	return ok
}

// IsBusinessDay reports whether d (its calendar day in JST) is a bank business day.
func IsBusinessDay(d time.Time) bool { return !BankHoliday(d) }

// NextBusinessDay returns the first bank business day on or after d's calendar
// day, at midnight JST: d's own day when it is a business day.
func NextBusinessDay(d time.Time) time.Time {
	d = dayOf(d)
	for BankHoliday(d) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// AddBusinessDays returns the day, at midnight JST, that is n bank business
// days after d's calendar day (n business days before it for negative n; d's day for 0).
func AddBusinessDays(d time.Time, n int) time.Time {
	d = dayOf(d)
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDate(0, 0, step)
		if !BankHoliday(d) {
			n--
		}
	}
	return d
}

// DebitDate returns the auto-debit (口座振替) day of month m: the 25th in JST,
// or the next business day when the 25th is not one.
func DebitDate(m Month) time.Time {
	return NextBusinessDay(time.Date(m.Year, m.Month, 25, 0, 0, 0, 0, JST))
}

// DebitRetryBusinessDays is how many business days after a failed debit it is tried again.
const DebitRetryBusinessDays = 7

// RetryDate returns the day a failed debit on day debit is tried again (再振替):
// 7 business days later.
func RetryDate(debit time.Time) time.Time { return AddBusinessDays(debit, DebitRetryBusinessDays) }

// dayOf returns the midnight in JST that starts t's calendar day there.
func dayOf(t time.Time) time.Time {
	y, m, d := t.In(JST).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, JST)
}
