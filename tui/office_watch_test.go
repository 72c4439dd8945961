package tui

import (
	"strings"
	"testing"
	"time"
)

// A payment recorded by the back office in another process (`admin payment`)
// lifts a non-payment suspension; a session open on the contract is told by
// the watch, as of a moved clock, and its header stops saying 利用停止中
// without the subscriber opening another screen.
func TestHeaderFollowsARecordedPayment(t *testing.T) {
	f, other := twoProcesses(t, false)
	f.pays(t)
	f.clock.Set(unpaidDay)
	changed, stop := f.svc.WatchBulletins()
	defer stop()
	a := f.loggedInApp(t, f.login("holder", 0))
	if !strings.Contains(a.viewHeader(), "利用停止中") {
		t.Fatalf("not suspended on unpaidDay:\n%s", a.viewHeader())
	}
	(&fixture{db: f.db, svc: other, clock: f.clock, logins: f.logins}).settle(t) // `admin payment`, in the other process
	select {
	case <-changed:
		run(a, bulletinsChangedMsg{})
	case <-time.After(10 * time.Second):
		t.Fatalf("the payment was not told to the open session; its header still says:\n%s", a.viewHeader())
	}
	if strings.Contains(a.viewHeader(), "利用停止中") {
		t.Errorf("paid, the header still says:\n%s", a.viewHeader())
	}
}
