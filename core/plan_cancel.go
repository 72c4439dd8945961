package core

import (
	"fmt"
	"strings"
	"time"
)

// The two kinds of a plan cancel (SPEC §11.4, seed 002).
const (
	// PlanCancelEnd is ご解約: a service in use (or suspended) ends on its end day.
	PlanCancelEnd = "cancel"
	// PlanCancelWithdraw is 取消: an application not started yet is withdrawn;
	// the service never starts and is never billed.
	PlanCancelWithdraw = "withdraw-application"
)

// Refusals of a plan cancel (PlanError codes, besides PlanBlockUnknown).
const (
	PlanBlockCancelling = "cancelling" // a cancel of the service is recorded already
	PlanBlockEnded      = "ended"      // the service has ended (or its application was withdrawn)
	PlanBlockReplaced   = "replaced"   // the old plan of a plan change: it ends with the change
	PlanBlockRenewed    = "renewed"    // renewed to another plan: it ends on its term's end for that one
	PlanBlockNoService  = "no-service" // the contract holds no such plan service
)

// PlanCancelBlocks lists every PlanError code a plan cancel gives, for the
// screens and commands that word them.
var PlanCancelBlocks = []string{PlanBlockCancelling, PlanBlockEnded, PlanBlockReplaced, PlanBlockRenewed, PlanBlockNoService, PlanBlockUnknown}

// Why a month is still billed after a cancel (PlanCancelMonth.Reason).
const (
	// CancelBilledMonth: the month of the cancel is billed in full (ご解約月は
	// 月額料金の請求が発生します).
	CancelBilledMonth = "cancel-month"
	// CancelBilledDebit: asked after the 10th by an auto-debit member, the next
	// month is debited once more (seed 004: 次月分の引き落しを行わせていただきます).
	CancelBilledDebit = "debit-once-more"
	// CancelBilledTerm: the annual fee of the term in force, billed at the
	// term's start, is on a statement not closed yet; it stays (no refund).
	CancelBilledTerm = "term-fee"
)

// PlanCancelDebitDay is the last day of a month on which an auto-debit member
// can still stop the next month's debit (seed 004: 該当月の10日までに…ご連絡ください).
const PlanCancelDebitDay = 10

// The completion mails of a plan cancel.
const (
	NoticePlanCancel   Notice = "plan-cancel"          // ご解約受付のお知らせ
	NoticePlanWithdraw Notice = "plan-cancel-withdraw" // お申し込み取消のお知らせ
)

// settingPlanCancelSeq numbers the plan cancels.
const settingPlanCancelSeq = "plan-cancel-seq"

// PlanCancelRecord is the cancel of a plan service as it was recorded, for
// the back office (admin contract show) and the audit trail.
type PlanCancelRecord struct {
	Number string    `json:"number"` // 受付番号 CXyyyymmdd-NNNNNN
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	// Voided: the application was withdrawn (取消) before its start; the
	// service never started and bills nothing.
	Voided bool `json:"voided,omitempty"`
	// Moved: seed 004's rule of the 10th moved the end to the next month.
	Moved bool `json:"moved,omitempty"`
}

// Voided reports whether the plan service's application was withdrawn (取消).
func (ps PlanService) Voided() bool { return ps.Cancel != nil && ps.Cancel.Voided }

// PlanCancelRequest is what the subscriber asks: which plan service to cancel.
type PlanCancelRequest struct {
	Service string `json:"plan_service"`
	// Quoted is the quote the subscriber confirmed; a cancel whose quote has
	// moved since (the 10th passed, the month turned) is refused with the new one.
	Quoted *PlanCancelQuote `json:"-"`
}

// PlanCancelMonth is one month still billed for the service after its cancel.
type PlanCancelMonth struct {
	Month  string `json:"month"`  // YYYY-MM
	Amount int64  `json:"amount"` // tax-excluded, the service's lines of that month
	Reason string `json:"reason"` // CancelBilledMonth, CancelBilledDebit or CancelBilledTerm
}

// PlanCancelOption is an annual option that ends with its 年会費制 plan.
type PlanCancelOption struct {
	Option string `json:"option"`
	Until  Day    `json:"until"` // its last day of use: the plan's end
}

