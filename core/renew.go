package core

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Renewal and re-contract of a plan service (SPEC §11.3, seed 000).
//
// A renewal is asked during the notice period of a term, through its end
// day, and sets the next term from the day after that end. A re-contract is
// asked once the service has lapsed (its term ended with auto-renew off and
// no renewal) and starts the new term on the day it is made: the services
// are back from that day, and the days of the lapse are not billed.
//
// Decision: the plan may change at renewal within its family: the plan
// itself or one the catalog says it "may change to" (Plan.Targets, SPEC §3.3),
// so that a renewal opens no plan the plan change flow would refuse; the
// 年会費制 membership, which changes to none, renews as itself. Such a renewal ends the current service on its term
// end and opens the new plan the day after, linked both ways (RenewedFrom /
// RenewedAs). It is not a plan change: no initial fee, no parallel month, no
// free month, no credit (SPEC §11.1 applies to the plan change flow only).

// inFamily reports whether a renewal of plan from may go to plan to.
func inFamily(from, to Plan) bool { return to.Code == from.Code || from.MayChangeTo(to.Code) }

// MaxRenewalYears is the longest term a renewal may set.
const MaxRenewalYears = 3

// Kinds of renewal.
const (
	RenewKindRenew      = "renew"      // 契約更新: the next term, from the day after the current one
	RenewKindRecontract = "recontract" // 再契約: after a lapse, from today
)

// Refusals of a renewal (RenewError codes).
const (
	RenewBlockForbidden = "forbidden" // the matrix refuses it to this login
	RenewBlockEarly     = "too-early" // before the notice period (RenewError.OpensOn says when it opens)
	RenewBlockEnding    = "ending"    // the service is being cancelled or replaced
	RenewBlockApplying  = "applying"  // the service has not started yet
	RenewBlockEnded     = "ended"     // the service has ended
	RenewBlockDone      = "renewed"   // the coming term is renewed already
	RenewBlockFamily    = "family"    // the plan is not of the service's family
	RenewBlockYears     = "years"     // the term is not 1, 2 or 3 years
	RenewBlockUnknown   = "unknown"   // the plan is not in the catalog
)

// RenewBlocks lists every RenewError code, for the screens that word them.
var RenewBlocks = []string{RenewBlockForbidden, RenewBlockEarly, RenewBlockEnding, RenewBlockApplying,
	RenewBlockEnded, RenewBlockDone, RenewBlockFamily, RenewBlockYears, RenewBlockUnknown}

// RenewError says why a renewal or re-contract was refused.
type RenewError struct {
	Code string
	// OpensOn is the first day a renewal may be asked (RenewBlockEarly).
	OpensOn Day
}

func (e *RenewError) Error() string { return "renew: " + e.Code }

// AuditResult names the refusal in the audit log.
func (e *RenewError) AuditResult() string { return "refused-" + e.Code }

// RenewBlock returns the code of a *RenewError, or "".
func RenewBlock(err error) string {
	var re *RenewError
	if errors.As(err, &re) {
		return re.Code
	}
	return ""
}

// RenewalDiscount is the discount percent of a term of the years: 0 for one
// year, the catalog's figure for 2 and 3; ok is false for any other length.
func (c *Catalog) RenewalDiscount(years int) (int, bool) {
	if years < 1 || years > MaxRenewalYears {
		return 0, false
	}
	return c.RenewalDiscounts[strconv.Itoa(years)], true
}

// renewalDiscounts checks the catalog's discounts: years 2 and 3 only, 0–99 %.
func (k *catalogCheck) renewalDiscounts(c *Catalog) {
	for y, d := range c.RenewalDiscounts {
		if n, err := strconv.Atoi(y); err != nil || n < 2 || n > MaxRenewalYears {
			k.add("", "renewal_discounts", "%q is not a term of 2 or 3 years", y)
		}
		if d < 0 || d > 99 {
			k.add("", "renewal_discounts", "%d %% for %s years is not 0 to 99", d, y)
		}
	}
}

