package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"mypage/core"
)

// newCallbacksCmd prints the call list of a day: the callback bookings
// (コールバック予約) of its slots, for the support to call back.
func newCallbacksCmd(g *globals) *cobra.Command {
	var date string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "callbacks --date YYYY-MM-DD [--json]",
		Short: "Print the call list of a day: the callback bookings of its slots (コールバック予約)",
		Long: "callbacks prints the bookings of the day's slots (JST) in the order of their time:\n" +
			"a slot of 11:00 is a call between 11:00 and 12:00. Cancelled bookings are listed\n" +
			"with their state, not to be called (cancelled (withdrawn): the contract withdrew).\n" +
			"LOGIN is the login that booked: holder (the customer number) or the account ID.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if date == "" {
				return errors.New("--date: required, YYYY-MM-DD (JST)")
			}
			day, err := time.ParseInLocation("2006-01-02", date, core.JST)
			if err != nil {
				return fmt.Errorf("--date: %s is not a day YYYY-MM-DD", quoted(date))
			}
			svc, db, err := g.openReadOnly()
			if err != nil {
				return err
			}
			defer db.Close()
			list, err := svc.CallList(operator, day)
			if err != nil {
				return err
			}
			if asJSON {
				return printList(cmd.OutOrStdout(), list)
			}
			if len(list) == 0 {
				_, err := fmt.Fprintf(cmd.OutOrStdout(), "No callback booked on %s.\n", day.Format("2006-01-02"))
				return err
			}
			rows := make([][]string, 0, len(list))
			for _, c := range list {
				note := c.Note
				if note == "" {
					note = "-"
				}
				login := "holder"
				if id := c.AccountID(); id != "" {
					login = oneLine(id)
				}
				state := string(c.State)
				if c.Reason != "" {
					state += " (" + oneLine(c.Reason) + ")"
				}
				rows = append(rows, []string{c.Slot.In(core.JST).Format("15:04") + "-" + c.Slot.Add(time.Hour).In(core.JST).Format("15:04"),
					c.Number, c.Contract, login, oneLine(c.Name), c.Phone, oneLine(c.TopicName), oneLine(note), state})
			}
			return printTable(cmd.OutOrStdout(), []string{"TIME", "NUMBER", "CUSTOMER", "LOGIN", "NAME", "PHONE", "TOPIC", "NOTE", "STATE"}, rows)
		},
	}
	cmd.Flags().StringVar(&date, "date", "", "the day of the calls, `YYYY-MM-DD` (JST)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the bookings as JSON")
	return cmd
}
