package tui

import (
	"reflect"

	tea "github.com/charmbracelet/bubbletea"
)

// Every command the App hands to the program is tagged with the session it was
// started in (a login until its logout, idle end or shutdown). Its result comes
// back as a sessionMsg and is dropped when that session has ended meanwhile: a
// slow read of the previous subscriber's contract never reaches the next
// subscriber's screen on a kiosk, nor a new login on the same SSH connection.

// sessionMsg is a message of a command started in session gen.
type sessionMsg struct {
	gen int
	msg tea.Msg
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
	return tagWith(a.session, cmd)
}

func tagWith(gen int, cmd tea.Cmd) tea.Cmd {
	return func() tea.Msg {
		switch m := cmd().(type) {
		case nil:
			return nil
		case tea.BatchMsg:
			// The program runs the commands of a batch itself: tag each.
			out := make(tea.BatchMsg, 0, len(m))
			for _, c := range m {
				if c != nil {
					out = append(out, tagWith(gen, c))
				}
			}
			return out
		default:
			return sessionMsg{gen: gen, msg: m}
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
