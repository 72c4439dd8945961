package core_test

import (
	"errors"
	"fmt"
	"testing"

	"mypage/core"
)

// outcome is what one cell of the permission matrix should do.
type outcome int

const (
	na       outcome = iota // the cell does not exist (the holder has no account ID of its own)
	allow                   // the procedure runs
	forbid                  // ErrForbidden
	notFound                // ErrNotFound: an account ID of another contract is not even seen
	selfPerm                // a validation problem "self": no account changes its own permission
	absent                  // the list runs but leaves the target out
)

func (o outcome) String() string {
	return [...]string{"n/a", "allowed", "forbidden", "not found", "refused (self)", "not listed"}[o]
}

// errAbsent stands for "the target is not in the list" so a list cell compares like the others.
var errAbsent = errors.New("not in the list")

// permFixture is the demo database plus two more account IDs on the multi contract, so that every
// principal has an own ID, another user ID and another admin ID beside it, and an ID of another contract.
type permFixture struct {
	e       *env
	d       demo
	who     map[string]core.Principal // holder, admin, user, step-up — all of the multi demo contract
	lanWho  map[string]core.Principal // holder, admin, user, step-up of the LAN demo contract
	multi   string                    // the multi contract's customer number
	lan     string                    // the other contract's customer number
	targets map[string]map[string]string
	// planIndex is the place of the plan service addPlan opened.
	planIndex int
}

// target kinds: the principal's own ID, another user ID, another admin ID, an ID of another contract.
var targetKinds = [4]string{"own ID", "other user ID", "other admin ID", "ID of another contract"}

func newPermFixture(t *testing.T) *permFixture {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-multi"])
	e.register(t, holder, accountForm("arteri-mo-003", core.PermUser))
	e.register(t, holder, accountForm("arteri-ta-004", core.PermAdmin))
	admin := d.account["spaaqs-multi"]["admin"].Login // arteri-an-001
	user := d.account["spaaqs-multi"]["user"].Login   // arteri-ko-002
	foreign := d.account["spaaqs-lan"]["user"].Login  // yamada.hana
	adminP := e.accountOf(t, d.account["spaaqs-multi"]["admin"])
	up, err := e.svc.StepUp(adminP, holder.Contract, d.holder["spaaqs-multi"].Password)
	if err != nil {
		t.Fatalf("StepUp: %v", err)
	}
	lanAdmin := e.accountOf(t, d.account["spaaqs-lan"]["admin"])
	lanUp, err := e.svc.StepUp(lanAdmin, d.holder["spaaqs-lan"].Login, d.holder["spaaqs-lan"].Password)
	if err != nil {
		t.Fatalf("StepUp on the LAN contract: %v", err)
	}
	return &permFixture{
		e: e,
		d: d,
		who: map[string]core.Principal{
			"holder": holder,
			"admin":  adminP,
			"user":   e.accountOf(t, d.account["spaaqs-multi"]["user"]),
			// The admin ID stepped up to the holder (SPEC §4.1), in its own session.
			"step-up": up,
		},
		lanWho: map[string]core.Principal{
			"holder":  e.holderOf(t, d.holder["spaaqs-lan"]),
			"admin":   lanAdmin,
			"user":    e.accountOf(t, d.account["spaaqs-lan"]["user"]),
			"step-up": lanUp,
		},
		multi: holder.Contract,
		lan:   d.holder["spaaqs-lan"].Login,
		targets: map[string]map[string]string{
			"holder":  {targetKinds[1]: "arteri-mo-003", targetKinds[2]: admin, targetKinds[3]: foreign},
			"admin":   {targetKinds[0]: admin, targetKinds[1]: "arteri-mo-003", targetKinds[2]: "arteri-ta-004", targetKinds[3]: foreign},
			"user":    {targetKinds[0]: user, targetKinds[1]: "arteri-mo-003", targetKinds[2]: admin, targetKinds[3]: foreign},
			"step-up": {targetKinds[0]: admin, targetKinds[1]: "arteri-mo-003", targetKinds[2]: "arteri-ta-004", targetKinds[3]: foreign},
		},
	}
}

// show reads a contract as the back office sees it, to check what changed.
func (f *permFixture) show(t *testing.T, number string) core.ContractRecord {
	t.Helper()
	r, err := f.e.svc.ShowContract(f.e.op, number)
	if err != nil {
		t.Fatalf("ShowContract %s: %v", number, err)
	}
	return r
}

// account finds an account ID in the back-office view of either contract.
func (f *permFixture) account(t *testing.T, id string) (core.AccountView, bool) {
	t.Helper()
	for _, n := range []string{f.multi, f.lan} {
		for _, a := range f.show(t, n).Accounts {
			if a.ID == id {
				return a, true
			}
		}
	}
	return core.AccountView{}, false
}

