package core

import (
	"errors"
	"sort"
	"strings"
	"time"
)

// TaxRate is the consumption tax rate of every line the portal bills (SPEC §2).
const TaxRate = 10

// Issuer is the invoicing company as a qualified invoice names it (SPEC §10).
type Issuer struct {
	Name               string `json:"name"`
	RegistrationNumber string `json:"registration_number"` // T + 13 digits
}

// DefaultIssuer is the issuer of the default configuration; an operator sets their own.
var DefaultIssuer = Issuer{Name: "アルテリア・ネットワークス株式会社", RegistrationNumber: "T8350001007118"}

// ErrRegistrationNumber means a configured issuer registration number is not valid.
var ErrRegistrationNumber = errors.New("invalid qualified-invoice registration number")

// ValidRegistrationNumber checks a qualified-invoice issuer number: "T" and 13 digits
// whose first digit is the check digit 9 − (Σ Pn × Qn mod 9) over the other 12 digits,
// Pn the n-th digit counted from the right and Qn 1 for odd n, 2 for even n (SPEC §10).
func ValidRegistrationNumber(s string) bool {
	if len(s) != 14 || s[0] != 'T' {
		return false
	}
	for _, r := range s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	digits := s[2:] // the 12 digits after the check digit
	sum := 0
	for n := 1; n <= 12; n++ {
		p := int(digits[12-n] - '0')
		q := 1
		if n%2 == 0 {
			q = 2
		}
		sum += p * q
	}
	return int(s[1]-'0') == 9-sum%9
}

// Line kinds of a statement.
const (
	LineMonthly = "monthly" // a monthly option charge
	LineFee     = "fee"     // a one-time fee
	LineCredit  = "credit"  // a credit (negative amount)
	LineCalls   = "calls"   // the call charges of one telephone service
	// LinePlan (plan_billing.go): the charges of a plan service.
)

// StatementLine is one item of a statement, tax-excluded.
type StatementLine struct {
	Kind        string `json:"kind"`
	Code        string `json:"code"` // the option or call service
	Description string `json:"description"`
	Account     string `json:"account,omitempty"`
	Period      string `json:"period"` // the month it pays for, YYYY-MM
	Amount      int64  `json:"amount"`
	TaxRate     int    `json:"tax_rate"`
	// Rule is the rule that put the amount there, as its charge applied it
	// (ChargeLine.Applied): a rule set, RuleSameMonth or RuleReapplyFee.
	Rule   string `json:"rule,omitempty"`
	Reason string `json:"reason,omitempty"`
	// Plan holds the figures of a plan service's line, for a screen to word
	// them; nil on other lines and on statements closed before plans existed.
	Plan *PlanFigures `json:"plan,omitempty"`
}

// PlanFigures are the figures behind a plan line, as the rules gave them.
type PlanFigures struct {
	Service string `json:"plan_service"`
	// An annual fee's term (plan-annual, plan-option).
	TermStart Day `json:"term_start,omitempty"`
	TermEnd   Day `json:"term_end,omitempty"`
	// The initial fee a plan change waived (plan-waived-fee).
	WaivedFee int64 `json:"waived_fee,omitempty"`
	// A plan change's credit, the part used on this line and the months the
	// rest extends the term by (plan-credit).
	Credit       int64 `json:"credit,omitempty"`
	CreditUsed   int64 `json:"credit_used,omitempty"`
	ExtendMonths int   `json:"extend_months,omitempty"`
	// An annual option's adjustment of the remaining days (plan-adjust).
	Adjust *TermAdjust `json:"adjust,omitempty"`
}

// TaxSubtotal is the total of the lines of one tax rate and its tax, rounded down
// once per rate per statement (never per line).
type TaxSubtotal struct {
	Rate int   `json:"rate"`
	Base int64 `json:"base"`
	Tax  int64 `json:"tax"`
}

