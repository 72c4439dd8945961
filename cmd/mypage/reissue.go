package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"mypage/core"
)

// newContractReissueCmd is the way back for a holder who lost the customer
// password: the information center reissues it and hands over a new certificate.
func newContractReissueCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "reissue NUMBER",
		Short: "Issue a new initial customer password and print a new registration certificate (登録証)",
		Long: "reissue gives the contract a new random initial password and prints the registration\n" +
			"certificate again. The old password stops working at once and every session logged in\n" +
			"with the customer number ends at its next action; account IDs keep their passwords.\n" +
			"The holder is mailed that it happened (never the password). The password is shown\n" +
			"only this once. A contract that has withdrawn is refused.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			number := args[0]
			svc, db, err := g.openDefault()
			if err != nil {
				return err
			}
			defer db.Close()
			cert, err := svc.ReissuePassword(operator, number)
			switch {
			case errors.Is(err, core.ErrNotFound):
				return fmt.Errorf("no contract with customer number %s", shown(number))
			case errors.Is(err, core.ErrMemberWithdrawn):
				return refused(cmd, fmt.Sprintf("contract %s has withdrawn its membership (退会済): no password is reissued", shown(number)))
			case err != nil:
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), cert)
			}
			return printCertificate(cmd.OutOrStdout(), cert)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the certificate as JSON")
	return cmd
}
