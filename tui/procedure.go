package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/tui/common"
	"mypage/tui/flow"
)

// procedurePage is what a procedure screen on the plan services (プラン変更,
// 契約更新・再契約, ご解約) gives renderProcedure: the prefix of its texts
// (<texts>.title, .title_confirm, .title_done, .none, .cannot_lead) and the
// parts that are its own.
type procedurePage struct {
	texts string
	// empty: the contract has no plan service to choose from.
	empty bool
	// cannot lists, when no form could be laid out, each plan service with
	// why it cannot go on now.
	cannot                   func() []kvRow
	input, confirm, complete func(b *strings.Builder, width int) (string, int)
}

// renderProcedure renders what the plan procedure screens share: the title
// of the step and the head, then the screen's confirm or complete step, or
// its input step — unless there is nothing to choose, or nothing can go on
// now, which the screen says with only the way back.
func renderProcedure(f *flow.Flow, width int, p procedurePage) (string, int) {
	sh := f.Common
	var b strings.Builder
	title := sh.T(p.texts + ".title")
	switch f.Step {
	case flow.Confirm:
		title = sh.T(p.texts + ".title_confirm")
	case flow.Complete:
		title = sh.T(p.texts + ".title_done")
	}
	if !f.Head(&b, title, width) {
		return b.String(), 0
	}
	switch f.Step {
	case flow.Confirm:
		return p.confirm(&b, width)
	case flow.Complete:
		return p.complete(&b, width)
	}
	if p.empty {
		b.WriteString(sh.Wrap(width, sh.T(p.texts+".none")) + "\n\n")
		b.WriteString(sh.Buttons(0, sh.T("button.back")))
		return b.String(), strings.Count(b.String(), "\n")
	}
	if f.Form == nil {
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T(p.texts+".cannot_lead"))) + "\n\n")
		b.WriteString(kvTable(sh, p.cannot(), width) + "\n\n")
		b.WriteString(sh.Buttons(0, sh.T("button.back")))
		return b.String(), strings.Count(b.String(), "\n")
	}
	return p.input(&b, width)
}

// backOnly takes a key on the input step of a procedure screen that could lay
// out no form: Enter goes back to the menu, any other key does nothing. ok is
// false when the key is not for it (a form, another step, not loaded yet).
func backOnly(f *flow.Flow, msg tea.Msg) (cmd tea.Cmd, ok bool) {
	k, isKey := msg.(tea.KeyMsg)
	if !isKey || !f.Loaded || f.Form != nil || f.Step != flow.Input {
		return nil, false
	}
	if key.Matches(k, f.Common.Keys.Enter) {
		return common.Send(common.BackToMenuMsg{}), true
	}
	return nil, true
}