// RenewalRecord is one renewal or re-contract made on a plan service.
type RenewalRecord struct {
	Number string    `json:"number"` // RNyyyymmdd-NNNNNN
	At     time.Time `json:"at"`
	// Start is the first day of the term it sets, as quoted; a renewal's
	// term follows the day after its term's end should that end move.
	Start    time.Time `json:"start"`
	Years    int       `json:"years"`
	Discount int       `json:"discount"`
	// AutoRenew is the setting after the term it sets: on, the term renews
	// on its end with the same plan and length.
	AutoRenew  bool   `json:"auto_renew"`
	Recontract bool   `json:"recontract,omitempty"`
	Actor      string `json:"actor"`
	// PlanPrice is the plan's catalog price as quoted and confirmed: the
	// term is billed from it, whatever the catalog says on its first day.
	PlanPrice int64 `json:"plan_price,omitempty"`
}

func (r RenewalRecord) term() Term {
	return Term{Years: max(r.Years, 1), Discount: r.Discount, Renewal: r.Number, Recontract: r.Recontract, PlanPrice: r.PlanPrice}
}

// termPrice is the plan's price a term is billed from: the one its renewal
// was confirmed at, else the catalog's.
func termPrice(pl Plan, t Term) int64 {
	if t.PlanPrice > 0 {
		return t.PlanPrice
	}
	return pl.Price
}

// renewsAfter says whether the term is followed by another on the same
// service: a renewal made during it, or auto-renew in force at its end.
func (ps PlanService) renewsAfter(t Term) bool {
	if _, ok := ps.renewalOf(t); ok {
		return true
	}
	return ps.autoRenewAt(t.End.AddDate(0, 0, 1))
}

// renewalFor is the last record that sets a term starting on day (the first
// term of a plan service a renewal opened).
func (ps PlanService) renewalFor(day time.Time) (RenewalRecord, bool) {
	for i := len(ps.Renewals) - 1; i >= 0; i-- {
		if r := ps.Renewals[i]; dayOf(r.Start).Equal(day) {
			return r, true
		}
	}
	return RenewalRecord{}, false
}

// renewalOf is the last renewal made during the term: it sets the term after
// it, from the day after the term's end as it stands (an annual option bought
// since may have moved that end, SPEC §11.2; the renewal follows it).
func (ps PlanService) renewalOf(t Term) (RenewalRecord, bool) {
	for i := len(ps.Renewals) - 1; i >= 0; i-- {
		if r := ps.Renewals[i]; !r.Recontract && !dayOf(r.At).Before(t.Start) && !dayOf(r.At).After(t.End) {
			return r, true
		}
	}
	return RenewalRecord{}, false
}

// recontractAfter is the first re-contract starting on or after day.
func (ps PlanService) recontractAfter(day time.Time) (RenewalRecord, bool) {
	var out RenewalRecord
	found := false
	for _, r := range ps.Renewals {
		if r.Recontract && !dayOf(r.Start).Before(day) && (!found || r.Start.Before(out.Start)) {
			out, found = r, true
		}
	}
	return out, found
}

// autoRenewAt says whether auto-renew is in force at the boundary: as the
// latest renewal record or auto-renew setting made before that day set it,
// else as the service was opened.
func (ps PlanService) autoRenewAt(boundary time.Time) bool {
	on, at, found := !ps.NoAutoRenew, time.Time{}, false
	for _, r := range ps.Renewals {
		if dayOf(r.At).Before(boundary) && (!found || !r.At.Before(at)) {
			on, at, found = r.AutoRenew, r.At, true
		}
	}
	for _, a := range ps.AutoRenewSettings {
		if dayOf(a.At).Before(boundary) && (!found || !a.At.Before(at)) {
			on, at, found = a.On, a.At, true
		}
	}
	return on
}

// lastTerm is the last term that starts on or before day.
func (ps PlanService) lastTerm(day time.Time) (Term, bool) {
	terms := ps.Terms(day)
	if len(terms) == 0 {
		return Term{}, false
	}
	return terms[len(terms)-1], true
}

// discounted is floor(amount × (100 − percent) ÷ 100).
func discounted(amount int64, percent int) int64 { return amount * int64(100-percent) / 100 }

