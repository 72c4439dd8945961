package tui

import (
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/flow"
	"mypage/tui/i18n"
	"mypage/tui/keymap"
	"mypage/tui/sidebar"
	"mypage/tui/styles"
	"mypage/tui/wrap"
)

// App is the root model: it keeps the layout (header, sidebar menu, body, key
// help), routes messages to the active screen, and owns the session's lifetime.
type App struct {
	opts   Options
	sh     *common.Common
	width  int
	height int
	help   help.Model

	login    *loginScreen
	loggedIn bool

	menu       []menuGroup
	sideGroups []sidebar.Group // the menu's labels, as the sidebar shows them
	cursor     int             // index into the flat list of menu entries
	active     route           // the sidebar entry of the current common.Screen
	focusMenu  bool
	cur        common.Screen
	notice     string // a one-line message above the body (e.g. why the session ended)

	// at is the route the current screen was opened as; stack is the way
	// back to the screens it was reached from (Esc).
	at    route
	stack []place

	confirmLogout  bool // the logout confirm shows
	logoutBtn      int  // its focused button: 0 log out, 1 cancel
	logoutFromMenu bool // it was asked with the focus in the sidebar, which gets it back
	fullHelp       bool // '?' shows every key of the current state

	// The end of the inactivity period, and whether its timer waits.
	idleAt      time.Time
	idleWaiting bool
	closed      chan struct{} // closed by Close: what waits for the session ends
	closeOnce   sync.Once
	session     int // counts the sessions of this program: see tag
	screen      int // counts the screens shown: see tag

	// Renderings kept until what they show changes (reuse.go).
	headerOut  reused[headerKey]
	sidebarOut reused[sidebarKey]
	helpOut    reused[string]
	// Their lines, measured once for as long as they stay the same.
	headerBlk, sideBlk, helpBlk measured
	ruleOut                     reused[[2]string] // the header's rule with the body's position on it
	loginHeadOut                reused[loginHeadKey]
	timers                      []tea.Cmd // the App's own timers started by the message being handled

	// The demo date of the header, read by a command (never in View): on start,
	// on each screen load and when core's watch says it changed (a clock moved
	// by another process, midnight): bulletin_banner.go.
	demoDay   time.Time
	demoMoved bool
	// standingSeq counts the reads of the header's standing (frame.go): only
	// the latest one is shown.
	standingSeq int

	stopping bool // the portal shuts down: the screen says so, then the program ends

	// unchanged is set by a message that changed nothing shown (a timer of
	// the past, a date read again and the same): the frame is not laid out
	// again, so that an idle session costs nothing.
	unchanged bool

	endWatch func() // releases the watch of the contract's withdrawal (withdraw.go)

	// The watch of the bulletins, for the App's whole life (bulletin_banner.go),
	// and the banners of the open outages it last read (header, login screen).
	bulletinWatch func()
	bulletinWait  tea.Cmd
	banner        string
	loginBanner   string

	// body scrolls the body; frame is the whole screen. Both are laid out in
	// Update after every message (layout), so that View only returns the frame.
	body  bodyView
	frame string
}

// demoDateMsg carries the demo date read from the store.
type demoDateMsg struct {
	day   time.Time
	moved bool
	err   error
}

// ShutdownMsg tells a program that the portal shuts down: a logged-in session is
// logged out (audited as "shutdown"), the screen says so in the session's
// language, and the program ends after shutdownPause.
type ShutdownMsg struct{}

// shutdownPause is how long the shutdown message stays on the screen.
const shutdownPause = time.Second

// idleMsg fires when the inactivity timer ends (idle).
type idleMsg struct{}

