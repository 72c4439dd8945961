package tui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"

	"mypage/core"
	"mypage/tui/common"
)

// standingBanner names each suspension of the contract and what to do about
// it: pay the month unpaid (the payee, where a transfer is taken), wait for
// the retry debit, or re-contract the plan whose term ended; and, while the
// contract's paid services are stopped, which services those are. "" in good
// standing.
func standingBanner(sh *common.Common, st core.Standing, width int) string {
	var lines []string
	say := func(style lipgloss.Style, text string) { lines = append(lines, style.Render(sh.Wrap(width, text))) }
	// item is one line of a list, with a hanging indent.
	item := func(text string) {
		lines = append(lines, lipgloss.JoinHorizontal(lipgloss.Top, sh.St.Value.Render("- "), sh.St.Value.Render(sh.Wrap(width-2, text))))
	}
	var unpaid []core.SuspendReason
	for _, r := range st.Reasons {
		if r.Code == core.StandingUnpaid {
			unpaid = append(unpaid, r)
		}
	}
	switch {
	case len(unpaid) == 1:
		r := unpaid[0]
		say(sh.St.Error, sh.T("standing.banner.unpaid", sh.Month(r.Month), sh.Date(r.Due.Time), sh.Date(r.Since.Time)))
		switch {
		case !st.Figures:
		case r.Remaining < r.Total:
			say(sh.St.Value, sh.T("standing.banner.owed_partial", yenIncl(sh, r.Remaining), common.GroupDigits(r.Total),
				common.GroupDigits(r.Total-r.Remaining)))
		default:
			say(sh.St.Value, sh.T("standing.banner.owed", yenIncl(sh, r.Remaining)))
		}
	case len(unpaid) > 1:
		// One paragraph for the months together, suspended since the first;
		// each month on a line of its own, then the sum.
		first := unpaid[0]
		say(sh.St.Error, sh.N("standing.banner.unpaid_many", len(unpaid)-1, sh.Month(first.Month), len(unpaid)-1, sh.Date(first.Since.Time)))
		for _, r := range unpaid {
			switch {
			case !st.Figures:
				item(sh.T("standing.banner.month_due", sh.Month(r.Month), sh.Date(r.Due.Time)))
			case r.Remaining < r.Total:
				item(sh.T("standing.banner.month_owed_partial", sh.Month(r.Month), yenIncl(sh, r.Remaining),
					common.GroupDigits(r.Total), common.GroupDigits(r.Total-r.Remaining), sh.Date(r.Due.Time)))
			default:
				item(sh.T("standing.banner.month_owed", sh.Month(r.Month), yenIncl(sh, r.Remaining), sh.Date(r.Due.Time)))
			}
		}
		if st.Figures {
			say(sh.St.Value, sh.T("standing.banner.owed_total", yenIncl(sh, st.Owed)))
		}
	}
	for _, r := range unpaid {
		if r.Debit == core.CollectionRetryPending && !r.Transfer {
			// The bank debits it again: a transfer is not taken meanwhile.
			say(sh.St.Value, sh.T("standing.banner.retry", sh.Date(r.Due.Time)))
		}
	}
	if st.Unpaid() {
		switch {
		case !st.Figures:
			say(sh.St.Value, sh.T("standing.banner.ask"))
		case st.Payee != nil:
			p := st.Payee
			say(sh.St.Value, sh.T("standing.banner.pay",
				p.Bank+" "+p.Branch+" "+bankType(sh, p.AccountType)+" "+p.AccountNumber+" "+p.AccountHolder))
		}
	}
	for _, r := range st.Reasons {
		if r.Code == core.StandingLapsed {
			if len(lines) > 0 {
				lines = append(lines, "") // apart from the other reasons
			}
			key := "standing.banner.lapsed"
			if r.Membership {
				key = "standing.banner.lapsed_membership"
			}
			say(sh.St.Error, sh.T(key, sh.StandingPlan(r), sh.Date(r.TermEnd.Time), sh.Date(r.Since.Time)))
			if core.Can(sh.Who, core.FnRenew) {
				say(sh.St.Value, sh.T("standing.banner.recontract"))
			} else {
				// A user ID has no 各種手続き: the holder or an admin ID re-contracts.
				say(sh.St.Value, sh.T("standing.banner.recontract_ask"))
			}
		}
	}
	if len(st.Stopped) > 0 {
		// The plan rows still say 利用中: the banner names what is stopped.
		say(sh.St.Value, sh.T("standing.banner.stopped", sh.StoppedText(st.Stopped)))
	}
	return strings.Join(lines, "\n")
}
