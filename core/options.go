package core

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"time"
)

// Reasons why an option cannot be purchased or cancelled now. Screens show them
// (greyed-out buttons with the reason); procedures return them as an *OptionError.
const (
	BlockNotOffered     = "not-offered"     // not sold for this contract type
	BlockForbidden      = "forbidden"       // the matrix refuses it to this login
	BlockHeld           = "held"            // already purchased
	BlockNotHeld        = "not-held"        // nothing to cancel
	BlockNeedsBase      = "needs-base"      // the add-on needs its base option
	BlockNeedsMail      = "needs-mail"      // the account ID has no mail address
	BlockExclusive      = "exclusive"       // another product that cannot share the PC is held
	BlockAutoCancelOnly = "auto-cancel"     // ends only by the automatic cancel (mail options)
	BlockNotAlone       = "not-alone"       // the add-on ends with its base
	BlockAccountMissing = "account-missing" // an account-scope option needs an account ID
	BlockPaymentPending = "payment-pending" // a paid option waits for the card under review (SPEC §9.3)
	BlockNoPayment      = "no-payment"      // a paid option needs a payment method on the contract (SPEC §8)
	BlockNeedsPlan      = "needs-plan"      // an annual option needs its 年会費制 plan in use (SPEC §11.2)
	BlockCancelled      = "cancelled"       // an annual option cancelled already, in use to its term's end
	BlockLineEnded      = "line-ended"      // the internet line has ended, and the options with it (seed 003 §2)
)

// The refusals of a paid purchase for want of a usable payment method (SPEC §8,
// §9.3). An *OptionError with BlockNoPayment or BlockPaymentPending matches them
// with errors.Is.
var (
	ErrNoPaymentMethod = errors.New("no payment method is registered on the contract")
	ErrPaymentPending  = errors.New("the credit card of the contract is pending review")
)

// OptionError says why a purchase or cancel was refused.
type OptionError struct {
	Code  string
	Other string // for BlockExclusive: the option held that excludes this one
}

func (e *OptionError) Error() string { return "option: " + e.Code }

// AuditResult names the refusal in the audit log, e.g. "refused-no-payment".
func (e *OptionError) AuditResult() string { return "refused-" + e.Code }

// Is matches the payment refusals ErrNoPaymentMethod and ErrPaymentPending.
func (e *OptionError) Is(target error) bool {
	switch target {
	case ErrNoPaymentMethod:
		return e.Code == BlockNoPayment
	case ErrPaymentPending:
		return e.Code == BlockPaymentPending
	}
	return false
}

// OptionBlock returns the reason code of an *OptionError, or "".
func OptionBlock(err error) string {
	var oe *OptionError
	if errors.As(err, &oe) {
		return oe.Code
	}
	return ""
}

// OptionView is one option as a screen shows it: its state from the history and
// what the principal may do with it now. Contract info and every option screen
// read states through it, so they always agree.
type OptionView struct {
	Option      Option
	Account     string
	State       OptionState
	PurchasedAt *time.Time // of the current (or last) purchase
	CancelledAt *time.Time
	PIN         string // security products, while held
	Phone       string // the support line, shown only while held
	Hours       string
	// Purchase and cancel: allowed, or the reason why not.
	CanPurchase   bool
	PurchaseBlock string
	BlockOther    string // the excluding product, for BlockExclusive
	CanCancel     bool
	CancelBlock   string
	// Fee is the one-time fee a purchase now would carry (the re-application fee).
	Fee int64
	// For the warranty rule: the exemption period and the start of cover of a purchase now.
	ExemptionEnd time.Time
	CoverStart   time.Time
	// MailedTo is where a purchase or cancel sent its completion mail ("" when nowhere),
	// Mailed which mail it was.
	MailedTo string
	Mailed   Notice
	// AlsoCancelled lists the add-ons a cancel of this option ends with it.
	AlsoCancelled []Option
	// For an annual option: the term adjustment a purchase now makes, and what
	// a cancel now changes (the fee, from the next renewal).
	Annual       *AnnualQuote
	AnnualCancel *AnnualCancel
	// Adjusted is the adjustment a purchase just made (the complete step).
	Adjusted *AnnualQuote
	// UsableUntil is the last day of an annual option cancelled this term
	// (OptionCancellingTerm): the end of the term.
	UsableUntil *time.Time
}

// lastRecord returns the index of the newest record of the option for the account, or -1.
func lastRecord(records []OptionRecord, code, account string) int {
	last := -1
	for i, r := range records {
		if r.Option == code && r.Account == account {
			last = i
		}
	}
	return last
}