// Statement is one month's invoice of a contract (SPEC §10).
type Statement struct {
	Number     string          `json:"customer_number"`
	Month      string          `json:"month"`
	Recipient  string          `json:"recipient"`
	Issuer     Issuer          `json:"issuer"`
	IssuedAt   time.Time       `json:"issued_at"`
	PeriodFrom time.Time       `json:"period_from"`
	PeriodTo   time.Time       `json:"period_to"`
	Lines      []StatementLine `json:"lines"`
	Subtotals  []TaxSubtotal   `json:"subtotals"`
	Total      int64           `json:"total"` // tax included
	Payment    PaymentSummary  `json:"payment"`
	DueDate    time.Time       `json:"due_date"` // the debit date for auto-debit, else the payment due date
	Closed     bool            `json:"closed"`   // false: a running estimate of the open month
	Collection *Collection     `json:"collection,omitempty"`
	// Balance is what has been received and what remains (closed statements with
	// something to pay, except card statements); derived, never stored.
	Balance *Balance `json:"balance,omitempty"`
}

// Honorific ends the recipient of a statement as issued (in Japanese).
const Honorific = " 様"

// RecipientName is the recipient of the statement without the honorific, for
// a screen in a language that has none.
func (st Statement) RecipientName() string { return strings.TrimSuffix(st.Recipient, Honorific) }

// PaymentSummary is how a statement is paid, as printed on it: its fields, which
// a screen writes in its own language, and the label in Japanese. A statement
// closed before the fields existed has only the kind and the label.
type PaymentSummary struct {
	Kind  string `json:"kind"`  // card | debit | transfer | none
	Label string `json:"label"` // e.g. "VISA XXXX-XXXX-XXXX-1111", "みずほ銀行 横浜 普通 XXX4567"
	// Card: the brand and the last 4 digits.
	Brand string `json:"brand,omitempty"`
	Last4 string `json:"last4,omitempty"`
	// Auto-debit: the subscriber's account; bank transfer: the payee's.
	Bank        string `json:"bank,omitempty"`
	Branch      string `json:"branch,omitempty"`
	AccountType string `json:"account_type,omitempty"` // one of BankAccountTypes (普通, 当座)
	// AccountLast4 is the last 4 digits of an auto-debit account.
	AccountLast4 string `json:"account_last4,omitempty"`
	// AccountNumber and AccountHolder are the payee's, where a transfer goes.
	AccountNumber string `json:"account_number,omitempty"`
	AccountHolder string `json:"account_holder,omitempty"`
}

// Text writes the payment method from its fields, masked, with the account type
// as accountType names it (a screen's language); a statement that has only its
// label gives the label.
func (p PaymentSummary) Text(accountType func(string) string) string {
	switch {
	case p.Kind == PaymentCard && p.Brand != "":
		return p.Brand + " " + MaskCard(p.Last4)
	case p.Kind == PaymentDebit && p.Bank != "":
		return p.Bank + " " + p.Branch + " " + accountType(p.AccountType) + " " + MaskAccount(p.AccountLast4)
	case p.Kind == PaymentTransfer && p.Bank != "":
		return p.Bank + " " + p.Branch + " " + accountType(p.AccountType) + " " + p.AccountNumber + " " + p.AccountHolder
	}
	return p.Label
}

// BuildStatement computes the statement of a contract for month m from its history
// and the catalog. It is a pure function: the same history always gives the same statement.
func BuildStatement(cat *Catalog, c *Contract, calls []CallRecord, m Month, issuer Issuer, issued time.Time) (Statement, error) {
	sums := callSums{}
	for _, call := range calls {
		sums.add(call, m)
	}
	return buildStatement(cat, c, sums, m, issuer, issued)
}

