package tui

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"strings"
	"testing"

	"mypage/tui/i18n"
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
			d.waitBodyKey("delete.done", f.login("user", 0).Login)
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

// A phone number of digits and hyphens but too few digits is told it is too
// short, not that it is in the wrong characters.
func TestCustomerInfoPhoneTooShort(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openCustomerInfo()
		d.keys(tea.KeyDown, tea.KeyDown) // 電話番号
		for range "012-345-6789" {
			d.keys(tea.KeyBackspace)
		}
		d.typeText("045-123")
		d.keys(tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyEnter) // 次へ進む
		d.waitKey("problem.phone.too-short")
		v := d.golden()
		if strings.Contains(flat(v), flat(d.msg.T("problem.phone.format"))) {
			t.Errorf("the short number is told its characters are wrong:\n%s", v)
		}
	})
}

// Each problem code core gives a phone field or a forwarding target has its own
// text in both languages, so that the message says which problem it is.
func TestProblemTextsOfTheirOwn(t *testing.T) {
	for _, lang := range langs {
		m := i18n.New(lang)
		seen := map[string]string{}
		for _, k := range []string{"problem.phone.format", "problem.phone.too-short", "problem.phone.too-long",
			"problem.fax.too-short", "problem.fax.too-long", "problem.mobile.too-short", "problem.mobile.too-long",
			"problem.forward_to.format", "problem.forward_to.own-address"} {
			if !m.Has(k) {
				t.Errorf("%s: no %s", lang, k)
				continue
			}
			if other, ok := seen[m.T(k)]; ok && !strings.HasPrefix(k, "problem.fax") && !strings.HasPrefix(k, "problem.mobile") {
				t.Errorf("%s: %s says the same as %s", lang, k, other)
			}
			seen[m.T(k)] = k
		}
	}
}

// The amounts of the subtotal, the tax and the total end in the column of the
// items' amounts.
func TestStatementTotalsUnderTheItemAmounts(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openStatement("2026-10", 0)
		d.view()
		unit := d.msg.T("common.yen_plain", "")
		end := func(line, amount string) int {
			i := strings.Index(line, amount+unit)
			if i < 0 {
				return -1
			}
			return lipgloss.Width(line[:i]) + lipgloss.Width(amount+unit)
		}
		var item int
		found := map[string]int{}
		for _, line := range strings.Split(d.app.body.content, "\n") {
			if e := end(line, "300"); e > 0 && item == 0 {
				item = e // メールパック 月額利用料 300 円
			}
			for _, a := range []string{"4,657", "465", "5,122"} {
				if e := end(line, a); e > 0 {
					found[a] = e
				}
			}
		}
		for _, a := range []string{"4,657", "465", "5,122"} {
			if found[a] != item || item == 0 {
				t.Errorf("%s ends at column %d, the items at %d:\n%s", a, found[a], item, d.app.body.content)
			}
		}
	})
}

// The note that a web space needs a provider address stands on a line of its
// own under the homepage address, not run on after "Not set".
func TestWebSpaceNoteOnItsOwnLine(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.open(routeAccountOptions{expand: f.login("admin", 0).Login})
		d.waitBodyKey("detail.basic")
		d.view()
		for _, line := range strings.Split(d.app.body.content, "\n") {
			if strings.Contains(line, d.msg.T("detail.homepage")) && !strings.HasSuffix(strings.TrimSpace(line), d.msg.T("accounts.mail_none")) {
				t.Errorf("the homepage line runs on: %q", line)
			}
		}
		wants(t, d.app.body.content, d.msg.T("detail.web_needs_mail"))
	})
}

// English state words shown side by side in a column begin with a capital.
func TestEnglishStateWordsCapitalised(t *testing.T) {
	m := i18n.New("en")
	for _, k := range []string{"statement.closed", "statement.estimate", "statements.state.card", "balance.card",
		"balance.none", "balance.due", "balance.paid", "option.purchased", "option.cancelling", "payment.card_pending"} {
		if s := m.T(k); s == "" || s[0] < 'A' || s[0] > 'Z' {
			t.Errorf("%s = %q", k, s)
		}
	}
}

// The web space registration starts at its confirm step: there is no input
// step to go back to, so the button says 戻る.
func TestWebSpaceConfirmOffersBack(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.open(routeWebSpace{account: f.login("admin", 0).Login})
		d.waitText("[" + d.msg.T("button.register") + "]")
		d.view()
		v := d.app.body.content
		if strings.Contains(v, d.msg.T("button.back_to_input")) || !strings.Contains(v, "["+d.msg.T("button.back")+"]") {
			t.Errorf("the confirm's buttons:\n%s", v)
		}
	})
}

// The warranty's completion shows the exemption period and the start of the
// cover, as its confirm did.
func TestWarrantyCompleteShowsExemption(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.pays(t)
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.open(routeOption{code: "warranty"})
		d.applyOption()
		d.waitText("2027/01/01")
		d.keys(tea.KeyEnter)
		d.waitKey("common.done")
		v := d.golden()
		wants(t, v, d.msg.T("warranty.exemption"), "2026/12/31", d.msg.T("warranty.cover"), "2027/01/01")
	})
}

// A choice is the same widget in both languages: the option request and the
// bank account type are the ←/→ selector in Japanese and in English alike.
func TestChoicesSameWidgetInBothLanguages(t *testing.T) {
	selector := func(t *testing.T, d *drive, label string) {
		t.Helper()
		d.view()
		for _, line := range strings.Split(d.app.body.content, "\n") {
			if strings.Contains(line, label) {
				if !strings.Contains(line, "< ") || strings.Contains(line, "(*)") {
					t.Errorf("%s is not the selector: %q", label, line)
				}
				return
			}
		}
		t.Errorf("no %s:\n%s", label, d.app.body.content)
	}
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openPayment()
		d.keys(tea.KeyDown, tea.KeyEnter)
		d.waitKey("payment.bank_name")
		selector(t, d, d.msg.T("payment.account_type"))
	})
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.pays(t)
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 1))
		d.open(routeOption{code: "mailweb"})
		d.waitKey("option.state")
		selector(t, d, d.msg.T("option.action"))
	})
}
