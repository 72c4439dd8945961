package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/flow"
	"mypage/tui/form"
)

// requestChangeScreen is ご契約内容変更申請 (SPEC §9.5, seed 003 各種手続き):
// what is to change, chosen from the catalog's list, with words where the
// list cannot say it → the confirm step → the 受付番号 and what happens next:
// the application form comes by post to the registered address or, for a
// move, to the new one typed. Core checks every field and the bound on
// waiting requests.
type requestChangeScreen struct {
	flow.Flow
	sh      *common.Common
	view    core.RequestFormView
	checked core.Request
	result  core.RequestResult
}

type requestFormLoadedMsg struct {
	v   core.RequestFormView
	err error
}

func newRequestChangeScreen(sh *common.Common) *requestChangeScreen {
	s := &requestChangeScreen{sh: sh}
	s.Flow = flow.Flow{Common: sh, Cancel: common.Send(common.BackToMenuMsg{}), Finish: open(routeRequests{})}
	s.Check = func() flow.Job {
		in := s.request()
		return func() (any, error) { return sh.Svc.CheckNewRequest(sh.Who, in) }
	}
	s.Checked = func(v any) { s.checked, _ = v.(core.Request) }
	s.Submit = func(token string) flow.Job {
		in := s.request()
		return func() (any, error) { return sh.Svc.SubmitRequest(sh.Who, token, in) }
	}
	s.Saved = func(v any) { s.result, _ = v.(core.RequestResult) }
	return s
}

func (s *requestChangeScreen) Init() tea.Cmd { return loadRequestForm(s.sh) }

func loadRequestForm(sh *common.Common) tea.Cmd {
	return func() tea.Msg {
		v, err := sh.Svc.RequestForm(sh.Who)
		return requestFormLoadedMsg{v: v, err: err}
	}
}

func (s *requestChangeScreen) request() core.NewRequest {
	in := core.NewRequest{Kind: core.RequestContractChange,
		Change: s.Form.Value(core.FieldRequestChange), Description: s.Form.Value(core.FieldRequestDescription)}
	destinationOf(s.Form, &in)
	return in
}

func (s *requestChangeScreen) build() {
	sh := s.sh
	if s.view.Open >= s.view.OpenMax {
		s.Form = nil // as many wait as the catalog allows: the screen says so
		return
	}
	f := form.New(sh, sh.T("button.next"), sh.T("button.cancel"))
	var choices []form.Choice
	for _, c := range sh.Svc.Catalog().Requests.Changes {
		choices = append(choices, form.Choice{Value: c.Code, Label: requestChoiceName(sh, c)})
	}
	item := f.Choice(core.FieldRequestChange, sh.T("request_change.item"), true, choices, "")
	item.Selector = true
	item.Hint = sh.T("request_change.item_hint")
	desc := f.Text(core.FieldRequestDescription, sh.T("request_change.description"), false, core.RequestDescriptionMax, "")
	desc.Hint = sh.T("request_change.description_hint", core.RequestDescriptionMax)
	addDestination(sh, f, sh.T("request_change.send_to"), s.view.Registered)
	s.Form = f
}

func (s *requestChangeScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(requestFormLoadedMsg); ok {
		s.view = m.v
		return s, s.AfterLoad(m.err, s.build)
	}
	if cmd, ok := backOnly(&s.Flow, msg); ok {
		return s, cmd
	}
	if cmd, ok := requestRefused(&s.Flow, msg, core.FieldRequestChange); ok {
		return s, cmd
	}
	cmd, _ := s.Flow.Handle(msg)
	return s, cmd
}

// View renders the body at the width SetSize gave.
func (s *requestChangeScreen) View() string { return s.Show(s.render) }

func (s *requestChangeScreen) render(width int) (string, int) {
	return renderProcedure(&s.Flow, width, procedurePage{texts: "request_change",
		cannot: func() []kvRow { return openRows(s.sh, s.view) },
		input:  s.renderInput, confirm: s.renderConfirm, complete: s.renderComplete})
}

func (s *requestChangeScreen) renderInput(b *strings.Builder, width int) (string, int) {
	sh := s.sh
	b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("request_change.lead"))) + "\n\n")
	top := strings.Count(b.String(), "\n")
	body, focus := s.Form.View(width)
	b.WriteString(body + "\n\n")
	b.WriteString(sh.Notes(width, sh.T("request_change.note.post", s.view.PostDays), sh.T("request_change.note.return"),
		sh.T("request_change.note.card")))
	return b.String(), top + focus
}

// rows are what the confirm and complete steps show of the request.
func (s *requestChangeScreen) rows(r core.Request) []kvRow {
	sh := s.sh
	name := r.Change
	if c, ok := sh.Svc.Catalog().Requests.Change(r.Change); ok {
		name = requestChoiceName(sh, c)
	}
	rows := []kvRow{{sh.T("request_change.item"), name}}
	if r.Description != "" {
		rows = append(rows, kvRow{sh.T("request_change.description"), r.Description})
	}
	return append(rows, kvRow{sh.T("request_change.send_to"), addressText(sh, r.SendTo)})
}

func (s *requestChangeScreen) renderConfirm(b *strings.Builder, width int) (string, int) {
	sh := s.sh
	b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("request_change.confirm_lead"))) + "\n\n")
	if s.checked.ToOldAddress() {
		b.WriteString(sh.St.Warning.Render(sh.Wrap(width, sh.T("request_change.old_address"))) + "\n\n")
	}
	b.WriteString(kvTable(sh, s.rows(s.checked), width) + "\n\n")
	b.WriteString(s.ConfirmButtons(sh.T("request_change.button.apply"), sh.T("button.back_to_input")))
	return b.String(), strings.Count(b.String(), "\n")
}

func (s *requestChangeScreen) renderComplete(b *strings.Builder, width int) (string, int) {
	sh, r := s.sh, s.result
	writeRequestDone(b, sh, width, r, "request_change.done")
	b.WriteString(sh.Section(sh.T("request.next")) + "\n")
	b.WriteString(sh.Notes(width, sh.T("request_change.next.post", r.PostDays), sh.T("request_change.next.return"),
		sh.T("request.next.none", r.PostDays)) + "\n\n")
	b.WriteString(sh.Section(sh.T("common.details")) + "\n")
	b.WriteString(kvTable(sh, s.rows(r.Request), width) + "\n\n")
	b.WriteString(sh.Buttons(0, sh.T("request.button.history")))
	return b.String(), strings.Count(b.String(), "\n")
}
