package tui

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/flow"
)

// Issue 8: nothing is ever wider or taller than the terminal. Every screen the
// portal has — every sidebar entry (as the model builds it, so a new entry is
// covered), the steps of its procedures (input, confirm, complete), its error
// states, the login screen and the first-login page — is rendered for holder,
// admin and user, in ja and en, at three sizes, through the App itself.

var fitSizes = [][2]int{{80, 24}, {100, 30}, {132, 40}}

// fitScripts are the key sequences tried from a freshly opened entry: through a
// form and its buttons (empty, so with its errors; or prefilled, on to confirm and
// complete), the execute button of a confirm step, new and delete on a list, the
// scroll keys and the months of a statement.
var fitScripts = [][]tea.KeyMsg{
	nil,
	keysOf(tea.KeyEnter, tea.KeyEnter, tea.KeyEnter, tea.KeyEnter, tea.KeyEnter, tea.KeyEnter),
	keysOf(tea.KeyDown, tea.KeyEnter, tea.KeyEnter, tea.KeyEnter, tea.KeyEnter),
	keysOf(tea.KeyDown, tea.KeyDown, tea.KeyEnter, tea.KeyEnter, tea.KeyEnter, tea.KeyEnter),
	keysOf(tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyEnter, tea.KeyEnter, tea.KeyEnter),
	keysOf(tea.KeyLeft, tea.KeyEnter, tea.KeyEnter, tea.KeyEnter),
	keysOf(tea.KeyTab, tea.KeyTab, tea.KeyEnter, tea.KeyLeft, tea.KeyEnter, tea.KeyEnter),
	{runeKey('n'), {Type: tea.KeyEnter}, {Type: tea.KeyEnter}},
	// A choice on to its confirm and complete steps (the plan change: the first
	// target, the start month kept), and an option page with its agreement ticked
	// (an annual option) through its steps.
	keysOf(tea.KeyRight, tea.KeyDown, tea.KeyDown, tea.KeyEnter, tea.KeyEnter, tea.KeyEnter),
	{{Type: tea.KeyEnter}, {Type: tea.KeyDown}, runeKey('x'), {Type: tea.KeyDown}, {Type: tea.KeyEnter}, {Type: tea.KeyEnter}, {Type: tea.KeyEnter}},
	{runeKey('d'), {Type: tea.KeyLeft}, {Type: tea.KeyEnter}, {Type: tea.KeyEnter}},
	keysOf(tea.KeyPgDown, tea.KeyPgDown, tea.KeyEnd, tea.KeyHome),
	keysOf(tea.KeyLeft, tea.KeyLeft, tea.KeyLeft, tea.KeyPgDown, tea.KeyEnd),
}

func keysOf(ks ...tea.KeyType) []tea.KeyMsg {
	out := make([]tea.KeyMsg, len(ks))
	for i, k := range ks {
		out[i] = tea.KeyMsg{Type: k}
	}
	return out
}

func runeKey(r rune) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}} }

// theFlow reaches the procedure a screen is built on (the screens embed it).
func theFlow(s common.Screen) (*flow.Flow, bool) {
	v := reflect.ValueOf(s)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil, false
	}
	f := v.Elem().FieldByName("Flow")
	if !f.IsValid() {
		return nil, false
	}
	return f.Addr().Interface().(*flow.Flow), true
}

type fitCheck struct {
	t      *testing.T
	f      *fixture
	lang   string
	frames int
	seen   map[string]bool
}

func TestEveryScreenFits(t *testing.T) {
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			c := &fitCheck{t: t, f: newHistoryFixture(t), lang: lang}
			// The user first and the holder last: what a holder's procedures
			// change (an ID deleted) does not take a screen from the others.
			for _, kind := range []string{"user", "admin", "holder"} {
				c.portal(kind, 0, false)
			}
			c.portal("holder", 1, false) // the contract with phone calls and a bank transfer
			c.portal("holder", 2, false) // the 年会費制 contract and its annual options
			c.portal("holder", 0, true)
			c.loginScreens()
			t.Logf("%d screens checked at %d sizes", c.frames, len(fitSizes))
		})
	}
}