// New builds the root model for one session.
func New(opts Options) *App {
	if opts.Renderer == nil {
		opts.Renderer = lipgloss.DefaultRenderer()
	}
	if opts.Source == "" {
		opts.Source = "local"
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	a := &App{opts: opts, width: 80, height: 24, closed: make(chan struct{})}
	if opts.Width > 0 && opts.Height > 0 {
		a.width, a.height = min(opts.Width, maxWidth), min(opts.Height, maxHeight)
	}
	a.reset()
	a.layout()
	return a
}

// reset wipes everything of the session and shows an empty login screen.
func (a *App) reset() {
	a.releaseEnd()
	a.session++ // what the ended session still has running is dropped
	msgs := i18n.New(a.opts.Lang)
	a.sh = &common.Common{Svc: a.opts.Service, St: styles.For(a.opts.Renderer), Msg: msgs,
		Keys: keymap.New(msgs), Source: a.opts.Source, Gate: a.opts.LoginGate, Refund: a.opts.LoginRefund, Log: a.opts.Logger}
	a.help = help.New()
	a.help.Styles = a.sh.St.Help
	a.body = newBodyView(a.sh)
	a.login = newLoginScreen(a.sh)
	a.loggedIn = false
	a.menu, a.sideGroups, a.cursor, a.active, a.cur = nil, nil, 0, nil, nil
	a.at, a.stack = nil, nil
	a.confirmLogout, a.fullHelp = false, false
	a.focusMenu = true
}

// Init starts the login screen and the idle timer.
func (a *App) Init() tea.Cmd {
	a.watchBulletins()
	return a.flush(tea.Batch(a.login.Init(), a.touch(), a.loadDemoDate()))
}

// loadDemoDate reads the demo date for the header in a command.
func (a *App) loadDemoDate() tea.Cmd {
	svc := a.opts.Service
	return func() tea.Msg {
		day, moved, err := svc.DemoDate()
		return demoDateMsg{day: day, moved: moved, err: err}
	}
}

// demoDate keeps the date read.
func (a *App) demoDate(m demoDateMsg) {
	if m.err != nil {
		a.opts.Logger.Error("demo date not read", "source", a.opts.Source, "err", m.err)
		return
	}
	a.demoDay, a.demoMoved = m.day, m.moved
}

// shutdown ends the session because the portal stops.
func (a *App) shutdown() tea.Cmd {
	if a.stopping {
		return nil
	}
	if a.loggedIn {
		a.sh.Svc.Logout(a.sh.Who, "shutdown")
	}
	a.reset()
	a.stopping = true
	return a.timer(tea.Tick(shutdownPause, func(time.Time) tea.Msg { return tea.QuitMsg{} }))
}

// touch moves the end of the inactivity period to a timeout from now. Only
// keys count: output does not. One timer waits per session, whatever the
// keys: a key only moves the deadline, and the timer, when it fires before
// it, waits again for what is left.
func (a *App) touch() tea.Cmd {
	if a.opts.IdleTimeout <= 0 {
		return nil
	}
	a.idleAt = time.Now().Add(a.opts.IdleTimeout)
	if a.idleWaiting {
		return nil
	}
	a.idleWaiting = true
	return a.timer(waitIdle(a.opts.IdleTimeout, a.closed))
}

// idle is the inactivity timer firing: the session ends if no key came
// since, else the timer waits for the rest.
func (a *App) idle() tea.Cmd {
	a.idleWaiting = false
	if rest := time.Until(a.idleAt); rest > 0 {
		a.unchanged = true
		a.idleWaiting = true
		return a.timer(waitIdle(rest, a.closed))
	}
	return a.endSession("idle")
}

// waitIdle returns idleMsg after d, or nothing once the App is closed, so
// that an ended session leaves no timer behind. Not inlined, so that every
// such command has the one code address by which a test driver knows it waits.
//
//go:noinline
func waitIdle(d time.Duration, closed <-chan struct{}) tea.Cmd {
	return func() tea.Msg {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			return idleMsg{}
		case <-closed:
			return nil
		}
	}
}

// Update routes a message, then lays the screen out for View.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if t, ok := msg.(sessionMsg); ok {
		inner, back, live := a.untag(t)
		if !live || back != nil {
			return a, back // an ended session's result is dropped
		}
		if a.stale(t.screen, inner) {
			return a, nil // a result of a screen that was left
		}
		msg = inner
	}
	prev, wasIn := a.cur, a.loggedIn
	a.unchanged = false
	m, cmd := a.update(msg)
	if !sameLive(prev, a.cur) || wasIn != a.loggedIn {
		a.screen++ // what the screen left still has running is dropped
	}
	if !a.unchanged {
		a.layout()
	}
	return m, a.flush(cmd)
}