// termCharge is what an annual plan's term is billed at its start: the term
// fee (with the annual options held on its first day) × years, less the
// discount, floored; list is the figure before the discount.
func termCharge(cat *Catalog, c *Contract, ps PlanService, t Term) (charge, list int64) {
	_, options := TermFee(cat, c, ps, t)
	pl, _ := cat.Plan(ps.Plan)
	price := termPrice(pl, t) // the annual options are added as they are on its first day (SPEC §11.2)
	for _, r := range options {
		price += chargeOption(cat, r.Option).Annual
	}
	list = price * int64(max(t.Years, 1))
	return discounted(list, t.Discount), list
}

// RenewalRequest is what the subscriber asks: which plan service, to which
// plan of its family ("" keeps the plan), for how many years, and whether the
// new term renews itself at its end.
type RenewalRequest struct {
	Service   string `json:"plan_service"`
	Plan      string `json:"plan"`
	Years     int    `json:"years"`
	AutoRenew bool   `json:"auto_renew"`
	// Quoted is the quote the subscriber confirmed; a renewal whose quote
	// has moved since is refused with the new quote.
	Quoted *RenewalQuote `json:"-"`
}

// RenewalQuote is every figure of a renewal or re-contract.
type RenewalQuote struct {
	Contract string `json:"customer_number"`
	Service  string `json:"plan_service"`
	Kind     string `json:"kind"` // RenewKindRenew or RenewKindRecontract
	From     string `json:"from"` // the plan held now
	Plan     string `json:"plan"` // the plan of the new term
	// NewService: the plan changes, so the new term is a new plan service.
	NewService bool   `json:"new_service"`
	Cycle      string `json:"cycle"`
	Years      int    `json:"years"`
	Discount   int    `json:"discount"` // percent
	// ListPrice and Price are before and after the discount: the whole term,
	// billed in advance, for an annual plan; one month for a monthly one.
	ListPrice int64  `json:"list_price"`
	Price     int64  `json:"price"`
	Formula   string `json:"formula"`
	// PlanPrice is the plan's catalog price the term is billed from: kept on
	// the renewal, so that a later catalog change does not move it.
	PlanPrice int64 `json:"plan_price"`
	// InitialFee is the plan's initial fee, which a renewal does not charge.
	InitialFee int64 `json:"initial_fee"`
	// Start and End are the new term's days. CurrentEnd is the last day of the
	// term in force (renew) or of the term that lapsed (re-contract).
	Start      Day `json:"start"`
	End        Day `json:"end"`
	CurrentEnd Day `json:"current_end"`
	// BillMonth is the statement the first charge is on, paid on PaymentDate
	// by the contract's payment method (PaymentKind).
	BillMonth   string `json:"bill_month"` // YYYY-MM
	PaymentDate Day    `json:"payment_date"`
	PaymentKind string `json:"payment_kind"`
	AutoRenew   bool   `json:"auto_renew"`
}

// renewStanding is where a plan service stands for a renewal today: the
// kind it may have, the first day of the new term, and the refusal, if any.
// Every check of the procedure is here, in one place: a contract-level
// refusal (a suspension for non-payment) belongs at its top.
func renewStanding(cat *Catalog, c *Contract, ps PlanService, now time.Time) (kind string, start time.Time, cur Term, block *RenewError) {
	today := dayOf(now)
	switch ps.State(now) {
	case PlanApplying:
		return "", time.Time{}, Term{}, &RenewError{Code: RenewBlockApplying}
	case PlanEnded:
		return "", time.Time{}, Term{}, &RenewError{Code: RenewBlockEnded}
	case PlanCancelling:
		if ps.RenewedAs != "" {
			return "", time.Time{}, Term{}, &RenewError{Code: RenewBlockDone}
		}
		return "", time.Time{}, Term{}, &RenewError{Code: RenewBlockEnding}
	case PlanLapsed:
		cur, _ = ps.lastTerm(today)
		return RenewKindRecontract, today, cur, nil
	}
	cur, _ = ps.termAt(today)
	next := cur.End.AddDate(0, 0, 1)
	if _, ok := ps.renewalOf(cur); ok {
		return "", time.Time{}, cur, &RenewError{Code: RenewBlockDone}
	}
	if opens := cur.End.AddDate(0, 0, -cat.noticeDays()); today.Before(opens) {
		return "", time.Time{}, cur, &RenewError{Code: RenewBlockEarly, OpensOn: Day{opens}}
	}
	return RenewKindRenew, next, cur, nil
}

