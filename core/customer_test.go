package core_test

import (
	"strconv"
	"strings"
	"testing"

	"mypage/core"
)

// lanForm is the demo LAN holder's record (seed-style data) as the form shows it.
func lanForm() core.CustomerForm {
	return core.CustomerForm{Phone: "045-123-4567", Mobile: "090-1234-5678", ContactMail: "taro.yamada@example.jp",
		Occupation: "self-employed", Household: "2"}
}

// SPEC §9.1: phone is required; phone, fax, mobile and mail have a format; occupation is a choice;
// household is a small whole number.
func TestCustomerFormProblems(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-lan"])
	tests := []struct {
		name  string
		edit  func(*core.CustomerForm)
		field string // "" for accepted
		code  string
	}{
		{"as it is", func(f *core.CustomerForm) {}, "", ""},
		{"phone missing", func(f *core.CustomerForm) { f.Phone = "" }, core.FieldPhone, core.ProblemRequired},
		{"phone only spaces", func(f *core.CustomerForm) { f.Phone = "   " }, core.FieldPhone, core.ProblemRequired},
		{"phone without hyphens", func(f *core.CustomerForm) { f.Phone = "0451234567" }, "", ""},
		{"phone 11 digits", func(f *core.CustomerForm) { f.Phone = "090-1234-5678" }, "", ""},
		{"phone 9 digits", func(f *core.CustomerForm) { f.Phone = "045-123-456" }, core.FieldPhone, core.ProblemTooShort},
		{"phone 6 digits", func(f *core.CustomerForm) { f.Phone = "045-123" }, core.FieldPhone, core.ProblemTooShort},
		{"phone 12 digits", func(f *core.CustomerForm) { f.Phone = "090-1234-56789" }, core.FieldPhone, core.ProblemTooLong},
		{"phone not starting with 0", func(f *core.CustomerForm) { f.Phone = "45-123-45678" }, core.FieldPhone, core.ProblemFormat},
		{"phone double hyphen", func(f *core.CustomerForm) { f.Phone = "045--123-4567" }, core.FieldPhone, core.ProblemFormat},
		{"phone leading hyphen", func(f *core.CustomerForm) { f.Phone = "-045-123-4567" }, core.FieldPhone, core.ProblemFormat},
		{"phone full-width digits", func(f *core.CustomerForm) { f.Phone = "０４５-１２３-４５６７" }, "", ""}, // folded (SPEC §11.5)
		{"phone letters", func(f *core.CustomerForm) { f.Phone = "045-ABC-4567" }, core.FieldPhone, core.ProblemFormat},
		{"phone with spaces", func(f *core.CustomerForm) { f.Phone = "045 123 4567" }, core.FieldPhone, core.ProblemFormat},
		{"phone with brackets", func(f *core.CustomerForm) { f.Phone = "045(123)4567" }, core.FieldPhone, core.ProblemFormat},
		{"fax letters", func(f *core.CustomerForm) { f.Fax = "fax-number" }, core.FieldFax, core.ProblemFormat},
		{"fax valid", func(f *core.CustomerForm) { f.Fax = "045-123-4568" }, "", ""},
		{"mobile short", func(f *core.CustomerForm) { f.Mobile = "090-1234" }, core.FieldMobile, core.ProblemTooShort},
		{"fax short", func(f *core.CustomerForm) { f.Fax = "045-123" }, core.FieldFax, core.ProblemTooShort},
		{"mail without domain", func(f *core.CustomerForm) { f.ContactMail = "taro@" }, core.FieldContactMail, core.ProblemFormat},
		{"mail without dot in domain", func(f *core.CustomerForm) { f.ContactMail = "taro@localhost" }, core.FieldContactMail, core.ProblemFormat},
		{"mail with display name", func(f *core.CustomerForm) { f.ContactMail = "Taro <taro@example.jp>" }, core.FieldContactMail, core.ProblemFormat},
		{"mail with space", func(f *core.CustomerForm) { f.ContactMail = "taro yamada@example.jp" }, core.FieldContactMail, core.ProblemFormat},
		{"occupation not given", func(f *core.CustomerForm) { f.Occupation = "" }, "", ""}, // optional (SPEC §9.1)
		{"occupation unknown", func(f *core.CustomerForm) { f.Occupation = "ninja" }, core.FieldOccupation, core.ProblemChoice},
		{"household empty", func(f *core.CustomerForm) { f.Household = "" }, "", ""},
		{"household 20", func(f *core.CustomerForm) { f.Household = "20" }, "", ""},
		{"household 21", func(f *core.CustomerForm) { f.Household = "21" }, core.FieldHousehold, core.ProblemFormat},
		{"household negative", func(f *core.CustomerForm) { f.Household = "-1" }, core.FieldHousehold, core.ProblemFormat},
		{"household full-width", func(f *core.CustomerForm) { f.Household = "３" }, "", ""}, // folded (SPEC §11.5)
		{"household words", func(f *core.CustomerForm) { f.Household = "three" }, core.FieldHousehold, core.ProblemFormat},
	}
	before, err := e.svc.CustomerInfo(holder)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := lanForm()
			tt.edit(&f)
			_, errCheck := e.svc.CheckCustomerForm(holder, f)
			if tt.field == "" {
				if errCheck != nil {
					t.Fatalf("CheckCustomerForm: %v, want accepted", errCheck)
				}
				return
			}
			wantProblem(t, errCheck, tt.field, tt.code)
			_, err := e.svc.UpdateCustomerInfo(holder, e.svc.NewToken(), f)
			wantProblem(t, err, tt.field, tt.code)
			after, err := e.svc.CustomerInfo(holder)
			if err != nil {
				t.Fatal(err)
			}
			if after != before {
				t.Fatalf("a refused form changed the record:\n%+v\n%+v", before, after)
			}
		})
	}
}

