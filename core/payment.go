package core

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Payment methods (SPEC §9.3, §9.4).
const (
	PaymentCard     = "card"     // クレジットカード
	PaymentDebit    = "debit"    // 口座振替 (auto-debit)
	PaymentTransfer = "transfer" // 銀行振込 (bank transfer)
)

// Field problem codes of the payment forms, beside those of errors.go.
const (
	ProblemBrand        = "brand"         // the card number belongs to no accepted brand (name CardBrands)
	ProblemLuhn         = "luhn"          // the card number's check digit is wrong
	ProblemExpired      = "expired"       // the expiry month is before the current month (JST)
	ProblemDebitMinimum = "debit-minimum" // one debit would be below DebitMinimum yen
)

// Fields of the card form (FieldAgree is shared with the other forms).
const (
	FieldCardNumber      = "card_number"
	FieldCardExpiry      = "card_expiry"      // the expiry month, and the expiry as a whole (expired)
	FieldCardExpiryYear  = "card_expiry_year" // the expiry year
	FieldCardHolderFirst = "card_holder_first"
	FieldCardHolderLast  = "card_holder_last"
)

// Fields of the auto-debit form. FieldPaymentKind carries ProblemDebitMinimum.
const (
	FieldPaymentKind         = "kind"
	FieldDebitBank           = "bank"
	FieldDebitBranch         = "branch"
	FieldDebitAccountType    = "account_type"
	FieldDebitAccountNumber  = "account_number"
	FieldDebitAccountHolder  = "account_holder"
	debitAccountNumberDigits = 7
)

// BankAccountTypes are the account types offered on the auto-debit form.
var BankAccountTypes = []string{"普通", "当座"}

// DebitMinimum is the smallest amount, tax included, one auto-debit may collect (SPEC §9.4, seed 004).
const DebitMinimum = 1942

// DebitEligible reports whether a contract whose monthly debit would be
// monthlyTotal yen (tax included) may pay by auto-debit.
func DebitEligible(monthlyTotal int64) bool { return monthlyTotal >= DebitMinimum }

// ErrNotPending means there is no card pending review to approve.
var ErrNotPending = errors.New("no credit card is pending review on this contract")

// CardForm is the input of "お支払い方法登録/変更" (seed 003 §23): expiry month and
// year, the holder's name in half-width capitals (名 and 姓), the number as
// half-width digits without spaces or hyphens, and the agreement checkbox.
// There is no security code field: it is never asked for nor stored.
type CardForm struct {
	Number      string
	ExpMonth    string // "1"–"12" or "01"–"12"
	ExpYear     string // four digits, e.g. "2027", or two meaning 20YY
	HolderFirst string // 名, e.g. "TARO"
	HolderLast  string // 姓, e.g. "YAMADA"
	Agree       bool
}

// DebitForm is the input of the auto-debit (口座振替) application.
type DebitForm struct {
	Bank          string // 金融機関名
	Branch        string // 支店名
	AccountType   string // one of BankAccountTypes
	AccountNumber string // 7 half-width digits; only the last 4 are kept
	AccountHolder string // 口座名義, full-width katakana
	Agree         bool
}

// PayeeAccount is the provider's bank account for bank transfer (振込).
type PayeeAccount struct {
	Bank          string `json:"bank"`
	Branch        string `json:"branch"`
	AccountType   string `json:"account_type"`
	AccountNumber string `json:"account_number"`
	AccountHolder string `json:"account_holder"`
}

// DefaultPayee is the payee shown for bank transfer until the catalog names one.
// Example data for the demo: not a real account of the provider.
var DefaultPayee = PayeeAccount{Bank: "みずほ銀行", Branch: "東京営業部", AccountType: "普通",
	AccountNumber: "1234567", AccountHolder: "アルテリア・ネットワークス（カ）"}

// payee is the transfer payee in use; the catalog may override DefaultPayee later.
func (s *Service) payee() PayeeAccount { return DefaultPayee }

