package tui

import (
	"errors"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/flow"
	"mypage/tui/form"
)

// withdrawScreen is "退会" (SPEC §11.4, seed 002): while anything blocks the
// withdrawal, the list of what does and from which day it becomes possible;
// else the notes with the agreement (注意事項と同意) → the final confirmation
// (はい) → the completion with its number and mail, after which the session
// returns to the login screen. Core decides every block and every day.
type withdrawScreen struct {
	flow.Flow
	sh     *common.Common
	view   core.WithdrawalView
	result core.WithdrawalResult
}

type withdrawLoadedMsg struct {
	v   core.WithdrawalView
	err error
}

func newWithdrawScreen(sh *common.Common) *withdrawScreen {
	s := &withdrawScreen{sh: sh}
	// After the completion the session is over: its logins no longer work.
	s.Flow = flow.Flow{Common: sh, Cancel: common.Send(common.BackToMenuMsg{}),
		Finish: common.Send(common.SessionEndedMsg{Withdrawn: true})}
	s.Check = func() flow.Job {
		agreed := s.Form.Checked(core.FieldAgree)
		return func() (any, error) { return sh.Svc.CheckWithdraw(sh.HolderOrStepUp(), agreed) }
	}
	s.Submit = func(token string) flow.Job {
		agreed := s.Form.Checked(core.FieldAgree)
		return func() (any, error) { return sh.Svc.Withdraw(sh.HolderOrStepUp(), token, agreed) }
	}
	s.Saved = func(v any) { s.result, _ = v.(core.WithdrawalResult) }
	return s
}

func (s *withdrawScreen) Init() tea.Cmd {
	sh := s.sh
	return func() tea.Msg {
		v, err := sh.Svc.WithdrawalCheck(sh.HolderOrStepUp())
		return withdrawLoadedMsg{v: v, err: err}
	}
}

func (s *withdrawScreen) build() {
	sh := s.sh
	if len(s.view.Blocks) > 0 {
		s.Form = nil // nothing to agree to: the screen lists what blocks it
		return
	}
	f := form.New(sh, sh.T("button.next"), sh.T("button.back"))
	f.Notes(sh.T("common.notes"), s.notes()...)
	f.Check(core.FieldAgree, sh.T("withdraw.agree_label"), sh.T("common.agree"), true)
	s.Form = f
}

// notes are seed 002's 注意事項: a cancel is not a withdrawal, which logins
// stop, what is kept, and where the completion mail goes.
func (s *withdrawScreen) notes() []string {
	sh, v := s.sh, s.view
	logins := sh.T("withdraw.note.logins_none", v.Number)
	if len(v.Accounts) > 0 {
		logins = sh.T("withdraw.note.logins", v.Number, strings.Join(v.Accounts, ", "))
	}
	mail := sh.T("withdraw.note.no_mail")
	if v.MailTo != "" {
		mail = sh.T("withdraw.note.mail", v.MailTo)
	}
	return []string{sh.T("withdraw.note.difference"), logins, sh.T("withdraw.note.sessions"),
		sh.T("withdraw.note.records"), sh.T("withdraw.note.callbacks"), mail, sh.T("withdraw.note.undo")}
}

func (s *withdrawScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case withdrawLoadedMsg:
		return s, s.AfterLoad(m.err, func() { s.view = m.v; s.build() })
	case flow.CheckedMsg:
		if s.blockedNow(m.Err) {
			return s, nil
		}
		cmd, _ := s.Flow.Handle(msg)
		if s.Step == flow.Confirm {
			s.Btn = 1 // the way back first: はい is chosen, never reached by a second Enter
		}
		return s, cmd
	case flow.SavedMsg:
		if s.blockedNow(m.Err) {
			return s, nil
		}
	case tea.KeyMsg:
		if cmd, ok := backOnly(&s.Flow, msg); ok {
			return s, cmd
		}
	}
	cmd, _ := s.Flow.Handle(msg)
	return s, cmd
}

// blockedNow takes core's refusal when something came to block the
// withdrawal since the screen was read: the screen lists it instead.
func (s *withdrawScreen) blockedNow(err error) bool {
	blocks := core.WithdrawalBlocksOf(err)
	if len(blocks) == 0 {
		return false
	}
	s.Busy, s.Step, s.Form = false, flow.Input, nil
	s.view.Blocks = blocks
	s.view.Lead, s.view.Final = core.WithdrawalLead(blocks), core.FinalStatementOf(blocks, s.sh.Svc.Now())
	s.Err = s.sh.T("withdraw.now_blocked")
	return true
}

// View renders the body at the width SetSize gave.
func (s *withdrawScreen) View() string { return s.Show(s.render) }

