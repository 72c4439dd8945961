package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"mypage/core"
)

// newLineCmd groups the back office's records about the internet line itself.
func newLineCmd(g *globals) *cobra.Command {
	line := &cobra.Command{
		Use:   "line",
		Short: "Record what the information center took by phone about the internet line",
	}
	line.AddCommand(newLineCancelCmd(g))
	return line
}

func newLineCancelCmd(g *globals) *cobra.Command {
	var date string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "cancel NUMBER --date YYYY-MM-DD",
		Short: "Record the cancellation of a contract's internet line, taken by phone",
		Long: "cancel records that the subscriber cancelled the internet line itself by phone\n" +
			"at the information center, with the line's last day. The line is cancelled only\n" +
			"this way (not on My Page); until it is recorded, it keeps the membership from\n" +
			"being withdrawn. The date may not be before the contract began nor more than\n" +
			fmt.Sprintf("%d days ahead; a contract's line is cancelled once.", core.LineCancelAhead),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			number := args[0]
			if date == "" {
				return errors.New("--date: required; the line's last day, YYYY-MM-DD (JST)")
			}
			day, err := time.ParseInLocation("2006-01-02", date, core.JST)
			if err != nil {
				return fmt.Errorf("--date: %s is not a day in the form YYYY-MM-DD", quoted(date))
			}
			svc, db, err := g.openDefault()
			if err != nil {
				return err
			}
			defer db.Close()
			lc, err := svc.CancelLine(operator, number, day)
			if errors.Is(err, core.ErrNotFound) {
				return fmt.Errorf("no contract with customer number %s", shown(number))
			}
			var le *core.LineError
			if errors.As(err, &le) {
				return refused(cmd, fmt.Sprintf("contract %s: %s", shown(number), lineRefusal(le.Code)))
			}
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), lc)
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Recorded: the internet line of contract %s ends on %s.\n", shown(number), core.DayOf(lc.Date))
			return err
		},
	}
	cmd.Flags().StringVar(&date, "date", "", "the line's last day, `YYYY-MM-DD` (JST)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the record as JSON")
	return cmd
}

// lineRefusal words the codes of core.LineError.
func lineRefusal(code string) string {
	switch code {
	case core.LineRecorded:
		return "the line's cancellation is recorded already"
	case core.LineBeforeCreate:
		return "--date: before the contract began"
	case core.LineTooFar:
		return fmt.Sprintf("--date: more than %d days ahead", core.LineCancelAhead)
	}
	return code
}
