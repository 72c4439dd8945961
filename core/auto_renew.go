package core

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// 自動更新の設定: the subscriber turns the auto-renew of a plan service in
// use on or off without buying a renewal (SPEC §11.3). The setting is kept
// dated on the service (AutoRenewSettings) and read with the renewal records
// by autoRenewAt: the latest made before a boundary decides it, so that a
// bill closed late is billed as it would have been on time.

// AutoRenewSetting is one change of the auto-renew setting of a plan service.
type AutoRenewSetting struct {
	At    time.Time `json:"at"`
	On    bool      `json:"on"`
	Actor string    `json:"actor"`
}

// Refusals of an auto-renew setting (AutoRenewError codes).
const (
	AutoRenewBlockForbidden = "forbidden" // the matrix refuses it to this login
	AutoRenewBlockApplying  = "applying"  // the service has not started yet
	AutoRenewBlockEnding    = "ending"    // the service is being cancelled or replaced
	AutoRenewBlockLapsed    = "lapsed"    // the term has ended: a re-contract is the way back
	AutoRenewBlockEnded     = "ended"     // the service has ended
	AutoRenewBlockRenewed   = "renewed"   // renewed to another plan: the new one is set instead
	AutoRenewBlockSame      = "same"      // the setting is that already
	AutoRenewBlockUnknown   = "unknown"   // the plan is not in the catalog
)

// AutoRenewBlocks lists every AutoRenewError code, for the screens that word them.
var AutoRenewBlocks = []string{AutoRenewBlockForbidden, AutoRenewBlockApplying, AutoRenewBlockEnding,
	AutoRenewBlockLapsed, AutoRenewBlockEnded, AutoRenewBlockRenewed, AutoRenewBlockSame, AutoRenewBlockUnknown}

// AutoRenewError says why an auto-renew setting was refused.
type AutoRenewError struct{ Code string }

func (e *AutoRenewError) Error() string { return "auto-renew: " + e.Code }

// AuditResult names the refusal in the audit log.
func (e *AutoRenewError) AuditResult() string { return "refused-" + e.Code }

// AutoRenewBlock returns the code of an *AutoRenewError, or "".
func AutoRenewBlock(err error) string {
	var ae *AutoRenewError
	if errors.As(err, &ae) {
		return ae.Code
	}
	return ""
}

// AutoRenewRequest is what the subscriber asks: the plan service and the setting.
type AutoRenewRequest struct {
	Service string `json:"plan_service"`
	On      bool   `json:"on"`
	// Quoted is the quote the subscriber confirmed; a setting whose quote has
	// moved since is refused with the new quote.
	Quoted *AutoRenewQuote `json:"-"`
}

// AutoRenewQuote is what happens at the end of the term the setting governs.
type AutoRenewQuote struct {
	Contract string `json:"customer_number"`
	Service  string `json:"plan_service"`
	Plan     string `json:"plan"`
	Cycle    string `json:"cycle"`
	// Current is the setting in force now; On the one asked.
	Current bool `json:"current"`
	On      bool `json:"on"`
	// TermEnd is the last day of the term the setting governs: the current
	// one, or the term a renewal already set after it.
	TermEnd Day `json:"term_end"`
	// RenewsOn (On) is the first day of the next term, of Years at Discount
	// percent; Fee is what it bills (the whole term for an annual plan, with
	// the annual options held; a month for a monthly one), on the statement
	// of BillMonth paid on PaymentDate.
	RenewsOn    *Day   `json:"renews_on,omitempty"`
	Years       int    `json:"years,omitempty"`
	Discount    int    `json:"discount,omitempty"`
	Fee         int64  `json:"fee,omitempty"`
	BillMonth   string `json:"bill_month,omitempty"`
	PaymentDate *Day   `json:"payment_date,omitempty"`
	// StopsOn (off) is the day the services stop unless renewed: the day
	// after TermEnd.
	StopsOn *Day `json:"stops_on,omitempty"`
}

