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
	// plan's services are suspended until a re-contract. The lapse of a
	// membership plan (年会費制, the connection service itself) suspends the
	// contract's paid services as non-payment does.
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
	// Debit is, for a statement an auto-debit collects (its own, or the first
	// debit it is carried into), what the bank reported: CollectionRetryPending
	// (the retry debit of Due is not reported yet), CollectionUnpaid, or the
	// balance state after a transfer; "" for a statement no debit collects.
	Debit string
	// Transfer: it can be paid by bank transfer now (the back office records
	// it with `admin payment`); not while the bank may still debit it.
	Transfer bool
	// The lapsed plan service (StandingLapsed) and the last day of its last term.
	Service string
	Plan    string
	TermEnd Day
	// Membership: the lapsed plan is the membership (年会費制), whose lapse
	// suspends the contract's paid services.
	Membership bool
}

// StoppedService is one service a suspension of the contract stops: a plan
// service (Service, Plan) or a paid option held (Option, Account for an
// account-scope one).
type StoppedService struct {
	Service string `json:",omitempty"`
	Plan    string `json:",omitempty"`
	Option  string `json:",omitempty"`
	Account string `json:",omitempty"`
}

// Standing is whether the contract's services are usable today.
type Standing struct {
	// Suspended: one reason at least; Reasons lists them, the unpaid
	// statements oldest first, then the lapsed plans in contract order.
	Suspended bool
	Reasons   []SuspendReason
	// Payee is where a transfer goes, set with an unpaid reason that can be
	// paid by transfer (Transfer): a statement the debit and its retry did
	// not collect is paid by transfer too.
	Payee *PayeeAccount
	// Stopped lists what a suspension of the contract's paid services stops
	// (non-payment, or the membership's lapse): the plan services in use and
	// the paid options held, in contract order; nil otherwise.
	Stopped []StoppedService
	// Owed is the sum still to pay of the unpaid reasons, tax included.
	Owed int64
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

// Stops reports whether the contract's paid services are suspended: for
// non-payment, or by the lapse of its membership. Paid purchases are refused.
func (st Standing) Stops() bool {
	for _, r := range st.Reasons {
		if r.Code == StandingUnpaid || r.Code == StandingLapsed && r.Membership {
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
// A statement an auto-debit collects (its own, or the first debit a month is
// carried into) does not suspend while the bank has reported nothing on the
// debit: the debit may well have collected it, and it cannot be paid by
// transfer meanwhile. Once the bank reports a failure its due day is the
// retry date; a failed retry leaves it to be paid by transfer.
//
// A plan service whose term ended without renewal (PlanLapsed) is suspended
// from the day after its last term's end; the lapse of the membership plan
// (年会費制) suspends the contract's paid services too.
func StandingAt(cat *Catalog, c *Contract, owed []Owed, now time.Time) Standing {
	today := dayOf(now)
	var st Standing
	for _, o := range owed {
		if o.Kind == PaymentCard || o.State == BalanceCard || o.Remaining <= 0 {
			continue
		}
		debit := ""
		switch {
		case o.CarriedTo != "":
			debit = o.DebitState
		case o.Kind == PaymentDebit:
			debit = o.State
		}
		if (o.CarriedTo != "" || o.Kind == PaymentDebit) && (debit == "" || debit == BalanceDue) {
			continue // the bank has not reported on the debit yet
		}
		since := dayOf(o.Due).AddDate(0, 0, cat.ConfirmDays()+1)
		if today.Before(since) {
			continue
		}
		st.Owed += o.Remaining
		st.Reasons = append(st.Reasons, SuspendReason{Code: StandingUnpaid, Since: Day{since}, Month: o.Month,
			Total: o.Total, Remaining: o.Remaining, Kind: o.Kind, Due: Day{dayOf(o.Due)}, Debit: debit,
			Transfer: o.Transfer})
	}
	for _, ps := range c.Plans {
		if ps.State(now) != PlanLapsed {
			continue
		}
		r := SuspendReason{Code: StandingLapsed, Service: ps.ID, Plan: ps.Plan}
		if pl, ok := cat.Plan(ps.Plan); ok && pl.Kind == PlanMembership {
			r.Membership = true
		}
		// The last term that ended before today: the one not renewed.
		for _, t := range ps.Terms(today) {
			if t.End.Before(today) {
				r.TermEnd, r.Since = Day{t.End}, Day{t.End.AddDate(0, 0, 1)}
			}
		}
		st.Reasons = append(st.Reasons, r)
	}
	st.Suspended = len(st.Reasons) > 0
	if st.Stops() {
		st.Stopped = stoppedServices(cat, c, now)
	}
	return st
}

// stoppedServices lists what a suspension of the contract's paid services
// stops: the plan services in use (or being cancelled) and the options held
// that are paid for, each once.
func stoppedServices(cat *Catalog, c *Contract, now time.Time) []StoppedService {
	var out []StoppedService
	for _, ps := range c.Plans {
		if s := ps.State(now); s == PlanInUse || s == PlanCancelling {
			out = append(out, StoppedService{Service: ps.ID, Plan: ps.Plan})
		}
	}
	seen := map[[2]string]bool{}
	for _, r := range c.Options {
		k := [2]string{r.Option, r.Account}
		if seen[k] {
			continue
		}
		seen[k] = true
		o, ok := cat.Option(r.Option)
		if !ok || o.Monthly <= 0 && o.Annual <= 0 || optionState(c.Options, c.LineCancel, r.Option, r.Account, now) == OptionNotPurchased {
			continue
		}
		out = append(out, StoppedService{Option: r.Option, Account: r.Account})
	}
	return out
}

// ErrSuspended is matched (errors.Is) by a *SuspendedError.
var ErrSuspended = errors.New("the contract is suspended")

// SuspendedError refuses a paid purchase while the contract's paid services
// are suspended (SPEC §11.3, §11.4); Reasons are the unpaid statements and
// the lapsed membership.
type SuspendedError struct {
	Reasons []SuspendReason
}

func (e *SuspendedError) Error() string {
	if len(e.Reasons) == 0 {
		return ErrSuspended.Error()
	}
	if r := e.Reasons[0]; r.Code == StandingLapsed {
		return fmt.Sprintf("%s (membership %s lapsed on %s)", ErrSuspended, r.Plan, r.TermEnd)
	}
	return fmt.Sprintf("%s for non-payment (%s unpaid)", ErrSuspended, e.Reasons[0].Month)
}

// Is matches ErrSuspended.
func (e *SuspendedError) Is(target error) bool { return target == ErrSuspended }

// AuditResult names the refusal in the audit log.
func (e *SuspendedError) AuditResult() string { return "refused-suspended" }

// standing is the contract's standing now, read in tx: every passed month
// counts, closed or not (owed), and nothing is written.
func (s *Service) standing(tx Tx, c *Contract, now time.Time) (Standing, error) {
	owed, err := s.owed(tx, c)
	if err != nil {
		return Standing{}, err
	}
	st := StandingAt(s.cat, c, owed, now)
	for _, r := range st.Reasons {
		if r.Code == StandingUnpaid && r.Transfer {
			py := s.payee()
			st.Payee = &py
			break
		}
	}
	return st, nil
}

// refuseSuspended refuses a paid procedure while the contract's paid services
// are suspended (Standing.Stops): a *SuspendedError with the unpaid
// statements and the lapsed membership. The re-contract of a lapsed
// membership names its service in recontract: that lapse is what it ends.
// Procedures call it inside their transaction; cancels, the payment method,
// account IDs and mail stay open, so that the subscriber can pay and can leave.
func (s *Service) refuseSuspended(tx Tx, c *Contract, now time.Time, recontract ...string) error {
	st, err := s.standing(tx, c, now)
	if err != nil {
		return err
	}
	e := &SuspendedError{}
	for _, r := range st.Reasons {
		switch {
		case r.Code == StandingUnpaid:
		case r.Code == StandingLapsed && r.Membership && !containsString(recontract, r.Service):
		default:
			continue
		}
		e.Reasons = append(e.Reasons, r)
	}
	if len(e.Reasons) == 0 {
		return nil
	}
	return e
}

// Standing is the standing of the principal's contract, for the header of
// every screen and the banner of ご契約情報一覧: a read, the passed months
// counted as they will close. The figures owed are for those who may read
// the statements; others see the month and its due day.
func (s *Service) Standing(p Principal) (Standing, error) {
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
// contract show), with every figure: a read, which a read-only database serves.
func (s *Service) StandingOf(p Principal, number string) (Standing, error) {
	if p.Kind != KindOperator {
		return Standing{}, ErrForbidden
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
