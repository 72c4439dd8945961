package core_test

import (
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"mypage/core"
)

// optFix is the demo database with its logins: the multi contract (arteri-an-001 admin,
// arteri-ko-002 user), the LAN contract (yamada-taro admin, yamada.hana user) and the
// home contract without account IDs.
type optFix struct {
	*env
	d                            demo
	multi, lan, home             string // customer numbers
	holder, admin, user          core.Principal
	lanHolder, lanAdmin, lanUser core.Principal
	homeHolder                   core.Principal
}

func newOptFix(t *testing.T) *optFix {
	t.Helper()
	e := newEnv(t)
	d := e.seedDemo(t)
	return &optFix{
		env: e, d: d,
		multi: d.holder["spaaqs-multi"].Login, lan: d.holder["spaaqs-lan"].Login, home: d.holder["spaaqs-home"].Login,
		holder:     e.holderOf(t, d.holder["spaaqs-multi"]),
		admin:      e.accountOf(t, d.account["spaaqs-multi"]["admin"]),
		user:       e.accountOf(t, d.account["spaaqs-multi"]["user"]),
		lanHolder:  e.holderOf(t, d.holder["spaaqs-lan"]),
		lanAdmin:   e.accountOf(t, d.account["spaaqs-lan"]["admin"]),
		lanUser:    e.accountOf(t, d.account["spaaqs-lan"]["user"]),
		homeHolder: e.holderOf(t, d.holder["spaaqs-home"]),
	}
}

// The demo account IDs.
const (
	anID   = "arteri-an-001" // multi, admin
	koID   = "arteri-ko-002" // multi, user
	taroID = "yamada-taro"   // LAN, admin
	hanaID = "yamada.hana"   // LAN, user
)

func (f *optFix) purchase(t *testing.T, p core.Principal, code, account string) core.OptionView {
	t.Helper()
	v, err := f.svc.PurchaseOption(p, f.svc.NewToken(), code, account)
	if err != nil {
		t.Fatalf("purchase %s%s: %v", code, at(account), err)
	}
	return v
}

func (f *optFix) cancel(t *testing.T, p core.Principal, code, account string) core.OptionView {
	t.Helper()
	v, err := f.svc.CancelOption(p, f.svc.NewToken(), code, account)
	if err != nil {
		t.Fatalf("cancel %s%s: %v", code, at(account), err)
	}
	return v
}

func (f *optFix) status(t *testing.T, p core.Principal, code, account string) core.OptionView {
	t.Helper()
	v, err := f.svc.OptionStatus(p, code, account)
	if err != nil {
		t.Fatalf("status %s%s: %v", code, at(account), err)
	}
	return v
}

func at(account string) string {
	if account == "" {
		return ""
	}
	return "@" + account
}

// records returns the option records of code (for the account, "" for the contract) as the back office sees them.
func (f *optFix) records(t *testing.T, number, code, account string) []core.OptionRecord {
	t.Helper()
	c, err := f.svc.ShowContract(f.op, number)
	if err != nil {
		t.Fatal(err)
	}
	var out []core.OptionRecord
	for _, r := range c.Options {
		if r.Option == code && r.Account == account {
			out = append(out, r)
		}
	}
	return out
}

