package core

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Month is a calendar month in Japan time, the unit every charge rule counts in (SPEC §8).
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth reads a month written YYYY-MM.
func ParseMonth(s string) (Month, error) {
	t, err := time.ParseInLocation("2006-01", s, JST)
	if err != nil || t.Year() < 1 {
		return Month{}, fmt.Errorf("%q is not a month in the form YYYY-MM", s)
	}
	return MonthOf(t), nil
}

// MonthOf returns the month t falls in, in Japan time.
func MonthOf(t time.Time) Month {
	y, m, _ := t.In(JST).Date()
	return Month{Year: y, Month: m}
}

// String writes the month as YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// Add returns the month n months after m (before it for a negative n).
func (m Month) Add(n int) Month {
	i := m.index() + n
	y := i / 12
	if i%12 < 0 {
		y--
	}
	return Month{Year: y, Month: time.Month(i-y*12) + 1}
}

// Next returns the month after m.
func (m Month) Next() Month { return m.Add(1) }

// Before reports whether m comes before o.
func (m Month) Before(o Month) bool { return m.index() < o.index() }

// After reports whether m comes after o.
func (m Month) After(o Month) bool { return m.index() > o.index() }

// Start is 00:00 JST on the 1st of the month.
func (m Month) Start() time.Time { return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, JST) }

func (m Month) index() int { return m.Year*12 + int(m.Month) - 1 }

func (m Month) valid() bool {
	return m.Year >= 1 && m.Month >= time.January && m.Month <= time.December
}

// Charge rule sets of SPEC §8 (the catalog's option "rule") and the rule of one-time fees.
const (
	RuleStandard = "standard" // purchase month free, cancel month charged
	RuleSecurity = "security" // the same months as standard
	RuleWarranty = "warranty" // exemption: purchase month and the next one
	// RuleAnnual is an option billed within the annual fee of a membership
	// plan from its next term (SPEC §11.2): never by the month.
	RuleAnnual     = "annual"
	RuleReapplyFee = "reapply-fee" // one-time fee in the purchase month
	// RuleSameMonth is how the standard and security rule sets charge a record
	// cancelled in its purchase month: that month, once.
	RuleSameMonth = "same-month"
)

// Kinds of charge line.
const (
	ChargeMonthly = "monthly"
	ChargeFee     = "fee"
)

// ErrUnknownOption means an option record names an option the catalog no longer has.
var ErrUnknownOption = errors.New("option not in the catalog")

// ErrBadOptionRecord means an option record cannot be charged: it is cancelled
// before its purchase, or its catalog option has no known charge rule.
var ErrBadOptionRecord = errors.New("option record cannot be charged")

// ChargeLine is one amount an option record carries in one month, with the rule that put it there.
type ChargeLine struct {
	Option      string     `json:"option"`            // catalog code
	Name        string     `json:"name"`              // catalog name
	Account     string     `json:"account,omitempty"` // account ID of an account-scope option
	Kind        string     `json:"kind"`              // ChargeMonthly or ChargeFee
	Amount      int64      `json:"amount"`            // yen, tax-excluded
	Rule        string     `json:"rule"`              // RuleStandard, RuleSecurity, RuleWarranty or RuleReapplyFee
	Applied     string     `json:"applied"`           // the rule as applied in the month: Rule, or RuleSameMonth
	Reason      string     `json:"reason"`            // why the month is charged, with the dates
	PurchasedAt time.Time  `json:"purchased_at"`
	CancelledAt *time.Time `json:"cancelled_at,omitempty"`
}

