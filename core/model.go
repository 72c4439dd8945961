package core

import "time"

// Permission of an account ID (seed 003 §7).
type Permission string

// The two permissions an account ID can carry.
const (
	PermAdmin Permission = "admin"
	PermUser  Permission = "user"
)

// Valid reports whether p is one of the known permissions.
func (p Permission) Valid() bool { return p == PermAdmin || p == PermUser }

// Customer is the contract holder's personal data (seed 003 §24).
type Customer struct {
	LastName    string `json:"last_name"`
	FirstName   string `json:"first_name"`
	LastKana    string `json:"last_kana"`
	FirstKana   string `json:"first_kana"`
	RomajiLast  string `json:"romaji_last"`
	RomajiFirst string `json:"romaji_first"`
	BirthDate   string `json:"birth_date"` // YYYY-MM-DD
	Gender      string `json:"gender"`     // female | male
	Address     string `json:"address"`
	Occupation  string `json:"occupation"`
	Household   int    `json:"household"`
	Phone       string `json:"phone"`
	Fax         string `json:"fax,omitempty"`
	Mobile      string `json:"mobile,omitempty"`
	ContactMail string `json:"contact_mail,omitempty"`
}

// Occupations offered on the customer information form.
var Occupations = []string{"employee", "self-employed", "student", "homemaker", "other"}

// Genders known to the customer record.
var Genders = []string{"female", "male"}

// Contract is one subscription, identified by its customer number.
type Contract struct {
	Number          string         `json:"number"`
	Type            string         `json:"type"`
	Customer        Customer       `json:"customer"`
	PasswordHash    string         `json:"password_hash"`
	PasswordHistory []string       `json:"password_history,omitempty"`
	CreatedAt       time.Time      `json:"created_at"`
	Accounts        []string       `json:"accounts,omitempty"` // account IDs in registration order
	Options         []OptionRecord `json:"options,omitempty"`
	Payment         *PaymentMethod `json:"payment,omitempty"`     // nil until one is registered
	Plans           []PlanService  `json:"plans,omitempty"`       // plan services, in the order they were opened
	LineCancel      *LineCancel    `json:"line_cancel,omitempty"` // the internet line's cancellation, once recorded
	Withdrawn       *Withdrawal    `json:"withdrawn,omitempty"`   // the membership withdrawal (退会), once made
	// HolderEpoch counts the reissues of the customer password: a session
	// logged in with the customer number before the last one has ended.
	HolderEpoch int `json:"holder_epoch,omitempty"`
}

// PaymentMethod is how a contract pays (SPEC §9.3, §9.4). Of a card only the
// brand, the last 4 digits, the expiry and the holder name are kept: never the
// full number, and there is no security code at all. Of a bank account only
// the last 4 digits of its number.
type PaymentMethod struct {
	Kind     string `json:"kind"` // PaymentCard, PaymentDebit or PaymentTransfer
	Brand    string `json:"brand,omitempty"`
	Last4    string `json:"last4,omitempty"`
	ExpMonth int    `json:"exp_month,omitempty"`
	ExpYear  int    `json:"exp_year,omitempty"`
	Holder   string `json:"holder,omitempty"` // as entered, 名 then 姓: "TARO YAMADA"
	// Pending: the holder name differs from the contract holder's romaji; the
	// card is accepted but waits for an operator's review.
	Pending       bool       `json:"pending,omitempty"`
	ApprovedAt    *time.Time `json:"approved_at,omitempty"`
	Bank          string     `json:"bank,omitempty"`
	Branch        string     `json:"branch,omitempty"`
	AccountType   string     `json:"account_type,omitempty"` // 普通 | 当座
	AccountLast4  string     `json:"account_last4,omitempty"`
	AccountHolder string     `json:"account_holder,omitempty"`
	SetAt         time.Time  `json:"set_at"`
}

// OptionRecord is one purchase of an option and, once ended, its cancel. A
// purchase is never undone: it is only ended by a cancel (SPEC §8).
type OptionRecord struct {
	Option      string     `json:"option"`
	Account     string     `json:"account,omitempty"` // for account-scope options
	PurchasedAt time.Time  `json:"purchased_at"`
	CancelledAt *time.Time `json:"cancelled_at,omitempty"`
	AutoCancel  bool       `json:"auto_cancel,omitempty"` // ended by a rule, not by the subscriber
	// Fee is a one-time fee charged in the purchase month (the re-application fee).
	Fee int64 `json:"fee,omitempty"`
	// PIN is the activation code of a security product.
	PIN string `json:"pin,omitempty"`
}

// Account is an account ID issued by the holder (seed 003 §6–§10).
type Account struct {
	ID              string     `json:"id"`
	Contract        string     `json:"contract"`
	LastName        string     `json:"last_name"`
	FirstName       string     `json:"first_name"`
	LastKana        string     `json:"last_kana"`
	FirstKana       string     `json:"first_kana"`
	UserName        string     `json:"user_name"`
	Permission      Permission `json:"permission"`
	PasswordHash    string     `json:"password_hash"`
	PasswordHistory []string   `json:"password_history,omitempty"`
	Mail            string     `json:"mail,omitempty"`
	MailProvider    bool       `json:"mail_provider,omitempty"` // true for an address of the provider's domain
	WebSpace        bool       `json:"web_space,omitempty"`
	Forward         *Forward   `json:"forward,omitempty"`
	AutoReply       *AutoReply `json:"auto_reply,omitempty"`
	CreatedAt       time.Time  `json:"created_at"`
}

// Forward is the mail forwarding setting of a provider address (SPEC §5.2).
type Forward struct {
	To       string `json:"to"`
	KeepCopy bool   `json:"keep_copy"`
}

// AutoReply is the auto-reply setting of a provider address (SPEC §5.2).
type AutoReply struct {
	On      bool   `json:"on"`
	Message string `json:"message"`
	From    string `json:"from,omitempty"`  // YYYY-MM-DD, optional
	Until   string `json:"until,omitempty"` // YYYY-MM-DD, optional
}

// Throttle is one counter of failed password checks (SPEC §4.1): a login ID
// from one source, a login ID from all sources, an admin ID's step-ups.
type Throttle struct {
	Failures    int       `json:"failures"`
	LockedUntil time.Time `json:"locked_until"`
	// Seq numbers the attempts reserved on the counter, so that a success
	// takes back only what was counted up to it.
	Seq uint64 `json:"seq,omitempty"`
	// At is when an attempt was last reserved on the counter: one that is not
	// locked and has not moved for a day is forgotten (throttleForget).
	At time.Time `json:"at,omitempty"`
}

// StepUp is an admin ID's step-up to the holder (SPEC §4.1, §4.3): bound to
// the account ID and its login session, it ends with them and after Config.StepUpTTL.
type StepUp struct {
	Contract string    `json:"contract"`
	At       time.Time `json:"at"`
}

// Mail is one notification written to the outbox (SPEC §12).
type Mail struct {
	Seq     uint64    `json:"seq"`
	Time    time.Time `json:"time"`
	To      string    `json:"to"`
	Subject string    `json:"subject"`
	Body    string    `json:"body"`
}

// AuditRecord says who did what, when, from where and with what result (SPEC §12).
type AuditRecord struct {
	Seq      uint64    `json:"seq"`
	Time     time.Time `json:"time"`
	Actor    string    `json:"actor"`
	Contract string    `json:"contract,omitempty"`
	Source   string    `json:"source"`
	Action   string    `json:"action"`
	Target   string    `json:"target,omitempty"`
	Result   string    `json:"result"`
}