func (f *optFix) info(t *testing.T, p core.Principal) core.ContractInfo {
	t.Helper()
	info, err := f.svc.ContractInfo(p)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// setOther gives the account ID another provider's address.
func (f *optFix) setOther(t *testing.T, p core.Principal, account, address string) core.MailResult {
	t.Helper()
	r, err := f.svc.SetMail(p, f.svc.NewToken(), core.MailForm{Account: account, Kind: core.MailOther, Address: address, Agree: true})
	if err != nil {
		t.Fatalf("mail address %s for %s: %v", address, account, err)
	}
	return r
}

// setProvider gives the account ID the provider address local@s2.spaaqs.ne.jp.
func (f *optFix) setProvider(t *testing.T, p core.Principal, account, local string) core.MailResult {
	t.Helper()
	r, err := f.svc.SetMail(p, f.svc.NewToken(), core.MailForm{Account: account, Kind: core.MailProvider, Local: local, Agree: true})
	if err != nil {
		t.Fatalf("provider address %s for %s: %v", local, account, err)
	}
	return r
}

// shownState is the state of an option as the other screens show it: the contract
// summary for contract options, the account detail for account options, and the
// option group's list. They must all agree with OptionStatus.
func (f *optFix) shownState(t *testing.T, p core.Principal, o core.Option, account string) core.OptionState {
	t.Helper()
	group, err := f.svc.GroupOptions(p, o.Group, account)
	if err != nil {
		t.Fatal(err)
	}
	var fromGroup core.OptionState
	for _, v := range group {
		if v.Option.Code == o.Code {
			fromGroup = v.State
		}
	}
	var fromScreen core.OptionState
	if o.Scope == core.ScopeAccount {
		ds, err := f.svc.AccountDetails(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			for _, v := range d.Security {
				if d.Account.ID == account && v.Option.Code == o.Code {
					fromScreen = v.State
				}
			}
		}
	} else {
		info := f.info(t, p)
		if info.MailOption != nil && info.MailOption.Option.Code == o.Code {
			fromScreen = info.MailOption.State
		}
		for _, s := range info.Options {
			if s.Option.Code == o.Code {
				fromScreen = s.State
			}
		}
		if o.Requires != "" {
			fromScreen = fromGroup // add-ons are listed under their base option's screen only
		}
	}
	if fromGroup != fromScreen {
		t.Fatalf("%s: the option list says %q, the summary %q", o.Code, fromGroup, fromScreen)
	}
	return fromScreen
}

func wantBlock(t *testing.T, err error, code string) {
	t.Helper()
	if got := core.OptionBlock(err); got != code {
		t.Fatalf("err = %v, want an option error %q", err, code)
	}
}

// SPEC §8: purchase → 購入済; cancel → 解約済(月末まで) until the month ends, then 未購入;
// purchase, cancel and purchase again in one month makes two records. OptionStatus,
// the contract summary / account detail and the option list read the same history.
func TestOptionStateFollowsHistory(t *testing.T) {
	tests := []struct {
		code    string
		account string // "" for contract options
	}{
		{"remote-support", ""},
		{"warranty", ""},
		{"sec-360", koID},
		{"kids-filter", anID},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			f := newOptFix(t)
			o, _ := f.svc.Catalog().Option(tt.code)
			if tt.account != "" {
				f.setOther(t, f.holder, tt.account, tt.account+"@example.com")
			}
			state := func(want core.OptionState) {
				t.Helper()
				if got := f.status(t, f.holder, tt.code, tt.account).State; got != want {
					t.Fatalf("%v: OptionStatus %q, want %q", f.svc.Now(), got, want)
				}
				if got := f.shownState(t, f.holder, o, tt.account); got != want {
					t.Fatalf("%v: shown %q, want %q", f.svc.Now(), got, want)
				}
			}
			state(core.OptionNotPurchased)

			if v := f.purchase(t, f.holder, tt.code, tt.account); v.State != core.OptionPurchased || v.CanPurchase || v.PurchaseBlock != core.BlockHeld {
				t.Fatalf("after purchase: %+v", v)
			}
			state(core.OptionPurchased)

			f.clock.Set(time.Date(2026, time.April, 20, 15, 0, 0, 0, core.JST))
			v := f.cancel(t, f.holder, tt.code, tt.account)
			if v.State != core.OptionCancelling || v.CanCancel || v.CancelBlock != core.BlockNotHeld || !v.CanPurchase {
				t.Fatalf("after cancel: %+v", v)
			}
			state(core.OptionCancelling)
			f.clock.Set(time.Date(2026, time.April, 30, 23, 59, 59, 0, core.JST))
			state(core.OptionCancelling) // usable to the last second of the month

			// Purchase again in the cancel month: a second record, purchased again.
			f.purchase(t, f.holder, tt.code, tt.account)
			state(core.OptionPurchased)
			recs := f.records(t, f.multi, tt.code, tt.account)
			if len(recs) != 2 || recs[0].CancelledAt == nil || recs[1].CancelledAt != nil {
				t.Fatalf("records %+v, want a cancelled one and a new one", recs)
			}
			if !recs[1].PurchasedAt.Equal(f.svc.Now()) || !recs[0].CancelledAt.Equal(time.Date(2026, time.April, 20, 15, 0, 0, 0, core.JST)) {
				t.Fatalf("records %+v", recs)
			}

			f.cancel(t, f.holder, tt.code, tt.account)
			state(core.OptionCancelling)
			f.clock.Set(time.Date(2026, time.May, 1, 0, 0, 0, 0, core.JST))
			state(core.OptionNotPurchased)
			if v := f.status(t, f.holder, tt.code, tt.account); !v.CanPurchase || v.CanCancel {
				t.Fatalf("next month: %+v", v)
			}
		})
	}
}

