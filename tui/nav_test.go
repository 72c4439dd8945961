package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"

	"mypage/core"
	"mypage/tui/common"
)

// lastLine is the last line of a screen: the key help.
func lastLine(v string) string {
	lines := strings.Split(v, "\n")
	return lines[len(lines)-1]
}

// Esc goes back one level: to the screen the current one was reached from, and
// from a top-level screen to the sidebar.
func TestEscBackOneLevel(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.pays(t)
		user := userWithMail(t, f)
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.open(routeAccountOptions{expand: user})
		d.waitKey("detail.security")
		d.typeText("s") // セキュリティオプション: the group of the account ID
		d.waitKey("group.lead")
		d.keys(tea.KeyEnter) // the page of the first product
		d.waitKey("option.state")
		d.keys(tea.KeyEscape)
		d.waitKey("group.lead") // back to the group, not to the sidebar
		d.keys(tea.KeyEscape)
		d.waitKey("detail.lead") // back to the account options
		d.typeText("m")          // メールアドレス登録/変更 of the opened account ID
		d.waitKey("mail.lead")
		d.keys(tea.KeyEscape)
		d.waitKey("detail.lead")
		// The account options keep the focus: their keys are in the help.
		if v := d.view(); !strings.Contains(lastLine(v), d.msg.T("detail.key.toggle")) {
			t.Errorf("after Esc from a mail setting the focus is not on the account options:\n%s", v)
		}
	})
}

// From a statement Esc returns to the statements list; from the list, to the sidebar.
func TestEscFromStatement(t *testing.T) {
	f := newHistoryFixture(t)
	d := f.start(t, "en", 80, 24)
	d.loginAs(f.login("holder", 0))
	d.open(routeStatements{})
	d.waitKey("statements.col.state")
	d.keys(tea.KeyEnter)
	d.waitKey("statement.items")
	d.keys(tea.KeyEscape)
	d.waitKey("statements.lead")
	d.keys(tea.KeyEscape) // a top-level screen: to the sidebar
	d.keys(tea.KeyDown)   // the sidebar cursor moves
	v := d.view()
	if !strings.Contains(v, d.msg.T("statements.lead")[:20]) || !strings.Contains(lastLine(v), "tab") {
		t.Errorf("Esc from the statements list does not go to the sidebar:\n%s", v)
	}
}

// Logout asks first: Enter on the default button, n and Esc keep the session; y logs out.
func TestLogoutConfirm(t *testing.T) {
	for _, cancel := range []tea.KeyMsg{{Type: tea.KeyEnter}, {Type: tea.KeyEscape}, {Type: tea.KeyRunes, Runes: []rune("n")}} {
		t.Run(cancel.String(), func(t *testing.T) {
			f := newFixture(t)
			d := f.start(t, "ja", 80, 24)
			d.loginAs(f.login("holder", 0))
			d.waitKey("contract.usage")
			d.keys(tea.KeyCtrlL)
			d.waitKey("logout.ask")
			d.collect()
			d.mark = len(d.seen)
			d.tm.Send(cancel)
			d.waitKey("contract.usage")
			if v := d.view(); !strings.Contains(v, d.msg.T("header.logout")) || strings.Contains(v, d.msg.T("logout.ask")) {
				t.Errorf("%s on the confirm did not keep the session:\n%s", cancel, v)
			}
		})
	}
	t.Run("menu entry and y", func(t *testing.T) {
		f := newFixture(t)
		d := f.start(t, "en", 80, 24)
		d.loginAs(f.login("holder", 0))
		d.waitKey("contract.usage")
		for range flatEntries(buildMenu(&common.Common{Svc: f.svc, Msg: d.msg, Who: holderOf(f)}, f.contractType(t), f.holderPlans(t))) {
			d.keys(tea.KeyDown)
		}
		d.keys(tea.KeyEnter) // ログアウト, the last entry
		d.waitKey("logout.ask")
		d.typeText("y")
		d.waitKey("login.logged_out")
	})
}

