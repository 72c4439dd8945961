package main

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"mypage/core"
)

// newRequestsCmd lists the paper requests (ご契約内容変更申請, ご利用ガイド・規約ご請求)
// that subscribers made on My Page, for the back office to post what they ask for.
func newRequestsCmd(g *globals) *cobra.Command {
	var state, kind string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "requests [--state received|done] [--kind contract-change|guide] [--json]",
		Short: "List the contract change and guide requests (ご契約内容変更申請 / ご利用ガイド・規約ご請求), newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f := core.RequestFilter{State: core.RequestState(state), Kind: core.RequestKind(kind)}
			switch f.State {
			case "", core.RequestReceived, core.RequestDone:
			default:
				return fmt.Errorf("--state: %s is neither received nor done", quoted(state))
			}
			switch f.Kind {
			case "", core.RequestContractChange, core.RequestGuide:
			default:
				return fmt.Errorf("--kind: %s is neither contract-change nor guide", quoted(kind))
			}
			svc, db, err := g.openDefault()
			if err != nil {
				return err
			}
			defer db.Close()
			list, err := svc.AdminRequests(operator, f)
			if err != nil {
				return err
			}
			if asJSON {
				return printList(cmd.OutOrStdout(), list)
			}
			if len(list) == 0 {
				_, err := fmt.Fprintln(cmd.OutOrStdout(), "No request.")
				return err
			}
			rc := svc.Catalog().Requests
			rows := make([][]string, 0, len(list))
			for _, r := range list {
				done := "-"
				if r.DoneAt != nil {
					done = jst(*r.DoneAt)
				}
				note := r.Note
				if note == "" {
					note = "-"
				}
				rows = append(rows, []string{r.Number, string(r.Kind), string(r.State), r.Contract, jst(r.RequestedAt), done,
					requestWhat(rc, r), sendTo(r.SendTo), note})
			}
			return printTable(cmd.OutOrStdout(), []string{"NUMBER", "KIND", "STATE", "CONTRACT", "REQUESTED", "DONE", "WHAT", "SEND TO", "NOTE"}, rows)
		},
	}
	f := cmd.Flags()
	f.StringVar(&state, "state", "", "only the requests received (not sent yet) or done")
	f.StringVar(&kind, "kind", "", "only the contract-change or the guide requests")
	f.BoolVar(&asJSON, "json", false, "print the requests as JSON")
	return cmd
}

// requestWhat is what a request asks for, as the list shows it.
func requestWhat(rc core.RequestCatalog, r core.Request) string {
	if r.Kind == core.RequestContractChange {
		what := r.Change
		if c, ok := rc.Change(r.Change); ok {
			what = c.Name
		}
		if r.Description != "" {
			what += ": " + r.Description
		}
		return what
	}
	var names []string
	for _, d := range r.Documents {
		if c, ok := rc.Document(d); ok {
			d = c.Name
		}
		names = append(names, d)
	}
	return fmt.Sprintf("%s x%d", strings.Join(names, "、"), r.Copies)
}

func sendTo(a core.PostalAddress) string {
	s := a.Address + " " + a.Name
	if a.Postal != "" {
		s = "〒" + a.Postal + " " + s
	}
	return s
}

// newRequestCmd groups what the back office does to one request.
func newRequestCmd(g *globals) *cobra.Command {
	request := &cobra.Command{
		Use:   "request",
		Short: "Mark a contract change or guide request done once its post has gone",
		Args:  cobra.NoArgs,
	}
	request.AddCommand(newRequestDoneCmd(g))
	return request
}

func newRequestDoneCmd(g *globals) *cobra.Command {
	var note string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "done NUMBER [--note TEXT]",
		Short: "Mark a request done: the application form or the documents were posted; the subscriber is mailed",
		Long: "done records that what a request asked for was posted (受付 → 完了) and mails the\n" +
			"subscriber. The note is for the records, one line of at most " + fmt.Sprint(core.RequestNoteMax) + " characters;\n" +
			"it is not shown to the subscriber. A request done before is refused.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			number := args[0]
			svc, db, err := g.openDefault()
			if err != nil {
				return err
			}
			defer db.Close()
			r, err := svc.CompleteRequest(operator, number, note)
			if pr := core.FieldProblems(err); pr != nil {
				switch pr[core.FieldRequestNote] {
				case core.ProblemLength:
					return refused(cmd, fmt.Sprintf("--note: at most %d characters", core.RequestNoteMax))
				case core.ProblemFormat:
					if !utf8.ValidString(note) {
						return refused(cmd, "--note: not UTF-8 text (the terminal's encoding?); type it again in UTF-8")
					}
					fallthrough
				default:
					return refused(cmd, "--note: one line without control characters or bidi overrides")
				}
			}
			if errors.Is(err, core.ErrNotFound) {
				return fmt.Errorf("no request %s (see \"mypage admin requests\")", quoted(number))
			}
			if core.RequestCode(err) == core.RequestAlreadyDone {
				return refused(cmd, fmt.Sprintf("request %s is done already", quoted(number)))
			}
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), r)
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Request %s (%s) done; the subscriber of contract %s is mailed.\n", r.Number, r.Kind, r.Contract)
			return err
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "what was posted, for the records (one line)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the request as JSON")
	return cmd
}