// SPEC §9.1: the editable fields are saved, optional fields left empty are deleted, the
// paper-only fields stay, and the completion mail goes to the contact address if one is set.
func TestUpdateCustomerInfo(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-lan"])
	before, err := e.svc.CustomerInfo(holder)
	if err != nil {
		t.Fatal(err)
	}
	if before.Mobile == "" || before.ContactMail == "" {
		t.Fatalf("the demo LAN holder should have a mobile and a contact mail: %+v", before)
	}

	form := core.CustomerForm{Phone: " 045-765-4321 ", Fax: "", Mobile: "", ContactMail: "taro.new@example.jp",
		Occupation: "employee", Household: "4"}
	preview, err := e.svc.CheckCustomerForm(holder, form)
	if err != nil {
		t.Fatal(err)
	}
	if cur, _ := e.svc.CustomerInfo(holder); cur != before {
		t.Fatal("CheckCustomerForm saved the change")
	}
	mails := len(e.outbox(t))
	got, err := e.svc.UpdateCustomerInfo(holder, e.svc.NewToken(), form)
	if err != nil {
		t.Fatal(err)
	}
	if got != preview {
		t.Fatalf("saved %+v, confirm step showed %+v", got, preview)
	}
	want := before
	want.Phone, want.Fax, want.Mobile, want.ContactMail = "045-765-4321", "", "", "taro.new@example.jp"
	want.Occupation, want.Household = "employee", 4
	after, err := e.svc.CustomerInfo(holder)
	if err != nil {
		t.Fatal(err)
	}
	if after != want {
		t.Fatalf("after the change:\n got %+v\nwant %+v", after, want)
	}
	// The emptied mobile is gone from the stored record, not kept as an old value.
	cust := e.rawGet(t, "contracts", holder.Contract)["customer"].(map[string]any)
	if _, ok := cust["mobile"]; ok {
		t.Fatalf("stored customer still has a mobile: %v", cust)
	}
	// SPEC §4.1: the changed contact address is told to the old address as well as the new one.
	out := e.outbox(t)
	if len(out) != mails+2 {
		t.Fatalf("%d new mails, want 2 (the new and the old contact address): %+v", len(out)-mails, out[mails:])
	}
	for i, to := range []string{"taro.new@example.jp", before.ContactMail} {
		m := out[mails+i]
		if m.To != to || !strings.Contains(m.Subject, "お客様情報変更") ||
			!strings.Contains(m.Body, holder.Contract) || !m.Time.Equal(start) {
			t.Fatalf("mail %d = %+v, want one to %s", i, m, to)
		}
	}
	if !strings.Contains(out[mails+1].Body, "連絡先メールアドレス") || strings.Contains(out[mails+1].Body, "taro.new@example.jp") {
		t.Fatalf("the mail to the old address should say the contact address changed, without the new one: %q", out[mails+1].Body)
	}

	// The same contact address again: one mail, to it.
	mails = len(e.outbox(t))
	if _, err := e.svc.UpdateCustomerInfo(holder, e.svc.NewToken(), form); err != nil {
		t.Fatal(err)
	}
	if out := e.outbox(t); len(out) != mails+1 || out[mails].To != "taro.new@example.jp" {
		t.Fatalf("unchanged contact address: mails %+v", out[mails:])
	}

	// With the contact address emptied, it is deleted and only the old address is told.
	mails = len(e.outbox(t))
	form.ContactMail = ""
	if _, err := e.svc.UpdateCustomerInfo(holder, e.svc.NewToken(), form); err != nil {
		t.Fatal(err)
	}
	if c, _ := e.svc.CustomerInfo(holder); c.ContactMail != "" {
		t.Fatalf("contact mail = %q, want deleted", c.ContactMail)
	}
	if out := e.outbox(t); len(out) != mails+1 || out[mails].To != "taro.new@example.jp" {
		t.Fatalf("emptied contact address: mails %+v, want one to the old address", out[mails:])
	}
}