// SPEC §8: an option is held at most once at a time; a second purchase is refused.
func TestOptionAlreadyHeld(t *testing.T) {
	tests := []struct {
		code, account string
		before        []string // purchased first (contract options)
	}{
		{code: "mailpack"},
		{code: "remote-support"},
		{code: "warranty"},
		{code: "warranty-addon", before: []string{"warranty"}},
		{code: "sec-360", account: anID},
		{code: "kids-filter", account: anID},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			f := newOptFix(t)
			f.setOther(t, f.holder, anID, "an@example.com")
			for _, b := range tt.before {
				f.purchase(t, f.holder, b, "")
			}
			f.purchase(t, f.holder, tt.code, tt.account)
			_, err := f.svc.PurchaseOption(f.admin, f.svc.NewToken(), tt.code, tt.account)
			wantBlock(t, err, core.BlockHeld)
			if v := f.status(t, f.admin, tt.code, tt.account); v.CanPurchase || v.PurchaseBlock != core.BlockHeld {
				t.Fatalf("status %+v", v)
			}
			if n := len(f.records(t, f.multi, tt.code, tt.account)); n != 1 {
				t.Fatalf("%d records, want 1", n)
			}
		})
	}
}

// SPEC §7 remote support: the first application has no fee; any later one after a cancel
// carries the 3,000 re-application fee; the support phone number is shown only while held.
func TestRemoteSupportFeeAndPhone(t *testing.T) {
	f := newOptFix(t)
	const code = "remote-support"
	o, _ := f.svc.Catalog().Option(code)
	if o.Phone != "0120-933-111" || o.ReapplyFee != 3000 || o.Monthly != 500 {
		t.Fatalf("catalog: %+v", o)
	}
	v := f.status(t, f.holder, code, "")
	if v.Fee != 0 || v.Phone != "" || v.Hours != "" || v.State != core.OptionNotPurchased {
		t.Fatalf("before the first application: %+v", v)
	}
	v = f.purchase(t, f.holder, code, "")
	if v.Phone != o.Phone || v.Hours != o.Hours {
		t.Fatalf("purchased: phone %q hours %q", v.Phone, v.Hours)
	}
	if v := f.status(t, f.user, code, ""); v.Phone != o.Phone { // a user ID reads the status too
		t.Fatalf("user ID sees phone %q", v.Phone)
	}
	if recs := f.records(t, f.multi, code, ""); len(recs) != 1 || recs[0].Fee != 0 {
		t.Fatalf("first application: %+v", recs)
	}

	v = f.cancel(t, f.admin, code, "")
	if v.State != core.OptionCancelling || v.Phone != o.Phone || v.Fee != 3000 {
		t.Fatalf("cancelled (usable to the month end, a new application costs the fee): %+v", v)
	}
	// Applying again in the same month already carries the fee.
	f.purchase(t, f.holder, code, "")
	f.cancel(t, f.holder, code, "")

	f.clock.Set(time.Date(2026, time.May, 7, 9, 0, 0, 0, core.JST))
	v = f.status(t, f.holder, code, "")
	if v.State != core.OptionNotPurchased || v.Phone != "" || v.Hours != "" || v.Fee != 3000 {
		t.Fatalf("after the cancel month: %+v", v)
	}
	f.purchase(t, f.admin, code, "")
	recs := f.records(t, f.multi, code, "")
	if len(recs) != 3 || recs[1].Fee != 3000 || recs[2].Fee != 3000 {
		t.Fatalf("re-applications: %+v, want fees 0, 3000, 3000", recs)
	}
	// The fee is per contract: another contract's first application is free.
	if v := f.purchase(t, f.lanHolder, code, ""); v.Phone != o.Phone {
		t.Fatalf("LAN: %+v", v)
	}
	if recs := f.records(t, f.lan, code, ""); len(recs) != 1 || recs[0].Fee != 0 {
		t.Fatalf("LAN first application: %+v", recs)
	}
}

