package tui

import (
	"runtime"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/flow"
)

// Screens of the membership withdrawal (退会, SPEC §11.4, seed 002), driven
// through the real App at 80×24 in both languages.

// withdrawableLogin opens a contract whose line ended on the fixture's day
// and that holds nothing else, and moves the clock to the next day: its
// holder may withdraw.
func withdrawableLogin(t *testing.T, f *fixture) core.DemoLogin {
	t.Helper()
	op := core.Operator("test")
	cert, err := f.svc.CreateContract(op, core.NewContract{Type: "ucom-me", Customer: core.Customer{
		LastName: "鈴木", FirstName: "一郎", LastKana: "スズキ", FirstKana: "イチロウ", RomajiLast: "SUZUKI", RomajiFirst: "ICHIRO",
		BirthDate: "1980-01-15", Gender: "male", Address: "東京都港区芝公園4-2-8", Occupation: "employee", Household: 2,
		Phone: "03-1234-5678", ContactMail: "ichiro.suzuki@example.jp"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.CancelLine(op, cert.Number, f.svc.Now()); err != nil {
		t.Fatal(err)
	}
	f.clock.Set(f.svc.Now().AddDate(0, 0, 1))
	return core.DemoLogin{Kind: "holder", Login: cert.Number, Password: cert.InitialPassword}
}

// demoHolder is the demo holder of the contract type whose name has part.
func demoHolder(t *testing.T, f *fixture, part string) core.DemoLogin {
	t.Helper()
	for _, l := range f.logins {
		if l.Kind == "holder" && strings.Contains(l.ContractType, part) {
			return l
		}
	}
	t.Fatalf("no demo holder of %q", part)
	return core.DemoLogin{}
}

// startWithdraw starts a session at 80×24 of the holder of a withdrawable
// contract (withdrawableLogin) on the notes of 退会.
func (f *fixture) startWithdraw(t *testing.T, lang string) (*drive, core.DemoLogin) {
	t.Helper()
	l := withdrawableLogin(t, f)
	d := f.start(t, lang, 80, 24)
	d.loginAs(l)
	d.openWithdraw()
	return d, l
}

// openWithdraw opens 退会 and waits for its agreement, where the focus is.
func (d *drive) openWithdraw() {
	d.t.Helper()
	d.open(routeWithdraw{})
	d.waitKey("withdraw.agree_label")
}

// toWithdrawConfirm ticks the agreement and goes on to the final confirmation.
func (d *drive) toWithdrawConfirm() {
	d.t.Helper()
	d.typeText("x")
	d.keys(tea.KeyDown, tea.KeyEnter)
	d.waitKey("withdraw.button.yes")
}

// The LAN demo contract after its months: RS-1 in use, a security option of an
// account ID, the unpaid statement of its last month, and its line. Each is listed with what
// to do and from when; nothing to agree to, only the way back.
func TestWithdrawBlocked(t *testing.T) {
	eachLangHistory(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(demoHolder(t, f, "LAN"))
		d.open(routeWithdraw{})
		d.waitKey("withdraw.blocked_lead")
		v := d.golden()
		center := f.svc.Catalog().InformationCenter
		for _, want := range []string{"RS-1", d.msg.T("plan.state.in-use"), d.msg.T("withdraw.after.cancel"),
			d.msg.T("withdraw.kind.option"), "yamada-taro", d.msg.T("withdraw.kind.owed"), "1,491", "2026/11/30",
			d.msg.T("withdraw.kind.line"), center.Phone, d.msg.T("button.back")} {
			if !strings.Contains(squeeze(v), squeeze(want)) {
				t.Errorf("the list lacks %q:\n%s", want, v)
			}
		}
		if strings.Contains(v, d.msg.T("common.agree")) || strings.Contains(v, d.msg.T("button.next")) {
			t.Errorf("a blocked withdrawal offers the agreement:\n%s", v)
		}
	})
}

func TestWithdrawNotes(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d, l := f.startWithdraw(t, lang)
		v := d.golden()
		for _, want := range []string{l.Login, "ichiro.suzuki@example.jp", d.msg.T("common.agree")} {
			if !strings.Contains(v, want) {
				t.Errorf("the notes lack %q:\n%s", want, v)
			}
		}
	})
}

