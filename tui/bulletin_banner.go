package tui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/wrap"
)

// The bulletins (障害情報 / メンテナンス情報) reach every session: the App reads
// them at start and whenever core's watch says they changed (a bulletin posted
// or closed here or by another process, a period begun or ended), and shows an
// open outage on one line of the login screen and of every screen's header.
// Nothing is read in View; an idle session gets no message unless they changed.

// bulletinsMsg carries the bulletins read, with the time they were read at
// (their states depend on it).
type bulletinsMsg struct {
	list []core.Bulletin
	now  time.Time
	err  error
}

// bulletinsChangedMsg says that the bulletins changed since the last read.
type bulletinsChangedMsg struct{}

// loadBulletins reads the bulletins in a command; anyone may, also before login.
func loadBulletins(sh *common.Common) tea.Cmd {
	svc, who := sh.Svc, sh.Who
	return func() tea.Msg {
		list, err := svc.Bulletins(who)
		return bulletinsMsg{list: list, now: svc.Now(), err: err}
	}
}

// watchBulletins starts the App's watch of the bulletins and their first read.
// Both are the App's own timers: they outlive a session (the login screen
// shows the banner too), and the read of a change is not a screen's result.
func (a *App) watchBulletins() {
	if a.bulletinWatch != nil {
		return
	}
	changed, stop := a.opts.Service.WatchBulletins()
	released := make(chan struct{})
	a.bulletinWatch = func() {
		stop()
		close(released)
	}
	a.bulletinWait = waitBulletins(changed, released)
	a.timer(a.bulletinWait)
	a.timer(loadBulletins(&common.Common{Svc: a.opts.Service}))
}

// waitBulletins returns bulletinsChangedMsg when the bulletins changed,
// nothing once the watch is released. Not inlined, so that every such command
// has the one code address by which a test driver knows it waits.
//
//go:noinline
func waitBulletins(changed <-chan struct{}, released <-chan struct{}) tea.Cmd {
	return func() tea.Msg {
		select {
		case <-changed:
			return bulletinsChangedMsg{}
		case <-released:
			return nil
		}
	}
}

// bulletinsChanged reads the bulletins and the demo date again (the watch
// tells of them, and of the back office's procedures, for which Update reads
// the header's standing again) and waits for the next change.
func (a *App) bulletinsChanged() {
	if a.bulletinWatch == nil {
		return
	}
	a.timer(a.bulletinWait)
	a.timer(loadBulletins(&common.Common{Svc: a.opts.Service}))
	a.timer(a.loadDemoDate())
}

// bulletinsLoaded words the banner of the open outages; the open screen gets
// the bulletins too (a list of them follows the change).
func (a *App) bulletinsLoaded(m bulletinsMsg) tea.Cmd {
	if m.err != nil {
		a.opts.Logger.Error("bulletins not read", "source", a.opts.Source, "err", m.err)
	} else {
		open := core.OpenOutages(m.list, m.now)
		a.banner, a.loginBanner = bannerText(a.sh, open, "bulletin.banner"), bannerText(a.sh, open, "bulletin.banner_login")
	}
	// Before a login the login screen may show the notices.
	return a.forward(m)
}

// bannerText is the one line of the open outages: how many, then the newest
// by its title (a long title is cut at the end of the line, the count never).
// The header's says where to read them; the login screen's has no menu yet.
func bannerText(sh *common.Common, open []core.Bulletin, key string) string {
	switch len(open) {
	case 0:
		return ""
	case 1:
		return sh.T(key, bulletinTitle(sh, open[0]))
	}
	return sh.T(key+"_more", len(open), bulletinTitle(sh, open[0]))
}

// bulletinTitle is the bulletin's title in the session's language (the
// Japanese one when it has no English text), as typed: sh.T or EscapeLine
// escapes it.
func bulletinTitle(sh *common.Common, b core.Bulletin) string {
	return b.TitleIn(string(sh.Msg.Lang()))
}

// bannerLine is a banner cut to the width, never wrapped.
func (a *App) bannerLine(banner string, width int) string {
	return a.sh.St.Error.Render(wrap.TruncateLines(banner, width))
}

// releaseBulletins releases the App's watch of the bulletins, if any.
func (a *App) releaseBulletins() {
	if a.bulletinWatch != nil {
		a.bulletinWatch()
		a.bulletinWatch = nil
	}
}

// bulletinTime shows a time of a bulletin: 2026/12/10 01:00.
func bulletinTime(t time.Time) string { return t.In(core.JST).Format("2006/01/02 15:04") }

// bulletinPeriod is the period: from its start (its posting when none was
// given) to its end, when one was given, or else to its close: an outage
// closed without an end said is over from its close.
func bulletinPeriod(sh *common.Common, b core.Bulletin) string {
	from := b.Posted
	if b.From != nil {
		from = *b.From
	}
	until := b.Until
	if until == nil || b.Closed != nil && b.Closed.Before(*until) {
		until = b.Closed
	}
	if until == nil {
		return sh.T("bulletin.period_open", bulletinTime(from))
	}
	return sh.T("bulletin.period", bulletinTime(from), bulletinEnd(*until))
}

// bulletinEnd shows the end of a period, midnight as 24:00 of its day: 2026/12/10 24:00.
func bulletinEnd(t time.Time) string {
	if day, midnight := core.EndAsDay(t); midnight {
		return day.Format("2006/01/02") + " 24:00"
	}
	return bulletinTime(t)
}

// bulletinState words the state at now, by kind: an outage 発生中, a maintenance 実施中.
func bulletinState(sh *common.Common, b core.Bulletin, now time.Time) string {
	return sh.T("bulletin.state." + string(b.Kind) + "." + string(b.StateAt(now)))
}
