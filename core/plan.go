package core

import (
	"fmt"
	"time"
)

// Billing cycles of a plan (SPEC §3.3).
const (
	CycleMonthly = "monthly"
	CycleAnnual  = "annual"
)

// Kinds of plan: a hosting plan, or an annual-fee membership (年会費制) to
// which annual options add (SPEC §11.2).
const (
	PlanHosting    = "hosting"
	PlanMembership = "membership"
)

// TermMonths is the length of a plan's term: every plan service runs in terms
// of a year, billed in advance at the term's start for an annual plan and
// month by month for a monthly one.
const TermMonths = 12

// Plan is one plan of SPEC §3.3.
type Plan struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
	Kind   string `json:"kind"`  // PlanHosting or PlanMembership
	Cycle  string `json:"cycle"` // CycleMonthly or CycleAnnual
	// Price is the fee of one month (monthly) or of one term (annual), tax-excluded.
	Price      int64 `json:"price"`
	InitialFee int64 `json:"initial_fee"`
	// Targets are the plans a plan change may go to (SPEC §3.3 "may change to").
	Targets []string `json:"targets,omitempty"`
	// DebitAlways: auto-debit is allowed whatever one debit comes to (SPEC §9.4).
	DebitAlways   bool   `json:"debit_always,omitempty"`
	Description   string `json:"description,omitempty"`
	DescriptionEn string `json:"description_en,omitempty"`
}

// Annual reports whether the plan is billed once per term.
func (p Plan) Annual() bool { return p.Cycle == CycleAnnual }

// MonthlyUnit is the price of one month of the plan: the monthly price, or
// ceil(annual ÷ 12) of an annual plan (seed 001: 小数点は切り上げ).
func (p Plan) MonthlyUnit() int64 {
	if p.Annual() {
		return ceilDiv(p.Price, 12)
	}
	return p.Price
}

// MayChangeTo reports whether a plan change from p may go to the plan code.
func (p Plan) MayChangeTo(code string) bool { return containsString(p.Targets, code) }

// Plan finds a plan by code.
func (c *Catalog) Plan(code string) (Plan, bool) {
	for _, p := range c.Plans {
		if p.Code == code {
			return p, true
		}
	}
	return Plan{}, false
}

// checkPlans checks the plans of a catalog: codes unique among plans, options
// and contract types, figures in range, targets known and not the plan itself.
func (k *catalogCheck) plans(c *Catalog, seen map[string]bool) {
	plans := map[string]bool{}
	for _, p := range c.Plans {
		plans[p.Code] = true
	}
	for i, p := range c.Plans {
		entry := fmt.Sprintf("plan %s", p.Code)
		if p.Code == "" || seen["plan:"+p.Code] {
			k.add(fmt.Sprintf("plan #%d", i+1), "code", "%q missing or repeated", p.Code)
		}
		seen["plan:"+p.Code] = true
		k.names(entry, p.Code, p.Name, p.NameEn)
		if p.Kind != PlanHosting && p.Kind != PlanMembership {
			k.add(entry, "kind", "unknown kind %q", p.Kind)
		}
		if p.Cycle != CycleMonthly && p.Cycle != CycleAnnual {
			k.add(entry, "cycle", "unknown cycle %q", p.Cycle)
		}
		k.yen(entry, "price", p.Price)
		k.atLeast(entry, "price", p.Price, 1) // a free plan would give a credit nothing to extend by
		k.yen(entry, "initial_fee", p.InitialFee)
		for _, t := range p.Targets {
			if !plans[t] || t == p.Code {
				k.add(entry, "targets", "%q is not another plan of the catalog", t)
			}
		}
		k.text(entry, "description", p.Description, catalogTextMax, false)
		k.text(entry, "description_en", p.DescriptionEn, catalogTextMax, false)
	}
	for _, o := range c.Options {
		if o.Rule == RuleAnnual && len(o.Plans) == 0 {
			k.add("option "+o.Code, "plans", "an annual option needs the plans it adds to")
		}
		for _, p := range o.Plans {
			if pl, ok := c.Plan(p); !ok || pl.Kind != PlanMembership || !pl.Annual() {
				k.add("option "+o.Code, "plans", "%q is not an annual membership plan of the catalog", p)
			}
		}
		if o.Rule == RuleAnnual && (o.Monthly != 0 || o.Annual <= 0) {
			k.add("option "+o.Code, "annual", "an annual option has an annual price and no monthly one")
		}
		if o.Rule != RuleAnnual && o.Annual != 0 {
			k.add("option "+o.Code, "annual", "only an option of the annual rule has an annual price")
		}
		k.yen("option "+o.Code, "annual", o.Annual)
	}
}

// PlanState is where a plan service stands (SPEC §3.3).
type PlanState string

