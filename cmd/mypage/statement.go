package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"mypage/core"
)

func newStatementCmd(g *globals) *cobra.Command {
	var month string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "statement NUMBER",
		Short: "Show a contract's billing statement (料金明細) of one month, as the portal shows it",
		Long: "statement prints the qualified invoice of the contract for the month: issuer and\n" +
			"registration number, recipient, period, issue date, each line, the subtotal and\n" +
			"consumption tax per tax rate, the total, the payment method, the due or debit date,\n" +
			"whether the month is closed (確定) or still a running estimate (見込み), and what\n" +
			"the bank reported on it. Passed months are closed first. Without --month it shows\n" +
			"the current month (JST, on the service clock).",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkMonthFlag(month); err != nil {
				return err
			}
			svc, db, err := g.openDefault()
			if err != nil {
				return err
			}
			defer db.Close()
			m := monthOrNow(svc, month)
			st, err := svc.StatementOf(operator, args[0], m)
			if errors.Is(err, core.ErrNotFound) {
				return noStatement(svc, args[0], m)
			}
			if err != nil && !errors.Is(err, core.ErrUnknownOption) && !errors.Is(err, core.ErrBadOptionRecord) {
				return err
			}
			// Option records that cannot be charged are reported after the statement.
			var perr error
			if asJSON {
				perr = printJSON(cmd.OutOrStdout(), st)
			} else {
				perr = printStatement(cmd.OutOrStdout(), svc.Catalog(), g.lang, st)
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

// noStatement explains why a contract has no statement for the month.
func noStatement(svc *core.Service, number string, m core.Month) error {
	rec, err := svc.ShowContract(operator, number)
	if errors.Is(err, core.ErrNotFound) {
		return fmt.Errorf("no contract with customer number %s", number)
	}
	if err != nil {
		return err
	}
	first, now := core.MonthOf(rec.CreatedAt), core.MonthOf(svc.Now())
	if m.Before(first) {
		return fmt.Errorf("no statement for %s: contract %s began in %s", m, number, first)
	}
	return fmt.Errorf("no statement for %s yet: the current month is %s", m, now)
}

// printStatement writes a statement for a person to read.
func printStatement(w io.Writer, cat *core.Catalog, lang string, st core.Statement) error {
	state := "見込み (estimate: the month is open and may still change)"
	if st.Closed {
		state = "確定 (closed)"
	}
	due := "お支払期限 / due date"
	if st.Payment.Kind == core.PaymentDebit {
		due = "振替日 / debit date"
	}
	fmt.Fprintf(w, "料金明細 / statement %s — %s\n\n", st.Month, state)
	if err := printTable(w, []string{"  発行者 / issuer", st.Issuer.Name}, [][]string{
		{"  登録番号 / registration number", st.Issuer.RegistrationNumber},
		{"  宛名 / recipient", st.Recipient + " (" + st.Number + ")"},
		{"  対象期間 / period", day(st.PeriodFrom) + " – " + day(st.PeriodTo)},
		{"  発行日 / issued", day(st.IssuedAt)},
	}); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if len(st.Lines) == 0 {
		fmt.Fprintln(w, "No charges this month.")
	} else {
		amounts := make([]string, len(st.Lines))
		width := 0
		for i, l := range st.Lines {
			amounts[i] = yenAmount(l.Amount)
			width = max(width, len(amounts[i]))
		}
		rows := [][]string{}
		for i, l := range st.Lines {
			rule := l.Rule
			if rule == "" {
				rule = l.Kind
			}
			rows = append(rows, []string{lineName(cat, lang, l), dash(l.Account), l.Period,
				strings.Repeat(" ", width-len(amounts[i])) + amounts[i], fmt.Sprintf("%d%%", l.TaxRate), rule, dash(l.Reason)})
		}
		if err := printTable(w, []string{"DESCRIPTION", "ACCOUNT ID", "PERIOD", "AMOUNT", "RATE", "RULE", "REASON"}, rows); err != nil {
			return err
		}
	}
	fmt.Fprintln(w)
	rows := [][]string{}
	for _, s := range st.Subtotals {
		rows = append(rows,
			[]string{fmt.Sprintf("  %d%% 対象 / subtotal at %d%% (tax-excluded)", s.Rate, s.Rate), yenAmount(s.Base)},
			[]string{fmt.Sprintf("  消費税 / consumption tax %d%%", s.Rate), yenAmount(s.Tax)})
	}
	rows = append(rows,
		[]string{"  合計 / total (tax included)", yenAmount(st.Total)},
		[]string{"  お支払方法 / payment method", paymentLabel(st.Payment)})
	// Nothing to pay has no due date.
	if b := st.Balance; b == nil || b.State != core.BalanceNone {
		rows = append(rows, []string{"  " + due, day(st.DueDate)})
	}
	rows = append(rows, []string{"  状態 / state", state})
	if st.Collection != nil {
		rows = append(rows, []string{"  入金 / collection", statementCollectionText(st, *st.Collection)})
	}
	if b := st.Balance; b != nil {
		rows = append(rows, []string{"  お支払い状況 / payment state", balanceText(b.State, st.Payment.Kind)})
		for _, r := range b.Receipts {
			rows = append(rows, []string{"  受領 / received", day(r.Date) + " " + yenAmount(r.Amount) + " " + core.PaymentKindName(r.Method)})
		}
		for _, cm := range b.Carried {
			rows = append(rows, []string{"  初回振替に含む / carried into this debit", cm.Month + " " + yenAmount(cm.Amount)})
		}
		if len(b.Carried) > 0 {
			rows = append(rows, []string{"  振替額 / debit amount", yenAmount(b.DebitAmount)})
		}
		if b.CarriedTo != "" {
			rows = append(rows, []string{"  初回振替 / collected by the first debit", b.CarriedTo})
		}
		if b.State != core.BalanceCard && b.State != core.BalanceNone {
			rows = append(rows, []string{"  残額 / still to pay", yenAmount(b.Remaining)})
		}
	}
	return printTable(w, rows[0], rows[1:])
}

// balanceText is a statement's payment state, in the portal's words and in English.
func balanceText(state, kind string) string {
	if state == core.BalanceDue && kind == core.PaymentDebit {
		return "お引き落とし前 / before the debit"
	}
	if s, ok := map[string]string{
		core.BalanceDue:             "未入金 / not paid yet",
		core.BalancePartial:         "一部入金済み / partly paid",
		core.CollectionPaid:         "お支払い済み / paid",
		core.CollectionRetryPending: "再振替予定 / the debit will be retried",
		core.CollectionUnpaid:       "未払い / unpaid",
		core.BalanceCard:            "クレジットカード会社へご請求 / charged to the credit card",
		core.BalanceNone:            "お支払いはありません / nothing to pay",
		core.BalanceCarried:         "初回の口座振替でお引き落とし / collected by the first auto-debit",
	}[state]; ok {
		return s
	}
	return state
}

// lineName names a statement line in the portal's language.
func lineName(cat *core.Catalog, lang string, l core.StatementLine) string {
	if lang != "en" {
		return l.Description
	}
	if o, ok := cat.Option(l.Code); ok && l.Kind != core.LineCalls && o.NameEn != "" {
		return o.NameEn
	}
	for _, c := range core.CallServices {
		if l.Kind == core.LineCalls && c.Code == l.Code {
			return c.NameEn + " calls"
		}
	}
	return l.Description
}

// paymentLabel writes the payment method of a statement, masked as core gives it.
func paymentLabel(p core.PaymentSummary) string {
	kind := map[string]string{
		core.PaymentCard:     "クレジットカード / card",
		core.PaymentDebit:    "口座振替 / auto-debit",
		core.PaymentTransfer: "銀行振込 / bank transfer",
	}[p.Kind]
	switch {
	case kind == "":
		return "未登録 / none registered"
	case p.Label == "":
		return kind
	}
	return kind + ": " + p.Label
}

// statementCollectionText is collectionText with the statement's balance from
// core: a statement partly paid says so, with what was received and what remains.
func statementCollectionText(st core.Statement, c core.Collection) string {
	if b := st.Balance; b != nil && b.State == core.BalancePartial {
		return fmt.Sprintf("partly paid: %s of %s received, %s to pay", yenAmount(b.Received), yenAmount(st.Total), yenAmount(b.Remaining))
	}
	if b := st.Balance; b != nil && len(b.Carried) > 0 && c.State == core.CollectionPaid {
		// The first debit collected the carried months with this one.
		c.Paid = b.Received
		return collectionText(c, b.DebitAmount) + " with the carried months"
	}
	return collectionText(c, st.Total)
}

// collectionText says what the bank reported on a closed statement.
func collectionText(c core.Collection, total int64) string {
	switch c.State {
	case core.CollectionPaid:
		s := "paid"
		if c.PaidAt != nil {
			s += " on " + day(*c.PaidAt)
		}
		return s + fmt.Sprintf(" (%s received)", yenAmount(c.Paid))
	case core.CollectionRetryPending:
		s := "retry pending: the debit failed"
		if c.DebitDate != nil {
			s += " on " + day(*c.DebitDate)
		}
		if c.RetryDate != nil {
			s += "; retried on " + day(*c.RetryDate)
		}
		return s
	case core.CollectionUnpaid:
		if c.Paid > 0 {
			return fmt.Sprintf("unpaid: %s of %s received", yenAmount(c.Paid), yenAmount(total))
		}
		if c.Failures > 0 {
			return fmt.Sprintf("unpaid: the debit failed %d times", c.Failures)
		}
		return "unpaid"
	}
	return c.State
}

// day writes a date in JST.
func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(core.JST).Format("2006-01-02")
}
