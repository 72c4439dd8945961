package flow

import (
	"io"
	"reflect"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/form"
	"mypage/tui/i18n"
	"mypage/tui/keymap"
	"mypage/tui/styles"
)

type (
	cancelled struct{}
	finished  struct{}
)

// procedure is a flow over a form of one field whose check and submit are
// recorded; checkErr and saveErr are what core answers.
type procedure struct {
	*Flow
	checks, saves     int
	token             string
	checkErr, saveErr error
}

func newProcedure() *procedure {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	msgs := i18n.New("en")
	sh := &common.Common{Svc: &core.Service{}, St: styles.New(r), Msg: msgs, Keys: keymap.New(msgs)}
	p := &procedure{}
	f := form.New(sh, sh.T("button.next"), sh.T("button.cancel"))
	f.Text(core.FieldLastName, sh.T("account.last_name"), true, 20, "")
	p.Flow = &Flow{Common: sh, Form: f, Cancel: common.Send(cancelled{}), Finish: common.Send(finished{})}
	p.Check = func() Job {
		return func() (any, error) { p.checks++; return nil, p.checkErr }
	}
	p.Submit = func(token string) Job {
		return func() (any, error) { p.saves++; p.token = token; return nil, p.saveErr }
	}
	p.AfterLoad(nil, func() {})
	return p
}

// press gives a key to the flow. A call to core it starts is run and its
// result handed back, as the program would; the message of a command that
// leaves the flow (Cancel, Finish) is returned. Other commands (the blink of
// a text field's cursor) are not run.
func (p *procedure) press(t tea.KeyType) tea.Msg {
	busy := p.Busy
	cmd, _ := p.Handle(tea.KeyMsg{Type: t})
	switch {
	case cmd == nil:
		return nil
	case p.Busy && !busy:
		p.Handle(cmd())
		return nil
	case same(cmd, p.Cancel), same(cmd, p.Finish):
		return cmd()
	}
	return nil
}

func same(a, b tea.Cmd) bool { return reflect.ValueOf(a).Pointer() == reflect.ValueOf(b).Pointer() }

