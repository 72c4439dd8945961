package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

// The watch that tells a running session the date changed (the demo clock
// moved by another process, or midnight) refreshes the header's standing too:
// a contract that became 利用停止中 meanwhile says so without the subscriber
// opening another screen.
func TestHeaderStandingFollowsTheDateWatch(t *testing.T) {
	f := newFixture(t)
	f.pays(t)
	f.clock.Set(unpaidDay.AddDate(0, 0, -20)) // nothing due yet
	l := f.login("holder", 0)
	sess, err := f.svc.Login(core.LoginCustomerNumber, l.Login, l.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	info, err := f.svc.ContractInfo(sess.Principal)
	if err != nil {
		t.Fatal(err)
	}
	a := New(Options{Service: f.svc, Renderer: asciiRenderer(), Lang: "ja", Source: "test", Logger: quietLog})
	var m tea.Model = a
	m = run(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = run(m, loggedInMsg{session: sess, info: info})
	if strings.Contains(a.viewHeader(), "利用停止中") {
		t.Fatalf("suspended before the due day:\n%s", m.View())
	}
	f.clock.Set(unpaidDay) // November unpaid past its due day and the bank's days
	m = run(m, bulletinsChangedMsg{})
	if !strings.Contains(a.viewHeader(), "利用停止中 (料金未納)") {
		t.Errorf("the header shows the new date but not the suspension:\n%s", a.viewHeader())
	}
}
