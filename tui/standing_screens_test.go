package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/flow"
)

// settleAt moves the clock to at and settles what is owed by then.
func (f *fixture) settleAt(t testing.TB, at time.Time) {
	t.Helper()
	f.clock.Set(at)
	f.settle(t)
}

// settle records a transfer of everything each demo contract owes past its due
// day (`admin payment`), so that a test moving the clock months ahead sees the
// contracts in good standing.
func (f *fixture) settle(t testing.TB) {
	t.Helper()
	op := core.Operator("test")
	for _, l := range f.logins {
		if l.Kind != "holder" {
			continue
		}
		st, err := f.svc.StandingOf(op, l.Login)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range st.Reasons {
			if r.Code != core.StandingUnpaid {
				continue
			}
			if _, err := f.svc.RecordPayment(op, l.Login, r.Month, r.Remaining, f.svc.Now()); err != nil {
				t.Fatalf("payment of %s %s: %v", l.Login, r.Month, err)
			}
		}
	}
}

// unpaidDay is a day the demo's first statement (2026年11月, 18,150 yen, due
// 2026/12/31 by transfer) is 10 days late: suspended since 2027/01/07.
var unpaidDay = time.Date(2027, 1, 10, 10, 0, 0, 0, core.JST)

// startUnpaid starts a session of l at 80×24 on unpaidDay, the demo
// contracts paying by transfer.
func (f *fixture) startUnpaid(t *testing.T, lang string, l core.DemoLogin) *drive {
	t.Helper()
	f.pays(t)
	f.clock.Set(unpaidDay)
	d := f.start(t, lang, 80, 24)
	d.loginAs(l)
	return d
}

// checkWidth fails when a line of the screen is wider than the terminal.
func checkWidth(t *testing.T, v string, width int) {
	t.Helper()
	for _, l := range strings.Split(ansi.Strip(v), "\n") {
		if w := runewidth.StringWidth(l); w > width {
			t.Errorf("a line of %d cells: %q", w, l)
		}
	}
}

// SPEC §11.4: ご契約情報一覧 of a contract suspended for non-payment names the
// month unpaid, what is left to pay, the due day, and where to transfer it;
// the header says 利用停止中 (料金未納).
func TestContractInfoSuspendedUnpaid(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.startUnpaid(t, lang, f.login("holder", 0))
		d.waitKey("standing.banner.unpaid", d.msg.T("plan.month", 2026, 11, "November"), "2026/12/31", "2027/01/07")
		d.golden() // the body: the header's golden is TestHeaderSuspendedOnEveryScreen's
		v := d.frame
		checkWidth(t, v, 80)
		flat := strings.Join(strings.Fields(ansi.Strip(v)), "")
		for _, want := range []string{
			d.msg.T("standing.header.unpaid", d.msg.T("plan.month", 2026, 11, "November")),
			"2026/12/31", "2027/01/07", "18,150", core.DefaultPayee.AccountNumber,
		} {
			if !strings.Contains(flat, strings.Join(strings.Fields(want), "")) {
				t.Errorf("the screen lacks %q:\n%s", want, v)
			}
		}
	})
}

// An account ID sees the suspension and the month, not the figures of the
// statements (SPEC §4.3: the holder's): it is told to ask the holder.
func TestContractInfoSuspendedForAccountID(t *testing.T) {
	f := newFixture(t)
	d := f.startUnpaid(t, "ja", f.login("admin", 0))
	d.waitKey("standing.banner.ask")
	v := d.view()
	if strings.Contains(v, "18,150") || !strings.Contains(v, "利用停止中 (料金未納)") {
		t.Errorf("an admin ID's contract info:\n%s", v)
	}
}

// A paid option is refused while suspended: the page says why in the
// session's language, and nothing is bought.
func TestOptionPurchaseRefusedSuspended(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.startUnpaid(t, lang, f.login("holder", 0))
		d.open(routeOption{code: "remote-support"})
		d.applyOption()
		d.waitKey("standing.refused", d.msg.T("plan.month", 2026, 11, "November"))
		v := d.golden()
		if strings.Contains(v, d.msg.T("option.confirm_lead")) {
			t.Errorf("the refusal went on to the confirm step:\n%s", v)
		}
		if h, err := f.svc.OptionStatus(principalOf(t, f, f.login("holder", 0)), "remote-support", ""); err != nil || h.State != core.OptionNotPurchased {
			t.Errorf("after the refusal: %+v, %v", h.State, err)
		}
	})
}

