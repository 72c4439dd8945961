package tui

import (
	"reflect"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
)

// route is where a sidebar entry or a link leads: one type per destination,
// with what the screen needs to know. The root builds the screen from the
// route's type (newScreen); the sidebar marks the entry the route belongs to.
type route interface {
	// entry is the sidebar entry the route's screen belongs to.
	entry() route
}

// Routes. A route without fields is a sidebar entry of its own.
type (
	routeContractInfo     struct{}
	routeCustomerInfo     struct{}
	routeCustomerPassword struct{}
	routePayment          struct{}
	// routePlanChange is プラン変更 (SPEC §11.1).
	routePlanChange struct{}
	// routePlanCancel is ご解約 of a plan service (SPEC §11.4).
	routePlanCancel struct{}
	// routeRenew is 契約更新・再契約 (SPEC §11.3).
	routeRenew struct{}
	// routeAutoRenew is 自動更新の設定 (SPEC §11.3).
	routeAutoRenew  struct{}
	routeStatements struct{}
	// routeStatement is the statement of a month (YYYY-MM).
	routeStatement struct{ month string }
	// routeCalls is the call details of a call service (its code).
	routeCalls    struct{ service string }
	routeAccounts struct{}
	// routeRegisterFirst is the account form the first-login rule opens.
	routeRegisterFirst struct{}
	// routeAccountForm registers an account ID (id empty) or changes one.
	routeAccountForm   struct{ id string }
	routeAccountDelete struct{ id string }
	// routeAccountOptions is the account option list, with an account's detail open.
	routeAccountOptions struct{ expand string }
	routeMailAddress    struct{ account string }
	routeMailForward    struct{ account string }
	routeAutoReply      struct{ account string }
	routeWebSpace       struct{ account string }
	// routeOption is one contract option's page (its code).
	routeOption struct{ code string }
	// routeOptionGroup is the options of a group; with an account, the
	// account's options of the group, status showing their state only.
	routeOptionGroup struct {
		group, account string
		status         bool
	}
	// routeInfo is an informational page of the catalog (its code).
	routeInfo struct{ code string }
	// routeWithdraw is 退会 (SPEC §11.4).
	routeWithdraw struct{}
	// routeBulletins is 障害情報 or メンテナンス情報; routeBulletin one of them opened.
	routeBulletins struct{ kind core.BulletinKind }
	routeBulletin  struct {
		kind   core.BulletinKind
		number int
	}
	// routeFAQ is よくある質問 (SPEC §12).
	routeFAQ struct{}
	// routeRequestChange is ご契約内容変更申請, routeRequestGuide ご利用ガイド・
	// 規約ご請求, routeRequests their history (SPEC §9.5).
	routeRequestChange struct{}
	routeRequestGuide  struct{}
	routeRequests      struct{}
	// routeInquiry is メールでのお問い合わせ; routeTickets お問い合わせ履歴,
	// routeTicket one inquiry of it opened (SPEC §12).
	routeInquiry struct{}
	routeTickets struct{}
	routeTicket  struct{ number string }
	routeLogout  struct{}
)

// routeCallback is コールバック予約 (seed 002); routeCallbacks the bookings
// made, routeCallbackCancel the cancel of one.
type (
	routeCallback       struct{}
	routeCallbacks      struct{}
	routeCallbackCancel struct{ number string }
)

func (r routeContractInfo) entry() route     { return r }
func (r routeCustomerInfo) entry() route     { return r }
func (r routeCustomerPassword) entry() route { return r }
func (r routePayment) entry() route          { return r }
func (r routePlanChange) entry() route       { return r }
func (r routePlanCancel) entry() route       { return r }
func (r routeRenew) entry() route            { return r }
func (r routeAutoRenew) entry() route        { return r }
func (r routeStatements) entry() route       { return r }
func (routeStatement) entry() route          { return routeStatements{} }
func (r routeCalls) entry() route            { return r }
func (r routeAccounts) entry() route         { return r }
func (routeRegisterFirst) entry() route      { return routeAccounts{} }
func (routeAccountForm) entry() route        { return routeAccounts{} }
func (routeAccountDelete) entry() route      { return routeAccounts{} }
func (routeAccountOptions) entry() route     { return routeAccountOptions{} }
func (routeMailAddress) entry() route        { return routeAccountOptions{} }
func (routeMailForward) entry() route        { return routeAccountOptions{} }
func (routeAutoReply) entry() route          { return routeAccountOptions{} }
func (routeWebSpace) entry() route           { return routeAccountOptions{} }
func (r routeOption) entry() route           { return r }
func (r routeInfo) entry() route             { return r }
func (r routeLogout) entry() route           { return r }
func (r routeWithdraw) entry() route         { return r }
func (r routeBulletins) entry() route        { return r }
func (r routeBulletin) entry() route         { return routeBulletins{kind: r.kind} }
func (r routeFAQ) entry() route              { return r }
func (r routeRequestChange) entry() route    { return r }
func (r routeRequestGuide) entry() route     { return r }
func (r routeRequests) entry() route         { return r }
func (r routeInquiry) entry() route          { return r }
func (r routeTickets) entry() route          { return r }
func (routeTicket) entry() route             { return routeTickets{} }
func (r routeCallback) entry() route         { return r }
func (r routeCallbacks) entry() route        { return r }
func (routeCallbackCancel) entry() route     { return routeCallbacks{} }

