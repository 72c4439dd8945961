package core

import (
	"errors"
	"fmt"
	"time"
)

// DefaultPaymentConfirmDays is how many days after a payment's due day the
// portal waits for the payment to be confirmed before it suspends the
// contract's paid services (seed 004 §1 ア: ご入金の確認には、通常、振り込みから
// 3~6日間が必要): the top of the seed's range, so that no payment made on its
// due day is taken for a missing one.
const DefaultPaymentConfirmDays = 6

// MaxPaymentConfirmDays bounds the catalog's payment_confirm_days.
const MaxPaymentConfirmDays = 30

// ConfirmDays is the catalog's payment_confirm_days, or the default when the
// catalog does not name it (0 is a figure: suspended the day after the due day).
func (c *Catalog) ConfirmDays() int {
	if c.PaymentConfirmDays == nil {
		return DefaultPaymentConfirmDays
	}
	return *c.PaymentConfirmDays
}

// checkConfirmDays checks payment_confirm_days: from 0 to MaxPaymentConfirmDays.
func (k *catalogCheck) confirmDays(c *Catalog) {
	if d := c.PaymentConfirmDays; d != nil && (*d < 0 || *d > MaxPaymentConfirmDays) {
		k.add("", "payment_confirm_days", "%d is not from 0 to %d", *d, MaxPaymentConfirmDays)
	}
}

// Reasons of a suspension (利用停止中).
const (
	// StandingUnpaid: a statement is still unpaid after its due day plus the
	// days a payment takes to be confirmed (SPEC §11.4, seed 004 §1); the
	// contract's paid services are suspended.
	StandingUnpaid = "unpaid"
	// StandingLapsed: a plan's term ended without renewal (SPEC §11.3); that
	// plan's services are suspended until a re-contract.
	StandingLapsed = "lapsed"
)

// SuspendReason is one reason the contract or one of its plans is suspended.
type SuspendReason struct {
	Code string // StandingUnpaid or StandingLapsed
	// Since is the first day of the suspension.
	Since Day
	// The unpaid statement (StandingUnpaid): its month, total, the yen still
	// to pay, how it was to be paid (PaymentDebit, PaymentTransfer) and the
	// day it was due (the retry date after a failed debit, the first debit's
	// date for a month carried into it).
	Month     Month
	Total     int64
	Remaining int64
	Kind      string
	Due       Day
	// The lapsed plan service (StandingLapsed) and the last day of its last term.
	Service string
	Plan    string
	TermEnd Day
}

// Standing is whether the contract's services are usable today.
type Standing struct {
	// Suspended: one reason at least; Reasons lists them, the unpaid
	// statements oldest first, then the lapsed plans in contract order.
	Suspended bool
	Reasons   []SuspendReason
	// Payee is where a transfer goes, set with an unpaid reason: a statement
	// the debit did not collect is paid by transfer too.
	Payee *PayeeAccount
	// Figures: the principal may read what is owed (the holder, as for the
	// statements, SPEC §4.3); otherwise the unpaid reasons name only their
	// month and due day.
	Figures bool
}

// Unpaid reports whether the contract is suspended for non-payment: its paid
// services are, and paid purchases are refused.
func (st Standing) Unpaid() bool {
	for _, r := range st.Reasons {
		if r.Code == StandingUnpaid {
			return true
		}
	}
	return false
}

// Lapsed reports whether the plan service is suspended by its lapse.
func (st Standing) Lapsed(service string) bool {
	for _, r := range st.Reasons {
		if r.Code == StandingLapsed && r.Service == service {
			return true
		}
	}
	return false
}