func (s *withdrawScreen) render(width int) (string, int) {
	sh := s.sh
	titles := []string{"withdraw.title", "withdraw.title_confirm", "withdraw.title_done"}
	var b strings.Builder
	if !s.Head(&b, sh.T(titles[s.Step]), width) {
		return b.String(), 0
	}
	switch s.Step {
	case flow.Confirm:
		b.WriteString(sh.St.Warning.Render(sh.Wrap(width, sh.T("withdraw.confirm_lead", s.view.Number))) + "\n\n")
		b.WriteString(sh.Notes(width, sh.T("withdraw.note.undo")) + "\n\n")
		b.WriteString(s.ConfirmButtons(sh.T("withdraw.button.yes"), sh.T("button.back_to_input")))
		return b.String(), strings.Count(b.String(), "\n")
	case flow.Complete:
		r := s.result
		b.WriteString(sh.St.Success.Render(sh.Wrap(width, sh.T("withdraw.done"))) + "\n")
		if r.MailedTo != "" {
			b.WriteString(sh.Wrap(width, sh.T("withdraw.mailed", r.MailedTo)) + "\n")
		}
		b.WriteString("\n" + kvTable(sh, []kvRow{
			{sh.T("withdraw.number"), r.Withdrawal.Number},
			{sh.T("header.number"), r.Contract},
			{sh.T("withdraw.date"), sh.Date(r.Withdrawal.At)},
		}, width) + "\n\n")
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("withdraw.done_next"))) + "\n\n")
		b.WriteString(sh.Buttons(0, sh.T("withdraw.button.to_login")))
		return b.String(), strings.Count(b.String(), "\n")
	}
	if s.Form == nil {
		// The list is what to read: the body opens at its top.
		s.renderBlocks(&b, width)
		b.WriteString(sh.Buttons(0, sh.T("button.back")))
		return b.String(), 0
	}
	lead := sh.St.Muted.Render(sh.Wrap(width, sh.T("withdraw.notes_lead"))) + "\n\n"
	top := strings.Count(b.String(), "\n") + strings.Count(lead, "\n")
	body, focus := s.Form.View(width)
	b.WriteString(lead + body)
	return b.String(), top + focus
}

// renderBlocks lists what blocks the withdrawal, each with what it is, its
// state, and the day withdrawal becomes possible or what is to be done first.
func (s *withdrawScreen) renderBlocks(b *strings.Builder, width int) {
	sh := s.sh
	// The first sentence names what blocks: services, unpaid bills, the line.
	lead := "withdraw.blocked_lead"
	if s.view.Lead != "" && s.view.Lead != core.WithdrawLeadServices {
		lead += "." + s.view.Lead
	}
	b.WriteString(sh.Wrap(width, sh.T(lead)) + "\n")
	if from, ok := core.WithdrawalPossibleFrom(s.view.Blocks); ok {
		b.WriteString(sh.St.Warning.Render(sh.Wrap(width, sh.T("withdraw.possible", sh.Date(from.Time)))) + "\n")
	} else {
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("withdraw.not_yet"))) + "\n")
	}
	if f := s.view.Final; f != nil {
		// The last month of use is billed after it: that day is not all.
		b.WriteString(sh.Notes(width, sh.T("withdraw.final_statement", planMonth(sh, f.Month), sh.Date(f.Issued.Time))) + "\n")
	}
	b.WriteString("\n" + sh.Section(sh.T("withdraw.blocks")) + "\n")
	for _, bl := range s.view.Blocks {
		// The name on a line of its own, its state and day below: a state
		// after a long name would break in the middle of a word.
		name, state := s.blockName(bl)
		kind := sh.T("withdraw.kind." + bl.Kind)
		if bl.State == core.OwedEstimate {
			kind = sh.T("withdraw.kind.owed_estimate")
		}
		b.WriteString(sh.Wrap(width, kind+": "+name) + "\n")
		b.WriteString(sh.Notes(width, sh.T("withdraw.state_when", state, s.blockWhen(bl))) + "\n")
	}
	b.WriteString("\n")
}

