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
	// into the first auto-debit that debit's date.
	Due time.Time
	// State is the statement's balance state (BalanceDue, BalancePartial,
	// CollectionRetryPending, CollectionUnpaid, BalanceCarried).
	State     string
	CarriedTo string
}

// owed lists the contract's closed statements that still have yen to pay,
// oldest first. A card statement (the card company collects it) and one of
// ¥0 owe nothing here. Months the clock has passed but nobody has closed yet
// are not seen: callers close them first (closeContractMonths).
func (s *Service) owed(tx Tx, c *Contract) ([]Owed, error) {
	var out []Owed
	current := MonthOf(s.Now())
	for m := MonthOf(c.CreatedAt); m.Before(current); m = m.Next() {
		var stored Statement
		if err := tx.Get(bucketStatements, statementKey(c.Number, m), &stored); errors.Is(err, ErrNoValue) {
			continue
		} else if err != nil {
			return nil, err
		}
		st, err := s.statement(tx, c, m)
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
				o.Due = DueDate(PaymentDebit, f)
			}
		}
		out = append(out, o)
	}
	return out, nil
}
