package core_test

import (
	"testing"

	"mypage/core"
)

// SPEC §11.5: full-width Latin letters, digits and symbols are folded to
// half-width before validation, and the folded text is what is stored.
func TestInputFoldedCustomerForm(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-lan"])
	f := lanForm()
	f.Phone, f.Mobile, f.ContactMail, f.Household = "０４５－１２３－４５６７", "０９０－１２３４－５６７８", "ＴＡＲＯ＠ｅｘ．ｊｐ", "３"
	c, err := e.svc.CheckCustomerForm(holder, f)
	if err != nil {
		t.Fatalf("full-width input refused: %v", err)
	}
	if c.Phone != "045-123-4567" || c.Mobile != "090-1234-5678" || c.ContactMail != "TARO@ex.jp" || c.Household != 3 {
		t.Fatalf("not folded: %+v", c)
	}
	if _, err := e.svc.UpdateCustomerInfo(holder, e.svc.NewToken(), f); err != nil {
		t.Fatal(err)
	}
	if c, _ := e.svc.CustomerInfo(holder); c.ContactMail != "TARO@ex.jp" || c.Phone != "045-123-4567" {
		t.Fatalf("stored unfolded: %+v", c)
	}
}

func TestInputFoldedMailAddresses(t *testing.T) {
	f := newOptFix(t)
	r, err := f.svc.CheckMail(f.holder, core.MailForm{Account: anID, Kind: core.MailOther, Address: "ＴＡＲＯ＠ｅｘ．ｊｐ", Agree: true})
	if err != nil || r.Address != "TARO@ex.jp" {
		t.Fatalf("other provider address: %+v, %v", r, err)
	}
	r, err = f.svc.CheckMail(f.holder, core.MailForm{Account: anID, Kind: core.MailProvider, Local: "ａｒｔｅｒｉ", Agree: true})
	if err != nil || r.Address != "arteri"+domain {
		t.Fatalf("provider address: %+v, %v", r, err)
	}
	f.setProvider(t, f.user, koID, "hikaru")
	if err := f.svc.SetForward(f.holder, f.svc.NewToken(), koID, core.Forward{To: "ｈｉｋａｒｕ＠ｅｘａｍｐｌｅ．ｃｏｍ"}); err != nil {
		t.Fatal(err)
	}
	if got := f.detailOf(t, f.holder, koID).Forward; got == nil || got.To != "hikaru@example.com" {
		t.Fatalf("forward to %+v", got)
	}
}

// A card number is accepted with spaces or hyphens (dropped) and in full-width
// digits; a two-digit year means 20YY; a full-width holder name is folded.
func TestInputFoldedCard(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemoUnpaid(t)
	holder := e.holderOf(t, d.holder["spaaqs-lan"])
	for _, c := range []struct {
		name   string
		change func(*core.CardForm)
	}{
		{"spaces", func(f *core.CardForm) { f.Number = " 4111 1111 1111 1111 " }},
		{"hyphens", func(f *core.CardForm) { f.Number = "4111-1111-1111-1111" }},
		{"full-width digits", func(f *core.CardForm) { f.Number = "４１１１　１１１１－１１１１－１１１１" }},
		{"two-digit year", func(f *core.CardForm) { f.ExpYear = "27" }},
		{"full-width month and year", func(f *core.CardForm) { f.ExpMonth, f.ExpYear = "０７", "２０２７" }},
		{"full-width holder", func(f *core.CardForm) { f.HolderFirst, f.HolderLast = "ＴＡＲＯ", "ＹＡＭＡＤＡ" }},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := cardForm("4111111111111111")
			c.change(&f)
			v, err := e.svc.CheckCard(holder, f)
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if v.Masked != core.MaskCard("1111") || v.Expiry != "07/2027" || v.Holder != "TARO YAMADA" {
				t.Errorf("expiry %q holder %q", v.Expiry, v.Holder)
			}
		})
	}
	f := cardForm("4111 1111 1111 1111")
	f.ExpYear = "27"
	if _, err := e.svc.SetCard(holder, e.svc.NewToken(), f); err != nil {
		t.Fatal(err)
	}
	if v, _ := e.svc.PaymentInfo(holder); v.Kind != core.PaymentCard || v.Expiry != "07/2027" {
		t.Fatalf("stored %+v", v)
	}
	// The auto-debit account number too (on a contract whose debit is large enough).
	e.putRecords(t, holder.Contract, held("remote-support", "warranty", "warranty-addon", "sec-360@yamada-taro"))
	df := debitForm()
	df.AccountNumber = "７６５４３２１"
	if v, err := e.svc.CheckDebit(holder, df); err != nil || v.AccountMasked != "XXX4321" {
		t.Fatalf("full-width account number: %+v, %v", v, err)
	}
}

// The login boxes and the step-up fold the ID typed: a customer number or an
// account ID in full-width characters logs in as typed half-width.
func TestInputFoldedLogin(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := d.holder["spaaqs-multi"]
	admin := d.account["spaaqs-multi"]["admin"]
	e.login(t, core.LoginCustomerNumber, widen(holder.Login), holder.Password)
	s := e.login(t, core.LoginAccountID, " "+widen(admin.Login)+"　", admin.Password)
	if s.Principal.AccountID != admin.Login {
		t.Fatalf("logged in as %q", s.Principal.AccountID)
	}
	if _, err := e.svc.StepUp(s.Principal, widen(holder.Login), holder.Password); err != nil {
		t.Fatalf("step-up with a full-width customer number: %v", err)
	}
}

// An account ID typed in full-width is registered half-width; kana typed in
// half-width katakana are stored full-width, as is the auto-debit holder.
func TestInputFoldedAccountForm(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-multi"])
	f := accountForm("ｎｅｗ－ｉｄ９", core.PermUser)
	f.Password = "pw-for-new-id9-x"
	f.LastKana, f.FirstKana = "ｱﾙﾃﾘ", "ﾋﾞｰﾌﾟ"
	v := e.register(t, holder, f)
	if v.ID != "new-id9" || v.LastKana != "アルテリ" || v.FirstKana != "ビープ" {
		t.Fatalf("registered %+v", v)
	}
	lan := e.holderOf(t, d.holder["spaaqs-lan"])
	e.putRecords(t, lan.Contract, held("remote-support", "warranty", "warranty-addon", "sec-360@yamada-taro"))
	df := debitForm()
	df.AccountHolder = "ﾔﾏﾀﾞ ﾀﾛｳ"
	if _, err := e.svc.SetDebit(lan, e.svc.NewToken(), df); err != nil {
		t.Fatalf("half-width kana holder: %v", err)
	}
	if v, _ := e.svc.PaymentInfo(lan); v.AccountHolder != "ヤマダ タロウ" {
		t.Fatalf("stored %+v", v)
	}
}

// widen writes the ASCII letters and digits of s in full-width.
func widen(s string) string {
	out := []rune{}
	for _, r := range s {
		if r > ' ' && r < 0x7f {
			r += 0xFEE0
		}
		out = append(out, r)
	}
	return string(out)
}