// SPEC §3.1, §7: the device warranty is offered to spaaqs contract types only.
func TestWarrantyOfferedToSpaaqsOnly(t *testing.T) {
	e := newEnv(t)
	for _, tt := range []struct {
		typ     string
		offered bool
	}{
		{"spaaqs-lan", true}, {"spaaqs-home", true}, {"spaaqs-vdsl", true}, {"spaaqs-multi", true},
		{"ucom-me", false}, {"ucom-mv", false}, {"ucom-mep", false},
	} {
		t.Run(tt.typ, func(t *testing.T) {
			cert, holder := e.newContract(t, tt.typ)
			info, err := e.svc.ContractInfo(holder)
			if err != nil {
				t.Fatal(err)
			}
			listed := false
			for _, s := range info.Options {
				listed = listed || s.Option.Code == "warranty"
			}
			group, err := e.svc.GroupOptions(holder, "warranty", "")
			if err != nil {
				t.Fatal(err)
			}
			if listed != tt.offered || (len(group) == 2) != tt.offered || (len(group) == 0) == tt.offered {
				t.Fatalf("contract info lists the warranty = %v, the warranty screen offers %d options; offered = %v", listed, len(group), tt.offered)
			}
			v, err := e.svc.OptionStatus(holder, "warranty", "")
			if err != nil {
				t.Fatal(err)
			}
			_, buyErr := e.svc.PurchaseOption(holder, e.svc.NewToken(), "warranty", "")
			if tt.offered {
				if buyErr != nil || !v.CanPurchase {
					t.Fatalf("purchase: %v (status %+v)", buyErr, v)
				}
				return
			}
			if v.CanPurchase || v.PurchaseBlock != core.BlockNotOffered {
				t.Fatalf("status %+v", v)
			}
			wantBlock(t, buyErr, core.BlockNotOffered)
			_, err = e.svc.PurchaseOption(holder, e.svc.NewToken(), "warranty-addon", "")
			wantBlock(t, err, core.BlockNotOffered)
			_, err = e.svc.CancelOption(holder, e.svc.NewToken(), "warranty", "")
			wantBlock(t, err, core.BlockNotOffered)
			if r, _ := e.svc.ShowContract(e.op, cert.Number); len(r.Options) != 0 {
				t.Fatalf("records %+v", r.Options)
			}
		})
	}
}

// SPEC §7: the add-on needs the base, cannot be cancelled alone, and ends with the base.
func TestWarrantyAddOn(t *testing.T) {
	f := newOptFix(t)
	v := f.status(t, f.user, "warranty-addon", "")
	if v.CanPurchase || v.PurchaseBlock != core.BlockNeedsBase {
		t.Fatalf("add-on without base: %+v", v)
	}
	_, err := f.svc.PurchaseOption(f.user, f.svc.NewToken(), "warranty-addon", "")
	wantBlock(t, err, core.BlockNeedsBase)

	f.purchase(t, f.user, "warranty", "")
	f.purchase(t, f.user, "warranty-addon", "")
	v = f.status(t, f.user, "warranty-addon", "")
	if v.CanCancel || v.CancelBlock != core.BlockNotAlone {
		t.Fatalf("add-on held: %+v", v)
	}
	_, err = f.svc.CancelOption(f.holder, f.svc.NewToken(), "warranty-addon", "")
	wantBlock(t, err, core.BlockNotAlone)
	if r := f.records(t, f.multi, "warranty-addon", ""); r[0].CancelledAt != nil {
		t.Fatal("the refused cancel ended the add-on")
	}

	f.clock.Set(time.Date(2026, time.April, 14, 12, 0, 0, 0, core.JST))
	f.cancel(t, f.admin, "warranty", "")
	base, addon := f.records(t, f.multi, "warranty", ""), f.records(t, f.multi, "warranty-addon", "")
	if base[0].CancelledAt == nil || addon[0].CancelledAt == nil || !base[0].CancelledAt.Equal(*addon[0].CancelledAt) {
		t.Fatalf("base %+v, add-on %+v: want both cancelled at the same moment", base, addon)
	}
	if s := f.status(t, f.holder, "warranty-addon", ""); s.State != core.OptionCancelling {
		t.Fatalf("add-on after the base cancel: %+v", s)
	}
	// The base is only cancelling now: the add-on cannot be bought on it.
	_, err = f.svc.PurchaseOption(f.holder, f.svc.NewToken(), "warranty-addon", "")
	wantBlock(t, err, core.BlockNeedsBase)
}