// PaymentView is the payment method as the screens show it. Card numbers and
// bank account numbers appear only masked.
type PaymentView struct {
	Kind string `json:"kind"` // PaymentCard, PaymentDebit, PaymentTransfer, or "" when none is registered
	// Card.
	Brand      string     `json:"brand,omitempty"`
	Masked     string     `json:"masked,omitempty"` // XXXX-XXXX-XXXX-1234
	Expiry     string     `json:"expiry,omitempty"` // MM/YYYY
	ExpMonth   int        `json:"exp_month,omitempty"`
	ExpYear    int        `json:"exp_year,omitempty"`
	Holder     string     `json:"holder,omitempty"` // "TARO YAMADA" (名 姓)
	Pending    bool       `json:"pending,omitempty"`
	ApprovedAt *time.Time `json:"approved_at,omitempty"`
	// Auto-debit.
	Bank          string `json:"bank,omitempty"`
	Branch        string `json:"branch,omitempty"`
	AccountType   string `json:"account_type,omitempty"`
	AccountMasked string `json:"account_masked,omitempty"` // XXX4567
	AccountHolder string `json:"account_holder,omitempty"`
	// Payee is where a bank transfer goes (shown for every method, so the
	// screen can show it when bank transfer is chosen).
	Payee PayeeAccount `json:"payee"`
	// ExpectedDebit is this month's option charges, tax included: what one
	// debit would collect. DebitAllowed says whether auto-debit may be chosen now.
	ExpectedDebit int64 `json:"expected_debit"`
	DebitAllowed  bool  `json:"debit_allowed"`
	// SetAt is when the method was registered.
	SetAt time.Time `json:"set_at,omitempty"`
	// MailedTo is where the completion mail went ("" when nowhere); set by the Set* procedures.
	MailedTo string `json:"mailed_to,omitempty"`
	// Mailed is which completion mail went there.
	Mailed Notice `json:"mailed,omitempty"`
}

// MaskAccount writes a bank account number from its last four digits: XXX4567.
func MaskAccount(last4 string) string { return "XXX" + last4 }

// paymentPending reports whether the contract's card waits for review, which
// refuses the purchase of paid services (SPEC §9.3).
func paymentPending(c *Contract) bool {
	return c.Payment != nil && c.Payment.Kind == PaymentCard && c.Payment.Pending
}

// paymentBlock says why the contract cannot pay for a purchase now: no payment
// method registered, or a card under review (SPEC §8, §9.3); "" when it can.
func paymentBlock(c *Contract) string {
	switch {
	case c.Payment == nil || c.Payment.Kind == "":
		return BlockNoPayment
	case paymentPending(c):
		return BlockPaymentPending
	}
	return ""
}

// expectedDebit is what one regular auto-debit of the contract would collect: the
// monthly charges of the options and monthly plans held now as next month bills them, with 10 %
// consumption tax rounded down once. One-time fees and options already cancelled
// do not recur, so they do not count (SPEC §9.4).
func (s *Service) expectedDebit(c *Contract, now time.Time) int64 {
	next := MonthOf(now).Next()
	lines, _ := OptionCharges(s.cat, c.Options, c.LineCancel, next)
	var total int64
	for _, l := range lines {
		if l.Kind == ChargeMonthly {
			total += l.Amount
		}
	}
	// A monthly plan is part of every debit; an annual fee only of its term's.
	plans, _ := PlanLines(s.cat, c, next)
	for _, l := range plans {
		if l.Rule == RulePlanMonthly {
			total += l.Amount
		}
	}
	return total + total*10/100
}

// debitAllowed reports whether the contract may pay by auto-debit: one debit
// reaches DebitMinimum, or it holds a plan flagged debit_always that has not
// ended (SPEC §9.4).
func (s *Service) debitAllowed(c *Contract, now time.Time) bool {
	for _, ps := range c.Plans {
		if pl, ok := s.cat.Plan(ps.Plan); ok && pl.DebitAlways && ps.State(now) != PlanEnded {
			return true
		}
	}
	return DebitEligible(s.expectedDebit(c, now))
}

