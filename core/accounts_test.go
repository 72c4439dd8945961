package core_test

import (
	"fmt"
	"strconv"
	"sync"
	"testing"

	"mypage/core"
)

// SPEC §3.1, §4.2: the number of account IDs is limited by the contract type —
// 5 for the LAN family, 6 for the multi family.
func TestAccountLimitPerContractType(t *testing.T) {
	tests := []struct {
		typ   string
		limit int
	}{
		{"spaaqs-lan", 5},
		{"spaaqs-home", 5},
		{"ucom-me", 5},
		{"spaaqs-vdsl", 6},
		{"spaaqs-multi", 6},
		{"ucom-mv", 6},
		{"ucom-mep", 6},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			e := newEnv(t)
			_, holder := e.newContract(t, tt.typ)
			for i := 1; i <= tt.limit; i++ {
				l, err := e.svc.ListAccounts(holder)
				if err != nil {
					t.Fatal(err)
				}
				if l.Full || l.Limit != tt.limit {
					t.Fatalf("before #%d: Full = %v, Limit = %d", i, l.Full, l.Limit)
				}
				e.register(t, holder, accountForm(fmt.Sprintf("member-%02d", i), core.PermUser))
			}
			l, err := e.svc.ListAccounts(holder)
			if err != nil {
				t.Fatal(err)
			}
			if !l.Full || len(l.Accounts) != tt.limit {
				t.Fatalf("at the limit: Full = %v, %d accounts", l.Full, len(l.Accounts))
			}
			over := accountForm("one-too-many", core.PermUser)
			wantErr(t, e.svc.CheckNewAccount(holder, over), core.ErrLimitReached)
			_, err = e.svc.RegisterAccount(holder, e.svc.NewToken(), over)
			wantErr(t, err, core.ErrLimitReached)

			// Deleting one frees its slot for a new ID.
			if err := e.svc.DeleteAccount(holder, e.svc.NewToken(), "member-01"); err != nil {
				t.Fatal(err)
			}
			e.register(t, holder, over)
			_, err = e.svc.RegisterAccount(holder, e.svc.NewToken(), accountForm("two-too-many", core.PermUser))
			wantErr(t, err, core.ErrLimitReached)
		})
	}
}

// SPEC §4.2 / seed 003 §10: a deleted account ID is gone for good and can never be
// registered again, by the same contract or any other; an ID in use is taken too.
func TestDeletedAccountIDIsTombstoned(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	multi := e.holderOf(t, d.holder["spaaqs-multi"])
	lan := e.holderOf(t, d.holder["spaaqs-lan"])
	gone := d.account["spaaqs-multi"]["user"].Login // arteri-ko-002
	if err := e.svc.DeleteAccount(multi, e.svc.NewToken(), gone); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Account(multi, gone); err == nil {
		t.Fatal("the deleted account is still shown")
	}
	tests := []struct {
		name string
		p    core.Principal
		id   string
	}{
		{"deleted, same contract", multi, gone},
		{"deleted, another contract", lan, gone},
		{"in use by another contract", multi, d.account["spaaqs-lan"]["admin"].Login},
		{"in use by the same contract", multi, d.account["spaaqs-multi"]["admin"].Login},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := accountForm(tt.id, core.PermUser)
			wantProblem(t, e.svc.CheckNewAccount(tt.p, f), core.FieldAccountID, core.ProblemTaken)
			_, err := e.svc.RegisterAccount(tt.p, e.svc.NewToken(), f)
			wantProblem(t, err, core.FieldAccountID, core.ProblemTaken)
		})
	}
	// Deleting again is not found, not a second tombstone.
	wantErr(t, e.svc.DeleteAccount(multi, e.svc.NewToken(), gone), core.ErrNotFound)
	// The tombstone survives in the store.
	var when any
	if err := e.db.View(func(tx core.Tx) error { return tx.Get("tombstones", gone, &when) }); err != nil {
		t.Fatalf("no tombstone for %s: %v", gone, err)
	}
}

