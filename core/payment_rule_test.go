package core_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"mypage/core"
)

// SPEC §8: a paid purchase needs a usable payment method on the contract. None
// registered or a card under review refuses it; an approved card, auto-debit and
// bank transfer allow it; a free option needs none.
func TestPaidPurchaseNeedsPaymentMethod(t *testing.T) {
	approved := core.PaymentMethod{Kind: core.PaymentCard, Brand: core.BrandVISA, Last4: "1111", ExpMonth: 12, ExpYear: 2030, Holder: "TARO YAMADA"}
	pending := approved
	pending.Pending = true
	debit := core.PaymentMethod{Kind: core.PaymentDebit, Bank: "みずほ銀行", Branch: "横浜駅前支店", AccountType: "普通", AccountLast4: "4321", AccountHolder: "ヤマダ タロウ"}
	transfer := core.PaymentMethod{Kind: core.PaymentTransfer}
	free := core.DefaultCatalog()
	for i := range free.Options {
		if free.Options[i].Code == "remote-support" {
			free.Options[i].Monthly, free.Options[i].ReapplyFee = 0, 0
		}
	}
	for _, c := range []struct {
		name    string
		cat     *core.Catalog
		payment *core.PaymentMethod
		code    string // "remote-support", "warranty", "mailweb", "sec-online@yamada.hana"
		block   string
		err     error
	}{
		{"none, paid option", nil, nil, "warranty", core.BlockNoPayment, core.ErrNoPaymentMethod},
		{"none, mail option", nil, nil, "mailweb", core.BlockNoPayment, core.ErrNoPaymentMethod},
		{"none, security option", nil, nil, "sec-online@yamada.hana", core.BlockNoPayment, core.ErrNoPaymentMethod},
		{"pending card", nil, &pending, "warranty", core.BlockPaymentPending, core.ErrPaymentPending},
		{"pending card, mail option", nil, &pending, "mailweb", core.BlockPaymentPending, core.ErrPaymentPending},
		{"approved card", nil, &approved, "warranty", "", nil},
		{"auto-debit", nil, &debit, "mailweb", "", nil},
		{"bank transfer", nil, &transfer, "sec-online@yamada.hana", "", nil},
		{"none, free option", free, nil, "remote-support", "", nil},
		{"pending card, free option", free, &pending, "remote-support", "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnvWith(t, core.Config{Hash: cheap, Catalog: c.cat})
			d := e.seedDemoUnpaid(t)
			holder := e.holderOf(t, d.holder["spaaqs-lan"])
			if c.payment != nil {
				pm := *c.payment
				e.putHistory(t, holder.Contract, func(ct *core.Contract) { ct.Payment = &pm })
			}
			code, account, _ := strings.Cut(c.code, "@")
			if account != "" { // a security product needs the account's mail address
				f := core.MailForm{Account: account, Kind: core.MailOther, Address: "hana@example.jp", Agree: true}
				if _, err := e.svc.SetMail(holder, e.svc.NewToken(), f); err != nil {
					t.Fatal(err)
				}
			}
			v, err := e.svc.OptionStatus(holder, code, account)
			if err != nil {
				t.Fatal(err)
			}
			if v.PurchaseBlock != c.block || v.CanPurchase != (c.block == "") {
				t.Errorf("OptionStatus: block %q can %v, want %q", v.PurchaseBlock, v.CanPurchase, c.block)
			}
			_, err = e.svc.CheckOption(holder, code, account, core.ActionPurchase, true)
			if core.OptionBlock(err) != c.block {
				t.Errorf("CheckOption: %v, want block %q", err, c.block)
			}
			_, err = e.svc.PurchaseOption(holder, e.svc.NewToken(), code, account)
			if c.err == nil {
				if err != nil {
					t.Fatalf("PurchaseOption: %v", err)
				}
				return
			}
			if !errors.Is(err, c.err) || core.OptionBlock(err) != c.block {
				t.Fatalf("PurchaseOption: %v, want %v", err, c.err)
			}
			if v, _ := e.svc.OptionStatus(holder, code, account); v.State != core.OptionNotPurchased {
				t.Errorf("a refused purchase was stored: %+v", v)
			}
		})
	}
}

