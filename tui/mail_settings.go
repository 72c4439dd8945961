package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/flow"
	"mypage/tui/form"
)

// The three settings of an account ID: their names prefix their catalog keys.
const (
	mailForward = "mail-forward"
	autoReply   = "auto-reply"
	webSpace    = "web-space"
)

// mailSettingScreen is one settings procedure of a provider address (SPEC §5.2):
// メール転送設定, メール自動返信設定 or Webスペース登録. They share the loading of the
// account ID and the flow; what differs is the form and the call to core.
type mailSettingScreen struct {
	flow.Flow
	sh      *common.Common
	kind    string // mailForward, autoReply or webSpace
	account string
	detail  core.AccountDetail
	result  string // the homepage address after a web space registration
}

func newMailSettingScreen(sh *common.Common, kind, account string) *mailSettingScreen {
	back := open(routeAccountOptions{expand: account})
	s := &mailSettingScreen{sh: sh, Flow: flow.Flow{Common: sh, Cancel: back, Finish: back}, kind: kind, account: account}
	forward := func() core.Forward {
		return core.Forward{To: s.Form.Value(core.FieldForwardTo), KeepCopy: s.Form.Value("keep") == "yes"}
	}
	reply := func() core.AutoReply {
		return core.AutoReply{On: s.Form.Value("reply_on") == "on", Message: s.Form.Value(core.FieldReplyText),
			From: s.Form.Value(core.FieldReplyFrom), Until: s.Form.Value(core.FieldReplyUntil)}
	}
	switch kind {
	case mailForward:
		s.Check = func() flow.Job {
			f := forward()
			return func() (any, error) { return nil, sh.Svc.CheckForward(sh.Who, account, f) }
		}
	case autoReply:
		s.Check = func() flow.Job {
			r := reply()
			return func() (any, error) { return nil, sh.Svc.CheckAutoReply(sh.Who, account, r) }
		}
	}
	s.Submit = func(token string) flow.Job {
		switch kind {
		case mailForward:
			f := forward()
			return func() (any, error) { return nil, sh.Svc.SetForward(sh.Who, token, account, f) }
		case autoReply:
			r := reply()
			return func() (any, error) { return nil, sh.Svc.SetAutoReply(sh.Who, token, account, r) }
		}
		return func() (any, error) { return sh.Svc.RegisterWebSpace(sh.Who, token, account) }
	}
	s.Saved = func(v any) {
		if addr, ok := v.(string); ok {
			s.result = addr
		}
	}
	return s
}

func (s *mailSettingScreen) Init() tea.Cmd {
	sh := s.sh
	return func() tea.Msg {
		d, err := sh.Svc.AccountDetails(sh.Who)
		return accountDetailsMsg{d: d, err: err}
	}
}

func (s *mailSettingScreen) build() {
	sh, d := s.sh, s.detail
	if s.kind == webSpace {
		s.StartAtConfirm()
		s.Btn = 0 // registering is the purpose of the page, not a risk
		return
	}
	f := form.New(sh, sh.T("button.next"), sh.T("button.cancel"))
	f.Static(sh.T("account.id"), s.account)
	f.Static(sh.T("accounts.col.mail"), d.Account.Mail)
	switch s.kind {
	case mailForward:
		to, keep := "", "yes"
		if d.Forward != nil {
			to = d.Forward.To
			if !d.Forward.KeepCopy {
				keep = "no"
			}
		}
		fl := f.Text(core.FieldForwardTo, sh.T("forward.to"), false, core.TextLimit(core.FieldForwardTo), to)
		fl.Hint = sh.T("forward.hint")
		f.Choice("keep", sh.T("forward.keep"), true, []form.Choice{{Value: "yes", Label: sh.T("forward.keep.yes")}, {Value: "no", Label: sh.T("forward.keep.no")}}, keep)
	case autoReply:
		r := core.AutoReply{}
		if d.AutoReply != nil {
			r = *d.AutoReply
		}
		on := "off"
		if r.On {
			on = "on"
		}
		f.Choice("reply_on", sh.T("reply.state"), true, []form.Choice{{Value: "on", Label: sh.T("detail.on")}, {Value: "off", Label: sh.T("detail.off")}}, on)
		f.Text(core.FieldReplyText, sh.T("reply.message"), false, core.TextLimit(core.FieldReplyText), r.Message)
		fl := f.Text(core.FieldReplyFrom, sh.T("reply.from"), false, 10, typedDate(sh, r.From))
		fl.Hint = sh.T("reply.date_hint")
		fl = f.Text(core.FieldReplyUntil, sh.T("reply.until"), false, 10, typedDate(sh, r.Until))
		fl.Hint = sh.T("reply.date_hint")
	}
	s.Form = f
}

