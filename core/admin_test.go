package core_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"mypage/core"
)

// The back office opens a contract: a new 14-digit customer number and a random
// 12-character initial password (SPEC §4.1) that logs in and is never stored.
func TestCreateContract(t *testing.T) {
	e := newEnv(t)
	number := regexp.MustCompile(`^[1-9][0-9]{13}$`)
	seen := map[string]bool{}
	for _, typ := range []string{"spaaqs-lan", "spaaqs-home", "ucom-me", "spaaqs-vdsl", "spaaqs-multi", "ucom-mv", "ucom-mep"} {
		t.Run(typ, func(t *testing.T) {
			cert, err := e.svc.CreateContract(e.op, core.NewContract{Type: typ, Customer: customer()})
			if err != nil {
				t.Fatal(err)
			}
			ct, _ := e.svc.Catalog().ContractType(typ)
			if !number.MatchString(cert.Number) {
				t.Fatalf("customer number %q, want 14 digits", cert.Number)
			}
			if seen[cert.Number] {
				t.Fatalf("customer number %s issued twice", cert.Number)
			}
			seen[cert.Number] = true
			if len(cert.InitialPassword) != 12 || cert.Type != ct.Name || cert.Holder != "鈴木 一郎" ||
				!cert.IssuedAt.Equal(start) {
				t.Fatalf("certificate = %+v", cert)
			}
			s := e.login(t, core.LoginCustomerNumber, cert.Number, cert.InitialPassword)
			if s.Principal.Kind != core.KindHolder || s.Principal.Contract != cert.Number {
				t.Fatalf("principal = %+v", s.Principal)
			}
			if s.MustRegisterAccount != ct.AccountIDRequired {
				t.Fatalf("MustRegisterAccount = %v for %s", s.MustRegisterAccount, typ)
			}
			if strings.Contains(mustJSON(t, e.rawGet(t, "contracts", cert.Number)), cert.InitialPassword) {
				t.Fatal("the stored contract contains the initial password")
			}
			rec, err := e.svc.ShowContract(e.op, cert.Number)
			if err != nil {
				t.Fatal(err)
			}
			want := customer()
			if rec.Customer != want || rec.Type != typ || rec.TypeName != ct.Name || rec.Family != ct.Family {
				t.Fatalf("stored contract = %+v", rec)
			}
		})
	}
}

// The back-office form marks each invalid field and opens nothing.
func TestCreateContractProblems(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name  string
		typ   string
		edit  func(*core.Customer)
		field string
		code  string
	}{
		{"unknown type", "fttx-giga", func(c *core.Customer) {}, core.FieldType, core.ProblemChoice},
		{"last name missing", "spaaqs-lan", func(c *core.Customer) { c.LastName = "" }, core.FieldLastName, core.ProblemRequired},
		{"kana in hiragana", "spaaqs-lan", func(c *core.Customer) { c.LastKana = "すずき" }, core.FieldLastKana, core.ProblemFormat},
		{"romaji with digits", "spaaqs-lan", func(c *core.Customer) { c.RomajiLast = "SUZUKI1" }, core.FieldRomajiLast, core.ProblemFormat},
		{"romaji missing", "spaaqs-lan", func(c *core.Customer) { c.RomajiFirst = "" }, core.FieldRomajiFirst, core.ProblemFormat},
		{"birth date in slashes", "spaaqs-lan", func(c *core.Customer) { c.BirthDate = "1980/01/15" }, core.FieldBirthDate, core.ProblemFormat},
		{"birth date impossible", "spaaqs-lan", func(c *core.Customer) { c.BirthDate = "1980-02-30" }, core.FieldBirthDate, core.ProblemFormat},
		{"birth date before 1900", "spaaqs-lan", func(c *core.Customer) { c.BirthDate = "1800-01-01" }, core.FieldBirthDate, core.ProblemFormat},
		{"birth date the day before 1900", "spaaqs-lan", func(c *core.Customer) { c.BirthDate = "1899-12-31" }, core.FieldBirthDate, core.ProblemFormat},
		{"birth date tomorrow", "spaaqs-lan", func(c *core.Customer) { c.BirthDate = "2026-04-02" }, core.FieldBirthDate, core.ProblemFormat},
		{"gender unknown", "spaaqs-lan", func(c *core.Customer) { c.Gender = "x" }, core.FieldGender, core.ProblemChoice},
		{"address missing", "spaaqs-lan", func(c *core.Customer) { c.Address = " " }, core.FieldAddress, core.ProblemRequired},
		{"phone missing", "spaaqs-lan", func(c *core.Customer) { c.Phone = "" }, core.FieldPhone, core.ProblemRequired},
		{"contact mail wrong", "spaaqs-lan", func(c *core.Customer) { c.ContactMail = "suzuki@" }, core.FieldContactMail, core.ProblemFormat},
		{"household too big", "spaaqs-lan", func(c *core.Customer) { c.Household = 99 }, core.FieldHousehold, core.ProblemFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := customer()
			tt.edit(&c)
			cert, err := e.svc.CreateContract(e.op, core.NewContract{Type: tt.typ, Customer: c})
			wantProblem(t, err, tt.field, tt.code)
			if cert != (core.Certificate{}) {
				t.Fatalf("a refused form returned a certificate %+v", cert)
			}
		})
	}
	n := 0
	_ = e.db.View(func(tx core.Tx) error {
		return tx.Scan("contracts", "", func(string, func(any) error) bool { n++; return true })
	})
	if n != 0 {
		t.Fatalf("%d contracts stored after refused forms", n)
	}
	// Romaji is stored in capitals; an empty occupation becomes "other".
	c := customer()
	c.RomajiLast, c.Occupation = "suzuki", ""
	// Full-width input is folded before validation and stored folded (SPEC §11.5).
	c.Phone, c.ContactMail = "０４５－１２３－４５６７", "ＴＡＲＯ＠ｅｘ．ｊｐ"
	cert, err := e.svc.CreateContract(e.op, core.NewContract{Type: "spaaqs-lan", Customer: c})
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := e.svc.ShowContract(e.op, cert.Number)
	if rec.Customer.RomajiLast != "SUZUKI" || rec.Customer.Occupation != "other" ||
		rec.Customer.Phone != "045-123-4567" || rec.Customer.ContactMail != "TARO@ex.jp" {
		t.Fatalf("stored %+v", rec.Customer)
	}
	// The earliest and the latest birth date accepted: 1900-01-01 and today.
	for _, born := range []string{"1900-01-01", "2026-04-01"} {
		c := customer()
		c.BirthDate = born
		if _, err := e.svc.CreateContract(e.op, core.NewContract{Type: "spaaqs-lan", Customer: c}); err != nil {
			t.Fatalf("birth date %s: %v", born, err)
		}
	}
}