// layout renders the frame View shows: the body's viewport takes its size,
// content and scroll position here, never in View.
func (a *App) layout() { a.frame = a.render() }

func (a *App) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case tea.WindowSizeMsg:
		// A window larger than any screen is laid out at the largest size: a
		// client asking for 10000×10000 must not cost memory and bytes.
		w, h := min(m.Width, maxWidth), min(m.Height, maxHeight)
		a.unchanged = w == a.width && h == a.height // the size told again
		a.width, a.height = w, h
		return a, nil
	case ShutdownMsg:
		return a, a.shutdown()
	case demoDateMsg:
		a.unchanged = m.err == nil && m.day.Equal(a.demoDay) && m.moved == a.demoMoved
		a.demoDate(m)
		return a, nil
	case standingMsg:
		a.standingLoaded(m)
		return a, nil
	case bulletinsChangedMsg:
		a.bulletinsChanged()
		// A new date may start or end a suspension (a term's end, a due day).
		return a, a.loadStanding()
	case bulletinsMsg:
		return a, a.bulletinsLoaded(m)
	case flow.CheckedMsg, flow.SavedMsg:
		// Core was asked (a check, a procedure): a payment recorded meanwhile
		// or what the procedure changed may lift or start a suspension.
		return a, tea.Batch(a.forward(msg), a.loadStanding())
	}
	if a.stopping {
		return a, nil // nothing else happens on a portal that shuts down
	}
	switch m := msg.(type) {
	case idleMsg:
		return a, a.idle()
	case tea.KeyMsg:
		touch := a.touch()
		if key.Matches(m, a.sh.Keys.Quit) {
			if a.opts.Kiosk {
				return a, touch
			}
			if a.loggedIn {
				a.sh.Svc.Logout(a.sh.Who, "quit")
			}
			a.releaseEnd()
			a.releaseBulletins()
			return a, tea.Quit
		}
		cmd := a.key(m)
		return a, tea.Batch(touch, cmd)
	case tea.MouseMsg:
		return a, a.touch()
	case loggedInMsg:
		return a, a.start(m)
	case logoutMsg:
		return a, a.endSession("logout")
	case common.SessionEndedMsg:
		return a, a.endSession(endReason(m))
	case endWatchMsg:
		return a, a.endWatched(m)
	case common.StepUpEndedMsg:
		// The step-up screen again, leading back to where it ended.
		if _, ok := a.at.(routeWithdraw); ok {
			return a, a.navigate(routeWithdraw{})
		}
		return a, a.navigate(routeStatements{})
	case openMsg:
		return a, a.navigate(m.to)
	case common.BackToMenuMsg:
		return a, a.back()
	}
	return a, a.forward(msg)
}

// endSession logs out; a kiosk and a logout return to an empty login screen, an
// idle session elsewhere (SSH) ends the program.
func (a *App) endSession(reason string) tea.Cmd {
	wasIn := a.loggedIn
	if wasIn {
		a.sh.Svc.Logout(a.sh.Who, reason)
	}
	a.releaseEnd()
	if reason == "idle" && !a.opts.Kiosk {
		return tea.Quit
	}
	a.reset()
	switch {
	case reason == "idle" && wasIn:
		a.login.info = a.sh.T("login.idle")
	case reason == "session-ended":
		a.login.info = a.sh.T("login.ended")
	case reason == "withdrawn":
		a.login.info = a.sh.T("login.withdrawn")
	case reason == "reissued":
		a.login.info = a.sh.T("login.reissued")
	case reason == "logout" && wasIn && !a.opts.Kiosk:
		// A kiosk shows the next person an empty login screen.
		a.login.info = a.sh.T("login.logged_out")
	}
	return tea.Batch(a.login.Init(), tea.ClearScreen, a.loadDemoDate())
}

