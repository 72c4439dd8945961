package core_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"mypage/core"
)

// cardForm is a valid card form in the name of the LAN demo holder (TARO YAMADA).
func cardForm(number string) core.CardForm {
	return core.CardForm{Number: number, ExpMonth: "07", ExpYear: "2027", HolderFirst: "TARO", HolderLast: "YAMADA", Agree: true}
}

// debitForm is a valid auto-debit form.
func debitForm() core.DebitForm {
	return core.DebitForm{Bank: "みずほ銀行", Branch: "横浜駅前支店", AccountType: "普通", AccountNumber: "7654321",
		AccountHolder: "ヤマダ　タロウ", Agree: true}
}

// putRecords replaces the option records of a contract, as the purchase procedures store them.
func (e *env) putRecords(t testing.TB, number string, recs []core.OptionRecord) {
	t.Helper()
	err := e.db.Update(func(tx core.Tx) error {
		var c core.Contract
		if err := tx.Get("contracts", number, &c); err != nil {
			return err
		}
		c.Options = recs
		return tx.Put("contracts", number, &c)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// held returns records of options purchased three months before start, so that
// each one's monthly price is charged in the month of start.
func held(codes ...string) []core.OptionRecord {
	var recs []core.OptionRecord
	for _, code := range codes {
		option, account, _ := strings.Cut(code, "@")
		recs = append(recs, core.OptionRecord{Option: option, Account: account, PurchasedAt: start.AddDate(0, -3, 0)})
	}
	return recs
}

// taxIncluded is what one debit collects for the options, from the catalog's prices.
func taxIncluded(t testing.TB, cat *core.Catalog, codes ...string) int64 {
	t.Helper()
	var total int64
	for _, code := range codes {
		option, _, _ := strings.Cut(code, "@")
		o, ok := cat.Option(option)
		if !ok {
			t.Fatalf("no option %s in the catalog", option)
		}
		total += o.Monthly
	}
	return total + total*10/100
}

// noCardDigits fails when any 8 consecutive digits of the card number appear in text.
func noCardDigits(t testing.TB, where, text, number string) {
	t.Helper()
	for i := 0; i+8 <= len(number); i++ {
		if strings.Contains(text, number[i:i+8]) {
			t.Errorf("%s holds %s, digits %d–%d of the card number", where, number[i:i+8], i+1, i+8)
			return
		}
	}
}

// SPEC §9.3, §12: of a card only brand, last 4, expiry and holder are stored;
// no run of the number is in the contract, the outbox, the audit log or the database file.
func TestSetCardStoresNoNumber(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemoUnpaid(t)
	holder := e.holderOf(t, d.holder["spaaqs-lan"])
	e.dropPlans(t, holder.Contract)

	before, err := e.svc.PaymentInfo(holder)
	if err != nil {
		t.Fatal(err)
	}
	if before.Kind != "" || before.Payee != core.DefaultPayee || before.DebitAllowed || before.ExpectedDebit != 0 {
		t.Errorf("no payment method yet: %+v", before)
	}

	for _, c := range testCards {
		f := cardForm(c.number)
		// A refused attempt with the number in it leaves no trace either.
		bad := f
		bad.ExpYear = "2025"
		if _, err := e.svc.SetCard(holder, e.svc.NewToken(), bad); core.FieldProblems(err) == nil {
			t.Fatalf("expired card accepted: %v", err)
		}
		check, err := e.svc.CheckCard(holder, f)
		if err != nil {
			t.Fatalf("CheckCard %s: %v", c.number, err)
		}
		v, err := e.svc.SetCard(holder, e.svc.NewToken(), f)
		if err != nil {
			t.Fatalf("SetCard %s: %v", c.number, err)
		}
		last4 := c.number[len(c.number)-4:]
		for _, got := range []core.PaymentView{check, v} {
			if got.Kind != core.PaymentCard || got.Brand != c.brand || got.Masked != "XXXX-XXXX-XXXX-"+last4 ||
				got.Expiry != "07/2027" || got.Holder != "TARO YAMADA" || got.Pending {
				t.Errorf("%s: view %+v", c.number, got)
			}
		}
		if v.MailedTo != "taro.yamada@example.jp" {
			t.Errorf("MailedTo = %q", v.MailedTo)
		}
		info, err := e.svc.PaymentInfo(holder)
		if err != nil || info.Masked != v.Masked || info.Brand != c.brand || info.Expiry != "07/2027" {
			t.Errorf("PaymentInfo after SetCard: %+v, %v", info, err)
		}

		raw := e.rawGet(t, "contracts", holder.Contract)
		pay, _ := raw["payment"].(map[string]any)
		want := map[string]any{"kind": "card", "brand": c.brand, "last4": last4, "exp_month": 7.0, "exp_year": 2027.0,
			"holder": "TARO YAMADA"}
		for k, w := range want {
			if pay[k] != w {
				t.Errorf("%s: stored payment %s = %v, want %v", c.number, k, pay[k], w)
			}
		}
		for k := range pay {
			if _, ok := want[k]; !ok && k != "set_at" {
				t.Errorf("%s: stored payment has the field %q", c.number, k)
			}
		}
		noCardDigits(t, "contract", mustJSON(t, raw), c.number)
		noCardDigits(t, "outbox", mustJSON(t, e.outbox(t)), c.number)
		noCardDigits(t, "audit", mustJSON(t, e.audit(t)), c.number)
		file, err := e.stored()
		if err != nil {
			t.Fatal(err)
		}
		noCardDigits(t, "database file", string(file), c.number)
	}

	// The completion mail names the masked number and goes to the contact address.
	mails := e.outbox(t)
	m := mails[len(mails)-1]
	last := testCards[len(testCards)-1]
	if m.To != "taro.yamada@example.jp" || !strings.Contains(m.Subject, "お支払い方法変更完了") ||
		!strings.Contains(m.Body, core.MaskCard(last.number[len(last.number)-4:])) || !strings.Contains(m.Body, last.brand) {
		t.Errorf("completion mail %+v", m)
	}
	// The audit log names the target "card", and a refused attempt is recorded as invalid.
	results := map[string]int{}
	for _, r := range e.audit(t) {
		if r.Action == "payment-card-change" {
			if r.Target != "card" {
				t.Errorf("audit target %q", r.Target)
			}
			results[r.Result]++
		}
	}
	if results["ok"] != len(testCards) || results["invalid"] != len(testCards) {
		t.Errorf("audit results %v", results)
	}
}

func TestCardFormProblems(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemoUnpaid(t)
	holder := e.holderOf(t, d.holder["spaaqs-lan"])
	cases := []struct {
		name   string
		change func(*core.CardForm)
		field  string
		code   string
	}{
		{"number missing", func(f *core.CardForm) { f.Number = "" }, core.FieldCardNumber, core.ProblemRequired},
		{"letters", func(f *core.CardForm) { f.Number = "4111 1111 1111 111O" }, core.FieldCardNumber, core.ProblemFormat},
		{"other separators", func(f *core.CardForm) { f.Number = "4111/1111/1111/1111" }, core.FieldCardNumber, core.ProblemFormat},
		{"no brand", func(f *core.CardForm) { f.Number = "6011111111111117" }, core.FieldCardNumber, core.ProblemBrand},
		{"bad check digit", func(f *core.CardForm) { f.Number = "4111111111111112" }, core.FieldCardNumber, core.ProblemLuhn},
		{"length for the brand", func(f *core.CardForm) { f.Number = "411111111111111" }, core.FieldCardNumber, core.ProblemLength},
		{"expiry missing", func(f *core.CardForm) { f.ExpMonth = "" }, core.FieldCardExpiry, core.ProblemRequired},
		{"month 13", func(f *core.CardForm) { f.ExpMonth = "13" }, core.FieldCardExpiry, core.ProblemFormat},
		{"month 0", func(f *core.CardForm) { f.ExpMonth = "0" }, core.FieldCardExpiry, core.ProblemFormat},
		{"month in words", func(f *core.CardForm) { f.ExpMonth = "July" }, core.FieldCardExpiry, core.ProblemFormat},
		{"year missing", func(f *core.CardForm) { f.ExpYear = "" }, core.FieldCardExpiryYear, core.ProblemRequired},
		{"three-digit year", func(f *core.CardForm) { f.ExpYear = "202" }, core.FieldCardExpiryYear, core.ProblemFormat},
		{"year in words", func(f *core.CardForm) { f.ExpYear = "next" }, core.FieldCardExpiryYear, core.ProblemFormat},
		{"year too far", func(f *core.CardForm) { f.ExpYear = "2099" }, core.FieldCardExpiryYear, core.ProblemFormat},
		{"expired", func(f *core.CardForm) { f.ExpMonth, f.ExpYear = "03", "2026" }, core.FieldCardExpiry, core.ProblemExpired},
		{"holder missing", func(f *core.CardForm) { f.HolderFirst = "  " }, core.FieldCardHolderFirst, core.ProblemRequired},
		// Lowercase romaji are folded to capitals (core.NormalizeInput); what is still no romaji is refused.
		{"lowercase holder with a digit", func(f *core.CardForm) { f.HolderLast = "yamada1" }, core.FieldCardHolderLast, core.ProblemFormat},
		{"full-width lowercase holder with a symbol", func(f *core.CardForm) { f.HolderFirst = "ｔａｒｏ＃" }, core.FieldCardHolderFirst, core.ProblemFormat},
		{"kana holder", func(f *core.CardForm) { f.HolderLast = "ヤマダ" }, core.FieldCardHolderLast, core.ProblemFormat},
		{"holder with a digit", func(f *core.CardForm) { f.HolderFirst = "TAR0" }, core.FieldCardHolderFirst, core.ProblemFormat},
		{"holder too long", func(f *core.CardForm) { f.HolderLast = strings.Repeat("A", 31) }, core.FieldCardHolderLast, core.ProblemLength},
		{"no agreement", func(f *core.CardForm) { f.Agree = false }, core.FieldAgree, core.ProblemRequired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := cardForm("4111111111111111")
			c.change(&f)
			_, err := e.svc.CheckCard(holder, f)
			wantProblem(t, err, c.field, c.code)
			_, err = e.svc.SetCard(holder, e.svc.NewToken(), f)
			wantProblem(t, err, c.field, c.code)
			if v, _ := e.svc.PaymentInfo(holder); v.Kind != "" {
				t.Errorf("a refused form was stored: %+v", v)
			}
		})
	}
	// Every problem at once: each field is marked.
	_, err := e.svc.CheckCard(holder, core.CardForm{})
	for _, field := range []string{core.FieldCardNumber, core.FieldCardExpiry, core.FieldCardExpiryYear, core.FieldCardHolderFirst,
		core.FieldCardHolderLast, core.FieldAgree} {
		wantProblem(t, err, field, core.ProblemRequired)
	}
}

// SPEC §9.3 "not in the past", by the service clock in Japan time.
func TestCardExpiryBoundaries(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemoUnpaid(t)
	holder := e.holderOf(t, d.holder["spaaqs-lan"])
	expiry := func(m, y string) error {
		f := cardForm("4111111111111111")
		f.ExpMonth, f.ExpYear = m, y
		_, err := e.svc.CheckCard(holder, f)
		return err
	}
	// start is 2026-04-01 10:00 JST.
	if err := expiry("04", "2026"); err != nil {
		t.Errorf("this month: %v", err)
	}
	if err := expiry("4", "2026"); err != nil {
		t.Errorf("this month without a leading zero: %v", err)
	}
	wantProblem(t, expiry("03", "2026"), core.FieldCardExpiry, core.ProblemExpired)
	wantProblem(t, expiry("12", "2025"), core.FieldCardExpiry, core.ProblemExpired)
	if err := expiry("01", "2046"); err != nil {
		t.Errorf("20 years ahead: %v", err)
	}
	wantProblem(t, expiry("01", "2047"), core.FieldCardExpiryYear, core.ProblemFormat)

	// 2026-03-31 23:59 JST is still March, though it is 14:59 UTC.
	e.clock.Set(time.Date(2026, time.March, 31, 14, 59, 0, 0, time.UTC))
	if err := expiry("03", "2026"); err != nil {
		t.Errorf("last minute of the expiry month in JST: %v", err)
	}
	// 2026-04-01 00:00 JST is April, though it is still March 31 in UTC.
	e.clock.Set(time.Date(2026, time.March, 31, 15, 0, 0, 0, time.UTC))
	wantProblem(t, expiry("03", "2026"), core.FieldCardExpiry, core.ProblemExpired)
	if err := expiry("04", "2026"); err != nil {
		t.Errorf("first minute of the month: %v", err)
	}
}

// SPEC §9.3: a card in another name is accepted pending review; paid options
// cannot be purchased until an operator approves it.
func TestPendingCard(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemoUnpaid(t)
	holder := e.holderOf(t, d.holder["spaaqs-lan"])
	admin := e.accountOf(t, d.account["spaaqs-lan"]["admin"])
	user := e.accountOf(t, d.account["spaaqs-lan"]["user"])

	// The holder's name matches also with extra spaces; a swapped or another name does not.
	for _, c := range []struct {
		first, last string
		pending     bool
	}{
		{"TARO", "YAMADA", false},
		{" TARO ", "YAMADA ", false},
		{"YAMADA", "TARO", true},
		{"HANAKO", "YAMADA", true},
		{"TARO", "YAMADA JR", true},
	} {
		f := cardForm("5555555555554444")
		f.HolderFirst, f.HolderLast = c.first, c.last
		v, err := e.svc.CheckCard(holder, f)
		if err != nil || v.Pending != c.pending {
			t.Errorf("%q %q: pending %v, %v; want %v", c.first, c.last, v.Pending, err, c.pending)
		}
	}

	f := cardForm("5555555555554444")
	f.HolderFirst = "HANAKO"
	v, err := e.svc.SetCard(admin, e.svc.NewToken(), f)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Pending || v.Holder != "HANAKO YAMADA" || v.Brand != core.BrandMasterCard {
		t.Errorf("pending card view %+v", v)
	}
	mails := e.outbox(t)
	if m := mails[len(mails)-1]; !strings.Contains(m.Body, "確認") {
		t.Errorf("the completion mail does not say the card is under review: %+v", m)
	}

	// A paid option is refused, in the list and in the procedure.
	views, err := e.svc.GroupOptions(holder, "remote-support", "")
	if err != nil || len(views) != 1 || views[0].PurchaseBlock != core.BlockPaymentPending || views[0].CanPurchase {
		t.Fatalf("remote support while the card is pending: %+v, %v", views, err)
	}
	_, err = e.svc.CheckOption(holder, "remote-support", "", core.ActionPurchase, true)
	if core.OptionBlock(err) != core.BlockPaymentPending {
		t.Errorf("CheckOption: %v", err)
	}
	_, err = e.svc.PurchaseOption(holder, e.svc.NewToken(), "remote-support", "")
	if core.OptionBlock(err) != core.BlockPaymentPending {
		t.Fatalf("PurchaseOption while pending: %v", err)
	}

	// Only an operator approves.
	for name, p := range map[string]core.Principal{"holder": holder, "admin": admin, "user": user} {
		if err := e.svc.ApproveCard(p, holder.Contract); !errors.Is(err, core.ErrForbidden) {
			t.Errorf("ApproveCard by %s: %v", name, err)
		}
	}
	if err := e.svc.ApproveCard(e.op, "99999999999999"); !errors.Is(err, core.ErrNotFound) {
		t.Errorf("ApproveCard of an unknown contract: %v", err)
	}
	e.clock.Advance(time.Hour)
	if err := e.svc.ApproveCard(e.op, holder.Contract); err != nil {
		t.Fatalf("ApproveCard: %v", err)
	}
	v, err = e.svc.PaymentInfo(holder)
	if err != nil || v.Pending || v.ApprovedAt == nil || !v.ApprovedAt.Equal(start.Add(time.Hour)) {
		t.Errorf("after approval: %+v, %v", v, err)
	}
	op, err := e.svc.PaymentOf(e.op, holder.Contract)
	if err != nil || op.Masked != "XXXX-XXXX-XXXX-4444" || op.Pending {
		t.Errorf("PaymentOf: %+v, %v", op, err)
	}
	if _, err := e.svc.PaymentOf(holder, holder.Contract); !errors.Is(err, core.ErrForbidden) {
		t.Errorf("PaymentOf by the holder: %v", err)
	}
	mails = e.outbox(t)
	if m := mails[len(mails)-1]; m.To != "taro.yamada@example.jp" || !strings.Contains(m.Body, "XXXX-XXXX-XXXX-4444") {
		t.Errorf("approval mail %+v", m)
	}
	approved := false
	for _, r := range e.audit(t) {
		if r.Action == "payment-card-approve" && r.Result == "ok" {
			approved = r.Contract == holder.Contract && r.Target == "card" && r.Actor == "operator"
		}
	}
	if !approved {
		t.Error("the approval is not in the audit log under the contract")
	}
	// Nothing left to approve.
	if err := e.svc.ApproveCard(e.op, holder.Contract); !errors.Is(err, core.ErrNotPending) {
		t.Errorf("second approval: %v", err)
	}
	if _, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), "remote-support", ""); err != nil {
		t.Fatalf("PurchaseOption after approval: %v", err)
	}

	// A new card in another name is pending again; switching to bank transfer ends it.
	if _, err := e.svc.SetCard(holder, e.svc.NewToken(), f); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), "warranty", ""); core.OptionBlock(err) != core.BlockPaymentPending {
		t.Errorf("warranty while a new card is pending: %v", err)
	}
	if _, err := e.svc.SetTransfer(holder, e.svc.NewToken()); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.ApproveCard(e.op, holder.Contract); !errors.Is(err, core.ErrNotPending) {
		t.Errorf("approval of a transfer contract: %v", err)
	}
	if _, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), "warranty", ""); err != nil {
		t.Errorf("warranty after switching to transfer: %v", err)
	}
}

