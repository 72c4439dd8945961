package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Day is a calendar day in Japan time, written YYYY-MM-DD in JSON (null when zero).
type Day struct{ time.Time }

// DayOf is the day of t in Japan time.
func DayOf(t time.Time) Day { return Day{dayOf(t)} }

// String writes the day as YYYY-MM-DD, "" when zero.
func (d Day) String() string {
	if d.IsZero() {
		return ""
	}
	return d.In(JST).Format("2006-01-02")
}

// MarshalJSON writes "YYYY-MM-DD" or null.
func (d Day) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads "YYYY-MM-DD" or null.
func (d *Day) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Day{}
		return nil
	}
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return err
	}
	t, err := time.ParseInLocation("2006-01-02", s, JST)
	if err != nil {
		return err
	}
	*d = Day{t}
	return nil
}

// PlanChangeAhead is how many months after the current one a plan change may
// be asked to start (decision): far enough to plan a migration, near enough
// for a quote to stand.
const PlanChangeAhead = 3

// Refusals of a plan change and of an annual option (PlanError codes).
const (
	PlanBlockForbidden  = "forbidden"   // the matrix refuses it to this login (ErrForbidden)
	PlanBlockNotInUse   = "not-in-use"  // the plan service is applying or has ended
	PlanBlockEnding     = "ending"      // it is being cancelled or replaced already
	PlanBlockNoTargets  = "no-targets"  // the plan changes to nothing (年会費制)
	PlanBlockTarget     = "target"      // the target is not one of the plan's allowed targets
	PlanBlockPast       = "start-past"  // the start month has passed
	PlanBlockFar        = "start-far"   // the start month is more than PlanChangeAhead months ahead
	PlanBlockNoPlan     = "no-plan"     // an annual option needs its membership plan in use
	PlanBlockUnknown    = "unknown"     // a plan of the contract is not in the catalog any more
	PlanBlockBadMonth   = "bad-month"   // the start month is not a month
	PlanBlockPending    = "pending"     // the plan is the new plan of a change not started yet
	PlanBlockHeld       = "held"        // a membership plan is held already (one per contract)
	PlanBlockOptionHeld = "option-held" // the annual option is held already
	PlanBlockWhich      = "which"       // the contract holds several plan services in use: name one
)

// PlanBlocks lists every PlanError code, for the screens and commands that word them.
var PlanBlocks = []string{PlanBlockForbidden, PlanBlockNotInUse, PlanBlockEnding, PlanBlockNoTargets,
	PlanBlockTarget, PlanBlockPast, PlanBlockFar, PlanBlockNoPlan, PlanBlockUnknown, PlanBlockBadMonth,
	PlanBlockPending, PlanBlockHeld, PlanBlockOptionHeld, PlanBlockWhich}

// PlanError says why a plan change or an annual option was refused.
type PlanError struct{ Code string }

func (e *PlanError) Error() string { return "plan: " + e.Code }

// AuditResult names the refusal in the audit log.
func (e *PlanError) AuditResult() string { return "refused-" + e.Code }