// paymentView derives the screen's view of the contract's payment method.
func (s *Service) paymentView(c *Contract, pm *PaymentMethod, now time.Time) PaymentView {
	v := PaymentView{Payee: s.payee(), ExpectedDebit: s.expectedDebit(c, now)}
	v.DebitAllowed = s.debitAllowed(c, now)
	if pm == nil {
		return v
	}
	v.Kind, v.SetAt = pm.Kind, pm.SetAt
	switch pm.Kind {
	case PaymentCard:
		v.Brand, v.Masked, v.Holder = pm.Brand, MaskCard(pm.Last4), pm.Holder
		v.ExpMonth, v.ExpYear = pm.ExpMonth, pm.ExpYear
		v.Expiry = fmt.Sprintf("%02d/%04d", pm.ExpMonth, pm.ExpYear)
		v.Pending, v.ApprovedAt = pm.Pending, pm.ApprovedAt
	case PaymentDebit:
		v.Bank, v.Branch, v.AccountType = pm.Bank, pm.Branch, pm.AccountType
		v.AccountMasked, v.AccountHolder = MaskAccount(pm.AccountLast4), pm.AccountHolder
	}
	return v
}

// paymentContext loads the principal as it stands and its contract, and checks
// the matrix row "view / change payment information".
func (s *Service) paymentContext(tx Tx, p Principal) (*Contract, error) {
	p, c, err := s.authorize(tx, p)
	if err != nil {
		return nil, err
	}
	if !Can(p, FnPayment) {
		return nil, ErrForbidden
	}
	return c, nil
}

// PaymentInfo returns the current payment method for "お支払い方法登録/変更".
func (s *Service) PaymentInfo(p Principal) (PaymentView, error) {
	var out PaymentView
	err := s.view(func(tx Tx) error {
		c, err := s.paymentContext(tx, p)
		if err != nil {
			return err
		}
		out = s.paymentView(c, c.Payment, s.Now())
		return nil
	})
	return out, err
}

// cardHolderName checks one part of the card holder's name: half-width capital
// letters and single spaces, at most 30 characters. It returns the name with
// surrounding spaces trimmed and inner runs of spaces collapsed.
func cardHolderName(s string) (string, string) {
	name := strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' }), " ")
	if strings.TrimSpace(name) == "" {
		return "", ProblemRequired
	}
	for _, r := range name {
		if !(r >= 'A' && r <= 'Z') && r != ' ' {
			return "", ProblemFormat
		}
	}
	if len(name) > TextLimit(FieldCardHolderFirst) {
		return "", ProblemLength
	}
	return name, ""
}

// sameRomaji compares a card holder name part with the contract's romaji,
// ignoring spaces, hyphens and case.
func sameRomaji(card, contract string) bool {
	norm := func(s string) string {
		return strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(s))
	}
	return norm(contract) != "" && norm(card) == norm(contract)
}

// cardExpiry checks the expiry month and year against the month of now (JST):
// a card is good through the end of its expiry month. The year has four digits,
// or two meaning 20YY (SPEC §11.5). Problems are added to pr on the field they
// concern: the month's and the expiry's on FieldCardExpiry, the year's on
// FieldCardExpiryYear.
func cardExpiry(pr problems, month, year string, now time.Time) (int, int) {
	month, year = NormalizeInput(FieldCardExpiry, month), NormalizeInput(FieldCardExpiryYear, year)
	cur := MonthOf(now)
	m, y := 0, 0
	switch {
	case month == "":
		pr.add(FieldCardExpiry, ProblemRequired)
	case !allDigits(month) || len(month) > 2:
		pr.add(FieldCardExpiry, ProblemFormat)
	default:
		if m, _ = strconv.Atoi(month); m < 1 || m > 12 {
			pr.add(FieldCardExpiry, ProblemFormat)
		}
	}
	switch {
	case year == "":
		pr.add(FieldCardExpiryYear, ProblemRequired)
	case !allDigits(year) || (len(year) != 4 && len(year) != 2):
		pr.add(FieldCardExpiryYear, ProblemFormat)
	default:
		y, _ = strconv.Atoi(year)
		if len(year) == 2 {
			y += 2000
		}
		if y > cur.Year+20 {
			pr.add(FieldCardExpiryYear, ProblemFormat)
		}
	}
	if pr[FieldCardExpiry] != "" || pr[FieldCardExpiryYear] != "" {
		return 0, 0
	}
	if (Month{Year: y, Month: time.Month(m)}).Before(cur) {
		pr.add(FieldCardExpiry, ProblemExpired)
		return 0, 0
	}
	return m, y
}