// A pending card refuses only paid options.
func TestPendingCardAllowsFreeOptions(t *testing.T) {
	cat := core.DefaultCatalog()
	for i := range cat.Options {
		if cat.Options[i].Code == "remote-support" {
			cat.Options[i].Monthly = 0
		}
	}
	e := newEnvWith(t, core.Config{Hash: cheap, Catalog: cat})
	d := e.seedDemoUnpaid(t)
	holder := e.holderOf(t, d.holder["spaaqs-lan"])
	f := cardForm("4111111111111111")
	f.HolderFirst = "HANAKO"
	if v, err := e.svc.SetCard(holder, e.svc.NewToken(), f); err != nil || !v.Pending {
		t.Fatalf("SetCard: %+v, %v", v, err)
	}
	if _, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), "remote-support", ""); err != nil {
		t.Errorf("a free option while the card is pending: %v", err)
	}
	if _, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), "warranty", ""); core.OptionBlock(err) != core.BlockPaymentPending {
		t.Errorf("a paid option while the card is pending: %v", err)
	}
}

// SPEC §9.4, seed 004: auto-debit only when one debit is at least 1,942 yen.
func TestDebitEligible(t *testing.T) {
	for total, want := range map[int64]bool{0: false, 1941: false, 1942: true, 1943: true, 100000: true} {
		if got := core.DebitEligible(total); got != want {
			t.Errorf("DebitEligible(%d) = %v, want %v", total, got, want)
		}
	}
}