// forward sends a non-key message to whichever screen is live.
func (a *App) forward(msg tea.Msg) tea.Cmd {
	if !a.loggedIn {
		var cmd tea.Cmd
		a.login, cmd = a.login.update(msg)
		return cmd
	}
	if a.cur == nil {
		return nil
	}
	var cmd tea.Cmd
	prev := a.cur
	a.cur, cmd = update(a.cur, msg)
	a.reached(prev)
	return cmd
}

func (a *App) key(k tea.KeyMsg) tea.Cmd {
	if cmd, handled := a.navKey(k); handled {
		return cmd
	}
	if !a.loggedIn {
		// A notice read before a login scrolls as after one.
		if a.login.notice != nil && a.body.scroll(k, false, false) {
			return nil
		}
		var cmd tea.Cmd
		a.login, cmd = a.login.update(k)
		return cmd
	}
	if a.scrollKey(k) {
		return nil
	}
	if a.focusMenu {
		return a.menuKey(k)
	}
	if key.Matches(k, a.sh.Keys.ShiftTab) && a.cur != nil && !captures(a.cur, k) {
		a.toMenu()
		return nil
	}
	if a.cur == nil {
		return nil
	}
	var cmd tea.Cmd
	prev := a.cur
	a.cur, cmd = update(a.cur, k)
	a.reached(prev)
	return cmd
}

func (a *App) menuKey(k tea.KeyMsg) tea.Cmd {
	entries := flatEntries(a.menu)
	keys := a.sh.Keys
	switch {
	case key.Matches(k, keys.Up):
		if a.cursor > 0 {
			a.cursor--
		}
	case key.Matches(k, keys.Down):
		if a.cursor < len(entries)-1 {
			a.cursor++
		}
	case key.Matches(k, keys.Enter, keys.Right):
		if a.cursor < len(entries) {
			e := entries[a.cursor]
			if e.route == (routeLogout{}) {
				return a.askLogout()
			}
			a.stack = nil // a sidebar entry starts a new way back
			return a.openEntry(e.route)
		}
	case key.Matches(k, keys.Tab):
		if _, passive := a.cur.(common.Passive); a.cur != nil && !passive {
			a.focusMenu = false
		}
	}
	return nil
}

// start sets up the portal after a login.
func (a *App) start(m loggedInMsg) tea.Cmd {
	a.loggedIn = true
	a.sh.Who = m.session.Principal
	a.sh.Header = common.HeaderInfo{ContractType: core.EscapeLine(a.typeName(m.info.Type)), Number: core.EscapeLine(m.info.Number),
		Account: core.EscapeLine(m.session.Principal.AccountID), Permission: m.session.Principal.Permission}
	a.menu = buildMenu(a.sh, m.info.Type, m.plans)
	a.sideGroups = sidebarGroups(a.sh, a.menu)
	a.sidebarOut.forget()
	watch := a.watchEnd()
	if m.session.MustRegisterAccount {
		return tea.Batch(tea.ClearScreen, a.openEntry(routeRegisterFirst{}), watch)
	}
	return tea.Batch(tea.ClearScreen, a.openEntry(routeContractInfo{}), watch)
}

func (a *App) typeName(t core.ContractType) string {
	if a.sh.Msg.Lang() == i18n.En && t.NameEn != "" {
		return t.NameEn
	}
	return t.Name
}

// openEntry builds the screen of a menu entry and gives it the focus.
func (a *App) openEntry(r route) tea.Cmd {
	s := newScreen(a.sh, r)
	if s == nil {
		return nil
	}
	a.setEntry(r)
	a.cur = s
	// A page with nothing to operate leaves the focus in the menu.
	_, passive := s.(common.Passive)
	a.focusMenu = passive
	return tea.Batch(s.Init(), a.loadDemoDate(), a.loadStanding())
}

// setEntry marks the entry of the current screen in the sidebar.
func (a *App) setEntry(r route) {
	a.at, a.active = r, r.entry()
	for i, e := range flatEntries(a.menu) {
		if e.route == a.active {
			a.cursor = i
		}
	}
}

// View shows the frame laid out by the last Update.
func (a *App) View() string { return a.frame }

