package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

// A payment recorded by the back office in another process (`admin payment`)
// lifts a non-payment suspension; a session open on the contract is told by
// the watch, as of a moved clock, and its header stops saying 利用停止中
// without the subscriber opening another screen.
func TestHeaderFollowsARecordedPayment(t *testing.T) {
	f, other := twoProcesses(t, false)
	f.pays(t)
	f.clock.Set(unpaidDay)
	l := f.login("holder", 0)
	sess, err := f.svc.Login(core.LoginCustomerNumber, l.Login, l.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	info, err := f.svc.ContractInfo(sess.Principal)
	if err != nil {
		t.Fatal(err)
	}
	changed, stop := f.svc.WatchBulletins()
	defer stop()
	a := New(Options{Service: f.svc, Renderer: asciiRenderer(), Lang: "ja", Source: "test", Logger: quietLog})
	var m tea.Model = a
	m = run(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = run(m, loggedInMsg{session: sess, info: info})
	if !strings.Contains(a.viewHeader(), "利用停止中") {
		t.Fatalf("not suspended on unpaidDay:\n%s", a.viewHeader())
	}
	(&fixture{db: f.db, svc: other, clock: f.clock, logins: f.logins}).settle(t) // `admin payment`, in the other process
	select {
	case <-changed:
		m = run(m, bulletinsChangedMsg{})
	case <-time.After(10 * time.Second):
		t.Fatalf("the payment was not told to the open session; its header still says:\n%s", a.viewHeader())
	}
	if strings.Contains(a.viewHeader(), "利用停止中") {
		t.Errorf("paid, the header still says:\n%s", a.viewHeader())
	}
}
