package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"mypage/core"
)

func newDebitResultCmd(g *globals) *cobra.Command {
	var month string
	var ok, failed bool
	cmd := &cobra.Command{
		Use:   "debit-result NUMBER --month YYYY-MM --ok|--failed",
		Short: "Record what the bank reported on the auto-debit of a closed month's statement",
		Long: "debit-result records the bank's report on the auto-debit (口座振替) of the month's\n" +
			"statement: --ok pays it; the first --failed schedules the retry (再振替) 7 business\n" +
			"days after the debit date; a failed retry leaves the statement unpaid.\n" +
			"Only a closed month is collected.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if ok == failed {
				return errors.New("give exactly one of --ok and --failed")
			}
			m, err := monthFlag(month)
			if err != nil {
				return err
			}
			svc, db, err := g.openDefault()
			if err != nil {
				return err
			}
			defer db.Close()
			col, err := svc.RecordDebitResult(operator, args[0], m, ok)
			if err != nil {
				return collectionError(svc, err, args[0], m)
			}
			return printCollection(cmd.OutOrStdout(), svc, args[0], m, col)
		},
	}
	f := cmd.Flags()
	f.StringVar(&month, "month", "", "the statement's month, `YYYY-MM` (required)")
	f.BoolVar(&ok, "ok", false, "the debit succeeded")
	f.BoolVar(&failed, "failed", false, "the debit failed")
	return cmd
}

func newPaymentCmd(g *globals) *cobra.Command {
	var month, date string
	var amount int64
	cmd := &cobra.Command{
		Use:   "payment NUMBER --month YYYY-MM --amount N --date YYYY-MM-DD",
		Short: "Record a bank transfer (振込) received for a closed month's statement",
		Long: "payment records a bank transfer received for the month's statement. The payment\n" +
			"counts from the date given. Payments add up: the statement is paid once they\n" +
			"reach its total, and unpaid with the amount received until then.\n" +
			"Only a closed month is collected, and only a statement paid by bank transfer\n" +
			"(or with no payment method): a card statement is refused, and so is an\n" +
			"auto-debit statement until the debit and its retry have failed.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := monthFlag(month)
			if err != nil {
				return err
			}
			if amount <= 0 {
				return errors.New("--amount: give the yen received, a whole number above 0")
			}
			if date == "" {
				return errors.New("--date: give the day the payment was received, YYYY-MM-DD")
			}
			d, err := time.ParseInLocation("2006-01-02", date, core.JST)
			if err != nil {
				return fmt.Errorf("--date: %q is not a date in the form YYYY-MM-DD", date)
			}
			svc, db, err := g.openDefault()
			if err != nil {
				return err
			}
			defer db.Close()
			col, err := svc.RecordPayment(operator, args[0], m, amount, d)
			if err != nil {
				return collectionError(svc, err, args[0], m)
			}
			return printCollection(cmd.OutOrStdout(), svc, args[0], m, col)
		},
	}
	f := cmd.Flags()
	f.StringVar(&month, "month", "", "the statement's month, `YYYY-MM` (required)")
	f.Int64Var(&amount, "amount", 0, "yen received, tax included (required)")
	f.StringVar(&date, "date", "", "the day the payment was received, `YYYY-MM-DD` (required)")
	return cmd
}

// monthFlag reads a required --month.
func monthFlag(s string) (core.Month, error) {
	if s == "" {
		return core.Month{}, errors.New("--month: give the statement's month, YYYY-MM")
	}
	m, err := core.ParseMonth(s)
	if err != nil {
		return core.Month{}, fmt.Errorf("--month: %w", err)
	}
	return m, nil
}

// collectionError explains a refused collection procedure.
func collectionError(svc *core.Service, err error, number string, m core.Month) error {
	switch {
	case errors.Is(err, core.ErrNotFound):
		return fmt.Errorf("no contract with customer number %s", number)
	case errors.Is(err, core.ErrNotClosed):
		now := core.MonthOf(svc.Now())
		if rec, rerr := svc.ShowContract(operator, number); rerr == nil && m.Before(core.MonthOf(rec.CreatedAt)) {
			return fmt.Errorf("%s has no statement for %s: the contract began in %s", number, m, core.MonthOf(rec.CreatedAt))
		}
		return fmt.Errorf("the statement of %s for %s is not closed yet: a month is collected only after it has ended "+
			"(the current month is %s)", number, m, now)
	}
	return err
}

// printCollection writes the new collection state of the statement.
func printCollection(w io.Writer, svc *core.Service, number string, m core.Month, col core.Collection) error {
	st, _ := svc.StatementOf(operator, number, m) // closed: the stored statement
	total := st.Total
	fmt.Fprintf(w, "Statement %s %s: total %s\n", number, m, yenAmount(total))
	text := collectionText(col, total)
	if st.Balance != nil && st.Number == number {
		text = statementCollectionText(st, col)
	}
	_, err := fmt.Fprintf(w, "Collection: %s\n", text)
	return err
}