// buildStatement is BuildStatement with the calls already summed.
func buildStatement(cat *Catalog, c *Contract, calls callSums, m Month, issuer Issuer, issued time.Time) (Statement, error) {
	st := Statement{Number: c.Number, Month: m.String(), Recipient: c.Customer.LastName + " " + c.Customer.FirstName + Honorific,
		Issuer: issuer, IssuedAt: issued, PeriodFrom: m.Start(), PeriodTo: m.Next().Start().AddDate(0, 0, -1)}
	plans, perr := PlanLines(cat, c, m)
	st.Lines = append(st.Lines, plans...)
	charges, err := OptionCharges(cat, c.Options, c.LineCancel, m)
	err = errors.Join(perr, err)
	for _, ch := range charges {
		kind := LineMonthly
		if ch.Kind == ChargeFee {
			kind = LineFee
		}
		st.Lines = append(st.Lines, StatementLine{Kind: kind, Code: ch.Option, Description: ch.Name, Account: ch.Account,
			Period: m.String(), Amount: ch.Amount, TaxRate: TaxRate, Rule: ch.Applied, Reason: ch.Reason})
	}
	st.Lines = append(st.Lines, callLines(calls, m)...)
	st.Subtotals, st.Total = taxTotals(st.Lines)
	st.Payment = paymentSummary(c)
	st.DueDate = DueDate(st.Payment.Kind, m)
	if st.Lines == nil {
		st.Lines = []StatementLine{}
	}
	return st, err
}

// taxTotals adds the lines per tax rate and rounds the tax down once per rate (SPEC §2, §10).
func taxTotals(lines []StatementLine) ([]TaxSubtotal, int64) {
	byRate := map[int]int64{}
	for _, l := range lines {
		byRate[l.TaxRate] += l.Amount
	}
	var out []TaxSubtotal
	var total int64
	for rate, base := range byRate {
		tax := base * int64(rate) / 100
		if base < 0 {
			tax = -((-base) * int64(rate) / 100)
		}
		out = append(out, TaxSubtotal{Rate: rate, Base: base, Tax: tax})
		total += base + tax
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Rate > out[j].Rate })
	if out == nil {
		out = []TaxSubtotal{{Rate: TaxRate}}
	}
	return out, total
}

// DueDate is when the statement of month m is paid: auto-debit on the 25th of the
// next month or the next business day; card and bank transfer by the end of the next month.
func DueDate(kind string, m Month) time.Time {
	if kind == "debit" {
		return DebitDate(m.Next())
	}
	return m.Add(2).Start().AddDate(0, 0, -1)
}

// statementKey is where a closed statement is kept.
func statementKey(number string, m Month) string { return number + "/" + m.String() }

// StatementSummary is one row of the list of months.
type StatementSummary struct {
	Month      string
	Total      int64
	Closed     bool
	Collection string // "", paid, retry-pending, unpaid
	State      string // the balance state (BalanceDue, BalancePartial, …), "" when there is no balance
	Payment    string // how the month is paid: the statement's PaymentSummary.Kind
}

// StatementMonths lists the months that have a statement, newest first: the open
// month (an estimate) and every closed month since the contract began. A user ID
// never sees statements; an admin ID must step up to the holder first (SPEC §4.1).
func (s *Service) StatementMonths(p Principal) ([]StatementSummary, error) {
	if err := s.closeDueMonths(p); err != nil {
		return nil, err
	}
	var out []StatementSummary
	err := s.view(func(tx Tx) error {
		_, c, err := s.authorizeTo(tx, p, FnStatements)
		if err != nil {
			return err
		}
		now := MonthOf(s.Now())
		for m := now; !m.Before(MonthOf(c.CreatedAt)); m = m.Add(-1) {
			st, err := s.statement(tx, c, m)
			if err != nil && !errors.Is(err, ErrUnknownOption) && !errors.Is(err, ErrBadOptionRecord) {
				return err
			}
			row := StatementSummary{Month: st.Month, Total: st.Total, Closed: st.Closed, Payment: st.Payment.Kind}
			if st.Collection != nil {
				row.Collection = st.Collection.State
			}
			if st.Balance != nil {
				row.State = st.Balance.State
			}
			out = append(out, row)
		}
		return nil
	})
	return out, err
}

