package core

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Withdrawal is the membership withdrawal (退会) of a contract (SPEC §11.4,
// seed 002). The contract, its accounts, statements and audit trail stay for
// the records; no login of the contract works after it.
type Withdrawal struct {
	Number string    `json:"number"` // WDyyyymmdd-NNNNNN
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
}

// ErrWithdrawn ends a session whose contract has withdrawn its membership
// (a session of another process finds out at its next action); it is an
// ErrSessionEnded.
var ErrWithdrawn = fmt.Errorf("%w: the contract has withdrawn its membership", ErrSessionEnded)

// ErrMemberWithdrawn refuses a back-office change to a contract that has
// withdrawn: its data stays as it was for the records (payments owed may
// still be recorded).
var ErrMemberWithdrawn = errors.New("the contract has withdrawn its membership (退会済)")

// member loads a contract that has not withdrawn, for the back office's changes.
func member(tx Tx, number string) (*Contract, error) {
	c, err := loadContract(tx, number)
	if err == nil && c.Withdrawn != nil {
		return nil, ErrMemberWithdrawn
	}
	return c, err
}

// What blocks a withdrawal (WithdrawalBlock.Kind).
const (
	WithdrawBlockPlan   = "plan"   // a plan service in use, being cancelled or applied for
	WithdrawBlockOption = "option" // an option still held, or cancelled this month
	WithdrawBlockOwed   = "owed"   // a closed statement not paid in full
	WithdrawBlockLine   = "line"   // the internet line, not cancelled or not ended yet
)

// What must be done before a block can be dated (WithdrawalBlock.After).
const (
	// WithdrawAfterCancel: cancel (ご解約) the plan service; withdrawal is
	// possible from the day after its end date.
	WithdrawAfterCancel = "cancel"
	// WithdrawAfterRevoke: cancel (取消) the application; possible from the next day.
	WithdrawAfterRevoke = "revoke"
	// WithdrawAfterOptionCancel: cancel the option; a cancel takes effect at the
	// end of its month, so possible from the 1st of the next month.
	WithdrawAfterOptionCancel = "option-cancel"
	// WithdrawAfterAutoCancel: the mail option is not cancelled on its own: it
	// ends by itself when the provider addresses in use drop to the basic
	// allowance (SPEC §5.3); possible from the 1st of the next month.
	WithdrawAfterAutoCancel = "auto-cancel"
	// WithdrawAfterPlanCancel: an annual option ends with its membership plan:
	// cancel the plan.
	WithdrawAfterPlanCancel = "plan-cancel"
	// WithdrawAfterPayment: possible once the payment is recorded.
	WithdrawAfterPayment = "payment"
	// WithdrawAfterLineCancel: the line is cancelled by phone at the
	// information center (seed 003 §2); possible from the day after its last day.
	WithdrawAfterLineCancel = "line-cancel"
)

// Line states of a line block (WithdrawalBlock.State).
const (
	LineActive    = "active"    // no cancellation recorded
	LineCancelled = "cancelled" // cancelled, its last day not passed yet
)

// WithdrawalBlock is one thing that stands in the way of a withdrawal, with the
// first day withdrawal becomes possible because of it (From), or, when that
// cannot be dated yet, what is to be done first (After).
type WithdrawalBlock struct {
	Kind string `json:"kind"`
	// Code is the plan's or option's catalog code; Name its Japanese name.
	Code    string `json:"code,omitempty"`
	Name    string `json:"name,omitempty"`
	Service string `json:"service,omitempty"` // the plan service ID
	Account string `json:"account,omitempty"` // an account-scope option's account ID
	// State is a PlanState, an OptionState, a statement's balance state, or a line state.
	State string `json:"state"`
	// End is the last day of use of a plan, an option or the line, when known.
	End *Day `json:"end,omitempty"`
	// From is the first day withdrawal is possible because of this block; nil
	// when it cannot be dated until After is done.
	From  *Day   `json:"from,omitempty"`
	After string `json:"after,omitempty"`
	// The unpaid statement of an owed block.
	Month     Month     `json:"month,omitempty"`
	Remaining int64     `json:"remaining,omitempty"`
	Due       time.Time `json:"due,omitempty"`
}

// PlanStateWithdrawn is the state a withdrawal block gives an application
// withdrawn (取消) today: it blocks until the next day (seed 002).
const PlanStateWithdrawn = "withdrawn"

// WithdrawalBlocks lists what blocks the contract's withdrawal at now (SPEC
// §11.4, seed 002 「退会手続き」が可能なタイミング): its plan services, its
// options, its unpaid statements (owed, closed months only) and the internet
// line. An empty list means the contract may withdraw.
func WithdrawalBlocks(cat *Catalog, c *Contract, owed []Owed, now time.Time) []WithdrawalBlock {
	today := dayOf(now)
	var out []WithdrawalBlock
	for _, ps := range c.Plans {
		b := WithdrawalBlock{Kind: WithdrawBlockPlan, Code: ps.Plan, Name: ps.Plan, Service: ps.ID}
		pl, known := cat.Plan(ps.Plan)
		if known {
			b.Name = pl.Name
		}
		st := ps.State(now)
		if !known && ps.End == nil && !ps.Voided() {
			// A plan that left the catalog (ErrUnknownPlan) is billed no more
			// and cannot be cancelled (PlanBlockUnknown): nothing the subscriber
			// could do would lift it, so it does not hold the membership
			// (decision: a retired plan is the provider's to clear up, not
			// the subscriber's; billing reports it to the back office). A
			// dated end still blocks to its day.
			continue
		}
		b.State = string(st)
		switch {
		case ps.Voided() && !dayOf(ps.Cancel.At).Before(today):
			// 申込中 → 取消(キャンセル) → 翌日以降: withdrawn today, possible tomorrow.
			cancelled := dayOf(ps.Cancel.At)
			b.State, b.End, b.From = PlanStateWithdrawn, dayPtr(cancelled), dayPtr(cancelled.AddDate(0, 0, 1))
		case st == PlanEnded:
			continue
		case st == PlanLapsed:
			// A term that ended without renewal ended the service's use with it:
			// nothing is left to cancel, so it does not block (decision).
			continue
		case ps.End != nil:
			// 解約中 → 利用期間の翌日以降; an application cancelled (取消) ends on the
			// day of its cancel → 翌日以降.
			b.End, b.From = dayPtr(*ps.End), dayPtr(ps.End.AddDate(0, 0, 1))
		case st == PlanApplying:
			b.After = WithdrawAfterRevoke // 申込中 → 取消(キャンセル) → 翌日以降
		default:
			b.After = WithdrawAfterCancel // 利用中 → 解約する → サービス終了日の翌日以降
		}
		out = append(out, b)
	}
	out = append(out, optionBlocks(cat, c, now)...)
	for _, o := range owed {
		out = append(out, WithdrawalBlock{Kind: WithdrawBlockOwed, State: o.State, After: WithdrawAfterPayment,
			Month: o.Month, Remaining: o.Remaining, Due: o.Due})
	}
	switch lc := c.LineCancel; {
	case lc == nil:
		out = append(out, WithdrawalBlock{Kind: WithdrawBlockLine, State: LineActive, After: WithdrawAfterLineCancel})
	case !dayOf(lc.Date).Before(today):
		out = append(out, WithdrawalBlock{Kind: WithdrawBlockLine, State: LineCancelled,
			End: dayPtr(dayOf(lc.Date)), From: dayPtr(dayOf(lc.Date).AddDate(0, 0, 1))})
	}
	return out
}

// optionBlocks are the options of the contract and of its account IDs still
// held (not cancelled) or cancelled this month, which ends at the month's end;
// none once the line's last day has passed, for they ended with it.
// An annual option of a 年会費制 plan ends with the plan's term or End.
func optionBlocks(cat *Catalog, c *Contract, now time.Time) []WithdrawalBlock {
	if c.LineCancel.ended(now) {
		return nil // the options ended with the line (optionState)
	}
	type key struct{ code, account string }
	seen := map[key]bool{}
	var out []WithdrawalBlock
	for _, r := range c.Options {
		k := key{r.Option, r.Account}
		if seen[k] {
			continue
		}
		seen[k] = true
		o, known := cat.Option(r.Option)
		b := WithdrawalBlock{Kind: WithdrawBlockOption, Code: r.Option, Name: r.Option, Account: r.Account}
		if known {
			b.Name = o.Name
		}
		active := activeRecord(c.Options, r.Option, r.Account) >= 0
		if known && o.Rule == RuleAnnual {
			if annualOptionBlock(c, o, r.Account, active, now, &b) {
				out = append(out, b)
			}
			continue
		}
		switch {
		case active && known && o.AutoCancel:
			b.State, b.After = string(OptionPurchased), WithdrawAfterAutoCancel
		case active:
			b.State, b.After = string(OptionPurchased), WithdrawAfterOptionCancel
		case optionState(c.Options, c.LineCancel, r.Option, r.Account, now) == OptionCancelling:
			// A cancel takes effect at the end of its month (SPEC §8).
			m := MonthOf(now)
			b.State, b.End, b.From = string(OptionCancelling), dayPtr(m.lastDay()), dayPtr(m.Next().Start())
		default:
			continue
		}
		out = append(out, b)
	}
	return out
}

// annualOptionBlock fills b for an annual option and reports whether it blocks:
// it is used with its membership plan, so it ends when the plan ends (its End),
// or, once cancelled, at the end of the plan's term of the cancel.
func annualOptionBlock(c *Contract, o Option, account string, active bool, now time.Time, b *WithdrawalBlock) bool {
	today := dayOf(now)
	for _, ps := range c.Plans {
		st := ps.State(now)
		if !containsString(o.Plans, ps.Plan) || st == PlanEnded || st == PlanLapsed {
			continue
		}
		if active {
			b.State = string(OptionPurchased)
			if ps.End != nil {
				b.End, b.From = dayPtr(*ps.End), dayPtr(ps.End.AddDate(0, 0, 1))
			} else {
				b.After = WithdrawAfterPlanCancel
			}
			return true
		}
		last := lastRecord(c.Options, o.Code, account)
		term, _ := ps.termAt(today)
		if last < 0 || c.Options[last].CancelledAt == nil || dayOf(*c.Options[last].CancelledAt).Before(term.Start) {
			return false // cancelled in an earlier term: it ended with that term
		}
		until := term.End
		if ps.End != nil && ps.End.Before(until) {
			until = *ps.End
		}
		b.State, b.End, b.From = string(OptionCancellingTerm), dayPtr(until), dayPtr(until.AddDate(0, 0, 1))
		return true
	}
	return false // the plan it adds to has ended: the option ended with it
}

func dayPtr(t time.Time) *Day {
	d := Day{dayOf(t)}
	return &d
}

// WithdrawalPossibleFrom is the first day every block allows the withdrawal,
// false when one of them cannot be dated yet (something is to be done first).
func WithdrawalPossibleFrom(blocks []WithdrawalBlock) (Day, bool) {
	var last Day
	for _, b := range blocks {
		if b.From == nil {
			return Day{}, false
		}
		if b.From.After(last.Time) {
			last = *b.From
		}
	}
	return last, true
}

// What a withdrawal's blocks come down to (WithdrawalLead), for the screen's
// first sentence: services still in use come first, then unpaid statements,
// then the line alone.
const (
	WithdrawLeadServices = "services" // a plan service or an option
	WithdrawLeadOwed     = "owed"     // unpaid statements (and perhaps the line)
	WithdrawLeadLine     = "line"     // only the internet line
)

// WithdrawalLead says what blocks the withdrawal, "" when nothing does.
func WithdrawalLead(blocks []WithdrawalBlock) string {
	lead := ""
	for _, b := range blocks {
		switch b.Kind {
		case WithdrawBlockPlan, WithdrawBlockOption:
			return WithdrawLeadServices
		case WithdrawBlockOwed:
			lead = WithdrawLeadOwed
		case WithdrawBlockLine:
			if lead == "" {
				lead = WithdrawLeadLine
			}
		}
	}
	return lead
}

// FinalStatement is the statement of the last month of use still to come:
// issued on the 1st of the next month (when the month closes), it is to be
// paid before the withdrawal, so the day a block promises may come later.
type FinalStatement struct {
	Month  Month `json:"month"`
	Issued Day   `json:"issued"`
}

// FinalStatementOf is the statement still to be issued for the last month a
// block is used in (its End), when that month has not closed at now: nil when
// no block is dated by an end, or every end is in a closed month.
func FinalStatementOf(blocks []WithdrawalBlock, now time.Time) *FinalStatement {
	var last *Month
	for _, b := range blocks {
		if b.End == nil {
			continue
		}
		if m := MonthOf(b.End.Time); last == nil || m.After(*last) {
			last = &m
		}
	}
	if last == nil || last.Before(MonthOf(now)) {
		return nil
	}
	return &FinalStatement{Month: *last, Issued: Day{last.Next().Start()}}
}

// WithdrawalError refuses a withdrawal while something blocks it; Blocks
// says what, for the screen to list.
type WithdrawalError struct {
	Blocks []WithdrawalBlock
}

func (e *WithdrawalError) Error() string {
	kinds := make([]string, 0, len(e.Blocks))
	for _, b := range e.Blocks {
		kinds = append(kinds, b.Kind)
	}
	return "withdrawal blocked by " + strings.Join(kinds, ", ")
}

// AuditResult names the refusal in the audit log.
func (e *WithdrawalError) AuditResult() string { return "refused-blocked" }

// WithdrawalBlocksOf returns the blocks a *WithdrawalError carries, or nil.
func WithdrawalBlocksOf(err error) []WithdrawalBlock {
	var we *WithdrawalError
	if errors.As(err, &we) {
		return we.Blocks
	}
	return nil
}

// WithdrawalView is what the withdrawal screen shows: what blocks it, or the
// logins that stop working and where the completion mail goes.
type WithdrawalView struct {
	Number   string   // the customer number
	Accounts []string // every account ID of the contract
	MailTo   string   // the contact address the completion mail goes to
	Blocks   []WithdrawalBlock
	// Lead is what the blocks come down to (WithdrawalLead); Final the
	// statement of the last month of use still to be issued and paid.
	Lead  string
	Final *FinalStatement
}

// WithdrawalResult is what a completed withdrawal returns to its screen.
type WithdrawalResult struct {
	Withdrawal Withdrawal
	Contract   string
	MailedTo   string
}

// settingWithdrawSeq numbers the withdrawals.
const settingWithdrawSeq = "withdraw-seq"

// WithdrawalCheck is the withdrawal screen's view for the contract holder:
// the passed months are closed first, so that an unpaid month shows.
func (s *Service) WithdrawalCheck(p Principal) (WithdrawalView, error) {
	if err := s.closeDueMonths(p); err != nil {
		return WithdrawalView{}, err
	}
	var out WithdrawalView
	err := s.view(func(tx Tx) error {
		var err error
		out, err = s.withdrawalView(tx, p)
		return err
	})
	return out, err
}

// CheckWithdraw checks the notes step: nothing blocks and the notes are agreed
// to. Nothing is written.
func (s *Service) CheckWithdraw(p Principal, agreed bool) (WithdrawalView, error) {
	v, err := s.WithdrawalCheck(p)
	if err != nil {
		return v, err
	}
	if len(v.Blocks) > 0 {
		return v, &WithdrawalError{Blocks: v.Blocks}
	}
	if !agreed {
		return v, &ValidationError{Fields: map[string]string{FieldAgree: ProblemRequired}}
	}
	return v, nil
}

func (s *Service) withdrawalView(tx Tx, p Principal) (WithdrawalView, error) {
	p, c, err := s.authorize(tx, p)
	if err != nil {
		return WithdrawalView{}, err
	}
	if !Can(p, FnWithdraw) {
		return WithdrawalView{}, ErrForbidden
	}
	now := s.Now()
	owed, err := s.owedToWithdraw(tx, c, now)
	if err != nil {
		return WithdrawalView{}, err
	}
	blocks := WithdrawalBlocks(s.cat, c, owed, now)
	return WithdrawalView{Number: c.Number, Accounts: append([]string(nil), c.Accounts...), MailTo: c.Customer.ContactMail,
		Blocks: blocks, Lead: WithdrawalLead(blocks), Final: FinalStatementOf(blocks, now)}, nil
}

// OwedEstimate is the state of an owed block of the month still open: its
// statement is issued on the 1st of the next month (the estimate so far).
const OwedEstimate = "estimate"

// owedToWithdraw is what withdrawal waits to be paid: the closed statements
// still owed and, when the open month already bills something (an option up
// to the line's end in mid-month, a cancel month), that month's statement to
// come — a member who has withdrawn could not read or pay it.
func (s *Service) owedToWithdraw(tx Tx, c *Contract, now time.Time) ([]Owed, error) {
	owed, err := s.owed(tx, c)
	if err != nil {
		return nil, err
	}
	m := MonthOf(now)
	st, err := s.statement(tx, c, m)
	if err != nil && !errors.Is(err, ErrUnknownOption) && !errors.Is(err, ErrBadOptionRecord) {
		return nil, err
	}
	if st.Total > 0 {
		owed = append(owed, Owed{Month: m, Total: st.Total, Remaining: st.Total, Kind: st.Payment.Kind,
			Due: st.DueDate, State: OwedEstimate})
	}
	return owed, nil
}

// Withdraw withdraws the membership of the holder's contract as one
// transaction: re-checked there, refused with the blocks when anything
// blocks it and without the agreement; else the contract is marked
// withdrawn with a number, the completion mail goes to the contact address,
// and the audit record is written. From then on no login of the contract
// works, and the other sessions of the contract in this process end at once.
func (s *Service) Withdraw(p Principal, token string, agreed bool) (WithdrawalResult, error) {
	var out WithdrawalResult
	if err := s.closeDueMonths(p); err != nil {
		return out, err
	}
	// Marked before the commit, so that the poll of withdrawals made elsewhere
	// does not end this session before its completion screen.
	s.ends.withdrawing(p.Contract, p.Session)
	err := s.procedure(p, "withdraw", p.Contract, token, func(tx Tx, now time.Time) error {
		p, c, err := s.authorizeTo(tx, p, FnWithdraw)
		if err != nil {
			return err
		}
		owed, err := s.owedToWithdraw(tx, c, now)
		if err != nil {
			return err
		}
		if blocks := WithdrawalBlocks(s.cat, c, owed, now); len(blocks) > 0 {
			return &WithdrawalError{Blocks: blocks}
		}
		if !agreed {
			return &ValidationError{Fields: map[string]string{FieldAgree: ProblemRequired}}
		}
		number, err := nextNumber(tx, now, settingWithdrawSeq, "WD")
		if err != nil {
			return err
		}
		w := Withdrawal{Number: number, At: now, Actor: p.Actor()}
		c.Withdrawn = &w
		if err := tx.Put(bucketContracts, c.Number, c); err != nil {
			return err
		}
		if err := cancelCallbacksOf(tx, c.Number, now); err != nil {
			return err
		}
		out = WithdrawalResult{Withdrawal: w, Contract: c.Number, MailedTo: c.Customer.ContactMail}
		return sendMail(tx, now, c.Customer.ContactMail, "【マイページ】退会手続き完了のお知らせ", withdrawMail(c, w))
	})
	switch {
	case err == nil:
		s.ends.end(p.Contract, p.Session)
	case errors.Is(err, ErrAlreadySubmitted), errors.Is(err, ErrSessionEnded):
		// A confirm replayed, or the contract withdrawn by an earlier one of
		// this session: it is still showing its completion.
	default:
		s.ends.notWithdrawing(p.Contract, p.Session)
	}
	return committed(out, err)
}

// withdrawMail is the body of the completion mail of a withdrawal.
func withdrawMail(c *Contract, w Withdrawal) string {
	var b strings.Builder
	fmt.Fprintf(&b, "お客様番号 %s\n受付番号: %s\n退会日: %s\n\n", c.Number, w.Number, w.At.In(JST).Format("2006/01/02"))
	b.WriteString("会員の退会手続きが完了しました。これまでご利用いただき、ありがとうございました。\n")
	b.WriteString("お客様番号およびすべてのアカウントIDで、マイページへログインすることはできなくなりました。\n")
	b.WriteString("ご契約とご請求の記録は、法令に基づき当社で保管いたします。\n")
	b.WriteString("お心当たりのない場合はインフォメーションセンターへご連絡ください。\n")
	return b.String()
}

// WithdrawalOf is the withdrawal of a contract for the back office (admin
// contract show): nil while the contract is a member.
func (s *Service) WithdrawalOf(p Principal, number string) (*Withdrawal, error) {
	if p.Kind != KindOperator {
		return nil, ErrForbidden
	}
	var out *Withdrawal
	err := s.view(func(tx Tx) error {
		c, err := loadContract(tx, number)
		if err != nil {
			return err
		}
		out = c.Withdrawn
		return nil
	})
	return out, err
}