// The boundary through SetDebit: a catalog price of 1,765 yen gives 1,765 + 176 = 1,941
// yen a month (refused), 1,766 gives 1,766 + 176 = 1,942 (allowed).
func TestSetDebitBoundary(t *testing.T) {
	for price, allowed := range map[int64]bool{1765: false, 1766: true} {
		cat := core.DefaultCatalog()
		for i := range cat.Options {
			if cat.Options[i].Code == "remote-support" {
				cat.Options[i].Monthly = price
			}
		}
		e := newEnvWith(t, core.Config{Hash: cheap, Catalog: cat})
		d := e.seedDemoUnpaid(t)
		holder := e.holderOf(t, d.holder["spaaqs-lan"])
		e.dropPlans(t, holder.Contract)
		e.putRecords(t, holder.Contract, held("remote-support"))
		want := taxIncluded(t, cat, "remote-support")
		if want != 1941 && want != 1942 {
			t.Fatalf("price %d gives %d", price, want)
		}
		info, err := e.svc.PaymentInfo(holder)
		if err != nil || info.ExpectedDebit != want || info.DebitAllowed != allowed {
			t.Errorf("price %d: PaymentInfo %+v, %v; want debit %d allowed %v", price, info, err, want, allowed)
		}
		_, checkErr := e.svc.CheckDebit(holder, debitForm())
		v, setErr := e.svc.SetDebit(holder, e.svc.NewToken(), debitForm())
		if allowed {
			if checkErr != nil || setErr != nil || v.Kind != core.PaymentDebit {
				t.Errorf("price %d: CheckDebit %v, SetDebit %+v, %v", price, checkErr, v, setErr)
			}
			continue
		}
		wantProblem(t, checkErr, core.FieldPaymentKind, core.ProblemDebitMinimum)
		wantProblem(t, setErr, core.FieldPaymentKind, core.ProblemDebitMinimum)
		if info, _ := e.svc.PaymentInfo(holder); info.Kind != "" {
			t.Errorf("price %d: a refused debit was stored: %+v", price, info)
		}
	}
}

