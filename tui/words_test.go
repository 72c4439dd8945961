package tui

import (
	tea "github.com/charmbracelet/bubbletea"

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

// flat is a body with its line breaks and padding taken out, to look for a text
// that wraps.
func flat(s string) string { return strings.Join(strings.Fields(s), "") }

// wants fails for each text that the body does not show.
func wants(t *testing.T, body string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if !strings.Contains(flat(body), flat(s)) {
			t.Errorf("no %q in:\n%s", s, body)
		}
	}
}

const demoContact = "arteri-an@keitai-address.ne.jp" // the first demo contract's contact address

// The completion of a registration, a change and a deletion of an account ID
// says which of them happened and names the mail core sent.
func TestAccountCompletionsSayWhatHappened(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		t.Run("register", func(t *testing.T) {
			d := f.start(t, lang, 80, 24)
			d.loginAs(f.login("holder", 0))
			d.openAccounts(true)
			d.fillNewAccount("arteri-mi-003")
			d.waitText("Tsu*************")
			d.keys(tea.KeyEnter)
			d.waitKey("account.done")
			d.view()
			v := d.app.body.content
			wants(t, v, d.msg.T("account.title_done.register"), d.msg.T("notice.account-register", demoContact))
			if strings.Contains(v, d.msg.T("account.done_change")) {
				t.Errorf("a registration says it was a change:\n%s", v)
			}
		})
		t.Run("change", func(t *testing.T) {
			d := f.start(t, lang, 80, 24)
			d.loginAs(f.login("user", 0))
			d.openAccounts(false)
			d.keys(tea.KeyEnter)
			d.waitKey("account.note_fixed")
			for i := 0; i < 7; i++ { // to 次へ進む
				d.keys(tea.KeyDown)
			}
			d.keys(tea.KeyEnter)
			d.waitKey("account.mask_note")
			d.keys(tea.KeyEnter)
			d.waitKey("account.done_change")
			d.view()
			v := d.app.body.content
			wants(t, v, d.msg.T("account.title_done.change"), d.msg.T("notice.account-change", demoContact))
		})
		t.Run("delete", func(t *testing.T) {
			d := f.start(t, lang, 80, 24)
			d.loginAs(f.login("holder", 0))
			d.openAccounts(true)
			d.keys(tea.KeyDown)
			d.typeText("d")
			d.waitKey("delete.note_unique")
			d.keys(tea.KeyLeft, tea.KeyEnter)
			d.waitKey("delete.done", f.login("user", 0).Login)
			d.view()
			wants(t, d.app.body.content, d.msg.T("notice.account-delete", demoContact))
		})
	})
}

// An option's confirm and completion titles say whether it is a purchase or a
// cancel, as core returned it.
func TestOptionTitlesSayPurchaseOrCancel(t *testing.T) {
	for _, lang := range langs {
		for _, action := range []string{"purchase", "cancel"} {
			t.Run(lang+"/"+action, func(t *testing.T) {
				f := newFixture(t)
				f.pays(t)
				if action == "cancel" {
					if _, err := f.svc.PurchaseOption(holderOf(f), f.svc.NewToken(), "remote-support", ""); err != nil {
						t.Fatal(err)
					}
				}
				d := f.start(t, lang, 80, 24)
				d.loginAs(f.login("holder", 0))
				d.open(routeOption{code: "remote-support"})
				d.applyOption()
				d.waitKey("option.confirm_lead")
				d.keys(tea.KeyEnter)
				d.waitKey("common.done")
				d.view()
				v := d.app.body.content
				name := map[string]string{"ja": "UCOM光 リモートサポート", "en": "UCOM Hikari Remote Support"}[lang]
				wants(t, v, d.msg.T("option.title_done."+action, name))
			})
		}
	}
}