// SPEC §2: the same confirm submitted twice performs the procedure once.
func TestDoubleSubmission(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-lan"])
	count := func() int {
		l, err := e.svc.ListAccounts(holder)
		if err != nil {
			t.Fatal(err)
		}
		return len(l.Accounts)
	}
	before := count()
	mails := len(e.outbox(t))

	t.Run("sequential", func(t *testing.T) {
		token := e.svc.NewToken()
		if _, err := e.svc.RegisterAccount(holder, token, accountForm("yamada-jiro", core.PermUser)); err != nil {
			t.Fatal(err)
		}
		_, err := e.svc.RegisterAccount(holder, token, accountForm("yamada-jiro", core.PermUser))
		wantErr(t, err, core.ErrAlreadySubmitted)
		// The same token on another form is still spent.
		_, err = e.svc.RegisterAccount(holder, token, accountForm("yamada-saburo", core.PermUser))
		wantErr(t, err, core.ErrAlreadySubmitted)
		if got := count(); got != before+1 {
			t.Fatalf("%d accounts, want %d", got, before+1)
		}
		if got := len(e.outbox(t)); got != mails+1 {
			t.Fatalf("%d completion mails, want %d", got, mails+1)
		}
	})

	t.Run("concurrent double Enter", func(t *testing.T) {
		token := e.svc.NewToken()
		errs := make([]error, 4)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				_, errs[i] = e.svc.RegisterAccount(holder, token, accountForm("yamada-shiro", core.PermUser))
			}(i)
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			default:
				wantErr(t, err, core.ErrAlreadySubmitted)
			}
		}
		if ok != 1 {
			t.Fatalf("%d submissions succeeded, want 1 (%v)", ok, errs)
		}
		if got := count(); got != before+2 {
			t.Fatalf("%d accounts, want %d", got, before+2)
		}
	})

	t.Run("refused submission keeps the token", func(t *testing.T) {
		// A form refused at confirm is corrected and sent again with the same token.
		token := e.svc.NewToken()
		bad := accountForm("yamada-goro", core.PermUser)
		bad.Password = "short"
		_, err := e.svc.RegisterAccount(holder, token, bad)
		wantProblem(t, err, core.FieldPassword, core.ProblemLength)
		if _, err := e.svc.RegisterAccount(holder, token, accountForm("yamada-goro", core.PermUser)); err != nil {
			t.Fatalf("corrected form with the same token: %v", err)
		}
	})

	t.Run("customer info", func(t *testing.T) {
		token := e.svc.NewToken()
		f := core.CustomerForm{Phone: "045-123-4567", Occupation: "employee", Household: "3",
			ContactMail: "taro.yamada@example.jp"}
		mails := len(e.outbox(t))
		if _, err := e.svc.UpdateCustomerInfo(holder, token, f); err != nil {
			t.Fatal(err)
		}
		f.Household = "4"
		_, err := e.svc.UpdateCustomerInfo(holder, token, f)
		wantErr(t, err, core.ErrAlreadySubmitted)
		c, err := e.svc.CustomerInfo(holder)
		if err != nil {
			t.Fatal(err)
		}
		if c.Household != 3 {
			t.Fatalf("household = %d, want 3 (the second submission ran)", c.Household)
		}
		if got := len(e.outbox(t)); got != mails+1 {
			t.Fatalf("%d completion mails, want %d", got, mails+1)
		}
	})
}