// The same boundary with the default catalog's prices: remote support, warranty and
// two セキュリティオンライン come to 1,938 yen a month (refused), also with a one-time
// fee on top; with one more 安心 Kids フィルター, which the next debit bills, it is allowed.
func TestSetDebitWithCatalogPrices(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemoUnpaid(t)
	holder := e.holderOf(t, d.holder["spaaqs-lan"])
	e.dropPlans(t, holder.Contract)
	below := []string{"remote-support", "warranty", "sec-online@yamada-taro", "sec-online@yamada.hana"}
	if got := taxIncluded(t, e.svc.Catalog(), below...); got != 1938 {
		t.Fatalf("catalog prices changed: %d", got)
	}
	recs := held(below...)
	e.putRecords(t, holder.Contract, recs)
	_, err := e.svc.SetDebit(holder, e.svc.NewToken(), debitForm())
	wantProblem(t, err, core.FieldPaymentKind, core.ProblemDebitMinimum)

	// A one-time fee does not recur: a re-application fee this month does not make it eligible.
	feeRecs := append(append([]core.OptionRecord{}, recs...), core.OptionRecord{Option: "sec-basic", Account: "yamada-taro", PurchasedAt: start.AddDate(0, -3, 0), CancelledAt: &start, Fee: 3000})
	e.putRecords(t, holder.Contract, feeRecs)
	_, err = e.svc.SetDebit(holder, e.svc.NewToken(), debitForm())
	wantProblem(t, err, core.FieldPaymentKind, core.ProblemDebitMinimum)

	// Bought this month: the next debit bills it, so auto-debit may be chosen now.
	recs = append(recs, core.OptionRecord{Option: "kids-filter", Account: "yamada.hana", PurchasedAt: start})
	e.putRecords(t, holder.Contract, recs)
	info, err := e.svc.PaymentInfo(holder)
	if want := taxIncluded(t, e.svc.Catalog(), append(below, "kids-filter")...); err != nil || info.ExpectedDebit != want || !info.DebitAllowed {
		t.Errorf("with the kids filter: %+v, %v; want %d allowed", info, err, want)
	}
	if _, err := e.svc.SetDebit(holder, e.svc.NewToken(), debitForm()); err != nil {
		t.Errorf("SetDebit with the kids filter: %v", err)
	}
}