// A re-application fee is a payment too: a free option bought again after a
// cancel carries one and needs a payment method then.
func TestReapplyFeeNeedsPaymentMethod(t *testing.T) {
	cat := core.DefaultCatalog()
	for i := range cat.Options {
		if cat.Options[i].Code == "remote-support" {
			cat.Options[i].Monthly = 0 // the re-application fee of 3,000 yen stays
		}
	}
	e := newEnvWith(t, core.Config{Hash: cheap, Catalog: cat})
	d := e.seedDemoUnpaid(t)
	holder := e.holderOf(t, d.holder["spaaqs-lan"])
	if _, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), "remote-support", ""); err != nil {
		t.Fatalf("first purchase of a free option: %v", err)
	}
	if _, err := e.svc.CancelOption(holder, e.svc.NewToken(), "remote-support", ""); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(31 * 24 * time.Hour)
	v, err := e.svc.OptionStatus(holder, "remote-support", "")
	if err != nil || v.Fee != 3000 || v.PurchaseBlock != core.BlockNoPayment {
		t.Fatalf("again with a fee: %+v, %v", v, err)
	}
	if _, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), "remote-support", ""); !errors.Is(err, core.ErrNoPaymentMethod) {
		t.Errorf("PurchaseOption with a fee and no payment method: %v", err)
	}
}

// Issue 7 §11: a purchase refused by a rule is audited with the rule's name, never
// as "error", which stays for internal failures.
func TestRefusedPurchaseAuditResult(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemoUnpaid(t)
	holder := e.holderOf(t, d.holder["spaaqs-lan"])
	user := e.accountOf(t, d.account["spaaqs-lan"]["user"])
	last := func() core.AuditRecord {
		t.Helper()
		recs := e.audit(t)
		for i := len(recs) - 1; i >= 0; i-- {
			if recs[i].Action == "option-purchase" {
				return recs[i]
			}
		}
		t.Fatal("no option-purchase record")
		return core.AuditRecord{}
	}
	buy := func(p core.Principal, code string) {
		t.Helper()
		_, _ = e.svc.PurchaseOption(p, e.svc.NewToken(), code, "")
	}
	buy(holder, "warranty")
	if r := last(); r.Result != "refused-no-payment" || r.Target != "warranty" || r.Contract != holder.Contract {
		t.Errorf("no payment method: %+v", r)
	}
	pending := core.PaymentMethod{Kind: core.PaymentCard, Brand: core.BrandVISA, Last4: "1111", ExpMonth: 12, ExpYear: 2030, Holder: "HANAKO YAMADA", Pending: true}
	e.putHistory(t, holder.Contract, func(c *core.Contract) { c.Payment = &pending })
	buy(holder, "warranty")
	if r := last(); r.Result != "refused-payment-pending" {
		t.Errorf("card under review: %+v", r)
	}
	e.pays(t, holder.Contract)
	buy(holder, "warranty")
	if r := last(); r.Result != "ok" {
		t.Errorf("purchase: %+v", r)
	}
	buy(holder, "warranty")
	if r := last(); r.Result != "refused-held" {
		t.Errorf("already held: %+v", r)
	}
	buy(holder, "mailpack") // not sold for a LAN-family contract
	if r := last(); r.Result != "refused-not-offered" {
		t.Errorf("not offered: %+v", r)
	}
	buy(user, "remote-support") // the matrix refuses it to a user ID
	if r := last(); r.Result != "refused" {
		t.Errorf("forbidden: %+v", r)
	}
	for _, r := range e.audit(t) {
		if r.Action == "option-purchase" && r.Result == "error" {
			t.Errorf("a refusal audited as an internal error: %+v", r)
		}
	}
}