// Statement returns one month's statement of the principal's contract.
func (s *Service) Statement(p Principal, month Month) (Statement, error) {
	if err := s.closeDueMonths(p); err != nil {
		return Statement{}, err
	}
	var out Statement
	err := s.view(func(tx Tx) error {
		_, c, err := s.authorizeTo(tx, p, FnStatements)
		if err != nil {
			return err
		}
		if month.Before(MonthOf(c.CreatedAt)) || month.After(MonthOf(s.Now())) {
			return ErrNotFound
		}
		out, err = s.statement(tx, c, month)
		return err
	})
	return out, err
}

// StatementOf returns a contract's statement for the back office.
func (s *Service) StatementOf(p Principal, number string, month Month) (Statement, error) {
	if p.Kind != KindOperator {
		return Statement{}, ErrForbidden
	}
	if err := s.closeContractMonths(number); err != nil {
		return Statement{}, err
	}
	var out Statement
	err := s.view(func(tx Tx) error {
		c, err := loadContract(tx, number)
		if err != nil {
			return err
		}
		if month.Before(MonthOf(c.CreatedAt)) || month.After(MonthOf(s.Now())) || afterWithdrawal(c, month) {
			return ErrNotFound
		}
		out, err = s.statement(tx, c, month)
		return err
	})
	return out, err
}

// afterWithdrawal reports whether m is after the month the contract withdrew
// in: a withdrawn contract is billed no further month.
func afterWithdrawal(c *Contract, m Month) bool {
	return c.Withdrawn != nil && m.After(MonthOf(c.Withdrawn.At))
}

// statement is the stored statement of a closed month, or the estimate of the open one,
// with what the bank has reported on it.
func (s *Service) statement(tx Tx, c *Contract, m Month) (Statement, error) {
	var st Statement
	switch err := tx.Get(bucketStatements, statementKey(c.Number, m), &st); {
	case err == nil:
	case errors.Is(err, ErrNoValue):
		calls, err := billedCallSums(tx, c.Number, m)
		if err != nil {
			return Statement{}, err
		}
		st, err = buildStatement(s.cat, c, calls, m, s.issuer(), s.Now())
		if err != nil {
			return st, err
		}
	default:
		return Statement{}, err
	}
	col, err := loadCollection(tx, c.Number, m)
	if err != nil {
		return Statement{}, err
	}
	st.Collection = col
	st.Balance = balanceOf(st, col)
	if err := deriveCarry(tx, c, m, &st); err != nil {
		return Statement{}, err
	}
	return st, nil
}

// closeDueMonths closes the principal's months that the clock has passed.
func (s *Service) closeDueMonths(p Principal) error {
	return s.closeContractMonths(p.Contract)
}

// closeContractMonths stores the statement of every month of the contract before
// the current one that has none yet. A closed statement never changes again.
func (s *Service) closeContractMonths(number string) error {
	_, err := s.closeMonths(number)
	return err
}

// closeMonths closes the contract's passed months and says how many it closed.
func (s *Service) closeMonths(number string) (int, error) {
	var due []Month
	if err := s.view(func(tx Tx) error {
		// The demo clock another process moved decides which months have passed.
		current := MonthOf(s.Now())
		c, err := loadContract(tx, number)
		if err != nil {
			return nil // the caller reports the missing contract
		}
		for m := MonthOf(c.CreatedAt); m.Before(current) && !afterWithdrawal(c, m); m = m.Next() {
			var st Statement
			if err := tx.Get(bucketStatements, statementKey(number, m), &st); errors.Is(err, ErrNoValue) {
				due = append(due, m)
			} else if err != nil {
				return err
			}
		}
		return nil
	}); err != nil || len(due) == 0 {
		return 0, err
	}
	closed := 0
	err := s.db.Update(func(tx Tx) error {
		now, err := s.nowIn(tx)
		if err != nil {
			return err
		}
		closed, err = s.closeIn(tx, number, now)
		return err
	})
	return closed, err
}