// PlanCancelQuote is every figure of a plan cancel (SPEC §11.4, seeds 002 and
// 004): the screen, the mail and the record all read this one object.
type PlanCancelQuote struct {
	Contract string    `json:"customer_number"`
	Service  string    `json:"plan_service"`
	Plan     string    `json:"plan"`
	Cycle    string    `json:"cycle"`
	Price    int64     `json:"price"` // the catalog price of a month or a term, tax-excluded
	State    PlanState `json:"state"` // as it stood when asked
	Kind     string    `json:"kind"`  // PlanCancelEnd or PlanCancelWithdraw
	AskedOn  Day       `json:"asked_on"`
	// End is the last day of use; zero for a withdrawn application (never used).
	End Day `json:"end"`
	// WithdrawFrom is the first day this service no longer blocks membership
	// withdrawal (seed 002): the day after its end, and never before tomorrow;
	// zero when a 取消 gives an old plan back (that plan still blocks it).
	WithdrawFrom Day `json:"withdraw_from"`
	// Seed 004's rule of the 10th (auto-debit members, monthly plans): asked
	// after DebitDeadline, the month DebitedOnceMore is debited once more and
	// the end moves from EndByDeadline to the last day of that month.
	Debit           bool   `json:"debit"`
	Moved           bool   `json:"moved"`
	DebitDeadline   Day    `json:"debit_deadline"`
	EndByDeadline   Day    `json:"end_by_deadline"`
	DebitedOnceMore string `json:"debited_once_more"` // YYYY-MM
	// Billed are the months from this one on that still bill the service.
	Billed      []PlanCancelMonth `json:"billed"`
	BilledTotal int64             `json:"billed_total"`
	// NoRefund: fees paid are not refunded (seed 004: 途中解約の場合でも、
	// お支払いいただいた会費は、払い戻しいたしません).
	NoRefund bool `json:"no_refund"`
	// An annual plan's prepaid term, used to its end, and the fee it runs at.
	PaidTermStart Day   `json:"paid_term_start"`
	PaidTermEnd   Day   `json:"paid_term_end"`
	PaidFee       int64 `json:"paid_fee"`
	// RenewalStopped is the first day of the term that would have followed
	// (by auto-renew, or by the renewal RenewalWithdrawn booked), and an
	// annual plan's fee of it; zero when the service would not renew anyway.
	RenewalStopped Day   `json:"renewal_stopped"`
	RenewalFee     int64 `json:"renewal_fee"`
	// RenewalWithdrawn is the renewal (受付番号) of the same plan that booked
	// the next term: the cancel withdraws it, and that term is not billed.
	RenewalWithdrawn string `json:"renewal_withdrawn"`
	// Options are the annual options that end with a 年会費制 plan.
	Options []PlanCancelOption `json:"options"`
	// A withdrawn application: its initial fee is not billed; the new plan of
	// a plan change gives the old plan back, which runs on as before.
	VoidedInitialFee int64  `json:"voided_initial_fee"`
	Change           string `json:"change"`        // the plan change request withdrawn
	Renewal          string `json:"renewal"`       // or the renewal to another plan withdrawn
	Restores         string `json:"restores"`      // the old plan service that runs on
	RestoresPlan     string `json:"restores_plan"` // its plan code
	// Lapsed: the term ended without renewal; the cancel ends it for good on
	// its last term's end, and bills nothing.
	Lapsed bool `json:"lapsed"`
}