// OptionCharges returns the option charges of month m: for each record on its
// own, the monthly price by the option's rule set (SPEC §8) and any one-time fee
// in the purchase month. Prices and rules come from the catalog. Records that
// cannot be charged (an option missing from the catalog, a cancel before the
// purchase) are left out and reported together in the error; the lines of the
// other records are returned all the same. Lines are in catalog order, then
// by account ID, then by purchase time. The options end with the line: once
// its cancellation is recorded (line, nil while none is), no record is charged
// after the month of the line's last day.
func OptionCharges(cat *Catalog, records []OptionRecord, line *LineCancel, m Month) ([]ChargeLine, error) {
	var lines []ChargeLine
	var errs []error
	reported := map[string]bool{}
	report := func(key string, err error) {
		if !reported[key] {
			reported[key] = true
			errs = append(errs, err)
		}
	}
	at, start, end := m.index(), m.Start(), m.Next().Start()
	var o *Option // the option of the previous record, often the same
	for _, r := range records {
		r, byLine := line.capOption(r)
		if o == nil || o.Code != r.Option {
			if o = chargeOption(cat, r.Option); o == nil {
				report("option:"+r.Option, fmt.Errorf("%w: %q", ErrUnknownOption, r.Option))
				continue
			}
		}
		if !chargeRuleKnown(o.Rule) {
			report("rule:"+o.Code, fmt.Errorf("%w: option %s has the unknown charge rule %q", ErrBadOptionRecord, o.Code, o.Rule))
			continue
		}
		if r.CancelledAt != nil && r.CancelledAt.Before(r.PurchasedAt) {
			report(fmt.Sprint("record:", r.Option, r.Account, r.PurchasedAt.UnixNano()),
				fmt.Errorf("%w: %s%s purchased %s is cancelled before, on %s", ErrBadOptionRecord,
					r.Option, chargeAccount(r.Account), chargeDate(r.PurchasedAt), chargeDate(*r.CancelledAt)))
			continue
		}
		if !r.PurchasedAt.Before(end) || r.CancelledAt != nil && r.CancelledAt.Before(start) {
			continue // purchased after m or cancelled before it: no rule charges m
		}
		first, last, applied := chargedMonths(o.Rule, r)
		p := MonthOf(r.PurchasedAt)
		if o.Monthly > 0 && first <= at && at <= last {
			lines = append(lines, chargeLineOf(o, r, ChargeMonthly, o.Monthly, o.Rule, applied, monthlyReason(o.Rule, applied, r, byLine)))
		}
		if r.Fee > 0 && p.index() == at {
			lines = append(lines, chargeLineOf(o, r, ChargeFee, r.Fee, RuleReapplyFee, RuleReapplyFee,
				"purchased "+chargeDate(r.PurchasedAt)+"; one-time re-application fee in the purchase month (purchase after an earlier cancellation)"))
		}
	}
	slices.SortStableFunc(lines, func(a, b ChargeLine) int {
		return cmp.Or(
			cmp.Compare(chargeOptionIndex(cat, a.Option), chargeOptionIndex(cat, b.Option)),
			strings.Compare(a.Account, b.Account),
			a.PurchasedAt.Compare(b.PurchasedAt),
			cmp.Compare(chargeKindOrder(a.Kind), chargeKindOrder(b.Kind)),
		)
	})
	return lines, errors.Join(errs...)
}

// openEnded is the last month of a record that has no cancel.
const openEnded = int(^uint(0) >> 1)

func chargeRuleKnown(rule string) bool {
	return rule == RuleStandard || rule == RuleSecurity || rule == RuleWarranty || rule == RuleAnnual
}

// chargedMonths gives the first and last month index the record's monthly
// price is charged in by a known rule, first > last meaning never, and the rule
// as applied to the record: the rule set, or RuleSameMonth for a standard or
// security record cancelled in its purchase month.
func chargedMonths(rule string, r OptionRecord) (first, last int, applied string) {
	p := MonthOf(r.PurchasedAt).index()
	last = openEnded
	if r.CancelledAt != nil {
		last = MonthOf(*r.CancelledAt).index()
	}
	switch rule {
	case RuleStandard, RuleSecurity:
		if last == p { // cancelled in the purchase month: that month is charged once
			return p, p, RuleSameMonth
		}
		return p + 1, last, rule
	default: // RuleWarranty
		// Cover and charge start on the 1st of the month after next; a cancel
		// inside the exemption period leaves first > last, nothing charged.
		return p + 2, last, rule
	}
}

