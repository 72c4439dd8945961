package tui

import (
	"reflect"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/tui/common"
)

// Every command the App hands to the program is tagged with the session it was
// started in (a login until its logout, idle end or shutdown) and the screen
// that was live then. Its result comes back as a sessionMsg and is dropped when
// that session has ended meanwhile: a slow read of the previous subscriber's
// contract never reaches the next subscriber's screen on a kiosk, nor a new
// login on the same SSH connection. A result of a screen that was left is
// dropped too: the delete screen of one account ID never shows another's, so
// that what is confirmed is what is done.

// sessionMsg is a message of a command started in session gen on screen.
type sessionMsg struct {
	gen, screen int
	msg         tea.Msg
}

// forSession are the results that belong to the session rather than to the
// screen that asked: they act whichever screen is live.
func forSession(msg tea.Msg) bool {
	switch msg.(type) {
	case common.SessionEndedMsg, common.StepUpEndedMsg, logoutMsg, loggedInMsg, demoDateMsg, standingMsg:
		return true
	}
	return false
}

// stale reports whether msg is the result of a screen that is no longer live.
func (a *App) stale(from int, msg tea.Msg) bool {
	return from >= 0 && from != a.screen && !forSession(msg)
}

// sameLive reports whether x and y are the same live screen (the same value).
func sameLive(x, y common.Screen) bool {
	if x == nil || y == nil {
		return x == nil && y == nil
	}
	vx, vy := reflect.ValueOf(x), reflect.ValueOf(y)
	return vx.Kind() == reflect.Pointer && vy.Kind() == reflect.Pointer && vx.Pointer() == vy.Pointer()
}

// teaPkg is the package of the program's own messages (quit, clear screen, …):
// those go back to the program rather than to the screens.
var teaPkg = reflect.TypeOf(tea.QuitMsg{}).PkgPath()

// timer keeps one of the App's own timers (idle, demo date, shutdown) out of
// the tagging: each knows what it is for (the idle timer has its own count),
// and the shutdown must end the program whatever session it finds.
func (a *App) timer(t tea.Cmd) tea.Cmd {
	a.timers = append(a.timers, t)
	return nil
}

// flush is what the App hands to the program after a message: cmd tagged with
// the session, and the timers started meanwhile.
func (a *App) flush(cmd tea.Cmd) tea.Cmd {
	cmd = a.tag(cmd)
	if len(a.timers) == 0 {
		return cmd
	}
	cmds := append([]tea.Cmd{cmd}, a.timers...)
	a.timers = nil
	return tea.Batch(cmds...)
}

// tag makes cmd's result a message of the current session.
func (a *App) tag(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return tagWith(a.session, a.screen, cmd)
}

func tagWith(gen, screen int, cmd tea.Cmd) tea.Cmd {
	return func() tea.Msg {
		switch m := cmd().(type) {
		case nil:
			return nil
		case tea.BatchMsg:
			// The program runs the commands of a batch itself: tag each.
			out := make(tea.BatchMsg, 0, len(m))
			for _, c := range m {
				if c != nil {
					out = append(out, tagWith(gen, screen, c))
				}
			}
			return out
		default:
			return sessionMsg{gen: gen, screen: screen, msg: m}
		}
	}
}

// untag opens a session message: ok is false for one of an ended session.
// A message of the program itself is handed back to it as a command.
func (a *App) untag(m sessionMsg) (msg tea.Msg, cmd tea.Cmd, ok bool) {
	if m.gen != a.session {
		return nil, nil, false
	}
	if t := reflect.TypeOf(m.msg); t != nil && t.PkgPath() == teaPkg {
		inner := m.msg
		return nil, func() tea.Msg { return inner }, true
	}
	return m.msg, nil, true
}