// QuotePlanCancel computes the quote of a plan cancel: a pure function of the
// catalog, the contract, the request and the day. It refuses (a *PlanError)
// a service unknown, ended, being cancelled, or the old plan of a plan change.
//
// Decisions:
//   - A monthly plan ends on the last day of the month of the request, whose
//     fee is billed in full. An auto-debit member asking after the 10th is
//     debited once more and the end moves to the last day of the next month
//     (seed 004). A plan whose auto-renew is off ends no later than its term.
//   - An annual plan is prepaid: it ends on the last day of the term in force,
//     nothing is refunded and nothing more is billed. The rule of the 10th
//     does not apply: it is about the monthly debits, and a term's fee is
//     billed at the start of the next term, so a cancel made before the term
//     ends stops the renewal (even in the term's last month) before anything
//     of it is billed.
//   - An application (start in the future) is withdrawn (取消): never billed,
//     not even its initial fee; the new plan of a plan change gives the old
//     plan back as it was.
//   - A lapsed service ends for good on its last term's end; nothing billed.
//   - A 年会費制 plan's annual options end with it.
func QuotePlanCancel(cat *Catalog, c *Contract, req PlanCancelRequest, now time.Time) (PlanCancelQuote, error) {
	i, ok := planService(c, req.Service)
	if !ok {
		return PlanCancelQuote{}, &PlanError{Code: PlanBlockNoService}
	}
	ps := c.Plans[i]
	pl, ok := cat.Plan(ps.Plan)
	if !ok {
		return PlanCancelQuote{}, &PlanError{Code: PlanBlockUnknown}
	}
	if block := cancelBlock(ps, now); block != "" {
		return PlanCancelQuote{}, &PlanError{Code: block}
	}
	today := dayOf(now)
	cur := MonthOf(today)
	q := PlanCancelQuote{Contract: c.Number, Service: ps.ID, Plan: pl.Code, Cycle: pl.Cycle, Price: pl.Price,
		State: ps.State(now), Kind: PlanCancelEnd, AskedOn: Day{today}, NoRefund: true}
	tomorrow := today.AddDate(0, 0, 1)
	switch q.State {
	case PlanApplying:
		q.Kind, q.NoRefund = PlanCancelWithdraw, false
		q.VoidedInitialFee = ps.InitialFee
		if ps.Change != nil {
			q.Change, q.Restores = ps.Change.Request, ps.Change.From
			if j, ok := planService(c, ps.Change.From); ok {
				q.RestoresPlan = c.Plans[j].Plan
			}
		} else if ps.RenewedFrom != "" && len(ps.Renewals) > 0 {
			// A renewal to another plan withdrawn: the plan it followed runs on as before it.
			q.Renewal, q.Restores = ps.Renewals[0].Number, ps.RenewedFrom
			if j, ok := planService(c, ps.RenewedFrom); ok {
				q.RestoresPlan = c.Plans[j].Plan
			}
		}
		if q.Restores == "" {
			q.WithdrawFrom = Day{tomorrow} // else the plan given back blocks withdrawal still
		}
		return q, nil
	case PlanLapsed:
		q.Lapsed = true
		var last Term
		for _, t := range ps.Terms(today) {
			if t.End.Before(today) {
				last = t
			}
		}
		q.End = Day{last.End}
		q.WithdrawFrom = Day{tomorrow}
		return q, nil
	}
	term, _ := ps.termAt(today)
	// Whether the term renews: a renewal made during it books the next one,
	// else auto-renew as the records leave it at the term's end (SPEC §11.3).
	booked, isBooked := ps.renewalOf(term)
	renews := ps.renewsAfter(term)
	var end time.Time
	if pl.Annual() {
		end = term.End
		q.PaidTermStart, q.PaidTermEnd, q.PaidFee = Day{term.Start}, Day{term.End}, pl.Price
		q.RenewalFee = pl.Price
		if pl.Kind == PlanMembership {
			q.PaidFee = feeInForce(cat, c, ps, term, "")
			q.RenewalFee = annualFee(cat, c, ps)
		}
		switch {
		case isBooked:
			next := nextTerm(ps, term)
			q.RenewalStopped, q.RenewalWithdrawn = Day{next.Start}, booked.Number
			q.RenewalFee, _ = termCharge(cat, c, ps, next)
		case renews:
			q.RenewalStopped = Day{term.End.AddDate(0, 0, 1)}
		default:
			q.RenewalFee = 0
		}
	} else {
		end = cur.lastDay()
		q.Debit = c.Payment != nil && c.Payment.Kind == PaymentDebit
		if q.Debit {
			q.DebitDeadline = Day{time.Date(cur.Year, cur.Month, PlanCancelDebitDay, 0, 0, 0, 0, JST)}
		}
		if q.Debit && today.After(q.DebitDeadline.Time) {
			q.Moved, q.EndByDeadline, q.DebitedOnceMore = true, Day{end}, cur.Next().String()
			end = cur.Next().lastDay()
		}
		if !renews && term.End.Before(end) && !term.End.Before(today) {
			// The term ends first and is not renewed: the plan ends with it.
			end = term.End
			if !MonthOf(end).After(cur) {
				q.Moved, q.EndByDeadline, q.DebitedOnceMore = false, Day{}, ""
			}
		}
	}
	if !pl.Annual() && isBooked && end.Before(nextTerm(ps, term).Start) {
		// The booked term never starts: its renewal is withdrawn, nothing of it billed.
		q.RenewalStopped, q.RenewalWithdrawn = Day{nextTerm(ps, term).Start}, booked.Number
	}
	q.End = Day{end}
	q.WithdrawFrom = Day{end.AddDate(0, 0, 1)}
	if pl.Kind == PlanMembership {
		for _, r := range c.Options {
			if r.CancelledAt == nil && annualOptionOf(cat, r.Option, ps.Plan) != nil {
				q.Options = append(q.Options, PlanCancelOption{Option: r.Option, Until: q.End})
			}
		}
	}
	// What is still billed is what the statements will say: the plan lines of
	// the contract as the cancel leaves it, month by month to the end.
	after := copyContract(c)
	applyPlanCancel(after, q, PlanCancelRecord{At: now})
	for m := cur; !m.After(MonthOf(end)); m = m.Next() {
		lines, _ := PlanLines(cat, after, m)
		var sum int64
		for _, l := range lines {
			if l.Plan != nil && l.Plan.Service == ps.ID {
				sum += l.Amount
			}
		}
		if sum == 0 {
			continue
		}
		reason := CancelBilledMonth
		switch {
		case pl.Annual():
			reason = CancelBilledTerm
		case q.Moved && m.String() == q.DebitedOnceMore:
			reason = CancelBilledDebit
		}
		q.Billed = append(q.Billed, PlanCancelMonth{Month: m.String(), Amount: sum, Reason: reason})
		q.BilledTotal += sum
	}
	return q, nil
}