// SPEC §7: the month of application and the next are the exemption period; cover starts
// on the 1st of the month after next. Seed example: 2015-02-16 → 2015-04-01.
func TestWarrantyDates(t *testing.T) {
	for _, tt := range []struct {
		applied           time.Time
		exemptionEnd, cov string
	}{
		{time.Date(2015, 2, 16, 10, 0, 0, 0, core.JST), "2015-03-31", "2015-04-01"}, // the seed's example
		{time.Date(2015, 2, 1, 0, 0, 0, 0, core.JST), "2015-03-31", "2015-04-01"},
		{time.Date(2015, 2, 28, 23, 59, 0, 0, core.JST), "2015-03-31", "2015-04-01"},
		{time.Date(2015, 11, 30, 10, 0, 0, 0, core.JST), "2015-12-31", "2016-01-01"},
		{time.Date(2015, 12, 31, 10, 0, 0, 0, core.JST), "2016-01-31", "2016-02-01"},
		{time.Date(2015, 12, 15, 10, 0, 0, 0, core.JST), "2016-01-31", "2016-02-01"},
		{time.Date(2016, 1, 5, 10, 0, 0, 0, core.JST), "2016-02-29", "2016-03-01"},   // leap year
		{time.Date(2015, 1, 31, 15, 30, 0, 0, time.UTC), "2015-03-31", "2015-04-01"}, // 2015-02-01 00:30 in Japan
	} {
		end, cover := core.WarrantyPeriod(tt.applied)
		if got := end.In(core.JST).Format("2006-01-02"); got != tt.exemptionEnd {
			t.Errorf("%v: exemption until %s, want %s", tt.applied, got, tt.exemptionEnd)
		}
		if got := cover.In(core.JST).Format("2006-01-02 15:04"); got != tt.cov+" 00:00" {
			t.Errorf("%v: cover from %s, want %s 00:00 JST", tt.applied, got, tt.cov)
		}
	}

	// The warranty screen shows the dates of a purchase now (the clock: 2026-04-01).
	f := newOptFix(t)
	for _, code := range []string{"warranty", "warranty-addon"} {
		v := f.status(t, f.holder, code, "")
		if v.ExemptionEnd.Format("2006-01-02") != "2026-05-31" || v.CoverStart.Format("2006-01-02") != "2026-06-01" {
			t.Errorf("%s: exemption end %v, cover start %v", code, v.ExemptionEnd, v.CoverStart)
		}
	}
	f.clock.Set(time.Date(2026, time.December, 10, 10, 0, 0, 0, core.JST))
	if v := f.status(t, f.holder, "warranty", ""); v.CoverStart.Format("2006-01-02") != "2027-02-01" {
		t.Errorf("applied in December: cover from %v", v.CoverStart)
	}
	if v := f.status(t, f.holder, "remote-support", ""); !v.CoverStart.IsZero() {
		t.Errorf("remote support carries a cover start %v", v.CoverStart)
	}
}

// SPEC §6: a security option needs a mail address on the account ID.
func TestSecurityNeedsMail(t *testing.T) {
	f := newOptFix(t)
	for _, code := range []string{"sec-360", "sec-basic", "sec-online", "kids-filter"} {
		v := f.status(t, f.holder, code, koID)
		if v.CanPurchase || v.PurchaseBlock != core.BlockNeedsMail {
			t.Fatalf("%s without mail: %+v", code, v)
		}
		_, err := f.svc.PurchaseOption(f.user, f.svc.NewToken(), code, koID)
		wantBlock(t, err, core.BlockNeedsMail)
	}
	// An account option needs an account ID.
	_, err := f.svc.PurchaseOption(f.holder, f.svc.NewToken(), "sec-360", "")
	wantErr(t, err, core.ErrNotFound)
	// Another provider's address is enough.
	f.setOther(t, f.user, koID, "hikaru@example.com")
	if v := f.purchase(t, f.user, "sec-360", koID); v.State != core.OptionPurchased || v.Account != koID {
		t.Fatalf("after the mail address: %+v", v)
	}
	// So is a provider address (the multi contract's free one).
	f.setProvider(t, f.admin, anID, "arteri-an")
	f.purchase(t, f.admin, "sec-online", anID)
}