// Every screen's header shows the suspension, not only ご契約情報一覧.
func TestHeaderSuspendedOnEveryScreen(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.startUnpaid(t, lang, f.login("holder", 0))
		d.waitKey("standing.banner.unpaid", d.msg.T("plan.month", 2026, 11, "November"), "2026/12/31", "2027/01/07")
		d.open(routeCustomerInfo{})
		d.waitBodyKey("customer.title_input")
		v := d.goldenApp()
		checkWidth(t, v, 80)
		if !strings.Contains(v, d.msg.T("standing.header.unpaid", d.msg.T("plan.month", 2026, 11, "November"))) {
			t.Errorf("the header does not say suspended:\n%s", v)
		}
	})
}

// loggedInApp is an App at 80×24 in Japanese, logged in as l, driven by run
// message by message (no program: its watches are not started).
func (f *fixture) loggedInApp(t *testing.T, l core.DemoLogin) *App {
	t.Helper()
	sess, err := f.svc.Login(core.LoginCustomerNumber, l.Login, l.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	info, err := f.svc.ContractInfo(sess.Principal)
	if err != nil {
		t.Fatal(err)
	}
	a := New(Options{Service: f.svc, Renderer: asciiRenderer(), Lang: "ja", Source: "test", Logger: quietLog})
	run(a, tea.WindowSizeMsg{Width: 80, Height: 24})
	run(a, loggedInMsg{session: sess, info: info})
	return a
}

// The header's standing is read again when a screen opens and after a
// procedure: a payment recorded meanwhile lifts it.
func TestHeaderLiftedAfterPayment(t *testing.T) {
	for _, next := range []struct {
		name string
		msg  tea.Msg
	}{{"a screen opens", openMsg{to: routeCustomerInfo{}}}, {"a procedure ran", flow.SavedMsg{Err: core.ErrForbidden}}} {
		t.Run(next.name, func(t *testing.T) {
			f := newFixture(t)
			f.pays(t)
			f.clock.Set(unpaidDay)
			m := f.loggedInApp(t, f.login("holder", 0))
			if m.sh.Header.Standing.Unpaid == "" || !strings.Contains(m.viewHeader(), "利用停止中 (料金未納)") {
				t.Fatalf("the header is not suspended after login:\n%s", m.View())
			}
			f.settle(t)
			run(m, next.msg)
			if m.sh.Header.Standing != (common.HeaderStanding{}) || strings.Contains(m.viewHeader(), "利用停止中") {
				t.Errorf("still suspended after the payment:\n%s", m.View())
			}
		})
	}
}

// SPEC §11.3: a plan whose term ended without renewal says 利用停止中 (契約期間満了)
// in the header with the plan and its end, and the banner says how to
// re-contract; with a month unpaid too, both lines show, each fitting 80
// columns, and a narrow terminal gets the short forms rather than a wrap.
func TestStandingLapsedWording(t *testing.T) {
	st := core.Standing{Suspended: true, Figures: true, Payee: &core.DefaultPayee, Owed: 8_150 + 1_072, Reasons: []core.SuspendReason{
		{Code: core.StandingUnpaid, Month: core.Month{Year: 2027, Month: 12}, Total: 18_150, Remaining: 8_150,
			Kind: core.PaymentTransfer, Due: core.DayOf(time.Date(2028, 1, 31, 0, 0, 0, 0, core.JST)),
			Since: core.DayOf(time.Date(2028, 2, 7, 0, 0, 0, 0, core.JST))},
		{Code: core.StandingUnpaid, Month: core.Month{Year: 2028, Month: 1}, Total: 1_072, Remaining: 1_072,
			Kind: core.PaymentTransfer, Due: core.DayOf(time.Date(2028, 2, 29, 0, 0, 0, 0, core.JST)),
			Since: core.DayOf(time.Date(2028, 3, 7, 0, 0, 0, 0, core.JST))},
		{Code: core.StandingLapsed, Service: "1", Plan: "vps-2-plesk",
			TermEnd: core.DayOf(time.Date(2027, 11, 21, 0, 0, 0, 0, core.JST)),
			Since:   core.DayOf(time.Date(2027, 11, 22, 0, 0, 0, 0, core.JST))},
	}}
	f := newFixture(t)
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			m := New(Options{Service: f.svc, Renderer: asciiRenderer(), Lang: lang, Source: "test", Logger: quietLog})
			sh := m.sh
			sh.Who = core.Principal{Kind: core.KindHolder, Contract: "1"} // may re-contract
			h := sh.StandingHeader(st)
			wide := standingLines(sh, h, 78)
			if lines := strings.Split(wide, "\n"); len(lines) != 2 || lines[0] != h.Unpaid || lines[1] != h.Lapsed {
				t.Fatalf("the header at 80 columns:\n%s", wide)
			}
			checkWidth(t, wide, 78)
			for _, want := range []string{"VPS-2(Plesk)", "2027/11/21", sh.T("plan.month", 2027, 12, "December")} {
				if !strings.Contains(wide, want) {
					t.Errorf("the header lacks %q:\n%s", want, wide)
				}
			}
			if narrow := standingLines(sh, h, 40); narrow != h.UnpaidShort+"\n"+h.LapsedShort {
				t.Errorf("the header at 42 columns:\n%s", narrow)
			}
			banner := standingBanner(sh, st, 52)
			checkWidth(t, banner, 52)
			flat := strings.Join(strings.Fields(ansi.Strip(banner)), "")
			for _, want := range []string{sh.T("menu.group.procedures"), "VPS-2(Plesk)", "2027/11/22", "8,150", "18,150", "10,000",
				"1,072", "9,222", core.DefaultPayee.AccountNumber} {
				if !strings.Contains(flat, strings.Join(strings.Fields(want), "")) {
					t.Errorf("the banner lacks %q:\n%s", want, banner)
				}
			}
			if n := strings.Count(flat, core.DefaultPayee.AccountNumber); n != 1 {
				t.Errorf("the payee is named %d times:\n%s", n, banner)
			}
			// A user ID has no 各種手続き: it is told who can re-contract.
			sh.Who = core.Principal{Kind: core.KindAccount, Contract: "1", AccountID: "u", Permission: core.PermUser}
			user := strings.Join(strings.Fields(ansi.Strip(standingBanner(sh, st, 52))), "")
			if strings.Contains(user, sh.T("menu.renew")) || !strings.Contains(user, strings.Join(strings.Fields(sh.T("standing.banner.recontract_ask")), "")) {
				t.Errorf("a user ID's banner:\n%s", user)
			}
		})
	}
}

