package core

import (
	"errors"
	"fmt"
	"strings"
)

// LinePlan is the line kind of a plan service's charge: a month of a monthly
// plan, a term's annual fee, an annual option billed with it, or a month the
// rules of a plan change leave free (¥0, said so).
const LinePlan = "plan"

// Rules of the plan lines of a statement (seed 004 §1, SPEC §11.1, §11.2).
const (
	RulePlanMonthly   = "plan-monthly"     // a monthly plan's price, every month of use
	RulePlanAnnual    = "plan-annual"      // a term's annual fee, in advance at the term's start
	RulePlanOption    = "plan-option"      // an annual option held on the term's first day, in the term's fee
	RulePlanInitial   = "plan-initial-fee" // the initial fee in the month of the start
	RulePlanWaived    = "plan-waived-fee"  // rule 1: a plan change waives the new plan's initial fee
	RulePlanFree      = "plan-free-month"  // rule 3: the new plan's first month is free
	RulePlanParallel  = "plan-parallel"    // rule 3: an old monthly plan's parallel month is not charged
	RulePlanCredit    = "plan-credit"      // rule 4: the old annual plan's remaining months
	RulePlanExtension = "plan-extension"   // rule 5: a month the credit left over pays for
	RulePlanAdjust    = "plan-adjust"      // SPEC §11.2: an annual option bought mid-term moves the term end
)

// PlanLineRules are the rules plan lines name, for the screens that word them.
var PlanLineRules = []string{RulePlanMonthly, RulePlanAnnual, RulePlanOption, RulePlanInitial, RulePlanWaived,
	RulePlanFree, RulePlanParallel, RulePlanCredit, RulePlanExtension, RulePlanAdjust}

// ErrUnknownPlan means a plan service names a plan the catalog no longer has.
// It is an ErrUnknownOption too: the callers that bill what they can go on.
var ErrUnknownPlan = fmt.Errorf("plan not in the catalog (%w)", ErrUnknownOption)

// PlanLines are the statement lines of the contract's plan services in month
// m, in the order of the services: a pure function of the contract and the
// catalog, computed from the figures the plan change quote gave the services
// (PlanChangeTerms), so that the quote and the bill cannot disagree.
func PlanLines(cat *Catalog, c *Contract, m Month) ([]StatementLine, error) {
	var lines []StatementLine
	var errs []error
	for _, ps := range c.Plans {
		if ps.Voided() {
			continue // an application withdrawn (取消) is never billed
		}
		pl, ok := cat.Plan(ps.Plan)
		if !ok {
			errs = append(errs, fmt.Errorf("%w: %q (plan service %s)", ErrUnknownPlan, ps.Plan, ps.ID))
			continue
		}
		b := planBill{cat: cat, c: c, ps: ps, pl: pl, m: m}
		b.initialFee()
		if pl.Annual() {
			b.annual()
		} else {
			b.monthly()
		}
		b.adjusts()
		lines = append(lines, b.lines...)
	}
	return lines, errors.Join(errs...)
}

// planBill gathers the lines of one plan service in one month.
type planBill struct {
	cat   *Catalog
	c     *Contract
	ps    PlanService
	pl    Plan
	m     Month
	lines []StatementLine
}

// add appends a line and returns its figures, for the caller to fill in.
func (b *planBill) add(kind, code, desc string, amount int64, rule, reason string) *PlanFigures {
	f := &PlanFigures{Service: b.ps.ID}
	b.lines = append(b.lines, StatementLine{Kind: kind, Code: code, Description: desc, Period: b.m.String(),
		Amount: amount, TaxRate: TaxRate, Rule: rule, Reason: reason, Plan: f})
	return f
}

// change names the plan change that opened the service: its request number and old plan.
func (b *planBill) change() string {
	s := "plan change " + b.ps.Change.Request
	if from := b.fromPlan(); from.Name != "" {
		s += " from " + from.Name
	}
	return s
}

// fromPlan is the catalog plan of the service a change replaced.
func (b *planBill) fromPlan() Plan {
	if b.ps.Change == nil {
		return Plan{}
	}
	if i, ok := planService(b.c, b.ps.Change.From); ok {
		if pl, ok := b.cat.Plan(b.c.Plans[i].Plan); ok {
			return pl
		}
	}
	return Plan{}
}

func (b *planBill) initialFee() {
	if MonthOf(b.ps.Start) != b.m {
		return
	}
	ps := b.ps
	switch {
	case ps.InitialFee > 0:
		b.add(LineFee, ps.Plan, b.pl.Name+" 初期費用", ps.InitialFee, RulePlanInitial,
			"started "+chargeDate(ps.Start)+"; the initial fee in the month of the start")
	case ps.WaivedFee > 0 && ps.Change != nil:
		b.add(LineFee, ps.Plan, b.pl.Name+" 初期費用", 0, RulePlanWaived,
			fmt.Sprintf("%s: the initial fee of %s yen is waived (rule 1)", b.change(), yen(ps.WaivedFee))).WaivedFee = ps.WaivedFee
	}
}

