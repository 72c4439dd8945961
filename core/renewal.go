package core

import (
	"sort"
	"time"
)

// DefaultRenewalNoticeDays is how many days before a term's end the portal
// starts showing the renewal notice (SPEC §11.3: from 60 days before the end).
const DefaultRenewalNoticeDays = 60

// noticeDays is the catalog's figure, or the default.
func (c *Catalog) noticeDays() int {
	if c.RenewalNoticeDays > 0 {
		return c.RenewalNoticeDays
	}
	return DefaultRenewalNoticeDays
}

// RenewalNotice is the notice of a plan service's coming term end (SPEC §11.3,
// seed 000).
type RenewalNotice struct {
	Service string `json:"service"`
	Plan    string `json:"plan"`
	// TermEnd is the last day of the current term, inclusive.
	TermEnd Day `json:"term_end"`
	// DaysLeft counts the days after today up to the end day: 0 on the end day.
	DaysLeft int `json:"days_left"`
	// Recommended: today is in the time seed 000 recommends renewing
	// (契約終了の1~2ヶ月前), see RenewalNoticeAt.
	Recommended bool `json:"recommended"`
	AutoRenew   bool `json:"auto_renew"`
	// RenewsOn is the first day of the next term and Fee what that term bills
	// (tax-excluded): the annual fee with the annual options held for an
	// annual plan, the monthly price for a monthly one. Both are set only when
	// AutoRenew is on.
	RenewsOn *Day  `json:"renews_on,omitempty"`
	Fee      int64 `json:"fee,omitempty"`
	// Years and Discount are the length and discount percent the next term
	// repeats (an annual Fee is of the whole term).
	Years    int  `json:"years,omitempty"`
	Discount int  `json:"discount,omitempty"`
	Annual   bool `json:"annual"`
	// LapsesOn is the day the service stops when auto-renew is off and no
	// renewal is made: the day after the term's end.
	LapsesOn *Day `json:"lapses_on,omitempty"`
}

// RenewalNoticeAt is the renewal notice of the plan service at now: ok is
// false for a plan applying, cancelling (its end is set) or ended, and before
// the notice period (the catalog's renewal_notice_days, default 60 days before
// the term's end day: 60 days left is noticed, 61 is not).
//
// Recommended holds from the day two calendar months before the end day
// through the day one calendar month before it, both included; a month that
// lacks the end's day of month takes its last day (end 08-31: from 06-30
// through 07-31).
func RenewalNoticeAt(cat *Catalog, c *Contract, ps PlanService, now time.Time) (RenewalNotice, bool) {
	return renewalNotice(cat, c, ps, now, cat.noticeDays())
}

// renewalNotice is RenewalNoticeAt with the notice period given in days.
func renewalNotice(cat *Catalog, c *Contract, ps PlanService, now time.Time, within int) (RenewalNotice, bool) {
	if ps.State(now) != PlanInUse {
		return RenewalNotice{}, false
	}
	today := dayOf(now)
	term, ok := ps.termAt(today)
	if !ok {
		return RenewalNotice{}, false
	}
	left := daysBetween(today, term.End)
	if left > within {
		return RenewalNotice{}, false
	}
	next := term.End.AddDate(0, 0, 1)
	if _, ok := ps.renewalOf(term); ok {
		return RenewalNotice{}, false // renewed already: nothing to remind of
	}
	pl, _ := cat.Plan(ps.Plan)
	n := RenewalNotice{Service: ps.ID, Plan: ps.Plan, TermEnd: Day{term.End}, DaysLeft: left,
		AutoRenew: ps.autoRenewAt(next), Annual: pl.Annual()}
	n.Recommended = !today.Before(monthsBefore(term.End, 2)) && !today.After(monthsBefore(term.End, 1))
	if !n.AutoRenew {
		off := Day{next}
		n.LapsesOn = &off
	}
	if n.AutoRenew {
		on := Day{next}
		n.RenewsOn = &on
		n.Years, n.Discount = max(term.Years, 1), term.Discount
		// The next term repeats this one's length and discount.
		n.Fee = discounted(pl.Price, term.Discount) // auto-renewed: at the catalog price
		if pl.Annual() {
			n.Fee = discounted((annualFee(cat, c, ps))*int64(max(term.Years, 1)), term.Discount)
		}
	}
	return n, true
}

// monthsBefore is the same day of month n months before day, or the last day
// of that month when it is shorter.
func monthsBefore(day time.Time, n int) time.Time {
	y, m, d := day.Date()
	first := time.Date(y, m-time.Month(n), 1, 0, 0, 0, 0, JST)
	last := first.AddDate(0, 1, -1).Day()
	if d > last {
		d = last
	}
	return time.Date(first.Year(), first.Month(), d, 0, 0, 0, 0, JST)
}

// RenewalDue is one plan service whose term ends soon, for the back office.
type RenewalDue struct {
	Contract string `json:"contract"`
	Holder   string `json:"holder"`
	PlanName string `json:"plan_name"`
	RenewalNotice
}

// RenewalsDue lists, for support staff, every plan service in use whose
// current term ends within days from today (0 = ends today), soonest first.
func (s *Service) RenewalsDue(p Principal, days int) ([]RenewalDue, error) {
	if p.Kind != KindOperator {
		return nil, ErrForbidden
	}
	if days < 0 {
		days = 0
	}
	now := s.Now()
	out := []RenewalDue{}
	err := s.view(func(tx Tx) error {
		return tx.Scan(bucketContracts, "", func(_ string, decode func(any) error) bool {
			var c Contract
			if decode(&c) != nil || c.Withdrawn != nil {
				return true // a withdrawn contract renews nothing
			}
			for _, ps := range c.Plans {
				n, ok := renewalNotice(s.cat, &c, ps, now, days)
				if !ok {
					continue
				}
				pl, ok := s.cat.Plan(ps.Plan)
				name := ps.Plan
				if ok {
					name = pl.Name
				}
				out = append(out, RenewalDue{Contract: c.Number, Holder: c.Customer.LastName + " " + c.Customer.FirstName,
					PlanName: name, RenewalNotice: n})
			}
			return true
		})
	})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].DaysLeft != out[j].DaysLeft {
			return out[i].DaysLeft < out[j].DaysLeft
		}
		return out[i].Contract < out[j].Contract
	})
	return out, err
}
