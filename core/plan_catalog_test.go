package core_test

import (
	"strings"
	"testing"

	"mypage/core"
)

// The plans and annual options of a catalog are checked at load like the rest
// (core/plan.go): hostile text in a plan never reaches a screen, and every
// figure and reference is in range.
func TestParseCatalogRefusesPlans(t *testing.T) {
	plan := func(c *core.Catalog, code string) *core.Plan {
		for i := range c.Plans {
			if c.Plans[i].Code == code {
				return &c.Plans[i]
			}
		}
		t.Fatalf("no plan %s", code)
		return nil
	}
	option := func(c *core.Catalog, code string) *core.Option {
		for i := range c.Options {
			if c.Options[i].Code == code {
				return &c.Options[i]
			}
		}
		t.Fatalf("no option %s", code)
		return nil
	}
	for _, tt := range []struct {
		name string
		edit func(c *core.Catalog)
		want string
	}{
		{"escape sequence in a plan name", func(c *core.Catalog) { plan(c, "basic").Name = "Basic\x1b]0;pwn\x07" }, "plan basic: name: holds a control character"},
		{"bidi override in a plan name", func(c *core.Catalog) { plan(c, "lite").Name = "Lite\u202eetiL" }, "plan lite: name: holds"},
		{"C1 control in an English plan name", func(c *core.Catalog) { plan(c, "pro").NameEn = "Pro\u009b2J" }, "plan pro: name_en: holds"},
		{"zero-width space in a plan description", func(c *core.Catalog) { plan(c, "rs-1").Description = "旧\u200bプラン" }, "plan rs-1: description: holds"},
		{"long plan description", func(c *core.Catalog) { plan(c, "rs-1").DescriptionEn = strings.Repeat("a", 100000) }, "plan rs-1: description_en: longer than"},
		{"unknown kind", func(c *core.Catalog) { plan(c, "basic").Kind = "colocation" }, `plan basic: kind: unknown kind "colocation"`},
		{"unknown cycle", func(c *core.Catalog) { plan(c, "basic").Cycle = "weekly" }, `plan basic: cycle: unknown cycle "weekly"`},
		{"negative price", func(c *core.Catalog) { plan(c, "basic").Price = -1 }, "plan basic: price: -1 is less than 0"},
		{"a free plan: a credit would have nothing to extend by", func(c *core.Catalog) { plan(c, "pro").Price = 0 }, "plan pro: price: 0 is less than 1"},
		{"initial fee too high", func(c *core.Catalog) { plan(c, "basic").InitialFee = core.MaxCatalogYen + 1 }, "plan basic: initial_fee: 10000001 is more than"},
		{"target not a plan", func(c *core.Catalog) { plan(c, "basic").Targets = []string{"vps-9"} }, `plan basic: targets: "vps-9" is not another plan`},
		{"target the plan itself", func(c *core.Catalog) { plan(c, "basic").Targets = []string{"basic"} }, `plan basic: targets: "basic" is not another plan`},
		{"repeated plan code", func(c *core.Catalog) { plan(c, "lite").Code = "basic" }, `code: "basic" missing or repeated`},
		{"annual option without its plans", func(c *core.Catalog) { option(c, "annual-mailbox").Plans = nil }, "option annual-mailbox: plans: an annual option needs"},
		{"annual option on a hosting plan", func(c *core.Catalog) { option(c, "annual-mailbox").Plans = []string{"vps-2-plesk"} }, `option annual-mailbox: plans: "vps-2-plesk" is not an annual membership plan`},
		{"annual option with a monthly price", func(c *core.Catalog) { option(c, "annual-mailbox").Monthly = 100 }, "option annual-mailbox: annual: an annual option has an annual price and no monthly one"},
		{"annual price on a monthly option", func(c *core.Catalog) { option(c, "mailpack").Annual = 100 }, "option mailpack: annual: only an option of the annual rule"},
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
}