// nextTerm is the term that follows t on the service as its records stand.
func nextTerm(ps PlanService, t Term) Term {
	terms := ps.Terms(t.End.AddDate(0, 0, 1))
	if n := terms[len(terms)-1]; n.Index == t.Index+1 {
		return n
	}
	return Term{Index: t.Index + 1, Start: t.End.AddDate(0, 0, 1), End: t.End.AddDate(0, TermMonths, 0), Years: 1}
}

// cancelBlock says why the plan service cannot be cancelled now, "" when it can.
func cancelBlock(ps PlanService, now time.Time) string {
	switch {
	case ps.Voided() || ps.State(now) == PlanEnded:
		return PlanBlockEnded
	case ps.ReplacedBy != "":
		return PlanBlockReplaced
	case ps.RenewedAs != "":
		return PlanBlockRenewed
	case ps.Cancel != nil || ps.State(now) == PlanCancelling:
		return PlanBlockCancelling
	}
	return ""
}

// copyContract copies what a cancel changes (the plan services and the
// option records), so that a quote can bill the contract as it would be.
func copyContract(c *Contract) *Contract {
	cc := *c
	cc.Plans = append([]PlanService(nil), c.Plans...)
	cc.Options = append([]OptionRecord(nil), c.Options...)
	return &cc
}

// applyPlanCancel records the quoted cancel on the contract: the end day and
// the record on the service, the annual options ended with it; a withdrawn
// application of a plan change gives its old plan back (no end, not replaced).
func applyPlanCancel(c *Contract, q PlanCancelQuote, rec PlanCancelRecord) {
	i, ok := planService(c, q.Service)
	if !ok {
		return
	}
	rec.Voided, rec.Moved = q.Kind == PlanCancelWithdraw, q.Moved
	c.Plans[i].Cancel = &rec
	if rec.Voided {
		if j, ok := planService(c, q.Restores); ok && q.Restores != "" {
			c.Plans[j].End, c.Plans[j].ReplacedBy, c.Plans[j].RenewedAs = nil, "", ""
		}
		return
	}
	end := q.End.Time
	c.Plans[i].End = &end
	for _, o := range q.Options {
		cancelRecord(c, o.Option, "", rec.At, true)
	}
}

