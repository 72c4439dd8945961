package core

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// PlanView is one plan service as a screen shows it: its plan, state and
// current term, and whether the principal may change it now.
type PlanView struct {
	Service PlanService
	Plan    Plan
	State   PlanState
	// Term is the term in force today (the first one while applying).
	Term Term
	// Fee is the price of the cycle as it stands: a month, or the annual fee
	// the term runs at, with the annual options in force in it (one cancelled
	// this term still counts, SPEC §11.2). NextFee is what the next term will
	// be billed: without the options cancelled since.
	Fee     int64
	NextFee int64
	// Targets are the plans a change may go to, in catalog order.
	Targets     []Plan
	CanChange   bool
	ChangeBlock string
	// Request is the plan change that opened this plan service (its new plan)
	// or that replaces it (its old one); "" when none.
	Request string
	// Renewal is the notice of the coming term end (SPEC §11.3); nil outside
	// the notice period.
	Renewal *RenewalNotice
	// AutoRenew: the term in force renews on its end with the same plan and
	// term (false once the service is ending, lapsed or set not to renew).
	// With a renewal booked for the next term (NextTerm), it is the setting
	// after that term.
	AutoRenew bool
	// NextTerm is the next term when a renewal of the same plan has booked
	// it (its Renewal is the 受付番号); nil otherwise.
	NextTerm *Term
	// TermCharge is what the term in force was billed in advance, for an
	// annual plan's term of several years or at a discount; 0 otherwise.
	TermCharge int64
}

// PlanChange is a recorded plan change request (受付番号) with its quote.
type PlanChange struct {
	Number      string          `json:"number"`
	Contract    string          `json:"contract"`
	RequestedAt time.Time       `json:"requested_at"`
	Actor       string          `json:"actor"`
	NewService  string          `json:"new_service"`
	Quote       PlanChangeQuote `json:"quote"`
}

// PlanChangeResult is what a confirmed plan change returns to its screen.
type PlanChangeResult struct {
	Change   PlanChange
	MailedTo string
	Mailed   Notice
}

// settingPlanChangeSeq numbers the plan change requests.
const settingPlanChangeSeq = "plan-change-seq"

func (s *Service) planViews(c *Contract, p Principal, now time.Time) []PlanView {
	out := make([]PlanView, 0, len(c.Plans))
	for _, ps := range c.Plans {
		out = append(out, s.planView(c, p, ps, now))
	}
	return out
}

func (s *Service) planView(c *Contract, p Principal, ps PlanService, now time.Time) PlanView {
	pl, ok := s.cat.Plan(ps.Plan)
	if !ok {
		pl = Plan{Code: ps.Plan, Name: ps.Plan, NameEn: ps.Plan}
	}
	v := PlanView{Service: ps, Plan: pl, State: ps.State(now), Fee: pl.Price}
	v.Term, _ = ps.termAt(dayOf(now))
	v.AutoRenew = ps.End == nil && !ps.Voided() && v.State != PlanLapsed && ps.autoRenewAt(v.Term.End.AddDate(0, 0, 1))
	if !pl.Annual() {
		// The price billed each month of the term: its discount taken off.
		v.Fee = discounted(termPrice(pl, v.Term), v.Term.Discount)
	}
	v.NextFee = v.Fee
	if pl.Kind == PlanMembership {
		v.Fee = feeInForce(s.cat, c, ps, v.Term, "")
		v.NextFee = annualFee(s.cat, c, ps)
	}
	if pl.Annual() && (v.Term.Years > 1 || v.Term.Discount > 0) {
		v.TermCharge, _ = termCharge(s.cat, c, ps, v.Term)
	}
	if ps.End == nil && !ps.Voided() && v.State != PlanLapsed {
		if _, ok := ps.renewalOf(v.Term); ok {
			terms := ps.Terms(v.Term.End.AddDate(0, 0, 1))
			if next := terms[len(terms)-1]; next.Index == v.Term.Index+1 {
				v.NextTerm = &next
				v.AutoRenew = ps.autoRenewAt(next.End.AddDate(0, 0, 1))
			}
		}
	}
	for _, code := range pl.Targets {
		if t, ok := s.cat.Plan(code); ok {
			v.Targets = append(v.Targets, t)
		}
	}
	switch {
	case !ok:
		v.ChangeBlock = PlanBlockUnknown
	case !Can(p, FnPlanChange):
		v.ChangeBlock = PlanBlockForbidden
	default:
		v.ChangeBlock = changeBlock(s.cat, c, ps, pl, now)
	}
	v.CanChange = v.ChangeBlock == ""
	if n, ok := RenewalNoticeAt(s.cat, c, ps, now); ok {
		v.Renewal = &n
	}
	if ps.Change != nil {
		v.Request = ps.Change.Request
	} else if ps.ReplacedBy != "" {
		if i, ok := planService(c, ps.ReplacedBy); ok && c.Plans[i].Change != nil {
			v.Request = c.Plans[i].Change.Request
		}
	}
	return v
}

