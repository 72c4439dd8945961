package tui

import (
	"fmt"
	"io"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"mypage/core"
)

// run applies a message and every command it leads to, synchronously, as the
// program would (batches included; timers are skipped).
func run(m tea.Model, msg tea.Msg) tea.Model {
	queue := []tea.Msg{msg}
	for len(queue) > 0 {
		var cmd tea.Cmd
		m, cmd = m.Update(queue[0])
		queue = append(queue[1:], drain(cmd)...)
	}
	return m
}

// timers are the commands that wait (tea.Tick and the blink of a text field's
// cursor), known by their code: run skips them instead of sleeping.
var timers = func() map[uintptr]bool {
	c := cursor.New()
	blink := c.Focus()
	tick := tea.Tick(time.Hour, func(time.Time) tea.Msg { return nil })
	// The watch of the contract's withdrawal waits for the whole session.
	watch := waitEnd(0, nil, nil)
	// So does the watch of the bulletins, for the App's whole life.
	bulletins := waitBulletins(nil, nil)
	// And the inactivity timer.
	idle := waitIdle(0, nil)
	return map[uintptr]bool{reflect.ValueOf(blink).Pointer(): true, reflect.ValueOf(tick).Pointer(): true,
		reflect.ValueOf(watch).Pointer(): true, reflect.ValueOf(bulletins).Pointer(): true,
		reflect.ValueOf(idle).Pointer(): true}
}()

func drain(cmd tea.Cmd) []tea.Msg {
	if cmd == nil || timers[reflect.ValueOf(cmd).Pointer()] {
		return nil
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, drain(c)...)
		}
		return out
	case nil:
		return nil
	default:
		return []tea.Msg{msg}
	}
}

// keystroke measures one key press (Update and View) on a screen, alternately
// ↓ and ↑, at the sizes of the default terminal and a large one.
func keystroke(b *testing.B, f *fixture, kind string, to route) {
	login := f.login(kind, 0)
	sess, err := f.svc.Login(core.LoginCustomerNumber, login.Login, login.Password, "bench")
	if err != nil {
		b.Fatal(err)
	}
	info, _ := f.svc.ContractInfo(sess.Principal)
	for _, size := range [][2]int{{80, 24}, {132, 40}} {
		b.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(b *testing.B) {
			var m tea.Model = New(Options{Service: f.svc, Renderer: sshRenderer()})
			m = run(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			m = run(m, loggedInMsg{session: sess, info: info})
			m = run(m, openMsg{to: to})
			keys := []tea.KeyMsg{{Type: tea.KeyDown}, {Type: tea.KeyUp}}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				m, _ = m.Update(keys[i%2])
				_ = m.View()
			}
		})
	}
}

// sshRenderer renders as for an SSH client: 256 colours (the profile SSH
// sessions get), which costs more than no colour at all.
func sshRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	r.SetHasDarkBackground(true)
	return r
}

// BenchmarkAccountListKeystroke is one key press on アカウントID管理: Update and View.
func BenchmarkAccountListKeystroke(b *testing.B) {
	keystroke(b, newFixture(b), "holder", routeAccounts{})
}

// BenchmarkStatementKeystroke is one key press on a closed month's statement.
func BenchmarkStatementKeystroke(b *testing.B) {
	keystroke(b, newHistoryFixture(b), "holder", routeStatement{month: "2026-10"})
}

// BenchmarkCallbackCalendarKeystroke moves the cursor on the week of コールバック予約.
func BenchmarkCallbackCalendarKeystroke(b *testing.B) {
	f := newFixture(b)
	keystroke(b, f, "holder", routeCallback{})
}

// BenchmarkTicketHistoryKeystroke moves through お問い合わせ履歴.
func BenchmarkTicketHistoryKeystroke(b *testing.B) {
	keystroke(b, newFixture(b), "holder", routeTickets{})
}

// BenchmarkFAQKeystroke moves through よくある質問.
func BenchmarkFAQKeystroke(b *testing.B) {
	keystroke(b, newFixture(b), "holder", routeFAQ{})
}

// BenchmarkLoginKeystroke is one key press (↓ and ↑ in turn, from field to
// field) on the login screen, the screen every SSH visit starts on.
func BenchmarkLoginKeystroke(b *testing.B) {
	f := newFixture(b)
	for _, size := range [][2]int{{80, 24}, {132, 40}} {
		b.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(b *testing.B) {
			var m tea.Model = New(Options{Service: f.svc, Renderer: sshRenderer()})
			m = run(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			keys := []tea.KeyMsg{{Type: tea.KeyDown}, {Type: tea.KeyUp}}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				m, _ = m.Update(keys[i%2])
				_ = m.View()
			}
		})
	}
}

// BenchmarkView renders the frame of every screen (what View shows, laid out
// after each message) in 256 colours, at the default terminal's size and a
// large one.
func BenchmarkView(b *testing.B) {
	f := newHistoryFixture(b)
	login := f.login("holder", 0)
	sess, err := f.svc.Login(core.LoginCustomerNumber, login.Login, login.Password, "bench")
	if err != nil {
		b.Fatal(err)
	}
	info, _ := f.svc.ContractInfo(sess.Principal)
	screens := []struct {
		name string
		to   route // nil: the login screen
	}{
		{"Login", nil}, {"ContractInfo", routeContractInfo{}}, {"CustomerInfo", routeCustomerInfo{}},
		{"CustomerPassword", routeCustomerPassword{}}, {"Payment", routePayment{}}, {"PlanChange", routePlanChange{}},
		{"PlanCancel", routePlanCancel{}}, {"Renew", routeRenew{}}, {"AutoRenew", routeAutoRenew{}},
		{"Statements", routeStatements{}}, {"Statement", routeStatement{month: "2026-10"}}, {"Accounts", routeAccounts{}},
		{"AccountOptions", routeAccountOptions{}}, {"Withdraw", routeWithdraw{}}, {"FAQ", routeFAQ{}},
		{"RequestChange", routeRequestChange{}}, {"RequestGuide", routeRequestGuide{}}, {"Requests", routeRequests{}},
		{"Inquiry", routeInquiry{}}, {"Tickets", routeTickets{}}, {"Callback", routeCallback{}}, {"Callbacks", routeCallbacks{}},
	}
	for _, s := range screens {
		for _, size := range [][2]int{{80, 24}, {132, 40}} {
			b.Run(fmt.Sprintf("%s/%dx%d", s.name, size[0], size[1]), func(b *testing.B) {
				a := New(Options{Service: f.svc, Renderer: sshRenderer()})
				var m tea.Model = a
				m = run(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				if s.to != nil {
					m = run(m, loggedInMsg{session: sess, info: info})
					m = run(m, openMsg{to: s.to})
				}
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					a.layout()
					_ = m.View()
				}
			})
		}
	}
}

// BenchmarkHeldLoginScreen is the memory a session holds on the login screen
// at 80×24 (its App, laid out, with what its first messages brought): the
// heap after a collection, per session, over 200 sessions.
func BenchmarkHeldLoginScreen(b *testing.B) {
	f := newFixture(b)
	const n = 200
	for b.Loop() {
		apps := make([]tea.Model, n)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		for i := range apps {
			var m tea.Model = New(Options{Service: f.svc, Renderer: sshRenderer(), Width: 80, Height: 24})
			cmd := m.Init()
			m = run(m, tea.WindowSizeMsg{Width: 80, Height: 24})
			_ = cmd
			apps[i] = m
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n/1024, "KiB/session")
		for _, m := range apps {
			m.(*App).Close()
		}
		runtime.KeepAlive(apps)
	}
}