// ShowContract is the back office's view: accounts and customer, never a password hash.
func TestShowContractHasNoSecrets(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	rec, err := e.svc.ShowContract(e.op, d.holder["spaaqs-multi"].Login)
	if err != nil {
		t.Fatal(err)
	}
	js := mustJSON(t, rec)
	for _, secret := range []string{"password", "hash", "$argon2id", d.holder["spaaqs-multi"].Password,
		d.account["spaaqs-multi"]["admin"].Password} {
		if strings.Contains(js, secret) {
			t.Errorf("ShowContract JSON contains %q: %s", secret, js)
		}
	}
	if len(rec.Accounts) != 2 || rec.Accounts[0].ID != "arteri-an-001" || rec.Accounts[1].ID != "arteri-ko-002" {
		t.Fatalf("accounts = %+v", rec.Accounts)
	}
	if rec.Customer.ContactMail != "arteri-an@keitai-address.ne.jp" || rec.Options == nil {
		t.Fatalf("record = %s", js)
	}
	_, err = e.svc.ShowContract(e.op, "10000000000000")
	wantErr(t, err, core.ErrNotFound)
}

// SeedDemo prints a holder, admin and user login per demo contract; every one logs in as printed.
func TestSeedDemoLogins(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	kinds := map[string]int{}
	for _, l := range d.logins {
		kinds[l.Kind]++
		t.Run(l.Kind+" "+l.Login, func(t *testing.T) {
			method := core.LoginAccountID
			if l.Kind == "holder" {
				method = core.LoginCustomerNumber
			}
			s := e.login(t, method, l.Login, l.Password)
			switch l.Kind {
			case "holder":
				if s.Principal.Kind != core.KindHolder {
					t.Fatalf("principal = %+v", s.Principal)
				}
			case "admin", "user":
				if s.Principal.Kind != core.KindAccount || string(s.Principal.Permission) != l.Kind {
					t.Fatalf("principal = %+v", s.Principal)
				}
			default:
				t.Fatalf("unknown kind %q", l.Kind)
			}
		})
	}
	if kinds["holder"] != 3 || kinds["admin"] < 1 || kinds["user"] < 1 {
		t.Fatalf("demo logins by kind = %v", kinds)
	}
	for _, typ := range []string{"spaaqs-multi", "spaaqs-lan", "spaaqs-home"} {
		if _, ok := d.holder[typ]; !ok {
			t.Errorf("no demo contract of type %s", typ)
		}
	}
}

