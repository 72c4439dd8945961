package tui

import (
	"strings"
	"testing"

	"mypage/core"
)

func loginScreenOf(t *testing.T, f *fixture, lang string) *loginScreen {
	t.Helper()
	a := New(Options{Service: f.svc, Renderer: asciiRenderer(), Lang: lang, Source: "test", Logger: quietLog})
	return a.login
}

// While a login waits or is checked, ログインしています… is shown with an
// indicator that moves; before and after it, nothing ticks.
func TestLoginIndicator(t *testing.T) {
	f := newFixture(t)
	l := loginScreenOf(t, f, "ja")
	if _, cmd := l.update(l.spin.Tick()); cmd != nil {
		t.Fatal("the idle login screen ticks")
	}
	lg := f.login("holder", 0)
	l.inputs[0].SetValue(lg.Login)
	l.inputs[1].SetValue(lg.Password)
	l.focus = 1
	if l.submit() == nil {
		t.Fatal("no login started")
	}
	before, _ := l.view(80)
	if !strings.Contains(before, "ログインしています…") {
		t.Fatalf("no ログインしています… while logging in:\n%s", before)
	}
	_, next := l.update(l.spin.Tick())
	if next == nil {
		t.Fatal("the indicator does not tick while logging in")
	}
	if after, _ := l.view(80); after == before {
		t.Errorf("the indicator did not move:\n%s", after)
	}
	l.update(loginFailedMsg{text: l.sh.T("login.failed")})
	if _, cmd := l.update(l.spin.Tick()); cmd != nil {
		t.Error("the indicator ticks on after the login ended")
	}
	if v, _ := l.view(80); strings.Contains(v, "ログインしています") {
		t.Errorf("ログインしています… stays after the login ended:\n%s", v)
	}
}

// A login refused because too many are under way says so, not that the ID or
// the password is wrong, and keeps the password for another Enter.
func TestLoginCrowded(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		l := loginScreenOf(t, f, lang)
		l.inputs[0].SetValue("12345678901234")
		l.inputs[1].SetValue("typed-password")
		l.focus = 1
		msg := loginFailure(l.sh, core.ErrLoginBusy)
		if lang == "ja" && msg.text != "ただいま混み合っています。しばらくしてからもう一度お試しください。" {
			t.Errorf("crowded login says %q", msg.text)
		}
		l.update(msg)
		v, _ := l.view(100)
		if !strings.Contains(v, l.sh.T("login.crowded")) {
			t.Errorf("the crowded message is not shown:\n%s", v)
		}
		if strings.Contains(v, l.sh.T("login.failed")) {
			t.Errorf("a crowded login is told its ID or password is wrong:\n%s", v)
		}
		if got := l.inputs[1].Value(); got != "typed-password" {
			t.Errorf("the password was cleared (%q): Enter again should retry", got)
		}
		// A wrong password still says so.
		if m := loginFailure(l.sh, core.ErrLoginFailed); m.text != l.sh.T("login.failed") || m.crowded {
			t.Errorf("a failed login says %q", m.text)
		}
	})
}
