package tui

import (
	"strings"
	"testing"
)

// A user ID has no メールサービス entry: the storage page does not send it
// there, and asks it to turn to the contract holder; the holder is sent there.
func TestStorageInfoPageNamesOnlyReachableMenus(t *testing.T) {
	for _, lang := range langs {
		for _, kind := range []string{"holder", "user"} {
			t.Run(lang+"/"+kind, func(t *testing.T) {
				f := newFixture(t)
				d := f.start(t, lang, 80, 24)
				d.loginAs(f.login(kind, 0))
				d.open(routeInfo{code: "storage"})
				d.waitText(map[string]string{"ja": "オンラインストレージ&フォトアルバムは", "en": "Online storage & photo album comes"}[lang])
				v := d.golden()
				want := d.msg.T("info.where_holder.storage")
				if kind == "holder" {
					want = d.msg.T("info.where.storage", menuText(d))
				}
				if !strings.Contains(strings.Join(strings.Fields(v), ""), strings.Join(strings.Fields(want), "")) {
					t.Errorf("no %q:\n%s", want, v)
				}
				menu := menuText(d)
				if named := strings.Contains(strings.Join(strings.Fields(v), ""), strings.Join(strings.Fields(menu), "")); named != (kind == "holder") {
					t.Errorf("%s: names %q: %v\n%s", kind, menu, named, v)
				}
			})
		}
	}
}

func menuText(d *drive) string { return d.msg.T("menu.mail_service") }
