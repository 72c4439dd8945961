package core

import (
	"errors"
	"time"
)

// The first auto-debit collects the months already used (seed 004: ご利用月から
// の引き落しが間に合わない場合には、初回引き落し時に、経過月数分の引き落しを
// させていただきます). A statement closed while the contract had no
// payment method and not paid since is carried into the first statement paid
// by auto-debit: that statement's debit collects it too. The closed statements
// never change (SPEC §10): the carry is derived into their balances, and the
// debit result that settles it is kept in the carried statements' collections.

// BalanceCarried is the balance state of a statement carried into the first
// auto-debit, before that debit has collected it.
const BalanceCarried = "carried"

// CarriedMonth is one statement a first auto-debit collects with its own.
type CarriedMonth struct {
	Month  string `json:"month"`  // YYYY-MM
	Amount int64  `json:"amount"` // its total, tax included
	Paid   bool   `json:"paid"`   // the debit collected it
}

// firstDebitMonth is the month of the contract's first closed statement paid
// by auto-debit; ok is false when there is none.
func firstDebitMonth(tx Tx, c *Contract) (Month, bool, error) {
	for m := MonthOf(c.CreatedAt); ; m = m.Next() {
		var st Statement
		switch err := tx.Get(bucketStatements, statementKey(c.Number, m), &st); {
		case errors.Is(err, ErrNoValue):
			return Month{}, false, nil // the open month: months close in order
		case err != nil:
			return Month{}, false, err
		case st.Payment.Kind == PaymentDebit:
			return m, true, nil
		}
	}
}

// carriedInto lists the statements carried into the first auto-debit of month
// f: closed before it with no payment method, something to pay, and no
// payment recorded on them but the one of that debit.
func carriedInto(tx Tx, c *Contract, f Month) ([]CarriedMonth, error) {
	var out []CarriedMonth
	for m := MonthOf(c.CreatedAt); m.Before(f); m = m.Next() {
		var st Statement
		if err := tx.Get(bucketStatements, statementKey(c.Number, m), &st); err != nil {
			return nil, err
		}
		if st.Payment.Kind != "none" || st.Total <= 0 {
			continue
		}
		col, err := loadCollection(tx, c.Number, m)
		if err != nil {
			return nil, err
		}
		if col != nil && col.CarriedTo != f.String() {
			continue // paid by transfer, or partly: no longer carried
		}
		out = append(out, CarriedMonth{Month: m.String(), Amount: st.Total, Paid: col != nil && col.State == CollectionPaid})
	}
	return out, nil
}

// deriveCarry adds the carry to the balance of a closed statement: the first
// auto-debit statement lists what it carries and debits their sum with its
// own total; a carried statement says where it went.
func deriveCarry(tx Tx, c *Contract, m Month, st *Statement) error {
	if !st.Closed || st.Payment.Kind != PaymentDebit && (st.Payment.Kind != "none" || st.Total <= 0) {
		return nil
	}
	f, ok, err := firstDebitMonth(tx, c)
	if err != nil || !ok {
		return err
	}
	switch {
	case m == f:
		carried, err := carriedInto(tx, c, f)
		if err != nil || len(carried) == 0 {
			return err
		}
		b := st.Balance
		if b.State == BalanceNone {
			b.State = BalanceDue
		}
		b.Carried, b.DebitAmount = carried, st.Total
		for _, cm := range carried {
			b.DebitAmount += cm.Amount
			if cm.Paid {
				b.Received += cm.Amount
			} else {
				b.Remaining += cm.Amount
			}
		}
		switch {
		case b.Remaining == 0:
			b.State = CollectionPaid
		case b.State == CollectionPaid:
			b.State = BalancePartial // its own total paid, a carried month not
		}
	case m.Before(f) && st.Payment.Kind == "none":
		if st.Collection != nil && st.Collection.CarriedTo != f.String() {
			return nil
		}
		st.Balance.CarriedTo = f.String()
		if st.Collection == nil {
			st.Balance.State = BalanceCarried
		}
	}
	return nil
}

// settleCarried records, on each statement the first auto-debit of month f
// carries, that the debit of paidAt collected it.
func settleCarried(tx Tx, c *Contract, f Month, paidAt time.Time) error {
	carried, err := carriedInto(tx, c, f)
	if err != nil {
		return err
	}
	for _, cm := range carried {
		if cm.Paid {
			continue
		}
		m, err := ParseMonth(cm.Month)
		if err != nil {
			return err
		}
		at := paidAt
		col := &Collection{State: CollectionPaid, DebitDate: &at, Paid: cm.Amount, PaidAt: &at, CarriedTo: f.String(),
			Receipts: []Receipt{{Date: at, Amount: cm.Amount, Method: PaymentDebit}}}
		if err := tx.Put(bucketCollections, collectionKey(c.Number, m), col); err != nil {
			return err
		}
	}
	return nil
}

// carriedBlock refuses a transfer on a statement carried into a first
// auto-debit that the bank has not given up on: its result settles it.
func carriedBlock(tx Tx, c *Contract, m Month, st Statement, col *Collection) error {
	if st.Payment.Kind != "none" || col.State != "" {
		return nil
	}
	f, ok, err := firstDebitMonth(tx, c)
	if err != nil || !ok || !m.Before(f) {
		return err
	}
	fcol, err := loadCollection(tx, c.Number, f)
	if err != nil || fcol != nil && fcol.State == CollectionUnpaid {
		return err
	}
	return &CollectionError{Code: RefusedNotTransfer, Err: ErrNotTransfer,
		Msg: c.Number + " " + m.String() + " is carried into the first auto-debit of " + f.String() +
			": record the bank's result on " + f.String() + " with `admin debit-result`"}
}