// SPEC §6: 360°, Basic and Online exclude one another on one account ID; Kids filter
// combines with any; another account ID is not affected.
func TestSecurityExclusive(t *testing.T) {
	pc := []string{"sec-360", "sec-basic", "sec-online"}
	type row struct {
		held, buy string
		block     string // "" = allowed
	}
	var rows []row
	for _, h := range pc {
		for _, b := range pc {
			if h != b {
				rows = append(rows, row{h, b, core.BlockExclusive})
			}
		}
		rows = append(rows, row{h, "kids-filter", ""}, row{"kids-filter", h, ""})
	}
	for _, tt := range rows {
		t.Run(tt.held+"+"+tt.buy, func(t *testing.T) {
			f := newOptFix(t)
			f.setOther(t, f.holder, anID, "an@example.com")
			f.setOther(t, f.holder, koID, "ko@example.com")
			f.purchase(t, f.holder, tt.held, anID)

			v := f.status(t, f.admin, tt.buy, anID)
			_, err := f.svc.PurchaseOption(f.admin, f.svc.NewToken(), tt.buy, anID)
			if tt.block == "" {
				if err != nil || !v.CanPurchase {
					t.Fatalf("err = %v, status %+v", err, v)
				}
			} else {
				wantBlock(t, err, tt.block)
				var oe *core.OptionError
				if !errors.As(err, &oe) || oe.Other != tt.held {
					t.Fatalf("err = %#v, want the excluding option %s", err, tt.held)
				}
				if v.CanPurchase || v.PurchaseBlock != tt.block || v.BlockOther != tt.held {
					t.Fatalf("status %+v", v)
				}
			}
			// The other account ID may take it either way.
			f.purchase(t, f.user, tt.buy, koID)
		})
	}

	// Once the excluding product is cancelled, the other can be bought (a change of product).
	f := newOptFix(t)
	f.setOther(t, f.holder, anID, "an@example.com")
	f.purchase(t, f.holder, "sec-360", anID)
	f.cancel(t, f.holder, "sec-360", anID)
	f.purchase(t, f.holder, "sec-basic", anID)
}

var pinFormat = regexp.MustCompile(`^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$`)

// SPEC §6: the purchase issues a PIN, shown after purchase and on the status screen,
// and mailed with the download link to the account ID's address.
func TestSecurityPINAndMail(t *testing.T) {
	f := newOptFix(t)
	f.setOther(t, f.user, koID, "hikaru@example.com")
	pins := map[string]bool{}
	for _, code := range []string{"sec-360", "kids-filter"} {
		o, _ := f.svc.Catalog().Option(code)
		before := len(f.outbox(t))
		v := f.purchase(t, f.user, code, koID)
		if !pinFormat.MatchString(v.PIN) {
			t.Fatalf("%s: PIN %q, want XXXX-XXXX-XXXX-XXXX", code, v.PIN)
		}
		if pins[v.PIN] {
			t.Fatalf("PIN %s issued twice", v.PIN)
		}
		pins[v.PIN] = true
		if s := f.status(t, f.holder, code, koID); s.PIN != v.PIN || s.Option.DownloadURL != o.DownloadURL || o.DownloadURL == "" {
			t.Fatalf("status screen: PIN %q, download %q", s.PIN, s.Option.DownloadURL)
		}
		if r := f.records(t, f.multi, code, koID); len(r) != 1 || r[0].PIN != v.PIN {
			t.Fatalf("record %+v", r)
		}
		out := f.outbox(t)
		if len(out) != before+1 {
			t.Fatalf("%d mails, want 1", len(out)-before)
		}
		m := out[len(out)-1]
		if m.To != "hikaru@example.com" || !strings.Contains(m.Subject, o.Name) ||
			!strings.Contains(m.Body, v.PIN) || !strings.Contains(m.Body, o.DownloadURL) || !strings.Contains(m.Body, koID) {
			t.Fatalf("completion mail %+v", m)
		}
	}
	// Contract options have no PIN; their mail goes to the holder's contact address.
	v := f.purchase(t, f.holder, "remote-support", "")
	if v.PIN != "" {
		t.Fatalf("remote support PIN %q", v.PIN)
	}
	out := f.outbox(t)
	if m := out[len(out)-1]; m.To != "arteri-an@keitai-address.ne.jp" || strings.Contains(m.Body, "PIN") {
		t.Fatalf("remote support mail %+v", m)
	}

	// The PIN stays visible to the month end after a cancel, then disappears.
	f.cancel(t, f.user, "sec-360", koID)
	if s := f.status(t, f.user, "sec-360", koID); s.PIN == "" {
		t.Fatal("PIN hidden in the cancel month")
	}
	f.clock.Set(time.Date(2026, time.May, 1, 0, 0, 0, 0, core.JST))
	if s := f.status(t, f.user, "sec-360", koID); s.PIN != "" || s.State != core.OptionNotPurchased {
		t.Fatalf("after the cancel month: %+v", s)
	}
	// A new purchase draws a new PIN.
	if v := f.purchase(t, f.user, "sec-360", koID); !pinFormat.MatchString(v.PIN) || pins[v.PIN] {
		t.Fatalf("new PIN %q", v.PIN)
	}
}

