package main

import (
	"errors"
	"fmt"
	"os"
	"sort"
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
			"Either the whole file is imported or nothing: every bad line, and every unknown\n" +
			"customer number, is reported as \"line N: message\".",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			records, perr := core.ParseCalls(f)
			svc, db, err := g.openDefault()
			if err != nil {
				return err
			}
			defer db.Close()
			if perr != nil {
				// Report the unknown customer numbers of the good lines in the same list.
				var ie *core.ImportError
				if errors.As(perr, &ie) {
					unknown, err := svc.CallContractErrors(operator, records)
					if err != nil {
						return err
					}
					ie.Rows = append(ie.Rows, unknown...)
					sort.SliceStable(ie.Rows, func(i, j int) bool { return ie.Rows[i].Line < ie.Rows[j].Line })
				}
				return importError(cmd, args[0], perr)
			}
			n, err := svc.ImportCalls(operator, records)
			if err != nil {
				return importError(cmd, args[0], err)
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "imported %d call record(s) from %s\n", n, args[0])
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
	fmt.Fprintf(w, "%s: nothing imported (%d bad line(s))\n", file, len(ie.Rows))
	return exitError{code: 2}
}