// activeRecord returns the index of the uncancelled record of the option, or -1.
func activeRecord(records []OptionRecord, code, account string) int {
	for i, r := range records {
		if r.Option == code && r.Account == account && r.CancelledAt == nil {
			return i
		}
	}
	return -1
}

// optionView derives the view of one option for the principal.
func (s *Service) optionView(p Principal, c *Contract, t ContractType, a *Account, o Option, now time.Time) OptionView {
	account := ""
	if o.Scope == ScopeAccount && a != nil {
		account = a.ID
	}
	v := OptionView{Option: o, Account: account, State: optionState(c.Options, c.LineCancel, o.Code, account, now)}
	if i := lastRecord(c.Options, o.Code, account); i >= 0 {
		r := c.Options[i]
		v.PurchasedAt, v.CancelledAt = &r.PurchasedAt, r.CancelledAt
		if v.State != OptionNotPurchased {
			v.PIN = r.PIN
		}
	}
	if v.State != OptionNotPurchased {
		v.Phone, v.Hours = o.Phone, o.Hours
	}
	v.Fee = purchaseFee(c, o, account)
	if o.Rule == RuleWarranty {
		v.ExemptionEnd, v.CoverStart = WarrantyPeriod(now)
	}
	v.PurchaseBlock, v.BlockOther = s.purchaseBlock(p, c, t, a, o, now)
	v.CanPurchase = v.PurchaseBlock == ""
	v.CancelBlock = s.cancelBlock(p, c, t, a, o, now)
	v.CanCancel = v.CancelBlock == ""
	if o.Rule == RuleAnnual {
		if until, ok := annualCancelledUntil(s.cat, c, o, now); ok && v.State != OptionPurchased {
			v.State, v.UsableUntil = OptionCancellingTerm, &until
		}
		if v.CanPurchase {
			if q, err := QuoteAnnualOption(s.cat, c, o.Code, now); err == nil {
				v.Annual = &q
			}
		}
		if v.CanCancel {
			if ac, ok := annualCancel(s.cat, c, o, now); ok {
				v.AnnualCancel = &ac
			}
		}
	}
	for _, addon := range s.cat.Options {
		if addon.Requires == o.Code && activeRecord(c.Options, addon.Code, account) >= 0 {
			v.AlsoCancelled = append(v.AlsoCancelled, addon)
		}
	}
	return v
}

func (s *Service) mayUse(p Principal, o Option, account string) bool {
	fn, ok := groupFunction[o.Group]
	if !ok {
		return false
	}
	if o.Scope == ScopeAccount {
		return canOnAccount(p, fn, account)
	}
	return Can(p, fn)
}

func (s *Service) purchaseBlock(p Principal, c *Contract, t ContractType, a *Account, o Option, now time.Time) (string, string) {
	account := ""
	if o.Scope == ScopeAccount {
		if a == nil {
			return BlockAccountMissing, ""
		}
		account = a.ID
	}
	switch {
	case !o.OfferedTo(t):
		return BlockNotOffered, ""
	case !s.mayUse(p, o, account):
		return BlockForbidden, ""
	case c.LineCancel.ended(now):
		return BlockLineEnded, ""
	case activeRecord(c.Options, o.Code, account) >= 0:
		return BlockHeld, ""
	case o.Requires != "" && activeRecord(c.Options, o.Requires, "") < 0:
		return BlockNeedsBase, ""
	case o.NeedsMail && (a == nil || a.Mail == ""):
		return BlockNeedsMail, ""
	case o.Rule == RuleAnnual:
		if _, ok := membershipFor(s.cat, c, o, now); !ok {
			return BlockNeedsPlan, ""
		}
	}
	if o.Monthly > 0 || purchaseFee(c, o, account) > 0 {
		if block := paymentBlock(c); block != "" {
			return block, ""
		}
	}
	if o.Exclusive != "" {
		for _, other := range s.cat.Options {
			if other.Code != o.Code && other.Exclusive == o.Exclusive && activeRecord(c.Options, other.Code, account) >= 0 {
				return BlockExclusive, other.Code
			}
		}
	}
	return "", ""
}

// paidPurchase reports whether a purchase of the option now costs something:
// a monthly or annual price, or a re-application fee. Only those are refused
// while the contract's paid services are suspended.
func paidPurchase(c *Contract, o Option, account string) bool {
	return o.Monthly > 0 || o.Annual > 0 || purchaseFee(c, o, account) > 0
}