func (f *fixture) contractType(t *testing.T) core.ContractType {
	t.Helper()
	info, err := f.svc.ContractInfo(holderOf(f))
	if err != nil {
		t.Fatal(err)
	}
	return info.Type
}

// loginFailures counts the failed logins core has audited.
func (f *fixture) loginFailures(action string) int {
	records, _ := f.svc.Audit(core.Operator("test"), core.AuditFilter{})
	n := 0
	for _, r := range records {
		if r.Action == action && r.Result != "ok" {
			n++
		}
	}
	return n
}

// After a failed login the password field has the focus, emptied; Enter on it
// says so beside the field and does not ask core (no attempt counts).
func TestLoginPasswordAgainAfterFailure(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, "en", 80, 24)
	holder := f.login("holder", 0)
	d.typeText(holder.Login)
	d.keys(tea.KeyEnter)
	d.typeText("wrong-password-1")
	d.keys(tea.KeyEnter)
	d.waitKey("login.failed")
	before := f.loginFailures("login")
	d.keys(tea.KeyEnter, tea.KeyEnter, tea.KeyEnter)
	d.waitKey("problem.required")
	if after := f.loginFailures("login"); after != before {
		t.Errorf("an empty password was sent to core: %d failed logins, then %d", before, after)
	}
	d.typeText(holder.Password) // typed into the password field, which has the focus
	d.keys(tea.KeyEnter)
	d.waitKey("header.logout")
}

// After a failed step-up the password field has the focus, emptied; Enter
// refuses the empty password beside it without asking core.
func TestStepUpPasswordAgainAfterFailure(t *testing.T) {
	f := newHistoryFixture(t)
	d := f.start(t, "ja", 80, 24)
	d.loginAs(f.login("admin", 0))
	d.stepUp(f, "wrong-password-9")
	d.waitKey("stepup.failed")
	before := f.loginFailures("step-up")
	d.keys(tea.KeyEnter, tea.KeyEnter)
	d.waitKey("problem.required")
	if after := f.loginFailures("step-up"); after != before {
		t.Errorf("an empty password was sent to core: %d failed step-ups, then %d", before, after)
	}
	d.typeText(f.login("holder", 0).Password)
	d.keys(tea.KeyEnter)
	d.waitKey("statements.col.state")
}

// d on an account ID that cannot be deleted says why, as core decides it.
func TestDeleteSaysWhy(t *testing.T) {
	for _, c := range []struct {
		kind, reason string
	}{{"admin", "accounts.delete_block.self"}, {"user", "accounts.delete_block.forbidden"}} {
		t.Run(c.kind, func(t *testing.T) {
			f := newFixture(t)
			d := f.start(t, "en", 80, 24)
			d.loginAs(f.login(c.kind, 0))
			d.open(routeAccounts{})
			d.waitBodyKey("accounts.col.id")
			// The row of the ID logged in with.
			list, err := f.svc.ListAccounts(f.principal(t, c.kind))
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range list.Accounts {
				if a.ID == f.login(c.kind, 0).Login {
					break
				}
				d.keys(tea.KeyDown)
			}
			d.typeText("d")
			d.waitKey(c.reason)
		})
	}
}

func (f *fixture) principal(t *testing.T, kind string) core.Principal {
	t.Helper()
	l := f.login(kind, 0)
	method := core.LoginAccountID
	if kind == "holder" {
		method = core.LoginCustomerNumber
	}
	s, err := f.svc.Login(method, l.Login, l.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	return s.Principal
}

// d on an option that cannot be cancelled says why (core's reason).
func TestCancelSaysWhy(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, "en", 80, 24)
	d.loginAs(f.login("user", 0))
	d.open(routeOptionGroup{group: "warranty", account: "", status: false})
	d.waitKey("group.lead")
	d.typeText("d")
	views, err := f.svc.GroupOptions(f.principal(t, "user"), "warranty", "")
	if err != nil || len(views) == 0 || views[0].CanCancel {
		t.Fatalf("the first warranty option can be cancelled or is missing: %+v, %v", views, err)
	}
	d.waitKey("block." + views[0].CancelBlock)
}

