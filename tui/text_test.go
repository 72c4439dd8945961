package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

// Text stored by an older version or edited into the file bypasses today's
// checks: every screen shows it escaped, so it cannot drive the terminal (SPEC §11.5).
func TestStoredTextShownEscaped(t *testing.T) {
	f := newFixture(t)
	holder := f.login("holder", 0)
	var accountID string
	err := f.db.Update(func(tx core.Tx) error {
		var c core.Contract
		if err := tx.Get("contracts", holder.Login, &c); err != nil {
			return err
		}
		c.Customer.Address = "Tokyo\x1b[2J\x1b]0;pwn\x07"
		c.Customer.LastName = "有光\u202e"
		c.Customer.ContactMail = "x\x1b[31m@example.jp"
		if err := tx.Put("contracts", c.Number, &c); err != nil {
			return err
		}
		accountID = c.Accounts[0]
		var a core.Account
		if err := tx.Get("accounts", accountID, &a); err != nil {
			return err
		}
		a.FirstName = "杏\x1b[5m"
		a.UserName = "あん\u2066"
		return tx.Put("accounts", a.ID, &a)
	})
	if err != nil {
		t.Fatal(err)
	}
	raw := []string{"\x1b[2J\x1b]0", "\x1b]0;pwn", "\x07", "\u202e", "\u2066", "\x1b[5m", "\x1b[31m"}
	for _, tt := range []struct {
		name  string
		open  func(d *drive)
		shown []string
	}{
		{"customer info", func(d *drive) { d.openCustomerInfo() },
			[]string{`Tokyo\x1b[2J\x1b]0;pwn\x07`, `有光\u202e`, `x\x1b[31m@example.jp`}},
		{"account list", func(d *drive) { d.open(entryAccounts, ""); d.waitText(accountID) },
			[]string{`杏\x1b[5m`}},
		{"account options", func(d *drive) {
			d.open(entryAccountOptions, "")
			d.waitText(accountID)
			d.keys(tea.KeyEnter)
			d.waitText(`あん\u2066`)
		},
			[]string{`あん\u2066`, `杏\x1b[5m`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := f.start(t, "ja", 100, 40)
			d.loginAs(holder)
			tt.open(d)
			d.collect()
			for _, r := range raw {
				if strings.Contains(string(d.seen), r) {
					t.Errorf("the program wrote %q raw", r)
				}
			}
			v := d.view()
			if strings.Contains(v, "\x1b") {
				t.Errorf("the screen holds an escape character:\n%q", v)
			}
			for _, s := range tt.shown {
				if !strings.Contains(v, s) {
					t.Errorf("the screen does not show %s:\n%s", s, v)
				}
			}
		})
	}
}

// Text that breaks the free-text rule is refused on the input step: the field
// is marked and what was typed is kept (SPEC §11.5).
func TestHostileTextRefusedOnForm(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, "ja", 80, 24)
	d.loginAs(f.login("holder", 0))
	d.openAccounts(true)
	d.typeText("n")
	d.waitKey("account.id_hint")
	for _, v := range []string{"arteri-mi-003", "有光", "美月", "アルテリ", "ミツキ", "みつき\u202eきつみ", "Tsuki-no-hikari9"} {
		d.typeText(v)
		d.keys(tea.KeyDown)
	}
	d.keys(tea.KeyDown, tea.KeyEnter)
	d.waitKey("error.invalid")
	v := d.view()
	if !strings.Contains(v, string([]rune(d.msg.T("problem.format"))[:10])) || !strings.Contains(v, "みつき") || !strings.Contains(v, "arteri-mi-003") {
		t.Errorf("the user name is not marked, or what was typed is lost:\n%s", v)
	}
	if l, _ := f.svc.ListAccounts(holderOf(f)); len(l.Accounts) != 2 {
		t.Errorf("an account ID was registered: %+v", l.Accounts)
	}
}
