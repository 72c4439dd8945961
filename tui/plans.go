package tui

import (
	"time"

	"mypage/core"
	"mypage/tui/common"
)

// The words of the plan services (SPEC §3.3) that more than one screen shows.

// planCycle is 月払い or 年払い.
func planCycle(sh *common.Common, p core.Plan) string { return sh.T("plan.cycle." + p.Cycle) }

// planPrice is a price of the plan's cycle: 月額 975 円 (税別), 年額 16,500 円 (税別).
func planPrice(sh *common.Common, cycle string, price int64) string {
	return sh.T("plan.price."+cycle, sh.Yen(price))
}

// planMonth shows a month as 2026年12月 / December 2026.
func planMonth(sh *common.Common, m core.Month) string {
	return sh.T("plan.month", m.Year, int(m.Month), m.Month.String())
}

// planMonthText shows a month core wrote as YYYY-MM; "" stays "".
func planMonthText(sh *common.Common, s string) string {
	m, err := core.ParseMonth(s)
	if err != nil {
		return s
	}
	return planMonth(sh, m)
}

// planTerm is a term from its first to its last day: 2026/11/22 ～ 2027/11/21.
func planTerm(sh *common.Common, start, end time.Time) string {
	return sh.T("plan.term", sh.Date(start), sh.Date(end))
}

// renewalText is a plan's renewal notice (SPEC §11.3) in one paragraph: its
// term end and the days left, the recommended time, and what auto-renew does.
func renewalText(sh *common.Common, v core.PlanView) string {
	n := v.Renewal
	name, end := sh.PlanName(v.Plan), sh.Date(n.TermEnd.Time)
	var s string
	if n.DaysLeft == 0 {
		s = sh.T("renewal.ends_today", name, end)
	} else {
		s = sh.N("renewal.ends", n.DaysLeft, name, end, n.DaysLeft)
	}
	sep := sh.T("renewal.sep")
	if n.Recommended {
		s += sep + sh.T("renewal.recommended")
	}
	if n.AutoRenew && n.RenewsOn != nil {
		fee := planPrice(sh, v.Plan.Cycle, n.Fee)
		if n.Years > 1 && v.Plan.Annual() {
			fee = sh.T("renewal.fee_years", n.Years, sh.Yen(n.Fee)) // the whole term, in advance
		}
		return s + sep + sh.T("renewal.auto_on", sh.Date(n.RenewsOn.Time), fee)
	}
	if n.LapsesOn != nil {
		return s + sep + sh.T("renewal.auto_off_on", sh.Date(n.LapsesOn.Time))
	}
	return s + sep + sh.T("renewal.auto_off")
}
