package core_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"mypage/core"
)

const domain = "@s2.spaaqs.ne.jp"

// usage is a row of the contract summary: used / allowed (basic N + M).
func usage(used, basic, extra int) core.Usage {
	return core.Usage{Used: used, Allowed: basic + extra, Basic: basic, Extra: extra, HasExtra: true}
}

func (f *optFix) mailChoice(t *testing.T, p core.Principal, account string) core.MailChoice {
	t.Helper()
	c, err := f.svc.MailChoice(p, account)
	if err != nil {
		t.Fatalf("MailChoice %s: %v", account, err)
	}
	return c
}

func (f *optFix) detailOf(t *testing.T, p core.Principal, account string) core.AccountDetail {
	t.Helper()
	ds, err := f.svc.AccountDetails(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Account.ID == account {
			return d
		}
	}
	t.Fatalf("%s is not in the account details", account)
	return core.AccountDetail{}
}

// SPEC §3.1, §5.1, §5.3 for every contract type of the default catalog: the basic provider
// addresses are free; beyond them the screen names the paid option; with it the addresses
// reach basic + extra. The contract summary counts along.
func TestMailAllowanceByContractType(t *testing.T) {
	e := newEnv(t)
	f := &optFix{env: e}
	for _, tt := range []struct {
		typ          string
		option       string
		basic, extra int
	}{
		{"spaaqs-lan", "mailweb", 0, 5},
		{"spaaqs-home", "mailweb", 0, 5},
		{"ucom-me", "mailweb", 0, 5},
		{"spaaqs-vdsl", "mailpack", 1, 5},
		{"spaaqs-multi", "mailpack", 1, 5},
		{"ucom-mv", "mailpack", 1, 5},
		{"ucom-mep", "mailpack", 1, 5},
	} {
		t.Run(tt.typ, func(t *testing.T) {
			cert, holder := e.newContract(t, tt.typ)
			ct, _ := e.svc.Catalog().ContractType(tt.typ)
			var ids []string
			for i := 1; i <= ct.AccountIDs; i++ {
				id := fmt.Sprintf("%s-%d", tt.typ, i)
				e.register(t, holder, accountForm(id, core.PermUser))
				ids = append(ids, id)
			}
			if ct.AccountIDs < tt.basic+tt.extra {
				t.Fatalf("%d account IDs cannot use %d addresses", ct.AccountIDs, tt.basic+tt.extra)
			}
			rows := func(mails int) {
				t.Helper()
				info := f.info(t, holder)
				extra := 0
				if info.MailOption.State == core.OptionPurchased {
					extra = tt.extra
				}
				if info.MailAccounts != usage(mails, tt.basic, extra) {
					t.Fatalf("mail row %+v, want %+v", info.MailAccounts, usage(mails, tt.basic, extra))
				}
				if info.WebSpaces != usage(0, tt.basic, extra) {
					t.Fatalf("web row %+v", info.WebSpaces)
				}
			}
			rows(0)
			used := 0
			for ; used < tt.basic; used++ {
				c := f.mailChoice(t, holder, ids[used])
				if !c.ProviderAllowed || c.MailOption != nil || c.Domain != "s2.spaaqs.ne.jp" {
					t.Fatalf("basic address %d: %+v", used+1, c)
				}
				f.setProvider(t, holder, ids[used], ids[used])
				rows(used + 1)
			}

			// The allowance is used up: the choice is greyed out and names the option to buy.
			next := ids[used]
			c := f.mailChoice(t, holder, next)
			if c.ProviderAllowed || c.MailOption == nil || c.MailOption.Code != tt.option || c.MailOptionHeld {
				t.Fatalf("beyond the basic allowance: %+v", c)
			}
			form := core.MailForm{Account: next, Kind: core.MailProvider, Local: next, Agree: true}
			_, err := e.svc.CheckMail(holder, form)
			wantProblem(t, err, core.FieldMailKind, core.ProblemAllowance)
			_, err = e.svc.SetMail(holder, e.svc.NewToken(), form)
			wantProblem(t, err, core.FieldMailKind, core.ProblemAllowance)
			rows(used)
			// Another provider's address is free at any time.
			if _, err := e.svc.CheckMail(holder, core.MailForm{Account: next, Kind: core.MailOther, Address: "x@example.com", Agree: true}); err != nil {
				t.Fatalf("other provider's address: %v", err)
			}

			f.purchase(t, holder, tt.option, "")
			rows(used)
			for ; used < tt.basic+tt.extra; used++ {
				c := f.mailChoice(t, holder, ids[used])
				if !c.ProviderAllowed || c.MailOption != nil || !c.MailOptionHeld {
					t.Fatalf("address %d with %s: %+v", used+1, tt.option, c)
				}
				f.setProvider(t, holder, ids[used], ids[used])
				rows(used + 1)
			}
			// Full: an account ID with an address may still change it (its own address counts).
			if c := f.mailChoice(t, holder, ids[0]); !c.ProviderAllowed {
				t.Fatalf("full: %+v", c)
			}
			f.setProvider(t, holder, ids[0], ids[0]+"x")
			rows(used)
			if r := f.records(t, cert.Number, tt.option, ""); len(r) != 1 || r[0].CancelledAt != nil {
				t.Fatalf("the paid option ended while addresses were added: %+v", r)
			}
		})
	}
}