// A user ID is not told to buy the mail service, which it cannot: who can.
func TestUserNotToldToBuy(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		// The multi type's one free provider address goes to the admin ID first.
		if _, err := f.svc.SetMail(holderOf(f), "", core.MailForm{Account: f.login("admin", 0).Login, Kind: core.MailProvider, Local: "arteri.an", Agree: true}); err != nil {
			t.Fatal(err)
		}
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("user", 0))
		d.open(routeMailAddress{account: f.login("user", 0).Login})
		d.waitKey("mail.current")
		flat := bodyText(d.view())
		told := map[string]string{"ja": "のご購入が必要です", "en": "isneeded(Optionservices"}[lang]
		who := map[string]string{"ja": "のご購入は、ご契約者様または管理者権限のアカウントIDで行えます", "en": "whichthecontractholderoranadministratoraccountIDcanpurchase"}[lang]
		if strings.Contains(flat, told) || !strings.Contains(flat, who) {
			t.Errorf("a user ID is told to buy the mail service, or not who can:\n%s", flat)
		}
	})
}

// The completion of a cancel names the cancel mail, the one core sent.
func TestCancelNamesCancelMail(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.pays(t)
		user := userWithMail(t, f)
		p := f.principal(t, "user")
		views, err := f.svc.GroupOptions(p, "security", user)
		if err != nil || len(views) == 0 {
			t.Fatal(err)
		}
		if _, err := f.svc.PurchaseOption(p, f.svc.NewToken(), views[0].Option.Code, user); err != nil {
			t.Fatal(err)
		}
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("user", 0))
		d.open(routeOptionGroup{group: "security", account: user, status: false})
		d.waitKey("group.lead")
		d.keys(tea.KeyEnter)
		d.applyOption() // 解約する is chosen: the option is held
		d.waitKey("option.confirm_lead")
		d.keys(tea.KeyEnter)
		d.waitKey("notice.option-cancel", "hikaru@example.jp")
		v := d.view()
		if strings.Contains(v, d.msg.T("notice.option-purchase", "hikaru@example.jp")) {
			t.Errorf("a cancel names the purchase mail:\n%s", v)
		}
		if lang == "ja" && !strings.Contains(strings.Join(strings.Fields(v), ""), "解約完了メール") {
			t.Errorf("a cancel does not name 解約完了メール:\n%s", v)
		}
	})
}

// Counts in English take the plural form: 0 calls, 1 call, 2 calls.
func TestPluralForms(t *testing.T) {
	f := newFixture(t)
	for _, lang := range langs {
		sh := &common.Common{Svc: f.svc, Msg: newShared(f, lang).Msg}
		for _, c := range []struct {
			key  string
			n    int
			args []any
			want map[string]string
		}{
			{"calls.range", 0, []any{0, 0, 0}, map[string]string{"en": "of 0 calls", "ja": "0件中"}},
			{"calls.range", 1, []any{1, 1, 1}, map[string]string{"en": "of 1 call", "ja": "1件中"}},
			{"calls.range", 2, []any{2, 1, 2}, map[string]string{"en": "of 2 calls", "ja": "2件中"}},
			{"stepup.lead", 1, []any{1}, map[string]string{"en": "after 1 minute ", "ja": "1分後"}},
			{"stepup.lead", 2, []any{2}, map[string]string{"en": "after 2 minutes", "ja": "2分後"}},
			{"accounts.full", 1, []any{1}, map[string]string{"en": "of 1 account ID is", "ja": "(1個)"}},
			{"accounts.full", 0, []any{0}, map[string]string{"en": "of 0 account IDs is", "ja": "(0個)"}},
			{"accounts.count", 1, []any{0, 1}, map[string]string{"en": "0 of 1 account ID registered", "ja": "登録済 0個 / 登録可能 1個"}},
			{"accounts.count", 2, []any{1, 2}, map[string]string{"en": "1 of 2 account IDs registered", "ja": "登録済 1個 / 登録可能 2個"}},
		} {
			got := sh.N(c.key, c.n, c.args...)
			if want := c.want[lang]; !strings.Contains(got+" ", want) {
				t.Errorf("%s %s n=%d: %q, want it to contain %q", lang, c.key, c.n, got, want)
			}
		}
	}
}