// autoRenewStanding is the term whose end the setting of the plan service
// governs today, or why it may not be set.
func autoRenewStanding(ps PlanService, now time.Time) (Term, *AutoRenewError) {
	switch ps.State(now) {
	case PlanApplying:
		return Term{}, &AutoRenewError{Code: AutoRenewBlockApplying}
	case PlanEnded:
		return Term{}, &AutoRenewError{Code: AutoRenewBlockEnded}
	case PlanLapsed:
		return Term{}, &AutoRenewError{Code: AutoRenewBlockLapsed}
	case PlanCancelling:
		if ps.RenewedAs != "" {
			return Term{}, &AutoRenewError{Code: AutoRenewBlockRenewed}
		}
		return Term{}, &AutoRenewError{Code: AutoRenewBlockEnding}
	}
	cur, _ := ps.termAt(dayOf(now))
	if _, ok := ps.renewalOf(cur); ok {
		// Renewed already: the setting decides the end of the term it set.
		if next, ok := ps.lastTerm(cur.End.AddDate(0, 0, 1)); ok {
			return next, nil
		}
	}
	return cur, nil
}

// QuoteAutoRenew says what happens at the end of the term with the setting
// asked: a pure function of the catalog, the contract, the request and the
// day. It refuses with an *AutoRenewError what SetAutoRenew refuses.
func QuoteAutoRenew(cat *Catalog, c *Contract, req AutoRenewRequest, now time.Time) (AutoRenewQuote, error) {
	i, ok := planService(c, req.Service)
	if !ok {
		return AutoRenewQuote{}, ErrNotFound
	}
	ps := c.Plans[i]
	pl, ok := cat.Plan(ps.Plan)
	if !ok {
		return AutoRenewQuote{}, &AutoRenewError{Code: AutoRenewBlockUnknown}
	}
	t, block := autoRenewStanding(ps, now)
	if block != nil {
		return AutoRenewQuote{}, block
	}
	next := t.End.AddDate(0, 0, 1)
	q := AutoRenewQuote{Contract: c.Number, Service: ps.ID, Plan: pl.Code, Cycle: pl.Cycle,
		Current: ps.autoRenewAt(next), On: req.On, TermEnd: Day{t.End}}
	if q.Current == q.On {
		return AutoRenewQuote{}, &AutoRenewError{Code: AutoRenewBlockSame}
	}
	if !q.On {
		q.StopsOn = &Day{next}
		return q, nil
	}
	// The next term repeats this one's length and discount at the catalog
	// price of its first day, as an auto-renewed term is billed (Terms).
	nt := Term{Start: next, Years: max(t.Years, 1), Discount: t.Discount}
	q.RenewsOn, q.Years, q.Discount = &Day{next}, nt.Years, nt.Discount
	if pl.Annual() {
		q.Fee, _ = termCharge(cat, c, ps, nt)
	} else {
		q.Fee = discounted(pl.Price, nt.Discount)
	}
	bill := MonthOf(next)
	q.BillMonth = bill.String()
	q.PaymentDate = &Day{DueDate(paymentSummary(c).Kind, bill)}
	return q, nil
}

// AutoRenewChoice is one plan service as the setting screen offers it.
type AutoRenewChoice struct {
	Service PlanService
	Plan    Plan
	State   PlanState
	// On is the setting in force at the end of Term, the term it governs.
	On   bool
	Term Term
	// Block says why it may not be set now ("" when it may).
	Block string
}