// SPEC §3.1 contract summary, seed example: multi 1個 / 1個 (基本 1個 + 0個) → with
// メールパック 2個 / 6個 (基本 1個 + 5個); web space and online storage follow the pack.
func TestContractInfoMailRows(t *testing.T) {
	f := newOptFix(t)
	info := f.info(t, f.user)
	if info.MailAccounts != usage(0, 1, 0) || info.WebSpaces != usage(0, 1, 0) || *info.Storage != usage(0, 0, 0) {
		t.Fatalf("start: %+v %+v %+v", info.MailAccounts, info.WebSpaces, info.Storage)
	}
	f.setProvider(t, f.admin, anID, "arteri")
	if _, err := f.svc.RegisterWebSpace(f.admin, f.svc.NewToken(), anID); err != nil {
		t.Fatal(err)
	}
	info = f.info(t, f.user)
	if info.MailAccounts != usage(1, 1, 0) || info.WebSpaces != usage(1, 1, 0) { // 1個 / 1個 (基本 1個 + 0個)
		t.Fatalf("one address: %+v %+v", info.MailAccounts, info.WebSpaces)
	}
	f.purchase(t, f.holder, "mailpack", "")
	f.setProvider(t, f.user, koID, "hikaru")
	info = f.info(t, f.user)
	if info.MailAccounts != usage(2, 1, 5) || info.WebSpaces != usage(1, 1, 5) || *info.Storage != usage(0, 0, 5) { // 2個 / 6個 (基本 1個 + 5個)
		t.Fatalf("with the pack: %+v %+v %+v", info.MailAccounts, info.WebSpaces, info.Storage)
	}
	if info.MailOption.Option.Code != "mailpack" || info.MailOption.State != core.OptionPurchased {
		t.Fatalf("mail option %+v", info.MailOption)
	}
	// LAN: 0個 / 0個 (基本 0個 + 0個) → with メール&Webスペース 1個 / 5個 (基本 0個 + 5個).
	if info := f.info(t, f.lanUser); info.MailAccounts != usage(0, 0, 0) || info.Storage != nil {
		t.Fatalf("LAN start: %+v storage %v", info.MailAccounts, info.Storage)
	}
	f.purchase(t, f.lanAdmin, "mailweb", "")
	f.setProvider(t, f.lanUser, hanaID, "hana")
	if info := f.info(t, f.lanUser); info.MailAccounts != usage(1, 0, 5) || info.WebSpaces != usage(0, 0, 5) {
		t.Fatalf("LAN with the option: %+v %+v", info.MailAccounts, info.WebSpaces)
	}
}

// SPEC §5.1 local part rules (the same as the account ID's, SPEC §4.2), through the form.
func TestMailLocalPart(t *testing.T) {
	f := newOptFix(t)
	for _, tt := range []struct {
		local, problem string
	}{
		{"abc", ""},
		{"a.b_c-d", ""},
		{"123", ""},
		{"abcdefghijklmno", ""}, // 15
		{"", core.ProblemRequired},
		{"ab", core.ProblemLength},
		{"abcdefghijklmnop", core.ProblemLength}, // 16
		{"Taro", core.ProblemFormat},
		{"a--b", core.ProblemFormat},
		{"a._b", core.ProblemFormat},
		{"-abc", core.ProblemFormat},
		{"abc.", core.ProblemFormat},
		{"ab c", core.ProblemFormat},
		{"たろう", core.ProblemFormat},
		{"a+b", core.ProblemFormat},
		{"a@b", core.ProblemFormat},
	} {
		t.Run(tt.local, func(t *testing.T) {
			if got := core.ValidLocalPart(tt.local); got != tt.problem {
				t.Fatalf("ValidLocalPart = %q, want %q", got, tt.problem)
			}
			r, err := f.svc.CheckMail(f.holder, core.MailForm{Account: anID, Kind: core.MailProvider, Local: tt.local, Agree: true})
			if tt.problem == "" {
				if err != nil || r.Address != tt.local+domain || r.Kind != core.MailProvider {
					t.Fatalf("CheckMail: %+v, %v", r, err)
				}
				return
			}
			wantProblem(t, err, core.FieldMailLocal, tt.problem)
		})
	}
	// Surrounding spaces are trimmed, as the form shows them.
	if r, err := f.svc.CheckMail(f.holder, core.MailForm{Account: anID, Kind: core.MailProvider, Local: " arteri ", Agree: true}); err != nil || r.Address != "arteri"+domain {
		t.Fatalf("trimmed: %+v %v", r, err)
	}
}