// cardNumber is a card number as typed, folded to half-width, with the spaces
// and hyphens between its digit groups dropped (SPEC §11.5).
func cardNumber(s string) string { return NormalizeInput(FieldCardNumber, s) }

// applyCard validates the card form for the contract and returns the method it
// would store: brand, last 4 digits, expiry and holder, never the number.
func (s *Service) applyCard(c *Contract, f CardForm, now time.Time) (PaymentMethod, error) {
	pr := problems{}
	f.Number = cardNumber(f.Number)
	brand, code := CheckCardNumber(f.Number)
	if code != "" {
		pr.add(FieldCardNumber, code)
	}
	month, year := cardExpiry(pr, f.ExpMonth, f.ExpYear, now)
	first, code := cardHolderName(NormalizeInput(FieldCardHolderFirst, f.HolderFirst))
	if code != "" {
		pr.add(FieldCardHolderFirst, code)
	}
	last, code := cardHolderName(NormalizeInput(FieldCardHolderLast, f.HolderLast))
	if code != "" {
		pr.add(FieldCardHolderLast, code)
	}
	if !f.Agree {
		pr.add(FieldAgree, ProblemRequired)
	}
	if err := pr.err(); err != nil {
		return PaymentMethod{}, err
	}
	// A card in another name than the holder's is accepted, pending review (SPEC §9.3).
	pending := !sameRomaji(first, c.Customer.RomajiFirst) || !sameRomaji(last, c.Customer.RomajiLast)
	return PaymentMethod{Kind: PaymentCard, Brand: brand, Last4: f.Number[len(f.Number)-4:],
		ExpMonth: month, ExpYear: year, Holder: first + " " + last, Pending: pending, SetAt: now}, nil
}

// CheckCard validates the card form without saving; it returns the payment
// method as the confirm step shows it (Pending when the holder name differs).
func (s *Service) CheckCard(p Principal, f CardForm) (PaymentView, error) {
	var out PaymentView
	err := s.view(func(tx Tx) error {
		c, err := s.paymentContext(tx, p)
		if err != nil {
			return err
		}
		now := s.Now()
		pm, err := s.applyCard(c, f, now)
		if err != nil {
			return err
		}
		out = s.paymentView(c, &pm, now)
		return nil
	})
	return out, err
}

// SetCard registers the card as the contract's payment method (seed 003 §23) and
// mails the contact address. The audit record names the target "card" only.
func (s *Service) SetCard(p Principal, token string, f CardForm) (PaymentView, error) {
	var out PaymentView
	err := s.procedure(p, "payment-card-change", PaymentCard, token, func(tx Tx, now time.Time) error {
		c, err := s.paymentContext(tx, p)
		if err != nil {
			return err
		}
		pm, err := s.applyCard(c, f, now)
		if err != nil {
			return err
		}
		c.Payment = &pm
		if err := tx.Put(bucketContracts, c.Number, c); err != nil {
			return err
		}
		out = s.paymentView(c, c.Payment, now)
		out.MailedTo, out.Mailed = c.Customer.ContactMail, NoticePaymentChange
		body := fmt.Sprintf("お客様番号 %s のお支払い方法の登録／変更手続きが完了しました。\n"+
			"お支払い方法: クレジットカード\nカード会社: %s\nカード番号: %s\n有効期限: %02d月 / %04d年\nカード名義: %s\n",
			c.Number, pm.Brand, MaskCard(pm.Last4), pm.ExpMonth, pm.ExpYear, pm.Holder)
		if pm.Pending {
			body += "\nご契約者様のお名前とカード名義の一致が確認できないため、登録内容を確認しております。" +
				"確認が完了するまで、お支払い情報が必要なサービスはお申し込みいただけません。\n"
		}
		return sendMail(tx, now, c.Customer.ContactMail, "【マイページ】お支払い方法変更完了メール", body)
	})
	return committed(out, err)
}

