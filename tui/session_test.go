package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"mypage/core"
)

// A kiosk that idles wipes the session and shows an empty login screen again.
func TestKioskIdleReturnsToLogin(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, "ja", 80, 24, func(o *Options) { o.Kiosk = true; o.IdleTimeout = 300 * time.Millisecond })
	holder := f.login("holder", 0)
	d.loginAs(holder)
	d.waitKey("contract.usage")
	d.keys(tea.KeyCtrlC) // no key leaves a kiosk
	d.waitKey("login.idle")
	v := d.view()
	if !strings.Contains(v, d.msg.T("login.by_number")) || strings.Contains(v, holder.Login) {
		t.Fatalf("after idling the kiosk shows:\n%s", v)
	}
	records, _ := f.svc.Audit(core.Operator("test"), core.AuditFilter{})
	last := records[len(records)-1]
	if last.Action != "logout" || last.Target != "idle" {
		t.Errorf("last audit record = %+v, want the idle logout", last)
	}
}

// Logging out in a kiosk also leaves nothing of the session on screen.
func TestKioskLogoutWipes(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, "en", 80, 24, func(o *Options) { o.Kiosk = true })
	holder := f.login("holder", 0)
	d.loginAs(holder)
	d.waitKey("contract.usage")
	d.keys(tea.KeyCtrlL)
	d.waitKey("logout.ask")
	d.typeText("y") // the confirm
	d.waitKey("login.title")
	if v := d.view(); strings.Contains(v, holder.Login) {
		t.Fatalf("the customer number is still on screen after logout:\n%s", v)
	}
}

// Outside a kiosk (SSH) an idle session ends the program.
func TestIdleEndsProgramOutsideKiosk(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, "ja", 80, 24, func(o *Options) { o.IdleTimeout = 200 * time.Millisecond })
	d.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// A login refused by the gate (SSH attempts per address) gets the same message.
func TestLoginGateRefuses(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, "ja", 80, 24, func(o *Options) { o.LoginGate = func() bool { return false } })
	holder := f.login("holder", 0)
	d.typeText(holder.Login)
	d.keys(tea.KeyEnter)
	d.typeText(holder.Password)
	d.keys(tea.KeyEnter)
	d.waitKey("login.failed")
	d.view()
}