// SPEC §4.2: each invalid field is marked, and nothing is saved.
func TestRegisterAccountFormProblems(t *testing.T) {
	e := newEnv(t)
	_, holder := e.newContract(t, "spaaqs-multi")
	tests := []struct {
		name  string
		edit  func(*core.AccountForm)
		field string
		code  string
	}{
		{"ID missing", func(f *core.AccountForm) { f.ID = "" }, core.FieldAccountID, core.ProblemRequired},
		{"ID too short", func(f *core.AccountForm) { f.ID = "ab" }, core.FieldAccountID, core.ProblemLength},
		{"ID capitals", func(f *core.AccountForm) { f.ID = "Suzuki" }, core.FieldAccountID, core.ProblemFormat},
		{"ID two symbols", func(f *core.AccountForm) { f.ID = "suzuki--01" }, core.FieldAccountID, core.ProblemFormat},
		{"last name missing", func(f *core.AccountForm) { f.LastName = "  " }, core.FieldLastName, core.ProblemRequired},
		{"first name too long", func(f *core.AccountForm) {
			f.FirstName = "あいうえおかきくけこさしすせそたちつてとな"
		}, core.FieldFirstName, core.ProblemLength},
		{"kana in kanji", func(f *core.AccountForm) { f.LastKana = "鈴木" }, core.FieldLastKana, core.ProblemFormat},
		{"kana in romaji", func(f *core.AccountForm) { f.FirstKana = "Ichiro" }, core.FieldFirstKana, core.ProblemFormat},
		{"kana missing", func(f *core.AccountForm) { f.FirstKana = "" }, core.FieldFirstKana, core.ProblemRequired},
		{"user name missing", func(f *core.AccountForm) { f.UserName = "" }, core.FieldUserName, core.ProblemRequired},
		{"permission missing", func(f *core.AccountForm) { f.Permission = "" }, core.FieldPermission, core.ProblemChoice},
		{"permission unknown", func(f *core.AccountForm) { f.Permission = "owner" }, core.FieldPermission, core.ProblemChoice},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := accountForm("suzuki-ichiro", core.PermUser)
			tt.edit(&f)
			wantProblem(t, e.svc.CheckNewAccount(holder, f), tt.field, tt.code)
			_, err := e.svc.RegisterAccount(holder, e.svc.NewToken(), f)
			wantProblem(t, err, tt.field, tt.code)
			l, err := e.svc.ListAccounts(holder)
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Accounts) != 0 {
				t.Fatalf("a refused form saved %v", l.Accounts)
			}
		})
	}

	// Several problems are reported together, one per field.
	bad := core.AccountForm{ID: "-x", LastName: "", FirstName: "杏", LastKana: "亜", FirstKana: "アン",
		UserName: "あん", Password: "password123", Permission: "root"}
	pr := core.FieldProblems(e.svc.CheckNewAccount(holder, bad))
	want := map[string]string{
		core.FieldAccountID:  core.ProblemFormat,
		core.FieldLastName:   core.ProblemRequired,
		core.FieldLastKana:   core.ProblemFormat,
		core.FieldPassword:   core.ProblemCommon,
		core.FieldPermission: core.ProblemChoice,
	}
	if fmt.Sprint(pr) != fmt.Sprint(want) {
		t.Fatalf("problems = %v, want %v", pr, want)
	}

	// Surrounding spaces are trimmed before saving.
	f := accountForm("suzuki-ichiro", core.PermAdmin)
	f.ID, f.UserName = "  suzuki-ichiro ", " いちろう "
	// The input step's check agrees with the procedure on the same form.
	if err := e.svc.CheckNewAccount(holder, f); err != nil {
		t.Fatalf("CheckNewAccount on a form with surrounding spaces: %v", err)
	}
	v := e.register(t, holder, f)
	if v.ID != "suzuki-ichiro" || v.UserName != "いちろう" {
		t.Fatalf("saved %+v", v)
	}
}

// Seed 003 §9: everything but the account ID changes; the registration is read back as saved.
func TestUpdateAccount(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-multi"])
	user := d.account["spaaqs-multi"]["user"]
	v, err := e.svc.Account(holder, user.Login)
	if err != nil {
		t.Fatal(err)
	}
	f := formOf(v)
	f.LastName, f.FirstName, f.LastKana, f.FirstKana, f.UserName = "有光", "光太", "アルテリ", "コウタ", "こうた"
	f.Permission = core.PermAdmin
	f.Password = "kota-new-pass-9"
	got, err := e.svc.UpdateAccount(holder, e.svc.NewToken(), f)
	if err != nil {
		t.Fatal(err)
	}
	again, err := e.svc.Account(holder, user.Login)
	if err != nil {
		t.Fatal(err)
	}
	got.MailedTo, got.Mailed = "", "" // the mail the change sent is no part of the account
	if got != again || again.FirstName != "光太" || again.FirstKana != "コウタ" || again.UserName != "こうた" ||
		again.Permission != core.PermAdmin || !again.CreatedAt.Equal(v.CreatedAt) {
		t.Fatalf("after the change: returned %+v, stored %+v", got, again)
	}
	s := e.login(t, core.LoginAccountID, user.Login, "kota-new-pass-9")
	if s.Principal.Permission != core.PermAdmin {
		t.Fatalf("logged in with permission %q", s.Principal.Permission)
	}

	// An unknown ID is not found; a form with a problem changes nothing.
	f.ID = "no-such-id"
	_, err = e.svc.UpdateAccount(holder, e.svc.NewToken(), f)
	wantErr(t, err, core.ErrNotFound)
	f = formOf(again)
	f.UserName, f.LastKana = "x", "漢字"
	_, err = e.svc.UpdateAccount(holder, e.svc.NewToken(), f)
	wantProblem(t, err, core.FieldLastKana, core.ProblemFormat)
	if now, _ := e.svc.Account(holder, user.Login); now.UserName != "こうた" {
		t.Fatalf("a refused change saved user name %q", now.UserName)
	}
}

