package common

import (
	"errors"
	"strings"

	"mypage/core"
)

// Month shows a month as 2026年5月 / May 2026.
func (sh *Common) Month(m core.Month) string {
	return sh.T("plan.month", m.Year, int(m.Month), m.Month.String())
}

// SuspendedText words core's refusal of a paid purchase while the contract's
// paid services are suspended: the months unpaid, the membership lapsed.
func (sh *Common) SuspendedText(err error) string {
	var se *core.SuspendedError
	if !errors.As(err, &se) || len(se.Reasons) == 0 {
		return sh.T("standing.refused_any")
	}
	var out []string
	if ms := sh.months(se.Reasons); ms != "" {
		out = append(out, sh.T("standing.refused", ms))
	}
	for _, r := range se.Reasons {
		if r.Code == core.StandingLapsed {
			out = append(out, sh.T("standing.refused_lapsed", sh.StandingPlan(r), sh.Date(r.TermEnd.Time)))
		}
	}
	if len(out) == 0 {
		return sh.T("standing.refused_any")
	}
	return strings.Join(out, sh.T("standing.sentence_sep"))
}

// StoppedText lists the services a suspension of the contract stops, in the
// session's language: VPS-2(Plesk)、UCOM光 リモートサポート.
func (sh *Common) StoppedText(ss []core.StoppedService) string {
	cat := sh.Svc.Catalog()
	var names []string
	for _, s := range ss {
		switch {
		case s.Option == "":
			if p, ok := cat.Plan(s.Plan); ok {
				names = append(names, sh.PlanName(p))
			} else {
				names = append(names, core.EscapeLine(s.Plan))
			}
		default:
			name := s.Option
			if o, ok := cat.Option(s.Option); ok {
				name = sh.OptionName(o)
			}
			if s.Account != "" {
				name = sh.T("standing.stopped_account", name, s.Account)
			}
			names = append(names, name)
		}
	}
	return strings.Join(names, sh.T("standing.sep"))
}

// months lists the months of the unpaid reasons: 2026年5月、2026年6月.
func (sh *Common) months(rs []core.SuspendReason) string {
	var ms []string
	for _, r := range rs {
		if r.Code == core.StandingUnpaid {
			ms = append(ms, sh.Month(r.Month))
		}
	}
	return strings.Join(ms, sh.T("standing.sep"))
}

// StandingHeader words the header's lines of a standing, each with its
// shorter form; a contract in good standing has none.
func (sh *Common) StandingHeader(st core.Standing) HeaderStanding {
	var h HeaderStanding
	var unpaid, lapsed []core.SuspendReason
	for _, r := range st.Reasons {
		switch r.Code {
		case core.StandingUnpaid:
			unpaid = append(unpaid, r)
		case core.StandingLapsed:
			lapsed = append(lapsed, r)
		}
	}
	if len(unpaid) > 0 {
		m := sh.Month(unpaid[0].Month)
		h.Unpaid, h.UnpaidShort = sh.T("standing.header.unpaid", m), sh.T("standing.header.unpaid_short", m)
		if len(unpaid) > 1 {
			h.Unpaid = sh.T("standing.header.unpaid_more", m, len(unpaid)-1)
		}
	}
	if len(lapsed) > 0 {
		name := sh.StandingPlan(lapsed[0])
		h.Lapsed, h.LapsedShort = sh.T("standing.header.lapsed", name, sh.Date(lapsed[0].TermEnd.Time)), sh.T("standing.header.lapsed_short")
		if len(lapsed) > 1 {
			h.Lapsed = sh.T("standing.header.lapsed_more", name, len(lapsed)-1)
		}
	}
	return h
}

// StandingPlan is the name of a lapsed reason's plan in the session's language.
func (sh *Common) StandingPlan(r core.SuspendReason) string {
	if p, ok := sh.Svc.Catalog().Plan(r.Plan); ok {
		return sh.PlanName(p)
	}
	return core.EscapeLine(r.Plan)
}