// PlanCancelChoice is a plan service as the cancel screen offers it: with its
// state and, when it cannot be cancelled now, why (a PlanError code).
type PlanCancelChoice struct {
	View  PlanView
	Block string
	// RenewedTo is the plan a renewal changes the service to (PlanBlockRenewed).
	RenewedTo Plan
}

// PlanCancelResult is what a confirmed plan cancel returns to its screen.
type PlanCancelResult struct {
	Number   string
	At       time.Time
	Quote    PlanCancelQuote
	MailedTo string
	Mailed   Notice
}

// PlanCancelChoices lists the plan services of the principal's contract that
// have not ended, each with the reason it cannot be cancelled now, if any.
func (s *Service) PlanCancelChoices(p Principal) ([]PlanCancelChoice, error) {
	var out []PlanCancelChoice
	err := s.view(func(tx Tx) error {
		p, c, err := s.authorizeTo(tx, p, FnPlanCancel)
		if err != nil {
			return err
		}
		now := s.Now()
		for _, ps := range c.Plans {
			if ps.Voided() || ps.State(now) == PlanEnded {
				continue
			}
			ch := PlanCancelChoice{View: s.planView(c, p, ps, now), Block: cancelBlock(ps, now)}
			if _, ok := s.cat.Plan(ps.Plan); !ok {
				ch.Block = PlanBlockUnknown
			}
			if j, ok := planService(c, ps.RenewedAs); ok && ps.RenewedAs != "" {
				ch.RenewedTo, _ = s.cat.Plan(c.Plans[j].Plan)
			}
			out = append(out, ch)
		}
		return nil
	})
	return out, err
}

// QuotePlanCancel is the quote of a plan cancel the principal may ask for
// (holder and admin ID); nothing is written.
func (s *Service) QuotePlanCancel(p Principal, req PlanCancelRequest) (PlanCancelQuote, error) {
	var out PlanCancelQuote
	err := s.view(func(tx Tx) error {
		_, c, err := s.authorizeTo(tx, p, FnPlanCancel)
		if err != nil {
			return err
		}
		out, err = QuotePlanCancel(s.cat, c, req, s.Now())
		return err
	})
	return out, err
}

// CancelPlan records a plan cancel as quoted at the moment of the confirm,
// draws its number and sends the mail of its kind, in one transaction.
func (s *Service) CancelPlan(p Principal, token string, req PlanCancelRequest) (PlanCancelResult, error) {
	var out PlanCancelResult
	err := s.procedure(p, "plan-cancel", req.Service, token, func(tx Tx, now time.Time) error {
		p, c, err := s.authorizeTo(tx, p, FnPlanCancel)
		if err != nil {
			return err
		}
		q, err := QuotePlanCancel(s.cat, c, req, now)
		if err != nil {
			return err
		}
		if req.Quoted != nil && !sameQuote(*req.Quoted, q) {
			return &QuoteChangedError{Cancel: &q}
		}
		number, err := nextNumber(tx, now, settingPlanCancelSeq, "CX")
		if err != nil {
			return err
		}
		applyPlanCancel(c, q, PlanCancelRecord{Number: number, At: now, Actor: p.Actor()})
		if err := tx.Put(bucketContracts, c.Number, c); err != nil {
			return err
		}
		out = PlanCancelResult{Number: number, At: now, Quote: q, MailedTo: c.Customer.ContactMail, Mailed: NoticePlanCancel}
		subject := "【マイページ】ご解約受付のお知らせ"
		if q.Kind == PlanCancelWithdraw {
			out.Mailed, subject = NoticePlanWithdraw, "【マイページ】お申し込み取消のお知らせ"
		}
		return sendMail(tx, now, c.Customer.ContactMail, subject, s.planCancelMail(c, out))
	})
	return committed(out, err)
}