// The states of a plan service.
const (
	PlanApplying   PlanState = "applying"   // 申込中: ordered, not started yet
	PlanInUse      PlanState = "in-use"     // 利用中
	PlanCancelling PlanState = "cancelling" // 解約予定: its end date is set
	PlanEnded      PlanState = "ended"      // 終了
	// PlanLapsed: a term ended without renewal (auto-renew off, no renewal
	// made); the service is suspended until a re-contract (SPEC §11.3).
	PlanLapsed PlanState = "lapsed" // 利用停止中(契約期間満了)
)

// PlanService is one plan held by a contract. Days are 00:00 JST of the day;
// an end is the last day of use, inclusive.
type PlanService struct {
	ID        string    `json:"id"` // "1", "2", … within the contract, never reused
	Plan      string    `json:"plan"`
	AppliedAt time.Time `json:"applied_at"`
	// Start is the first day of use.
	Start time.Time `json:"start"`
	// TermStart is the first day of the first term: Start, or the 1st of the
	// month after Start when the first month is free (a plan change, rule 3).
	TermStart time.Time `json:"term_start"`
	// FirstTermEnd is the last day of the first term as it was opened: a year
	// after TermStart, later by the months a plan change extended it (rule 5).
	// Annual-fee adjustments move a term's end on top of it (Adjusts).
	FirstTermEnd time.Time `json:"first_term_end"`
	// End is the last day of use once the service is ending (a plan change
	// replaced it, or it is cancelled); nil while it runs on.
	End *time.Time `json:"end,omitempty"`
	// InitialFee is billed in the month of Start; WaivedFee is the initial fee
	// a plan change waived (rule 1), for the statement to say so.
	InitialFee int64 `json:"initial_fee,omitempty"`
	WaivedFee  int64 `json:"waived_fee,omitempty"`
	// The figures a plan change gave the new plan (SPEC §11.1), as quoted.
	Change *PlanChangeTerms `json:"change,omitempty"`
	// ReplacedBy is the plan service that replaced this one by a plan change
	// (its parallel month, the last, is not charged for a monthly plan).
	ReplacedBy string `json:"replaced_by,omitempty"`
	// Adjusts are the term-end moves of annual options bought mid-term (SPEC §11.2).
	Adjusts []TermAdjust `json:"adjusts,omitempty"`
	// NoAutoRenew turns auto-renew off; false (the default) renews each term
	// on its end with the same plan and term (SPEC §11.3).
	NoAutoRenew bool `json:"no_auto_renew,omitempty"`
	// AutoRenewSettings are the changes of the setting made on their own
	// (自動更新の設定), in the order made; autoRenewAt reads them with Renewals.
	AutoRenewSettings []AutoRenewSetting `json:"auto_renew_settings,omitempty"`
	// Cancel is the plan cancel (ご解約 or 取消) recorded on the service.
	Cancel *PlanCancelRecord `json:"cancel,omitempty"`
	// Renewals are the renewals and re-contracts made on the service, in the
	// order made (SPEC §11.3); the terms are walked from them (Terms).
	Renewals []RenewalRecord `json:"renewals,omitempty"`
	// RenewedFrom and RenewedAs link a service opened by a renewal to another
	// plan of the family with the one it follows (not a plan change: no
	// parallel month, no credit).
	RenewedFrom string `json:"renewed_from,omitempty"`
	RenewedAs   string `json:"renewed_as,omitempty"`
}

// PlanChangeTerms are the figures of a quote that the new plan of a change is billed by.
type PlanChangeTerms struct {
	Request      string `json:"request"` // the change request number (受付番号)
	From         string `json:"from"`    // the plan service it replaces
	Credit       int64  `json:"credit"`
	Charge       int64  `json:"charge"` // the first charge after the credit, ≥ 0
	ExtendMonths int    `json:"extend_months"`
}

// TermAdjust is one move of a membership's term end by an annual option
// bought mid-term (SPEC §11.2, seed 004 §2).
type TermAdjust struct {
	At         time.Time `json:"at"`
	Option     string    `json:"option"`
	DaysBefore int       `json:"days_before"`
	DaysAfter  int       `json:"days_after"`
	OldFee     int64     `json:"old_fee"`
	NewFee     int64     `json:"new_fee"`
	OldEnd     time.Time `json:"old_end"`
	NewEnd     time.Time `json:"new_end"`
}

// lastDay is the last day of month m.
func (m Month) lastDay() time.Time { return m.Next().Start().AddDate(0, 0, -1) }

// State of the plan service at now.
func (ps PlanService) State(now time.Time) PlanState {
	if ps.Voided() {
		return PlanEnded // withdrawn before its start: it never runs
	}
	today := dayOf(now)
	switch {
	case today.Before(ps.Start):
		return PlanApplying
	case ps.End != nil && today.After(*ps.End):
		return PlanEnded
	case ps.End != nil:
		return PlanCancelling
	}
	if terms := ps.Terms(today); len(terms) > 0 && today.After(terms[len(terms)-1].End) {
		return PlanLapsed
	}
	return PlanInUse
}

