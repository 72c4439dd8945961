package core

import (
	"errors"
	"fmt"
	"time"
)

// Collection states shown on a statement (SPEC §9.4).
const (
	CollectionPaid         = "paid"
	CollectionRetryPending = "retry-pending" // the debit failed; it is retried 7 business days later
	CollectionUnpaid       = "unpaid"        // the retry failed too, or a transfer fell short
)

// Collection is what the bank reported on one closed statement. It is kept apart
// from the statement, which never changes once closed.
type Collection struct {
	State     string     `json:"state"`
	DebitDate *time.Time `json:"debit_date,omitempty"`
	RetryDate *time.Time `json:"retry_date,omitempty"`
	Failures  int        `json:"failures,omitempty"`
	Paid      int64      `json:"paid,omitempty"` // yen received
	PaidAt    *time.Time `json:"paid_at,omitempty"`
	// Receipts are the payments received, oldest first. Collections recorded
	// before receipts were kept have only Paid and PaidAt.
	Receipts []Receipt `json:"receipts,omitempty"`
	// CarriedTo is the month of the first auto-debit statement whose debit
	// collected this statement with its own (carry.go); "" otherwise.
	CarriedTo string `json:"carried_to,omitempty"`
}

// Receipt is one payment received on a statement.
type Receipt struct {
	Date   time.Time `json:"date"`   // the day it counts as received
	Amount int64     `json:"amount"` // yen, tax included
	Method string    `json:"method"` // PaymentTransfer or PaymentDebit
}

// Balance states beside the collection states paid, retry-pending and unpaid.
const (
	BalanceDue     = "due"     // nothing received yet, nothing failed
	BalancePartial = "partial" // part of the total received
	BalanceCard    = "card"    // charged to the credit card: the card company collects it
	BalanceNone    = "none"    // nothing to pay: the total is ¥0
)

// Balance is what has been received on a closed statement and what remains to
// pay (SPEC §10). A card statement, collected by the card company, and a
// statement of ¥0 have only their state: nothing is received or to pay here.
type Balance struct {
	State     string    `json:"state"` // BalanceDue, BalancePartial, BalanceCard, BalanceNone, CollectionPaid, CollectionRetryPending or CollectionUnpaid
	Receipts  []Receipt `json:"receipts"`
	Received  int64     `json:"received"`
	Remaining int64     `json:"remaining"`
	// Carried are the statements closed with no payment method that the first
	// auto-debit collects with this one; DebitAmount is the sum it debits, this
	// statement's total and theirs. Remaining and Received count them too.
	Carried     []CarriedMonth `json:"carried,omitempty"`
	DebitAmount int64          `json:"debit_amount,omitempty"`
	// CarriedTo is the month of the first auto-debit statement that collects
	// this one (state BalanceCarried until its debit succeeds).
	CarriedTo string `json:"carried_to,omitempty"`
}

// balanceOf derives the balance of a closed statement from what the bank
// reported on it; nil for an open month, which is an estimate.
func balanceOf(st Statement, col *Collection) *Balance {
	switch {
	case !st.Closed:
		return nil
	case st.Total <= 0:
		return &Balance{State: BalanceNone, Receipts: []Receipt{}}
	case col == nil && st.Payment.Kind == PaymentCard:
		return &Balance{State: BalanceCard, Receipts: []Receipt{}}
	}
	b := &Balance{State: BalanceDue, Receipts: []Receipt{}, Remaining: st.Total}
	if col == nil {
		return b
	}
	b.Receipts = append(b.Receipts, col.Receipts...)
	if len(b.Receipts) == 0 && col.Paid > 0 && col.PaidAt != nil {
		// Recorded before receipts were kept: one receipt of the sum, on the last day.
		method := PaymentTransfer
		if st.Payment.Kind == PaymentDebit && col.State == CollectionPaid && col.Failures < 2 {
			method = PaymentDebit
		}
		b.Receipts = append(b.Receipts, Receipt{Date: *col.PaidAt, Amount: col.Paid, Method: method})
	}
	b.Received = col.Paid
	b.Remaining = max(st.Total-col.Paid, 0)
	switch {
	case col.State == CollectionPaid || b.Remaining == 0:
		b.State = CollectionPaid
	case col.State == CollectionRetryPending:
		b.State = CollectionRetryPending
	case b.Received > 0:
		b.State = BalancePartial
	case col.State == CollectionUnpaid:
		b.State = CollectionUnpaid
	}
	return b
}

// ErrNotClosed means the month is still open: only a closed statement is collected.
var ErrNotClosed = errors.New("the month is not closed yet")

// ErrNotTransfer means a bank transfer was recorded for a statement paid otherwise
// (by card, or by an auto-debit the bank has not given up on).
var ErrNotTransfer = errors.New("the statement is not paid by bank transfer")

