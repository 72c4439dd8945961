package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"mypage/core"
)

// SPEC §11.3, seed 000: from 60 days before the end the screen after login
// (ご契約情報一覧) shows the renewal notice. The demo's VPS-2(Plesk) runs its
// first term 2026/11/22 – 2027/11/21; on 2027/10/07 it has 45 days left, in
// the recommended time (2027/09/21 through 2027/10/21), and auto-renew bills
// the annual fee on 2027/11/22.
func TestRenewalNoticeAfterLogin(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.settleAt(t, time.Date(2027, 10, 7, 10, 0, 0, 0, core.JST))
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.waitKey("renewal.recommended")
		v := d.goldenApp()
		if _, ok := d.app.cur.(*contractInfoScreen); !ok {
			t.Fatalf("the screen after login is %T", d.app.cur)
		}
		flat := strings.Join(strings.Fields(v), " ")
		for _, want := range []string{"2027/11/21", "45", "2027/11/22", "16,500"} {
			if !strings.Contains(flat, want) {
				t.Errorf("the notice lacks %q:\n%s", want, v)
			}
		}
	})
}

// No notice 61 days before the end; on the end day no days are counted, and
// the time is no longer the recommended one.
func TestRenewalNoticeEdges(t *testing.T) {
	f := newFixture(t)
	f.settleAt(t, time.Date(2027, 9, 21, 10, 0, 0, 0, core.JST)) // 61 days before 2027/11/21
	d := f.start(t, "ja", 80, 24)
	d.loginAs(f.login("holder", 0))
	d.waitKey("plan.state.in-use")
	if v := d.view(); strings.Contains(v, "自動更新: ") { // the notice, not the plan table's row
		t.Errorf("a notice 61 days before the end:\n%s", v)
	}
	f.settleAt(t, time.Date(2027, 11, 21, 10, 0, 0, 0, core.JST))
	d = f.start(t, "ja", 80, 24)
	d.loginAs(f.login("holder", 0))
	d.waitText("本日")
	v := d.golden()
	if strings.Contains(v, d.msg.T("renewal.recommended")) || !strings.Contains(v, "2027/11/22") {
		t.Errorf("the end day's notice:\n%s", v)
	}
}

// The notice fits every terminal size of issue 8 (TestEveryScreenFits runs at
// the demo's day, before any notice), in both languages, on the screen after
// login and on the annual membership with its option.
func TestRenewalNoticeFits(t *testing.T) {
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			f := newFixture(t)
			home := principalOf(t, f, f.login("holder", 2))
			if _, err := f.svc.PurchaseOption(home, f.svc.NewToken(), "annual-mailbox", ""); err != nil {
				t.Fatal(err)
			}
			c := &fitCheck{t: t, f: f, lang: lang}
			f.clock.Set(time.Date(2027, 10, 7, 10, 0, 0, 0, core.JST))
			for _, n := range []int{0, 2} {
				l := f.login("holder", n)
				sess, err := f.svc.Login(core.LoginCustomerNumber, l.Login, l.Password, "test")
				if err != nil {
					t.Fatal(err)
				}
				sess.MustRegisterAccount = false // the page of a first login is not this test's
				info, err := f.svc.ContractInfo(sess.Principal)
				if err != nil {
					t.Fatal(err)
				}
				plans, err := f.svc.Plans(sess.Principal)
				if err != nil {
					t.Fatal(err)
				}
				m := c.app()
				run(m, tea.WindowSizeMsg{Width: 80, Height: 24})
				run(m, loggedInMsg{session: sess, info: info, plans: plans})
				if !strings.Contains(ansi.Strip(m.body.content), map[string]string{"ja": "自動更新", "en": "Auto-renew"}[lang]) {
					t.Fatalf("holder %d: no notice after login:\n%s", n, m.View())
				}
				// The membership's term ends 2027/10/24 (the option moved it); the
				// renewal bills 24,000 + 2,000.
				flat := strings.Join(strings.Fields(ansi.Strip(m.body.content)), "")
				want := strings.Join(strings.Fields(m.sh.T("renewal.auto_on", "2027/10/25", planPrice(m.sh, core.CycleAnnual, 26_000))), "")
				if n == 2 && !strings.Contains(flat, want) {
					t.Errorf("the membership's renewal does not bill the annual option:\n%s", m.View())
				}
				c.check(m, "renewal notice after login")
			}
		})
	}
}