// Term is one term of a plan service: its days, its length in years and the
// discount percent it is billed at (SPEC §11.3).
type Term struct {
	Index int       `json:"index"` // 0 for the first term
	Start time.Time `json:"start"`
	End   time.Time `json:"end"` // the last day, inclusive
	// Years is the term's length (1 to 3); Discount the percent off its fee.
	Years    int `json:"years"`
	Discount int `json:"discount"`
	// Renewal is the number of the renewal or re-contract that set the term,
	// "" for the first term and an auto-renewed one; Recontract says it
	// follows a lapse (the days between were not in use, nor billed).
	Renewal    string `json:"renewal,omitempty"`
	Recontract bool   `json:"recontract,omitempty"`
	// PlanPrice is the plan's price the renewal was quoted at, which the
	// term is billed from (0: the catalog price of the term's start).
	PlanPrice int64 `json:"plan_price,omitempty"`
}

// maxTerms bounds the terms walked over a plan service's life (a century).
const maxTerms = 100

// Terms lists the terms of the plan service that start on or before until, in
// order. A term after the service's end is not listed; a term an end cuts
// short keeps its full dates (a prepaid term is not refunded, seed 004).
//
// The first term is as the service was opened. At each boundary (the day
// after a term's end) the next term is the one set by the renewal made
// during the term; else, when auto-renew is in force there, the same length
// again at the same discount; else the service lapses, and the next term is
// the first re-contract on or after the boundary, if any. The walk reads only the records,
// so a month closed late is billed as it would have been on time.
func (ps PlanService) Terms(until time.Time) []Term {
	var out []Term
	start, end := ps.TermStart, ps.FirstTermEnd
	t := Term{Years: 1}
	if r, ok := ps.renewalFor(start); ok {
		t = r.term()
	}
	for i := 0; i < maxTerms && !start.After(until); i++ {
		if ps.End != nil && start.After(*ps.End) {
			break
		}
		if i > 0 {
			end = start.AddDate(0, TermMonths*t.Years, -1)
		}
		for _, a := range ps.Adjusts {
			if !dayOf(a.At).Before(start) && !dayOf(a.At).After(end) {
				end = a.NewEnd
			}
		}
		t.Index, t.Start, t.End = i, start, end
		out = append(out, t)
		next := end.AddDate(0, 0, 1)
		switch r, ok := ps.renewalOf(t); {
		case ok:
			start, t = next, r.term()
		case ps.autoRenewAt(next):
			// Auto-renewed: billed at the catalog price of the day it starts.
			// A suspension for non-payment does not stop it (decision): the
			// contract stays in force and its fees are owed; what is refused
			// meanwhile is what the subscriber asks for (purchases, plan
			// changes, renewals), and a member who wants it to end cancels or
			// turns auto-renew off (自動更新の設定).
			start, t.Renewal, t.Recontract, t.PlanPrice = next, "", false, 0
		default:
			r, ok := ps.recontractAfter(next)
			if !ok {
				return out
			}
			start, t = r.Start, r.term()
		}
	}
	return out
}

// termAt is the term that holds day, or the first term for a day before it;
// ok is false when day is after every term (the service has ended).
func (ps PlanService) termAt(day time.Time) (Term, bool) {
	terms := ps.Terms(day)
	if len(terms) == 0 {
		if first := ps.Terms(ps.TermStart); len(first) > 0 {
			return first[0], true // its length and discount as set
		}
		return Term{Start: ps.TermStart, End: ps.FirstTermEnd, Years: 1}, true
	}
	t := terms[len(terms)-1]
	return t, !day.After(t.End)
}

// planService finds a plan service of the contract by ID.
func planService(c *Contract, id string) (int, bool) {
	for i, ps := range c.Plans {
		if ps.ID == id {
			return i, true
		}
	}
	return -1, false
}

// nextPlanID is the ID of the next plan service of the contract.
func nextPlanID(c *Contract) string {
	n := 0
	for _, ps := range c.Plans {
		var k int
		if _, err := fmt.Sscanf(ps.ID, "%d", &k); err == nil && k > n {
			n = k
		}
	}
	return fmt.Sprint(n + 1)
}

// newPlanService opens a plan on start day: the first term from start for a
// year, the initial fee billed (an operator's plan add, rule 7: no waiver).
func newPlanService(c *Contract, pl Plan, start, applied time.Time) PlanService {
	start = dayOf(start)
	return PlanService{ID: nextPlanID(c), Plan: pl.Code, AppliedAt: applied, Start: start, TermStart: start,
		FirstTermEnd: start.AddDate(0, TermMonths, -1), InitialFee: pl.InitialFee}
}

func ceilDiv(a, b int64) int64 {
	if a <= 0 {
		return 0
	}
	return (a + b - 1) / b
}