// SPEC §5.1: a provider address is unique over every contract; one given up (switched to
// another provider's address, or its account ID deleted) is free again.
func TestProviderAddressIsUnique(t *testing.T) {
	f := newOptFix(t)
	f.purchase(t, f.lanHolder, "mailweb", "")
	f.setProvider(t, f.lanUser, hanaID, "hana")
	f.setProvider(t, f.lanHolder, taroID, "taro")

	taken := core.MailForm{Account: anID, Kind: core.MailProvider, Local: "hana", Agree: true}
	_, err := f.svc.CheckMail(f.admin, taken)
	wantProblem(t, err, core.FieldMailLocal, core.ProblemTaken)
	_, err = f.svc.SetMail(f.admin, f.svc.NewToken(), taken)
	wantProblem(t, err, core.FieldMailLocal, core.ProblemTaken)
	// Inside the same contract too.
	_, err = f.svc.CheckMail(f.lanHolder, core.MailForm{Account: hanaID, Kind: core.MailProvider, Local: "taro", Agree: true})
	wantProblem(t, err, core.FieldMailLocal, core.ProblemTaken)
	// The owner submitting its own address again is not a conflict.
	if _, err := f.svc.CheckMail(f.lanUser, core.MailForm{Account: hanaID, Kind: core.MailProvider, Local: "hana", Agree: true}); err != nil {
		t.Fatalf("own address: %v", err)
	}

	// Given up by switching to another provider's address: free again.
	f.setOther(t, f.lanUser, hanaID, "hana@example.com")
	f.setProvider(t, f.admin, anID, "hana")
	if v, _ := f.svc.Account(f.admin, anID); v.Mail != "hana"+domain {
		t.Fatalf("address %q", v.Mail)
	}
	// Given up by renaming: the old local part is free again.
	f.setProvider(t, f.lanHolder, taroID, "taro2")
	f.purchase(t, f.holder, "mailpack", "")
	f.setProvider(t, f.user, koID, "taro")
	// Given up by deleting the account ID.
	if err := f.svc.DeleteAccount(f.lanHolder, f.svc.NewToken(), taroID); err != nil {
		t.Fatal(err)
	}
	f.register(t, f.holder, accountForm("arteri-mo-003", core.PermUser))
	f.setProvider(t, f.holder, "arteri-mo-003", "taro2")
}

// SPEC §5.1: the input step needs the agreement to the notes.
func TestMailAgreementRequired(t *testing.T) {
	f := newOptFix(t)
	for _, form := range []core.MailForm{
		{Account: anID, Kind: core.MailProvider, Local: "arteri"},
		{Account: anID, Kind: core.MailOther, Address: "an@example.com"},
	} {
		_, err := f.svc.CheckMail(f.holder, form)
		wantProblem(t, err, core.FieldAgree, core.ProblemRequired)
		_, err = f.svc.SetMail(f.holder, f.svc.NewToken(), form)
		wantProblem(t, err, core.FieldAgree, core.ProblemRequired)
	}
	if v, _ := f.svc.Account(f.holder, anID); v.Mail != "" {
		t.Fatalf("saved %q without the agreement", v.Mail)
	}
}

// SPEC §5.1: another provider's address is any valid address, but not the provider's domain.
func TestOtherProviderAddress(t *testing.T) {
	f := newOptFix(t)
	for _, tt := range []struct {
		address, problem string
	}{
		{"an.arteri@gmail.com", ""},
		{"an-arteri+mypage@docomo.ne.jp", ""},
		{"  an@example.com  ", ""}, // trimmed
		{"", core.ProblemRequired},
		{"an", core.ProblemFormat},
		{"an@", core.ProblemFormat},
		{"@example.com", core.ProblemFormat},
		{"an@localhost", core.ProblemFormat},
		{"an arteri@example.com", core.ProblemFormat},
		{"An <an@example.com>", core.ProblemFormat},
		{"an@example.com,ko@example.com", core.ProblemFormat},
		{"arteri" + domain, core.ProblemChoice},
		{"ARTERI@S2.SPAAQS.NE.JP", core.ProblemChoice},
	} {
		t.Run(tt.address, func(t *testing.T) {
			r, err := f.svc.CheckMail(f.holder, core.MailForm{Account: anID, Kind: core.MailOther, Address: tt.address, Agree: true})
			if tt.problem == "" {
				if err != nil || r.Address != strings.TrimSpace(tt.address) || r.Kind != core.MailOther || r.GivesUp != "" {
					t.Fatalf("%+v, %v", r, err)
				}
				return
			}
			wantProblem(t, err, core.FieldMailAddress, tt.problem)
		})
	}
	_, err := f.svc.CheckMail(f.holder, core.MailForm{Account: anID, Kind: "", Address: "an@example.com", Agree: true})
	wantProblem(t, err, core.FieldMailKind, core.ProblemChoice)
}