// StandingAt is the standing of the contract on the day of now, given the
// statements it still owes (Service.owed).
//
// An owed statement suspends the contract from the day after its due day plus
// the catalog's payment_confirm_days (seed 004 §1 ア: お支払いの期限から、ご入金
// の確認に必要な日数を経過して、ご入金が確認できない場合は、サービスのご利用に必要な
// 設定を解除させていただきます): with 6 days, a statement due 06-30 is not
// suspended on 07-06 and is from 07-07. A partial payment still leaves it
// suspended; a card statement (the card company collects it) and one with
// nothing to pay never suspend.
//
// A plan service whose term ended without renewal (PlanLapsed) is suspended
// from the day after its last term's end.
func StandingAt(cat *Catalog, c *Contract, owed []Owed, now time.Time) Standing {
	today := dayOf(now)
	var st Standing
	for _, o := range owed {
		if o.Kind == PaymentCard || o.State == BalanceCard || o.Remaining <= 0 {
			continue
		}
		since := dayOf(o.Due).AddDate(0, 0, cat.ConfirmDays()+1)
		if today.Before(since) {
			continue
		}
		st.Reasons = append(st.Reasons, SuspendReason{Code: StandingUnpaid, Since: Day{since}, Month: o.Month,
			Total: o.Total, Remaining: o.Remaining, Kind: o.Kind, Due: Day{dayOf(o.Due)}})
	}
	for _, ps := range c.Plans {
		if ps.State(now) != PlanLapsed {
			continue
		}
		r := SuspendReason{Code: StandingLapsed, Service: ps.ID, Plan: ps.Plan}
		// The last term that ended before today: the one not renewed.
		for _, t := range ps.Terms(today) {
			if t.End.Before(today) {
				r.TermEnd, r.Since = Day{t.End}, Day{t.End.AddDate(0, 0, 1)}
			}
		}
		st.Reasons = append(st.Reasons, r)
	}
	st.Suspended = len(st.Reasons) > 0
	return st
}

// ErrSuspended is matched (errors.Is) by a *SuspendedError.
var ErrSuspended = errors.New("the contract is suspended for non-payment")

// SuspendedError refuses a paid purchase while the contract is suspended for
// non-payment (SPEC §11.4); Reasons are the unpaid statements.
type SuspendedError struct {
	Reasons []SuspendReason
}

func (e *SuspendedError) Error() string {
	if len(e.Reasons) == 0 {
		return ErrSuspended.Error()
	}
	return fmt.Sprintf("%s (%s unpaid)", ErrSuspended, e.Reasons[0].Month)
}

// Is matches ErrSuspended.
func (e *SuspendedError) Is(target error) bool { return target == ErrSuspended }

// AuditResult names the refusal in the audit log.
func (e *SuspendedError) AuditResult() string { return "refused-suspended" }

// standing is the contract's standing now, read in tx. Callers close the
// passed months first (closeContractMonths), as for owed.
func (s *Service) standing(tx Tx, c *Contract, now time.Time) (Standing, error) {
	owed, err := s.owed(tx, c)
	if err != nil {
		return Standing{}, err
	}
	st := StandingAt(s.cat, c, owed, now)
	if st.Unpaid() {
		py := s.payee()
		st.Payee = &py
	}
	return st, nil
}

// refuseSuspended refuses a paid procedure while the contract is suspended
// for non-payment: a *SuspendedError with the unpaid statements. Procedures
// call it inside their transaction; cancels, the payment method, account IDs
// and mail stay open, so that the subscriber can pay and can leave.
func (s *Service) refuseSuspended(tx Tx, c *Contract, now time.Time) error {
	st, err := s.standing(tx, c, now)
	if err != nil {
		return err
	}
	if !st.Unpaid() {
		return nil
	}
	e := &SuspendedError{}
	for _, r := range st.Reasons {
		if r.Code == StandingUnpaid {
			e.Reasons = append(e.Reasons, r)
		}
	}
	return e
}

// Standing is the standing of the principal's contract, for the header of
// every screen and the banner of ご契約情報一覧. The passed months are closed
// first, as the statements do. The figures owed are for those who may read
// the statements; others see the month and its due day.
func (s *Service) Standing(p Principal) (Standing, error) {
	if err := s.closeContractMonths(p.Contract); err != nil {
		return Standing{}, err
	}
	var out Standing
	err := s.view(func(tx Tx) error {
		p, c, err := s.authorizeTo(tx, p, FnContractInfoView)
		if err != nil {
			return err
		}
		if out, err = s.standing(tx, c, s.Now()); err != nil {
			return err
		}
		out.Figures = Can(p, FnStatements)
		if !out.Figures {
			for i := range out.Reasons {
				out.Reasons[i].Total, out.Reasons[i].Remaining = 0, 0
			}
		}
		return nil
	})
	return out, err
}

// StandingOf is the standing of a contract for the back office (admin
// contract show), with every figure.
func (s *Service) StandingOf(p Principal, number string) (Standing, error) {
	if p.Kind != KindOperator {
		return Standing{}, ErrForbidden
	}
	if err := s.closeContractMonths(number); err != nil {
		return Standing{}, err
	}
	var out Standing
	err := s.view(func(tx Tx) error {
		c, err := loadContract(tx, number)
		if err != nil {
			return err
		}
		out, err = s.standing(tx, c, s.Now())
		out.Figures = true
		return err
	})
	return out, err
}