// SPEC §12: every procedure appends who, when, from where, what and the result, for a
// success and for a refusal alike.
func TestAuditRecords(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	const ssh = "ssh 192.0.2.1:5555"
	sess, err := e.svc.Login(core.LoginCustomerNumber, d.holder["spaaqs-lan"].Login, d.holder["spaaqs-lan"].Password, ssh)
	if err != nil {
		t.Fatal(err)
	}
	holder := sess.Principal
	user := e.accountOf(t, d.account["spaaqs-lan"]["user"])
	lan := holder.Contract
	foreign := d.account["spaaqs-multi"]["user"].Login

	bad := accountForm("yamada-bad", core.PermUser)
	bad.Password = "short"
	steps := []struct {
		name           string
		run            func() error
		actor, source  string
		action, target string
		result         string
	}{
		{"register", func() error {
			_, err := e.svc.RegisterAccount(holder, e.svc.NewToken(), accountForm("yamada-jiro", core.PermUser))
			return err
		}, "holder:" + lan, ssh, "account-register", "yamada-jiro", "ok"},
		{"register refused to a user ID", func() error {
			_, err := e.svc.RegisterAccount(user, e.svc.NewToken(), accountForm("yamada-saburo", core.PermUser))
			return err
		}, "account:yamada.hana", "test", "account-register", "yamada-saburo", "refused"},
		{"register with a bad password", func() error {
			_, err := e.svc.RegisterAccount(holder, e.svc.NewToken(), bad)
			return err
		}, "holder:" + lan, ssh, "account-register", "yamada-bad", "invalid"},
		{"delete an ID of another contract", func() error {
			return e.svc.DeleteAccount(holder, e.svc.NewToken(), foreign)
		}, "holder:" + lan, ssh, "account-delete", foreign, "not-found"},
		{"customer info", func() error {
			_, err := e.svc.UpdateCustomerInfo(holder, e.svc.NewToken(), lanForm())
			return err
		}, "holder:" + lan, ssh, "customer-info-change", lan, "ok"},
		{"customer password refused to a user ID", func() error {
			return e.svc.ChangeCustomerPassword(user, e.svc.NewToken(), d.holder["spaaqs-lan"].Password, "user-tries-this-1", "user-tries-this-1")
		}, "account:yamada.hana", "test", "customer-password-change", lan, "refused"},
		{"customer password", func() error {
			return e.svc.ChangeCustomerPassword(holder, e.svc.NewToken(), d.holder["spaaqs-lan"].Password, "lan-holder-2099", "lan-holder-2099")
		}, "holder:" + lan, ssh, "customer-password-change", lan, "ok"},
		{"delete", func() error {
			return e.svc.DeleteAccount(holder, e.svc.NewToken(), "yamada-jiro")
		}, "holder:" + lan, ssh, "account-delete", "yamada-jiro", "ok"},
		{"register a deleted ID again", func() error {
			_, err := e.svc.RegisterAccount(holder, e.svc.NewToken(), accountForm("yamada-jiro", core.PermUser))
			return err
		}, "holder:" + lan, ssh, "account-register", "yamada-jiro", "invalid"},
		{"wrong login", func() error {
			_, err := e.svc.Login(core.LoginAccountID, "yamada.hana", "wrong-password-1", "kiosk")
			return err
		}, "account:yamada.hana", "kiosk", "login", "account-id:yamada.hana", "failed"},
		{"unknown login", func() error {
			_, err := e.svc.Login(core.LoginAccountID, "nobody-here", "wrong-password-1", "kiosk")
			return err
		}, "anonymous", "kiosk", "login", "account-id:unknown", "failed"},
		{"login", func() error {
			_, err := e.svc.Login(core.LoginAccountID, "yamada.hana", d.account["spaaqs-lan"]["user"].Password, "local")
			return err
		}, "account:yamada.hana", "local", "login", "account-id:yamada.hana", "ok"},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			e.clock.Advance(time.Minute)
			_ = s.run()
			all := e.audit(t)
			r := all[len(all)-1]
			if r.Actor != s.actor || r.Source != s.source || r.Action != s.action || r.Target != s.target ||
				r.Result != s.result || !r.Time.Equal(e.clock.Now()) {
				t.Fatalf("audit record = %+v\nwant actor %q source %q action %q target %q result %q at %v",
					r, s.actor, s.source, s.action, s.target, s.result, e.clock.Now())
			}
			if r.Seq == 0 || (len(all) > 1 && r.Seq <= all[len(all)-2].Seq) {
				t.Fatalf("sequence %d after %d", r.Seq, all[len(all)-2].Seq)
			}
		})
	}

	// The filter narrows to one contract and to the newest N.
	own, err := e.svc.Audit(e.op, core.AuditFilter{Contract: lan})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range own {
		if r.Contract != lan {
			t.Fatalf("filtered audit has %+v", r)
		}
	}
	last2, _ := e.svc.Audit(e.op, core.AuditFilter{Limit: 2})
	all := e.audit(t)
	if len(last2) != 2 || last2[1] != all[len(all)-1] || last2[0] != all[len(all)-2] {
		t.Fatalf("newest 2 = %+v", last2)
	}
}