func (c *fitCheck) app() *App {
	return New(Options{Service: c.f.svc, Renderer: asciiRenderer(), Lang: c.lang, Source: "test"})
}

// check lays the App out at every size and fails on a line wider than the
// terminal, a screen taller than it, or a body line wider than the body (which
// the layout would otherwise fold or cut out of sight).
func (c *fitCheck) check(m *App, what string) {
	c.t.Helper()
	// A screen already seen (the same frame at 80×24) is not laid out again.
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	if c.seen[m.View()] {
		return
	}
	c.seen[m.View()] = true
	c.frames++
	for _, size := range fitSizes {
		w, h := size[0], size[1]
		run(m, tea.WindowSizeMsg{Width: w, Height: h})
		v := m.View()
		lines := strings.Split(v, "\n")
		if len(lines) > h {
			c.t.Errorf("%s at %dx%d: %d lines:\n%s", what, w, h, len(lines), v)
		}
		for i, l := range lines {
			if lw := ansi.StringWidth(l); lw > w {
				c.t.Errorf("%s at %dx%d: line %d is %d wide:\n%s", what, w, h, i+1, lw, v)
				break
			}
		}
		for i, l := range strings.Split(m.body.content, "\n") {
			if lw := ansi.StringWidth(l); lw > m.body.width {
				c.t.Errorf("%s at %dx%d: body line %d is %d wide in %d: %q", what, w, h, i+1, lw, m.body.width, ansi.Strip(l))
				break
			}
		}
	}
	run(m, tea.WindowSizeMsg{Width: 80, Height: 24})
}

// portal logs a kind of ID in and goes through every sidebar entry with every
// script; first is the page of a first login (an account ID to register).
func (c *fitCheck) portal(kind string, n int, first bool) {
	f := c.f
	l := f.login(kind, n)
	method := core.LoginAccountID
	if kind == "holder" {
		method = core.LoginCustomerNumber
	}
	sess, err := f.svc.Login(method, l.Login, l.Password, "test")
	if err != nil {
		c.t.Fatalf("%s: %v", kind, err)
	}
	info, err := f.svc.ContractInfo(sess.Principal)
	if err != nil {
		c.t.Fatal(err)
	}
	plans, err := f.svc.Plans(sess.Principal)
	if err != nil {
		c.t.Fatal(err)
	}
	m := c.app()
	run(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if first {
		sess.MustRegisterAccount = true
		run(m, loggedInMsg{session: sess, info: info, plans: plans})
		c.steps(m, kind+" first login", func() { run(m, loggedInMsg{session: sess, info: info, plans: plans}) })
		return
	}
	run(m, loggedInMsg{session: sess, info: info, plans: plans})
	c.check(m, kind+" after login")
	for i, e := range flatEntries(m.menu) {
		if e.route == (routeLogout{}) {
			continue
		}
		what := fmt.Sprintf("%s %d, entry %d %#v", kind, n, i, e.route)
		c.steps(m, what, func() { run(m, openMsg{to: e.route}) })
		// The menu keeps the focus on a page with nothing to operate; it scrolls the body.
		run(m, openMsg{to: e.route})
		for _, k := range keysOf(tea.KeyPgDown, tea.KeyEnd) {
			run(m, k)
			c.check(m, what+" scrolled from the menu")
		}
	}
	if kind == "holder" {
		months, err := f.svc.StatementMonths(sess.Principal)
		if err != nil {
			c.t.Fatal(err)
		}
		for _, mo := range months {
			c.steps(m, kind+" statement "+mo.Month, func() { run(m, openMsg{to: routeStatement{month: mo.Month}}) })
		}
	}
}

// steps opens a screen with every script, and puts a procedure into its
// confirm and complete steps as well.
func (c *fitCheck) steps(m *App, what string, open func()) {
	for si, script := range fitScripts {
		open()
		if si == 0 {
			c.check(m, what)
		}
		for ki, k := range script {
			run(m, k)
			c.check(m, fmt.Sprintf("%s, script %d key %d (%s)", what, si, ki+1, k))
		}
	}
	open()
	fl, ok := theFlow(m.cur)
	if !ok || !fl.Loaded {
		return
	}
	for _, st := range []flow.Step{flow.Confirm, flow.Complete} {
		fl.Step = st
		run(m, tea.KeyMsg{Type: tea.KeyRight}) // lay out again (moves a confirm button only)
		c.check(m, fmt.Sprintf("%s, step %d", what, st))
		fl.Err = strings.Repeat(c.f.svc.Catalog().InformationCenter.Phone+" ", 20)
		run(m, tea.WindowSizeMsg{Width: 80, Height: 24})
		c.check(m, fmt.Sprintf("%s, step %d with an error", what, st))
		fl.Err = ""
	}
}

// loginScreens: the login screen empty, after a failed login, and locked.
func (c *fitCheck) loginScreens() {
	m := c.app()
	run(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	c.check(m, "login")
	l := c.f.login("user", 0)
	for _, k := range keysOf(tea.KeyDown, tea.KeyDown) {
		run(m, k)
	}
	run(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(l.Login)})
	run(m, tea.KeyMsg{Type: tea.KeyEnter})
	c.check(m, "login with an ID")
	for i := 0; i < 12; i++ {
		run(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("wrong-password")})
		run(m, tea.KeyMsg{Type: tea.KeyEnter})
		c.check(m, fmt.Sprintf("login failed %d times", i+1))
	}
}