// validBankKana accepts the account holder as full-width katakana (with the long
// vowel mark, the middle dot and spaces), never half-width kana.
func validBankKana(s string) string {
	if code := validKana(s, TextLimit(FieldDebitAccountHolder)); code != "" {
		return code
	}
	for _, r := range s {
		if r >= 0xFF61 && r <= 0xFF9F { // half-width katakana
			return ProblemFormat
		}
	}
	return ""
}

// applyDebit validates the auto-debit form and the contract's eligibility.
func (s *Service) applyDebit(c *Contract, f DebitForm, now time.Time) (PaymentMethod, error) {
	pr := problems{}
	if !s.debitAllowed(c, now) {
		pr.add(FieldPaymentKind, ProblemDebitMinimum)
	}
	bank, branch := strings.TrimSpace(f.Bank), strings.TrimSpace(f.Branch)
	if code := validName(bank, TextLimit(FieldDebitBank)); code != "" {
		pr.add(FieldDebitBank, code)
	}
	if code := validName(branch, TextLimit(FieldDebitBranch)); code != "" {
		pr.add(FieldDebitBranch, code)
	}
	switch {
	case f.AccountType == "":
		pr.add(FieldDebitAccountType, ProblemRequired)
	case !oneOf(f.AccountType, BankAccountTypes):
		pr.add(FieldDebitAccountType, ProblemChoice)
	}
	f.AccountNumber = NormalizeInput(FieldDebitAccountNumber, f.AccountNumber)
	switch number := f.AccountNumber; {
	case number == "":
		pr.add(FieldDebitAccountNumber, ProblemRequired)
	case !allDigits(number):
		pr.add(FieldDebitAccountNumber, ProblemFormat)
	case len(number) != debitAccountNumberDigits:
		pr.add(FieldDebitAccountNumber, ProblemLength)
	}
	holder := NormalizeInput(FieldDebitAccountHolder, f.AccountHolder) // half-width kana widened (SPEC §11.5)
	if code := validBankKana(holder); code != "" {
		pr.add(FieldDebitAccountHolder, code)
	}
	if !f.Agree {
		pr.add(FieldAgree, ProblemRequired)
	}
	if err := pr.err(); err != nil {
		return PaymentMethod{}, err
	}
	return PaymentMethod{Kind: PaymentDebit, Bank: bank, Branch: branch, AccountType: f.AccountType,
		AccountLast4: f.AccountNumber[len(f.AccountNumber)-4:], AccountHolder: holder, SetAt: now}, nil
}

// CheckDebit validates the auto-debit form without saving. A contract whose one
// debit would be below DebitMinimum gets ProblemDebitMinimum on FieldPaymentKind.
func (s *Service) CheckDebit(p Principal, f DebitForm) (PaymentView, error) {
	var out PaymentView
	err := s.view(func(tx Tx) error {
		c, err := s.paymentContext(tx, p)
		if err != nil {
			return err
		}
		now := s.Now()
		pm, err := s.applyDebit(c, f, now)
		if err != nil {
			return err
		}
		out = s.paymentView(c, &pm, now)
		return nil
	})
	return out, err
}

// SetDebit switches the contract to auto-debit (SPEC §9.4). Only the last four
// digits of the bank account number are stored.
func (s *Service) SetDebit(p Principal, token string, f DebitForm) (PaymentView, error) {
	var out PaymentView
	err := s.procedure(p, "payment-debit-change", PaymentDebit, token, func(tx Tx, now time.Time) error {
		c, err := s.paymentContext(tx, p)
		if err != nil {
			return err
		}
		pm, err := s.applyDebit(c, f, now)
		if err != nil {
			return err
		}
		c.Payment = &pm
		if err := tx.Put(bucketContracts, c.Number, c); err != nil {
			return err
		}
		out = s.paymentView(c, c.Payment, now)
		out.MailedTo, out.Mailed = c.Customer.ContactMail, NoticePaymentChange
		return sendMail(tx, now, c.Customer.ContactMail, "【マイページ】お支払い方法変更完了メール",
			fmt.Sprintf("お客様番号 %s のお支払い方法の登録／変更手続きが完了しました。\n"+
				"お支払い方法: 口座振替\n金融機関: %s %s\n口座: %s %s\n口座名義: %s\n",
				c.Number, pm.Bank, pm.Branch, pm.AccountType, MaskAccount(pm.AccountLast4), pm.AccountHolder))
	})
	return committed(out, err)
}

