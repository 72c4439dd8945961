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
	for _, r := range st.Reasons {
		if r.Code != core.StandingUnpaid {
			continue
		}
		say(sh.St.Error, sh.T("standing.banner.unpaid", sh.Month(r.Month), sh.Date(r.Due.Time), sh.Date(r.Since.Time)))
		switch {
		case !st.Figures:
		case r.Remaining < r.Total:
			say(sh.St.Value, sh.T("standing.banner.owed_partial", yenIncl(sh, r.Remaining), common.GroupDigits(r.Total),
				common.GroupDigits(r.Total-r.Remaining)))
		default:
			say(sh.St.Value, sh.T("standing.banner.owed", yenIncl(sh, r.Remaining)))
		}
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
		}
	}
	if len(st.Stopped) > 0 {
		// The plan rows still say 利用中: the banner names what is stopped.
		say(sh.St.Value, sh.T("standing.banner.stopped", sh.StoppedText(st.Stopped)))
	}
	return strings.Join(lines, "\n")
}
