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
		{"account list", func(d *drive) { d.open(routeAccounts{}); d.waitText(accountID) },
			[]string{`杏\x1b[5m`}},
		{"account options", func(d *drive) {
			d.open(routeAccountOptions{expand: ""})
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

// pastedHostile is a bracketed paste that would colour the screen and reverse
// what follows it, with invisible characters around (SPEC §11.5).
const pastedHostile = "x\x1b[31m@ex\u202eample.jp\u200b\u2028\ufeff"

// rawHostile are the characters of pastedHostile that must never reach the screen.
var rawHostile = []string{"\x1b[31m", "\u202e", "\u200b", "\u2028", "\ufeff"}

// paste sends text as a terminal's bracketed paste.
func (d *drive) paste(s string) {
	d.collect()
	d.mark = len(d.seen)
	d.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Paste: true})
}

// noRaw fails the test when the program wrote one of the raw characters.
func (d *drive) noRaw(t *testing.T) {
	t.Helper()
	d.collect()
	for _, r := range rawHostile {
		if strings.Contains(string(d.seen), r) {
			t.Errorf("the program wrote %q raw", r)
		}
	}
}

// Characters the free-text rule refuses never enter a form field, typed or
// pasted: the field shows only what core will check, and the form goes on
// with it (issue: a pasted U+202E was shown raw while still being typed).
func TestFormDropsRefusedCharacters(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, "ja", 80, 24)
	d.loginAs(f.login("holder", 0))
	d.openAccounts(true)
	d.typeText("n")
	d.waitKey("account.id_hint")
	for _, v := range []string{"arteri-mi-003", "有光", "美\u200d月\u200e", "アルテリ", "ミツキ"} {
		d.typeText(v)
		d.keys(tea.KeyDown)
	}
	d.paste(pastedHostile)
	d.waitText("x[31m@example.jp")
	d.noRaw(t)
	d.keys(tea.KeyDown)
	d.typeText("Tsuki-no-hikari9")
	d.keys(tea.KeyDown, tea.KeyDown, tea.KeyEnter) // keep ユーザー権限; press 次へ進む
	d.waitText("Tsu*************")
	d.noRaw(t)
	v := d.golden()
	for _, shown := range []string{"x[31m@example.jp", "美月"} {
		if !strings.Contains(v, shown) {
			t.Errorf("the confirm step does not show %q:\n%s", shown, v)
		}
	}
}

// The login boxes drop them as well.
func TestLoginDropsRefusedCharacters(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, "ja", 80, 24)
	d.keys(tea.KeyDown, tea.KeyDown) // the account ID box
	d.paste(pastedHostile)
	d.waitText("x[31m@example.jp")
	d.keys(tea.KeyDown)
	d.paste("\u202e\u200b")
	d.typeText("pw")
	d.noRaw(t)
	v := d.view()
	if !strings.Contains(v, "x[31m@example.jp") || !strings.Contains(v, "[**") {
		t.Errorf("the login boxes do not show what will be checked:\n%s", v)
	}
}