func (s *mailSettingScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(accountDetailsMsg); ok {
		err := m.err
		found := false
		for _, d := range m.d {
			if d.Account.ID == s.account {
				s.detail, found = d, true
			}
		}
		if err == nil && !found {
			err = core.ErrNotFound
		}
		return s, s.AfterLoad(err, s.build)
	}
	cmd, _ := s.Flow.Handle(msg)
	return s, cmd
}

// View renders the body at the width SetSize gave.
func (s *mailSettingScreen) View() string { return s.Show(s.render) }

func (s *mailSettingScreen) render(width int) (string, int) {
	sh := s.sh
	var b strings.Builder
	if !s.Head(&b, sh.T(s.kind+".title")+" "+sh.T("step."+[]string{"input", "confirm", "complete"}[s.Step]), width) {
		return b.String(), 0
	}
	top := strings.Count(b.String(), "\n")
	switch s.Step {
	case flow.Input:
		body, focus := s.Form.View(width)
		b.WriteString(body + "\n\n" + sh.Notes(width, sh.T(s.kind+".note")))
		return b.String(), top + focus
	case flow.Confirm:
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("confirm.lead", sh.T("button.register")))) + "\n\n")
		b.WriteString(kvTable(sh, s.rows(), width) + "\n\n")
		if s.kind == webSpace {
			b.WriteString(sh.Notes(width, sh.T(s.kind+".note")) + "\n\n")
		}
		back := sh.T("button.back_to_input")
		if s.kind == webSpace {
			back = sh.T("button.back") // it starts here: there is no input step to return to
		}
		b.WriteString(s.ConfirmButtons(sh.T("button.register"), back))
		return b.String(), strings.Count(b.String(), "\n")
	}
	b.WriteString(sh.St.Success.Render(sh.Wrap(width, sh.T("common.done"))) + "\n\n")
	b.WriteString(kvTable(sh, s.rows(), width) + "\n\n")
	b.WriteString(sh.Buttons(0, sh.T("button.to_account_options")))
	return b.String(), strings.Count(b.String(), "\n")
}

func (s *mailSettingScreen) rows() []kvRow {
	sh := s.sh
	rows := []kvRow{{sh.T("account.id"), s.account}, {sh.T("accounts.col.mail"), s.detail.Account.Mail}}
	switch s.kind {
	case mailForward:
		to := s.Form.Value(core.FieldForwardTo)
		if strings.TrimSpace(to) == "" {
			to = sh.T("detail.off")
		}
		rows = append(rows, kvRow{sh.T("forward.to"), to}, kvRow{sh.T("forward.keep"), sh.T("forward.keep." + s.Form.Value("keep"))})
	case autoReply:
		rows = append(rows, kvRow{sh.T("reply.state"), sh.T("detail." + s.Form.Value("reply_on"))},
			kvRow{sh.T("reply.message"), s.Form.Value(core.FieldReplyText)},
			kvRow{sh.T("reply.from"), typedDate(sh, s.Form.Value(core.FieldReplyFrom))},
			kvRow{sh.T("reply.until"), typedDate(sh, s.Form.Value(core.FieldReplyUntil))})
	case webSpace:
		addr := s.result
		if addr == "" {
			addr = sh.T("web-space.after")
		}
		rows = append(rows, kvRow{sh.T("detail.homepage"), addr})
	}
	return rows
}

// typedDate shows a date typed or stored as YYYY-MM-DD or YYYY/MM/DD as every
// screen shows a day (YYYY/MM/DD); anything else is shown as it is.
func typedDate(sh *common.Common, s string) string {
	if t, ok := core.ParseDate(s); ok {
		return sh.Date(t)
	}
	return s
}