// purchaseFee is the one-time fee a purchase of the option now would carry: the
// re-application fee once the option has been held before.
func purchaseFee(c *Contract, o Option, account string) int64 {
	if o.ReapplyFee > 0 && lastRecord(c.Options, o.Code, account) >= 0 {
		return o.ReapplyFee
	}
	return 0
}

func (s *Service) cancelBlock(p Principal, c *Contract, t ContractType, a *Account, o Option, now time.Time) string {
	account := ""
	if o.Scope == ScopeAccount {
		if a == nil {
			return BlockAccountMissing
		}
		account = a.ID
	}
	switch {
	case !o.OfferedTo(t):
		return BlockNotOffered
	case !s.mayUse(p, o, account):
		return BlockForbidden
	case c.LineCancel.ended(now):
		return BlockNotHeld // ended with the line: nothing left to cancel
	case activeRecord(c.Options, o.Code, account) < 0:
		if _, ok := annualCancelledUntil(s.cat, c, o, now); ok && o.Rule == RuleAnnual {
			return BlockCancelled // to the end of its term
		}
		return BlockNotHeld
	case o.AutoCancel:
		return BlockAutoCancelOnly
	case o.NotCancellableAlone:
		return BlockNotAlone
	}
	return ""
}

// optionContext loads what an option procedure needs: the principal as it stands,
// the contract, its type, the option and (for account-scope options) the account.
func (s *Service) optionContext(tx Tx, p Principal, code, account string) (Principal, *Contract, ContractType, *Account, Option, error) {
	p, c, err := s.authorize(tx, p)
	if err != nil {
		return p, nil, ContractType{}, nil, Option{}, err
	}
	t, err := s.contractType(c)
	if err != nil {
		return p, nil, ContractType{}, nil, Option{}, err
	}
	o, ok := s.cat.Option(code)
	if !ok {
		return p, nil, ContractType{}, nil, Option{}, ErrNotFound
	}
	var a *Account
	if o.Scope == ScopeAccount {
		if a, err = accountOf(tx, c, account); err != nil {
			return p, nil, ContractType{}, nil, Option{}, err
		}
	}
	return p, c, t, a, o, nil
}

// OptionStatus returns one option of the contract (account "" ) or of an account ID.
func (s *Service) OptionStatus(p Principal, code, account string) (OptionView, error) {
	var out OptionView
	err := s.view(func(tx Tx) error {
		p, c, t, a, o, err := s.optionContext(tx, p, code, account)
		if err != nil {
			return err
		}
		if o.Scope == ScopeAccount && !canOnAccount(p, FnSecurityInfo, a.ID) {
			return ErrForbidden
		}
		out = s.optionView(p, c, t, a, o, s.Now())
		return nil
	})
	return out, err
}

// GroupOptions returns the options of a catalog group offered to the contract
// (or to the account ID, for account-scope groups), in catalog order.
func (s *Service) GroupOptions(p Principal, group, account string) ([]OptionView, error) {
	var out []OptionView
	err := s.view(func(tx Tx) error {
		p, c, err := s.authorize(tx, p)
		if err != nil {
			return err
		}
		t, err := s.contractType(c)
		if err != nil {
			return err
		}
		var a *Account
		if account != "" {
			if a, err = accountOf(tx, c, account); err != nil {
				return err
			}
			if !canOnAccount(p, FnAccountList, a.ID) {
				return ErrForbidden
			}
		}
		now := s.Now()
		for _, o := range s.cat.Options {
			if o.Group == group && o.OfferedTo(t) {
				out = append(out, s.optionView(p, c, t, a, o, now))
			}
		}
		return nil
	})
	return out, err
}

// PurchaseOption buys an option for the contract or, for account-scope options,
// for the account ID (SPEC §6–§8). A completion mail goes out where the manual says so.
func (s *Service) PurchaseOption(p Principal, token, code, account string) (OptionView, error) {
	return s.PurchaseOptionQuoted(p, token, code, account, nil)
}

