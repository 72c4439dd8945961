package common

import (
	"errors"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

// Failure maps a core error to a screen message, and ends the session when core
// no longer knows the principal.
func (sh *Common) Failure(err error) (string, tea.Cmd) {
	switch {
	case errors.Is(err, core.ErrWithdrawn):
		return sh.T("error.withdrawn"), Send(SessionEndedMsg{Withdrawn: true})
	case errors.Is(err, core.ErrPasswordReissued):
		return sh.T("error.reissued"), Send(SessionEndedMsg{Reissued: true})
	case errors.Is(err, core.ErrSessionEnded):
		return sh.T("error.session_ended"), Send(SessionEndedMsg{})
	case errors.Is(err, core.ErrStepUpEnded):
		// Expired or ended: the billing screens ask for the customer number again.
		sh.Stepped, sh.StepUpEnded = core.Principal{}, true
		return sh.T("stepup.ended"), Send(StepUpEndedMsg{})
	case errors.Is(err, core.ErrForbidden):
		return sh.T("error.forbidden"), nil
	case errors.Is(err, core.ErrNotFound):
		return sh.T("error.not_found"), nil
	case errors.Is(err, core.ErrAlreadySubmitted):
		return sh.T("error.already_submitted"), nil
	case errors.Is(err, core.ErrLimitReached):
		return sh.T("error.limit"), nil
	case core.FieldProblems(err) != nil:
		return sh.T("error.invalid"), nil
	case errors.Is(err, core.ErrSuspended):
		return sh.SuspendedText(err), nil
	case errors.Is(err, core.ErrQuoteChanged):
		return sh.T("error.quote_changed"), nil
	case isDatabaseCondition(err):
		text, _ := sh.databaseCondition(err)
		return text, nil
	case errors.Is(err, core.ErrStopped):
		// The portal shuts down: the procedure was not started.
		return sh.T("app.shutdown"), nil
	case errors.Is(err, core.ErrClock):
		sh.Log.Error("procedure refused", "source", sh.Source, "err", err)
		return sh.T("error.clock"), nil
	}
	return sh.InternalError(err), nil
}

// BlockText explains why an action is not possible now.
func (sh *Common) BlockText(code, other string) string {
	if code == core.BlockExclusive {
		if o, ok := sh.Svc.Catalog().Option(other); ok {
			return sh.T("block.exclusive", sh.OptionName(o))
		}
	}
	return sh.T("block." + code)
}

// PlanBlockText explains why a plan change or an annual option is refused (a
// core.PlanError code).
func (sh *Common) PlanBlockText(code string) string {
	if code == core.PlanBlockFar {
		return sh.T("plan.block."+code, core.PlanChangeAhead)
	}
	return sh.T("plan.block." + code)
}

// PlanName is the catalog name of a plan in the session's language, escaped.
func (sh *Common) PlanName(p core.Plan) string {
	if sh.Msg.Lang() == "en" && p.NameEn != "" {
		return core.EscapeLine(p.NameEn)
	}
	return core.EscapeLine(p.Name)
}

// OptionName is the catalog name of an option in the session's language, escaped.
func (sh *Common) OptionName(o core.Option) string {
	if sh.Msg.Lang() == "en" && o.NameEn != "" {
		return core.EscapeLine(o.NameEn)
	}
	return core.EscapeLine(o.Name)
}

// SupportInfo is the information centre of the catalog in the session's
// language: its name, phone and hours, as the catalog texts format them.
func (sh *Common) SupportInfo() []any {
	c := sh.Svc.Catalog().InformationCenter
	name, hours := c.Name, c.Hours
	if sh.Msg.Lang() == "en" {
		if c.NameEn != "" {
			name = c.NameEn
		}
		if c.HoursEn != "" {
			hours = c.HoursEn
		}
	}
	return []any{name, c.Phone, hours}
}