// QuoteRenewal computes the quote of a renewal or re-contract: a pure
// function of the catalog, the contract, the request and the day. It refuses
// with a *RenewError what the procedure refuses.
func QuoteRenewal(cat *Catalog, c *Contract, req RenewalRequest, now time.Time) (RenewalQuote, error) {
	i, ok := planService(c, req.Service)
	if !ok {
		return RenewalQuote{}, ErrNotFound
	}
	ps := c.Plans[i]
	old, ok := cat.Plan(ps.Plan)
	if !ok {
		return RenewalQuote{}, &RenewError{Code: RenewBlockUnknown}
	}
	kind, start, cur, block := renewStanding(cat, c, ps, now)
	if block != nil {
		return RenewalQuote{}, block
	}
	code := req.Plan
	if code == "" {
		code = old.Code
	}
	nw, ok := cat.Plan(code)
	if !ok {
		return RenewalQuote{}, &RenewError{Code: RenewBlockUnknown}
	}
	if !inFamily(old, nw) {
		return RenewalQuote{}, &RenewError{Code: RenewBlockFamily}
	}
	discount, ok := cat.RenewalDiscount(req.Years)
	if !ok {
		return RenewalQuote{}, &RenewError{Code: RenewBlockYears}
	}
	t := Term{Start: start, End: start.AddDate(0, TermMonths*req.Years, -1), Years: req.Years, Discount: discount}
	q := RenewalQuote{Contract: c.Number, Service: ps.ID, Kind: kind, From: old.Code, Plan: nw.Code,
		NewService: nw.Code != old.Code, Cycle: nw.Cycle, Years: req.Years, Discount: discount,
		Start: Day{t.Start}, End: Day{t.End}, CurrentEnd: Day{cur.End}, AutoRenew: req.AutoRenew,
		PlanPrice: nw.Price, InitialFee: nw.InitialFee}
	if nw.Annual() {
		q.Price, q.ListPrice = termCharge(cat, c, PlanService{Plan: nw.Code}, t)
		q.Formula = fmt.Sprintf("floor(%s × %d × (100 − %d) ÷ 100) = %s", yen(q.ListPrice/int64(req.Years)), req.Years, discount, yen(q.Price))
	} else {
		q.ListPrice, q.Price = nw.Price, discounted(nw.Price, discount)
		q.Formula = fmt.Sprintf("floor(%s × (100 − %d) ÷ 100) = %s", yen(nw.Price), discount, yen(q.Price))
	}
	bill := MonthOf(t.Start)
	q.BillMonth = bill.String()
	q.PaymentKind = paymentSummary(c).Kind
	q.PaymentDate = Day{DueDate(q.PaymentKind, bill)}
	return q, nil
}

// applyRenewal writes a quoted renewal on the contract: a record on the same
// service, or, for another plan of the family, the current service ended on
// its term end and the new plan opened the day after (today for a
// re-contract), linked both ways.
func applyRenewal(c *Contract, q RenewalQuote, number string, now time.Time, actor string) {
	rec := RenewalRecord{Number: number, At: now, Start: q.Start.Time, Years: q.Years, Discount: q.Discount,
		AutoRenew: q.AutoRenew, Recontract: q.Kind == RenewKindRecontract, Actor: actor, PlanPrice: q.PlanPrice}
	i, _ := planService(c, q.Service)
	if !q.NewService {
		c.Plans[i].Renewals = append(c.Plans[i].Renewals, rec)
		return
	}
	ps := PlanService{ID: nextPlanID(c), Plan: q.Plan, AppliedAt: now, Start: q.Start.Time, TermStart: q.Start.Time,
		FirstTermEnd: q.End.Time, RenewedFrom: q.Service, Renewals: []RenewalRecord{rec}}
	end := q.CurrentEnd.Time
	c.Plans[i].End = &end
	c.Plans[i].RenewedAs = ps.ID
	c.Plans = append(c.Plans, ps)
}

// RenewalResult is what a confirmed renewal returns to its screen.
type RenewalResult struct {
	Number   string       `json:"number"`
	Quote    RenewalQuote `json:"quote"`
	MailedTo string       `json:"mailed_to"`
	// NewService is the plan service the new term is on (the same one when the plan stays).
	NewService string `json:"new_service"`
}

