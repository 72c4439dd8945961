package main

import (
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"mypage/core"
)

// Debit schedules cover the years whose bank holidays core knows.
const (
	debitFirstYear = 2000
	debitLastYear  = 2099
)

func newDebitScheduleCmd(g *globals) *cobra.Command {
	var year string
	cmd := &cobra.Command{
		Use:   "debit-schedule --year YYYY",
		Short: "Print the auto-debit day and the retry day of every month of a year",
		Long: "debit-schedule prints, for each month of the year, the auto-debit (口座振替) day —\n" +
			"the 25th, or the next bank business day when the 25th is not one — and the day a\n" +
			"failed debit is retried, 7 business days later. One line per month:\n" +
			"  YYYY-MM debit YYYY-MM-DD retry YYYY-MM-DD\n" +
			"It reads no database.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			y, err := parseDebitYear(year)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			for mo := time.January; mo <= time.December; mo++ {
				m := core.Month{Year: y, Month: mo}
				debit := core.DebitDate(m)
				if _, err := fmt.Fprintf(w, "%s debit %s retry %s\n", m,
					debit.Format(time.DateOnly), core.RetryDate(debit).Format(time.DateOnly)); err != nil {
					return err
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&year, "year", "", fmt.Sprintf("the year, `YYYY` (%d–%d)", debitFirstYear, debitLastYear))
	return cmd
}

// parseDebitYear reads the --year flag: four digits within the years of the holiday calendar.
func parseDebitYear(s string) (int, error) {
	if s == "" {
		return 0, fmt.Errorf("--year is required: the year of the schedule, YYYY")
	}
	y, err := strconv.Atoi(s)
	if err != nil || len(s) != 4 || s[0] == '+' || s[0] == '-' {
		return 0, fmt.Errorf("--year: %q is not a year in the form YYYY", s)
	}
	if y < debitFirstYear || y > debitLastYear {
		return 0, fmt.Errorf("--year: %d is outside %d–%d, the years of the bank holiday calendar", y, debitFirstYear, debitLastYear)
	}
	return y, nil
}
