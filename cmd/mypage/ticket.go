package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"mypage/core"
)

// The back office of the mail inquiries (メールでのお問い合わせ): the list,
// one ticket with its answers, an answer (the subscriber gets a mail and reads
// it on My Page) and the close. Every text a subscriber typed is printed
// escaped (escapeWriter), in the table cut to one line.

// ticketStates are the --state values in the order of a ticket's life.
var ticketStates = map[string]core.TicketState{
	"received": core.TicketReceived, "answered": core.TicketAnswered, "closed": core.TicketClosed,
}

func newTicketsCmd(g *globals) *cobra.Command {
	var state string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "tickets [--state received|answered|closed] [--json]",
		Short: "List the mail inquiries (お問い合わせ), newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var st core.TicketState
			if state != "" {
				var ok bool
				if st, ok = ticketStates[state]; !ok {
					return fmt.Errorf("--state: %s is not one of received, answered, closed", quoted(state))
				}
			}
			svc, db, err := g.openDefault()
			if err != nil {
				return err
			}
			defer db.Close()
			list, err := svc.AdminTickets(operator, st)
			if err != nil {
				return err
			}
			if asJSON {
				return printList(cmd.OutOrStdout(), list)
			}
			if len(list) == 0 {
				_, err := fmt.Fprintln(cmd.OutOrStdout(), "No inquiry.")
				return err
			}
			rows := make([][]string, 0, len(list))
			for _, t := range list {
				rows = append(rows, []string{t.Number, t.Contract, string(t.State), jst(t.Created), authorOf(t),
					oneLine(core.EscapeLine(t.Service.Name)), excerpt(t.Content, 30)})
			}
			return printTable(cmd.OutOrStdout(), []string{"NUMBER", "CONTRACT", "STATE", "RECEIVED", "BY", "SERVICE", "CONTENT"}, rows)
		},
	}
	cmd.Flags().StringVar(&state, "state", "", "only the tickets in this state: received (受付), answered (回答済) or closed (完了)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the tickets as JSON, contents and answers included")
	return cmd
}

// authorOf names the login that wrote a ticket: holder, or the account ID.
func authorOf(t core.Ticket) string {
	if t.Account != "" {
		return t.Account
	}
	return "holder"
}

// excerpt is the start of a text on one line, escaped, at most n characters.
func excerpt(s string, n int) string {
	s = oneLine(core.EscapeLine(s))
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func newTicketCmd(g *globals) *cobra.Command {
	ticket := &cobra.Command{
		Use:   "ticket",
		Short: "Show, answer and close one mail inquiry (お問い合わせ)",
		Args:  cobra.NoArgs,
	}
	ticket.AddCommand(newTicketShowCmd(g), newTicketAnswerCmd(g), newTicketCloseCmd(g))
	return ticket
}

func newTicketShowCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show NUMBER [--json]",
		Short: "Show a ticket: who wrote it, about what, its environment, content and answers",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, db, err := g.openDefault()
			if err != nil {
				return err
			}
			defer db.Close()
			t, err := svc.AdminTicket(operator, args[0])
			if errors.Is(err, core.ErrNotFound) {
				return fmt.Errorf("no ticket %s (see \"mypage admin tickets\")", quoted(args[0]))
			}
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), t)
			}
			return printTicket(cmd.OutOrStdout(), t)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the ticket as JSON")
	return cmd
}

// printTicket writes a ticket for the operator; the writer escapes it.
func printTicket(w io.Writer, t core.Ticket) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Number:    %s\nContract:  %s\nBy:        %s\nState:     %s\nReceived:  %s\nService:   %s\n",
		t.Number, t.Contract, authorOf(t), t.State, jst(t.Created), core.EscapeLine(t.Service.Name))
	for _, e := range []struct{ label, v string }{{"OS", t.Env.OS}, {"Browser", t.Env.Browser}, {"Connection", t.Env.Connection}, {"Note", t.Env.Note}} {
		if e.v != "" {
			fmt.Fprintf(&b, "%-10s %s\n", e.label+":", core.EscapeLine(e.v))
		}
	}
	if t.Closed != nil {
		fmt.Fprintf(&b, "Closed:    %s\n", jst(*t.Closed))
	}
	fmt.Fprintf(&b, "\nContent:\n%s\n", indent(core.Escape(t.Content)))
	for i, a := range t.Answers {
		fmt.Fprintf(&b, "\nAnswer %d (%s):\n%s\n", i+1, jst(a.At), indent(core.Escape(a.Text)))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func indent(s string) string { return "  " + strings.ReplaceAll(s, "\n", "\n  ") }

func newTicketAnswerCmd(g *globals) *cobra.Command {
	var textFile string
	cmd := &cobra.Command{
		Use:   "answer NUMBER --text-file FILE",
		Short: "Answer a ticket: it becomes answered (回答済) and the subscriber is mailed to read it on My Page",
		Long: fmt.Sprintf("answer adds the text of FILE (UTF-8, several lines, at most %d characters, no control\n", core.TicketAnswerMax) +
			"characters other than line feeds, no bidi overrides) as an answer. The contract's contact\n" +
			"address gets 【マイページ】お問い合わせへの回答のお知らせ; the answer itself is read on My Page.\n" +
			"A closed ticket takes no answer.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if textFile == "" {
				return errors.New("--text-file: required; the file of the answer (UTF-8)")
			}
			text, err := readBodyFile("--text-file", textFile)
			if err != nil {
				return err
			}
			svc, db, err := g.openDefault()
			if err != nil {
				return err
			}
			defer db.Close()
			t, err := svc.AnswerTicket(operator, args[0], text)
			if err := ticketRefusal(cmd, args[0], err); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Answered %s (answer %d); the subscriber was mailed.\n", t.Number, len(t.Answers))
			return err
		},
	}
	cmd.Flags().StringVar(&textFile, "text-file", "", "`FILE` holding the answer (UTF-8, several lines)")
	return cmd
}

func newTicketCloseCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "close NUMBER",
		Short: "Close a ticket (完了): it stays readable on My Page",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, db, err := g.openDefault()
			if err != nil {
				return err
			}
			defer db.Close()
			t, err := svc.CloseTicket(operator, args[0])
			if err := ticketRefusal(cmd, args[0], err); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Closed %s.\n", t.Number)
			return err
		},
	}
}

// ticketRefusal words core's refusal of an answer or a close.
func ticketRefusal(cmd *cobra.Command, number string, err error) error {
	var te *core.TicketError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, core.ErrNotFound):
		return fmt.Errorf("no ticket %s (see \"mypage admin tickets\")", quoted(number))
	case errors.As(err, &te) && te.Code == core.TicketIsClosed:
		return refused(cmd, fmt.Sprintf("ticket %s is closed", quoted(number)))
	case errors.Is(err, core.ErrMemberWithdrawn):
		return refused(cmd, "the contract has withdrawn its membership (退会済): it is not mailed")
	}
	if code, ok := core.FieldProblems(err)[core.FieldTicketAnswer]; ok {
		msg := "control characters (other than line feeds) or bidi overrides are not accepted"
		switch code {
		case core.ProblemRequired:
			msg = "the file holds no answer (it is empty or only spaces and blank lines)"
		case core.ProblemLength:
			msg = fmt.Sprintf("at most %d characters", core.TicketAnswerMax)
		}
		return refused(cmd, "--text-file: "+msg)
	}
	return err
}
