package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"mypage/core"
)

func newCardCmd(g *globals) *cobra.Command {
	card := &cobra.Command{
		Use:   "card",
		Short: "Review the credit cards registered as payment method",
		Args:  cobra.NoArgs,
	}
	card.AddCommand(newCardApproveCmd(g))
	return card
}

func newCardApproveCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "approve NUMBER",
		Short: "Approve the card pending review on a contract (holder name differs from the contract's)",
		Long: "approve accepts the credit card of the contract that waits for review because its\n" +
			"holder name differs from the contract holder's romaji name. Paid services can then be\n" +
			"purchased again; the contact address gets a mail. It prints the card approved.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			number := args[0]
			svc, db, err := g.openDefault()
			if err != nil {
				return err
			}
			defer db.Close()
			switch err := svc.ApproveCard(operator, number); {
			case errors.Is(err, core.ErrNotFound):
				return fmt.Errorf("no contract with customer number %s", number)
			case errors.Is(err, core.ErrNotPending):
				return fmt.Errorf("contract %s has no credit card pending review", number)
			case err != nil:
				return err
			}
			v, err := svc.PaymentOf(operator, number)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), v)
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "approved the card of %s: %s %s, expires %s, holder %s\n",
				number, core.EscapeLine(v.Brand), core.EscapeLine(v.Masked), v.Expiry, core.EscapeLine(v.Holder))
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the approved payment method as JSON")
	return cmd
}
