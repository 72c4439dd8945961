package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

// ご解約 of a plan applied for and not started yet (取消) at 80×24 in
// Japanese: the label of the day the plan stops keeping the subscriber from
// withdrawing stays whole (it broke inside the word, 退会可 / 能日).
func TestWithdrawLabelNotBrokenOnRevoke(t *testing.T) {
	f := newFixture(t)
	l := f.login("holder", 1)
	start := time.Date(f.clock.Now().Year(), f.clock.Now().Month()+2, 1, 0, 0, 0, 0, core.JST)
	if _, err := f.svc.AddPlan(core.Operator("test"), l.Login, "pro", start); err != nil {
		t.Fatal(err)
	}
	d := f.startPlanCancel(t, "ja", l)
	d.keys(tea.KeyRight, tea.KeyDown, tea.KeyEnter)
	d.waitKey("cancel.button.withdraw")
	v := d.view()
	label := d.msg.T("cancel.q.withdraw_from")
	if !strings.Contains(v, label) {
		t.Errorf("the label %q is broken across lines:\n%s", label, v)
	}
}