// A plan change is paid for: while suspended the quote is refused with the
// month unpaid, before any confirm step.
func TestPlanChangeRefusedSuspended(t *testing.T) {
	f := newFixture(t)
	f.clock.Set(unpaidDay)
	d := f.start(t, "en", 80, 24)
	d.loginAs(f.login("holder", 0))
	d.openPlanChange()
	d.keys(tea.KeyRight, tea.KeyDown, tea.KeyDown, tea.KeyEnter)
	d.waitKey("standing.refused", "November 2026")
	if v := d.view(); strings.Contains(v, d.msg.T("plan.button.apply")) {
		t.Errorf("the refused change offers to apply:\n%s", v)
	}
}

// debitDay is a day the home contract's July 2027 statement (the renewed
// annual fee, 28,600 yen, debited on 2027/08/25) has no result from the bank.
var debitDay = time.Date(2027, 10, 15, 10, 0, 0, 0, core.JST)

// SPEC §9.4 with seed 004 §1: an auto-debit statement the bank has reported
// nothing on suspends nothing and asks for no transfer (the back office
// would refuse one); a failed debit says when the retry debit is, without the
// payee; a failed retry asks for the transfer, with the payee.
func TestContractInfoDebitNotReported(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		home := f.login("holder", 2)
		july := core.Month{Year: 2027, Month: time.July}
		f.clock.Set(debitDay)
		f.homeAccount(t)
		d := f.start(t, lang, 80, 24)
		d.loginAs(home)
		d.waitSection("contract.options") // loaded, not the loading line
		if v := d.view(); strings.Contains(v, d.msg.T("standing.header.unpaid_short", "")) ||
			strings.Contains(v, core.DefaultPayee.AccountNumber) {
			t.Fatalf("no bank result yet, and the screen says suspended or asks for a transfer:\n%s", v)
		}

		if _, err := f.svc.RecordDebitResult(opOf(), home.Login, july, false); err != nil {
			t.Fatal(err)
		}
		d = f.start(t, lang, 80, 24)
		d.loginAs(home)
		d.waitKey("standing.banner.retry", "2027/09/03")
		v := d.golden()
		checkWidth(t, d.frame, 80)
		if strings.Contains(d.frame, core.DefaultPayee.AccountNumber) {
			t.Errorf("the retry pending asks for a transfer:\n%s", d.frame)
		}

		if _, err := f.svc.RecordDebitResult(opOf(), home.Login, july, false); err != nil {
			t.Fatal(err)
		}
		d = f.start(t, lang, 80, 24)
		d.loginAs(home)
		d.waitText(core.DefaultPayee.AccountNumber)
		flat := strings.Join(strings.Fields(ansi.Strip(d.view())), "")
		if !strings.Contains(flat, core.DefaultPayee.AccountNumber) || strings.Contains(flat, strings.Join(strings.Fields(d.msg.T("standing.banner.retry", "2027/09/03")), "")) {
			t.Errorf("the failed retry does not ask for the transfer:\n%s\n(was %s)", d.frame, v)
		}
		if _, err := f.svc.RecordPayment(opOf(), home.Login, july, 28_600, f.svc.Now()); err != nil {
			t.Errorf("the transfer the screen asks for: %v", err)
		}
	})
}

