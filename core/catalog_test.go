package core_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mypage/core"
)

// catalogJSON is the built-in catalog with one change made by edit.
func catalogJSON(t *testing.T, edit func(c *core.Catalog)) []byte {
	t.Helper()
	c := core.DefaultCatalog()
	edit(c)
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Every figure and text of a catalog is checked at load; the message names the
// entry and the field.
func TestParseCatalogRefuses(t *testing.T) {
	for _, tt := range []struct {
		name string
		edit func(c *core.Catalog)
		want string
	}{
		{"negative price", func(c *core.Catalog) { c.Options[0].Monthly = -100 },
			"option mailpack: monthly: -100 is less than 0"},
		{"negative fee", func(c *core.Catalog) { c.Options[0].ReapplyFee = -1 }, "reapply_fee: -1 is less than 0"},
		{"price past int64 tax", func(c *core.Catalog) { c.Options[0].Monthly = 5000000000000000000 },
			"option mailpack: monthly: 5000000000000000000 is more than 10000000"},
		{"price one yen too high", func(c *core.Catalog) { c.Options[1].Monthly = core.MaxCatalogYen + 1 },
			"monthly: 10000001 is more than 10000000"},
		{"fee too high", func(c *core.Catalog) { c.Options[0].ReapplyFee = core.MaxCatalogYen + 1 },
			"option mailpack: reapply_fee: 10000001 is more than 10000000"},
		{"negative allowance", func(c *core.Catalog) { c.ContractTypes[1].Mail.Extra = -5 },
			"contract type spaaqs-home: mail.extra: -5 is less than 0"},
		{"no account IDs", func(c *core.Catalog) { c.ContractTypes[0].AccountIDs = 0 }, "contract type spaaqs-lan: account_ids: 0 is less than 1"},
		{"unknown family", func(c *core.Catalog) { c.ContractTypes[0].Family = "fiber" }, `family: unknown family "fiber"`},
		{"unknown rule", func(c *core.Catalog) { c.Options[0].Rule = "free" }, `rule: unknown charge rule "free"`},
		{"unknown group", func(c *core.Catalog) { c.Options[0].Group = "games" }, `group: unknown group "games"`},
		{"unknown requirement", func(c *core.Catalog) { c.Options[0].Requires = "nothing" }, `requires: "nothing" is not another option`},
		{"unknown brand", func(c *core.Catalog) { c.Options[0].Brands = []string{"acme"} }, `brands: no contract type of brand "acme"`},
		{"repeated code", func(c *core.Catalog) { c.Options[1].Code = c.Options[0].Code }, "code: \"mailpack\" missing or repeated"},
		{"escape in a name", func(c *core.Catalog) { c.Options[0].Name = "x\x1b[2J" }, "option mailpack: name: holds a control character"},
		{"bidi override in a description", func(c *core.Catalog) { c.Options[0].Description = "\u202eabc" }, "description: holds a control character, a bidi override"},
		{"zero-width space in a name", func(c *core.Catalog) { c.Options[0].Name = "メール\u200bパック" }, "option mailpack: name: holds"},
		{"long description", func(c *core.Catalog) { c.Options[0].Description = strings.Repeat("あ", 100000) }, "description: longer than 2000 characters"},
		{"escape in an info page", func(c *core.Catalog) { c.InfoPages[0].Body = "\x07" }, "body: holds a control character"},
		{"escape in the center", func(c *core.Catalog) { c.InformationCenter.Hours = "\u009b" }, "information_center: hours: holds"},
		{"no mail domain", func(c *core.Catalog) { c.MailDomain = "" }, "mail_domain: is empty"},
		{"escape in a FAQ answer", func(c *core.Catalog) { c.FAQ[0].Answer = "\x1b]0;x\x07" }, "faq #1: answer: holds a control character"},
		{"FAQ without its English question", func(c *core.Catalog) { c.FAQ[2].QuestionEn = "" }, "faq #3: question_en: is empty"},
		{"callback slot hour out of the day", func(c *core.Catalog) { c.Callback.Hours = []int{10, 24} }, "callback: hours: hour 24 out of range"},
		{"callback hours with a break (the screens say from the first to the end of the last)", func(c *core.Catalog) { c.Callback.Hours = []int{10, 11, 13} }, "callback: hours: hour 13 does not follow 11"},
		{"callback without capacity", func(c *core.Catalog) { c.Callback.Capacity = 0 }, "callback: capacity"},
		{"callback closed date not a day", func(c *core.Catalog) { c.Callback.ClosedDates = []string{"12/29"} }, `callback: closed_dates: "12/29" is not MM-DD`},
		{"callback not covered: unknown plan", func(c *core.Catalog) { c.Callback.NotCovered[0].Plans = []string{"vps-9"} }, `callback: not_covered: unknown plan "vps-9"`},
		{"escape in a callback topic", func(c *core.Catalog) { c.Callback.Topics[0].Name = "\x1b[2J" }, "callback topic payment: name: holds a control character"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := core.ParseCatalog(catalogJSON(t, tt.edit))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if strings.ContainsAny(err.Error(), "\x1b\x07\u202e\u009b\u200b") {
				t.Errorf("the message repeats the raw text: %q", err)
			}
		})
	}
	if _, err := core.ParseCatalog(catalogJSON(t, func(*core.Catalog) {})); err != nil {
		t.Fatalf("the built-in catalog: %v", err)
	}
	// The ceiling itself is a price.
	if _, err := core.ParseCatalog(catalogJSON(t, func(c *core.Catalog) {
		c.Options[0].Monthly, c.Options[0].ReapplyFee = core.MaxCatalogYen, core.MaxCatalogYen
	})); err != nil {
		t.Fatalf("prices at the ceiling: %v", err)
	}
}

// A catalog file is read up to a sane size: a device that never ends, or a file
// too large, is refused with a message naming it.
func TestLoadCatalogSize(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err == nil {
		_, err := core.LoadCatalog("/dev/zero")
		if err == nil || !strings.Contains(err.Error(), "/dev/zero") || !strings.Contains(err.Error(), "larger than 4 MiB") {
			t.Errorf("/dev/zero: %v", err)
		}
	}
	big := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(big, append(catalogJSON(t, func(*core.Catalog) {}), make([]byte, core.MaxCatalogBytes)...), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := core.LoadCatalog(big); err == nil || !strings.Contains(err.Error(), big) || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("a file over the limit: %v", err)
	}
	good := filepath.Join(t.TempDir(), "good.json")
	if err := os.WriteFile(good, catalogJSON(t, func(*core.Catalog) {}), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := core.LoadCatalog(good); err != nil {
		t.Errorf("a good file: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, catalogJSON(t, func(c *core.Catalog) { c.Options[0].Monthly = -1 }), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := core.LoadCatalog(bad); err == nil || !strings.Contains(err.Error(), bad+": catalog: option mailpack: monthly") {
		t.Errorf("a bad file: %v", err)
	}
}
