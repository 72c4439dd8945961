package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/tui/common"
	"mypage/tui/keyhelp"
)

// Navigation of the root: the way back one level, the logout confirm and the
// key help (short line, or every key in columns).

// place is a screen of the back stack with the entry it was opened as.
type place struct {
	at route
	s  common.Screen
}

// navigate opens an entry asked for by a screen (or a link). A sidebar entry
// starts a new way; an entry already on the way back returns to it; another
// one is reached from the current screen, which Esc then returns to. A common.Screen
// at its complete step is done with and is not returned to.
func (a *App) navigate(r route) tea.Cmd {
	switch {
	case a.isMenuEntry(r):
		a.stack = nil
	case a.stackIndex(r) >= 0:
		a.stack = a.stack[:a.stackIndex(r)]
	case a.cur != nil && !sameScreen(r, a.at) && !isDone(a.cur):
		leave(a.cur)
		a.stack = append(a.stack, place{at: a.at, s: a.cur})
	}
	return a.openEntry(r)
}

// leave tells a screen that the focus leaves it (common.Leaver).
func leave(s common.Screen) {
	if l, ok := s.(common.Leaver); ok {
		l.Leave()
	}
}

// toMenu gives the focus to the sidebar; the screen's messages of this visit go.
func (a *App) toMenu() {
	if a.cur != nil {
		leave(a.cur)
	}
	a.focusMenu = true
}

// reached records that the current screen replaced itself by another one (a
// list opening the page of a row): Esc returns to the list.
func (a *App) reached(prev common.Screen) {
	if prev != nil && a.cur != prev && !isDone(prev) {
		leave(prev)
		a.stack = append(a.stack, place{at: a.at, s: prev})
	}
}

// back goes back one level: to the screen the current one was reached from,
// read again, or from a top-level screen to the sidebar.
func (a *App) back() tea.Cmd {
	n := len(a.stack)
	if n == 0 {
		a.toMenu()
		return nil
	}
	p := a.stack[n-1]
	a.stack = a.stack[:n-1]
	a.setEntry(p.at)
	a.cur = p.s
	_, passive := p.s.(common.Passive)
	a.focusMenu = passive
	return tea.Batch(p.s.Init(), a.loadDemoDate(), a.loadStanding())
}

func (a *App) stackIndex(r route) int {
	for i := len(a.stack) - 1; i >= 0; i-- {
		if sameScreen(a.stack[i].at, r) {
			return i
		}
	}
	return -1
}

func (a *App) isMenuEntry(r route) bool {
	for _, e := range flatEntries(a.menu) {
		if e.route == r {
			return true
		}
	}
	return false
}

// isDone reports whether a procedure screen shows its complete step.
func isDone(s common.Screen) bool {
	d, ok := s.(common.Doner)
	return ok && d.Done()
}

// textFocus reports whether the focused component takes typed text, so that
// '?' typed there is text, not the key help.
func (a *App) textFocus() bool {
	switch {
	case !a.loggedIn:
		return a.login.textFocus()
	case a.confirmLogout, a.focusMenu, a.cur == nil:
		return false
	}
	t, ok := a.cur.(common.TextFocuser)
	return ok && t.TextFocus()
}

// helpKey reports whether k opens or closes the full key help: F1 always, '?'
// where it is not typed into a field.
func (a *App) helpKey(k tea.KeyMsg) bool {
	if !key.Matches(k, a.sh.Keys.Help) {
		return false
	}
	return k.Type != tea.KeyRunes || !a.textFocus()
}

// askLogout shows the logout confirm, its safe button first. The question has
// the focus, asked from the sidebar as with ctrl+l; a cancel gives it back.
func (a *App) askLogout() tea.Cmd {
	a.confirmLogout, a.logoutBtn = true, 1
	a.logoutFromMenu, a.focusMenu = a.focusMenu, false
	return nil
}

// cancelLogout closes the logout confirm and gives the focus back where it was.
func (a *App) cancelLogout() {
	a.confirmLogout = false
	a.focusMenu = a.logoutFromMenu
}