// CheckTransfer returns the payment method as it would be after switching to bank transfer.
func (s *Service) CheckTransfer(p Principal) (PaymentView, error) {
	var out PaymentView
	err := s.view(func(tx Tx) error {
		c, err := s.paymentContext(tx, p)
		if err != nil {
			return err
		}
		now := s.Now()
		out = s.paymentView(c, &PaymentMethod{Kind: PaymentTransfer, SetAt: now}, now)
		return nil
	})
	return out, err
}

// SetTransfer switches the contract to bank transfer (振込, SPEC §9.4); the
// statement shows the payee account.
func (s *Service) SetTransfer(p Principal, token string) (PaymentView, error) {
	var out PaymentView
	err := s.procedure(p, "payment-transfer-change", PaymentTransfer, token, func(tx Tx, now time.Time) error {
		c, err := s.paymentContext(tx, p)
		if err != nil {
			return err
		}
		c.Payment = &PaymentMethod{Kind: PaymentTransfer, SetAt: now}
		if err := tx.Put(bucketContracts, c.Number, c); err != nil {
			return err
		}
		out = s.paymentView(c, c.Payment, now)
		out.MailedTo, out.Mailed = c.Customer.ContactMail, NoticePaymentChange
		py := out.Payee
		return sendMail(tx, now, c.Customer.ContactMail, "【マイページ】お支払い方法変更完了メール",
			fmt.Sprintf("お客様番号 %s のお支払い方法の登録／変更手続きが完了しました。\n"+
				"お支払い方法: 銀行振込\nお振込先: %s %s %s %s %s\n",
				c.Number, py.Bank, py.Branch, py.AccountType, py.AccountNumber, py.AccountHolder))
	})
	return committed(out, err)
}

// ApproveCard accepts a card pending review on the contract with the customer
// number (operator only, `mypage admin card approve`): services that need
// payment information can be purchased again. It mails the contact address.
func (s *Service) ApproveCard(p Principal, number string) error {
	if p.Kind != KindOperator {
		return ErrForbidden
	}
	op := p
	op.Contract = number // so that `admin audit --contract` finds it
	return s.procedure(op, "payment-card-approve", PaymentCard, "", func(tx Tx, now time.Time) error {
		c, err := member(tx, number)
		if err != nil {
			return err
		}
		if !paymentPending(c) {
			return ErrNotPending
		}
		at := now
		c.Payment.Pending, c.Payment.ApprovedAt = false, &at
		if err := tx.Put(bucketContracts, c.Number, c); err != nil {
			return err
		}
		return sendMail(tx, now, c.Customer.ContactMail, "【マイページ】お支払い方法登録完了のお知らせ",
			fmt.Sprintf("お客様番号 %s\nご登録のクレジットカード（%s %s）の確認が完了しました。\n"+
				"お支払い情報が必要なサービスをお申し込みいただけます。\n", c.Number, c.Payment.Brand, MaskCard(c.Payment.Last4)))
	})
}

// PaymentOf returns the payment method of any contract for the back office.
func (s *Service) PaymentOf(p Principal, number string) (PaymentView, error) {
	if p.Kind != KindOperator {
		return PaymentView{}, ErrForbidden
	}
	var out PaymentView
	err := s.view(func(tx Tx) error {
		c, err := loadContract(tx, number)
		if err != nil {
			return err
		}
		out = s.paymentView(c, c.Payment, s.Now())
		return nil
	})
	return out, err
}