// planCancelMail is the body of the mail of a plan cancel, with its figures.
func (s *Service) planCancelMail(c *Contract, r PlanCancelResult) string {
	q := r.Quote
	name := func(code string) string {
		if pl, ok := s.cat.Plan(code); ok {
			return pl.Name
		}
		return code
	}
	var b strings.Builder
	fmt.Fprintf(&b, "お客様番号 %s\n受付番号: %s\n受付日: %s\nプラン: %s\n", c.Number, r.Number, slash(q.AskedOn), name(q.Plan))
	if q.Kind == PlanCancelWithdraw {
		b.WriteString("お申し込み内容: お申し込みの取消\nご利用開始前のため、料金は発生しません")
		if q.VoidedInitialFee > 0 {
			fmt.Fprintf(&b, " (初期費用 %s円 もご請求しません)", yen(q.VoidedInitialFee))
		}
		b.WriteString("。\n")
		switch {
		case q.Restores != "" && q.Renewal != "":
			fmt.Fprintf(&b, "契約更新 (受付番号 %s) は取り消され、%s は更新前と同様に引き続きご利用いただけます。\n", q.Renewal, name(q.RestoresPlan))
		case q.Restores != "":
			fmt.Fprintf(&b, "プラン変更 (受付番号 %s) は取り消され、%s は変更前と同様に引き続きご利用いただけます。\n", q.Change, name(q.RestoresPlan))
		}
		if !q.WithdrawFrom.IsZero() {
			fmt.Fprintf(&b, "このプランについて退会が可能になる日: %s\n", slash(q.WithdrawFrom))
		}
		return b.String()
	}
	b.WriteString("お申し込み内容: ご解約\n")
	fmt.Fprintf(&b, "ご利用最終日: %s\n", slash(q.End))
	if q.Moved {
		fmt.Fprintf(&b, "口座振替のお客様で、%s を過ぎてからのご連絡のため、%s分の引き落としを行わせていただき、ご利用最終日は %s となります (10日までのご連絡の場合は %s)。\n",
			slash(q.DebitDeadline), jaMonth(q.DebitedOnceMore), slash(q.End), slash(q.EndByDeadline))
	}
	if q.Lapsed {
		b.WriteString("契約期間の満了により利用停止中のサービスを、契約期間の最終日をもって終了します。料金は発生しません。\n")
	}
	for _, m := range q.Billed {
		fmt.Fprintf(&b, "ご請求: %s %s円 (税別)\n", jaMonth(m.Month), yen(m.Amount))
	}
	if !q.PaidTermEnd.IsZero() {
		fmt.Fprintf(&b, "お支払い済みの契約期間: %s ～ %s (年額 %s円) は最終日までご利用いただけます。\n", slash(q.PaidTermStart), slash(q.PaidTermEnd), yen(q.PaidFee))
	}
	switch {
	case q.RenewalWithdrawn != "" && q.RenewalFee > 0:
		fmt.Fprintf(&b, "%s からの契約期間の契約更新 (受付番号 %s) は取り消され、%s円 はご請求しません。\n", slash(q.RenewalStopped), q.RenewalWithdrawn, yen(q.RenewalFee))
	case q.RenewalWithdrawn != "":
		fmt.Fprintf(&b, "%s からの契約期間の契約更新 (受付番号 %s) は取り消され、ご請求しません。\n", slash(q.RenewalStopped), q.RenewalWithdrawn)
	case !q.RenewalStopped.IsZero():
		fmt.Fprintf(&b, "%s の自動更新は行われません (年額 %s円 はご請求しません)。\n", slash(q.RenewalStopped), yen(q.RenewalFee))
	}
	for _, o := range q.Options {
		n := o.Option
		if opt := chargeOption(s.cat, o.Option); opt != nil {
			n = opt.Name
		}
		fmt.Fprintf(&b, "同時に終了するオプション: %s (%s まで)\n", n, slash(o.Until))
	}
	b.WriteString("途中解約の場合でも、お支払いいただいた会費は、払い戻しいたしません。\n")
	fmt.Fprintf(&b, "このプランについて退会が可能になる日: %s\n", slash(q.WithdrawFrom))
	return b.String()
}