// SPEC §12: never a password in the audit log — nor anywhere in the database file.
func TestNoPasswordIsStored(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	passwords := []string{"wrong-password-9", "lan-holder-2098", "lan-holder-2099", "lan-holder-2100", "new-user-pass-7", "short"}
	for _, l := range d.logins {
		passwords = append(passwords, l.Password)
	}
	holder := e.holderOf(t, d.holder["spaaqs-lan"])
	user := e.accountOf(t, d.account["spaaqs-lan"]["user"])
	_, _ = e.svc.Login(core.LoginAccountID, "yamada.hana", "wrong-password-9", "test")
	_, _ = e.svc.Login(core.LoginCustomerNumber, holder.Contract, "wrong-password-9", "test")
	lanPW := d.holder["spaaqs-lan"].Password
	_ = e.svc.ChangeCustomerPassword(holder, e.svc.NewToken(), "wrong-password-9", "lan-holder-2098", "lan-holder-2098")
	_ = e.svc.ChangeCustomerPassword(holder, e.svc.NewToken(), lanPW, "lan-holder-2099", "lan-holder-2099")
	_ = e.svc.ChangeCustomerPassword(user, e.svc.NewToken(), "lan-holder-2099", "lan-holder-2100", "lan-holder-2100")
	_ = e.svc.ChangeCustomerPassword(holder, e.svc.NewToken(), "lan-holder-2099", "short", "short")
	v, _ := e.svc.Account(user, "yamada.hana")
	f := formOf(v)
	f.Password = "new-user-pass-7"
	f.CurrentPassword = d.account["spaaqs-lan"]["user"].Password
	if _, err := e.svc.UpdateAccount(user, e.svc.NewToken(), f); err != nil {
		t.Fatal(err)
	}
	cert, err := e.svc.CreateContract(e.op, core.NewContract{Type: "spaaqs-lan", Customer: customer()})
	if err != nil {
		t.Fatal(err)
	}
	passwords = append(passwords, cert.InitialPassword)

	audit := mustJSON(t, e.audit(t))
	outbox := mustJSON(t, e.outbox(t))
	file, err := e.stored()
	if err != nil {
		t.Fatal(err)
	}
	for _, pw := range passwords {
		if strings.Contains(audit, pw) {
			t.Errorf("the audit log contains the password %q", pw)
		}
		if strings.Contains(outbox, pw) {
			t.Errorf("the outbox contains the password %q", pw)
		}
		if len(pw) >= 10 && strings.Contains(string(file), pw) {
			t.Errorf("the database file contains the password %q", pw)
		}
	}
}

// SPEC §12: completion mails land in the outbox, oldest first, with the time of the procedure.
func TestOutbox(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	all := e.outbox(t)
	// The demo registers 4 account IDs on contracts with a contact address.
	if len(all) != 4 {
		t.Fatalf("%d demo mails: %+v", len(all), all)
	}
	for i, m := range all {
		if m.Seq == 0 || (i > 0 && m.Seq <= all[i-1].Seq) || !m.Time.Equal(start) ||
			!strings.Contains(m.Subject, "アカウントID登録完了") {
			t.Fatalf("mail %d = %+v", i, m)
		}
	}
	holder := e.holderOf(t, d.holder["spaaqs-multi"])
	e.clock.Advance(time.Hour)
	if _, err := e.svc.UpdateCustomerInfo(holder, e.svc.NewToken(), core.CustomerForm{Phone: "012-345-6789",
		ContactMail: "an.new@example.jp", Occupation: "employee", Household: "3"}); err != nil {
		t.Fatal(err)
	}
	// The new contact address, then the old one (told of the change).
	last, err := e.svc.Outbox(e.op, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(last) != 2 || last[0].To != "an.new@example.jp" || last[1].To != "arteri-an@keitai-address.ne.jp" {
		t.Fatalf("newest mails = %+v", last)
	}
	for i, m := range last {
		if !m.Time.Equal(start.Add(time.Hour)) || m.Seq != all[len(all)-1].Seq+uint64(i)+1 {
			t.Fatalf("newest mail %d = %+v", i, m)
		}
	}
}