// blockName is the name of a block and its state in the session's language.
func (s *withdrawScreen) blockName(bl core.WithdrawalBlock) (string, string) {
	sh := s.sh
	cat := sh.Svc.Catalog()
	switch bl.Kind {
	case core.WithdrawBlockPlan:
		name := core.EscapeLine(bl.Code)
		if p, ok := cat.Plan(bl.Code); ok {
			name = sh.PlanName(p)
		}
		return name, sh.T("plan.state." + bl.State)
	case core.WithdrawBlockOption:
		name := core.EscapeLine(bl.Code)
		if o, ok := cat.Option(bl.Code); ok {
			name = sh.OptionName(o)
		}
		if bl.Account != "" {
			name += " (" + core.EscapeLine(bl.Account) + ")"
		}
		state := sh.T("option." + bl.State)
		if bl.State == string(core.OptionCancellingTerm) && bl.End != nil {
			state = sh.T("withdraw.state.until", sh.T("plan.state.cancelling"), sh.Date(bl.End.Time))
		}
		return name, state
	case core.WithdrawBlockOwed:
		// A statement's total is tax included: the amount carries no (税別).
		if bl.State == core.OwedEstimate {
			return sh.T("withdraw.owed_name_estimate", planMonth(sh, bl.Month)),
				sh.T("withdraw.owed_value_estimate", sh.T("common.yen_plain", common.GroupDigits(bl.Remaining)), sh.Date(bl.Due))
		}
		return sh.T("withdraw.owed_name", planMonth(sh, bl.Month)),
			sh.T("withdraw.owed_value", sh.T("common.yen_plain", common.GroupDigits(bl.Remaining)), sh.Date(bl.Due))
	case core.WithdrawBlockLine:
		if bl.State == core.LineCancelled && bl.End != nil {
			return sh.Header.ContractType, sh.T("withdraw.line.cancelled", sh.Date(bl.End.Time))
		}
		// The line is the connection of the contract type (the header's, escaped).
		return sh.Header.ContractType, sh.T("withdraw.line.active")
	}
	return core.EscapeLine(bl.Kind), core.EscapeLine(bl.State)
}

// blockWhen says from which day the block allows the withdrawal, or what is
// to be done first.
func (s *withdrawScreen) blockWhen(bl core.WithdrawalBlock) string {
	sh := s.sh
	switch {
	case bl.From != nil:
		return sh.T("withdraw.from", sh.Date(bl.From.Time))
	case bl.After == core.WithdrawAfterLineCancel:
		return sh.T("withdraw.after.line-cancel", sh.SupportInfo()...)
	}
	return sh.T("withdraw.after." + bl.After)
}

// The end watch: a session learns at once that its contract withdrew in
// another session of this process, and within core.DefaultEndPoll when
// another process (a kiosk, another front-end) withdrew it (core.Service.WatchEnd).

// endWatchMsg says that session gen has ended: its contract withdrew, or its
// customer password was reissued (why).
type endWatchMsg struct {
	gen int
	why error
}

// watchEnd starts the watch of the session just logged in. Its command waits,
// so it is one of the App's own timers (not tagged, and skipped by the tests
// that run commands one by one); its message carries the session it is for.
func (a *App) watchEnd() tea.Cmd {
	a.releaseEnd()
	ended, stop := a.sh.Svc.WatchEnd(a.sh.Who)
	released := make(chan struct{})
	a.endWatch = func() {
		stop()
		close(released)
	}
	return a.timer(waitEnd(a.session, ended, released))
}

// waitEnd returns endWatchMsg when the session ends (its contract withdraws,
// its customer password is reissued), nothing once the watch is released. Not inlined, so that every such command has the one
// code address by which a test driver knows it waits.
//
//go:noinline
func waitEnd(gen int, ended <-chan error, released <-chan struct{}) tea.Cmd {
	return func() tea.Msg {
		select {
		case why := <-ended:
			return endWatchMsg{gen: gen, why: why}
		case <-released:
			return nil
		}
	}
}

// endWatched ends the session the watch was for, as core's ErrWithdrawn or
// ErrPasswordReissued would at the next action.
func (a *App) endWatched(m endWatchMsg) tea.Cmd {
	if m.gen != a.session || !a.loggedIn {
		return nil // a session that has ended meanwhile
	}
	if errors.Is(m.why, core.ErrPasswordReissued) {
		return a.endSession("reissued")
	}
	return a.endSession("withdrawn")
}

// releaseEnd releases the watch of the session, if any: at logout, at the
// end of the session and of the program, so that no watch is left behind.
func (a *App) releaseEnd() {
	if a.endWatch != nil {
		a.endWatch()
		a.endWatch = nil
	}
}

// Close releases what the session holds in the service (its end watch and
// its watch of the bulletins);
// a server calls it when the program of a connection has ended.
func (a *App) Close() {
	a.releaseEnd()
	a.releaseBulletins()
	a.closeOnce.Do(func() { close(a.closed) })
}

// endReason is the reason a SessionEndedMsg ends the session with.
func endReason(m common.SessionEndedMsg) string {
	if m.Withdrawn {
		return "withdrawn"
	}
	if m.Reissued {
		return "reissued"
	}
	return "session-ended"
}