// Codes of the refusals of the collection procedures.
const (
	RefusedNotTransfer = "not-transfer" // a transfer on a card or auto-debit statement
	RefusedNotDebit    = "not-debit"    // a debit result on a statement not paid by auto-debit
	RefusedPaid        = "paid"         // the statement is paid already
	RefusedOverpaid    = "overpaid"     // more than is still due
	RefusedDate        = "date"         // a date in the future, before the statement or before the debit
	RefusedRetried     = "retried"      // the debit and its retry have failed
	RefusedNothing     = "nothing"      // a debit result on a statement of ¥0
)

// CollectionError refuses a collection procedure by a rule: the message, for the
// operator, says why; the audit log names the code.
type CollectionError struct {
	Code string
	Msg  string
	Err  error // a sentinel such as ErrNotTransfer, or nil
}

func (e *CollectionError) Error() string       { return e.Msg }
func (e *CollectionError) Unwrap() error       { return e.Err }
func (e *CollectionError) AuditResult() string { return "refused-" + e.Code }

func refuseCollection(code, format string, args ...any) error {
	return &CollectionError{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// PaymentKindName is a statement's payment method as an operator reads it.
func PaymentKindName(kind string) string {
	switch kind {
	case PaymentCard:
		return "credit card"
	case PaymentDebit:
		return "auto-debit"
	case PaymentTransfer:
		return "bank transfer"
	}
	return "none registered"
}

// paidBy names a statement's payment method with its printed label, e.g.
// "credit card (VISA XXXX-XXXX-XXXX-1111)".
func paidBy(st Statement) string {
	if st.Payment.Label == "" || st.Payment.Kind == PaymentTransfer {
		return PaymentKindName(st.Payment.Kind)
	}
	return PaymentKindName(st.Payment.Kind) + " (" + st.Payment.Label + ")"
}

// transferAllowed refuses a bank transfer on a statement that another method
// collects: a card statement always, an auto-debit statement until the debit
// and its retry have failed (SPEC §9.4). A statement with no payment method is
// paid by transfer.
func transferAllowed(number string, m Month, st Statement, col *Collection) error {
	notTransfer := func(format string, args ...any) error {
		msg := fmt.Sprintf("%s %s is paid by %s, not by bank transfer: ", number, m, paidBy(st))
		return &CollectionError{Code: RefusedNotTransfer, Msg: msg + fmt.Sprintf(format, args...), Err: ErrNotTransfer}
	}
	switch {
	case st.Payment.Kind == PaymentCard:
		return notTransfer("the card company collects it")
	case st.Payment.Kind == PaymentDebit && col.State == CollectionRetryPending && col.RetryDate != nil:
		return notTransfer("the retry debit is on %s; record the bank's result with `admin debit-result`", col.RetryDate.Format("2006-01-02"))
	case st.Payment.Kind == PaymentDebit && col.State != CollectionUnpaid:
		return notTransfer("record the bank's result with `admin debit-result`")
	}
	return nil
}

func collectionKey(number string, m Month) string { return number + "/" + m.String() }

func loadCollection(tx Tx, number string, m Month) (*Collection, error) {
	var c Collection
	switch err := tx.Get(bucketCollections, collectionKey(number, m), &c); {
	case err == nil:
		return &c, nil
	case errors.Is(err, ErrNoValue):
		return nil, nil
	default:
		return nil, err
	}
}

// closedStatement loads a closed statement for a collection procedure.
func (s *Service) closedStatement(tx Tx, number string, m Month) (Statement, *Collection, error) {
	if _, err := loadContract(tx, number); err != nil {
		return Statement{}, nil, err
	}
	var st Statement
	if err := tx.Get(bucketStatements, statementKey(number, m), &st); err != nil {
		if errors.Is(err, ErrNoValue) {
			return Statement{}, nil, ErrNotClosed
		}
		return Statement{}, nil, err
	}
	col, err := loadCollection(tx, number, m)
	if col == nil {
		col = &Collection{}
	}
	return st, col, err
}

// RecordDebitResult records what the bank reported on the auto-debit of month m's
// statement: a success pays it; a first failure schedules the retry 7 business
// days after the debit date; a failed retry leaves it unpaid.
func (s *Service) RecordDebitResult(p Principal, number string, m Month, ok bool) (Collection, error) {
	if p.Kind != KindOperator {
		return Collection{}, ErrForbidden
	}
	if err := s.closeContractMonths(number); err != nil {
		return Collection{}, err
	}
	var out Collection
	result := "failed"
	if ok {
		result = "ok"
	}
	op := p
	op.Contract = number
	err := s.procedure(op, "debit-result", m.String()+" "+result, "", func(tx Tx, now time.Time) error {
		st, col, err := s.closedStatement(tx, number, m)
		if err != nil {
			return err
		}
		c, err := loadContract(tx, number)
		if err != nil {
			return err
		}
		if col.State == CollectionPaid {
			return refuseCollection(RefusedPaid, "%s %s is already paid", number, m)
		}
		if st.Payment.Kind != PaymentDebit {
			return refuseCollection(RefusedNotDebit, "%s %s is not paid by auto-debit (payment method: %s)", number, m, paidBy(st))
		}
		if st.Total <= 0 {
			// Nothing is debited for a statement of ¥0 (お支払いはありません),
			// unless it is the first debit that collects months carried into it.
			carried, err := carriedInto(tx, c, m)
			if err != nil {
				return err
			}
			if len(carried) == 0 {
				return refuseCollection(RefusedNothing, "%s %s totals ¥0: nothing is debited", number, m)
			}
		}
		if col.State == CollectionUnpaid {
			// The bank retries once; after that the subscriber pays by transfer.
			return refuseCollection(RefusedRetried, "%s %s: the debit and its retry have failed; record a transfer with `admin payment`", number, m)
		}
		debit := st.DueDate
		due := debit
		if col.RetryDate != nil {
			due = *col.RetryDate
		}
		if now.Before(due) {
			return refuseCollection(RefusedDate, "%s %s: the debit of %s has not taken place yet", number, m, due.Format("2006-01-02"))
		}
		col.DebitDate = &debit
		switch {
		case ok:
			paidAt := debit
			if col.RetryDate != nil {
				paidAt = *col.RetryDate
			}
			if st.Total > col.Paid {
				col.Receipts = append(col.Receipts, Receipt{Date: paidAt, Amount: st.Total - col.Paid, Method: PaymentDebit})
			}
			col.State, col.Paid, col.PaidAt = CollectionPaid, st.Total, &paidAt
			if f, first, err := firstDebitMonth(tx, c); err != nil {
				return err
			} else if first && f == m {
				// The first debit collected the months carried into it too.
				if err := settleCarried(tx, c, m, paidAt); err != nil {
					return err
				}
			}
		case col.Failures == 0:
			retry := RetryDate(debit)
			col.State, col.RetryDate, col.Failures = CollectionRetryPending, &retry, 1
		default:
			col.State, col.Failures = CollectionUnpaid, col.Failures+1
		}
		out = *col
		return tx.Put(bucketCollections, collectionKey(number, m), col)
	})
	return committed(out, err)
}

// RecordPayment records a bank transfer received for month m's statement; payment
// counts from the date the operator records (SPEC §9.4).
func (s *Service) RecordPayment(p Principal, number string, m Month, amount int64, date time.Time) (Collection, error) {
	if p.Kind != KindOperator {
		return Collection{}, ErrForbidden
	}
	if amount <= 0 {
		return Collection{}, fmt.Errorf("the amount must be positive")
	}
	if err := s.closeContractMonths(number); err != nil {
		return Collection{}, err
	}
	var out Collection
	op := p
	op.Contract = number
	err := s.procedure(op, "payment", fmt.Sprintf("%s %d", m, amount), "", func(tx Tx, now time.Time) error {
		st, col, err := s.closedStatement(tx, number, m)
		if err != nil {
			return err
		}
		c, err := loadContract(tx, number)
		if err != nil {
			return err
		}
		d := date.In(JST)
		if col.State == CollectionPaid {
			return refuseCollection(RefusedPaid, "%s %s is already paid", number, m)
		}
		if err := transferAllowed(number, m, st, col); err != nil {
			return err
		}
		if err := carriedBlock(tx, c, m, st, col); err != nil {
			return err
		}
		switch {
		case d.After(now):
			return refuseCollection(RefusedDate, "the payment date %s is in the future", d.Format("2006-01-02"))
		case d.Before(st.IssuedAt.In(JST).Truncate(24*time.Hour).AddDate(0, 0, -1)):
			return refuseCollection(RefusedDate, "the payment date %s is before the statement was issued (%s)", d.Format("2006-01-02"), st.IssuedAt.In(JST).Format("2006-01-02"))
		case amount > st.Total-col.Paid: // not col.Paid+amount, which a huge amount wraps round
			return refuseCollection(RefusedOverpaid, "%d yen would pay more than the %d yen still due", amount, st.Total-col.Paid)
		}
		col.Paid += amount
		col.PaidAt = &d
		col.Receipts = append(col.Receipts, Receipt{Date: d, Amount: amount, Method: PaymentTransfer})
		col.State = CollectionUnpaid
		if col.Paid >= st.Total {
			col.State = CollectionPaid
		}
		out = *col
		return tx.Put(bucketCollections, collectionKey(number, m), col)
	})
	return committed(out, err)
}