// The header, the sidebar and the key help hold at the smallest size the layout
// takes (60×16) too: with the demo date line, a long account ID and contract
// type, and the most keys a screen shows.
func TestChromeFits(t *testing.T) {
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			f := newFixture(t)
			if err := f.svc.MarkDemo(opOf()); err != nil {
				t.Fatal(err)
			}
			if _, _, err := f.svc.AdvanceClock(opOf(), 0, 10); err != nil {
				t.Fatal(err)
			}
			for _, kind := range []string{"holder", "admin", "user"} {
				c := &fitCheck{t: t, f: f, lang: lang}
				l := f.login(kind, 0)
				method := core.LoginAccountID
				if kind == "holder" {
					method = core.LoginCustomerNumber
				}
				sess, err := f.svc.Login(method, l.Login, l.Password, "test")
				if err != nil {
					t.Fatal(err)
				}
				info, _ := f.svc.ContractInfo(sess.Principal)
				m := c.app()
				m.Init()
				run(m, m.loadDemoDate()())
				if !m.demoMoved {
					t.Fatal("the demo clock is not moved")
				}
				run(m, loggedInMsg{session: sess, info: info})
				m.sh.Header.Account = strings.Repeat("a-long-account-id", 6)
				m.sh.Header.ContractType = strings.Repeat("ロングコントラクト", 6)
				for _, size := range [][2]int{{minWidth, minHeight}, {61, 17}, {80, 24}} {
					for _, msg := range []tea.Msg{openMsg{to: routeAccounts{}}, tea.KeyMsg{Type: tea.KeyShiftTab}, openMsg{to: routeStatements{}}} {
						run(m, msg)
						w, h := size[0], size[1]
						run(m, tea.WindowSizeMsg{Width: w, Height: h})
						v := m.View()
						lines := strings.Split(v, "\n")
						if len(lines) > h {
							t.Errorf("%s at %dx%d: %d lines:\n%s", kind, w, h, len(lines), v)
						}
						for i, l := range lines {
							if lw := ansi.StringWidth(l); lw > w {
								t.Errorf("%s at %dx%d: line %d is %d wide:\n%s", kind, w, h, i+1, lw, v)
								break
							}
						}
						if os.Getenv("FIT_SHOW") != "" {
							t.Logf("%s at %dx%d:\n%s", kind, w, h, v)
						}
						if !strings.Contains(v, "2026/12/02") {
							t.Errorf("%s at %dx%d: no demo date:\n%s", kind, w, h, v)
						}
					}
				}
			}
		})
	}
}