// Plans lists the plan services of the principal's contract, as every
// principal of the contract may read them on ご契約情報一覧.
func (s *Service) Plans(p Principal) ([]PlanView, error) {
	var out []PlanView
	err := s.view(func(tx Tx) error {
		p, c, err := s.authorizeTo(tx, p, FnContractInfoView)
		if err != nil {
			return err
		}
		for _, v := range s.planViews(c, p, s.Now()) {
			if !v.Service.Voided() { // withdrawn before its start: it never was a plan of the contract
				out = append(out, v)
			}
		}
		return nil
	})
	return out, err
}

// QuotePlanChange is the quote of a plan change the principal may ask for
// (holder and admin ID, SPEC §11.1); nothing is written.
func (s *Service) QuotePlanChange(p Principal, req PlanChangeRequest) (PlanChangeQuote, error) {
	if err := s.closeContractMonths(p.Contract); err != nil {
		return PlanChangeQuote{}, err
	}
	var out PlanChangeQuote
	err := s.view(func(tx Tx) error {
		_, c, err := s.authorizeTo(tx, p, FnPlanChange)
		if err != nil {
			return err
		}
		// Suspended for non-payment: the quote says so before the confirm does.
		if err := s.refuseSuspended(tx, c, s.Now()); err != nil {
			return err
		}
		out, err = QuotePlanChange(s.cat, c, req, s.Now())
		return err
	})
	return out, err
}

// QuotePlanChangeOf is the same quote for support staff (admin quote plan-change).
func (s *Service) QuotePlanChangeOf(p Principal, number string, req PlanChangeRequest) (PlanChangeQuote, error) {
	if p.Kind != KindOperator {
		return PlanChangeQuote{}, ErrForbidden
	}
	var out PlanChangeQuote
	err := s.view(func(tx Tx) error {
		c, err := loadContract(tx, number)
		if err != nil {
			return err
		}
		if req.Service == "" {
			if req.Service, err = changeablePlan(c, s.Now()); err != nil {
				return err
			}
		}
		out, err = QuotePlanChange(s.cat, c, req, s.Now())
		return err
	})
	return out, err
}

// changeablePlan is the ID of the contract's only plan service in use; a
// *PlanError says when there is none (PlanBlockNotInUse) or several
// (PlanBlockWhich: the caller names one).
func changeablePlan(c *Contract, now time.Time) (string, error) {
	id := ""
	for _, ps := range c.Plans {
		if ps.State(now) == PlanInUse {
			if id != "" {
				return "", &PlanError{Code: PlanBlockWhich}
			}
			id = ps.ID
		}
	}
	if id == "" {
		for _, ps := range c.Plans {
			if st := ps.State(now); st == PlanCancelling || st == PlanApplying && ps.Change != nil {
				// A change is under way: say so rather than "nothing in use".
				return "", &PlanError{Code: PlanBlockEnding}
			}
		}
		return "", &PlanError{Code: PlanBlockNotInUse}
	}
	return id, nil
}

// PlansOf lists the plan services of a contract for the back office (admin
// contract show), each with the change block its holder would meet.
func (s *Service) PlansOf(p Principal, number string) ([]PlanView, error) {
	if p.Kind != KindOperator {
		return nil, ErrForbidden
	}
	var out []PlanView
	err := s.view(func(tx Tx) error {
		c, err := loadContract(tx, number)
		if err != nil {
			return err
		}
		out = s.planViews(c, Principal{Kind: KindHolder, Contract: c.Number}, s.Now())
		return nil
	})
	return out, err
}

