package tui

import (
	"runtime"
	"testing"
	"time"
	"unsafe"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

// What reaches an idle session (the demo clock read again and found the same,
// an inactivity timer made stale by a later key) lays nothing out again: the
// frame stays the very string it was, so the screen costs no rendering and the
// program has nothing new to send.
func TestIdleLaysNothingOut(t *testing.T) {
	f := newFixture(t)
	login := f.login("holder", 0)
	sess, err := f.svc.Login(core.LoginCustomerNumber, login.Login, login.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	info, _ := f.svc.ContractInfo(sess.Principal)
	for _, in := range []bool{false, true} {
		a := New(Options{Service: f.svc, Renderer: sshRenderer(), IdleTimeout: time.Hour})
		var m tea.Model = a
		for _, msg := range drain(a.Init()) {
			m = run(m, msg)
		}
		m = run(m, tea.WindowSizeMsg{Width: 80, Height: 24})
		if in {
			m = run(m, loggedInMsg{session: sess, info: info})
		}
		m = run(m, tea.KeyMsg{Type: tea.KeyDown}) // the inactivity timer of Init is stale now
		first := m.View()
		same := demoDateMsg{day: a.demoDay, moved: a.demoMoved} // the date read again
		for _, msg := range []tea.Msg{same, idleMsg{}, same} {
			m = run(m, msg)
			if v := m.View(); unsafe.StringData(v) != unsafe.StringData(first) || v != first {
				t.Errorf("logged in %v: %T laid the frame out again", in, msg)
			}
		}
	}
}

// However many keys are pressed, one inactivity timer waits per session, and
// none once the session is closed: a timer per key, each waiting out the
// whole timeout, let one client hold memory without bound.
func TestOneIdleTimerPerSession(t *testing.T) {
	f := newFixture(t)
	before := runtime.NumGoroutine()
	d := f.start(t, "ja", 80, 24, func(o *Options) { o.IdleTimeout = 10 * time.Minute })
	for i := range 2000 {
		d.keys([]tea.KeyType{tea.KeyDown, tea.KeyUp}[i%2])
	}
	d.typeText("4815")
	d.waitText("4815") // every key before it was handled
	if n := runtime.NumGoroutine() - before; n > 50 {
		t.Errorf("%d goroutines more after 2,000 keys", n)
	}
	d.view()
	d.app.Close()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before+5 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine() - before; n > 5 {
		t.Errorf("%d goroutines left after the session closed", n)
	}
}
