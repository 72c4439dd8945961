package tui

import (
	"errors"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
)

// stepUpScreen asks an admin account ID for the customer number and its password
// before billing statements show (SPEC §4.1, the ※ rows of seed 003 §2).
type stepUpScreen struct {
	flow
	next route  // where it leads afterwards
	help string // where to turn, after a failed step-up
}

func newStepUpScreen(sh *common.Common, next route) *stepUpScreen {
	s := &stepUpScreen{flow: flow{sh: sh, cancel: common.Send(common.BackToMenuMsg{})}, next: next}
	f := newForm(sh, sh.T("login.button"), sh.T("button.cancel"))
	f.text(core.FieldCustomerNumber, sh.T("login.number"), true, 14, "")
	f.password("password", sh.T("login.number_password"), true)
	s.form = f
	s.loaded = true
	if sh.StepUpEnded {
		s.err, sh.StepUpEnded = sh.T("stepup.ended"), false
	}
	s.check = func() job {
		number, pw := f.value(core.FieldCustomerNumber), f.value("password")
		who := sh.Who
		return func() (any, error) { return sh.Svc.StepUp(who, strings.TrimSpace(number), pw) }
	}
	return s
}

type steppedUpMsg struct {
	p   core.Principal
	err error
}

func (s *stepUpScreen) Init() tea.Cmd { return s.form.focusFirst() }

func (s *stepUpScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case flowCheckedMsg:
		s.busy = false
		if m.err != nil && !errors.Is(m.err, core.ErrLoginFailed) {
			// Not a wrong number or password: a session that ended logs out.
			var cmd tea.Cmd
			s.help = ""
			s.err, cmd = s.sh.Failure(m.err)
			return s, cmd
		}
		if m.err != nil {
			s.sh.Log.Info("step-up failed", "source", s.sh.Source, "actor", s.sh.Who.Actor())
			s.err = s.sh.T("stepup.failed")
			s.help = loginHelp(s.sh)
			// The password is cleared and takes the focus again, so that Enter does
			// not send it empty.
			s.form.fields[1].in.SetValue("")
			return s, s.form.focusField("password")
		}
		s.sh.Stepped = m.v.(core.Principal)
		s.sh.Log.Info("step-up", "source", s.sh.Source, "actor", s.sh.Who.Actor())
		return s, open(s.next)
	case tea.KeyMsg:
		if s.busy {
			return s, nil
		}
		onPassword := s.form.focus == 1
		pressed, cmd := s.form.update(m)
		if key.Matches(m, s.sh.Keys.Enter) && onPassword {
			pressed = 0 // Enter after the password confirms, as on the login screen
		}
		switch pressed {
		case 0:
			// An empty field is refused beside it, without asking core: it is no attempt.
			switch {
			case strings.TrimSpace(s.form.value("number")) == "":
				return s, s.form.setProblems(map[string]string{"number": core.ProblemRequired})
			case s.form.value("password") == "":
				return s, s.form.setProblems(map[string]string{"password": core.ProblemRequired})
			}
			s.form.clearProblems()
			s.busy = true
			run := s.check()
			return s, func() tea.Msg {
				v, err := run()
				return flowCheckedMsg{v: v, err: err}
			}
		case 1:
			return s, s.cancel
		}
		return s, cmd
	}
	_, cmd := s.form.update(msg)
	return s, cmd
}

// FullHelp is the key help in one column.
func (s *stepUpScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *stepUpScreen) ShortHelp() []key.Binding { return s.form.keys() }

// View renders the body at the width SetSize gave.
func (s *stepUpScreen) View() string { return s.Show(s.render) }

func (s *stepUpScreen) render(width int) (string, int) {
	sh := s.sh
	var b strings.Builder
	b.WriteString(sh.Title(sh.T("stepup.title")) + "\n")
	if s.err != "" {
		b.WriteString(sh.St.Error.Render(sh.Wrap(width, s.err)) + "\n")
		if s.help != "" {
			b.WriteString(sh.Wrap(width, s.help) + "\n")
		}
	}
	minutes := int(sh.Svc.StepUpTTL() / time.Minute)
	b.WriteString("\n" + sh.St.Muted.Render(sh.Wrap(width, sh.N("stepup.lead", minutes, minutes))) + "\n\n")
	top := strings.Count(b.String(), "\n")
	body, focus := s.form.view(width)
	b.WriteString(body)
	return b.String(), top + focus
}