// PlanBlock returns the code of a *PlanError, or "".
func PlanBlock(err error) string {
	var pe *PlanError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// PlanChangeRequest is what the subscriber asks: which plan service, to which
// plan, from which month.
type PlanChangeRequest struct {
	Service string `json:"plan_service"`
	To      string `json:"to"`
	Start   Month  `json:"-"`
	// Quoted is the quote the subscriber confirmed; when set, a change whose
	// quote has moved since (the day turned, a renewal came) is refused with
	// the new quote instead of being recorded on figures nobody saw.
	Quoted *PlanChangeQuote `json:"-"`
}

// ErrQuoteChanged means the figures a subscriber confirmed are no longer the
// ones the procedure would record; a *QuoteChangedError carries the new ones.
var ErrQuoteChanged = errors.New("the quote has changed since it was shown")

// QuoteChangedError refuses a confirm whose quote moved, with the new quote.
type QuoteChangedError struct {
	Plan      *PlanChangeQuote
	Annual    *AnnualQuote
	Cancel    *PlanCancelQuote
	Renewal   *RenewalQuote
	AutoRenew *AutoRenewQuote
}

func (e *QuoteChangedError) Error() string        { return ErrQuoteChanged.Error() }
func (e *QuoteChangedError) Is(target error) bool { return target == ErrQuoteChanged }

// AuditResult names the refusal in the audit log.
func (e *QuoteChangedError) AuditResult() string { return "refused-quote-changed" }

// sameQuote compares two quotes figure by figure (days by their dates).
func sameQuote(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

// PlanChangeQuote is every figure of a plan change (SPEC §11.1, seed 001) with
// the formula that gave it. The screen, the back office and the statements all
// read this one object: the quote and the bill cannot disagree.
type PlanChangeQuote struct {
	Contract string `json:"customer_number"`
	Service  string `json:"plan_service"`
	From     string `json:"from"`
	To       string `json:"to"`
	// Rule 2: the new plan starts on NewStart (the 1st of the start month, or
	// today when that is the current month); the old one ends on OldEnd, the
	// last day of the month after, so that both run for at least a month.
	NewStart      Day    `json:"new_start"`
	OldEnd        Day    `json:"old_end"`
	ParallelMonth string `json:"parallel_month"` // YYYY-MM, the month of OldEnd
	// Rule 1: the new plan's initial fee, waived.
	WaivedInitialFee int64 `json:"waived_initial_fee"`
	// Rule 3: the first month of the new plan is free; an old monthly plan is
	// not charged for the parallel month.
	FreeMonth         string `json:"free_month"`          // YYYY-MM
	OldParallelFree   bool   `json:"old_parallel_free"`   // an old monthly plan's parallel month
	OldParallelAmount int64  `json:"old_parallel_amount"` // what that month would have cost
	// An annual old plan whose term ends before OldEnd is renewed first, on
	// OldRenewal, and billed OldRenewalFee; the credit is of that new term.
	OldRenewal    Day   `json:"old_renewal"`
	OldRenewalFee int64 `json:"old_renewal_fee"`
	// Rule 4: an annual old plan's whole months after OldEnd and their credit.
	OldTermEnd      Day    `json:"old_term_end"`
	RemainingMonths int    `json:"remaining_months"`
	OldMonthlyUnit  int64  `json:"old_monthly_unit"` // ceil(old annual ÷ 12); 0 for a monthly old plan
	Credit          int64  `json:"credit"`
	CreditFormula   string `json:"credit_formula"`
	// The new plan's first charge, billed in ChargeMonth: its price less the credit.
	NewPrice      int64  `json:"new_price"` // a month or a year, by the new plan's cycle
	NewCycle      string `json:"new_cycle"`
	RawCharge     int64  `json:"raw_charge"` // NewPrice − Credit, negative when the credit is more
	Charge        int64  `json:"charge"`
	ChargeMonth   string `json:"charge_month"` // YYYY-MM
	ChargeFormula string `json:"charge_formula"`
	// Rule 5: a negative charge extends the new plan's first term.
	ExtendUnit    int64  `json:"extend_unit"`
	ExtendMonths  int    `json:"extend_months"`
	ExtendFormula string `json:"extend_formula"`
	// The new plan's first term: a year from the month after the free month,
	// plus the extension.
	NewTermStart Day `json:"new_term_start"`
	NewEnd       Day `json:"new_end"`
	// ExtendFrom is the first month the extension covers (a monthly new plan is
	// not charged from it to the new end); "" without an extension.
	ExtendFrom string `json:"extend_from,omitempty"`
}

// QuotePlanChange computes the quote of a plan change: a pure function of the
// contract, the catalog, the request and the day. It refuses what the flow
// refuses (a *PlanError): a target not allowed, a start month in the past or
// too far ahead, a plan service that is not simply in use.
func QuotePlanChange(cat *Catalog, c *Contract, req PlanChangeRequest, now time.Time) (PlanChangeQuote, error) {
	i, ok := planService(c, req.Service)
	if !ok {
		return PlanChangeQuote{}, ErrNotFound
	}
	ps := c.Plans[i]
	old, ok := cat.Plan(ps.Plan)
	if !ok {
		return PlanChangeQuote{}, &PlanError{Code: PlanBlockUnknown}
	}
	if block := changeBlock(cat, c, ps, old, now); block != "" {
		return PlanChangeQuote{}, &PlanError{Code: block}
	}
	nw, ok := cat.Plan(req.To)
	if !ok || !old.MayChangeTo(req.To) {
		return PlanChangeQuote{}, &PlanError{Code: PlanBlockTarget}
	}
	cur := MonthOf(now)
	switch s := req.Start; {
	case !s.valid():
		return PlanChangeQuote{}, &PlanError{Code: PlanBlockBadMonth}
	case s.Before(cur):
		return PlanChangeQuote{}, &PlanError{Code: PlanBlockPast}
	case s.After(cur.Add(PlanChangeAhead)):
		return PlanChangeQuote{}, &PlanError{Code: PlanBlockFar}
	}
	s := req.Start
	q := PlanChangeQuote{Contract: c.Number, Service: ps.ID, From: old.Code, To: nw.Code,
		WaivedInitialFee: nw.InitialFee, FreeMonth: s.String(), NewCycle: nw.Cycle}
	newStart := s.Start()
	if s == cur {
		newStart = dayOf(now)
	}
	q.NewStart = Day{newStart}
	oldEnd := s.Next().lastDay()
	if old.Annual() {
		// The term the old plan ends in; a renewal before then is billed as
		// usual, and its unused months come back as the credit.
		term, _ := ps.termAt(oldEnd)
		if term.Index > 0 && term.Start.After(dayOf(now)) {
			q.OldRenewal = Day{term.Start}
			q.OldRenewalFee, _ = termCharge(cat, c, ps, term)
		}
		q.OldTermEnd = Day{term.End}
		q.RemainingMonths = wholeMonths(oldEnd.AddDate(0, 0, 1), term.End)
		unit, billed, months := creditUnit(cat, c, ps, old, term)
		q.OldMonthlyUnit = unit
		q.Credit = q.OldMonthlyUnit * int64(q.RemainingMonths)
		q.CreditFormula = fmt.Sprintf("ceil(%s ÷ %d) × %d = %s", yen(billed), months, q.RemainingMonths, yen(q.Credit))
	} else if MonthOf(oldEnd).After(s) {
		q.OldParallelFree, q.OldParallelAmount = true, old.Price
	}
	q.OldEnd, q.ParallelMonth = Day{oldEnd}, MonthOf(oldEnd).String()
	q.NewPrice = nw.Price
	q.RawCharge = nw.Price - q.Credit
	q.Charge = max(q.RawCharge, 0)
	q.ChargeMonth = s.Next().String()
	q.ChargeFormula = fmt.Sprintf("%s − %s = %s", yen(nw.Price), yen(q.Credit), yen(q.RawCharge))
	if q.RawCharge < 0 {
		q.ChargeFormula += " → 0"
	}
	if q.RawCharge < 0 && nw.MonthlyUnit() > 0 { // the catalog refuses a price of 0
		q.ExtendUnit = nw.MonthlyUnit()
		q.ExtendMonths = int(ceilDiv(-q.RawCharge, q.ExtendUnit))
		if nw.Annual() {
			q.ExtendFormula = fmt.Sprintf("ceil(%s ÷ ceil(%s ÷ 12)) = ceil(%s ÷ %s) = %d",
				yen(-q.RawCharge), yen(nw.Price), yen(-q.RawCharge), yen(q.ExtendUnit), q.ExtendMonths)
		} else {
			q.ExtendFormula = fmt.Sprintf("ceil(%s ÷ %s) = %d", yen(-q.RawCharge), yen(q.ExtendUnit), q.ExtendMonths)
		}
		q.ExtendFrom = s.Add(1 + TermMonths).String()
	}
	q.NewTermStart = Day{s.Next().Start()}
	q.NewEnd = Day{s.Add(1+TermMonths+q.ExtendMonths).Start().AddDate(0, 0, -1)}
	return q, nil
}

// creditUnit is the credit of one remaining month of an annual plan's term
// (rule 4): ceil(annual ÷ 12) for a term of one year at its list price, as
// seed 001 computes it; for a term of several years or at a discount,
// ceil(what the term was billed ÷ its months), so that the credit gives back
// the price actually paid and never the discount twice (decision).
func creditUnit(cat *Catalog, c *Contract, ps PlanService, pl Plan, t Term) (unit, billed int64, months int) {
	if t.Years <= 1 && t.Discount == 0 {
		return pl.MonthlyUnit(), pl.Price, TermMonths
	}
	billed, _ = termCharge(cat, c, ps, t)
	months = TermMonths * t.Years
	return ceilDiv(billed, int64(months)), billed, months
}

// changeBlock says why the plan service cannot be changed now, "" when it can.
func changeBlock(cat *Catalog, c *Contract, ps PlanService, pl Plan, now time.Time) string {
	switch ps.State(now) {
	case PlanApplying:
		if isChangeTarget(c, ps.ID) {
			return PlanBlockPending
		}
		return PlanBlockNotInUse
	case PlanEnded, PlanLapsed:
		return PlanBlockNotInUse
	case PlanCancelling:
		return PlanBlockEnding
	}
	if len(pl.Targets) == 0 {
		return PlanBlockNoTargets
	}
	return ""
}

// isChangeTarget reports whether the plan service is the new plan of a change.
func isChangeTarget(c *Contract, id string) bool {
	i, ok := planService(c, id)
	return ok && c.Plans[i].Change != nil
}

// wholeMonths counts the whole months from the day from through the day to:
// from the 10th, a month is whole when its 9th of the next month is reached.
func wholeMonths(from, to time.Time) int {
	n := 0
	for n < 1200 && !from.AddDate(0, n+1, -1).After(to) {
		n++
	}
	return n
}

// GroupDigits writes a figure with thousands separators: 3,000 or -5,175.
// Every layer writes money with it (screens, the back office, the formulas).
func GroupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return sign + string(out)
}

// yen writes a figure of a formula: 16,500 or −5,175 (with the minus sign).
func yen(n int64) string {
	if n < 0 {
		return "−" + GroupDigits(-n)
	}
	return GroupDigits(n)
}

// AnnualQuote is the adjustment of a membership's term when an annual option
// is bought mid-term (SPEC §11.2, seed 004 §2): the remaining days shrink by
// the ratio of the fees instead of a bill for the difference.
type AnnualQuote struct {
	Contract string `json:"customer_number"`
	Option   string `json:"option"`
	Service  string `json:"plan_service"`
	Today    Day    `json:"today"`
	// DaysBefore are the days after today through the term end.
	DaysBefore   int   `json:"remaining_days_before"`
	OldAnnualFee int64 `json:"old_annual_fee"`
	NewAnnualFee int64 `json:"new_annual_fee"`
	// Exact is DaysBefore × old ÷ new to one decimal, cut (92.3); DaysAfter its floor.
	Exact      string `json:"exact"`
	DaysAfter  int    `json:"remaining_days_after"`
	OldTermEnd Day    `json:"old_term_end"`
	NewTermEnd Day    `json:"new_term_end"`
	// NextRenewal is the first day of the next term, billed at the new fee.
	NextRenewal Day    `json:"next_renewal"`
	Formula     string `json:"formula"`
	// Reinstate: the option was cancelled in this term and is still in force
	// until its end; buying it again undoes the cancel, moves nothing and
	// keeps it in the fee of the next renewal.
	Reinstate bool `json:"reinstate"`
}

// AnnualCancel is what cancelling an annual option changes: the fee, from the
// next renewal only; nothing of the current term is refunded.
type AnnualCancel struct {
	Service      string `json:"plan_service"`
	OldAnnualFee int64  `json:"old_annual_fee"`
	NewAnnualFee int64  `json:"new_annual_fee"`
	// UsableUntil is the term's last day: the option stays in use until then.
	UsableUntil Day `json:"usable_until"`
	NextRenewal Day `json:"next_renewal"`
}

// membershipFor finds the plan service in use that the annual option adds to.
func membershipFor(cat *Catalog, c *Contract, o Option, now time.Time) (int, bool) {
	for i, ps := range c.Plans {
		if containsString(o.Plans, ps.Plan) && ps.State(now) == PlanInUse {
			return i, true
		}
	}
	return -1, false
}

// annualOptionOf is the catalog option of the code when it is an annual
// option that adds to the plan, else nil.
func annualOptionOf(cat *Catalog, code, plan string) *Option {
	if o := chargeOption(cat, code); o != nil && o.Rule == RuleAnnual && containsString(o.Plans, plan) {
		return o
	}
	return nil
}

// annualFee is the membership's annual fee as it stands now: the plan price
// and every annual option held on it.
func annualFee(cat *Catalog, c *Contract, ps PlanService) int64 {
	pl, _ := cat.Plan(ps.Plan)
	fee := pl.Price
	for _, r := range c.Options {
		if r.CancelledAt != nil {
			continue
		}
		if o := annualOptionOf(cat, r.Option, ps.Plan); o != nil {
			fee += o.Annual
		}
	}
	return fee
}

// feeInForce is the annual fee the term runs at: the plan price and every
// annual option in force in the term, with the option plus when it is not
// "". An option is in force from its purchase (a mid-term purchase shrank the
// term instead of a bill) to the end of the term it is cancelled in (a lower
// fee starts at the next renewal, SPEC §11.2), so an option cancelled in this
// term and bought again adds nothing.
func feeInForce(cat *Catalog, c *Contract, ps PlanService, term Term, plus string) int64 {
	pl, _ := cat.Plan(ps.Plan)
	fee := pl.Price
	counted := map[string]bool{}
	add := func(code string) {
		o := annualOptionOf(cat, code, ps.Plan)
		if counted[code] || o == nil {
			return
		}
		counted[code] = true
		fee += o.Annual
	}
	for _, r := range c.Options {
		if r.CancelledAt == nil || !dayOf(*r.CancelledAt).Before(term.Start) {
			add(r.Option)
		}
	}
	if plus != "" {
		add(plus)
	}
	return fee
}

// TermFee is the annual fee billed at the start of a term of a membership or
// an annual hosting plan: the plan price and the annual options held on the
// term's first day (bought before it, not cancelled before it).
func TermFee(cat *Catalog, c *Contract, ps PlanService, t Term) (price int64, options []OptionRecord) {
	pl, _ := cat.Plan(ps.Plan)
	for _, r := range c.Options {
		if annualOptionOf(cat, r.Option, ps.Plan) == nil {
			continue
		}
		if dayOf(r.PurchasedAt).Before(t.Start) && (r.CancelledAt == nil || !dayOf(*r.CancelledAt).Before(t.Start)) {
			options = append(options, r)
		}
	}
	return pl.Price, options
}

// QuoteAnnualOption computes the adjustment a purchase of the annual option
// now would make: a pure function of the contract, the catalog and the day.
func QuoteAnnualOption(cat *Catalog, c *Contract, code string, now time.Time) (AnnualQuote, error) {
	o, ok := cat.Option(code)
	if !ok || o.Rule != RuleAnnual {
		return AnnualQuote{}, ErrNotFound
	}
	i, ok := membershipFor(cat, c, o, now)
	if !ok {
		return AnnualQuote{}, &PlanError{Code: PlanBlockNoPlan}
	}
	if activeRecord(c.Options, o.Code, "") >= 0 {
		return AnnualQuote{}, &PlanError{Code: PlanBlockOptionHeld}
	}
	ps := c.Plans[i]
	today := dayOf(now)
	term, _ := ps.termAt(today)
	q := AnnualQuote{Contract: c.Number, Option: o.Code, Service: ps.ID, Today: Day{today}, OldTermEnd: Day{term.End}}
	q.DaysBefore = daysBetween(today, term.End)
	q.OldAnnualFee = feeInForce(cat, c, ps, term, "")
	q.NewAnnualFee = feeInForce(cat, c, ps, term, o.Code)
	q.Reinstate = q.NewAnnualFee == q.OldAnnualFee
	num := int64(q.DaysBefore) * q.OldAnnualFee
	q.DaysAfter = int(num / q.NewAnnualFee)
	tenths := num * 10 / q.NewAnnualFee
	q.Exact = fmt.Sprintf("%d.%d", tenths/10, tenths%10)
	q.NewTermEnd = Day{today.AddDate(0, 0, q.DaysAfter)}
	q.NextRenewal = Day{q.NewTermEnd.AddDate(0, 0, 1)}
	q.Formula = fmt.Sprintf("%d × %s ÷ %s = %s → %d", q.DaysBefore, yen(q.OldAnnualFee), yen(q.NewAnnualFee), q.Exact, q.DaysAfter)
	return q, nil
}

// annualCancelledUntil is the end of the current term when the annual option's
// last record was cancelled in it: the option stays in use until then.
func annualCancelledUntil(cat *Catalog, c *Contract, o Option, now time.Time) (time.Time, bool) {
	i, ok := membershipFor(cat, c, o, now)
	if !ok {
		return time.Time{}, false
	}
	last := lastRecord(c.Options, o.Code, "")
	if last < 0 || c.Options[last].CancelledAt == nil {
		return time.Time{}, false
	}
	term, _ := c.Plans[i].termAt(dayOf(now))
	if dayOf(*c.Options[last].CancelledAt).Before(term.Start) {
		return time.Time{}, false
	}
	return term.End, true
}

// annualCancel says what cancelling the annual option now changes.
func annualCancel(cat *Catalog, c *Contract, o Option, now time.Time) (AnnualCancel, bool) {
	i, ok := membershipFor(cat, c, o, now)
	if !ok {
		return AnnualCancel{}, false
	}
	ps := c.Plans[i]
	term, _ := ps.termAt(dayOf(now))
	fee := annualFee(cat, c, ps)
	return AnnualCancel{Service: ps.ID, OldAnnualFee: fee, NewAnnualFee: fee - o.Annual,
		UsableUntil: Day{term.End}, NextRenewal: Day{term.End.AddDate(0, 0, 1)}}, true
}

// daysBetween counts the days after from through to (0 when to is not after from).
func daysBetween(from, to time.Time) int {
	if !to.After(from) {
		return 0
	}
	// Calendar days in JST: no DST, so 24-hour steps are exact.
	return int(to.Sub(from).Hours()+12) / 24
}