// freeMonth is the first month of a change's new plan, free by rule 3.
func (b *planBill) freeMonth() bool {
	ps := b.ps
	if ps.Change == nil || MonthOf(ps.Start) != b.m {
		return false
	}
	b.add(LinePlan, ps.Plan, b.pl.Name, 0, RulePlanFree,
		fmt.Sprintf("%s: started %s; the first month is free, charged from %s (rule 3)", b.change(), chargeDate(ps.Start),
			MonthOf(ps.Start).Next()))
	return true
}

// credit adds the credit line of a change's first charge, so that the plan
// line at its price and the credit add up to the quoted charge.
func (b *planBill) credit(price int64) {
	ch := b.ps.Change
	if ch.Credit <= 0 {
		return
	}
	used := price - ch.Charge
	reason := fmt.Sprintf("%s: credit of %s yen", b.change(), yen(ch.Credit))
	if from := b.fromPlan(); from.Annual() && from.MonthlyUnit() > 0 {
		unit, billed, months := from.MonthlyUnit(), from.Price, TermMonths
		if i, ok := planService(b.c, ch.From); ok && b.c.Plans[i].End != nil {
			old := b.c.Plans[i]
			t, _ := old.termAt(*old.End)
			unit, billed, months = creditUnit(b.cat, b.c, old, from, t)
		}
		reason += fmt.Sprintf(" (ceil(%s ÷ %d) × %d, the remaining months of the old term, rule 4)", yen(billed), months, ch.Credit/unit)
	}
	reason += fmt.Sprintf("; %s yen of it used for this charge of %s − %s = %s", yen(used), yen(price), yen(used), yen(ch.Charge))
	if rest := ch.Credit - used; rest > 0 {
		reason += fmt.Sprintf("; the rest of %s yen extends the term by %d months (rule 5)", yen(rest), ch.ExtendMonths)
	}
	f := b.add(LineCredit, b.ps.Plan, b.pl.Name+" プラン変更差引額", -used, RulePlanCredit, reason)
	f.Credit, f.CreditUsed, f.ExtendMonths = ch.Credit, used, ch.ExtendMonths
}

func (b *planBill) monthly() {
	ps, m := b.ps, b.m
	first := MonthOf(ps.Start)
	if m.Before(first) || ps.End != nil && m.After(MonthOf(*ps.End)) {
		return
	}
	if b.freeMonth() {
		return
	}
	use := "from " + chargeDate(ps.Start)
	if ps.End != nil {
		use += " to " + chargeDate(*ps.End)
	}
	if ps.Change != nil {
		charge := first.Next()
		extendFrom := first.Add(1 + TermMonths)
		extendTo := extendFrom.Add(ps.Change.ExtendMonths - 1)
		switch {
		case m == charge:
			b.add(LinePlan, ps.Plan, b.pl.Name, b.pl.Price, RulePlanMonthly,
				fmt.Sprintf("%s: in use %s; charged from %s, the month after the free month (rule 3)", b.change(), use, charge))
			b.credit(b.pl.Price)
			return
		case ps.Change.ExtendMonths > 0 && !m.Before(extendFrom) && !m.After(extendTo):
			b.add(LinePlan, ps.Plan, b.pl.Name, 0, RulePlanExtension,
				fmt.Sprintf("%s: extension month %d of %d (%s to %s), paid by the credit left over (rule 5)", b.change(),
					m.index()-extendFrom.index()+1, ps.Change.ExtendMonths, extendFrom, extendTo))
			return
		}
	}
	if ps.End != nil && ps.ReplacedBy != "" && m == MonthOf(*ps.End) {
		if i, ok := planService(b.c, ps.ReplacedBy); ok && m.After(MonthOf(b.c.Plans[i].Start)) {
			nw := b.c.Plans[i]
			name := nw.Plan
			if pl, ok := b.cat.Plan(nw.Plan); ok {
				name = pl.Name
			}
			req := ""
			if nw.Change != nil {
				req = " " + nw.Change.Request
			}
			b.add(LinePlan, ps.Plan, b.pl.Name, 0, RulePlanParallel,
				fmt.Sprintf("plan change%s to %s (started %s): ends %s; the parallel month is not charged (rule 3)",
					req, name, chargeDate(nw.Start), chargeDate(*ps.End)))
			return
		}
	}
	t, ok := b.termInMonth()
	if !ok {
		return // a lapse: the months out of use are not billed
	}
	list := termPrice(b.pl, t) // a renewed term at the price it was confirmed at
	if t.Discount == 0 {
		b.add(LinePlan, ps.Plan, b.pl.Name, list, RulePlanMonthly, "in use "+use+"; a monthly plan is charged every month of use")
		return
	}
	price := discounted(list, t.Discount)
	b.add(LinePlan, ps.Plan, b.pl.Name, price, RulePlanMonthly,
		fmt.Sprintf("in use %s; term %d, %s to %s, %d years at %d%% off: floor(%s × (100 − %d) ÷ 100) = %s every month of use",
			use, t.Index+1, chargeDate(t.Start), chargeDate(t.End), t.Years, t.Discount, yen(list), t.Discount, yen(price)))
}

