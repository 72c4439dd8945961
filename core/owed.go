package core

import (
	"errors"
	"time"
)

// Owed is one closed statement with yen still to pay: what non-payment
// suspension (SPEC §11.4, seed 004 §1) and membership withdrawal look at.
type Owed struct {
	Month     Month
	Total     int64 // the statement's total, tax included
	Remaining int64 // yen not received yet
	Kind      string
	// Due is the day the statement was to be paid: its debit date, the retry
	// date after a failed debit, the transfer due date, or for a month carried
	// into the first auto-debit that debit's date (its retry date after it failed).
	Due time.Time
	// State is the statement's balance state (BalanceDue, BalancePartial,
	// CollectionRetryPending, CollectionUnpaid, BalanceCarried).
	State     string
	CarriedTo string
	// DebitState is, for a month carried into the first auto-debit, what the
	// bank reported on that debit: its collection state, BalanceDue while
	// nothing is reported.
	DebitState string
	// Transfer: a bank transfer can be recorded on it now (`admin payment`
	// takes it): a transfer statement, or one whose auto-debit the bank has
	// given up on.
	Transfer bool
}

// owed lists the contract's statements of passed months that still have yen
// to pay, oldest first: the closed ones and, for a month the clock has passed
// but nobody has closed yet, the statement it will close as. Nothing is
// written, so that any transaction (a read-only one too) sees the whole
// standing. A card statement (the card company collects it) and one of ¥0
// owe nothing here.
func (s *Service) owed(tx Tx, c *Contract) ([]Owed, error) {
	ptx, err := s.passed(tx, c)
	if err != nil {
		return nil, err
	}
	var out []Owed
	current := MonthOf(s.Now())
	for m := MonthOf(c.CreatedAt); m.Before(current); m = m.Next() {
		if !ptx.has(statementKey(c.Number, m)) {
			continue // after the withdrawal: never billed
		}
		st, err := s.statement(ptx, c, m)
		if err != nil && !errors.Is(err, ErrUnknownOption) && !errors.Is(err, ErrBadOptionRecord) {
			return nil, err
		}
		b := st.Balance
		if b == nil || b.Remaining <= 0 || b.State == BalanceCard || b.State == BalanceNone || b.State == CollectionPaid {
			continue
		}
		o := Owed{Month: m, Total: st.Total, Remaining: b.Remaining, Kind: st.Payment.Kind, Due: st.DueDate,
			State: b.State, CarriedTo: b.CarriedTo}
		if st.Collection != nil && st.Collection.RetryDate != nil {
			o.Due = *st.Collection.RetryDate
		}
		if b.CarriedTo != "" {
			if f, err := ParseMonth(b.CarriedTo); err == nil {
				fcol, err := loadCollection(ptx, c.Number, f)
				if err != nil {
					return nil, err
				}
				o.Due, o.DebitState = DueDate(PaymentDebit, f), BalanceDue
				if fcol != nil && fcol.State != "" {
					o.DebitState = fcol.State
				}
				if fcol != nil && fcol.RetryDate != nil {
					o.Due = *fcol.RetryDate
				}
			}
		}
		// The same rules as the back office's `admin payment`.
		col := st.Collection
		if col == nil {
			col = &Collection{}
		}
		o.Transfer = transferAllowed(c.Number, m, st, col) == nil
		if o.Transfer {
			if err := carriedBlock(ptx, c, m, st, col); errors.Is(err, ErrNotTransfer) {
				o.Transfer = false
			} else if err != nil {
				return nil, err
			}
		}
		out = append(out, o)
	}
	return out, nil
}

// passedTx reads a transaction with the contract's passed months closed: a
// month nobody closed yet reads as the statement it will close as.
type passedTx struct {
	Tx
	stored  map[string]bool      // the statements closed already
	closing map[string]Statement // those of the passed months not closed yet
}

func (t passedTx) Get(bucket, key string, v any) error {
	if bucket == bucketStatements {
		if st, ok := t.closing[key]; ok {
			if p, ok := v.(*Statement); ok {
				*p = st
				return nil
			}
		}
	}
	return t.Tx.Get(bucket, key, v)
}

// has reports whether the statement of key is closed, or will close as read.
func (t passedTx) has(key string) bool {
	_, closing := t.closing[key]
	return t.stored[key] || closing
}

// passed is tx with the statements of the contract's passed months that
// nobody has closed yet, built as closeMonths closes them. The closed ones
// are listed by key, without reading them.
func (s *Service) passed(tx Tx, c *Contract) (passedTx, error) {
	t := passedTx{Tx: tx, stored: map[string]bool{}, closing: map[string]Statement{}}
	prefix := c.Number + "/"
	if err := tx.Scan(bucketStatements, prefix, func(key string, _ func(any) error) bool {
		t.stored[key] = true
		return true
	}); err != nil {
		return passedTx{}, err
	}
	current := MonthOf(s.Now())
	for m := MonthOf(c.CreatedAt); m.Before(current) && !afterWithdrawal(c, m); m = m.Next() {
		key := statementKey(c.Number, m)
		if t.stored[key] {
			continue
		}
		st, err := s.closingStatement(tx, c, m)
		if err != nil {
			return passedTx{}, err
		}
		t.closing[key] = st
	}
	return t, nil
}
