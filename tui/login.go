package tui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/form"
	"mypage/tui/wrap"
)

// loginScreen is the login page of seed 003 §3: one box for the customer number,
// one for an account ID.
type loginScreen struct {
	sh     *common.Common
	inputs [4]textinput.Model // customer number, its password, account ID, its password
	focus  int
	busy   bool
	// spin moves beside ログインしています… while a login waits or is
	// checked; it ticks only then, so an idle screen has nothing to redraw.
	spin spinner.Model
	err  string
	// problem is shown beside the field of index problemAt: an empty ID or
	// password is refused there, without asking core (it is no attempt).
	problem   string
	problemAt int
	help      string // after a failed login: where to turn when one cannot log in
	info      string // why the previous session ended
	// faq is よくある質問 opened before a login (faqKey); Esc on its list
	// closes it, and the login fields are as they were.
	faq    *faqScreen
	faqKey key.Binding
	// notices is 障害情報 or メンテナンス情報 opened before a login (noticesKey,
	// SPEC §4.3: for all, also before login), notice one of them opened from
	// it; Esc on the list returns to the fields as they were.
	notices    *bulletinsScreen
	notice     *bulletinScreen
	noticesKey key.Binding

	// The form as last laid out, and what it showed; each box as last rendered.
	shown      *loginFormKey
	shownView  string
	shownFocus int
	boxes      [2]struct {
		key *loginBoxKey
		out string
	}
}

// loginFailedMsg ends a login that did not succeed; crowded: it was not
// attempted (too many logins at once), the password stays for another try.
type loginFailedMsg struct {
	text    string
	crowded bool
}

// loginFailure is the message of a login that did not succeed.
func loginFailure(sh *common.Common, err error) loginFailedMsg {
	if errors.Is(err, core.ErrLoginBusy) {
		return loginFailedMsg{text: sh.T("login.crowded"), crowded: true}
	}
	return loginFailedMsg{text: sh.LoginFailure(err, "login.failed")}
}

// loginFields names, as core does, what each login input takes.
var loginFields = [4]string{core.FieldCustomerNumber, core.FieldPassword, core.FieldAccountID, core.FieldPassword}

func newLoginScreen(sh *common.Common) *loginScreen {
	// F2: a letter would be typed into the field, F1 is the key help.
	l := &loginScreen{sh: sh, faqKey: key.NewBinding(key.WithKeys("f2"), key.WithHelp("f2", sh.T("key.faq"))),
		noticesKey: key.NewBinding(key.WithKeys("f3"), key.WithHelp("f3", sh.T("key.notices")))}
	for i := range l.inputs {
		in := form.NewInput(sh)
		in.CharLimit = 64
		in.Placeholder = sh.T(form.FormatKey(sh, loginFields[i]))
		if i%2 == 1 {
			in.EchoMode = textinput.EchoPassword
			in.EchoCharacter = '*'
		}
		l.inputs[i] = in
	}
	l.inputs[0].CharLimit = 14
	l.spin = spinner.New(spinner.WithSpinner(spinner.Line), spinner.WithStyle(sh.St.Muted))
	// Focused from the start, so that the first layout is the screen shown;
	// Init focuses again for the command.
	l.setFocus(0)
	return l
}

func (l *loginScreen) Init() tea.Cmd { return l.setFocus(0) }

func (l *loginScreen) setFocus(i int) tea.Cmd {
	l.focus = (i + len(l.inputs)) % len(l.inputs)
	if l.problemAt != l.focus {
		l.problem = "" // the problem goes with the focus off its field
	}
	var cmd tea.Cmd
	for j := range l.inputs {
		if j == l.focus {
			cmd = l.inputs[j].Focus()
		} else {
			l.inputs[j].Blur()
		}
	}
	return cmd
}