// SPEC §5.3: the paid mail options end only by the automatic cancel.
func TestMailOptionsCannotBeCancelled(t *testing.T) {
	f := newOptFix(t)
	for _, tt := range []struct {
		number, code        string
		holder, admin, user core.Principal
	}{
		{f.multi, "mailpack", f.holder, f.admin, f.user},
		{f.lan, "mailweb", f.lanHolder, f.lanAdmin, f.lanUser},
	} {
		t.Run(tt.code, func(t *testing.T) {
			_, err := f.svc.CancelOption(tt.holder, f.svc.NewToken(), tt.code, "")
			wantBlock(t, err, core.BlockNotHeld)
			f.purchase(t, tt.admin, tt.code, "")
			for _, p := range []core.Principal{tt.holder, tt.admin} {
				_, err := f.svc.CancelOption(p, f.svc.NewToken(), tt.code, "")
				wantBlock(t, err, core.BlockAutoCancelOnly)
				if v := f.status(t, p, tt.code, ""); v.CanCancel || v.CancelBlock != core.BlockAutoCancelOnly {
					t.Fatalf("status %+v", v)
				}
			}
			_, err = f.svc.CancelOption(tt.user, f.svc.NewToken(), tt.code, "")
			wantErr(t, err, core.ErrForbidden)
			// Charged every month while held, with no address in use (SPEC §5.3): still held next month.
			f.clock.Set(time.Date(2026, time.June, 1, 0, 0, 0, 0, core.JST))
			if s := f.status(t, tt.holder, tt.code, ""); s.State != core.OptionPurchased {
				t.Fatalf("next months: %+v", s)
			}
			if r := f.records(t, tt.number, tt.code, ""); len(r) != 1 || r[0].CancelledAt != nil {
				t.Fatalf("records %+v", r)
			}
			f.clock.Set(start)
		})
	}
}

// SPEC §3.1, §5.3: メールパック for the multi family, メール&Webスペース for the LAN family.
func TestMailOptionByFamily(t *testing.T) {
	e := newEnv(t)
	for _, tt := range []struct {
		typ            string
		offered, other string
	}{
		{"spaaqs-vdsl", "mailpack", "mailweb"},
		{"spaaqs-multi", "mailpack", "mailweb"},
		{"ucom-mv", "mailpack", "mailweb"},
		{"ucom-mep", "mailpack", "mailweb"},
		{"spaaqs-lan", "mailweb", "mailpack"},
		{"spaaqs-home", "mailweb", "mailpack"},
		{"ucom-me", "mailweb", "mailpack"},
	} {
		t.Run(tt.typ, func(t *testing.T) {
			cert, holder := e.newContract(t, tt.typ)
			info, err := e.svc.ContractInfo(holder)
			if err != nil {
				t.Fatal(err)
			}
			if info.MailOption == nil || info.MailOption.Option.Code != tt.offered {
				t.Fatalf("contract info mail option %+v, want %s", info.MailOption, tt.offered)
			}
			group, err := e.svc.GroupOptions(holder, "mail", "")
			if err != nil || len(group) != 1 || group[0].Option.Code != tt.offered {
				t.Fatalf("mail screen offers %+v (%v)", group, err)
			}
			_, err = e.svc.PurchaseOption(holder, e.svc.NewToken(), tt.other, "")
			wantBlock(t, err, core.BlockNotOffered)
			if v, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), tt.offered, ""); err != nil || v.State != core.OptionPurchased {
				t.Fatalf("purchase %s: %v %+v", tt.offered, err, v)
			}
			r, _ := e.svc.ShowContract(e.op, cert.Number)
			if len(r.Options) != 1 || r.Options[0].Option != tt.offered {
				t.Fatalf("records %+v", r.Options)
			}
			if info, _ := e.svc.ContractInfo(holder); info.MailOption.State != core.OptionPurchased {
				t.Fatalf("contract info %+v", info.MailOption)
			}
		})
	}
}

