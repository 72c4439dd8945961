package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"mypage/core"
)

// maxWithinDays bounds --within: ten years of days.
const maxWithinDays = 3660

func newRenewalsCmd(g *globals) *cobra.Command {
	var within string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "renewals",
		Short: "List the plan services whose term ends soon, with their auto-renew setting",
		Long: "renewals lists every plan service in use whose current term ends within --within\n" +
			"days from today (JST, on the service clock; the end day included, 0d = ends today),\n" +
			"soonest first: the contract, its holder, the plan, the term end, the days left,\n" +
			"whether it is the recommended time to renew (from two months through one month\n" +
			"before the end, SPEC §11.3), auto-renew and the fee the renewal bills\n" +
			"(tax-excluded). A plan being cancelled, applying or ended is not listed.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			days, err := parseWithin(within)
			if err != nil {
				return err
			}
			svc, db, err := g.openReadOnly()
			if err != nil {
				return err
			}
			defer db.Close()
			due, err := svc.RenewalsDue(operator, days)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), due)
			}
			return printRenewals(cmd.OutOrStdout(), svc.Catalog(), g.lang, days, due)
		},
	}
	cmd.Flags().StringVar(&within, "within", "60d", "the window in days, `Nd` (e.g. 60d)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the list as JSON")
	return cmd
}

// parseWithin reads "60d": a whole number of days; any other unit is refused.
func parseWithin(s string) (int, error) {
	num, unit := strings.TrimSpace(s), ""
	if i := strings.IndexFunc(num, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
		num, unit = num[:i], num[i:]
	}
	if unit != "d" {
		if num != "" && unit == "" {
			return 0, fmt.Errorf("--within: %s has no unit; give days, e.g. %sd", quoted(s), num)
		}
		return 0, fmt.Errorf("--within: %s is not a number of days; give days with the unit d, e.g. 60d (no other unit is accepted)", quoted(s))
	}
	n, err := strconv.Atoi(num)
	if err != nil || n > maxWithinDays {
		return 0, fmt.Errorf("--within: %s is not a number of days from 0d to %dd", quoted(s), maxWithinDays)
	}
	return n, nil
}

func printRenewals(w io.Writer, cat *core.Catalog, lang string, days int, due []core.RenewalDue) error {
	fmt.Fprintf(w, "Plan terms ending within %d days (%d)\n", days, len(due))
	if len(due) == 0 {
		return nil
	}
	rows := [][]string{}
	for _, d := range due {
		renew, fee := "off", "-"
		if d.AutoRenew {
			renew = "on, " + d.RenewsOn.String()
			fee = yenAmount(d.Fee)
		}
		rows = append(rows, []string{d.Contract, d.Holder, d.Service, fmt.Sprintf("%s (%s)", planName(cat, lang, d.Plan), d.Plan),
			d.TermEnd.String(), fmt.Sprint(d.DaysLeft), yesNo(d.Recommended), renew, fee})
	}
	return printTable(w, []string{"CONTRACT", "HOLDER", "ID", "PLAN", "TERM END", "DAYS LEFT", "RECOMMENDED", "AUTO-RENEW", "RENEWAL FEE"}, rows)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// renewalText is a plan's renewal notice in one line (admin contract show).
func renewalText(n core.RenewalNotice) string {
	s := fmt.Sprintf("term ends %s (%d days left)", n.TermEnd, n.DaysLeft)
	if n.Recommended {
		s += ", the recommended time to renew"
	}
	if n.AutoRenew {
		return s + fmt.Sprintf("; auto-renew on: renews %s, billed %s (tax-excluded)", n.RenewsOn, yenAmount(n.Fee))
	}
	return s + "; auto-renew off"
}
