package tui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/flow"
	"mypage/tui/form"
)

// requestsScreen is 申請・ご請求の履歴: the contract's contract change and
// document requests, newest first, with their number, day, kind and state.
type requestsScreen struct {
	sh *common.Common
	common.Size
	list   []core.Request
	loaded bool
	err    string
}

type requestsMsg struct {
	list []core.Request
	err  error
}

func newRequestsScreen(sh *common.Common) *requestsScreen { return &requestsScreen{sh: sh} }

func (s *requestsScreen) Init() tea.Cmd {
	sh := s.sh
	return func() tea.Msg {
		list, err := sh.Svc.Requests(sh.Who)
		return requestsMsg{list: list, err: err}
	}
}

func (s *requestsScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(requestsMsg); ok {
		if m.err != nil {
			var cmd tea.Cmd
			s.err, cmd = s.sh.Failure(m.err)
			return s, cmd
		}
		s.list, s.loaded, s.err = m.list, true, ""
	}
	return s, nil
}

// Passive: a list with nothing to operate; the focus stays in the sidebar.
func (s *requestsScreen) Passive() {}

// FullHelp is the key help in one column.
func (s *requestsScreen) FullHelp() [][]key.Binding { return nil }

func (s *requestsScreen) ShortHelp() []key.Binding { return nil }

// View renders the body at the width SetSize gave.
func (s *requestsScreen) View() string { return s.Show(s.render) }

func (s *requestsScreen) render(width int) (string, int) {
	sh := s.sh
	var b strings.Builder
	b.WriteString(sh.Title(sh.T("requests.title")) + "\n")
	if s.err != "" {
		b.WriteString(sh.St.Error.Render(sh.Wrap(width, s.err)) + "\n")
		return b.String(), -1
	}
	if !s.loaded {
		return b.String(), -1
	}
	b.WriteString("\n")
	if len(s.list) == 0 {
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("requests.none"))) + "\n")
		return b.String(), -1
	}
	b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("requests.lead"))) + "\n\n")
	// One block a request: the table of five columns would not fit the body.
	for _, r := range s.list {
		b.WriteString(sh.Section(sh.T("requests.col.number")+" "+r.Number) + "\n")
		rows := []kvRow{
			{sh.T("requests.col.date"), sh.Date(r.RequestedAt)},
			{sh.T("requests.col.kind"), sh.T("requests.kind." + string(r.Kind))},
			{sh.T("requests.col.detail"), requestDetail(sh, r)},
		}
		if r.OtherAddress {
			rows = append(rows, kvRow{sh.T("request_guide.destination"), addressText(sh, r.SendTo)})
		}
		b.WriteString(kvTable(sh, append(rows, kvRow{sh.T("requests.col.state"), requestState(sh, r)}), width) + "\n\n")
	}
	return b.String(), -1
}

// requestState is where a request stands in words: a done one says what was
// sent (the form of a change, the documents), not that the change is made.
func requestState(sh *common.Common, r core.Request) string {
	if r.State != core.RequestDone {
		return sh.T("requests.state." + string(r.State))
	}
	state := sh.T("requests.state.done." + string(r.Kind))
	if r.DoneAt != nil {
		state += " (" + sh.Date(*r.DoneAt) + ")"
	}
	return state
}

// requestDetail is what a request asks for, in a few words: the change
// chosen, or the documents and their copies.
func requestDetail(sh *common.Common, r core.Request) string {
	rc := sh.Svc.Catalog().Requests
	if r.Kind == core.RequestContractChange {
		name := r.Change
		if c, ok := rc.Change(r.Change); ok {
			name = requestChoiceName(sh, c)
		}
		if r.Description != "" {
			name += ": " + r.Description // stored text: kvTable shows it escaped
		}
		return name
	}
	var names []string
	for _, d := range r.Documents {
		if c, ok := rc.Document(d); ok {
			d = requestChoiceName(sh, c)
		}
		names = append(names, d)
	}
	return strings.Join(names, sh.T("common.list_sep")) + " " + sh.N("request_guide.copies_each", r.Copies, r.Copies)
}