// snapshot is everything a procedure of the matrix can change: both contracts with their
// option records, the stored account IDs (forwarding, auto-reply, web space) and the
// provider addresses in use.
// requests are every request recorded, for the back office.
func (f *permFixture) requests(t *testing.T) []core.Request {
	t.Helper()
	list, err := f.e.svc.AdminRequests(f.e.op, core.RequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func (f *permFixture) snapshot(t *testing.T) string {
	contracts := []core.ContractRecord{f.show(t, f.multi), f.show(t, f.lan)}
	var accounts []map[string]any
	for _, c := range contracts {
		for _, a := range c.Accounts {
			accounts = append(accounts, f.e.rawGet(t, "accounts", a.ID))
		}
	}
	var addresses []string
	err := f.e.db.View(func(tx core.Tx) error {
		return tx.Scan("mail-index", "", func(key string, _ func(any) error) bool {
			addresses = append(addresses, key)
			return true
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	var plans [][]core.PlanView
	for _, n := range []string{f.multi, f.lan} {
		v, err := f.e.svc.PlansOf(f.e.op, n)
		if err != nil {
			t.Fatal(err)
		}
		plans = append(plans, v)
	}
	return mustJSON(t, []any{contracts, accounts, addresses, plans})
}

// role names the column of a principal of the fixture: holder, admin or user.
func role(p core.Principal) string {
	switch {
	case p.Kind == core.KindHolder:
		return "holder"
	case p.Kind == core.KindStepUp:
		return "step-up"
	case p.Permission == core.PermAdmin:
		return "admin"
	}
	return "user"
}

// holderFor returns the holder of the contract that owns the account ID.
func (f *permFixture) holderFor(t *testing.T, id string) core.Principal {
	t.Helper()
	for _, a := range f.show(t, f.lan).Accounts {
		if a.ID == id {
			return f.lanWho["holder"]
		}
	}
	return f.who["holder"]
}

// everyTarget lists the account IDs of both contracts.
func (f *permFixture) everyTarget(t *testing.T) []string {
	t.Helper()
	var ids []string
	for _, n := range []string{f.multi, f.lan} {
		for _, a := range f.show(t, n).Accounts {
			ids = append(ids, a.ID)
		}
	}
	return ids
}

// buy purchases an option as p and fails the test when it is refused.
func (f *permFixture) buy(t *testing.T, p core.Principal, code, account string) {
	t.Helper()
	if _, err := f.e.svc.PurchaseOption(p, f.e.svc.NewToken(), code, account); err != nil {
		t.Fatalf("setup: purchase %s%s: %v", code, "@"+account, err)
	}
}

// giveMail gives every account ID of both contracts a mail address, set by its holder:
// a provider address (the holders buy the paid mail option first) or another provider's.
func (f *permFixture) giveMail(t *testing.T, provider bool) {
	t.Helper()
	if provider {
		f.buy(t, f.who["holder"], "mailpack", "")
		f.buy(t, f.lanWho["holder"], "mailweb", "")
	}
	for _, id := range f.everyTarget(t) {
		form := core.MailForm{Account: id, Kind: core.MailOther, Address: id + "@example.com", Agree: true}
		if provider {
			form = core.MailForm{Account: id, Kind: core.MailProvider, Local: id, Agree: true}
		}
		if _, err := f.e.svc.SetMail(f.holderFor(t, id), f.e.svc.NewToken(), form); err != nil {
			t.Fatalf("setup: mail address of %s: %v", id, err)
		}
	}
}

// giveSecurity gives every account ID a mail address and セキュリティ360°, bought by its holder.
func (f *permFixture) giveSecurity(t *testing.T) {
	t.Helper()
	f.giveMail(t, false)
	for _, id := range f.everyTarget(t) {
		f.buy(t, f.holderFor(t, id), "sec-360", id)
	}
}

// record returns the newest option record of code (for the account ID, or the contract when
// account is "") on the contract with the customer number.
func (f *permFixture) record(t *testing.T, number, code, account string) (core.OptionRecord, bool) {
	t.Helper()
	var out core.OptionRecord
	found := false
	for _, r := range f.show(t, number).Options {
		if r.Option == code && r.Account == account {
			out, found = r, true
		}
	}
	return out, found
}

// held reports whether the option has an uncancelled purchase.
func (f *permFixture) held(t *testing.T, number, code, account string) bool {
	r, ok := f.record(t, number, code, account)
	return ok && r.CancelledAt == nil
}

// cancelled reports whether the newest purchase of the option was cancelled.
func (f *permFixture) cancelled(t *testing.T, number, code, account string) bool {
	r, ok := f.record(t, number, code, account)
	return ok && r.CancelledAt != nil
}

// contractOf returns the customer number of the contract that owns the account ID.
func (f *permFixture) contractOf(t *testing.T, id string) string {
	t.Helper()
	if f.holderFor(t, id) == f.lanWho["holder"] {
		return f.lan
	}
	return f.multi
}

// detail reads the stored settings of an account ID through its holder's detail view.
func (f *permFixture) detail(t *testing.T, id string) core.AccountDetail {
	t.Helper()
	ds, err := f.e.svc.AccountDetails(f.holderFor(t, id))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Account.ID == id {
			return d
		}
	}
	t.Fatalf("no detail of %s", id)
	return core.AccountDetail{}
}

// addPlan opens a plan service on the multi contract as an operator does, and
// keeps its place among the contract's plan services.
func (f *permFixture) addPlan(t *testing.T, code string) {
	t.Helper()
	if _, err := f.e.svc.AddPlan(f.e.op, f.multi, code, f.e.clock.Now()); err != nil {
		t.Fatalf("AddPlan %s: %v", code, err)
	}
	f.planIndex = len(f.plans(t)) - 1
}

// plans are the plan services of the multi contract.
func (f *permFixture) plans(t *testing.T) []core.PlanView {
	t.Helper()
	v, err := f.e.svc.PlansOf(f.e.op, f.multi)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// planChange asks to change the plan addPlan opened to Pro from next month.
func (f *permFixture) planChange() core.PlanChangeRequest {
	v, _ := f.e.svc.PlansOf(f.e.op, f.multi)
	return core.PlanChangeRequest{Service: v[f.planIndex].Service.ID, To: "pro", Start: core.MonthOf(f.e.clock.Now()).Next()}
}

// planCancel asks to cancel the plan addPlan opened.
func (f *permFixture) planCancel() core.PlanCancelRequest {
	v, _ := f.e.svc.PlansOf(f.e.op, f.multi)
	return core.PlanCancelRequest{Service: v[f.planIndex].Service.ID}
}

// toRenewal moves the clock into the renewal notice of the plan addPlan
// opened, its statements paid on the way (an unpaid one would refuse it).
func (f *permFixture) toRenewal(t *testing.T) {
	f.e.clock.Set(f.e.clock.Now().AddDate(0, 11, 0))
	f.e.settle(t, f.multi)
}

// renewal renews the plan addPlan opened for 2 years.
func (f *permFixture) renewal() core.RenewalRequest {
	v, _ := f.e.svc.PlansOf(f.e.op, f.multi)
	return core.RenewalRequest{Service: v[f.planIndex].Service.ID, Years: 2, AutoRenew: true}
}

func (f *permFixture) logsIn(method core.LoginMethod, id, pw string) bool {
	_, err := f.e.svc.Login(method, id, pw, "test")
	return err == nil
}

const newPassword = "changed-pass-77"

// contractFunctions are the matrix rows that act on the principal's own contract.
// contractFn is one row of contractFunctions.
type contractFn struct {
	// setup prepares what the procedure needs (an option to cancel), as the holder.
	setup func(*testing.T, *permFixture)
	do    func(*permFixture, core.Principal) error
	// done reports whether the procedure's effect is visible.
	done func(*testing.T, *permFixture) bool
}

var contractFunctions = map[string]contractFn{
	"contract info view": {
		do: func(f *permFixture, p core.Principal) error {
			info, err := f.e.svc.ContractInfo(p)
			if err == nil && info.Number != f.multi {
				return fmt.Errorf("contract info of %s", info.Number)
			}
			return err
		},
	},
	"customer info view": {
		do: func(f *permFixture, p core.Principal) error {
			c, err := f.e.svc.CustomerInfo(p)
			if err == nil && c.Phone != "012-345-6789" {
				return fmt.Errorf("customer info %+v", c)
			}
			return err
		},
	},
	"customer info change": {
		do: func(f *permFixture, p core.Principal) error {
			_, err := f.e.svc.UpdateCustomerInfo(p, f.e.svc.NewToken(), core.CustomerForm{
				Phone: "012-345-6789", ContactMail: "arteri-an@keitai-address.ne.jp", Occupation: "employee", Household: "5"})
			return err
		},
		done: func(t *testing.T, f *permFixture) bool { return f.show(t, f.multi).Customer.Household == 5 },
	},
	"customer password change": {
		do: func(f *permFixture, p core.Principal) error {
			return f.e.svc.ChangeCustomerPassword(p, f.e.svc.NewToken(), f.d.holder["spaaqs-multi"].Password, newPassword, newPassword)
		},
		done: func(t *testing.T, f *permFixture) bool {
			return f.logsIn(core.LoginCustomerNumber, f.multi, newPassword)
		},
	},
	"account register": {
		do: func(f *permFixture, p core.Principal) error {
			_, err := f.e.svc.RegisterAccount(p, f.e.svc.NewToken(), accountForm("arteri-new-005", core.PermUser))
			return err
		},
		done: func(t *testing.T, f *permFixture) bool { _, ok := f.account(t, "arteri-new-005"); return ok },
	},
	"mail option purchase (メールパック)": {
		do: func(f *permFixture, p core.Principal) error {
			_, err := f.e.svc.PurchaseOption(p, f.e.svc.NewToken(), "mailpack", "")
			return err
		},
		done: func(t *testing.T, f *permFixture) bool { return f.held(t, f.multi, "mailpack", "") },
	},
	"mail option purchase (メール&Webスペース, LAN contract)": {
		// The same column on the LAN demo contract: holder, yamada-taro (admin), yamada.hana (user).
		do: func(f *permFixture, p core.Principal) error {
			_, err := f.e.svc.PurchaseOption(f.lanWho[role(p)], f.e.svc.NewToken(), "mailweb", "")
			return err
		},
		done: func(t *testing.T, f *permFixture) bool { return f.held(t, f.lan, "mailweb", "") },
	},
	"remote support apply": {
		do: func(f *permFixture, p core.Principal) error {
			_, err := f.e.svc.PurchaseOption(p, f.e.svc.NewToken(), "remote-support", "")
			return err
		},
		done: func(t *testing.T, f *permFixture) bool { return f.held(t, f.multi, "remote-support", "") },
	},
	"remote support cancel": {
		setup: func(t *testing.T, f *permFixture) { f.buy(t, f.who["holder"], "remote-support", "") },
		do: func(f *permFixture, p core.Principal) error {
			_, err := f.e.svc.CancelOption(p, f.e.svc.NewToken(), "remote-support", "")
			return err
		},
		done: func(t *testing.T, f *permFixture) bool { return f.cancelled(t, f.multi, "remote-support", "") },
	},
	"device warranty apply": {
		do: func(f *permFixture, p core.Principal) error {
			_, err := f.e.svc.PurchaseOption(p, f.e.svc.NewToken(), "warranty", "")
			return err
		},
		done: func(t *testing.T, f *permFixture) bool { return f.held(t, f.multi, "warranty", "") },
	},
	"device warranty cancel": {
		setup: func(t *testing.T, f *permFixture) { f.buy(t, f.who["holder"], "warranty", "") },
		do: func(f *permFixture, p core.Principal) error {
			_, err := f.e.svc.CancelOption(p, f.e.svc.NewToken(), "warranty", "")
			return err
		},
		done: func(t *testing.T, f *permFixture) bool { return f.cancelled(t, f.multi, "warranty", "") },
	},
	"device warranty add-on apply": {
		setup: func(t *testing.T, f *permFixture) { f.buy(t, f.who["holder"], "warranty", "") },
		do: func(f *permFixture, p core.Principal) error {
			_, err := f.e.svc.PurchaseOption(p, f.e.svc.NewToken(), "warranty-addon", "")
			return err
		},
		done: func(t *testing.T, f *permFixture) bool { return f.held(t, f.multi, "warranty-addon", "") },
	},
	"plan list (ご契約情報一覧)": {
		setup: func(t *testing.T, f *permFixture) { f.addPlan(t, "basic") },
		do: func(f *permFixture, p core.Principal) error {
			v, err := f.e.svc.Plans(p)
			if err == nil && (len(v) == 0 || v[len(v)-1].Plan.Code != "basic") {
				return fmt.Errorf("plans %+v", v)
			}
			return err
		},
	},
	"plan change quote": {
		setup: func(t *testing.T, f *permFixture) { f.addPlan(t, "basic") },
		do: func(f *permFixture, p core.Principal) error {
			q, err := f.e.svc.QuotePlanChange(p, f.planChange())
			if err == nil && q.WaivedInitialFee != 3_000 {
				return fmt.Errorf("quote %+v", q)
			}
			return err
		},
	},
	"plan change": {
		setup: func(t *testing.T, f *permFixture) { f.addPlan(t, "basic") },
		do: func(f *permFixture, p core.Principal) error {
			_, err := f.e.svc.ChangePlan(p, f.e.svc.NewToken(), f.planChange())
			return err
		},
		done: func(t *testing.T, f *permFixture) bool {
			v := f.plans(t)
			return v[f.planIndex].Service.End != nil && len(v) == f.planIndex+2
		},
	},
	"renewal quote": {
		setup: func(t *testing.T, f *permFixture) { f.addPlan(t, "vps-2-plesk"); f.toRenewal(t) },
		do: func(f *permFixture, p core.Principal) error {
			q, err := f.e.svc.QuoteRenewal(p, f.renewal())
			if err == nil && q.Price != 31_350 {
				return fmt.Errorf("quote %+v", q)
			}
			return err
		},
	},
	"renewal / re-contract": {
		setup: func(t *testing.T, f *permFixture) { f.addPlan(t, "vps-2-plesk"); f.toRenewal(t) },
		do: func(f *permFixture, p core.Principal) error {
			_, err := f.e.svc.Renew(p, f.e.svc.NewToken(), f.renewal())
			return err
		},
		done: func(t *testing.T, f *permFixture) bool { return len(f.plans(t)[f.planIndex].Service.Renewals) == 1 },
	},
	"auto-renew setting": {
		setup: func(t *testing.T, f *permFixture) { f.addPlan(t, "vps-2-plesk") },
		do: func(f *permFixture, p core.Principal) error {
			v, _ := f.e.svc.PlansOf(f.e.op, f.multi)
			_, err := f.e.svc.SetAutoRenew(p, f.e.svc.NewToken(), core.AutoRenewRequest{Service: v[f.planIndex].Service.ID})
			return err
		},
		done: func(t *testing.T, f *permFixture) bool {
			return len(f.plans(t)[f.planIndex].Service.AutoRenewSettings) == 1
		},
	},
	"annual option confirm step": {
		setup: func(t *testing.T, f *permFixture) { f.addPlan(t, "annual-connect") },
		do: func(f *permFixture, p core.Principal) error {
			v, err := f.e.svc.CheckOption(p, "annual-mailbox", "", core.ActionPurchase, true)
			if err == nil && (v.Annual == nil || v.Annual.NewAnnualFee != 26_000) {
				return fmt.Errorf("confirm step %+v", v.Annual)
			}
			return err
		},
	},
	"annual option purchase": {
		setup: func(t *testing.T, f *permFixture) { f.addPlan(t, "annual-connect") },
		do: func(f *permFixture, p core.Principal) error {
			_, err := f.e.svc.PurchaseOption(p, f.e.svc.NewToken(), "annual-mailbox", "")
			return err
		},
		done: func(t *testing.T, f *permFixture) bool {
			return f.held(t, f.multi, "annual-mailbox", "") && len(f.plans(t)[f.planIndex].Service.Adjusts) == 1
		},
	},
	"annual option cancel": {
		setup: func(t *testing.T, f *permFixture) {
			f.addPlan(t, "annual-connect")
			f.buy(t, f.who["holder"], "annual-mailbox", "")
		},
		do: func(f *permFixture, p core.Principal) error {
			_, err := f.e.svc.CancelOption(p, f.e.svc.NewToken(), "annual-mailbox", "")
			return err
		},
		done: func(t *testing.T, f *permFixture) bool { return f.cancelled(t, f.multi, "annual-mailbox", "") },
	},
	"plan cancel quote": {
		setup: func(t *testing.T, f *permFixture) { f.addPlan(t, "basic") },
		do: func(f *permFixture, p core.Principal) error {
			q, err := f.e.svc.QuotePlanCancel(p, f.planCancel())
			if err == nil && (q.Kind != core.PlanCancelEnd || q.End.IsZero()) {
				return fmt.Errorf("quote %+v", q)
			}
			return err
		},
	},
	"plan cancel": {
		setup: func(t *testing.T, f *permFixture) { f.addPlan(t, "basic") },
		do: func(f *permFixture, p core.Principal) error {
			_, err := f.e.svc.CancelPlan(p, f.e.svc.NewToken(), f.planCancel())
			return err
		},
		done: func(t *testing.T, f *permFixture) bool {
			ps := f.plans(t)[f.planIndex].Service
			return ps.End != nil && ps.Cancel != nil
		},
	},
	"withdraw (退会)": {
		setup: func(t *testing.T, f *permFixture) { f.nothingHeld(t) },
		do: func(f *permFixture, p core.Principal) error {
			_, err := f.e.svc.Withdraw(p, f.e.svc.NewToken(), true)
			return err
		},
		done: func(t *testing.T, f *permFixture) bool { return f.show(t, f.multi).Withdrawn != nil },
	},
	"contract change request (ご契約内容変更申請)": {
		do: func(f *permFixture, p core.Principal) error {
			_, err := f.e.svc.SubmitRequest(p, f.e.svc.NewToken(), core.NewRequest{Kind: core.RequestContractChange, Change: "address"})
			return err
		},
		done: func(t *testing.T, f *permFixture) bool { return len(f.requests(t)) == 1 },
	},
	"guide request (ご利用ガイド・規約ご請求)": {
		do: func(f *permFixture, p core.Principal) error {
			_, err := f.e.svc.SubmitRequest(p, f.e.svc.NewToken(), core.NewRequest{Kind: core.RequestGuide,
				Documents: []string{"terms"}, Copies: 1, Destination: core.DestinationRegistered})
			return err
		},
		done: func(t *testing.T, f *permFixture) bool { return len(f.requests(t)) == 1 },
	},
	"request history (申請・ご請求の履歴)": {
		do: func(f *permFixture, p core.Principal) error {
			_, err := f.e.svc.Requests(p)
			return err
		},
	},
	"outage / maintenance bulletins": {
		// Anyone reads them, also before login (TestBulletinPermissions).
		do: func(f *permFixture, p core.Principal) error {
			_, err := f.e.svc.Bulletins(p)
			return err
		},
	},
	"mail inquiry (メールでのお問い合わせ)": {
		do: func(f *permFixture, p core.Principal) error {
			_, err := f.e.svc.SubmitInquiry(p, f.e.svc.NewToken(), core.NewInquiry{Service: core.InquiryOther, Content: "接続できません", Agreed: true})
			return err
		},
		done: func(t *testing.T, f *permFixture) bool {
			list, err := f.e.svc.AdminTickets(f.e.op, "")
			return err == nil && len(list) == 1
		},
	},
	"the holder's ticket (お問い合わせ履歴)":  ownTicket("holder"),
	"an admin ID's ticket (お問い合わせ履歴)": ownTicket("admin"),
	"the user ID's ticket (お問い合わせ履歴)": ownTicket("user"),
	"callback booking (コールバック予約)": {
		do: func(f *permFixture, p core.Principal) error {
			_, err := f.e.svc.BookCallback(p, f.e.svc.NewToken(), callbackRequest(p))
			return err
		},
		done: func(t *testing.T, f *permFixture) bool {
			list, err := f.e.svc.CallList(f.e.op, callbackSlot)
			return err == nil && len(list) == 1
		},
	},
	"the holder's callback booking (コールバック予約の取消)": {
		// SPEC §4.3 ○: each login cancels only the bookings it made (TestCallbackReach).
		setup: func(t *testing.T, f *permFixture) { f.bookCallback(t, f.who["holder"]) },
		do:    func(f *permFixture, p core.Principal) error { return f.cancelCallback(p) },
	},
	"the user ID's callback booking (コールバック予約の取消)": {
		setup: func(t *testing.T, f *permFixture) { f.bookCallback(t, f.who["user"]) },
		do:    func(f *permFixture, p core.Principal) error { return f.cancelCallback(p) },
	},
	"partner pages (GigaCinema, Club Off)": {
		// There is no procedure: the menu links to the partner page, where the holder logs in again.
		do: func(f *permFixture, p core.Principal) error {
			if !core.Can(p, core.FnPartner) {
				return core.ErrForbidden
			}
			return nil
		},
	},
}

// accountFunctions are the matrix rows that act on one account ID.
var accountFunctions = map[string]struct {
	// setup prepares every target account ID (a mail address, an option to cancel), as the holders.
	setup func(*testing.T, *permFixture)
	do    func(*testing.T, *permFixture, core.Principal, string) error
	done  func(*testing.T, *permFixture, string, core.AccountView) bool
}{
	"account delete": {
		do: func(t *testing.T, f *permFixture, p core.Principal, id string) error {
			return f.e.svc.DeleteAccount(p, f.e.svc.NewToken(), id)
		},
		done: func(t *testing.T, f *permFixture, id string, _ core.AccountView) bool {
			_, ok := f.account(t, id)
			return !ok
		},
	},
	"account name change": {
		do: func(t *testing.T, f *permFixture, p core.Principal, id string) error {
			v, _ := f.account(t, id)
			form := formOf(v)
			form.LastName, form.FirstName, form.LastKana, form.FirstKana, form.UserName = "変更", "後", "ヘンコウ", "ゴ", "へんこうご"
			_, err := f.e.svc.UpdateAccount(p, f.e.svc.NewToken(), form)
			return err
		},
		done: func(t *testing.T, f *permFixture, id string, _ core.AccountView) bool {
			v, _ := f.account(t, id)
			return v.UserName == "へんこうご" && v.LastName == "変更" && v.FirstKana == "ゴ"
		},
	},
	"account permission change": {
		do: func(t *testing.T, f *permFixture, p core.Principal, id string) error {
			v, _ := f.account(t, id)
			form := formOf(v)
			form.Permission = flip(v.Permission)
			_, err := f.e.svc.UpdateAccount(p, f.e.svc.NewToken(), form)
			return err
		},
		done: func(t *testing.T, f *permFixture, id string, before core.AccountView) bool {
			v, _ := f.account(t, id)
			return v.Permission != before.Permission
		},
	},
	"account password change": {
		do: func(t *testing.T, f *permFixture, p core.Principal, id string) error {
			v, _ := f.account(t, id)
			form := formOf(v)
			form.Password = newPassword
			// An account ID changing its own password gives its current one (SPEC §4.1).
			for _, l := range f.d.logins {
				if l.Login == p.AccountID && p.AccountID == id {
					form.CurrentPassword = l.Password
				}
			}
			_, err := f.e.svc.UpdateAccount(p, f.e.svc.NewToken(), form)
			return err
		},
		done: func(t *testing.T, f *permFixture, id string, _ core.AccountView) bool {
			return f.logsIn(core.LoginAccountID, id, newPassword)
		},
	},
	"account view": {
		do: func(t *testing.T, f *permFixture, p core.Principal, id string) error {
			v, err := f.e.svc.Account(p, id)
			if err == nil && v.ID != id {
				return fmt.Errorf("asked for %s, got %s", id, v.ID)
			}
			return err
		},
	},
	"account list": {
		do: func(t *testing.T, f *permFixture, p core.Principal, id string) error {
			l, err := f.e.svc.ListAccounts(p)
			if err != nil {
				return err
			}
			for _, a := range l.Accounts {
				if a.ID == id {
					return nil
				}
			}
			return errAbsent
		},
	},
	"mail address register/change": {
		do: func(t *testing.T, f *permFixture, p core.Principal, id string) error {
			_, err := f.e.svc.SetMail(p, f.e.svc.NewToken(), core.MailForm{Account: id, Kind: core.MailOther,
				Address: id + "@example.net", Agree: true})
			return err
		},
		done: func(t *testing.T, f *permFixture, id string, _ core.AccountView) bool {
			v, _ := f.account(t, id)
			return v.Mail == id+"@example.net"
		},
	},
	"mail address form": {
		do: func(t *testing.T, f *permFixture, p core.Principal, id string) error {
			c, err := f.e.svc.MailChoice(p, id)
			if err == nil && c.Account.ID != id {
				return fmt.Errorf("asked for %s, got %s", id, c.Account.ID)
			}
			if err == nil {
				_, err = f.e.svc.CheckMail(p, core.MailForm{Account: id, Kind: core.MailOther, Address: "x@example.com", Agree: true})
			}
			return err
		},
	},
	"mail forwarding": {
		setup: func(t *testing.T, f *permFixture) { f.giveMail(t, true) },
		do: func(t *testing.T, f *permFixture, p core.Principal, id string) error {
			return f.e.svc.SetForward(p, f.e.svc.NewToken(), id, core.Forward{To: "forward@example.com", KeepCopy: true})
		},
		done: func(t *testing.T, f *permFixture, id string, _ core.AccountView) bool {
			return f.detail(t, id).Forward != nil
		},
	},
	"mail auto-reply": {
		setup: func(t *testing.T, f *permFixture) { f.giveMail(t, true) },
		do: func(t *testing.T, f *permFixture, p core.Principal, id string) error {
			return f.e.svc.SetAutoReply(p, f.e.svc.NewToken(), id, core.AutoReply{On: true, Message: "ただいま不在にしております。"})
		},
		done: func(t *testing.T, f *permFixture, id string, _ core.AccountView) bool {
			return f.detail(t, id).AutoReply != nil
		},
	},
	"security purchase": {
		setup: func(t *testing.T, f *permFixture) { f.giveMail(t, false) },
		do: func(t *testing.T, f *permFixture, p core.Principal, id string) error {
			_, err := f.e.svc.PurchaseOption(p, f.e.svc.NewToken(), "sec-360", id)
			return err
		},
		done: func(t *testing.T, f *permFixture, id string, _ core.AccountView) bool {
			return f.held(t, f.contractOf(t, id), "sec-360", id)
		},
	},
	"security cancel": {
		setup: func(t *testing.T, f *permFixture) { f.giveSecurity(t) },
		do: func(t *testing.T, f *permFixture, p core.Principal, id string) error {
			_, err := f.e.svc.CancelOption(p, f.e.svc.NewToken(), "sec-360", id)
			return err
		},
		done: func(t *testing.T, f *permFixture, id string, _ core.AccountView) bool {
			return f.cancelled(t, f.contractOf(t, id), "sec-360", id)
		},
	},
	"security info (PIN, download)": {
		setup: func(t *testing.T, f *permFixture) { f.giveSecurity(t) },
		do: func(t *testing.T, f *permFixture, p core.Principal, id string) error {
			v, err := f.e.svc.OptionStatus(p, "sec-360", id)
			if err == nil && (v.Account != id || v.PIN == "" || v.Option.DownloadURL == "") {
				return fmt.Errorf("status of %s: %+v", id, v)
			}
			return err
		},
	},
	"web space register": {
		setup: func(t *testing.T, f *permFixture) { f.giveMail(t, true) },
		do: func(t *testing.T, f *permFixture, p core.Principal, id string) error {
			_, err := f.e.svc.RegisterWebSpace(p, f.e.svc.NewToken(), id)
			return err
		},
		done: func(t *testing.T, f *permFixture, id string, _ core.AccountView) bool {
			v, _ := f.account(t, id)
			return v.WebSpace
		},
	},
}

func flip(p core.Permission) core.Permission {
	if p == core.PermAdmin {
		return core.PermUser
	}
	return core.PermAdmin
}

func check(t *testing.T, err error, want outcome) {
	t.Helper()
	switch want {
	case allow:
		if err != nil {
			t.Fatalf("err = %v, want allowed", err)
		}
	case forbid:
		wantErr(t, err, core.ErrForbidden)
	case notFound:
		wantErr(t, err, core.ErrNotFound)
	case absent:
		wantErr(t, err, errAbsent)
	case selfPerm:
		wantProblem(t, err, core.FieldPermission, core.ProblemSelf)
	}
}

// SPEC §4.3 (seed 003 §2), every cell of the matrix's rows, each called on the real service:
// holder = customer number login, admin / user = account ID logins, all of the same contract.
// Billing statements and payment information have procedures of their own and their own tests.
func TestPermissionMatrix(t *testing.T) {
	// Rows acting on the principal's own contract.
	contractRows := []struct {
		fn                  string
		holder, admin, user outcome
		stepUp              outcome // an admin ID stepped up to the holder
	}{
		{"contract info view", allow, allow, allow, forbid},
		{"customer info view", allow, allow, forbid, forbid},
		{"customer info change", allow, allow, forbid, forbid},
		{"customer password change", allow, allow, forbid, forbid},
		{"account register", allow, allow, forbid, forbid},
		{"mail option purchase (メールパック)", allow, allow, forbid, forbid},
		{"mail option purchase (メール&Webスペース, LAN contract)", allow, allow, forbid, forbid},
		{"remote support apply", allow, allow, forbid, forbid},
		{"remote support cancel", allow, allow, forbid, forbid},
		{"device warranty apply", allow, allow, allow, forbid},
		{"device warranty cancel", allow, allow, allow, forbid},
		{"device warranty add-on apply", allow, allow, allow, forbid},
		{"partner pages (GigaCinema, Club Off)", allow, forbid, forbid, forbid},
		{"plan list (ご契約情報一覧)", allow, allow, allow, forbid},
		{"plan change quote", allow, allow, forbid, forbid},
		{"plan change", allow, allow, forbid, forbid},
		{"renewal quote", allow, allow, forbid, forbid},
		{"renewal / re-contract", allow, allow, forbid, forbid},
		{"auto-renew setting", allow, allow, forbid, forbid},
		{"annual option confirm step", allow, allow, forbid, forbid},
		{"annual option purchase", allow, allow, forbid, forbid},
		{"annual option cancel", allow, allow, forbid, forbid},
		{"plan cancel quote", allow, allow, forbid, forbid},
		{"plan cancel", allow, allow, forbid, forbid},
		{"withdraw (退会)", allow, forbid, forbid, allow},
		{"outage / maintenance bulletins", allow, allow, allow, allow},
		{"contract change request (ご契約内容変更申請)", allow, allow, forbid, forbid},
		{"guide request (ご利用ガイド・規約ご請求)", allow, allow, forbid, forbid},
		{"request history (申請・ご請求の履歴)", allow, allow, forbid, forbid},
		{"mail inquiry (メールでのお問い合わせ)", allow, allow, allow, forbid},
		// SPEC §4.3 own tickets ○ for every login: another's is no ticket.
		{"the holder's ticket (お問い合わせ履歴)", allow, notFound, notFound, forbid},
		{"an admin ID's ticket (お問い合わせ履歴)", notFound, allow, notFound, forbid},
		{"the user ID's ticket (お問い合わせ履歴)", notFound, notFound, allow, forbid},
		{"callback booking (コールバック予約)", allow, allow, allow, forbid},
		{"the holder's callback booking (コールバック予約の取消)", allow, notFound, notFound, forbid},
		{"the user ID's callback booking (コールバック予約の取消)", notFound, notFound, allow, forbid},
	}
	// Rows acting on an account ID; columns are the targets:
	// own ID, another user ID, another admin ID, an ID of another contract.
	accountRows := []struct {
		fn                  string
		holder, admin, user [4]outcome
		stepUp              [4]outcome
	}{
		//                              own       user ID   admin ID  other contract
		// The step-up reaches no account ID row (its targets are the admin ID's);
		// an ID of another contract is not even seen, as for the admin ID.
		{"account delete", [4]outcome{na, allow, allow, notFound}, [4]outcome{forbid, allow, allow, notFound}, [4]outcome{forbid, forbid, forbid, forbid}, [4]outcome{forbid, forbid, forbid, forbid}},
		{"account name change", [4]outcome{na, allow, allow, notFound}, [4]outcome{allow, allow, allow, notFound}, [4]outcome{allow, forbid, forbid, notFound}, [4]outcome{forbid, forbid, forbid, notFound}},
		{"account permission change", [4]outcome{na, allow, allow, notFound}, [4]outcome{selfPerm, allow, allow, notFound}, [4]outcome{forbid, forbid, forbid, notFound}, [4]outcome{forbid, forbid, forbid, notFound}},
		{"account password change", [4]outcome{na, allow, allow, notFound}, [4]outcome{allow, allow, allow, notFound}, [4]outcome{allow, forbid, forbid, notFound}, [4]outcome{forbid, forbid, forbid, notFound}},
		{"account view", [4]outcome{na, allow, allow, notFound}, [4]outcome{allow, allow, allow, notFound}, [4]outcome{allow, forbid, forbid, notFound}, [4]outcome{forbid, forbid, forbid, notFound}},
		{"account list", [4]outcome{na, allow, allow, absent}, [4]outcome{allow, allow, allow, absent}, [4]outcome{allow, absent, absent, absent}, [4]outcome{forbid, forbid, forbid, forbid}},
		{"mail address register/change", [4]outcome{na, allow, allow, notFound}, [4]outcome{allow, allow, allow, notFound}, [4]outcome{allow, forbid, forbid, notFound}, [4]outcome{forbid, forbid, forbid, notFound}},
		{"mail address form", [4]outcome{na, allow, allow, notFound}, [4]outcome{allow, allow, allow, notFound}, [4]outcome{allow, forbid, forbid, notFound}, [4]outcome{forbid, forbid, forbid, notFound}},
		{"mail forwarding", [4]outcome{na, allow, allow, notFound}, [4]outcome{allow, allow, allow, notFound}, [4]outcome{allow, forbid, forbid, notFound}, [4]outcome{forbid, forbid, forbid, notFound}},
		{"mail auto-reply", [4]outcome{na, allow, allow, notFound}, [4]outcome{allow, allow, allow, notFound}, [4]outcome{allow, forbid, forbid, notFound}, [4]outcome{forbid, forbid, forbid, notFound}},
		{"security purchase", [4]outcome{na, allow, allow, notFound}, [4]outcome{allow, allow, allow, notFound}, [4]outcome{allow, forbid, forbid, notFound}, [4]outcome{forbid, forbid, forbid, notFound}},
		{"security cancel", [4]outcome{na, allow, allow, notFound}, [4]outcome{allow, allow, allow, notFound}, [4]outcome{allow, forbid, forbid, notFound}, [4]outcome{forbid, forbid, forbid, notFound}},
		{"security info (PIN, download)", [4]outcome{na, allow, allow, notFound}, [4]outcome{allow, allow, allow, notFound}, [4]outcome{allow, forbid, forbid, notFound}, [4]outcome{forbid, forbid, forbid, notFound}},
		{"web space register", [4]outcome{na, allow, allow, notFound}, [4]outcome{allow, allow, allow, notFound}, [4]outcome{allow, forbid, forbid, notFound}, [4]outcome{forbid, forbid, forbid, notFound}},
	}

	cells := 0
	for _, row := range contractRows {
		fn, ok := contractFunctions[row.fn]
		if !ok {
			t.Fatalf("no test function for %q", row.fn)
		}
		for who, want := range map[string]outcome{"holder": row.holder, "admin": row.admin, "user": row.user, "step-up": row.stepUp} {
			cells++
			t.Run(fmt.Sprintf("%s/%s", row.fn, who), func(t *testing.T) {
				f := newPermFixture(t)
				if fn.setup != nil {
					fn.setup(t, f)
				}
				before := f.snapshot(t)
				err := fn.do(f, f.who[who])
				check(t, err, want)
				if fn.done != nil && fn.done(t, f) != (want == allow) {
					t.Fatalf("%s, but the effect is visible = %v", want, want != allow)
				}
				if want != allow && f.snapshot(t) != before {
					t.Fatal("a refused procedure changed the data")
				}
			})
		}
	}
	for _, row := range accountRows {
		fn, ok := accountFunctions[row.fn]
		if !ok {
			t.Fatalf("no test function for %q", row.fn)
		}
		for who, wants := range map[string][4]outcome{"holder": row.holder, "admin": row.admin, "user": row.user, "step-up": row.stepUp} {
			for i, want := range wants {
				if want == na {
					continue
				}
				cells++
				kind := targetKinds[i]
				t.Run(fmt.Sprintf("%s/%s/%s", row.fn, who, kind), func(t *testing.T) {
					f := newPermFixture(t)
					if fn.setup != nil {
						fn.setup(t, f)
					}
					id := f.targets[who][kind]
					beforeView, ok := f.account(t, id)
					if !ok {
						t.Fatalf("fixture has no account %s", id)
					}
					before := f.snapshot(t)
					err := fn.do(t, f, f.who[who], id)
					check(t, err, want)
					if fn.done != nil && fn.done(t, f, id, beforeView) != (want == allow) {
						t.Fatalf("%s, but the effect on %s is visible = %v", want, id, want != allow)
					}
					if want != allow && f.snapshot(t) != before {
						t.Fatal("a refused procedure changed the data")
					}
				})
			}
		}
	}
	if cells != 4*len(contractRows)+15*len(accountRows) {
		t.Fatalf("%d cells tested", cells)
	}
}

// No self-escalation: a user ID cannot make itself admin however the form is sent, and
// an admin ID cannot change its own permission either.
func TestNoSelfEscalation(t *testing.T) {
	f := newPermFixture(t)
	user, admin := f.who["user"], f.who["admin"]
	own, _ := f.account(t, user.AccountID)

	form := formOf(own)
	form.Permission = core.PermAdmin
	wantErr(t, f.e.svc.CheckAccountChange(user, form), core.ErrForbidden)
	_, err := f.e.svc.UpdateAccount(user, f.e.svc.NewToken(), form)
	wantErr(t, err, core.ErrForbidden)
	// Together with an allowed change (names, password) the permission still does not pass.
	form.UserName, form.Password = "えらいひと", "escalate-pass-1"
	_, err = f.e.svc.UpdateAccount(user, f.e.svc.NewToken(), form)
	wantErr(t, err, core.ErrForbidden)
	// A principal that claims a permission the store does not hold is refused:
	// its session ends, as for one whose permission was changed.
	forged := user
	forged.Permission = core.PermAdmin
	_, err = f.e.svc.UpdateAccount(forged, f.e.svc.NewToken(), form)
	wantErr(t, err, core.ErrSessionEnded)
	_, err = f.e.svc.RegisterAccount(forged, f.e.svc.NewToken(), accountForm("forged-id", core.PermAdmin))
	wantErr(t, err, core.ErrSessionEnded)
	if v, _ := f.account(t, user.AccountID); v != own {
		t.Fatalf("the user ID changed: %+v", v)
	}
	s := f.e.login(t, core.LoginAccountID, user.AccountID, f.d.account["spaaqs-multi"]["user"].Password)
	if s.Principal.Permission != core.PermUser {
		t.Fatalf("the user ID logs in as %q", s.Principal.Permission)
	}

	adminView, _ := f.account(t, admin.AccountID)
	form = formOf(adminView)
	form.Permission = core.PermUser
	wantProblem(t, f.e.svc.CheckAccountChange(admin, form), core.FieldPermission, core.ProblemSelf)
	_, err = f.e.svc.UpdateAccount(admin, f.e.svc.NewToken(), form)
	wantProblem(t, err, core.FieldPermission, core.ProblemSelf)
}

// A permission changed by the holder ends a session that is already open, as a
// deletion does: every procedure, the statements and a step-up with the right
// customer number and password are ErrSessionEnded, and the step-up is never
// audited as a wrong password.
func TestPermissionChangeEndsTheSession(t *testing.T) {
	for _, tt := range []struct {
		name string
		who  string
		perm core.Permission
	}{
		{"admin ID demoted to user", "admin", core.PermUser},
		{"user ID promoted to admin", "user", core.PermAdmin},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newPermFixture(t)
			holder, p := f.who["holder"], f.who[tt.who]
			number := f.d.holder["spaaqs-multi"]
			var up core.Principal
			if tt.who == "admin" {
				var err error
				if up, err = f.e.svc.StepUp(p, number.Login, number.Password); err != nil {
					t.Fatal(err)
				}
			}
			v, _ := f.account(t, p.AccountID)
			form := formOf(v)
			form.Permission = tt.perm
			if _, err := f.e.svc.UpdateAccount(holder, f.e.svc.NewToken(), form); err != nil {
				t.Fatal(err)
			}
			// p still carries the permission of its login.
			for proc, err := range subscriberProcedures(f.e, p, "arteri-mo-003") {
				if !errors.Is(err, core.ErrSessionEnded) {
					t.Errorf("%s: err = %v, want ErrSessionEnded", proc, err)
				}
			}
			_, err := f.e.svc.StatementMonths(p)
			wantErr(t, err, core.ErrSessionEnded)
			_, err = f.e.svc.StepUp(p, number.Login, number.Password)
			wantErr(t, err, core.ErrSessionEnded)
			if tt.who == "admin" {
				_, err = f.e.svc.StatementMonths(up)
				wantErr(t, err, core.ErrSessionEnded)
			}
			recs, err := f.e.svc.Audit(f.e.op, core.AuditFilter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				if r.Action == "step-up" && r.Result == "failed" {
					t.Errorf("the step-up of a changed session was audited as a wrong password: %+v", r)
				}
			}
			// The holder's own session goes on.
			if _, err := f.e.svc.ListAccounts(holder); err != nil {
				t.Errorf("holder: %v", err)
			}
		})
	}
}

// Seed 003 §10: an admin ID cannot delete the ID it is logged in with.
func TestAdminCannotDeleteItself(t *testing.T) {
	f := newPermFixture(t)
	admin := f.who["admin"]
	wantErr(t, f.e.svc.DeleteAccount(admin, f.e.svc.NewToken(), admin.AccountID), core.ErrForbidden)
	if _, ok := f.account(t, admin.AccountID); !ok {
		t.Fatal("the admin ID deleted itself")
	}
	// The holder may delete it; the admin's open session then ends.
	if err := f.e.svc.DeleteAccount(f.who["holder"], f.e.svc.NewToken(), admin.AccountID); err != nil {
		t.Fatal(err)
	}
}

// A principal whose account ID was deleted (or whose claims do not match the store) gets
// ErrSessionEnded from every procedure.
func TestSessionEnded(t *testing.T) {
	f := newPermFixture(t)
	user := f.who["user"]
	if err := f.e.svc.DeleteAccount(f.who["holder"], f.e.svc.NewToken(), user.AccountID); err != nil {
		t.Fatal(err)
	}
	wrongContract := f.who["admin"]
	wrongContract.Contract = f.lan
	noContract := core.Principal{Kind: core.KindHolder, Contract: "99999999999999", Source: "test"}
	for name, p := range map[string]core.Principal{
		"deleted account ID":                   user,
		"account ID claiming another contract": wrongContract,
		"holder of a contract that is gone":    noContract,
	} {
		t.Run(name, func(t *testing.T) {
			for proc, err := range subscriberProcedures(f.e, p, "arteri-mo-003") {
				if !errors.Is(err, core.ErrSessionEnded) {
					t.Errorf("%s: err = %v, want ErrSessionEnded", proc, err)
				}
			}
		})
	}
}

// subscriberProcedures calls every subscriber procedure of this slice once as p.
func subscriberProcedures(e *env, p core.Principal, target string) map[string]error {
	out := map[string]error{}
	tok := e.svc.NewToken
	_, out["ContractInfo"] = e.svc.ContractInfo(p)
	_, out["CustomerInfo"] = e.svc.CustomerInfo(p)
	_, out["CheckCustomerForm"] = e.svc.CheckCustomerForm(p, lanForm())
	_, out["UpdateCustomerInfo"] = e.svc.UpdateCustomerInfo(p, tok(), lanForm())
	out["CheckCustomerPassword"] = e.svc.CheckCustomerPassword(p, "current-password-1", newPassword, newPassword)
	out["ChangeCustomerPassword"] = e.svc.ChangeCustomerPassword(p, tok(), "current-password-1", newPassword, newPassword)
	_, out["ListAccounts"] = e.svc.ListAccounts(p)
	_, out["Account"] = e.svc.Account(p, target)
	out["CheckNewAccount"] = e.svc.CheckNewAccount(p, accountForm("brand-new-id", core.PermUser))
	_, out["RegisterAccount"] = e.svc.RegisterAccount(p, tok(), accountForm("brand-new-id", core.PermUser))
	f := accountForm(target, core.PermUser)
	f.Password = ""
	out["CheckAccountChange"] = e.svc.CheckAccountChange(p, f)
	_, out["UpdateAccount"] = e.svc.UpdateAccount(p, tok(), f)
	out["DeleteAccount"] = e.svc.DeleteAccount(p, tok(), target)
	_, out["Plans"] = e.svc.Plans(p)
	plan := core.PlanChangeRequest{Service: "1", To: "basic", Start: core.MonthOf(e.clock.Now()).Next()}
	_, out["QuotePlanChange"] = e.svc.QuotePlanChange(p, plan)
	_, out["ChangePlan"] = e.svc.ChangePlan(p, tok(), plan)
	return out
}

// The back office and the subscribers do not cross: an operator principal is refused every
// subscriber procedure, and every subscriber is refused the operator ones.
func TestOperatorAndSubscriberDoNotCross(t *testing.T) {
	f := newPermFixture(t)
	before := f.snapshot(t)
	for proc, err := range subscriberProcedures(f.e, f.e.op, "arteri-mo-003") {
		if !errors.Is(err, core.ErrForbidden) {
			t.Errorf("operator %s: err = %v, want ErrForbidden", proc, err)
		}
	}
	if f.snapshot(t) != before {
		t.Fatal("an operator changed subscriber data through a subscriber procedure")
	}

	for who, p := range f.who {
		t.Run(who, func(t *testing.T) {
			_, err := f.e.svc.CreateContract(p, core.NewContract{Type: "spaaqs-lan", Customer: customer()})
			wantErr(t, err, core.ErrForbidden)
			_, err = f.e.svc.ShowContract(p, f.multi)
			wantErr(t, err, core.ErrForbidden)
			_, err = f.e.svc.Outbox(p, 0)
			wantErr(t, err, core.ErrForbidden)
			_, err = f.e.svc.Audit(p, core.AuditFilter{Contract: f.multi})
			wantErr(t, err, core.ErrForbidden)
			_, err = f.e.svc.SeedDemo(p)
			wantErr(t, err, core.ErrForbidden)
			// The plan procedures of the back office (SPEC §11.1 rule 7, admin quote).
			_, err = f.e.svc.AddPlan(p, f.multi, "basic", f.e.clock.Now())
			wantErr(t, err, core.ErrForbidden)
			_, err = f.e.svc.QuotePlanChangeOf(p, f.multi, core.PlanChangeRequest{To: "basic", Start: core.MonthOf(f.e.clock.Now())})
			wantErr(t, err, core.ErrForbidden)
			_, err = f.e.svc.QuoteAnnualOptionOf(p, f.multi, "annual-mailbox")
			wantErr(t, err, core.ErrForbidden)
			_, err = f.e.svc.PlanChangeOf(p, "PC20260401-000001")
			wantErr(t, err, core.ErrForbidden)
			_, err = f.e.svc.PlansOf(p, f.multi)
			wantErr(t, err, core.ErrForbidden)
			_, err = f.e.svc.RenewalsDue(p, 60)
			wantErr(t, err, core.ErrForbidden)
			// The internet line is cancelled by phone and recorded by an operator (seed 003 §2).
			_, err = f.e.svc.CancelLine(p, f.multi, f.e.clock.Now())
			wantErr(t, err, core.ErrForbidden)
		})
	}
	// An empty principal (nobody logged in) is refused everything.
	for proc, err := range subscriberProcedures(f.e, core.Principal{}, "arteri-mo-003") {
		if !errors.Is(err, core.ErrForbidden) {
			t.Errorf("anonymous %s: err = %v, want ErrForbidden", proc, err)
		}
	}
	if _, err := f.e.svc.Outbox(core.Principal{}, 0); !errors.Is(err, core.ErrForbidden) {
		t.Errorf("anonymous Outbox: err = %v", err)
	}
	if f.snapshot(t) != before {
		t.Fatal("a refused procedure changed the data")
	}
}

// ownTicket is a ticket written by writer: every login reads only the
// tickets it wrote (TestTicketsWhoSees).
func ownTicket(writer string) contractFn {
	return contractFn{
		setup: func(t *testing.T, f *permFixture) {
			if _, err := f.e.svc.SubmitInquiry(f.who[writer], f.e.svc.NewToken(), core.NewInquiry{Service: core.InquiryOther, Content: "請求について", Agreed: true}); err != nil {
				t.Fatal(err)
			}
		},
		do: func(f *permFixture, p core.Principal) error {
			list, err := f.e.svc.AdminTickets(f.e.op, "")
			if err != nil || len(list) != 1 {
				return fmt.Errorf("tickets %v %v", list, err)
			}
			_, err = f.e.svc.Ticket(p, list[0].Number)
			return err
		},
	}
}

// bookCallback books the test slot as p, for a row that acts on the booking.
func (f *permFixture) bookCallback(t *testing.T, p core.Principal) {
	t.Helper()
	if _, err := f.e.svc.BookCallback(p, f.e.svc.NewToken(), callbackRequest(p)); err != nil {
		t.Fatal(err)
	}
}

// cancelCallback cancels, as p, the one booking of the call list.
func (f *permFixture) cancelCallback(p core.Principal) error {
	list, err := f.e.svc.CallList(f.e.op, callbackSlot)
	if err != nil || len(list) != 1 {
		return fmt.Errorf("call list %v %v", list, err)
	}
	_, err = f.e.svc.CancelCallback(p, f.e.svc.NewToken(), list[0].Number)
	return err
}