// termInMonth is the last term with a day in the month; ok is false for a
// month the service spends wholly lapsed (SPEC §11.3).
func (b *planBill) termInMonth() (Term, bool) {
	terms := b.ps.Terms(b.m.lastDay())
	for i := len(terms) - 1; i >= 0; i-- {
		if !terms[i].End.Before(b.m.Start()) {
			return terms[i], true
		}
	}
	return Term{}, len(terms) == 0 // before the first term (a change's free month is billed above)
}

func (b *planBill) annual() {
	ps, m := b.ps, b.m
	if b.freeMonth() {
		return // the first term starts the month after
	}
	for _, t := range ps.Terms(m.lastDay()) {
		if MonthOf(t.Start) != m {
			continue
		}
		term := fmt.Sprintf("term %d, %s to %s", t.Index+1, chargeDate(t.Start), chargeDate(t.End))
		if t.Index == 0 && ps.Change != nil {
			f := b.add(LinePlan, ps.Plan, b.pl.Name, b.pl.Price, RulePlanAnnual,
				fmt.Sprintf("%s: %s; the annual fee in advance at the term's start, the month after the free month (rule 3)", b.change(), term))
			f.TermStart, f.TermEnd = Day{t.Start}, Day{t.End}
			b.credit(b.pl.Price)
			continue
		}
		if t.Years > 1 || t.Discount > 0 {
			b.renewedTerm(t, term)
			continue
		}
		_, options := TermFee(b.cat, b.c, ps, t)
		price := termPrice(b.pl, t) // a renewed term at the price it was confirmed at
		f := b.add(LinePlan, ps.Plan, b.pl.Name, price, RulePlanAnnual, term+"; the annual fee in advance at the term's start")
		f.TermStart, f.TermEnd = Day{t.Start}, Day{t.End}
		for _, r := range options {
			o := chargeOption(b.cat, r.Option)
			f := b.add(LinePlan, o.Code, o.Name, o.Annual, RulePlanOption,
				fmt.Sprintf("purchased %s, held on %s; in the annual fee of %s", chargeDate(r.PurchasedAt), chargeDate(t.Start), term))
			f.TermStart, f.TermEnd = Day{t.Start}, Day{t.End}
		}
	}
}

// renewedTerm bills a term of several years or at a discount in one line:
// floor(term fee × years × (100 − discount) ÷ 100), the term fee with the
// annual options held on its first day (SPEC §11.3).
func (b *planBill) renewedTerm(t Term, term string) {
	charge, list := termCharge(b.cat, b.c, b.ps, t)
	fee := list / int64(t.Years)
	reason := fmt.Sprintf("%s, %d years at %d%% off: floor(%s × %d × (100 − %d) ÷ 100) = %s; the fee of the whole term in advance at its start",
		term, t.Years, t.Discount, yen(fee), t.Years, t.Discount, yen(charge))
	if _, options := TermFee(b.cat, b.c, b.ps, t); len(options) > 0 {
		var names []string
		for _, r := range options {
			names = append(names, chargeOption(b.cat, r.Option).Name)
		}
		reason += "; the term fee " + yen(fee) + " includes the annual options held on " + chargeDate(t.Start) + ": " + strings.Join(names, ", ")
	}
	if t.Renewal != "" {
		reason += "; renewal " + t.Renewal
	}
	f := b.add(LinePlan, b.ps.Plan, b.pl.Name, charge, RulePlanAnnual, reason)
	f.TermStart, f.TermEnd = Day{t.Start}, Day{t.End}
}

// adjusts says, in the month of the purchase, that an annual option bought
// mid-term is not billed now but moved the term end (seed 004 §2).
func (b *planBill) adjusts() {
	for _, a := range b.ps.Adjusts {
		if MonthOf(a.At) != b.m {
			continue
		}
		name := a.Option
		if o := chargeOption(b.cat, a.Option); o != nil {
			name = o.Name
		}
		adj := a
		b.add(LinePlan, a.Option, name, 0, RulePlanAdjust,
			fmt.Sprintf("purchased %s mid-term: no difference billed; the remaining days %d × %s ÷ %s → %d, the term ends %s instead of %s; "+
				"the annual fee of %s yen is billed from the renewal on %s",
				chargeDate(a.At), a.DaysBefore, yen(a.OldFee), yen(a.NewFee), a.DaysAfter, chargeDate(a.NewEnd), chargeDate(a.OldEnd),
				yen(a.NewFee), chargeDate(a.NewEnd.AddDate(0, 0, 1)))).Adjust = &adj
	}
}