// AutoRenewChoices lists the plan services of the principal's contract that
// have not ended, with their setting and whether it may be changed now.
func (s *Service) AutoRenewChoices(p Principal) ([]AutoRenewChoice, error) {
	var out []AutoRenewChoice
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
			pl, ok := s.cat.Plan(ps.Plan)
			if !ok {
				pl = Plan{Code: ps.Plan, Name: ps.Plan, NameEn: ps.Plan}
			}
			v := AutoRenewChoice{Service: ps, Plan: pl, State: ps.State(now)}
			t, block := autoRenewStanding(ps, now)
			switch {
			case !ok:
				v.Block = AutoRenewBlockUnknown
			case !Can(p, FnRenew):
				v.Block = AutoRenewBlockForbidden
			case block != nil:
				v.Block = block.Code
			default:
				v.Term, v.On = t, ps.autoRenewAt(t.End.AddDate(0, 0, 1))
			}
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

// QuoteAutoRenew is the quote of a setting the principal may make (holder
// and admin ID); nothing is written.
func (s *Service) QuoteAutoRenew(p Principal, req AutoRenewRequest) (AutoRenewQuote, error) {
	var out AutoRenewQuote
	err := s.view(func(tx Tx) error {
		_, c, err := s.authorizeTo(tx, p, FnRenew)
		if err != nil {
			return err
		}
		out, err = QuoteAutoRenew(s.cat, c, req, s.Now())
		return err
	})
	return out, err
}

// AutoRenewResult is what a confirmed setting returns to its screen.
type AutoRenewResult struct {
	Quote    AutoRenewQuote `json:"quote"`
	MailedTo string         `json:"mailed_to"`
}

// SetAutoRenew records the auto-renew setting of a plan service as quoted at
// the moment of the confirm and sends the completion mail, in one transaction.
func (s *Service) SetAutoRenew(p Principal, token string, req AutoRenewRequest) (AutoRenewResult, error) {
	var out AutoRenewResult
	target := fmt.Sprintf("%s>%t", req.Service, req.On)
	err := s.procedure(p, "auto-renew", target, token, func(tx Tx, now time.Time) error {
		p, c, err := s.authorizeTo(tx, p, FnRenew)
		if err != nil {
			return err
		}
		q, err := QuoteAutoRenew(s.cat, c, req, now)
		if err != nil {
			return err
		}
		if req.Quoted != nil && !sameQuote(*req.Quoted, q) {
			return &QuoteChangedError{AutoRenew: &q}
		}
		i, _ := planService(c, q.Service)
		c.Plans[i].AutoRenewSettings = append(c.Plans[i].AutoRenewSettings, AutoRenewSetting{At: now, On: q.On, Actor: p.Actor()})
		if err := tx.Put(bucketContracts, c.Number, c); err != nil {
			return err
		}
		out = AutoRenewResult{Quote: q, MailedTo: c.Customer.ContactMail}
		return sendMail(tx, now, c.Customer.ContactMail, "【マイページ】自動更新設定変更のお知らせ", s.autoRenewMail(c, now, q))
	})
	return committed(out, err)
}

// autoRenewMail is the body of the completion mail of a setting.
func (s *Service) autoRenewMail(c *Contract, now time.Time, q AutoRenewQuote) string {
	name := q.Plan
	if pl, ok := s.cat.Plan(q.Plan); ok {
		name = pl.Name
	}
	var b strings.Builder
	fmt.Fprintf(&b, "お客様番号 %s\n変更日: %s\n", c.Number, now.In(JST).Format("2006/01/02"))
	cycle := "月払い"
	if q.Cycle == CycleAnnual {
		cycle = "年払い"
	}
	fmt.Fprintf(&b, "対象のサービス: ご契約プラン %s (%s)\n", name, cycle)
	fmt.Fprintf(&b, "契約期間の終了日: %s\n", slash(q.TermEnd))
	if q.On {
		fee := fmt.Sprintf("月額 %s円", yen(q.Fee))
		if q.Cycle == CycleAnnual {
			fee = fmt.Sprintf("%d年分 %s円", q.Years, yen(q.Fee))
		}
		fmt.Fprintf(&b, "自動更新: する (%s に同じプラン・同じ期間で更新し、%s (税別) をご請求します。ご請求月: %s、お支払い日: %s)\n",
			slash(*q.RenewsOn), fee, jaMonth(q.BillMonth), slash(*q.PaymentDate))
	} else {
		fmt.Fprintf(&b, "自動更新: しない (%s で契約期間が満了し、契約更新のお申し込みがない場合は %s からご利用を停止します)\n",
			slash(q.TermEnd), slash(*q.StopsOn))
	}
	return b.String()
}