// monthlyReason explains the monthly charge of a record by the rule applied to it.
// byLine: the cancel is the line's last day (the option ended with the line).
func monthlyReason(rule, applied string, r OptionRecord, byLine bool) string {
	p := MonthOf(r.PurchasedAt)
	var b strings.Builder
	b.WriteString("purchased ")
	b.WriteString(chargeDate(r.PurchasedAt))
	if r.CancelledAt != nil {
		switch {
		case byLine:
			b.WriteString(", ended with the internet line ")
		case r.AutoCancel:
			b.WriteString(", cancelled automatically ")
		default:
			b.WriteString(", cancelled ")
		}
		b.WriteString(chargeDate(*r.CancelledAt))
	}
	b.WriteString("; ")
	b.WriteString(rule)
	b.WriteString(": ")
	switch {
	case rule == RuleWarranty && r.CancelledAt == nil:
		b.WriteString("charged from " + p.Add(2).String() + " (month of purchase + 2)")
	case rule == RuleWarranty:
		b.WriteString("charged " + p.Add(2).String() + " to " + MonthOf(*r.CancelledAt).String() +
			" (from month of purchase + 2 through the cancel month)")
	case applied == RuleSameMonth:
		b.WriteString("cancelled in the purchase month, that month charged once")
	case r.CancelledAt == nil:
		b.WriteString("purchase month free, charged from " + p.Next().String())
	default:
		b.WriteString("purchase month free, charged " + p.Next().String() + " to " +
			MonthOf(*r.CancelledAt).String() + " (cancel month included)")
	}
	return b.String()
}

func chargeLineOf(o *Option, r OptionRecord, kind string, amount int64, rule, applied, reason string) ChargeLine {
	return ChargeLine{Option: o.Code, Name: o.Name, Account: r.Account, Kind: kind, Amount: amount,
		Rule: rule, Applied: applied, Reason: reason, PurchasedAt: r.PurchasedAt, CancelledAt: r.CancelledAt}
}

// chargeOption finds a catalog option without copying it.
func chargeOption(cat *Catalog, code string) *Option {
	for i := range cat.Options {
		if cat.Options[i].Code == code {
			return &cat.Options[i]
		}
	}
	return nil
}

func chargeOptionIndex(cat *Catalog, code string) int {
	for i, o := range cat.Options {
		if o.Code == code {
			return i
		}
	}
	return len(cat.Options)
}

func chargeKindOrder(kind string) int {
	if kind == ChargeMonthly {
		return 0
	}
	return 1
}

func chargeAccount(account string) string {
	if account == "" {
		return ""
	}
	return " of " + account
}

// chargeDate writes the JST date of t.
func chargeDate(t time.Time) string { return t.In(JST).Format("2006-01-02") }

// WarrantyPeriod returns, for a device warranty applied at applied, the last day of
// its exemption period (the month of application and the next month; 00:00 JST of
// that day) and the start of cover and charge, 00:00 JST on the 1st of the month
// after next (SPEC §7): applied 2015-02-16 → exemption until 2015-03-31, cover from 2015-04-01.
func WarrantyPeriod(applied time.Time) (exemptionEnd, coverStart time.Time) {
	coverStart = MonthOf(applied).Add(2).Start()
	return coverStart.AddDate(0, 0, -1), coverStart
}

// ChargeStatement is the option charges of one contract in one month, tax-excluded.
type ChargeStatement struct {
	Number string       `json:"customer_number"`
	Month  string       `json:"month"` // YYYY-MM
	Lines  []ChargeLine `json:"lines"`
	Total  int64        `json:"total"` // yen, tax-excluded
}

// Charges returns the option charges of a contract in month m; only an operator may
// read them. When some option records cannot be charged the statement still holds the
// lines and total of the others, and the error (ErrUnknownOption, ErrBadOptionRecord) says which.
func (s *Service) Charges(p Principal, number string, m Month) (ChargeStatement, error) {
	if p.Kind != KindOperator {
		return ChargeStatement{}, ErrForbidden
	}
	if !m.valid() {
		return ChargeStatement{}, fmt.Errorf("%s is not a month", m)
	}
	var records []OptionRecord
	var line *LineCancel
	err := s.view(func(tx Tx) error {
		c, err := loadContract(tx, number)
		if err != nil {
			return err
		}
		records, line = c.Options, c.LineCancel
		return nil
	})
	if err != nil {
		return ChargeStatement{}, err
	}
	lines, err := OptionCharges(s.cat, records, line, m)
	st := ChargeStatement{Number: number, Month: m.String(), Lines: lines}
	if st.Lines == nil {
		st.Lines = []ChargeLine{}
	}
	for _, l := range lines {
		st.Total += l.Amount
	}
	if err != nil {
		err = fmt.Errorf("contract %s: %w", number, err)
	}
	return st, err
}