// closeIn closes, inside tx, every passed month of the contract that has no
// statement yet (another process may have closed some since a read outside
// it). A procedure runs it first in its own transaction, so that what it
// changes (a payment method, the line, a plan) never reaches a month that has
// passed: that month closes as it was (SPEC §10).
func (s *Service) closeIn(tx Tx, number string, now time.Time) (int, error) {
	c, err := loadContract(tx, number)
	if err != nil {
		return 0, nil // the caller reports the missing contract
	}
	closed := 0
	for m := MonthOf(c.CreatedAt); m.Before(MonthOf(now)) && !afterWithdrawal(c, m); m = m.Next() {
		var done Statement
		if err := tx.Get(bucketStatements, statementKey(number, m), &done); err == nil {
			continue
		} else if !errors.Is(err, ErrNoValue) {
			return closed, err
		}
		st, err := s.closingStatement(tx, c, m)
		if err != nil {
			return closed, err
		}
		if err := tx.Put(bucketStatements, statementKey(number, m), st); err != nil {
			return closed, err
		}
		closer := Operator("clock")
		closer.Contract = number
		if err := appendAudit(tx, closer, now, "statement-close", number+"/"+m.String(), "ok"); err != nil {
			return closed, err
		}
		closed++
	}
	return closed, nil
}

// closingStatement is the statement month m of the contract closes as: built
// from its history, issued on the first day after its month, closed.
// closeMonths stores it; a read of a passed month nobody has closed yet sees
// it without writing (passed).
func (s *Service) closingStatement(tx Tx, c *Contract, m Month) (Statement, error) {
	calls, err := billedCallSums(tx, c.Number, m)
	if err != nil {
		return Statement{}, err
	}
	st, err := buildStatement(s.cat, c, calls, m, s.issuer(), m.Next().Start())
	if err != nil && !errors.Is(err, ErrUnknownOption) && !errors.Is(err, ErrBadOptionRecord) {
		return Statement{}, err
	}
	st.Closed = true
	return st, nil
}

// CloseDueMonths closes every contract's passed months (the back office and the
// demo clock call it; reads close a contract's own months lazily). It returns how
// many contracts had months closed.
func (s *Service) CloseDueMonths(p Principal) (int, error) {
	if p.Kind != KindOperator {
		return 0, ErrForbidden
	}
	var numbers []string
	if err := s.view(func(tx Tx) error {
		return tx.Scan(bucketContracts, "", func(key string, _ func(any) error) bool {
			numbers = append(numbers, key)
			return true
		})
	}); err != nil {
		return 0, err
	}
	contracts := 0
	for _, n := range numbers {
		closed, err := s.closeMonths(n)
		if err != nil {
			return contracts, err
		}
		if closed > 0 {
			contracts++
		}
	}
	return contracts, nil
}

func (s *Service) issuer() Issuer {
	if s.cfg.Issuer.RegistrationNumber == "" {
		return DefaultIssuer
	}
	return s.cfg.Issuer
}

// paymentSummary is the payment method as a statement prints it, never unmasked.
func paymentSummary(c *Contract) PaymentSummary {
	pm := c.Payment
	if pm == nil {
		return PaymentSummary{Kind: "none"}
	}
	var ps PaymentSummary
	switch pm.Kind {
	case PaymentCard:
		ps = PaymentSummary{Kind: pm.Kind, Brand: pm.Brand, Last4: pm.Last4}
	case PaymentDebit:
		ps = PaymentSummary{Kind: pm.Kind, Bank: pm.Bank, Branch: pm.Branch, AccountType: pm.AccountType, AccountLast4: pm.AccountLast4}
	case PaymentTransfer:
		// A transfer statement shows where to pay (SPEC §9.4).
		py := DefaultPayee
		ps = PaymentSummary{Kind: pm.Kind, Bank: py.Bank, Branch: py.Branch, AccountType: py.AccountType,
			AccountNumber: py.AccountNumber, AccountHolder: py.AccountHolder}
	default:
		return PaymentSummary{Kind: pm.Kind}
	}
	ps.Label = ps.Text(func(t string) string { return t })
	return ps
}