// SPEC §5.1, §5.2, §5.3: switching a provider address to another provider's ends the mailbox,
// web space, forwarding and auto-reply; the confirm step warns about it; when the addresses in
// use drop to the basic allowance the mail pack is cancelled automatically (that month charged).
func TestSwitchProviderToOther(t *testing.T) {
	f := newOptFix(t)
	f.purchase(t, f.holder, "mailpack", "")
	f.setProvider(t, f.admin, anID, "arteri")
	f.setProvider(t, f.user, koID, "hikaru")
	for _, id := range []string{anID, koID} {
		if _, err := f.svc.RegisterWebSpace(f.holder, f.svc.NewToken(), id); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SetForward(f.holder, f.svc.NewToken(), id, core.Forward{To: "fwd@example.com"}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SetAutoReply(f.holder, f.svc.NewToken(), id, core.AutoReply{On: true, Message: "不在です"}); err != nil {
			t.Fatal(err)
		}
	}
	if info := f.info(t, f.holder); info.MailAccounts != usage(2, 1, 5) || info.WebSpaces != usage(2, 1, 5) {
		t.Fatalf("before: %+v %+v", info.MailAccounts, info.WebSpaces)
	}

	form := core.MailForm{Account: koID, Kind: core.MailOther, Address: "hikaru@example.com", Agree: true}
	check, err := f.svc.CheckMail(f.user, form)
	if err != nil || check.GivesUp != "hikaru"+domain || !check.WebSpaceEnd || check.Address != "hikaru@example.com" {
		t.Fatalf("confirm step: %+v, %v", check, err)
	}
	// Nothing changed yet.
	if d := f.detailOf(t, f.user, koID); !d.MailProvider || d.WebAddress == "" {
		t.Fatalf("CheckMail changed the account: %+v", d)
	}
	mails := len(f.outbox(t))
	f.clock.Set(time.Date(2026, time.April, 18, 20, 30, 0, 0, core.JST))
	switched := f.clock.Now()
	res, err := f.svc.SetMail(f.user, f.svc.NewToken(), form)
	if err != nil || res.GivesUp != check.GivesUp || res.WebSpaceEnd != true {
		t.Fatalf("SetMail: %+v, %v", res, err)
	}
	d := f.detailOf(t, f.user, koID)
	if d.MailProvider || d.Account.Mail != "hikaru@example.com" || d.Account.WebSpace || d.WebAddress != "" ||
		d.Forward != nil || d.AutoReply != nil || d.CanForward || d.CanAutoReply {
		t.Fatalf("after the switch: %+v", d)
	}
	// The other account ID keeps its settings.
	if d := f.detailOf(t, f.holder, anID); !d.MailProvider || d.Forward == nil || d.AutoReply == nil || d.WebAddress == "" {
		t.Fatalf("the other account: %+v", d)
	}

	// 1 address and 1 web space left = the basic allowance: the pack is cancelled automatically.
	recs := f.records(t, f.multi, "mailpack", "")
	if len(recs) != 1 || recs[0].CancelledAt == nil || !recs[0].CancelledAt.Equal(switched) || !recs[0].AutoCancel {
		t.Fatalf("mail pack %+v, want auto-cancelled at %v", recs, switched)
	}
	info := f.info(t, f.holder)
	if info.MailOption.State != core.OptionCancelling {
		t.Fatalf("contract info: %+v", info.MailOption)
	}
	if s := f.status(t, f.holder, "mailpack", ""); s.State != core.OptionCancelling {
		t.Fatalf("status %+v", s)
	}
	out := f.outbox(t)[mails:]
	if len(out) != 2 {
		t.Fatalf("mails %+v, want the auto-cancel notice and the completion mail", out)
	}
	var notice, done bool
	for _, m := range out {
		switch {
		case m.To == "arteri-an@keitai-address.ne.jp" && strings.Contains(m.Subject, "メールパック") && strings.Contains(m.Subject, "自動解約"):
			notice = true
		case m.To == "hikaru@example.com" && strings.Contains(m.Subject, "メールアドレス登録完了") && strings.Contains(m.Body, "hikaru@example.com"):
			done = true
		}
	}
	if !notice || !done {
		t.Fatalf("mails %+v", out)
	}
	// The old address is no longer in use: the usage rows dropped.
	if info.MailAccounts.Used != 1 || info.WebSpaces.Used != 1 {
		t.Fatalf("rows %+v %+v", info.MailAccounts, info.WebSpaces)
	}
	f.clock.Set(time.Date(2026, time.May, 1, 0, 0, 0, 0, core.JST))
	if info := f.info(t, f.holder); info.MailOption.State != core.OptionNotPurchased || info.MailAccounts != usage(1, 1, 0) {
		t.Fatalf("next month: %+v %+v", info.MailOption, info.MailAccounts)
	}
}

// SPEC §5.3: the mail pack (メール&Webスペース) is cancelled automatically exactly when the
// provider addresses or web spaces in use drop to the basic allowance or below.
func TestMailOptionAutoCancel(t *testing.T) {
	multiPack := func(t *testing.T, f *optFix) { f.purchase(t, f.holder, "mailpack", "") }
	lanOption := func(t *testing.T, f *optFix) { f.purchase(t, f.lanHolder, "mailweb", "") }
	deleteAccount := func(p func(*optFix) core.Principal, id string) func(*testing.T, *optFix) {
		return func(t *testing.T, f *optFix) {
			if err := f.svc.DeleteAccount(p(f), f.svc.NewToken(), id); err != nil {
				t.Fatal(err)
			}
		}
	}
	multiHolder := func(f *optFix) core.Principal { return f.holder }
	lanHolder := func(f *optFix) core.Principal { return f.lanHolder }
	tests := []struct {
		name      string
		lan       bool
		before    func(*testing.T, *optFix) // with the option held
		change    func(*testing.T, *optFix)
		cancelled bool
	}{
		{name: "multi: 2 addresses, one switched to another provider's", before: func(t *testing.T, f *optFix) {
			f.setProvider(t, f.holder, anID, "arteri")
			f.setProvider(t, f.holder, koID, "hikaru")
		}, change: func(t *testing.T, f *optFix) { f.setOther(t, f.user, koID, "hikaru@example.com") }, cancelled: true},
		{name: "multi: 2 addresses, one account ID deleted", before: func(t *testing.T, f *optFix) {
			f.setProvider(t, f.holder, anID, "arteri")
			f.setProvider(t, f.holder, koID, "hikaru")
		}, change: deleteAccount(multiHolder, koID), cancelled: true},
		{name: "multi: 3 addresses, one switched (2 left)", before: func(t *testing.T, f *optFix) {
			f.register(t, f.holder, accountForm("arteri-mo-003", core.PermUser))
			f.setProvider(t, f.holder, anID, "arteri")
			f.setProvider(t, f.holder, koID, "hikaru")
			f.setProvider(t, f.holder, "arteri-mo-003", "arteri-mo")
		}, change: func(t *testing.T, f *optFix) { f.setOther(t, f.user, koID, "hikaru@example.com") }},
		{name: "multi: pack bought first, then the first address", change: func(t *testing.T, f *optFix) {
			f.setProvider(t, f.admin, anID, "arteri")
		}},
		{name: "multi: 1 address, another account ID takes another provider's address", before: func(t *testing.T, f *optFix) {
			f.setProvider(t, f.holder, anID, "arteri")
		}, change: func(t *testing.T, f *optFix) { f.setOther(t, f.user, koID, "hikaru@example.com") }},
		{name: "multi: 1 address renamed", before: func(t *testing.T, f *optFix) {
			f.setProvider(t, f.holder, anID, "arteri")
		}, change: func(t *testing.T, f *optFix) { f.setProvider(t, f.admin, anID, "arteri-an") }},
		{name: "multi: 1 address, an account ID without address deleted", before: func(t *testing.T, f *optFix) {
			f.setProvider(t, f.holder, anID, "arteri")
		}, change: deleteAccount(multiHolder, koID)},
		{name: "LAN: the only address switched to another provider's", lan: true, before: func(t *testing.T, f *optFix) {
			f.setProvider(t, f.lanHolder, hanaID, "hana")
		}, change: func(t *testing.T, f *optFix) { f.setOther(t, f.lanUser, hanaID, "hana@example.com") }, cancelled: true},
		{name: "LAN: the only address's account ID deleted", lan: true, before: func(t *testing.T, f *optFix) {
			f.setProvider(t, f.lanHolder, hanaID, "hana")
		}, change: deleteAccount(lanHolder, hanaID), cancelled: true},
		{name: "LAN: 2 addresses, one account ID deleted", lan: true, before: func(t *testing.T, f *optFix) {
			f.setProvider(t, f.lanHolder, hanaID, "hana")
			f.setProvider(t, f.lanHolder, taroID, "taro")
		}, change: deleteAccount(lanHolder, hanaID)},
		{name: "LAN: option bought, no address yet, another provider's address set", lan: true,
			change: func(t *testing.T, f *optFix) { f.setOther(t, f.lanUser, hanaID, "hana@example.com") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newOptFix(t)
			number, code, buy := f.multi, "mailpack", multiPack
			if tt.lan {
				number, code, buy = f.lan, "mailweb", lanOption
			}
			buy(t, f)
			if tt.before != nil {
				tt.before(t, f)
			}
			if r := f.records(t, number, code, ""); len(r) != 1 || r[0].CancelledAt != nil {
				t.Fatalf("setup ended the option: %+v", r)
			}
			f.clock.Set(time.Date(2026, time.April, 25, 9, 15, 0, 0, core.JST))
			tt.change(t, f)
			r := f.records(t, number, code, "")
			if !tt.cancelled {
				if len(r) != 1 || r[0].CancelledAt != nil {
					t.Fatalf("%s ended: %+v", code, r)
				}
				return
			}
			if len(r) != 1 || r[0].CancelledAt == nil || !r[0].CancelledAt.Equal(f.clock.Now()) || !r[0].AutoCancel {
				t.Fatalf("%s: %+v, want auto-cancelled now", code, r)
			}
		})
	}
}

// After the automatic cancel the pack stays 解約済(月末まで); the contract summary and the mail
// form agree on how many provider addresses can still be taken, and buying the pack again in
// the same month opens the allowance again.
func TestMailAllowanceAfterAutoCancel(t *testing.T) {
	f := newOptFix(t)
	f.purchase(t, f.holder, "mailpack", "")
	f.setProvider(t, f.holder, anID, "arteri")
	f.setProvider(t, f.holder, koID, "hikaru")
	f.setOther(t, f.holder, koID, "hikaru@example.com")
	if s := f.status(t, f.holder, "mailpack", ""); s.State != core.OptionCancelling || !s.CanPurchase {
		t.Fatalf("pack %+v", s)
	}
	info := f.info(t, f.holder)
	c := f.mailChoice(t, f.holder, koID)
	if room := info.MailAccounts.Used < info.MailAccounts.Allowed; room != c.ProviderAllowed {
		t.Fatalf("contract info %+v says room = %v; the mail form says %v", info.MailAccounts, room, c.ProviderAllowed)
	}
	if c.ProviderAllowed || c.MailOption == nil || c.MailOption.Code != "mailpack" {
		t.Fatalf("mail form %+v", c)
	}
	f.purchase(t, f.holder, "mailpack", "")
	f.setProvider(t, f.user, koID, "hikaru")
	if info := f.info(t, f.holder); info.MailAccounts != usage(2, 1, 5) || info.MailOption.State != core.OptionPurchased {
		t.Fatalf("bought again: %+v %+v", info.MailAccounts, info.MailOption)
	}
	if r := f.records(t, f.multi, "mailpack", ""); len(r) != 2 || !r[0].AutoCancel || r[1].CancelledAt != nil {
		t.Fatalf("records %+v", r)
	}
}

// SPEC §4.2, §5.3: deleting an account ID cancels every option it holds at that moment and may
// auto-cancel the mail pack; the other account IDs keep theirs.
func TestDeleteAccountCancelsItsOptions(t *testing.T) {
	f := newOptFix(t)
	f.purchase(t, f.holder, "mailpack", "")
	f.setProvider(t, f.holder, anID, "arteri")
	f.setProvider(t, f.holder, koID, "hikaru")
	// An earlier product of the deleted ID, already ended, keeps its own cancel date.
	f.purchase(t, f.user, "sec-online", koID)
	f.clock.Set(time.Date(2026, time.April, 3, 10, 0, 0, 0, core.JST))
	f.cancel(t, f.user, "sec-online", koID)
	earlier := f.clock.Now()
	for _, code := range []string{"sec-360", "kids-filter"} {
		f.purchase(t, f.user, code, koID)
	}
	f.purchase(t, f.admin, "sec-basic", anID)
	f.purchase(t, f.holder, "remote-support", "")

	f.clock.Set(time.Date(2026, time.April, 9, 16, 45, 0, 0, core.JST))
	if err := f.svc.DeleteAccount(f.admin, f.svc.NewToken(), koID); err != nil {
		t.Fatal(err)
	}
	now := f.clock.Now()
	for _, tt := range []struct {
		code, account string
		cancelledAt   *time.Time
		auto          bool
	}{
		{"sec-360", koID, &now, true},
		{"kids-filter", koID, &now, true},
		{"mailpack", "", &now, true},
		{"sec-online", koID, &earlier, false},
		{"sec-basic", anID, nil, false},
		{"remote-support", "", nil, false},
	} {
		r := f.records(t, f.multi, tt.code, tt.account)
		if len(r) != 1 {
			t.Fatalf("%s%s: %+v", tt.code, at(tt.account), r)
		}
		got := r[0]
		if (got.CancelledAt == nil) != (tt.cancelledAt == nil) || (got.CancelledAt != nil && !got.CancelledAt.Equal(*tt.cancelledAt)) || got.AutoCancel != tt.auto {
			t.Errorf("%s%s: cancelled %v auto %v, want %v auto %v", tt.code, at(tt.account), got.CancelledAt, got.AutoCancel, tt.cancelledAt, tt.auto)
		}
	}
	if info := f.info(t, f.holder); info.MailAccounts != usage(1, 1, 0) || info.MailOption.State != core.OptionCancelling {
		t.Fatalf("contract info: %+v %+v", info.MailAccounts, info.MailOption)
	}
}

// SPEC §5.2 forwarding: a valid target other than the address itself; empty turns it off.
func TestMailForwarding(t *testing.T) {
	f := newOptFix(t)
	err := f.svc.SetForward(f.user, f.svc.NewToken(), koID, core.Forward{To: "fwd@example.com"})
	wantBlock(t, err, core.BlockNeedsMail)
	f.setOther(t, f.user, koID, "hikaru@example.com")
	err = f.svc.SetForward(f.user, f.svc.NewToken(), koID, core.Forward{To: "fwd@example.com"})
	wantBlock(t, err, core.BlockNeedsMail) // another provider's address has no mailbox here

	f.setProvider(t, f.user, koID, "hikaru")
	for _, tt := range []struct {
		name    string
		in      core.Forward
		problem string
		want    *core.Forward
	}{
		{"valid, keep a copy", core.Forward{To: "hikaru.mobile@docomo.ne.jp", KeepCopy: true}, "", &core.Forward{To: "hikaru.mobile@docomo.ne.jp", KeepCopy: true}},
		{"valid, no copy, trimmed", core.Forward{To: " hikaru@example.com "}, "", &core.Forward{To: "hikaru@example.com"}},
		{"another provider address", core.Forward{To: "arteri" + domain}, "", &core.Forward{To: "arteri" + domain}},
		{"not an address", core.Forward{To: "hikaru"}, core.ProblemFormat, nil},
		{"no domain dot", core.Forward{To: "hikaru@localhost"}, core.ProblemFormat, nil},
		{"itself", core.Forward{To: "hikaru" + domain}, core.ProblemOwnAddress, nil},
		{"itself in capitals", core.Forward{To: "HIKARU@S2.SPAAQS.NE.JP"}, core.ProblemOwnAddress, nil},
		{"empty turns it off", core.Forward{To: "", KeepCopy: true}, "", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Start from a known setting so a refusal can be seen to keep it.
			if err := f.svc.SetForward(f.holder, f.svc.NewToken(), koID, core.Forward{To: "start@example.com"}); err != nil {
				t.Fatal(err)
			}
			err := f.svc.SetForward(f.user, f.svc.NewToken(), koID, tt.in)
			got := f.detailOf(t, f.user, koID).Forward
			if tt.problem != "" {
				wantProblem(t, err, core.FieldForwardTo, tt.problem)
				if got == nil || got.To != "start@example.com" {
					t.Fatalf("a refused setting changed it to %+v", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Fatalf("forward %+v, want %+v", got, tt.want)
			}
		})
	}
}

// SPEC §5.2 auto-reply: a message when on, dates YYYY/MM/DD or YYYY-MM-DD (stored as
// YYYY-MM-DD, SPEC §11.5), the period's end not before its start.
func TestMailAutoReply(t *testing.T) {
	f := newOptFix(t)
	err := f.svc.SetAutoReply(f.admin, f.svc.NewToken(), anID, core.AutoReply{On: true, Message: "不在"})
	wantBlock(t, err, core.BlockNeedsMail)
	f.setProvider(t, f.admin, anID, "arteri")
	long := strings.Repeat("あ", 1001)
	for _, tt := range []struct {
		name   string
		in     core.AutoReply
		field  string
		code   string
		want   *core.AutoReply
		setOff bool
	}{
		{name: "on with a message", in: core.AutoReply{On: true, Message: "ただいま不在です。"}, want: &core.AutoReply{On: true, Message: "ただいま不在です。"}},
		{name: "on with a period", in: core.AutoReply{On: true, Message: "休暇中", From: "2026-04-29", Until: "2026-05-06"},
			want: &core.AutoReply{On: true, Message: "休暇中", From: "2026-04-29", Until: "2026-05-06"}},
		{name: "one-day period", in: core.AutoReply{On: true, Message: "休暇中", From: "2026-05-01", Until: "2026-05-01"},
			want: &core.AutoReply{On: true, Message: "休暇中", From: "2026-05-01", Until: "2026-05-01"}},
		{name: "only an end", in: core.AutoReply{On: true, Message: "休暇中", Until: "2026-05-06"}, want: &core.AutoReply{On: true, Message: "休暇中", Until: "2026-05-06"}},
		{name: "message trimmed", in: core.AutoReply{On: true, Message: "  不在  "}, want: &core.AutoReply{On: true, Message: "不在"}},
		{name: "off keeps the message", in: core.AutoReply{On: false, Message: "次回用"}, want: &core.AutoReply{Message: "次回用"}},
		{name: "off and empty clears it", in: core.AutoReply{}, want: nil},
		{name: "on without a message", in: core.AutoReply{On: true, Message: "  "}, field: core.FieldReplyText, code: core.ProblemRequired},
		{name: "message too long", in: core.AutoReply{On: true, Message: long}, field: core.FieldReplyText, code: core.ProblemLength},
		{name: "dates typed as shown", in: core.AutoReply{On: true, Message: "x", From: "2026/04/29", Until: "２０２６／０５／０６"},
			want: &core.AutoReply{On: true, Message: "x", From: "2026-04-29", Until: "2026-05-06"}},
		{name: "start not a date", in: core.AutoReply{On: true, Message: "x", From: "2026.04.29"}, field: core.FieldReplyFrom, code: core.ProblemFormat},
		{name: "end not a date", in: core.AutoReply{On: true, Message: "x", Until: "2026-02-30"}, field: core.FieldReplyUntil, code: core.ProblemFormat},
		{name: "end before start", in: core.AutoReply{On: true, Message: "x", From: "2026-05-06", Until: "2026-04-29"}, field: core.FieldReplyUntil, code: core.ProblemFormat},
	} {
		t.Run(tt.name, func(t *testing.T) {
			start := core.AutoReply{On: true, Message: "start"}
			if err := f.svc.SetAutoReply(f.holder, f.svc.NewToken(), anID, start); err != nil {
				t.Fatal(err)
			}
			err := f.svc.SetAutoReply(f.admin, f.svc.NewToken(), anID, tt.in)
			got := f.detailOf(t, f.admin, anID).AutoReply
			if tt.field != "" {
				wantProblem(t, err, tt.field, tt.code)
				if got == nil || *got != start {
					t.Fatalf("a refused setting changed it to %+v", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Fatalf("auto-reply %+v, want %+v", got, tt.want)
			}
		})
	}
}

// SPEC §5.2, §3.1: a web space needs a provider address and room in the web allowance; its
// address shows in the account's details.
func TestWebSpace(t *testing.T) {
	f := newOptFix(t)
	_, err := f.svc.RegisterWebSpace(f.user, f.svc.NewToken(), koID)
	wantBlock(t, err, core.BlockNeedsMail)
	f.setOther(t, f.user, koID, "hikaru@example.com")
	_, err = f.svc.RegisterWebSpace(f.user, f.svc.NewToken(), koID)
	wantBlock(t, err, core.BlockNeedsMail)
	if d := f.detailOf(t, f.user, koID); d.WebSpaceFree || !d.CanWebSpace {
		t.Fatalf("detail %+v", d)
	}

	f.setProvider(t, f.user, koID, "hikaru")
	if d := f.detailOf(t, f.user, koID); !d.WebSpaceFree || d.WebAddress != "" {
		t.Fatalf("detail %+v", d)
	}
	addr, err := f.svc.RegisterWebSpace(f.user, f.svc.NewToken(), koID)
	if err != nil || addr != "https://www.s2.spaaqs.ne.jp/~hikaru/" {
		t.Fatalf("web space %q, %v", addr, err)
	}
	d := f.detailOf(t, f.user, koID)
	if d.WebAddress != addr || !d.Account.WebSpace || d.WebSpaceFree {
		t.Fatalf("detail %+v", d)
	}
	_, err = f.svc.RegisterWebSpace(f.user, f.svc.NewToken(), koID)
	wantBlock(t, err, core.BlockHeld)
	// Renaming the address moves the homepage with it.
	f.setProvider(t, f.user, koID, "hikaru2")
	if d := f.detailOf(t, f.user, koID); d.WebAddress != "https://www.s2.spaaqs.ne.jp/~hikaru2/" {
		t.Fatalf("after rename: %q", d.WebAddress)
	}
	if info := f.info(t, f.user); info.WebSpaces != usage(1, 1, 0) {
		t.Fatalf("web row %+v", info.WebSpaces)
	}

	// The web allowance is counted on its own: a catalog whose multi type has no free web space.
	cat := core.DefaultCatalog()
	for i := range cat.ContractTypes {
		if cat.ContractTypes[i].Code == "spaaqs-multi" {
			cat.ContractTypes[i].Web.Basic = 0
		}
	}
	e := newEnvWith(t, core.Config{Hash: cheap, Catalog: cat})
	g := &optFix{env: e}
	_, holder := e.newContract(t, "spaaqs-multi")
	e.register(t, holder, accountForm("only-one", core.PermAdmin))
	g.setProvider(t, holder, "only-one", "only-one")
	if d := g.detailOf(t, holder, "only-one"); d.WebSpaceFree {
		t.Fatalf("detail %+v", d)
	}
	_, err = e.svc.RegisterWebSpace(holder, e.svc.NewToken(), "only-one")
	wantProblem(t, err, core.FieldMailKind, core.ProblemAllowance)
	g.purchase(t, holder, "mailpack", "")
	if _, err := e.svc.RegisterWebSpace(holder, e.svc.NewToken(), "only-one"); err != nil {
		t.Fatalf("with the pack: %v", err)
	}
}

// SPEC §4.3 user screens: a user ID sees only its own account ID's details; the holder and
// an admin ID see every account ID, with what they may change.
func TestAccountDetailsVisibility(t *testing.T) {
	f := newOptFix(t)
	f.setProvider(t, f.holder, anID, "arteri")
	for _, tt := range []struct {
		name string
		p    core.Principal
		ids  []string
	}{
		{"holder", f.holder, []string{anID, koID}},
		{"admin", f.admin, []string{anID, koID}},
		{"user", f.user, []string{koID}},
		{"LAN user", f.lanUser, []string{hanaID}},
		{"home holder", f.homeHolder, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := f.svc.AccountDetails(tt.p)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, d := range ds {
				ids = append(ids, d.Account.ID)
				if !d.CanMail || !d.CanWebSpace || !d.CanSecurity {
					t.Errorf("%s: %+v", d.Account.ID, d)
				}
				if d.CanForward != d.MailProvider || d.CanAutoReply != d.MailProvider {
					t.Errorf("%s: forward/auto-reply offered = %v/%v with a provider address = %v", d.Account.ID, d.CanForward, d.CanAutoReply, d.MailProvider)
				}
				if len(d.Security) != 4 {
					t.Errorf("%s: %d security options", d.Account.ID, len(d.Security))
				}
			}
			if fmt.Sprint(ids) != fmt.Sprint(tt.ids) {
				t.Fatalf("details of %v, want %v", ids, tt.ids)
			}
		})
	}
	// The user's own view reaches no other account ID through the mail procedures either.
	_, err := f.svc.MailChoice(f.user, anID)
	wantErr(t, err, core.ErrForbidden)
	_, err = f.svc.GroupOptions(f.user, "security", anID)
	wantErr(t, err, core.ErrForbidden)
	if vs, err := f.svc.GroupOptions(f.user, "security", koID); err != nil || len(vs) != 4 {
		t.Fatalf("own security options: %d, %v", len(vs), err)
	}
}

// SPEC §5.1: the completion mail goes to the new address, and only a saved change sends one.
func TestMailCompletionMail(t *testing.T) {
	f := newOptFix(t)
	before := len(f.outbox(t))
	res := f.setProvider(t, f.user, koID, "hikaru")
	if res.Address != "hikaru"+domain || res.GivesUp != "" || res.WebSpaceEnd {
		t.Fatalf("result %+v", res)
	}
	out := f.outbox(t)
	if len(out) != before+1 {
		t.Fatalf("%d mails", len(out)-before)
	}
	if m := out[len(out)-1]; m.To != "hikaru"+domain || !strings.Contains(m.Subject, "メールアドレス登録完了") || !strings.Contains(m.Body, koID) {
		t.Fatalf("mail %+v", m)
	}
	// Renaming gives up the old address and mails the new one.
	res = f.setProvider(t, f.user, koID, "hikaru2")
	if res.GivesUp != "hikaru"+domain {
		t.Fatalf("rename result %+v", res)
	}
	out = f.outbox(t)
	if m := out[len(out)-1]; m.To != "hikaru2"+domain {
		t.Fatalf("mail %+v", m)
	}
	// A refused form and a repeated token send nothing.
	n := len(out)
	_, err := f.svc.SetMail(f.user, f.svc.NewToken(), core.MailForm{Account: koID, Kind: core.MailOther, Address: "bad"})
	if err == nil {
		t.Fatal("a bad form was saved")
	}
	token := f.svc.NewToken()
	form := core.MailForm{Account: koID, Kind: core.MailOther, Address: "hikaru@example.com", Agree: true}
	if _, err := f.svc.SetMail(f.user, token, form); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.SetMail(f.user, token, form)
	wantErr(t, err, core.ErrAlreadySubmitted)
	if got := len(f.outbox(t)); got != n+1 {
		t.Fatalf("%d mails, want 1", got-n)
	}
}
