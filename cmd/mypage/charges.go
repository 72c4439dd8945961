package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"mypage/core"
)

func newChargesCmd(g *globals) *cobra.Command {
	var month string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "charges NUMBER",
		Short: "Show the option charges of a contract in one month and the rule behind each",
		Long: "charges lists the option charges of the contract in the month (tax-excluded):\n" +
			"each monthly price and one-time fee with the charge rule and the dates that put it\n" +
			"in that month, and the total. Without --month it shows the current month (JST).",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkMonthFlag(month); err != nil {
				return err
			}
			svc, db, err := g.openReadOnly()
			if err != nil {
				return err
			}
			defer db.Close()
			m := monthOrNow(svc, month)
			st, err := svc.Charges(operator, args[0], m)
			if errors.Is(err, core.ErrNotFound) {
				return fmt.Errorf("no contract with customer number %s", args[0])
			}
			if err != nil && !errors.Is(err, core.ErrUnknownOption) && !errors.Is(err, core.ErrBadOptionRecord) {
				return err
			}
			// Records that cannot be charged are reported after the lines of the others.
			var perr error
			if asJSON {
				perr = printJSON(cmd.OutOrStdout(), st)
			} else {
				perr = printCharges(cmd.OutOrStdout(), svc.Catalog(), g.lang, st)
			}
			if err != nil {
				return fmt.Errorf("some option records were left out: %w", err)
			}
			return perr
		},
	}
	cmd.Flags().StringVar(&month, "month", "", "the month, `YYYY-MM` (default: the current month in JST)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the statement as JSON")
	return cmd
}

// printCharges writes a charge statement for a person to read.
func printCharges(w io.Writer, cat *core.Catalog, lang string, st core.ChargeStatement) error {
	fmt.Fprintf(w, "Option charges of %s for %s (yen, tax-excluded)\n\n", st.Number, st.Month)
	if len(st.Lines) == 0 {
		fmt.Fprintln(w, "No option charges this month.")
	} else {
		amounts := make([]string, len(st.Lines))
		width := 0
		for i, l := range st.Lines {
			amounts[i] = yenAmount(l.Amount)
			width = max(width, len(amounts[i]))
		}
		rows := [][]string{}
		for i, l := range st.Lines {
			name := l.Name
			if o, ok := cat.Option(l.Option); ok && lang == "en" && o.NameEn != "" {
				name = o.NameEn
			}
			rows = append(rows, []string{name, dash(l.Account), l.Kind,
				strings.Repeat(" ", width-len(amounts[i])) + amounts[i], l.Rule, l.Reason})
		}
		if err := printTable(w, []string{"OPTION", "ACCOUNT ID", "KIND", "AMOUNT", "RULE", "REASON"}, rows); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "\nTotal (tax-excluded): %s\n", yenAmount(st.Total))
	return err
}

// yenAmount writes an amount of yen with the yen sign and thousands separators: ¥3,000.
func yenAmount(n int64) string {
	if n < 0 {
		return "-¥" + core.GroupDigits(-n)
	}
	return "¥" + core.GroupDigits(n)
}

// checkMonthFlag refuses a --month that is not YYYY-MM before anything is opened.
func checkMonthFlag(month string) error {
	if month == "" {
		return nil
	}
	if _, err := core.ParseMonth(month); err != nil {
		return fmt.Errorf("--month: %w", err)
	}
	return nil
}

// monthOrNow is the month of a checked --month flag, or the current month on the
// service clock (the demo clock included) when the flag is empty.
func monthOrNow(svc *core.Service, month string) core.Month {
	if m, err := core.ParseMonth(month); err == nil {
		return m
	}
	return core.MonthOf(svc.Now())
}
