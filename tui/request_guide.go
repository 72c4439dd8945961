package tui

import (
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/flow"
	"mypage/tui/form"
)

// requestGuideScreen is ご利用ガイド・規約ご請求 (SPEC §9.5, seed 003 各種手続き):
// the documents (at least one, from the catalog), the copies, where to send
// them — the registered address, or another typed with its postal code →
// the confirm step → the 受付番号 and when the post arrives.
type requestGuideScreen struct {
	flow.Flow
	sh      *common.Common
	view    core.RequestFormView
	checked core.Request
	result  core.RequestResult
}

func newRequestGuideScreen(sh *common.Common) *requestGuideScreen {
	s := &requestGuideScreen{sh: sh}
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

func (s *requestGuideScreen) Init() tea.Cmd { return loadRequestForm(s.sh) }

// documentKey is the form row of the i-th of n documents: the last carries
// core's field, so that a problem of the documents shows after the list.
func documentKey(i, n int, code string) string {
	if i == n-1 {
		return core.FieldRequestDocuments
	}
	return core.FieldRequestDocuments + "/" + code
}

func (s *requestGuideScreen) request() core.NewRequest {
	f := s.Form
	in := core.NewRequest{Kind: core.RequestGuide}
	destinationOf(f, &in)
	docs := s.sh.Svc.Catalog().Requests.Documents
	for i, d := range docs {
		if f.Checked(documentKey(i, len(docs), d.Code)) {
			in.Documents = append(in.Documents, d.Code)
		}
	}
	in.Copies, _ = strconv.Atoi(f.Value(core.FieldRequestCopies)) // none chosen: core refuses 0
	return in
}

func (s *requestGuideScreen) build() {
	sh := s.sh
	if s.view.Open >= s.view.OpenMax {
		s.Form = nil // as many wait as the catalog allows: the screen says so
		return
	}
	rc := sh.Svc.Catalog().Requests
	f := form.New(sh, sh.T("button.next"), sh.T("button.cancel"))
	for i, d := range rc.Documents {
		label := ""
		if i == 0 {
			label = sh.T("request_guide.documents")
		}
		f.Check(documentKey(i, len(rc.Documents), d.Code), label, requestChoiceName(sh, d), i == 0)
	}
	var copies []form.Choice
	for n := 1; n <= rc.Copies(); n++ {
		copies = append(copies, form.Choice{Value: strconv.Itoa(n), Label: sh.T("request_guide.copy", n)})
	}
	f.Choice(core.FieldRequestCopies, sh.T("request_guide.copies"), true, copies, "1")
	addDestination(sh, f, sh.T("request_guide.destination"), s.view.Registered)
	s.Form = f
}

func (s *requestGuideScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(requestFormLoadedMsg); ok {
		s.view = m.v
		return s, s.AfterLoad(m.err, s.build)
	}
	if cmd, ok := backOnly(&s.Flow, msg); ok {
		return s, cmd
	}
	first := core.FieldRequestCopies
	if docs := s.sh.Svc.Catalog().Requests.Documents; len(docs) > 0 {
		first = documentKey(0, len(docs), docs[0].Code)
	}
	if cmd, ok := requestRefused(&s.Flow, msg, first); ok {
		return s, cmd
	}
	cmd, _ := s.Flow.Handle(msg)
	return s, cmd
}

// View renders the body at the width SetSize gave.
func (s *requestGuideScreen) View() string { return s.Show(s.render) }

func (s *requestGuideScreen) render(width int) (string, int) {
	return renderProcedure(&s.Flow, width, procedurePage{texts: "request_guide",
		cannot: func() []kvRow { return openRows(s.sh, s.view) },
		input:  s.renderInput, confirm: s.renderConfirm, complete: s.renderComplete})
}

func (s *requestGuideScreen) renderInput(b *strings.Builder, width int) (string, int) {
	sh := s.sh
	b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("request_guide.lead"))) + "\n\n")
	top := strings.Count(b.String(), "\n")
	body, focus := s.Form.View(width)
	b.WriteString(body + "\n\n")
	b.WriteString(sh.Notes(width, sh.T("request_guide.note.post", s.view.PostDays), sh.T("request_guide.note.other")))
	return b.String(), top + focus
}

// rows are what the confirm and complete steps show of the request.
func (s *requestGuideScreen) rows(r core.Request) []kvRow {
	sh := s.sh
	return []kvRow{
		{sh.T("request_guide.documents_short"), requestDetail(sh, r)},
		{sh.T("request_guide.destination"), addressText(sh, r.SendTo)},
	}
}

func (s *requestGuideScreen) renderConfirm(b *strings.Builder, width int) (string, int) {
	sh := s.sh
	b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("request_guide.confirm_lead"))) + "\n\n")
	b.WriteString(kvTable(sh, s.rows(s.checked), width) + "\n\n")
	b.WriteString(s.ConfirmButtons(sh.T("request_guide.button.apply"), sh.T("button.back_to_input")))
	return b.String(), strings.Count(b.String(), "\n")
}

func (s *requestGuideScreen) renderComplete(b *strings.Builder, width int) (string, int) {
	sh, r := s.sh, s.result
	writeRequestDone(b, sh, width, r, "request_guide.done")
	b.WriteString(sh.Section(sh.T("request.next")) + "\n")
	b.WriteString(sh.Notes(width, sh.T("request_guide.next.post", r.PostDays), sh.T("request.next.none", r.PostDays)) + "\n\n")
	b.WriteString(sh.Section(sh.T("common.details")) + "\n")
	b.WriteString(kvTable(sh, s.rows(r.Request), width) + "\n\n")
	b.WriteString(sh.Buttons(0, sh.T("request.button.history")))
	return b.String(), strings.Count(b.String(), "\n")
}