// RenewalChoice is one plan service as the renewal screen offers it.
type RenewalChoice struct {
	Service PlanService
	Plan    Plan
	State   PlanState
	// Term is the term in force, or the one that lapsed.
	Term Term
	// Kind is what may be asked now ("" when refused: Block says why, and
	// OpensOn when it opens for RenewBlockEarly).
	Kind    string
	Block   string
	OpensOn Day
	// Plans are the plans of its family, the current one first; Years the
	// terms with their discount; AutoRenew the setting in force at the end.
	Plans     []Plan
	Years     []RenewalYears
	AutoRenew bool
	// Fees are the fee of each of Plans as a term of one year bills it: a
	// membership's with the annual options held (SPEC §11.2).
	Fees []int64
}

// RenewalYears is a term length with its discount percent.
type RenewalYears struct {
	Years    int
	Discount int
}

// RenewalChoices lists the plan services of the principal's contract that
// have not ended, with what a renewal of each may be now.
func (s *Service) RenewalChoices(p Principal) ([]RenewalChoice, error) {
	var out []RenewalChoice
	err := s.view(func(tx Tx) error {
		p, c, err := s.authorizeTo(tx, p, FnContractInfoView)
		if err != nil {
			return err
		}
		now := s.Now()
		for _, ps := range c.Plans {
			if ps.State(now) == PlanEnded {
				continue
			}
			out = append(out, s.renewalChoice(c, p, ps, now))
		}
		return nil
	})
	return out, err
}

func (s *Service) renewalChoice(c *Contract, p Principal, ps PlanService, now time.Time) RenewalChoice {
	pl, ok := s.cat.Plan(ps.Plan)
	if !ok {
		pl = Plan{Code: ps.Plan, Name: ps.Plan, NameEn: ps.Plan}
	}
	v := RenewalChoice{Service: ps, Plan: pl, State: ps.State(now)}
	kind, start, cur, block := renewStanding(s.cat, c, ps, now)
	v.Term = cur
	switch {
	case !ok:
		v.Block = RenewBlockUnknown
	case !Can(p, FnRenew):
		v.Block = RenewBlockForbidden
	case block != nil:
		v.Block, v.OpensOn = block.Code, block.OpensOn
	default:
		v.Kind = kind
		v.AutoRenew = ps.autoRenewAt(start)
	}
	if v.Kind == RenewKindRecontract {
		v.AutoRenew = true
	}
	v.Plans = append(v.Plans, pl)
	for _, other := range s.cat.Plans {
		if other.Code != pl.Code && inFamily(pl, other) {
			v.Plans = append(v.Plans, other)
		}
	}
	for _, other := range v.Plans {
		fee := other.Price
		if other.Annual() {
			first := start
			if first.IsZero() {
				first = dayOf(now)
			}
			_, fee = termCharge(s.cat, c, PlanService{Plan: other.Code}, Term{Start: first, Years: 1})
		}
		v.Fees = append(v.Fees, fee)
	}
	for y := 1; y <= MaxRenewalYears; y++ {
		d, _ := s.cat.RenewalDiscount(y)
		v.Years = append(v.Years, RenewalYears{Years: y, Discount: d})
	}
	return v
}

// QuoteRenewal is the quote of a renewal or re-contract the principal may ask
// for (holder and admin ID); nothing is written.
func (s *Service) QuoteRenewal(p Principal, req RenewalRequest) (RenewalQuote, error) {
	var out RenewalQuote
	err := s.view(func(tx Tx) error {
		_, c, err := s.authorizeTo(tx, p, FnRenew)
		if err != nil {
			return err
		}
		// Suspended for non-payment: pay first; the quote says so before the confirm does.
		// A lapsed membership's own re-contract is what lifts its suspension.
		if err := s.refuseSuspended(tx, c, s.Now(), req.Service); err != nil {
			return err
		}
		out, err = QuoteRenewal(s.cat, c, req, s.Now())
		return err
	})
	return out, err
}

// settingRenewalSeq numbers the renewals and re-contracts.
const settingRenewalSeq = "renewal-seq"