// ChangePlan records a plan change as quoted at the moment of the confirm:
// the new plan opens on the start day with its initial fee waived and the
// quote's figures, the old one ends on the quote's end day, a request number
// is drawn, and the completion mail goes to the contact address.
// While the contract is suspended for non-payment it is refused (a
// *SuspendedError).
func (s *Service) ChangePlan(p Principal, token string, req PlanChangeRequest) (PlanChangeResult, error) {
	if err := s.closeContractMonths(p.Contract); err != nil {
		return PlanChangeResult{}, err
	}
	var out PlanChangeResult
	err := s.procedure(p, "plan-change", req.Service+">"+req.To+"@"+req.Start.String(), token, func(tx Tx, now time.Time) error {
		p, c, err := s.authorizeTo(tx, p, FnPlanChange)
		if err != nil {
			return err
		}
		if err := s.refuseSuspended(tx, c, now); err != nil {
			return err
		}
		q, err := QuotePlanChange(s.cat, c, req, now)
		if err != nil {
			return err
		}
		if req.Quoted != nil && !sameQuote(*req.Quoted, q) {
			return &QuoteChangedError{Plan: &q}
		}
		number, err := nextNumber(tx, now, settingPlanChangeSeq, "PC")
		if err != nil {
			return err
		}
		i, _ := planService(c, q.Service)
		nw, _ := s.cat.Plan(q.To)
		ps := PlanService{ID: nextPlanID(c), Plan: nw.Code, AppliedAt: now, Start: q.NewStart.Time,
			TermStart: q.NewTermStart.Time, FirstTermEnd: q.NewEnd.Time, WaivedFee: q.WaivedInitialFee,
			Change: &PlanChangeTerms{Request: number, From: q.Service, Credit: q.Credit, Charge: q.Charge, ExtendMonths: q.ExtendMonths}}
		end := q.OldEnd.Time
		c.Plans[i].End = &end
		c.Plans[i].ReplacedBy = ps.ID
		c.Plans = append(c.Plans, ps)
		if err := tx.Put(bucketContracts, c.Number, c); err != nil {
			return err
		}
		pc := PlanChange{Number: number, Contract: c.Number, RequestedAt: now, Actor: p.Actor(), NewService: ps.ID, Quote: q}
		if err := tx.Put(bucketPlanChanges, number, pc); err != nil {
			return err
		}
		out = PlanChangeResult{Change: pc, MailedTo: c.Customer.ContactMail, Mailed: NoticePlanChange}
		return sendMail(tx, now, c.Customer.ContactMail, "【マイページ】プラン変更お申し込み完了のお知らせ", s.planChangeMail(c, pc))
	})
	return committed(out, err)
}

// nextNumber draws the next number of a settings sequence: the prefix, the
// day, a serial (PC20270301-000001). Each kind of request has its own.
func nextNumber(tx Tx, now time.Time, setting, prefix string) (string, error) {
	var seq uint64
	if err := tx.Get(bucketSettings, setting, &seq); err != nil && !errors.Is(err, ErrNoValue) {
		return "", err
	}
	seq++
	if err := tx.Put(bucketSettings, setting, seq); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s%s-%06d", prefix, now.In(JST).Format("20060102"), seq), nil
}

// planChangeMail is the body of the completion mail of a plan change.
func (s *Service) planChangeMail(c *Contract, pc PlanChange) string {
	q := pc.Quote
	name := func(code string) string {
		if pl, ok := s.cat.Plan(code); ok {
			return pl.Name
		}
		return code
	}
	var b strings.Builder
	fmt.Fprintf(&b, "お客様番号 %s\n受付番号: %s\nお申し込み日: %s\n", c.Number, pc.Number, pc.RequestedAt.In(JST).Format("2006/01/02"))
	fmt.Fprintf(&b, "現在のプラン: %s (%s 終了)\n新しいプラン: %s (%s 開始)\n", name(q.From), slash(q.OldEnd), name(q.To), slash(q.NewStart))
	if q.WaivedInitialFee > 0 {
		fmt.Fprintf(&b, "初期費用: %s円 免除\n", yen(q.WaivedInitialFee))
	} else {
		b.WriteString("初期費用: なし\n")
	}
	fmt.Fprintf(&b, "初月 (%s) 無料、並行稼動月: %s\n", jaMonth(q.FreeMonth), jaMonth(q.ParallelMonth))
	if q.OldParallelFree {
		fmt.Fprintf(&b, "旧プランの並行稼動月 (%s) の月額 %s円 はご請求しません\n", jaMonth(q.ParallelMonth), yen(q.OldParallelAmount))
	}
	if !q.OldRenewal.IsZero() {
		fmt.Fprintf(&b, "旧プランの更新: %s (年額 %s円、通常どおりご請求)\n", slash(q.OldRenewal), yen(q.OldRenewalFee))
	}
	if q.RemainingMonths > 0 || q.Credit > 0 {
		fmt.Fprintf(&b, "旧プラン残存期間: %dヶ月、差引額: %s円 (%s)\n", q.RemainingMonths, yen(q.Credit), q.CreditFormula)
	}
	fmt.Fprintf(&b, "新プランのご請求額 (%s): %s円 (税別) (%s)\n", jaMonth(q.ChargeMonth), yen(q.Charge), q.ChargeFormula)
	if q.ExtendMonths > 0 {
		fmt.Fprintf(&b, "契約期間の延長: %dヶ月 (%s)\n", q.ExtendMonths, q.ExtendFormula)
	}
	fmt.Fprintf(&b, "新プランの契約期間: %s ～ %s\n", slash(q.NewTermStart), slash(q.NewEnd))
	b.WriteString("プラン変更に伴いIPアドレスが変わります。データの移行とDNSの切り替えは、並行稼動期間中にお客様ご自身で完了してください (サポートではデータ移行を承っておりません)。\n")
	return b.String()
}