// PurchaseOptionQuoted is PurchaseOption for a confirm step that showed an
// annual option's adjustment: when the adjustment has moved since (the day
// turned), the purchase is refused with the new one (a *QuoteChangedError).
//
// While the contract's paid services are suspended (non-payment, or the
// membership's lapse) an option that costs something (a monthly price, an
// annual price, a re-application fee) is refused with a *SuspendedError; a
// free one may still be bought, since it adds nothing to what is owed.
func (s *Service) PurchaseOptionQuoted(p Principal, token, code, account string, shown *AnnualQuote) (OptionView, error) {
	if err := s.closeContractMonths(p.Contract); err != nil {
		return OptionView{}, err
	}
	var out OptionView
	err := s.procedure(p, "option-purchase", code+targetSuffix(account), token, func(tx Tx, now time.Time) error {
		p, c, t, a, o, err := s.optionContext(tx, p, code, account)
		if err != nil {
			return err
		}
		if block, other := s.purchaseBlock(p, c, t, a, o, now); block != "" {
			if block == BlockForbidden {
				return ErrForbidden
			}
			return &OptionError{Code: block, Other: other}
		}
		r := OptionRecord{Option: o.Code, PurchasedAt: now}
		if a != nil {
			r.Account = a.ID
		}
		r.Fee = purchaseFee(c, o, r.Account)
		if paidPurchase(c, o, r.Account) {
			if err := s.refuseSuspended(tx, c, now); err != nil {
				return err
			}
		}
		var adjusted *AnnualQuote
		if o.Rule == RuleAnnual {
			// The term shrinks by the ratio of the fees instead of a bill (SPEC §11.2).
			q, err := QuoteAnnualOption(s.cat, c, o.Code, now)
			if err != nil {
				return err
			}
			if shown != nil && !sameQuote(*shown, q) {
				return &QuoteChangedError{Annual: &q}
			}
			i, _ := planService(c, q.Service)
			if !q.Reinstate { // undoing this term's cancel moves nothing
				c.Plans[i].Adjusts = append(c.Plans[i].Adjusts, TermAdjust{At: now, Option: o.Code,
					DaysBefore: q.DaysBefore, DaysAfter: q.DaysAfter, OldFee: q.OldAnnualFee, NewFee: q.NewAnnualFee,
					OldEnd: q.OldTermEnd.Time, NewEnd: q.NewTermEnd.Time})
			}
			adjusted = &q
		}
		if o.Group == "security" {
			if r.PIN, err = newPIN(); err != nil {
				return err
			}
		}
		c.Options = append(c.Options, r)
		if err := tx.Put(bucketContracts, c.Number, c); err != nil {
			return err
		}
		out = s.optionView(p, c, t, a, o, now)
		out.Adjusted = adjusted
		out.MailedTo, out.Mailed = mailTarget(c, a), NoticeOptionPurchase
		return s.optionMail(tx, c, a, o, now, "purchase", r.PIN)
	})
	return committed(out, err)
}

// CancelOption ends an option at the end of this month (SPEC §8). Cancelling a
// base option also cancels the add-ons that need it.
func (s *Service) CancelOption(p Principal, token, code, account string) (OptionView, error) {
	var out OptionView
	err := s.procedure(p, "option-cancel", code+targetSuffix(account), token, func(tx Tx, now time.Time) error {
		p, c, t, a, o, err := s.optionContext(tx, p, code, account)
		if err != nil {
			return err
		}
		if block := s.cancelBlock(p, c, t, a, o, now); block != "" {
			if block == BlockForbidden {
				return ErrForbidden
			}
			return &OptionError{Code: block}
		}
		acc := ""
		if a != nil {
			acc = a.ID
		}
		cancelRecord(c, o.Code, acc, now, false)
		for _, addon := range s.cat.Options {
			if addon.Requires == o.Code {
				cancelRecord(c, addon.Code, acc, now, false)
			}
		}
		if err := tx.Put(bucketContracts, c.Number, c); err != nil {
			return err
		}
		out = s.optionView(p, c, t, a, o, now)
		out.MailedTo, out.Mailed = mailTarget(c, a), NoticeOptionCancel
		return s.optionMail(tx, c, a, o, now, "cancel", "")
	})
	return committed(out, err)
}

// cancelRecord ends the active record of an option, if any.
func cancelRecord(c *Contract, code, account string, now time.Time, auto bool) bool {
	i := activeRecord(c.Options, code, account)
	if i < 0 {
		return false
	}
	t := now
	c.Options[i].CancelledAt = &t
	c.Options[i].AutoCancel = auto
	return true
}

func targetSuffix(account string) string {
	if account == "" {
		return ""
	}
	return "@" + account
}

// optionMail writes the completion mail of an option procedure: to the account's
// address for account-scope options, else to the contract's contact address.
func (s *Service) optionMail(tx Tx, c *Contract, a *Account, o Option, now time.Time, what, pin string) error {
	to := mailTarget(c, a)
	subject := "【マイページ】" + o.Name + " 申込み完了メール"
	body := fmt.Sprintf("お客様番号 %s\n商品名: %s\nお申し込み内容: 購入する\n月額利用料: %d円 (税別)\nお申し込み日: %s\n",
		c.Number, o.Name, o.Monthly, now.Format("2006/01/02"))
	if what == "cancel" {
		subject = "【マイページ】" + o.Name + " 解約完了メール"
		body = fmt.Sprintf("お客様番号 %s\n商品名: %s\nお申し込み内容: 解約する\nお申し込み日: %s\n解約月の月末までご利用いただけます。\n",
			c.Number, o.Name, now.Format("2006/01/02"))
	}
	if a != nil {
		body = "アカウントID: " + a.ID + "\n" + body
	}
	if pin != "" {
		body += "PIN番号 (アクティブ化情報): " + pin + "\nダウンロード: " + o.DownloadURL + "\n"
	}
	return sendMail(tx, now, to, subject, body)
}