func (r routeOptionGroup) entry() route {
	if r.account != "" {
		return routeAccountOptions{}
	}
	return r
}

// sameScreen reports whether two routes lead to the same kind of screen.
func sameScreen(a, b route) bool { return reflect.TypeOf(a) == reflect.TypeOf(b) }

// openMsg asks the root to open a route.
type openMsg struct{ to route }

func open(r route) tea.Cmd {
	return func() tea.Msg { return openMsg{to: r} }
}

// newScreen builds the screen of a route.
func newScreen(sh *common.Common, r route) common.Screen {
	switch r.(type) {
	case routeStatements, routeStatement, routeCalls, routeWithdraw:
		if sh.NeedsStepUp() {
			return newStepUpScreen(sh, r)
		}
	}
	switch r := r.(type) {
	case routeStatements:
		return newStatementsScreen(sh)
	case routeStatement:
		return newStatementScreen(sh, r.month)
	case routeCalls:
		return newCallsScreen(sh, r.service)
	case routePayment:
		return newPaymentScreen(sh)
	case routeRequestChange:
		return newRequestChangeScreen(sh)
	case routeRequestGuide:
		return newRequestGuideScreen(sh)
	case routeRequests:
		return newRequestsScreen(sh)
	case routePlanChange:
		return newPlanChangeScreen(sh)
	case routePlanCancel:
		return newPlanCancelScreen(sh)
	case routeRenew:
		return newRenewScreen(sh)
	case routeAutoRenew:
		return newAutoRenewScreen(sh)
	case routeContractInfo:
		return newContractInfoScreen(sh)
	case routeCustomerInfo:
		return newCustomerInfoScreen(sh)
	case routeCustomerPassword:
		return newCustomerPasswordScreen(sh)
	case routeAccounts:
		return newAccountsScreen(sh)
	case routeRegisterFirst:
		return newAccountFormScreen(sh, "", true)
	case routeAccountForm:
		return newAccountFormScreen(sh, r.id, false)
	case routeAccountDelete:
		return newAccountDeleteScreen(sh, r.id)
	case routeAccountOptions:
		return newAccountOptionsScreen(sh, r.expand)
	case routeMailAddress:
		return newMailAddressScreen(sh, r.account)
	case routeMailForward:
		return newMailSettingScreen(sh, mailForward, r.account)
	case routeAutoReply:
		return newMailSettingScreen(sh, autoReply, r.account)
	case routeWebSpace:
		return newMailSettingScreen(sh, webSpace, r.account)
	case routeOption:
		finish := open(r)
		if o, ok := sh.Svc.Catalog().Option(r.code); ok && o.ExtendsAllowance {
			finish = open(routeAccountOptions{}) // after buying the mail option, register addresses
		}
		return newOptionScreen(sh, r.code, "", common.Send(common.BackToMenuMsg{}), finish)
	case routeOptionGroup:
		return newOptionGroupScreen(sh, r.group, r.account, r.status)
	case routeInfo:
		return newInfoScreen(sh, r.code)
	case routeWithdraw:
		return newWithdrawScreen(sh)
	case routeBulletins:
		return newBulletinsScreen(sh, r.kind)
	case routeBulletin:
		return newBulletinScreen(sh, r.kind, r.number)
	case routeFAQ:
		return newFAQScreen(sh)
	case routeInquiry:
		return newInquiryScreen(sh)
	case routeTickets:
		return newTicketsScreen(sh)
	case routeTicket:
		return newTicketScreen(sh, r.number)
	case routeCallback:
		return newCallbackScreen(sh)
	case routeCallbacks:
		return newCallbacksScreen(sh)
	case routeCallbackCancel:
		return newCallbackCancelScreen(sh, r.number)
	}
	return nil
}