// render renders the whole screen; it moves the body's viewport, so only layout
// calls it. A body that became taller than the window (or no longer is) is laid
// out once more, so that the key help lists the scroll keys that work now.
func (a *App) render() string {
	tall := a.body.tall
	frame := a.renderFrame()
	if a.body.tall != tall {
		frame = a.renderFrame()
	}
	return frame
}

func (a *App) renderFrame() string {
	if a.width < minWidth || a.height < minHeight {
		return a.sh.St.Warning.Render(a.sh.Wrap(a.width, a.sh.T("app.too_small", minWidth, minHeight, a.width, a.height)))
	}
	if a.stopping {
		return a.viewShutdown()
	}
	a.sh.MenuFocus = a.loggedIn && a.focusMenu // the body's markers follow where the focus is
	if !a.loggedIn {
		return a.viewLogin()
	}
	header := a.viewHeader()
	helpLine := a.helpBlk.of(a.viewHelp())
	bodyH := a.height - strings.Count(header, "\n") - 1 - len(helpLine.lines)
	side := a.sideBlk.of(a.viewSidebar(bodyH))
	bodyW := a.width - side.width
	// The logout question stands in for the screen while it is asked.
	var of any = a.cur
	if a.confirmLogout {
		of = &a.confirmLogout
	}
	body := a.body.show(of, a.bodyView, a.sh.St.Body, bodyW, bodyH)
	return stack(a.headed(header), beside(side, even(body, bodyW)), helpLine)
}

func (a *App) viewHeader() string {
	return a.headerOut.get(headerKey{width: a.width, header: a.sh.Header, moved: a.demoMoved, demoDay: a.demoDay, banner: a.banner}, a.renderHeader)
}

func (a *App) renderHeader() string {
	sh := a.sh
	brand := sh.St.Brand.Render(sh.T("app.brand"))
	who := ""
	if sh.Header.Account != "" {
		who = sh.St.HeaderLabel.Render(sh.T("header.account")+" ") + sh.Header.Account +
			sh.St.HeaderLabel.Render(" ("+sh.T("perm."+string(sh.Header.Permission))+")")
	}
	logout := sh.St.Logout.Render(sh.T("header.logout"))
	line1 := spread(a.width, brand, logout)
	line2 := sh.St.HeaderLabel.Render(sh.T("header.contract_type")+" ") + sh.St.HeaderValue.Render(sh.Header.ContractType) +
		"  " + sh.St.HeaderLabel.Render(sh.T("header.number")+" ") + sh.St.HeaderValue.Render(sh.Header.Number)
	if who != "" {
		// The account ID goes to the right of the contract line when it fits, else on a line of its own.
		if lipgloss.Width(line2)+2+lipgloss.Width(who) <= a.width {
			line2 = spread(a.width, line2, who)
		} else {
			line2 += "\n" + who
		}
	}
	if a.demoMoved {
		// The demo clock is not the real one: say which day the portal lives in.
		line2 += "\n" + sh.St.Warning.Render(sh.T("header.demo_date", sh.Date(a.demoDay)))
	}
	if st := standingLines(sh, sh.Header.Standing, a.width-sh.St.Header.GetHorizontalFrameSize()); st != "" {
		line2 += "\n" + st
	}
	if a.banner != "" {
		line2 += "\n" + a.bannerLine(a.banner, a.width-sh.St.Header.GetHorizontalFrameSize())
	}
	// A line too long for the terminal (a long account ID) is cut, visibly.
	return sh.St.Header.Width(a.width).Render(wrap.TruncateLines(line1+"\n"+line2, a.width-sh.St.Header.GetHorizontalFrameSize()))
}

// headed is the header's block with the body's position on its rule: the
// header is measured once for as long as it stays the same, its rule again
// only when the position on it moves.
func (a *App) headed(header string) block {
	b := a.headerBlk.of(header)
	n := len(b.lines) - 1
	pos := a.body.position()
	if a.ruleOut.key != [2]string{b.lines[n], pos} || !a.ruleOut.kept {
		a.ruleOut.key, a.ruleOut.out, a.ruleOut.kept = [2]string{b.lines[n], pos}, a.withPosition(b.lines[n]), true
	}
	if a.ruleOut.out == b.lines[n] {
		return b
	}
	out := block{lines: append([]string(nil), b.lines...), widths: append([]int(nil), b.widths...)}
	out.lines[n], out.widths[n] = a.ruleOut.out, ansi.StringWidth(a.ruleOut.out)
	for _, w := range out.widths {
		out.width = max(out.width, w)
	}
	return out
}