func (l *loginScreen) update(msg tea.Msg) (*loginScreen, tea.Cmd) {
	switch m := msg.(type) {
	case spinner.TickMsg:
		if !l.busy {
			return l, nil // the login is over: the ticks stop here
		}
		var cmd tea.Cmd
		l.spin, cmd = l.spin.Update(m)
		return l, cmd
	case loginFailedMsg:
		l.busy = false
		l.err = m.text
		if m.crowded {
			// Nothing was tried: the same Enter may log in a moment later.
			return l, nil
		}
		l.help = loginHelp(l.sh)
		// The password is cleared and takes the focus again; the ID stays as typed.
		pw := l.focus | 1
		l.inputs[pw].SetValue("")
		return l, l.setFocus(pw)
	case bulletinsMsg:
		return l, l.noticesUpdate(m)
	case tea.KeyMsg:
		if l.busy {
			return l, nil
		}
		keys := l.sh.Keys
		if l.notices != nil {
			return l, l.noticesKeyMsg(m)
		}
		if l.faq != nil {
			if key.Matches(m, keys.Back) && !l.faq.Captures(m) {
				l.faq = nil
				return l, l.setFocus(l.focus)
			}
			_, cmd := l.faq.Update(m)
			return l, cmd
		}
		switch {
		case key.Matches(m, l.faqKey):
			l.faq = newFAQScreen(l.sh)
			for j := range l.inputs {
				l.inputs[j].Blur()
			}
			return l, l.faq.Init()
		case key.Matches(m, l.noticesKey):
			return l, l.openNotices(core.BulletinOutage)
		case key.Matches(m, keys.Up, keys.ShiftTab):
			return l, l.setFocus(l.focus - 1)
		case key.Matches(m, keys.Down, keys.Tab):
			return l, l.setFocus(l.focus + 1)
		case key.Matches(m, keys.Enter):
			if l.focus%2 == 0 {
				return l, l.setFocus(l.focus + 1)
			}
			return l, l.submit()
		}
	}
	msg, ok, dropped := form.TypedDropped(loginFields[l.focus], msg)
	var cmd tea.Cmd
	if ok {
		before := l.inputs[l.focus].Value()
		l.inputs[l.focus], cmd = l.inputs[l.focus].Update(msg)
		if l.problem != "" && l.problemAt == l.focus && l.inputs[l.focus].Value() != before {
			l.problem = ""
		}
	}
	if dropped && loginFields[l.focus] == core.FieldCustomerNumber {
		// A letter in the customer number box: it is not put in, and the box says why.
		l.problem, l.problemAt = l.sh.T("problem.number.typed"), l.focus
	}
	return l, cmd
}

// openNotices shows the list of one kind of bulletins, read by core for anyone.
func (l *loginScreen) openNotices(kind core.BulletinKind) tea.Cmd {
	l.notices, l.notice = newBulletinsScreen(l.sh, kind), nil
	for j := range l.inputs {
		l.inputs[j].Blur()
	}
	return l.notices.Init()
}

// noticesUpdate hands the bulletins read to the list or the bulletin open.
func (l *loginScreen) noticesUpdate(m bulletinsMsg) tea.Cmd {
	var cmd tea.Cmd
	if l.notices != nil {
		_, cmd = l.notices.Update(m)
	}
	if l.notice != nil {
		_, cmd = l.notice.Update(m)
	}
	return cmd
}

// noticesKeyMsg: on a bulletin Esc or Enter returns to its list; on the list
// Tab shows the other kind, Enter opens one and Esc returns to the fields.
func (l *loginScreen) noticesKeyMsg(m tea.KeyMsg) tea.Cmd {
	keys := l.sh.Keys
	if l.notice != nil {
		if key.Matches(m, keys.Back, keys.Enter) {
			l.notice = nil
		}
		return nil
	}
	s := l.notices
	switch {
	case key.Matches(m, keys.Back):
		l.notices = nil
		return l.setFocus(l.focus)
	case key.Matches(m, keys.Tab, l.noticesKey):
		return l.openNotices(otherKind(s.kind))
	case key.Matches(m, keys.Enter):
		if s.cursor < len(s.list) {
			l.notice = newBulletinScreen(l.sh, s.kind, s.list[s.cursor].Number)
			return l.notice.Init()
		}
		return nil
	}
	_, cmd := s.Update(m)
	return cmd
}

func otherKind(k core.BulletinKind) core.BulletinKind {
	if k == core.BulletinOutage {
		return core.BulletinMaintenance
	}
	return core.BulletinOutage
}

