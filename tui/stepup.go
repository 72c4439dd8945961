package tui

import (
	"errors"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/flow"
	"mypage/tui/form"
)

// stepUpScreen asks an admin account ID for the customer number and its password
// before billing statements or 退会 show (SPEC §4.1, §4.3, the ※ rows of seed 003 §2).
type stepUpScreen struct {
	flow.Flow
	sh   *common.Common
	next route  // where it leads afterwards
	help string // where to turn, after a failed step-up
}

func newStepUpScreen(sh *common.Common, next route) *stepUpScreen {
	s := &stepUpScreen{sh: sh, Flow: flow.Flow{Common: sh, Cancel: common.Send(common.BackToMenuMsg{})}, next: next}
	f := form.New(sh, sh.T("login.button"), sh.T("button.cancel"))
	f.Text(core.FieldCustomerNumber, sh.T("login.number"), true, 14, "")
	f.Password("password", sh.T("login.number_password"), true)
	s.Form = f
	s.Loaded = true
	if sh.StepUpEnded {
		s.Err, sh.StepUpEnded = sh.T("stepup.ended"), false
	}
	s.Check = func() flow.Job {
		number, pw := f.Value(core.FieldCustomerNumber), f.Value("password")
		who := sh.Who
		return func() (any, error) { return sh.Svc.StepUp(who, strings.TrimSpace(number), pw) }
	}
	return s
}

type steppedUpMsg struct {
	p   core.Principal
	err error
}

func (s *stepUpScreen) Init() tea.Cmd { return s.Form.FocusFirst() }

func (s *stepUpScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case flow.CheckedMsg:
		s.Busy = false
		if m.Err != nil && !errors.Is(m.Err, core.ErrLoginFailed) {
			// Not a wrong number or password: a session that ended logs out.
			var cmd tea.Cmd
			s.help = ""
			s.Err, cmd = s.sh.Failure(m.Err)
			return s, cmd
		}
		if m.Err != nil {
			s.sh.Log.Info("step-up failed", "source", s.sh.Source, "actor", s.sh.Who.Actor())
			s.Err = s.sh.T("stepup.failed")
			s.help = loginHelp(s.sh)
			// The password is cleared and takes the focus again, so that Enter does
			// not send it empty.
			s.Form.ClearValue("password")
			return s, s.Form.FocusField("password")
		}
		p, ok := m.V.(core.Principal)
		if !ok {
			return s, nil // not this screen's result
		}
		s.sh.Stepped = p
		s.sh.Log.Info("step-up", "source", s.sh.Source, "actor", s.sh.Who.Actor())
		return s, open(s.next)
	case tea.KeyMsg:
		if s.Busy {
			return s, nil
		}
		onPassword := s.Form.FocusedKey() == "password"
		pressed, cmd := s.Form.Update(m)
		if key.Matches(m, s.sh.Keys.Enter) && onPassword {
			pressed = 0 // Enter after the password confirms, as on the login screen
		}
		switch pressed {
		case 0:
			// An empty field is refused beside it, without asking core: it is no attempt.
			switch {
			case strings.TrimSpace(s.Form.Value("number")) == "":
				return s, s.Form.SetProblems(map[string]string{"number": core.ProblemRequired})
			case s.Form.Value("password") == "":
				return s, s.Form.SetProblems(map[string]string{"password": core.ProblemRequired})
			}
			s.Form.ClearProblems()
			s.Busy = true
			run := s.Check()
			return s, func() tea.Msg {
				v, err := run()
				return flow.CheckedMsg{V: v, Err: err}
			}
		case 1:
			return s, s.Cancel
		}
		return s, cmd
	}
	_, cmd := s.Form.Update(msg)
	return s, cmd
}

// FullHelp is the key help in one column.
func (s *stepUpScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *stepUpScreen) ShortHelp() []key.Binding { return s.Form.Keys() }

// View renders the body at the width SetSize gave.
func (s *stepUpScreen) View() string { return s.Show(s.render) }

func (s *stepUpScreen) render(width int) (string, int) {
	sh := s.sh
	var b strings.Builder
	b.WriteString(sh.Title(sh.T("stepup.title")) + "\n")
	if s.Err != "" {
		b.WriteString(sh.St.Error.Render(sh.Wrap(width, s.Err)) + "\n")
		if s.help != "" {
			b.WriteString(sh.Wrap(width, s.help) + "\n")
		}
	}
	minutes := int(sh.Svc.StepUpTTL() / time.Minute)
	lead := "stepup.lead" // what the step-up is for: the statements, or 退会
	if _, ok := s.next.(routeWithdraw); ok {
		lead = "stepup.lead_withdraw"
	}
	b.WriteString("\n" + sh.St.Muted.Render(sh.Wrap(width, sh.N(lead, minutes, minutes))) + "\n\n")
	top := strings.Count(b.String(), "\n")
	body, focus := s.Form.View(width)
	b.WriteString(body)
	return b.String(), top + focus
}
