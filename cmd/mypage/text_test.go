package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mypage/core"
	"mypage/store"
)

const hostileAddress = "Tokyo\x1b[2J\x1b]0;pwn\x07"

// withFlag returns createArgs with one flag's value replaced.
func withFlag(flag, value string) []string {
	args := append([]string{}, createArgs...)
	for i := range args {
		if args[i] == flag {
			args[i+1] = value
			return args
		}
	}
	return append(args, flag, value)
}

// The free-text rule refuses hostile flags with a message naming the flag (SPEC §11.5).
func TestContractCreateRefusesHostileText(t *testing.T) {
	db := newDB(t)
	for _, tt := range []struct{ flag, value, want string }{
		{"--address", hostileAddress, "--address: characters or format not accepted"},
		{"--address", strings.Repeat("a", 100000), fmt.Sprintf("--address: at most %d characters", core.TextLimit(core.FieldAddress))},
		{"--last-name", strings.Repeat("鈴", 21), fmt.Sprintf("--last-name: at most %d characters", core.TextLimit(core.FieldLastName))},
		{"--last-name", "鈴木\u202e", "--last-name: characters or format not accepted"},
		{"--first-name", "一郎\x9b", "--first-name: characters or format not accepted"},
		{"--contact-mail", "a\u202e@example.jp", "--contact-mail: characters or format not accepted"},
		{"--last-name", "鈴木\u200b", "--last-name: characters or format not accepted"},
		{"--address", "東京都\u2028港区\u200e", "--address: characters or format not accepted"},
	} {
		_, errOut, err := run(t, append([]string{"--db", db}, withFlag(tt.flag, tt.value)...)...)
		var ex exitError
		if !errors.As(err, &ex) || ex.code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%s %q: %v\n%s", tt.flag, tt.value[:min(len(tt.value), 30)], err, errOut)
		}
		if strings.ContainsAny(errOut, "\x1b\x07\u202e\u200b\u2028\u200e") {
			t.Errorf("%s: the message repeats the raw text: %q", tt.flag, errOut)
		}
	}
}

// Text stored by any means (an older version, a file edited by hand) is shown
// escaped by every text output of the back office; JSON escapes it too.
func TestAdminOutputEscapesStoredText(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	cert := createOne(t, path)
	db, err := store.Open(path, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx core.Tx) error {
		var c core.Contract
		if err := tx.Get("contracts", cert.Number, &c); err != nil {
			return err
		}
		c.Customer.Address = hostileAddress
		c.Customer.LastName = "鈴木\u202e"
		c.Customer.ContactMail = "x\x1b[31m@example.jp"
		c.Customer.FirstName = "一郎\u200e\u200b\ufeff\U000e0041\u2028\u2029\u061c"
		if err := tx.Put("contracts", cert.Number, &c); err != nil {
			return err
		}
		if _, err := tx.Append("outbox", core.Mail{Time: time.Now(), To: "a\x1b]0;x\x07@example.jp", Subject: "件名\u009b2J", Body: "本文\u2066"}); err != nil {
			return err
		}
		_, err := tx.Append("audit", core.AuditRecord{Time: time.Now(), Actor: "op\x1b[2J", Source: "cli", Action: "x\u202e", Target: "t\x7f", Result: "ok"})
		return err
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	raw := []string{"\x1b", "\x07", "\u202e", "\u2066", "\x9b", "\u009b", "\x7f",
		"\u200e", "\u200b", "\ufeff", "\U000e0041", "\u2028", "\u2029", "\u061c"}
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"admin", "contract", "show", cert.Number}, []string{`Tokyo\x1b[2J\x1b]0;pwn\x07`, `鈴木\u202e`, `x\x1b[31m@example.jp`,
			`一郎\u200e\u200b\ufeff\U000e0041\u2028\u2029\u061c`}},
		{[]string{"admin", "contract", "show", cert.Number, "--json"}, []string{`Tokyo\u001b[2J\u001b]0;pwn\u0007`, `鈴木\u202e`,
			`一郎\u200e\u200b\ufeff\udb40\udc41\u2028\u2029\u061c`}},
		{[]string{"admin", "outbox"}, []string{`a\x1b]0;x\x07@example.jp`, `件名\u009b2J`}},
		{[]string{"admin", "outbox", "--json"}, []string{`件名\u009b2J`, `本文\u2066`}},
		{[]string{"admin", "audit"}, []string{`op\x1b[2J`, `x\u202e`, `t\x7f`}},
		{[]string{"admin", "audit", "--json"}, []string{`op\u001b[2J`, `x\u202e`, `t\u007f`}},
	} {
		out := mustRun(t, append([]string{"--db", path}, tt.args...)...)
		for _, r := range raw {
			if strings.Contains(out, r) {
				t.Errorf("%s prints %q raw:\n%q", strings.Join(tt.args, " "), r, out)
			}
		}
		for _, want := range tt.want {
			if !strings.Contains(out, want) {
				t.Errorf("%s does not show %s:\n%s", strings.Join(tt.args, " "), want, out)
			}
		}
	}
}

// --catalog reads a sane size and checks every figure, naming the file and the entry.
func TestCatalogFlagRefused(t *testing.T) {
	if _, _, err := run(t, "--catalog", "/dev/zero", "admin", "catalog"); err == nil ||
		!strings.Contains(err.Error(), "/dev/zero") || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("--catalog /dev/zero: %v", err)
	}
	huge := writeFile(t, "huge.json", "")
	if err := os.Truncate(huge, core.MaxCatalogBytes+1); err != nil {
		t.Fatal(err)
	}
	if _, _, err := run(t, "--catalog", huge, "admin", "catalog"); err == nil ||
		!strings.Contains(err.Error(), huge) || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("--catalog of %d bytes: %v", core.MaxCatalogBytes+1, err)
	}
	c := core.DefaultCatalog()
	c.Options[0].Monthly = -300
	var b strings.Builder
	if err := printJSON(&b, c); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, "catalog.json", b.String())
	_, _, err := run(t, "--catalog", path, "admin", "catalog")
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "option "+c.Options[0].Code+": monthly: -300") {
		t.Errorf("a negative price: %v", err)
	}
	// A field of the catalog itself is named once under the catalog.
	c = core.DefaultCatalog()
	c.Provider = "ISP\x1b[2J"
	b.Reset()
	if err := printJSON(&b, c); err != nil {
		t.Fatal(err)
	}
	path = writeFile(t, "catalog.json", b.String())
	_, _, err = run(t, "--catalog", path, "admin", "catalog")
	if err == nil || !strings.Contains(err.Error(), path+": catalog: provider: holds a control character") || strings.Contains(err.Error(), "catalog: catalog") {
		t.Errorf("a control character in the provider: %v", err)
	}
}