// submit logs in with the box that has the focus.
func (l *loginScreen) submit() tea.Cmd {
	method := core.LoginCustomerNumber
	box := 0
	if l.focus >= 2 {
		method, box = core.LoginAccountID, 2
	}
	id := strings.TrimSpace(l.inputs[box].Value())
	pw := l.inputs[box+1].Value()
	switch {
	case id == "":
		l.problem, l.problemAt = l.sh.T("problem.required"), box
		return l.setFocus(box)
	case pw == "":
		l.problem, l.problemAt = l.sh.T("problem.required"), box+1
		return l.setFocus(box + 1)
	}
	l.busy, l.err, l.help, l.info, l.problem = true, "", "", "", ""
	sh := l.sh
	return tea.Batch(l.spin.Tick, func() tea.Msg {
		if sh.Gate != nil && !sh.Gate() {
			sh.Svc.LoginRefused(method, id, sh.Source)
			return loginFailedMsg{text: sh.T("login.failed")}
		}
		sess, err := sh.Svc.Login(method, id, pw, sh.Source)
		if err != nil {
			// Neither the password nor the ID typed is logged: a password typed
			// into the ID field by mistake must not reach the log.
			if errors.Is(err, core.ErrLoginBusy) {
				// Not an attempt: the address keeps its allowance for the retry.
				if sh.Refund != nil {
					sh.Refund()
				}
				sh.Log.Info("login refused: too many logins at once", "source", sh.Source, "method", method)
			} else {
				sh.Log.Info("login failed", "source", sh.Source, "method", method)
			}
			return loginFailure(sh, err)
		}
		info, err := sh.Svc.ContractInfo(sess.Principal)
		if err != nil {
			return loginFailedMsg{text: sh.LoginFailure(err, "login.failed")}
		}
		plans, err := sh.Svc.Plans(sess.Principal)
		if err != nil {
			return loginFailedMsg{text: sh.LoginFailure(err, "login.failed")}
		}
		sh.Log.Info("login", "source", sh.Source, "method", method, "actor", sess.Principal.Actor())
		return loggedInMsg{session: sess, info: info, plans: plans}
	})
}

func (l *loginScreen) keys() []key.Binding {
	k := l.sh.Keys
	if l.notice != nil {
		return []key.Binding{withHelp(k.Up, l.sh.T("key.scroll")), withHelp(k.Down, l.sh.T("key.scroll")),
			withHelp(k.Back, l.sh.T("bulletin.key.list"))}
	}
	if l.notices != nil {
		// The cursor's arrows go without saying: the way to the other kind and
		// back to the login must fit on the line.
		var open []key.Binding
		if len(l.notices.list) > 0 {
			open = append(open, withHelp(k.Enter, l.sh.T("bulletins.key.open")))
		}
		return append(open, withHelp(k.Tab, l.sh.T("bulletins.title."+string(otherKind(l.notices.kind)))),
			withHelp(k.Back, l.sh.T("faq.key.login")))
	}
	if l.faq != nil {
		if l.faq.open != nil {
			return l.faq.ShortHelp()
		}
		return append(l.faq.ShortHelp(), withHelp(k.Back, l.sh.T("faq.key.login")))
	}
	return []key.Binding{k.Up, k.Down, k.Enter, l.faqKey, l.noticesKey}
}

// textFocus: what is typed goes into a field, but for an answer of the FAQ
// and the notices.
func (l *loginScreen) textFocus() bool {
	return l.notices == nil && (l.faq == nil || l.faq.TextFocus())
}

// loginFormKey is all the login form shows: it is laid out again only when
// one of these changed, not for every message a session receives (its size
// told again, the bulletins read, the demo date).
type loginFormKey struct {
	width, focus, problemAt  int
	problem, err, help, info string
	busy                     bool
	spin                     string
	fields                   [4]string
}

func (l *loginScreen) view(width int) (string, int) {
	switch {
	case l.notice != nil:
		return l.notice.render(width)
	case l.notices != nil:
		return l.notices.render(width)
	case l.faq != nil:
		return l.faq.render(width)
	}
	boxW := 36
	side := width >= 2*boxW+4
	if !side {
		boxW = width - 2
		if boxW > 50 {
			boxW = 50
		}
	}
	inner := boxW - 4
	k := loginFormKey{width: width, focus: l.focus, problemAt: l.problemAt, problem: l.problem,
		err: l.err, help: l.help, info: l.info, busy: l.busy}
	if l.busy {
		k.spin = l.spin.View()
	}
	for j := range l.inputs {
		k.fields[j] = form.Bracketed(&l.inputs[j], inner-4)
	}
	if l.shown != nil && *l.shown == k {
		return l.shownView, l.shownFocus
	}
	view, focus := l.renderForm(k, boxW, side)
	l.shown, l.shownView, l.shownFocus = &k, view, focus
	return view, focus
}