// Without the agreement core refuses: the row says why, nothing is withdrawn.
func TestWithdrawNeedsAgreement(t *testing.T) {
	f := newFixture(t)
	d, l := f.startWithdraw(t, "ja")
	d.keys(tea.KeyDown, tea.KeyEnter)
	d.waitText(d.msg.T("common.agree") + " *")
	if s, ok := d.finalApp().cur.(*withdrawScreen); !ok || s.Step != flow.Input {
		t.Errorf("screen %T, want the notes step", s)
	}
	// The problem under the checkbox shows at once, not only after PgDn.
	problem := []rune(d.msg.T("problem.agree.required"))
	d.waitText("* " + string(problem[:6]))
	if _, err := f.svc.Login(core.LoginCustomerNumber, l.Login, l.Password, "test"); err != nil {
		t.Errorf("the holder no longer logs in: %v", err)
	}
}

func TestWithdrawConfirm(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d, l := f.startWithdraw(t, lang)
		d.toWithdrawConfirm()
		v := d.golden()
		if !strings.Contains(v, l.Login) {
			t.Errorf("the confirmation does not name the customer number:\n%s", v)
		}
		// The way back has the focus: a second Enter never withdraws.
		if line := markedLine(t, v); !strings.Contains(line, d.msg.T("button.back_to_input")) {
			t.Errorf("focused: %q", line)
		}
	})
}

// はい → 退会 → the completion with its number and mail → the login screen,
// which says the withdrawal is complete; the holder no longer logs in.
func TestWithdrawComplete(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d, l := f.startWithdraw(t, lang)
		d.toWithdrawConfirm()
		d.keys(tea.KeyLeft, tea.KeyEnter)
		d.waitKey("withdraw.done")
		d.waitText("WD20261123-000001")
		d.keys(tea.KeyEnter)
		d.waitKey("login.withdrawn")
		v := d.goldenApp()
		if !strings.Contains(v, d.msg.T("login.title")) {
			t.Errorf("not the login screen:\n%s", v)
		}
		if _, err := f.svc.Login(core.LoginCustomerNumber, l.Login, l.Password, "test"); err == nil {
			t.Error("the withdrawn holder still logs in")
		}
		if n := f.svc.EndWatches(); n != 0 {
			t.Errorf("%d end watches left", n)
		}
	})
}

// A second session of the same contract ends at once when the first
// withdraws: it is on the login screen without pressing a key.
func TestWithdrawEndsOtherSessions(t *testing.T) {
	f := newFixture(t)
	l := withdrawableLogin(t, f)
	first := f.start(t, "ja", 80, 24)
	first.loginAs(l)
	second := f.start(t, "ja", 80, 24)
	second.loginAs(l)
	first.openWithdraw()
	first.toWithdrawConfirm()
	first.keys(tea.KeyLeft, tea.KeyEnter)
	first.waitKey("withdraw.done")
	second.waitKey("login.withdrawn")
	if v := second.view(); !strings.Contains(v, second.msg.T("login.title")) || second.app.loggedIn {
		t.Errorf("the second session is still in:\n%s", v)
	}
	// The first shows its completion until it goes on.
	if v := first.view(); !strings.Contains(v, first.msg.T("withdraw.done")[:12]) {
		t.Errorf("the withdrawing session:\n%s", v)
	}
}

// 退会 is the holder's; an admin ID has the entry too and steps up to the
// holder on opening it (SPEC §4.3); a user ID has no その他の手続き entry.
func TestWithdrawMenu(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct {
		login core.DemoLogin
		want  bool
	}{{f.login("holder", 0), true}, {f.login("admin", 0), true}, {f.login("user", 0), false}} {
		d := f.start(t, "ja", 80, 24)
		d.loginAs(c.login)
		has := false
		for _, e := range flatEntries(d.finalApp().menu) {
			has = has || e.route == routeWithdraw{}
		}
		if has != c.want {
			t.Errorf("%s: 退会 in the menu = %v", c.login.Kind, has)
		}
	}
}