func newShared(f *fixture, lang string) *common.Common {
	a := New(Options{Service: f.svc, Renderer: asciiRenderer(), Lang: lang})
	return a.sh
}

// Bank account types and the recipient's honorific in the session's language.
func TestBankTypeAndHonorific(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct {
		lang, ordinary, checking string
	}{{"en", "Ordinary", "Checking"}, {"ja", "普通", "当座"}} {
		sh := newShared(f, c.lang)
		rows := paymentRows(sh, core.PaymentView{Kind: core.PaymentDebit, Bank: "みずほ銀行", Branch: "本店", AccountType: "普通", AccountMasked: "XXX4567"})
		var all []string
		for _, r := range rows {
			all = append(all, r.value)
		}
		if got := strings.Join(all, " "); !strings.Contains(got, c.ordinary+" XXX4567") {
			t.Errorf("%s: the debit account shows %q", c.lang, got)
		}
		if got := bankType(sh, "当座"); got != c.checking {
			t.Errorf("%s: 当座 shows %q", c.lang, got)
		}
		st := core.Statement{Recipient: "鈴木 一郎" + core.Honorific}
		got := sh.T("statement.recipient_value", st.RecipientName())
		if strings.Contains(got, "様") != (c.lang == "ja") {
			t.Errorf("%s: the recipient shows %q", c.lang, got)
		}
	}
}

// The key help at 60, 80 and 132 columns: one line cut to what fits, with '?'
// for the rest; '?' shows every key in columns. Never wider than the window.
func TestHelpLine(t *testing.T) {
	for _, lang := range langs {
		for _, w := range []int{60, 80, 132} {
			t.Run(fmt.Sprintf("%s/%d", lang, w), func(t *testing.T) {
				var out []string
				for _, full := range []bool{false, true} {
					f := newFixture(t)
					d := f.start(t, lang, w, 24)
					holder := f.login("holder", 0)
					d.typeText(holder.Login)
					d.keys(tea.KeyEnter)
					d.typeText(holder.Password)
					d.keys(tea.KeyEnter)
					d.waitKey("menu.contract_info") // the sidebar, at any width
					d.open(routeAccountOptions{expand: f.login("admin", 0).Login})
					d.waitBodyKey("detail.basic")
					if full {
						d.typeText("?")
						d.waitKey("key.help_close")
					}
					v := d.view()
					for _, l := range strings.Split(v, "\n") {
						if lipgloss.Width(l) > w {
							t.Errorf("a line is %d wide at %d: %q", lipgloss.Width(l), w, l)
						}
					}
					out = append(out, helpLines(v))
				}
				golden.RequireEqual(t, []byte(strings.Join(out, "\n")))
			})
		}
	}
}

// '?' typed into a field is text; F1 opens the help there.
func TestHelpKeyInTextField(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, "en", 80, 24)
	d.keys(tea.KeyDown, tea.KeyDown) // the account ID takes any character
	d.typeText("taro?")
	d.keys(tea.KeyF1)
	d.waitKey("key.help_close")
	v := d.view()
	if !strings.Contains(v, "taro?") {
		t.Errorf("'?' was not typed into the field:\n%s", v)
	}
}

// bodyText is the body column of a screen, its lines joined without spaces, so
// that a text broken over lines is found whole.
func bodyText(v string) string {
	var b strings.Builder
	for _, l := range strings.Split(v, "\n") {
		if _, body, ok := strings.Cut(l, "│"); ok {
			b.WriteString(strings.Join(strings.Fields(body), ""))
		}
	}
	return b.String()
}

// helpLines is the key help at the foot of a screen: the lines under the body.
func helpLines(v string) string {
	lines := strings.Split(v, "\n")
	start := len(lines) - 1
	for start > 0 && !strings.Contains(lines[start-1], "│") {
		start--
	}
	return strings.Join(lines[start:], "\n") + "\n"
}
