package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

// A result that comes back after its session has ended (a slow read on a
// busy file) is dropped: on a kiosk the next subscriber never sees the
// previous one's contract.
func TestStaleResultOfEndedSession(t *testing.T) {
	f := newFixture(t)
	a, b := f.login("holder", 0), f.login("holder", 1)
	login := func(l core.DemoLogin) loggedInMsg {
		sess, err := f.svc.Login(core.LoginCustomerNumber, l.Login, l.Password, "kiosk")
		if err != nil {
			t.Fatal(err)
		}
		info, err := f.svc.ContractInfo(sess.Principal)
		if err != nil {
			t.Fatal(err)
		}
		return loggedInMsg{session: sess, info: info}
	}
	var m tea.Model = New(Options{Service: f.svc, Renderer: asciiRenderer(), Kiosk: true, Logger: quietLog})
	m = run(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = run(m, login(a))
	// A opens the contract summary; its read is still running when A logs out.
	m, slow := m.Update(openMsg{to: routeContractInfo{}})
	m = run(m, logoutMsg{})
	m = run(m, login(b))
	if v := m.View(); !strings.Contains(v, b.Login) {
		t.Fatalf("B's contract summary is not shown:\n%s", v)
	}
	for _, msg := range drain(slow) {
		m = run(m, msg)
	}
	if v := m.View(); strings.Contains(v, a.Login) {
		t.Errorf("B's screen shows A's customer number %s:\n%s", a.Login, v)
	}
}

// A client that asks for a huge window gets a screen of at most the largest
// size laid out, not one of its asking (memory and bytes before any login).
func TestHugeWindowIsCapped(t *testing.T) {
	f := newFixture(t)
	var m tea.Model = New(Options{Service: f.svc, Renderer: asciiRenderer(), Logger: quietLog})
	m = run(m, tea.WindowSizeMsg{Width: 10000, Height: 10000})
	v := m.View()
	lines := strings.Split(v, "\n")
	if len(lines) > maxHeight {
		t.Errorf("%d lines for a window of 10000", len(lines))
	}
	for _, l := range lines {
		if w := len([]rune(l)); w > maxWidth {
			t.Fatalf("a line of %d columns for a window of 10000", w)
		}
	}
}

// A load that comes back after its screen was left is dropped: the delete
// screen of one account ID never shows another's, so the ID confirmed is the
// ID deleted.
func TestStaleResultOfLeftScreen(t *testing.T) {
	f := newFixture(t)
	holder := f.login("holder", 0)
	sess, err := f.svc.Login(core.LoginCustomerNumber, holder.Login, holder.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	info, _ := f.svc.ContractInfo(sess.Principal)
	admin, user := f.login("admin", 0).Login, f.login("user", 0).Login
	var m tea.Model = New(Options{Service: f.svc, Renderer: asciiRenderer(), Logger: quietLog})
	m = run(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = run(m, loggedInMsg{session: sess, info: info})
	// The delete screen of the admin ID is left before its load is back.
	m, slow := m.Update(openMsg{to: routeAccountDelete{id: admin}})
	m = run(m, openMsg{to: routeAccounts{}})
	m = run(m, openMsg{to: routeAccountDelete{id: user}})
	for _, msg := range drain(slow) {
		m = run(m, msg)
	}
	v := m.View()
	if strings.Contains(v, admin) {
		t.Errorf("the delete screen of %s shows %s:\n%s", user, admin, v)
	}
	if !strings.Contains(v, user) {
		t.Errorf("the delete screen of %s does not show it:\n%s", user, v)
	}
}
