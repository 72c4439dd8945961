package core_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"mypage/core"
)

// SPEC §4.1 password rules for a new account ID: 10–64 half-width printable
// characters, not the account ID, not a common password.
func TestAccountPasswordRules(t *testing.T) {
	e := newEnv(t)
	_, holder := e.newContract(t, "spaaqs-multi")
	const id = "suzuki-ichiro"
	tests := []struct {
		name string
		pw   string
		want string // problem code on the password field, "" for accepted
	}{
		{"empty", "", core.ProblemRequired},
		{"9 characters", "k7#mQ2vL9", core.ProblemLength},
		{"10 characters", "k7#mQ2vL9x", ""},
		{"64 characters", strings.Repeat("k7#mQ2vL", 8), ""},
		{"65 characters", strings.Repeat("k7#mQ2vL", 8) + "x", core.ProblemLength},
		{"every ASCII symbol", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", ""},
		{"full-width letters", "ｋ７＃ｍＱ２ｖＬ９ｘ", core.ProblemFormat},
		{"Japanese", "パスワード12345678", core.ProblemFormat},
		{"space inside", "k7#mQ 2vL9x", core.ProblemFormat},
		{"tab inside", "k7#mQ\t2vL9x", core.ProblemFormat},
		{"equal to the account ID", id, core.ProblemSameAsID},
		{"account ID in capitals", strings.ToUpper(id), core.ProblemSameAsID},
		{"common password", "password123", core.ProblemCommon},
		{"common password, other case", "PassWord123", core.ProblemCommon},
		{"common digits", "1234567890", core.ProblemCommon},
		{"common keyboard row", "qwertyuiop", core.ProblemCommon},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := accountForm(id, core.PermUser)
			f.Password = tt.pw
			err := e.svc.CheckNewAccount(holder, f)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("CheckNewAccount: %v, want accepted", err)
				}
				return
			}
			wantProblem(t, err, core.FieldPassword, tt.want)
			// The procedure itself refuses the same way and keeps nothing.
			_, err = e.svc.RegisterAccount(holder, e.svc.NewToken(), f)
			wantProblem(t, err, core.FieldPassword, tt.want)
			if _, err := e.svc.Account(holder, id); err == nil {
				t.Fatalf("account %s exists after a refused registration", id)
			}
		})
	}

	// An accepted long password works for login.
	f := accountForm(id, core.PermUser)
	f.Password = strings.Repeat("k7#mQ2vL", 8)
	e.register(t, holder, f)
	e.login(t, core.LoginAccountID, id, f.Password)
}

// SPEC §4.1, seed 003 §9: on a change, a password this account ID used before is refused,
// not only the current one; the other rules apply as on registration.
func TestAccountPasswordChange(t *testing.T) {
	e := newEnv(t)
	_, holder := e.newContract(t, "spaaqs-lan")
	const id = "suzuki-jiro"
	f := accountForm(id, core.PermUser)
	first := f.Password
	v := e.register(t, holder, f)

	change := func(pw string) error {
		form := formOf(v)
		form.Password = pw
		_, err := e.svc.UpdateAccount(holder, e.svc.NewToken(), form)
		return err
	}
	steps := []struct {
		pw   string
		want string
	}{
		{first, core.ProblemReused},            // the current password
		{"second-pass-22", ""},                 // new
		{first, core.ProblemReused},            // the earlier one
		{"second-pass-22", core.ProblemReused}, // the current one again
		{"third-pass-333", ""},                 // new
		{first, core.ProblemReused},            // still in the history two changes later
		{"second-pass-22", core.ProblemReused},
		{id, core.ProblemSameAsID},
		{"letmein123", core.ProblemCommon},
		{"short", core.ProblemLength},
	}
	current := first
	for i, s := range steps {
		err := change(s.pw)
		if s.want == "" {
			if err != nil {
				t.Fatalf("step %d: change to %q: %v", i, s.pw, err)
			}
			current = s.pw
			continue
		}
		wantProblem(t, err, core.FieldPassword, s.want)
	}
	if current != "third-pass-333" {
		t.Fatalf("current = %q", current)
	}
	e.login(t, core.LoginAccountID, id, "third-pass-333")
	for _, old := range []string{first, "second-pass-22"} {
		if _, err := e.svc.Login(core.LoginAccountID, id, old, "test"); err == nil {
			t.Fatalf("an old password %q still logs in", old)
		}
	}
}

// SPEC §4.1: with the default figures a password is stored as an argon2id PHC string
// with m = 19 MiB, t = 2, p = 1, a 16-byte salt and nothing else.
func TestDefaultHashParams(t *testing.T) {
	e := newEnvWith(t, core.Config{})
	cert, err := e.svc.CreateContract(e.op, core.NewContract{Type: "spaaqs-lan", Customer: customer()})
	if err != nil {
		t.Fatal(err)
	}
	e.login(t, core.LoginCustomerNumber, cert.Number, cert.InitialPassword)
	if _, err := e.svc.Login(core.LoginCustomerNumber, cert.Number, cert.InitialPassword+"x", "test"); err == nil {
		t.Fatal("a wrong password logged in")
	}

	doc := e.rawGet(t, "contracts", cert.Number)
	phc, _ := doc["password_hash"].(string)
	const prefix = "$argon2id$v=19$m=19456,t=2,p=1$"
	if !strings.HasPrefix(phc, prefix) {
		t.Fatalf("password_hash = %q, want prefix %q", phc, prefix)
	}
	parts := strings.Split(phc, "$")
	if len(parts) != 6 {
		t.Fatalf("password_hash %q has %d parts, want 6", phc, len(parts))
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil || len(salt) != 16 {
		t.Fatalf("salt %q: %d bytes, %v; want 16", parts[4], len(salt), err)
	}
	if key, err := base64.RawStdEncoding.DecodeString(parts[5]); err != nil || len(key) != 32 {
		t.Fatalf("key %q: %d bytes, %v; want 32", parts[5], len(key), err)
	}
	if strings.Contains(mustJSON(t, doc), cert.InitialPassword) {
		t.Fatal("the stored contract contains the password text")
	}
}

// The cost figures are configuration: a service built with other parameters writes them.
func TestHashParamsAreConfiguration(t *testing.T) {
	e := newEnv(t)
	cert, _ := e.newContract(t, "spaaqs-lan")
	phc, _ := e.rawGet(t, "contracts", cert.Number)["password_hash"].(string)
	if want := "$argon2id$v=19$m=64,t=1,p=1$"; !strings.HasPrefix(phc, want) {
		t.Fatalf("password_hash = %q, want prefix %q", phc, want)
	}
	// Two contracts with the same kind of password never share a hash (random salt).
	cert2, _ := e.newContract(t, "spaaqs-lan")
	phc2, _ := e.rawGet(t, "contracts", cert2.Number)["password_hash"].(string)
	if strings.Split(phc, "$")[4] == strings.Split(phc2, "$")[4] {
		t.Fatal("two hashes share a salt")
	}
}