// homeAccount registers the home contract's first account ID, which its
// first login asks for, so that the pages open; it returns the holder.
func (f *fixture) homeAccount(t *testing.T) core.Principal {
	t.Helper()
	holder := principalOf(t, f, f.login("holder", 2))
	if _, err := f.svc.RegisterAccount(holder, f.svc.NewToken(), core.AccountForm{ID: "sato-ken", LastName: "佐藤",
		FirstName: "健", LastKana: "サトウ", FirstKana: "ケン", UserName: "けん", Password: "sato-ken-pass-01",
		Permission: core.PermAdmin}); err != nil {
		t.Fatal(err)
	}
	return holder
}

// lapseHome lets the home contract's 年会費制 接続サービス lapse: paying by
// transfer, its account ID registered, remote support bought, auto-renew off, and the clock past its
// first term (to 2027/11/21), the months paid.
func (f *fixture) lapseHome(t *testing.T) {
	t.Helper()
	home := f.login("holder", 2)
	f.pays(t)
	holder := f.homeAccount(t)
	if _, err := f.svc.PurchaseOption(holder, f.svc.NewToken(), "remote-support", ""); err != nil {
		t.Fatal(err)
	}
	if err := f.db.Update(func(tx core.Tx) error {
		var c core.Contract
		if err := tx.Get("contracts", home.Login, &c); err != nil {
			return err
		}
		c.Plans[0].NoAutoRenew = true
		return tx.Put("contracts", home.Login, &c)
	}); err != nil {
		t.Fatal(err)
	}
	f.settleAt(t, time.Date(2027, 12, 5, 10, 0, 0, 0, core.JST))
}

// SPEC §11.3 with §11.4: the lapse of the membership (the connection itself)
// stops the paid services: the banner says so and names what it stops.
func TestContractInfoMembershipLapsed(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.lapseHome(t)
		p, _ := f.svc.Catalog().Plan("annual-connect")
		o, _ := f.svc.Catalog().Option("remote-support")
		plan, remote := p.Name, o.Name
		if lang == "en" {
			plan, remote = p.NameEn, o.NameEn
		}
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 2))
		d.waitKey("standing.banner.stopped", remote)
		v := d.golden()
		checkWidth(t, d.frame, 80)
		flat := strings.Join(strings.Fields(v), "")
		for _, want := range []string{plan, "2027/11/21", "2027/11/22", remote} {
			if !strings.Contains(flat, strings.Join(strings.Fields(want), "")) {
				t.Errorf("the banner lacks %q:\n%s", want, v)
			}
		}
	})
}

// A paid option while the membership has lapsed is refused, naming the lapse.
func TestOptionRefusedMembershipLapsed(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.lapseHome(t)
		p, _ := f.svc.Catalog().Plan("annual-connect")
		plan := p.Name
		if lang == "en" {
			plan = p.NameEn
		}
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 2))
		d.open(routeOption{code: "warranty"})
		d.applyOption()
		d.waitKey("standing.refused_lapsed", plan, "2027/11/21")
		v := d.golden()
		if !strings.Contains(strings.Join(strings.Fields(v), ""), "2027/11/21") {
			t.Errorf("the refusal does not name the lapse:\n%s", v)
		}
	})
}
