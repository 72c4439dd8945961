package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"mypage/core"
)

func newImportCallsCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "import-calls FILE.csv",
		Short: "Import call records (GATE CALL, GATE CALL050, UCOM光電話) from a CSV file",
		Long: "import-calls reads the carrier's call records and stores them for the call-detail\n" +
			"statements and the call lines of the monthly statements. The header line must be\n" +
			"  " + strings.Join(core.CallCSVHeader, ",") + "\n" +
			"with started_at as YYYY-MM-DD HH:MM:SS in Japan time and amount in whole yen,\n" +
			"tax-excluded; service is one of gatecall, gatecall050, phone.\n" +
			"Every bad line, and every unknown customer number, is reported as \"line N: message\"\n" +
			"and then nothing is imported. A good file is stored in transactions of " + fmt.Sprint(core.DefaultCallBatch) + "\n" +
			"records, so that a running portal is not kept waiting. The start and each batch\n" +
			"stored are audited; an import stopped half-way is reported by \"admin check\", and\n" +
			"importing the file again completes it, billing no call twice.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			svc, db, err := g.openDefault()
			if err != nil {
				return err
			}
			defer db.Close()
			// The file is read twice, a line at a time (checked, then stored in
			// batches): a large file costs no more memory than a small one.
			n, err := svc.ImportCallsFile(operator, args[0], f)
			if err != nil {
				if n > 0 {
					return fmt.Errorf("%s: %w", args[0], err)
				}
				return importError(cmd, args[0], err)
			}
			// n counts the records of the file, those an earlier import stored too.
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "%d call record(s) from %s stored (records already stored are kept once)\n", n, args[0])
			return err
		},
	}
}

// importError reports the bad lines of a call file one a line on stderr.
func importError(cmd *cobra.Command, file string, err error) error {
	var ie *core.ImportError
	if !errors.As(err, &ie) {
		return fmt.Errorf("%s: %w", file, err)
	}
	w := cmd.ErrOrStderr()
	for _, r := range ie.Rows {
		fmt.Fprintf(w, "line %d: %s\n", r.Line, r.Msg)
	}
	if ie.More > 0 {
		fmt.Fprintf(w, "and %d more bad line(s)\n", ie.More)
	}
	fmt.Fprintf(w, "%s: nothing imported (%d bad line(s))\n", file, ie.Bad())
	return exitError{code: 2}
}
