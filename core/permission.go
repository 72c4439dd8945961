package core

import "fmt"

// PrincipalKind says how someone logged in.
type PrincipalKind string

// The kinds of principal: the contract holder (customer number), an account ID,
// an admin account ID that has stepped up to the holder (for the billing
// statements or 退会), or an operator using the back-office commands.
const (
	KindHolder   PrincipalKind = "holder"
	KindAccount  PrincipalKind = "account"
	KindStepUp   PrincipalKind = "step-up"
	KindOperator PrincipalKind = "operator"
)

// Principal is who acts, and from where. Core re-reads the account on every
// procedure, so a permission changed or an account deleted takes effect at once.
type Principal struct {
	Kind       PrincipalKind `json:"kind"`
	Contract   string        `json:"contract,omitempty"`
	AccountID  string        `json:"account_id,omitempty"`
	Permission Permission    `json:"permission,omitempty"`
	Source     string        `json:"source"` // "local", "kiosk", "ssh 192.0.2.1:5555", "admin"
	// Session identifies the login (drawn by Login); an admin ID's step-up is bound to it.
	Session string `json:"session,omitempty"`
	// Epoch is the contract's HolderEpoch when the holder logged in.
	Epoch int `json:"epoch,omitempty"`
}

// Actor names the principal in the audit log.
func (p Principal) Actor() string {
	switch p.Kind {
	case KindHolder:
		return "holder:" + p.Contract
	case KindAccount, KindStepUp:
		return "account:" + p.AccountID
	case KindOperator:
		return "operator"
	}
	return "anonymous"
}

// Operator returns the principal of the back-office commands.
func Operator(source string) Principal { return Principal{Kind: KindOperator, Source: source} }

// Function is one row of the permission matrix of SPEC §4.3.
type Function string

// The rows of the matrix.
const (
	FnContractInfoView  Function = "contract-info-view"
	FnContractChange    Function = "contract-change" // customer info, customer password
	FnAccountRegister   Function = "account-register"
	FnAccountDelete     Function = "account-delete"
	FnAccountName       Function = "account-name" // name, kana, user name
	FnAccountPermission Function = "account-permission"
	FnAccountPassword   Function = "account-password"
	FnAccountList       Function = "account-list"
	FnMailOption        Function = "mail-option"     // purchase メールパック / メール&Webスペース
	FnMailAddress       Function = "mail-address"    // register / change the mail address
	FnMailForward       Function = "mail-forward"    // forwarding settings
	FnMailAutoReply     Function = "mail-auto-reply" // auto-reply settings
	FnSecurity          Function = "security"        // purchase / cancel security options
	FnSecurityInfo      Function = "security-info"   // PIN and download
	FnWebSpace          Function = "web-space"       // register web space
	FnRemoteSupport     Function = "remote-support"  // apply / cancel
	FnWarranty          Function = "warranty"        // apply / cancel
	FnPartner           Function = "partner"         // GigaCinema, Club Off
	FnPayment           Function = "payment"         // view / change payment information
	FnStatements        Function = "statements"      // 料金明細照会 (an admin ID steps up to the holder)
	FnPlanChange        Function = "plan-change"     // プラン変更: quote and request (SPEC §11.1)
	FnAnnualOption      Function = "annual-option"   // annual options of a 年会費制 plan (SPEC §11.2)
	FnPlanCancel        Function = "plan-cancel"     // ご解約 / 取消 of a plan service (SPEC §11.4)
	FnRenew             Function = "renew"           // 契約更新・再契約 (SPEC §11.3)
	FnWithdraw          Function = "withdraw"        // 退会: the holder, or an admin ID stepped up to it (SPEC §4.3, §11.4)
	FnBulletins         Function = "bulletins"       // 障害情報 / メンテナンス情報: read by all, also before login (SPEC §4.3)
	FnRequest           Function = "request"         // ご契約内容変更申請 / ご利用ガイド・規約ご請求, like お客様情報変更 (SPEC §9.5)
	FnInquiry           Function = "inquiry"         // メールでのお問い合わせ: every login writes and sees the tickets it wrote
	FnCallback          Function = "callback"        // コールバック予約: each login sees and cancels only the bookings it made
)

// Reach is one cell of the matrix.
type Reach int

// The cells: × (none), ○ on the logged-in account ID or contract, ◎ on every account ID.
const (
	ReachNone Reach = iota
	ReachOwn
	ReachAll
)