// addDestination adds where the post goes: the registered address (shown)
// or another, typed with its postal code, address and addressee.
func addDestination(sh *common.Common, f *form.Form, label string, registered core.PostalAddress) {
	f.Choice(core.FieldRequestDestination, label, true, []form.Choice{
		{Value: core.DestinationRegistered, Label: sh.T("request_guide.dest.registered")},
		{Value: core.DestinationOther, Label: sh.T("request_guide.dest.other")},
	}, core.DestinationRegistered)
	f.Static(sh.T("request_guide.registered"), addressText(sh, registered))
	hint := sh.T("request_guide.other_hint")
	f.Text(core.FieldRequestPostal, sh.T("request_guide.postal"), false, 8, "").Hint = hint
	f.Text(core.FieldRequestAddress, sh.T("request_guide.address"), false, core.RequestAddressMax, "").Hint = hint
	f.Text(core.FieldRequestName, sh.T("request_guide.name"), false, core.RequestNameMax, "").Hint = hint
}

// destinationOf reads what addDestination asks into the request.
func destinationOf(f *form.Form, in *core.NewRequest) {
	in.Destination, in.Postal = f.Value(core.FieldRequestDestination), f.Value(core.FieldRequestPostal)
	in.Address, in.Name = f.Value(core.FieldRequestAddress), f.Value(core.FieldRequestName)
}

// requestChoiceName is a catalog choice of the request forms in the session's language.
func requestChoiceName(sh *common.Common, c core.RequestChoice) string {
	if sh.Msg.Lang() == "en" && c.NameEn != "" {
		return c.NameEn
	}
	return c.Name
}

// addressText is where a request's post goes: 〒105-0011 東京都… 鈴木 花子 様.
func addressText(sh *common.Common, a core.PostalAddress) string {
	text := a.Address
	if a.Postal != "" {
		text = sh.T("request.postal_address", a.Postal, a.Address)
	}
	if a.Name != "" {
		// The addressee on a line of its own, as on an envelope; a no-break
		// space keeps 様 with the name.
		text += "\n" + strings.ReplaceAll(sh.T("request.addressee", a.Name), " ", "\u00a0")
	}
	return text
}

// openRows say how many requests wait, against the catalog's bound.
func openRows(sh *common.Common, v core.RequestFormView) []kvRow {
	return []kvRow{{sh.T("request.open_count"), sh.T("request.open_value", v.Open, v.OpenMax)}}
}

// requestRefused takes core's refusal of a request by the bound on waiting
// requests (a race with another session: the form was laid out under it),
// which it words on top; the step stays where it is, its focus on the
// first field (first) so that the top, and the refusal, is in view.
func requestRefused(f *flow.Flow, msg tea.Msg, first string) (tea.Cmd, bool) {
	var err error
	switch m := msg.(type) {
	case flow.CheckedMsg:
		err = m.Err
	case flow.SavedMsg:
		err = m.Err
	default:
		return nil, false
	}
	var re *core.RequestError
	if !errors.As(err, &re) || re.Code != core.RequestOpenLimit {
		return nil, false
	}
	f.Busy = false
	f.Err = f.Common.T("request.error.open-limit", re.Max)
	if f.Form != nil {
		return f.Form.FocusField(first), true
	}
	return nil, true
}

// writeRequestDone writes the head of a request's complete step: that it was
// received, the mail, its number and day.
func writeRequestDone(b *strings.Builder, sh *common.Common, width int, r core.RequestResult, done string) {
	b.WriteString(sh.St.Success.Render(sh.Wrap(width, sh.T(done))) + "\n")
	if r.MailedTo != "" {
		b.WriteString(sh.Wrap(width, sh.T("request.mail_sent", r.MailedTo)) + "\n")
	}
	b.WriteString("\n" + kvTable(sh, []kvRow{
		{sh.T("request.number"), r.Request.Number},
		{sh.T("request.received_on"), sh.Date(r.Request.RequestedAt)},
	}, width) + "\n\n")
}