// spread puts left and right on one line of the given width.
func spread(width int, left, right string) string {
	gap := width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return left
	}
	return left + strings.Repeat(" ", gap) + right
}

// viewSidebar is the menu in the sidebar: its entries' labels in the session's
// language, the cursor while it has the focus, the open entry marked.
func (a *App) viewSidebar(height int) string {
	open := a.active
	if a.confirmLogout {
		open = routeLogout{} // the question stands in for the page while it is asked
	}
	i, active := 0, -1
	for _, g := range a.menu {
		for _, e := range g.entries {
			if e.route == open {
				active = i
			}
			i++
		}
	}
	k := sidebarKey{cursor: a.cursor, active: active, width: a.width, height: height, focused: a.focusMenu}
	return a.sidebarOut.get(k, func() string {
		return sidebar.View(a.sh.St, a.sideGroups, sidebar.State{Cursor: a.cursor, Active: active, Focused: a.focusMenu},
			sidebar.Width(a.width), height)
	})
}

// sidebarGroups are the labels of the menu as the sidebar shows them.
func sidebarGroups(sh *common.Common, menu []menuGroup) []sidebar.Group {
	var groups []sidebar.Group
	for _, g := range menu {
		sg := sidebar.Group{}
		if g.title != "" {
			sg.Title = sh.T(g.title)
		}
		for _, e := range g.entries {
			text := core.EscapeLine(e.label) // a literal label is a catalog name
			if !e.literal {
				text = sh.T(e.label)
			}
			sg.Entries = append(sg.Entries, text)
		}
		groups = append(groups, sg)
	}
	return groups
}

func dedupe(keys []key.Binding) []key.Binding {
	seen := map[string]bool{}
	var out []key.Binding
	for _, k := range keys {
		h := k.Help().Key
		if !seen[h] {
			seen[h] = true
			out = append(out, k)
		}
	}
	return out
}

func (a *App) viewLogin() string {
	brand := a.sh.St.Brand.Render(a.sh.T("app.brand"))
	tagline := a.sh.St.Muted.Render(a.sh.T("app.tagline"))
	if a.demoMoved {
		tagline = a.sh.St.Warning.Render(a.sh.T("header.demo_date", a.sh.Date(a.demoDay)))
	}
	top := brand + "\n" + tagline
	if a.loginBanner != "" {
		top += "\n" + a.bannerLine(a.loginBanner, a.width-a.sh.St.Header.GetHorizontalFrameSize())
	}
	header := a.loginHeadOut.get(loginHeadKey{a.width, top}, func() string { return a.sh.St.Header.Width(a.width).Render(top) })
	helpLine := a.helpBlk.of(a.viewHelp())
	h := a.height - strings.Count(header, "\n") - 1 - len(helpLine.lines)
	// The login form keeps three columns free on the right.
	body := a.body.show(a.login, func(w, _ int) (string, int) { return a.login.view(w) }, a.sh.St.Body.PaddingRight(3), a.width, h)
	return stack(a.headed(header), even(body, a.width), helpLine)
}

// loginHeadKey is what the login screen's header shows.
type loginHeadKey struct {
	width int
	top   string
}

// viewShutdown is the last screen of a session when the portal shuts down.
func (a *App) viewShutdown() string {
	header := a.sh.St.Header.Width(a.width).Render(a.sh.St.Brand.Render(a.sh.T("app.brand")))
	h := a.height - lipgloss.Height(header)
	text := a.sh.St.Warning.Render(a.sh.Wrap(a.width-4, a.sh.T("app.shutdown")))
	body := a.sh.St.Body.Width(a.width).Height(h).MaxHeight(h).Render(text)
	return lipgloss.JoinVertical(lipgloss.Left, header, body)
}