// Seed 003 §10: deleting an account ID cancels every option it holds and mails the contact address.
func TestDeleteAccount(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-lan"])
	user := d.account["spaaqs-lan"]["user"]
	mails := len(e.outbox(t))
	if err := e.svc.DeleteAccount(holder, e.svc.NewToken(), user.Login); err != nil {
		t.Fatal(err)
	}
	l, err := e.svc.ListAccounts(holder)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range l.Accounts {
		if a.ID == user.Login {
			t.Fatal("the deleted account is still listed")
		}
	}
	if len(l.Accounts) != 1 {
		t.Fatalf("%d accounts left, want 1", len(l.Accounts))
	}
	out := e.outbox(t)
	if len(out) != mails+1 || out[len(out)-1].To != "taro.yamada@example.jp" {
		t.Fatalf("outbox = %+v, want one deletion mail to the contact address", out[mails:])
	}
}

// SPEC §4.1: an account ID changing its own password gives its current one (a
// wrong one is marked, and five wrong ones lock the check); the holder or an admin
// ID setting another account ID's password (◎) does not.
func TestAccountPasswordNeedsCurrentWhenOwn(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	userLogin := d.account["spaaqs-multi"]["user"]
	user := e.accountOf(t, userLogin)
	change := func(p core.Principal, id, current, pw string) error {
		t.Helper()
		v, err := e.svc.Account(p, id)
		if err != nil {
			t.Fatal(err)
		}
		f := formOf(v)
		f.Password, f.CurrentPassword = pw, current
		if err := e.svc.CheckAccountChange(p, f); err != nil {
			return err
		}
		_, err = e.svc.UpdateAccount(p, e.svc.NewToken(), f)
		return err
	}
	wantProblem(t, change(user, user.AccountID, "", "user-new-pass-1"), core.FieldCurrentPassword, core.ProblemRequired)
	wantProblem(t, change(user, user.AccountID, "not-the-password", "user-new-pass-1"), core.FieldCurrentPassword, core.ProblemWrong)
	wantProblem(t, change(user, user.AccountID, userLogin.Password, userLogin.Password), core.FieldPassword, core.ProblemReused)
	if err := change(user, user.AccountID, userLogin.Password, "user-new-pass-1"); err != nil {
		t.Fatalf("own password with the current one: %v", err)
	}
	e.login(t, core.LoginAccountID, user.AccountID, "user-new-pass-1")

	// ◎: the holder and an admin ID set another account ID's password without it.
	holder := e.holderOf(t, d.holder["spaaqs-multi"])
	admin := e.accountOf(t, d.account["spaaqs-multi"]["admin"])
	if err := change(holder, user.AccountID, "", "user-new-pass-2"); err != nil {
		t.Fatalf("holder sets the user ID's password: %v", err)
	}
	if err := change(admin, user.AccountID, "", "user-new-pass-3"); err != nil {
		t.Fatalf("admin ID sets the user ID's password: %v", err)
	}
	e.login(t, core.LoginAccountID, user.AccountID, "user-new-pass-3")

	// The current password is throttled: five wrong, then even the right one is refused.
	for i := 0; i < 5; i++ {
		wantProblem(t, change(user, user.AccountID, "wrong-guess-"+strconv.Itoa(i), "user-new-pass-4"), core.FieldCurrentPassword, core.ProblemWrong)
	}
	wantProblem(t, change(user, user.AccountID, "user-new-pass-3", "user-new-pass-4"), core.FieldCurrentPassword, core.ProblemLocked)
	e.login(t, core.LoginAccountID, user.AccountID, "user-new-pass-3")
}

// Only an account ID changing its own password gives the current one (SPEC §4.1).
func TestAsksCurrentPassword(t *testing.T) {
	holder := core.Principal{Kind: core.KindHolder, Contract: "10000000000001"}
	admin := core.Principal{Kind: core.KindAccount, Contract: "10000000000001", AccountID: "admin-id", Permission: core.PermAdmin}
	for _, tt := range []struct {
		name string
		p    core.Principal
		id   string
		want bool
	}{
		{"holder on any account ID", holder, "user-id", false},
		{"admin ID on another", admin, "user-id", false},
		{"account ID on its own", admin, "admin-id", true},
	} {
		if got := core.AsksCurrentPassword(tt.p, tt.id); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