// logoutKey handles a key while the logout confirm shows.
func (a *App) logoutKey(k tea.KeyMsg) tea.Cmd {
	keys := a.sh.Keys
	switch {
	case key.Matches(k, keys.Left, keys.Up, keys.ShiftTab):
		a.logoutBtn = 0
	case key.Matches(k, keys.Right, keys.Down, keys.Tab):
		a.logoutBtn = 1
	case key.Matches(k, a.logoutYes()):
		a.confirmLogout = false
		return common.Send(logoutMsg{})
	case key.Matches(k, keys.Back, a.logoutNo()):
		a.cancelLogout()
	case key.Matches(k, keys.Enter):
		if a.logoutBtn == 0 {
			a.confirmLogout = false
			return common.Send(logoutMsg{})
		}
		a.cancelLogout()
	}
	return nil
}

func (a *App) logoutYes() key.Binding {
	return key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", a.sh.T("key.logout")))
}

func (a *App) logoutNo() key.Binding {
	return key.NewBinding(key.WithKeys("n", "N"), key.WithHelp("n", a.sh.T("key.cancel")))
}

// viewLogoutConfirm is the body while the logout confirm shows.
func (a *App) viewLogoutConfirm(width int) (string, int) {
	sh := a.sh
	var b strings.Builder
	b.WriteString(sh.Title(sh.T("logout.title")) + "\n\n")
	b.WriteString(sh.Wrap(width, sh.T("logout.ask")) + "\n\n")
	top := strings.Count(b.String(), "\n")
	b.WriteString(sh.Buttons(a.logoutBtn, sh.T("logout.yes"), sh.T("logout.no")))
	return b.String(), top
}

// bodyView is what the body shows: the logout confirm or the current screen,
// given the size of the body first.
func (a *App) bodyView(width, height int) (string, int) {
	if a.confirmLogout {
		return a.viewLogoutConfirm(width)
	}
	if a.cur == nil {
		return "", 0
	}
	a.cur.SetSize(width, height)
	body, focus := a.cur.View(), -1
	if f, ok := a.cur.(common.FocusLiner); ok {
		focus = f.FocusLine()
	}
	return body, focus
}

// update gives a message to a screen, which may hand over to another one.
func update(s common.Screen, msg tea.Msg) (common.Screen, tea.Cmd) {
	m, cmd := s.Update(msg)
	return m.(common.Screen), cmd
}

// captures reports whether a screen takes Esc itself now.
func captures(s common.Screen, k tea.KeyMsg) bool {
	c, ok := s.(common.EscCapturer)
	return ok && c.Captures(k)
}

// helpKeys is every key of the current state, in the order the help shows them.
func (a *App) helpKeys() []key.Binding {
	var keys []key.Binding
	k := a.sh.Keys
	switch {
	case !a.loggedIn:
		keys = a.login.keys()
	case a.confirmLogout:
		keys = []key.Binding{k.Enter, a.logoutYes(), withHelp(k.Back, a.sh.T("key.cancel")), k.Left, k.Right, a.logoutNo()}
	case a.focusMenu:
		keys = []key.Binding{k.Up, k.Down, k.Enter}
		if _, passive := a.cur.(common.Passive); a.cur != nil && !passive {
			keys = append(keys, k.Tab) // Tab goes to a page that takes keys, not to one that takes none
		}
	case a.cur != nil:
		keys = a.cur.ShortHelp()
		if nb, ok := a.cur.(common.NoBacker); !ok || !nb.NoBack() {
			keys = append(keys, k.Back)
		}
	}
	if a.loggedIn && !a.confirmLogout {
		keys = append(keys, k.Logout)
	}
	if !a.opts.Kiosk {
		keys = append(keys, k.Quit)
	}
	return dedupe(keys)
}

// helpBinding is the key that opens (or closes) the full help, as it can be
// pressed now: F1 where '?' would be typed into a field.
func (a *App) helpBinding(desc string) key.Binding {
	h := "?"
	if a.textFocus() {
		h = "f1"
	}
	return key.NewBinding(key.WithKeys(a.sh.Keys.Help.Keys()...), key.WithHelp(h, a.sh.T(desc)))
}

