package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newUnlockCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "unlock LOGIN",
		Short: "Lift the login locks of a customer number or account ID (every source)",
		Long: "unlock lifts every lock and failure count of LOGIN, a customer number or an account\n" +
			"ID: from every source address and terminal, from all sources together, and an account\n" +
			"ID's own step-up and password-change counters. Confirm who the subscriber is first.\n" +
			"The unlock is audited.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, db, err := g.openDefault()
			if err != nil {
				return err
			}
			defer db.Close()
			n, err := svc.Unlock(operator, args[0])
			if err != nil {
				return err
			}
			if n == 0 {
				_, err = fmt.Fprintln(cmd.OutOrStdout(), "no lock or failure count to lift")
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "lifted %d lock or failure count(s)\n", n)
			return err
		},
	}
}