func (p *procedure) typeText(s string) {
	p.Handle(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
}

// Input → confirm → complete: the check runs before the confirm step, the
// procedure once with the confirm step's token, Enter on the complete step
// goes on.
func TestSteps(t *testing.T) {
	p := newProcedure()
	p.typeText("Aruteri")
	p.press(tea.KeyDown) // to the buttons
	p.press(tea.KeyEnter)
	if p.Step != Confirm || p.checks != 1 || p.Token == "" {
		t.Fatalf("after the input step: step %d, %d checks, token %q", p.Step, p.checks, p.Token)
	}
	if !p.Captures(tea.KeyMsg{Type: tea.KeyEsc}) {
		t.Error("the confirm step does not take Esc back to the input step")
	}
	p.press(tea.KeyEsc)
	if p.Step != Input || p.Form.Value(core.FieldLastName) != "Aruteri" {
		t.Fatalf("Esc on the confirm step: step %d, typed text %q", p.Step, p.Form.Value(core.FieldLastName))
	}
	p.press(tea.KeyEnter)
	token := p.Token
	p.press(tea.KeyEnter) // execute, the focused button
	if p.Step != Complete || p.saves != 1 || p.token != token || !p.Done() {
		t.Fatalf("after the confirm step: step %d, %d saves with token %q (want %q)", p.Step, p.saves, p.token, token)
	}
	if msg := p.press(tea.KeyEnter); msg != (finished{}) {
		t.Errorf("Enter on the complete step sent %#v", msg)
	}
}

// The back button of the input step cancels; a second Enter while the
// procedure runs is ignored.
func TestCancelAndBusy(t *testing.T) {
	p := newProcedure()
	p.press(tea.KeyDown)
	p.press(tea.KeyRight)
	if msg := p.press(tea.KeyEnter); msg != (cancelled{}) {
		t.Errorf("the back button sent %#v", msg)
	}
	p = newProcedure()
	p.typeText("Aruteri")
	p.press(tea.KeyDown)
	p.press(tea.KeyEnter)
	cmd, _ := p.Handle(tea.KeyMsg{Type: tea.KeyEnter}) // execute: the call runs
	if again, _ := p.Handle(tea.KeyMsg{Type: tea.KeyEnter}); again != nil || !p.Busy {
		t.Error("a second Enter while busy is not ignored")
	}
	p.Handle(cmd())
	if p.saves != 1 || p.Step != Complete {
		t.Errorf("%d saves, step %d", p.saves, p.Step)
	}
}

// Field problems go beside their fields, on the input step; any other error on top.
func TestErrors(t *testing.T) {
	p := newProcedure()
	p.checkErr = &core.ValidationError{Fields: map[string]string{core.FieldLastName: core.ProblemRequired}}
	p.press(tea.KeyDown)
	p.press(tea.KeyEnter)
	if _, ok := p.Form.Problem(core.FieldLastName); p.Step != Input || !ok || p.Err == "" {
		t.Errorf("a field problem: step %d, beside the field %v, on top %q", p.Step, ok, p.Err)
	}
	p = newProcedure()
	p.saveErr = core.ErrAlreadySubmitted
	p.typeText("Aruteri")
	p.press(tea.KeyDown)
	p.press(tea.KeyEnter)
	p.press(tea.KeyEnter)
	if p.Step != Confirm || !strings.Contains(p.Err, p.Common.T("error.already_submitted")) {
		t.Errorf("a refused procedure: step %d, error %q", p.Step, p.Err)
	}
}

// A confirm refused because its figures moved stays on the confirm step with
// the new figures (Requote), a fresh token, the safe button and the message;
// the body is told of the error (Failures), as of every error on top.
func TestQuoteChangedStaysOnConfirm(t *testing.T) {
	p := newProcedure()
	var requoted *core.QuoteChangedError
	p.Requote = func(e *core.QuoteChangedError) { requoted = e }
	p.typeText("Sato")
	p.press(tea.KeyTab)
	p.press(tea.KeyEnter) // Next
	if p.Step != Confirm {
		t.Fatalf("step %d, want the confirm step", p.Step)
	}
	first := p.Token
	p.saveErr = &core.QuoteChangedError{Annual: &core.AnnualQuote{DaysBefore: 363}}
	p.press(tea.KeyEnter)
	if p.Step != Confirm || requoted == nil || requoted.Annual.DaysBefore != 363 {
		t.Fatalf("step %d, requoted %+v", p.Step, requoted)
	}
	if p.Token == first || p.Btn != 1 || p.Err != p.Common.T("error.quote_changed") || p.Failures() != 1 {
		t.Errorf("token renewed %v, button %d, error %q, failures %d", p.Token != first, p.Btn, p.Err, p.Failures())
	}
	p.saveErr = nil
	p.press(tea.KeyLeft)
	p.press(tea.KeyEnter)
	if p.Step != Complete || p.saves != 2 || p.token == first {
		t.Errorf("the second confirm: step %d, saves %d, with the first token %v", p.Step, p.saves, p.token == first)
	}
}

// The banner of field problems goes with the last problem corrected, and
// only then.
func TestInvalidBannerGoes(t *testing.T) {
	p := newProcedure()
	p.checkErr = &core.ValidationError{Fields: map[string]string{core.FieldLastName: core.ProblemRequired}}
	p.press(tea.KeyTab)
	p.press(tea.KeyEnter)
	if p.Err == "" {
		t.Fatal("no banner")
	}
	p.press(tea.KeyTab) // a move changes nothing of the field
	if p.Err == "" {
		t.Fatal("the banner went with the problem still there")
	}
	p.press(tea.KeyShiftTab)
	p.typeText("Sato")
	if p.Err != "" {
		t.Errorf("the banner stays: %q", p.Err)
	}
}

// A confirm core refuses by a rule cannot succeed if submitted again: the
// step offers only the way back, and Enter takes it.
func TestRefusedConfirmOffersOnlyBack(t *testing.T) {
	p := newProcedure()
	p.typeText("Sato")
	p.press(tea.KeyTab)
	p.press(tea.KeyEnter) // Next
	p.saveErr = &core.PlanError{Code: core.PlanBlockEnding}
	p.press(tea.KeyEnter)
	if p.Step != Confirm || p.saves != 1 {
		t.Fatalf("step %d, saves %d", p.Step, p.saves)
	}
	if got := p.ConfirmButtons("Apply", "Back"); strings.Contains(got, "Apply") || !strings.Contains(got, "Back") {
		t.Errorf("buttons after a refusal: %q", got)
	}
	p.press(tea.KeyLeft) // no way to the execute button
	p.press(tea.KeyEnter)
	if p.Step != Input || p.saves != 1 {
		t.Errorf("Enter after a refusal: step %d, saves %d, want back to input without a submit", p.Step, p.saves)
	}
	p.press(tea.KeyTab)
	p.press(tea.KeyEnter) // Next again: a fresh confirm with both buttons
	if got := p.ConfirmButtons("Apply", "Back"); !strings.Contains(got, "Apply") {
		t.Errorf("a fresh confirm step: %q", got)
	}
}