// loginBoxKey is what one of the login form's boxes shows.
type loginBoxKey struct {
	boxW, focus, problemAt int
	problem                string
	fields                 [2]string
}

// renderForm lays the login form out: its two boxes side by side when they fit.
func (l *loginScreen) renderForm(k loginFormKey, boxW int, side bool) (string, int) {
	sh, width, inner := l.sh, k.width, boxW-4
	box := func(i int, title, idLabel, pwLabel string) string {
		st := sh.St.Box
		if l.focus/2 == i/2 {
			st = sh.St.BoxFocus
		}
		row := func(j int, label string) string {
			marker := "  "
			if j == l.focus {
				marker = sh.St.InputFocus.Render(common.MarkFocus)
			}
			field := k.fields[j]
			row := sh.St.Label.Render(label) + "\n" + marker + field
			if l.problem != "" && l.problemAt == j {
				row += "\n" + sh.St.Error.Render(sh.Wrap(inner, "* "+l.problem))
			}
			return row
		}
		// Enter in the password field logs in; the button is never focused itself.
		button := sh.Buttons(-1, sh.T("login.button"))
		// Titles and labels are broken by the line breaker, not by the box.
		title, idLabel, pwLabel = wrap.String(title, inner), wrap.String(idLabel, inner), wrap.String(pwLabel, inner)
		return st.Width(boxW - 2).Render(sh.St.Title.Render(title) + "\n" + row(i, idLabel) + "\n" + row(i+1, pwLabel) + "\n" + button)
	}
	// A box is rendered again only when what it shows changed: moving within
	// one box, or typing into it, leaves the other as it was.
	kept := func(i int, title, idLabel, pwLabel string) string {
		bk := loginBoxKey{boxW: boxW, focus: -1, fields: [2]string{k.fields[i], k.fields[i+1]}}
		if l.focus/2 == i/2 {
			bk.focus = l.focus
		}
		if l.problem != "" && l.problemAt/2 == i/2 {
			bk.problem, bk.problemAt = l.problem, l.problemAt
		}
		c := &l.boxes[i/2]
		if c.key == nil || *c.key != bk {
			c.key, c.out = &bk, box(i, title, idLabel, pwLabel)
		}
		return c.out
	}
	a := kept(0, sh.T("login.by_number"), sh.T("login.number"), sh.T("login.number_password"))
	b := kept(2, sh.T("login.by_account"), sh.T("login.account"), sh.T("login.account_password"))
	var boxes string
	focusLine := 0
	if side {
		boxes = lipgloss.JoinHorizontal(lipgloss.Top, a, "  ", b)
		focusLine = 2 + 2*(l.focus%2) + 2
	} else {
		boxes = a + "\n" + b
		focusLine = 2 + 2*(l.focus%2) + 2 + (l.focus/2)*lipgloss.Height(a)
	}
	var lines []string
	lines = append(lines, sh.Title(sh.T("login.title")), "")
	if l.info != "" {
		lines = append(lines, sh.St.Notice.Render(sh.Wrap(width, l.info)))
	}
	pre := lipgloss.Height(strings.Join(lines, "\n")) // the lines above the boxes
	lines = append(lines, boxes)
	switch {
	case l.busy:
		lines = append(lines, k.spin+" "+sh.St.Muted.Render(sh.T("login.busy")))
	case l.err != "":
		lines = append(lines, sh.St.Error.Render(sh.Wrap(width, l.err)))
		if l.help != "" {
			lines = append(lines, sh.Wrap(width, l.help))
		}
		// The FAQ is offered after a failure too, when it is wanted most.
		lines = append(lines, sh.Wrap(width, sh.T("login.faq_hint")))
	default:
		// The way back for a forgotten ID or password: after a failure the help says it.
		lines = append(lines, sh.Wrap(width, sh.T("login.forgot", sh.SupportInfo()...)))
	}
	lines = append(lines, sh.St.Muted.Render(sh.Wrap(width, sh.T("login.note"))))
	return strings.Join(lines, "\n"), pre + focusLine
}

// loginHelp tells a subscriber who cannot log in where to turn: the information
// centre of the catalog, which can also lift a lock after repeated failures. The
// message stays the same whatever the cause of the failure.
func loginHelp(sh *common.Common) string { return sh.T("login.help", sh.SupportInfo()...) }
