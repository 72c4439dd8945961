package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"mypage/core"
)

func newUnlockCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "unlock LOGIN",
		Short: "Lift the login locks of a customer number or account ID (every source)",
		Long: "unlock lifts every lock and failure count of LOGIN, a customer number or an account\n" +
			"ID: from every source address and terminal, from all sources together, and an account\n" +
			"ID's own step-up and password-change counters. Confirm who the subscriber is first.\n" +
			"The unlock is audited.",
		Args: func(cmd *cobra.Command, args []string) error {
			switch len(args) {
			case 0:
				return errors.New("give the customer number or account ID to unlock")
			case 1:
				return nil
			}
			return fmt.Errorf("give one customer number or account ID to unlock, not %d", len(args))
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, db, err := g.openDefault()
			if err != nil {
				return err
			}
			defer db.Close()
			login := args[0]
			n, err := svc.Unlock(operator, login)
			switch {
			case errors.Is(err, core.ErrNotFound):
				return fmt.Errorf("no customer number or account ID %s", core.EscapeLine(login))
			case err != nil:
				return err
			case n == 0:
				_, err = fmt.Fprintf(cmd.OutOrStdout(), "%s: was not locked\n", login)
			case n == 1:
				_, err = fmt.Fprintf(cmd.OutOrStdout(), "%s: 1 lock lifted\n", login)
			default:
				_, err = fmt.Fprintf(cmd.OutOrStdout(), "%s: %d locks lifted\n", login, n)
			}
			return err
		},
	}
}