// SPEC §9.2: the current customer password is given, the new one entered twice; the password rules apply with the
// customer number as the ID, and no earlier password returns.
func TestChangeCustomerPassword(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	lan := d.holder["spaaqs-lan"]
	holder := e.holderOf(t, lan)

	steps := []struct {
		name       string
		pw, again  string
		field      string // "" for accepted
		code       string
		nowCurrent string
	}{
		{"entries differ", "lan-holder-2027", "lan-holder-2O27", core.FieldPassword2, core.ProblemMismatch, ""},
		{"second entry empty", "lan-holder-2027", "", core.FieldPassword2, core.ProblemMismatch, ""},
		{"empty", "", "", core.FieldPassword, core.ProblemRequired, ""},
		{"too short", "lan-2027", "lan-2027", core.FieldPassword, core.ProblemLength, ""},
		{"the customer number", lan.Login, lan.Login, core.FieldPassword, core.ProblemSameAsID, ""},
		{"common", "welcome123", "welcome123", core.FieldPassword, core.ProblemCommon, ""},
		{"the current one", lan.Password, lan.Password, core.FieldPassword, core.ProblemReused, ""},
		{"new", "lan-holder-2027", "lan-holder-2027", "", "", "lan-holder-2027"},
		{"back to the first", lan.Password, lan.Password, core.FieldPassword, core.ProblemReused, ""},
		{"another new", "lan-holder-2028", "lan-holder-2028", "", "", "lan-holder-2028"},
		{"the one before", "lan-holder-2027", "lan-holder-2027", core.FieldPassword, core.ProblemReused, ""},
	}
	current := lan.Password
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			errCheck := e.svc.CheckCustomerPassword(holder, current, s.pw, s.again)
			mails := len(e.outbox(t))
			err := e.svc.ChangeCustomerPassword(holder, e.svc.NewToken(), current, s.pw, s.again)
			if s.field == "" {
				if errCheck != nil || err != nil {
					t.Fatalf("check: %v, change: %v; want accepted", errCheck, err)
				}
				out := e.outbox(t)
				if len(out) != mails+1 || out[len(out)-1].To != "taro.yamada@example.jp" {
					t.Fatalf("want one completion mail to the contact address, outbox %+v", out[mails:])
				}
				if strings.Contains(out[len(out)-1].Body, s.pw) {
					t.Fatal("the completion mail contains the password")
				}
				current = s.nowCurrent
				return
			}
			// A reuse shows once the current password is verified, on the change.
			if s.code == core.ProblemReused {
				if errCheck != nil {
					t.Fatalf("check: %v", errCheck)
				}
			} else {
				wantProblem(t, errCheck, s.field, s.code)
			}
			wantProblem(t, err, s.field, s.code)
		})
		// Only the current password logs in.
		e.login(t, core.LoginCustomerNumber, lan.Login, current)
	}
	for _, old := range []string{lan.Password, "lan-holder-2027"} {
		if _, err := e.svc.Login(core.LoginCustomerNumber, lan.Login, old, "test"); err == nil {
			t.Fatalf("the old password %q still logs in", old)
		}
	}
	// The account IDs' passwords are their own: unchanged.
	e.accountOf(t, d.account["spaaqs-lan"]["admin"])
}