// mailTarget is where an option's completion mail goes: the account's address for
// account-scope options, else the contract's contact address.
func mailTarget(c *Contract, a *Account) string {
	if a != nil {
		return a.Mail
	}
	return c.Customer.ContactMail
}

const pinAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// newPIN draws an activation code in the form XXXX-XXXX-XXXX-XXXX.
func newPIN() (string, error) {
	b := make([]byte, 0, 19)
	for i := 0; i < 16; i++ {
		if i > 0 && i%4 == 0 {
			b = append(b, '-')
		}
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(pinAlphabet))))
		if err != nil {
			return "", err
		}
		b = append(b, pinAlphabet[n.Int64()])
	}
	return string(b), nil
}

// autoCancelMailOption cancels the paid mail option when the provider addresses and
// web spaces in use have dropped to the basic allowance or below (SPEC §5.3).
// It is called by the procedures that can make them drop.
func (s *Service) autoCancelMailOption(tx Tx, c *Contract, now time.Time) error {
	t, err := s.contractType(c)
	if err != nil {
		return err
	}
	mo, ok := s.cat.MailOption(t)
	if !ok || activeRecord(c.Options, mo.Code, "") < 0 {
		return nil
	}
	mails, webs, err := mailUsage(tx, c)
	if err != nil {
		return err
	}
	if mails <= t.Mail.Basic && webs <= t.Web.Basic {
		cancelRecord(c, mo.Code, "", now, true)
		return sendMail(tx, now, c.Customer.ContactMail, "【マイページ】"+mo.Name+" 自動解約のお知らせ",
			fmt.Sprintf("お客様番号 %s\nご利用中のメールアドレス・Webスペースが基本提供数以下になったため、%sを自動解約しました。解約月の月額利用料は発生いたします。\n", c.Number, mo.Name))
	}
	return nil
}

// mailUsage counts the provider addresses and web spaces in use on the contract.
func mailUsage(tx Tx, c *Contract) (mails, webs int, err error) {
	for _, id := range c.Accounts {
		a, err := loadAccount(tx, id)
		if err != nil {
			return 0, 0, err
		}
		if a.MailProvider {
			mails++
		}
		if a.WebSpace {
			webs++
		}
	}
	return mails, webs, nil
}

// OptionAction is what the subscriber asks for on an option page.
type OptionAction string

// The two actions of every option page (購入する / 解約する).
const (
	ActionPurchase OptionAction = "purchase"
	ActionCancel   OptionAction = "cancel"
)

// FieldAction is the field of the option form that holds the action.
const FieldAction = "action"

// CheckOption validates an option page's input before its confirm step: the action
// must be possible now, and a purchase needs the agreement to the terms.
func (s *Service) CheckOption(p Principal, code, account string, action OptionAction, agree bool) (OptionView, error) {
	if err := s.closeContractMonths(p.Contract); err != nil {
		return OptionView{}, err
	}
	var out OptionView
	err := s.view(func(tx Tx) error {
		p, c, t, a, o, err := s.optionContext(tx, p, code, account)
		if err != nil {
			return err
		}
		now := s.Now()
		out = s.optionView(p, c, t, a, o, now)
		var block string
		switch action {
		case ActionPurchase:
			block = out.PurchaseBlock
			if block == "" && paidPurchase(c, o, out.Account) {
				// Suspended (non-payment, a lapsed membership): said before the confirm step.
				if err := s.refuseSuspended(tx, c, now); err != nil {
					return err
				}
			}
			if block == "" && !agree {
				return &ValidationError{Fields: map[string]string{FieldAgree: ProblemRequired}}
			}
		case ActionCancel:
			block = out.CancelBlock
		default:
			return &ValidationError{Fields: map[string]string{FieldAction: ProblemChoice}}
		}
		switch block {
		case "":
			return nil
		case BlockForbidden:
			return ErrForbidden
		}
		return &OptionError{Code: block, Other: out.BlockOther}
	})
	return out, err
}