// matrix is SPEC §4.3 (seed 003 §2). Columns: holder, admin ID, user ID.
var matrix = map[Function][3]Reach{
	FnContractInfoView:  {ReachOwn, ReachOwn, ReachOwn},
	FnContractChange:    {ReachOwn, ReachOwn, ReachNone},
	FnAccountRegister:   {ReachOwn, ReachOwn, ReachNone},
	FnAccountDelete:     {ReachOwn, ReachOwn, ReachNone},
	FnAccountList:       {ReachAll, ReachAll, ReachOwn},
	FnAccountName:       {ReachAll, ReachAll, ReachOwn},
	FnAccountPermission: {ReachAll, ReachAll, ReachNone},
	FnAccountPassword:   {ReachAll, ReachAll, ReachOwn},
	FnMailOption:        {ReachOwn, ReachOwn, ReachNone},
	FnMailAddress:       {ReachAll, ReachAll, ReachOwn},
	FnMailForward:       {ReachAll, ReachAll, ReachOwn},
	FnMailAutoReply:     {ReachAll, ReachAll, ReachOwn},
	FnSecurity:          {ReachAll, ReachAll, ReachOwn},
	FnSecurityInfo:      {ReachAll, ReachAll, ReachOwn},
	FnWebSpace:          {ReachAll, ReachAll, ReachOwn},
	FnRemoteSupport:     {ReachOwn, ReachOwn, ReachNone},
	FnWarranty:          {ReachOwn, ReachOwn, ReachOwn},
	FnPartner:           {ReachOwn, ReachNone, ReachNone},
	FnPayment:           {ReachOwn, ReachOwn, ReachNone},
	FnStatements:        {ReachOwn, ReachNone, ReachNone},
	FnPlanChange:        {ReachOwn, ReachOwn, ReachNone},
	FnRenew:             {ReachOwn, ReachOwn, ReachNone},
	FnAnnualOption:      {ReachOwn, ReachOwn, ReachNone},
	FnPlanCancel:        {ReachOwn, ReachOwn, ReachNone},
	FnWithdraw:          {ReachOwn, ReachNone, ReachNone},
	FnBulletins:         {ReachOwn, ReachOwn, ReachOwn},
	FnRequest:           {ReachOwn, ReachOwn, ReachNone},
	FnInquiry:           {ReachOwn, ReachOwn, ReachOwn},
	FnCallback:          {ReachOwn, ReachOwn, ReachOwn},
}

// public are the rows every principal reaches as the holder does: nobody
// logged in yet (the login screen), a step-up and the back office too.
var public = map[Function]bool{FnBulletins: true}

// stepUpRows are the rows an admin ID reaches only by stepping up to the
// holder: × (step-up to holder) in SPEC §4.3.
var stepUpRows = map[Function]bool{FnStatements: true, FnWithdraw: true}

// groupFunction is the matrix row that rules the purchase and cancel of an option
// group of the catalog; a new product in a known group needs no code.
var groupFunction = map[string]Function{
	"mail":           FnMailOption,
	"security":       FnSecurity,
	"remote-support": FnRemoteSupport,
	"warranty":       FnWarranty,
	"annual":         FnAnnualOption,
}

// ReachOf returns the matrix cell for the principal and function.
func ReachOf(p Principal, fn Function) Reach {
	row, ok := matrix[fn]
	if !ok {
		panic(fmt.Sprintf("permission matrix has no row %q", fn))
	}
	switch {
	case public[fn]:
		return row[0]
	case p.Kind == KindHolder:
		return row[0]
	case p.Kind == KindStepUp:
		// A step-up reaches what SPEC §4.3 marks "step-up to holder", as the
		// holder does: the billing statements and 退会, nothing else (§4.1's
		// "billing functions only" predates the withdrawal row).
		if stepUpRows[fn] {
			return row[0]
		}
		return ReachNone
	case p.Kind == KindAccount && p.Permission == PermAdmin:
		return row[1]
	case p.Kind == KindAccount && p.Permission == PermUser:
		return row[2]
	}
	return ReachNone
}

// Can reports whether the principal may use the function at all.
func Can(p Principal, fn Function) bool { return ReachOf(p, fn) != ReachNone }

// canOnAccount reports whether the principal may use fn on the given account ID of its contract.
func canOnAccount(p Principal, fn Function, accountID string) bool {
	switch ReachOf(p, fn) {
	case ReachAll:
		return true
	case ReachOwn:
		return p.Kind == KindAccount && p.AccountID == accountID
	}
	return false
}

// authorizeTo is authorize, then the principal may use fn (else ErrForbidden).
func (s *Service) authorizeTo(tx Tx, p Principal, fn Function) (Principal, *Contract, error) {
	p, c, err := s.authorize(tx, p)
	if err != nil {
		return p, c, err
	}
	if !Can(p, fn) {
		return p, nil, ErrForbidden
	}
	return p, c, nil
}

// authorize re-reads the principal's contract and account from the store so that
// a deleted account or a changed permission counts at once: either ends the
// session (ErrSessionEnded). It returns the principal with its contract.
func (s *Service) authorize(tx Tx, p Principal) (Principal, *Contract, error) {
	switch p.Kind {
	case KindHolder, KindAccount, KindStepUp:
	default:
		return p, nil, ErrForbidden
	}
	c, err := loadContract(tx, p.Contract)
	if err != nil {
		return p, nil, ErrSessionEnded
	}
	if c.Withdrawn != nil {
		// A withdrawn contract has no member left: every session of it ends.
		return p, nil, ErrWithdrawn
	}
	if p.Kind == KindHolder && p.Epoch != c.HolderEpoch {
		// The customer password was reissued since this login.
		return p, nil, ErrPasswordReissued
	}
	if p.Kind == KindAccount || p.Kind == KindStepUp {
		a, err := loadAccount(tx, p.AccountID)
		// A permission changed while logged in ends the session as a deletion
		// does: the menus, the header and a step-up were all made for the old one.
		if err != nil || a.Contract != c.Number || a.Permission != p.Permission {
			return p, nil, ErrSessionEnded
		}
		if p.Kind == KindStepUp {
			if err := s.checkStepUp(tx, p, a); err != nil {
				return p, nil, err
			}
		}
	}
	return p, c, nil
}

// CanOn reports whether the principal may use fn on the given account ID of its
// contract, as the matrix says (◎ any account ID, ○ only its own).
func CanOn(p Principal, fn Function, accountID string) bool { return canOnAccount(p, fn, accountID) }