// A logout releases the session's end watch: logging in and out again and
// again leaves no watch and no goroutine behind.
func TestLogoutReleasesEndWatch(t *testing.T) {
	f := newFixture(t)
	l := f.login("holder", 0)
	d := f.start(t, "ja", 80, 24)
	cycle := func() {
		d.loginAs(l)
		if n := f.svc.EndWatches(); n != 1 {
			t.Fatalf("%d end watches while logged in, want 1", n)
		}
		d.collect()
		d.mark = len(d.seen)
		d.tm.Send(logoutMsg{})
		d.waitKey("login.logged_out")
		if n := f.svc.EndWatches(); n != 0 {
			t.Fatalf("%d end watches after the logout", n)
		}
	}
	cycle()
	settle := func() int {
		time.Sleep(50 * time.Millisecond)
		runtime.GC()
		return runtime.NumGoroutine()
	}
	before := settle()
	for range 10 {
		cycle()
	}
	if after := settle(); after > before+2 {
		t.Errorf("goroutines %d → %d after 10 logins and logouts", before, after)
	}
	d.view()
}

// A connection that drops leaves no watch: the server closes the App.
func TestCloseReleasesEndWatch(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, "ja", 80, 24)
	d.loginAs(f.login("holder", 0))
	app := d.finalApp()
	if n := f.svc.EndWatches(); n != 1 {
		t.Fatalf("%d end watches, want 1", n)
	}
	app.Close()
	if n := f.svc.EndWatches(); n != 0 {
		t.Errorf("%d end watches after Close", n)
	}
}

// A session of another process over the same file is not told at once: its
// next action finds the contract withdrawn and returns to the login screen,
// which says why.
func TestWithdrawEndsSessionOfAnotherProcess(t *testing.T) {
	f := newFixture(t)
	l := withdrawableLogin(t, f)
	other := core.NewService(f.db, core.Config{Clock: f.clock, Hash: core.HashParams{MemoryKiB: 64, Time: 1, Threads: 1}, Logger: quietLog})
	d := f.start(t, "ja", 80, 24, func(o *Options) { o.Service = other })
	d.loginAs(l)
	p := principalOf(t, f, l)
	if _, err := f.svc.Withdraw(p, f.svc.NewToken(), true); err != nil {
		t.Fatal(err)
	}
	d.open(routeCustomerInfo{})
	d.waitKey("login.withdrawn")
	if d.view(); d.app.loggedIn {
		t.Error("the session is still in")
	}
}

// Only the line blocks, its last day later this month: the lead names the
// line, not services in use, and a note says that the statement of that last
// month comes on the 1st and is to be paid first.
func TestWithdrawBlockedByTheLineOnly(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		op := core.Operator("test")
		cert, err := f.svc.CreateContract(op, core.NewContract{Type: "ucom-me", Customer: core.Customer{
			LastName: "鈴木", FirstName: "一郎", LastKana: "スズキ", FirstKana: "イチロウ", RomajiLast: "SUZUKI", RomajiFirst: "ICHIRO",
			BirthDate: "1980-01-15", Gender: "male", Address: "東京都港区芝公園4-2-8", Occupation: "employee", Household: 2,
			Phone: "03-1234-5678", ContactMail: "ichiro.suzuki@example.jp"}})
		if err != nil {
			t.Fatal(err)
		}
		lc, err := f.svc.CancelLine(op, cert.Number, f.svc.Now().AddDate(0, 0, 3))
		if err != nil || core.MonthOf(lc.Date) != core.MonthOf(f.svc.Now()) {
			t.Fatalf("the line's last day %v (%v), want one this month", lc.Date, err)
		}
		d := f.start(t, lang, 80, 24)
		d.loginAs(core.DemoLogin{Kind: "holder", Login: cert.Number, Password: cert.InitialPassword})
		d.open(routeWithdraw{})
		d.waitKey("withdraw.blocked_lead.line")
		v := d.golden()
		last := core.MonthOf(lc.Date)
		month := d.msg.T("plan.month", last.Year, int(last.Month), last.Month.String())
		for _, want := range []string{d.msg.T("withdraw.blocked_lead.line"),
			d.msg.T("withdraw.final_statement", month, last.Next().Start().Format("2006/01/02"))} {
			if !strings.Contains(squeeze(v), squeeze(want)) {
				t.Errorf("the screen lacks %q:\n%s", want, v)
			}
		}
		if strings.Contains(squeeze(v), squeeze(d.msg.T("withdraw.blocked_lead"))) {
			t.Errorf("the lead speaks of services in use:\n%s", v)
		}
	})
}