// SPEC §9.4: of the bank account only the last 4 digits are stored.
func TestSetDebitStoresLast4(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemoUnpaid(t)
	holder := e.holderOf(t, d.holder["spaaqs-lan"])
	e.putRecords(t, holder.Contract, held("remote-support", "warranty", "warranty-addon", "sec-360@yamada-taro"))

	cases := []struct {
		name   string
		change func(*core.DebitForm)
		field  string
		code   string
	}{
		{"bank missing", func(f *core.DebitForm) { f.Bank = " " }, core.FieldDebitBank, core.ProblemRequired},
		{"branch missing", func(f *core.DebitForm) { f.Branch = "" }, core.FieldDebitBranch, core.ProblemRequired},
		{"type missing", func(f *core.DebitForm) { f.AccountType = "" }, core.FieldDebitAccountType, core.ProblemRequired},
		{"type unknown", func(f *core.DebitForm) { f.AccountType = "貯蓄" }, core.FieldDebitAccountType, core.ProblemChoice},
		{"number missing", func(f *core.DebitForm) { f.AccountNumber = "" }, core.FieldDebitAccountNumber, core.ProblemRequired},
		{"number short", func(f *core.DebitForm) { f.AccountNumber = "123456" }, core.FieldDebitAccountNumber, core.ProblemLength},
		{"number long", func(f *core.DebitForm) { f.AccountNumber = "12345678" }, core.FieldDebitAccountNumber, core.ProblemLength},
		{"number letters", func(f *core.DebitForm) { f.AccountNumber = "12345G7" }, core.FieldDebitAccountNumber, core.ProblemFormat},
		{"number hyphen", func(f *core.DebitForm) { f.AccountNumber = "123-4567" }, core.FieldDebitAccountNumber, core.ProblemFormat},
		{"holder missing", func(f *core.DebitForm) { f.AccountHolder = "" }, core.FieldDebitAccountHolder, core.ProblemRequired},
		// Half-width kana are widened before the check (SPEC §11.5, TestInputFoldedAccountForm).
		{"holder half-width symbol", func(f *core.DebitForm) { f.AccountHolder = "ﾔﾏﾀﾞ｢ﾀﾛｳ" }, core.FieldDebitAccountHolder, core.ProblemFormat},
		{"holder romaji", func(f *core.DebitForm) { f.AccountHolder = "YAMADA TARO" }, core.FieldDebitAccountHolder, core.ProblemFormat},
		{"holder kanji", func(f *core.DebitForm) { f.AccountHolder = "山田太郎" }, core.FieldDebitAccountHolder, core.ProblemFormat},
		{"no agreement", func(f *core.DebitForm) { f.Agree = false }, core.FieldAgree, core.ProblemRequired},
	}
	for _, c := range cases {
		f := debitForm()
		c.change(&f)
		_, err := e.svc.CheckDebit(holder, f)
		if pr := core.FieldProblems(err); pr[c.field] != c.code || len(pr) != 1 {
			t.Errorf("%s: problems %v (%v), want %s: %s", c.name, pr, err, c.field, c.code)
		}
	}

	f := debitForm()
	f.AccountNumber = "7654321"
	v, err := e.svc.SetDebit(holder, e.svc.NewToken(), f)
	if err != nil {
		t.Fatal(err)
	}
	if v.Kind != core.PaymentDebit || v.Bank != "みずほ銀行" || v.Branch != "横浜駅前支店" || v.AccountType != "普通" ||
		v.AccountMasked != "XXX4321" || v.AccountHolder != "ヤマダ　タロウ" || v.Brand != "" || v.Masked != "" {
		t.Errorf("debit view %+v", v)
	}
	raw := e.rawGet(t, "contracts", holder.Contract)
	if pay := raw["payment"].(map[string]any); pay["account_last4"] != "4321" || pay["kind"] != "debit" {
		t.Errorf("stored payment %v", pay)
	}
	for where, text := range map[string]string{"contract": mustJSON(t, raw), "outbox": mustJSON(t, e.outbox(t)), "audit": mustJSON(t, e.audit(t))} {
		if strings.Contains(text, "7654321") || strings.Contains(text, "765432") {
			t.Errorf("%s holds the bank account number", where)
		}
	}
	mails := e.outbox(t)
	if m := mails[len(mails)-1]; !strings.Contains(m.Subject, "お支払い方法変更完了") || !strings.Contains(m.Body, "XXX4321") {
		t.Errorf("debit completion mail %+v", m)
	}
}

