package tui

import (
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
		for _, msg := range []tea.Msg{demoTickMsg{}, idleMsg{gen: a.idleGen - 1}, demoTickMsg{}} {
			m = run(m, msg)
			if v := m.View(); unsafe.StringData(v) != unsafe.StringData(first) || v != first {
				t.Errorf("logged in %v: %T laid the frame out again", in, msg)
			}
		}
	}
}