// Renew records a renewal or re-contract as quoted at the moment of the
// confirm, draws its number and sends the completion mail, in one transaction.
func (s *Service) Renew(p Principal, token string, req RenewalRequest) (RenewalResult, error) {
	var out RenewalResult
	target := fmt.Sprintf("%s>%s/%dy", req.Service, req.Plan, req.Years)
	err := s.procedure(p, "renew", target, token, func(tx Tx, now time.Time) error {
		p, c, err := s.authorizeTo(tx, p, FnRenew)
		if err != nil {
			return err
		}
		if err := s.refuseSuspended(tx, c, now, req.Service); err != nil {
			return err
		}
		q, err := QuoteRenewal(s.cat, c, req, now)
		if err != nil {
			return err
		}
		if req.Quoted != nil && !sameQuote(*req.Quoted, q) {
			return &QuoteChangedError{Renewal: &q}
		}
		number, err := nextNumber(tx, now, settingRenewalSeq, "RN")
		if err != nil {
			return err
		}
		applyRenewal(c, q, number, now, p.Actor())
		if err := tx.Put(bucketContracts, c.Number, c); err != nil {
			return err
		}
		out = RenewalResult{Number: number, Quote: q, MailedTo: c.Customer.ContactMail, NewService: q.Service}
		if q.NewService {
			out.NewService = c.Plans[len(c.Plans)-1].ID
		}
		subject := "【マイページ】契約更新お申し込み完了のお知らせ"
		if q.Kind == RenewKindRecontract {
			subject = "【マイページ】再契約お申し込み完了のお知らせ"
		}
		return sendMail(tx, now, c.Customer.ContactMail, subject, s.renewalMail(c, number, now, q))
	})
	return committed(out, err)
}

// renewalMail is the body of the completion mail of a renewal or re-contract.
func (s *Service) renewalMail(c *Contract, number string, now time.Time, q RenewalQuote) string {
	name := func(code string) string {
		if pl, ok := s.cat.Plan(code); ok {
			return pl.Name
		}
		return code
	}
	var b strings.Builder
	fmt.Fprintf(&b, "お客様番号 %s\n受付番号: %s\nお申し込み日: %s\n", c.Number, number, now.In(JST).Format("2006/01/02"))
	if q.Kind == RenewKindRecontract {
		fmt.Fprintf(&b, "お手続き: 再契約 (契約期間満了 %s のため利用停止中のサービスを %s から再開します)\n", slash(q.CurrentEnd), slash(q.Start))
	} else {
		fmt.Fprintf(&b, "お手続き: 契約更新 (現在の契約期間 %s まで)\n", slash(q.CurrentEnd))
	}
	if q.NewService {
		fmt.Fprintf(&b, "プラン: %s → %s\n", name(q.From), name(q.Plan))
	} else {
		fmt.Fprintf(&b, "プラン: %s\n", name(q.Plan))
	}
	fmt.Fprintf(&b, "契約期間: %d年 (%s ～ %s)\n", q.Years, slash(q.Start), slash(q.End))
	fmt.Fprintf(&b, "複数年割引: %d%%\n", q.Discount)
	if q.Cycle == CycleAnnual {
		fmt.Fprintf(&b, "ご請求額: %s円 (税別、契約期間分を前払い、割引前 %s円) (%s)\n", yen(q.Price), yen(q.ListPrice), q.Formula)
	} else {
		fmt.Fprintf(&b, "月額: %s円 (税別、割引前 %s円) (%s)\n", yen(q.Price), yen(q.ListPrice), q.Formula)
	}
	fmt.Fprintf(&b, "ご請求月: %s、お支払い日: %s\n", jaMonth(q.BillMonth), slash(q.PaymentDate))
	if q.InitialFee > 0 {
		b.WriteString("初期費用: なし (契約更新のため不要)\n")
	} else {
		b.WriteString("初期費用: なし\n")
	}
	if q.AutoRenew {
		fmt.Fprintf(&b, "自動更新: する (%s に同じプラン・同じ期間で更新します)\n", slash(Day{q.End.AddDate(0, 0, 1)}))
	} else {
		fmt.Fprintf(&b, "自動更新: しない (%s で契約期間が満了し、ご利用を停止します)\n", slash(q.End))
	}
	return b.String()
}