// SPEC §2: a confirm submitted twice with the same token purchases (or cancels) once.
func TestOptionDoubleSubmission(t *testing.T) {
	f := newOptFix(t)
	f.setOther(t, f.holder, koID, "ko@example.com")
	for _, tt := range []struct {
		code, account string
	}{
		{"remote-support", ""}, {"warranty", ""}, {"mailpack", ""}, {"sec-360", koID},
	} {
		t.Run(tt.code, func(t *testing.T) {
			mails := len(f.outbox(t))
			token := f.svc.NewToken()
			errs := make([]error, 4)
			var wg sync.WaitGroup
			for i := range errs {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					_, errs[i] = f.svc.PurchaseOption(f.holder, token, tt.code, tt.account)
				}(i)
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				if err == nil {
					ok++
				} else {
					wantErr(t, err, core.ErrAlreadySubmitted)
				}
			}
			if ok != 1 {
				t.Fatalf("%d purchases ran: %v", ok, errs)
			}
			// Sent again later (reconnect), the same confirm still runs nothing.
			_, err := f.svc.PurchaseOption(f.holder, token, tt.code, tt.account)
			wantErr(t, err, core.ErrAlreadySubmitted)
			if n := len(f.records(t, f.multi, tt.code, tt.account)); n != 1 {
				t.Fatalf("%d records, want 1", n)
			}
			if n := len(f.outbox(t)) - mails; n != 1 {
				t.Fatalf("%d completion mails, want 1", n)
			}
			if tt.code == "mailpack" {
				return // not cancellable by the subscriber
			}
			token = f.svc.NewToken()
			if _, err := f.svc.CancelOption(f.holder, token, tt.code, tt.account); err != nil {
				t.Fatal(err)
			}
			cancelled := f.records(t, f.multi, tt.code, tt.account)[0].CancelledAt
			f.clock.Advance(time.Minute)
			_, err = f.svc.CancelOption(f.holder, token, tt.code, tt.account)
			wantErr(t, err, core.ErrAlreadySubmitted)
			if r := f.records(t, f.multi, tt.code, tt.account); len(r) != 1 || !r[0].CancelledAt.Equal(*cancelled) {
				t.Fatalf("records %+v", r)
			}
		})
	}
}

// Unknown options and account IDs of another contract are not found; a refusal is audited.
func TestOptionNotFound(t *testing.T) {
	f := newOptFix(t)
	f.setOther(t, f.lanHolder, hanaID, "hana@example.com")
	for name, call := range map[string]func() error{
		"unknown option": func() error {
			_, err := f.svc.PurchaseOption(f.holder, f.svc.NewToken(), "no-such-option", "")
			return err
		},
		"unknown option status": func() error { _, err := f.svc.OptionStatus(f.holder, "no-such-option", ""); return err },
		"account of another contract": func() error {
			_, err := f.svc.PurchaseOption(f.holder, f.svc.NewToken(), "sec-360", hanaID)
			return err
		},
		"cancel on an account of another contract": func() error {
			_, err := f.svc.CancelOption(f.admin, f.svc.NewToken(), "sec-360", hanaID)
			return err
		},
		"unknown account": func() error { _, err := f.svc.OptionStatus(f.holder, "sec-360", "nobody-here"); return err },
	} {
		t.Run(name, func(t *testing.T) { wantErr(t, call(), core.ErrNotFound) })
	}
	if r := f.records(t, f.lan, "sec-360", hanaID); len(r) != 0 {
		t.Fatalf("records %+v", r)
	}
	_, err := f.svc.PurchaseOption(f.user, f.svc.NewToken(), "remote-support", "")
	wantErr(t, err, core.ErrForbidden)
	last := f.audit(t)
	if a := last[len(last)-1]; a.Action != "option-purchase" || a.Result != "refused" || a.Target != "remote-support" || a.Actor != "account:"+koID {
		t.Fatalf("audit %+v", a)
	}
}