// viewHelp is the key help: one line cut to the keys that fit, ending with the
// key for the rest whenever the full help has more, or (after '?') every key
// in columns. Never wider than the window.
func (a *App) viewHelp() string {
	keys, more := a.helpKeys(), a.moreKeys()
	return a.helpOut.get(helpKeyOf(a.width, a.fullHelp, keys, more), func() string {
		if a.fullHelp {
			return keyhelp.Full(a.help, dedupe(append(append(keys, more...), a.helpBinding("key.help_close"))), a.width)
		}
		// The short line always ends with the key of the full help, so that it
		// can be found on every screen.
		keys = append(keys[:len(keys):len(keys)], a.helpBinding("key.more"))
		return keyhelp.Short(a.help, keys, a.helpBinding("key.more"), a.width)
	})
}

// moreKeys are keys of the current state that only the full help lists: Tab
// between fields, the way to the sidebar, and the keys that scroll a body
// taller than the window (those a screen binds itself left out).
func (a *App) moreKeys() []key.Binding {
	k := a.sh.Keys
	switch {
	case !a.loggedIn:
		return []key.Binding{k.Tab, k.ShiftTab}
	case a.confirmLogout, a.cur == nil:
		return nil
	}
	var keys []key.Binding
	if !a.focusMenu {
		if st, ok := a.cur.(common.Stager); ok && st.Stage() == 0 {
			if _, form := a.cur.(common.TextFocuser); form {
				keys = append(keys, k.Tab)
			}
		}
		keys = append(keys, withHelp(k.ShiftTab, a.sh.T("key.to_menu")))
	}
	if !a.body.tall {
		return keys
	}
	// Each pair of scroll keys is one entry of the help.
	pages := key.NewBinding(key.WithKeys("pgup", "pgdown"), key.WithHelp("PgUp/PgDn", a.sh.T("key.scroll")))
	ends := key.NewBinding(key.WithKeys("home", "end"), key.WithHelp("Home/End", a.sh.T("key.scroll_ends")))
	lines := key.NewBinding(key.WithKeys(append(k.Up.Keys(), k.Down.Keys()...)...), key.WithHelp("↑/↓", a.sh.T("key.scroll")))
	var scroll []key.Binding
	switch {
	case a.focusMenu:
		scroll = []key.Binding{pages, ends}
	default:
		if a.body.focus < 0 {
			scroll = append(scroll, lines)
		}
		scroll = append(scroll, pages)
		if !a.textFocus() {
			scroll = append(scroll, ends)
		}
	}
	own := a.cur.ShortHelp()
	for _, s := range scroll {
		if a.focusMenu || !bindsKey(own, s) {
			keys = append(keys, s)
		}
	}
	return keys
}

// bindsKey reports whether one of bs is pressed with a key of b.
func bindsKey(bs []key.Binding, b key.Binding) bool {
	for _, x := range bs {
		for _, kx := range x.Keys() {
			for _, kb := range b.Keys() {
				if kx == kb {
					return true
				}
			}
		}
	}
	return false
}

// navKey handles the keys of the root before the screen sees them: the logout
// confirm, the key help, logout, and Esc back one level. handled is false for
// keys that go on to the sidebar or the screen.
func (a *App) navKey(k tea.KeyMsg) (cmd tea.Cmd, handled bool) {
	keys := a.sh.Keys
	switch {
	case a.confirmLogout:
		return a.logoutKey(k), true
	case a.helpKey(k):
		a.fullHelp = !a.fullHelp
		return nil, true
	case a.fullHelp && key.Matches(k, keys.Back):
		a.fullHelp = false
		return nil, true
	case !a.loggedIn:
		return nil, false
	case key.Matches(k, keys.Logout):
		return a.askLogout(), true
	case a.focusMenu:
		return nil, false
	case key.Matches(k, keys.Back) && (a.cur == nil || !captures(a.cur, k)):
		return a.back(), true
	}
	return nil, false
}