// SPEC §4.1 (OWASP ASVS V2.1.6): changing the customer password always asks for
// the current customer password, whoever is logged in: the holder or an admin ID
// (issue: an admin ID took the customer password over without knowing it).
func TestCustomerPasswordNeedsCurrent(t *testing.T) {
	for _, who := range []string{"holder", "admin ID"} {
		t.Run(who, func(t *testing.T) {
			e := newEnv(t)
			d := e.seedDemo(t)
			multi := d.holder["spaaqs-multi"]
			p := e.holderOf(t, multi)
			if who == "admin ID" {
				p = e.accountOf(t, d.account["spaaqs-multi"]["admin"])
			}
			const next = "multi-holder-2031"
			wantProblem(t, e.svc.CheckCustomerPassword(p, "", next, next), core.FieldCurrentPassword, core.ProblemRequired)
			wantProblem(t, e.svc.ChangeCustomerPassword(p, e.svc.NewToken(), "", next, next), core.FieldCurrentPassword, core.ProblemRequired)
			wantProblem(t, e.svc.ChangeCustomerPassword(p, e.svc.NewToken(), "not-the-password", next, next), core.FieldCurrentPassword, core.ProblemWrong)
			e.holderOf(t, multi) // unchanged
			if err := e.svc.ChangeCustomerPassword(p, e.svc.NewToken(), multi.Password, next, next); err != nil {
				t.Fatalf("with the current password: %v", err)
			}
			e.login(t, core.LoginCustomerNumber, multi.Login, next)
		})
	}
}

// The current password is checked as a login is: five wrong ones lock the
// principal's own counter (the right one is then refused alike), never the holder's login.
func TestCustomerPasswordCurrentIsThrottled(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	multi := d.holder["spaaqs-multi"]
	admin := e.accountOf(t, d.account["spaaqs-multi"]["admin"])
	const next = "multi-holder-2031"
	for i := 0; i < 5; i++ {
		wantProblem(t, e.svc.ChangeCustomerPassword(admin, e.svc.NewToken(), "wrong-guess-"+strconv.Itoa(i), next, next),
			core.FieldCurrentPassword, core.ProblemWrong)
	}
	wantProblem(t, e.svc.ChangeCustomerPassword(admin, e.svc.NewToken(), multi.Password, next, next),
		core.FieldCurrentPassword, core.ProblemLocked)
	if r := e.audit(t); r[len(r)-1].Result != "throttled" {
		t.Fatalf("sixth attempt audited %q, want throttled", r[len(r)-1].Result)
	}
	e.holderOf(t, multi)
	if _, err := e.svc.Unlock(e.op, admin.AccountID); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.ChangeCustomerPassword(admin, e.svc.NewToken(), multi.Password, next, next); err != nil {
		t.Fatalf("after unlock: %v", err)
	}
}

// SPEC §9.1: the occupation is optional; left empty, it is deleted.
func TestOccupationOptional(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-lan"])
	f := lanForm()
	f.Occupation = ""
	if _, err := e.svc.UpdateCustomerInfo(holder, e.svc.NewToken(), f); err != nil {
		t.Fatal(err)
	}
	if c, _ := e.svc.CustomerInfo(holder); c.Occupation != "" {
		t.Fatalf("occupation = %q, want deleted", c.Occupation)
	}
}
