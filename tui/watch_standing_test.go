package tui

import (
	"strings"
	"testing"
)

// The watch that tells a running session the date changed (the demo clock
// moved by another process, or midnight) refreshes the header's standing too:
// a contract that became 利用停止中 meanwhile says so without the subscriber
// opening another screen.
func TestHeaderStandingFollowsTheDateWatch(t *testing.T) {
	f := newFixture(t)
	f.pays(t)
	f.clock.Set(unpaidDay.AddDate(0, 0, -20)) // nothing due yet
	a := f.loggedInApp(t, f.login("holder", 0))
	if strings.Contains(a.viewHeader(), "利用停止中") {
		t.Fatalf("suspended before the due day:\n%s", a.View())
	}
	f.clock.Set(unpaidDay) // November unpaid past its due day and the bank's days
	run(a, bulletinsChangedMsg{})
	if !strings.Contains(a.viewHeader(), "利用停止中 (料金未納)") {
		t.Errorf("the header shows the new date but not the suspension:\n%s", a.viewHeader())
	}
}