func TestSetTransfer(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemoUnpaid(t)
	holder := e.holderOf(t, d.holder["spaaqs-lan"])
	if _, err := e.svc.SetCard(holder, e.svc.NewToken(), cardForm("4111111111111111")); err != nil {
		t.Fatal(err)
	}
	check, err := e.svc.CheckTransfer(holder)
	if err != nil || check.Kind != core.PaymentTransfer {
		t.Fatalf("CheckTransfer: %+v, %v", check, err)
	}
	v, err := e.svc.SetTransfer(holder, e.svc.NewToken())
	if err != nil {
		t.Fatal(err)
	}
	if v.Kind != core.PaymentTransfer || v.Payee != core.DefaultPayee || v.Brand != "" || v.Masked != "" || v.Expiry != "" {
		t.Errorf("transfer view %+v", v)
	}
	// The card's data is gone from the record.
	pay := e.rawGet(t, "contracts", holder.Contract)["payment"].(map[string]any)
	for _, k := range []string{"brand", "last4", "exp_month", "holder"} {
		if _, ok := pay[k]; ok {
			t.Errorf("transfer keeps the card's %s: %v", k, pay)
		}
	}
	mails := e.outbox(t)
	if m := mails[len(mails)-1]; !strings.Contains(m.Body, core.DefaultPayee.AccountNumber) || !strings.Contains(m.Body, "銀行振込") {
		t.Errorf("transfer completion mail %+v", m)
	}
}