func slash(d Day) string { return d.In(JST).Format("2006/01/02") }

// jaMonth writes YYYY-MM as the screens do: 2027年3月.
func jaMonth(m string) string {
	if mm, err := ParseMonth(m); err == nil {
		return fmt.Sprintf("%d年%d月", mm.Year, int(mm.Month))
	}
	return m
}

// AddPlan opens a plan service on a contract as an operator does after a paper
// application: the first term from the start day, the initial fee billed (a
// change not requested through the plan change flow gets no waiver or credit,
// SPEC §11.1 rule 7). The start may not be before the current month, whose
// statement is still open.
func (s *Service) AddPlan(p Principal, number, code string, start time.Time) (PlanService, error) {
	if p.Kind != KindOperator {
		return PlanService{}, ErrForbidden
	}
	var out PlanService
	p.Contract = number // so that `admin audit --contract` finds it
	err := s.procedure(p, "plan-add", code+"@"+DayOf(start).String(), "", func(tx Tx, now time.Time) error {
		c, err := member(tx, number)
		if err != nil {
			return err
		}
		pl, ok := s.cat.Plan(code)
		if !ok {
			return &PlanError{Code: PlanBlockTarget}
		}
		if MonthOf(start).Before(MonthOf(now)) {
			return &PlanError{Code: PlanBlockPast}
		}
		if MonthOf(start).After(MonthOf(now).Add(PlanChangeAhead)) {
			return &PlanError{Code: PlanBlockFar}
		}
		if pl.Kind == PlanMembership {
			for _, ps := range c.Plans {
				if other, ok := s.cat.Plan(ps.Plan); ok && other.Kind == PlanMembership && ps.State(now) != PlanEnded {
					return &PlanError{Code: PlanBlockHeld}
				}
			}
		}
		out = newPlanService(c, pl, start, now)
		c.Plans = append(c.Plans, out)
		return tx.Put(bucketContracts, c.Number, c)
	})
	return committed(out, err)
}

// QuoteAnnualOptionOf is the adjustment a purchase of the annual option would
// make on the contract now, for support staff (admin quote option-add).
func (s *Service) QuoteAnnualOptionOf(p Principal, number, code string) (AnnualQuote, error) {
	if p.Kind != KindOperator {
		return AnnualQuote{}, ErrForbidden
	}
	var out AnnualQuote
	err := s.view(func(tx Tx) error {
		c, err := loadContract(tx, number)
		if err != nil {
			return err
		}
		out, err = QuoteAnnualOption(s.cat, c, code, s.Now())
		return err
	})
	return out, err
}

// PlanChangeOf reads a recorded plan change request for the back office.
func (s *Service) PlanChangeOf(p Principal, number string) (PlanChange, error) {
	if p.Kind != KindOperator {
		return PlanChange{}, ErrForbidden
	}
	var out PlanChange
	err := s.view(func(tx Tx) error {
		err := tx.Get(bucketPlanChanges, number, &out)
		if errors.Is(err, ErrNoValue) {
			return ErrNotFound
		}
		return err
	})
	return out, err
}