// SPEC §4.3 "view / change payment information": holder ○, admin ID ○, user ID ×.
func TestPaymentPermissions(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemoUnpaid(t)
	multi := d.holder["spaaqs-multi"]
	// Enough charges for auto-debit, so that only the matrix decides.
	e.putRecords(t, multi.Login, held("remote-support", "warranty", "warranty-addon", "sec-360@arteri-an-001"))
	who := map[string]core.Principal{
		"holder": e.holderOf(t, multi),
		"admin":  e.accountOf(t, d.account["spaaqs-multi"]["admin"]),
		"user":   e.accountOf(t, d.account["spaaqs-multi"]["user"]),
	}
	card := core.CardForm{Number: "4111111111111111", ExpMonth: "12", ExpYear: "2030", HolderFirst: "AN", HolderLast: "ARUTERI", Agree: true}
	procs := map[string]func(p core.Principal) error{
		"PaymentInfo":   func(p core.Principal) error { _, err := e.svc.PaymentInfo(p); return err },
		"CheckCard":     func(p core.Principal) error { _, err := e.svc.CheckCard(p, card); return err },
		"SetCard":       func(p core.Principal) error { _, err := e.svc.SetCard(p, e.svc.NewToken(), card); return err },
		"CheckDebit":    func(p core.Principal) error { _, err := e.svc.CheckDebit(p, debitForm()); return err },
		"SetDebit":      func(p core.Principal) error { _, err := e.svc.SetDebit(p, e.svc.NewToken(), debitForm()); return err },
		"CheckTransfer": func(p core.Principal) error { _, err := e.svc.CheckTransfer(p); return err },
		"SetTransfer":   func(p core.Principal) error { _, err := e.svc.SetTransfer(p, e.svc.NewToken()); return err },
	}
	for name, proc := range procs {
		for _, role := range []string{"holder", "admin", "user"} {
			before := mustJSON(t, e.rawGet(t, "contracts", multi.Login)["payment"])
			err := proc(who[role])
			if role == "user" {
				if !errors.Is(err, core.ErrForbidden) {
					t.Errorf("%s by a user ID: %v, want forbidden", name, err)
				}
				if after := mustJSON(t, e.rawGet(t, "contracts", multi.Login)["payment"]); after != before {
					t.Errorf("%s by a user ID changed the payment: %s → %s", name, before, after)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s by the %s: %v", name, role, err)
			}
		}
		// Even a form with problems is refused to a user ID as forbidden, not as invalid.
		if name == "CheckCard" {
			if _, err := e.svc.CheckCard(who["user"], core.CardForm{}); !errors.Is(err, core.ErrForbidden) {
				t.Errorf("empty card form by a user ID: %v", err)
			}
		}
		// An operator principal is not a portal login.
		if err := proc(e.op); !errors.Is(err, core.ErrForbidden) {
			t.Errorf("%s by the operator: %v", name, err)
		}
	}
	if !core.Can(who["holder"], core.FnPayment) || !core.Can(who["admin"], core.FnPayment) || core.Can(who["user"], core.FnPayment) {
		t.Error("the matrix row FnPayment is not holder ○, admin ○, user ×")
	}
	refused := 0
	for _, r := range e.audit(t) {
		if strings.HasPrefix(r.Action, "payment-") && r.Actor == "account:"+who["user"].AccountID && r.Result == "refused" {
			refused++
		}
	}
	if refused != 3 {
		t.Errorf("%d refused payment procedures of the user ID audited, want 3", refused)
	}
}

// SPEC §2: the same confirm submitted twice performs the procedure once.
func TestPaymentDoubleSubmission(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemoUnpaid(t)
	holder := e.holderOf(t, d.holder["spaaqs-lan"])
	e.putRecords(t, holder.Contract, held("remote-support", "warranty", "warranty-addon", "sec-360@yamada-taro"))
	mails := len(e.outbox(t))

	token := e.svc.NewToken()
	if _, err := e.svc.SetCard(holder, token, cardForm("4111111111111111")); err != nil {
		t.Fatal(err)
	}
	_, err := e.svc.SetCard(holder, token, cardForm("5555555555554444"))
	wantErr(t, err, core.ErrAlreadySubmitted)
	if v, _ := e.svc.PaymentInfo(holder); v.Masked != "XXXX-XXXX-XXXX-1111" {
		t.Errorf("the second submission changed the card: %+v", v)
	}
	// One token is one submission whatever the procedure.
	_, err = e.svc.SetTransfer(holder, token)
	wantErr(t, err, core.ErrAlreadySubmitted)

	token = e.svc.NewToken()
	if _, err := e.svc.SetDebit(holder, token, debitForm()); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.SetDebit(holder, token, debitForm())
	wantErr(t, err, core.ErrAlreadySubmitted)

	token = e.svc.NewToken()
	if _, err := e.svc.SetTransfer(holder, token); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.SetTransfer(holder, token)
	wantErr(t, err, core.ErrAlreadySubmitted)

	if got := len(e.outbox(t)) - mails; got != 3 {
		t.Errorf("%d completion mails, want 3", got)
	}
	ok := 0
	for _, r := range e.audit(t) {
		if strings.HasPrefix(r.Action, "payment-") && r.Result == "ok" {
			ok++
		}
	}
	if ok != 3 {
		t.Errorf("%d payment procedures audited ok, want 3", ok)
	}
}
