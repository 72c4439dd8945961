package main

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"mypage/core"
)

func newPlanCmd(g *globals) *cobra.Command {
	plan := &cobra.Command{
		Use:   "plan",
		Short: "Open a plan service on a contract (after a paper application)",
		Args:  cobra.NoArgs,
	}
	plan.AddCommand(newPlanAddCmd(g), newPlanRequestCmd(g))
	return plan
}

func newPlanRequestCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "request NUMBER",
		Short: "Show a plan change request by its number (受付番号 PCyyyymmdd-NNNNNN) with the quote it was confirmed on",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, db, err := g.openReadOnly()
			if err != nil {
				return err
			}
			defer db.Close()
			pc, err := svc.PlanChangeOf(operator, args[0])
			if errors.Is(err, core.ErrNotFound) {
				return fmt.Errorf("no plan change request %s", shown(args[0]))
			}
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), pc)
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "Plan change request %s of contract %s, confirmed %s by %s; new plan service %s\n\n",
				pc.Number, pc.Contract, jst(pc.RequestedAt), pc.Actor, pc.NewService)
			return printPlanChangeQuote(w, svc.Catalog(), g.lang, pc.Quote)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the request and its quote as JSON")
	return cmd
}

func newPlanAddCmd(g *globals) *cobra.Command {
	var code, start string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "add NUMBER",
		Short: "Open a plan service on a contract, its initial fee billed",
		Long: "add opens a plan service of the catalog on the contract from the start day, as an\n" +
			"operator does after a paper application: the first term runs a year from that day\n" +
			"and the plan's initial fee is billed in its month. A plan opened this way gets no\n" +
			"waiver and no credit: those are made only through a plan change the subscriber\n" +
			"requests on My Page (プラン変更). The start may be in the current month (JST, on the\n" +
			"service clock) or up to 3 months ahead.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			number := args[0]
			if code == "" {
				return errors.New("--plan: required; one of " + strings.Join(planCodes(core.DefaultCatalog()), ", "))
			}
			if start == "" {
				return errors.New("--start: required; the first day of use, YYYY-MM-DD (JST)")
			}
			day, err := time.ParseInLocation("2006-01-02", start, core.JST)
			if err != nil {
				return fmt.Errorf("--start: %s is not a day in the form YYYY-MM-DD", quoted(start))
			}
			svc, db, err := g.openDefault()
			if err != nil {
				return err
			}
			defer db.Close()
			cat := svc.Catalog()
			ps, err := svc.AddPlan(operator, number, code, day)
			if errors.Is(err, core.ErrNotFound) {
				return fmt.Errorf("no contract with customer number %s", shown(number))
			}
			if block := core.PlanBlock(err); block != "" {
				return refused(cmd, planAddRefusal(cat, svc.PlanChangeMonths(), number, code, block))
			}
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), ps)
			}
			pl, _ := cat.Plan(ps.Plan)
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "Opened plan service %s on contract %s.\n\n", ps.ID, number)
			return printTable(w, []string{"Plan", fmt.Sprintf("%s (%s)", planName(cat, g.lang, ps.Plan), ps.Plan)}, [][]string{
				{"Cycle", priceText(pl)},
				{"Start", core.DayOf(ps.Start).String()},
				{"First term", termText(ps.TermStart, ps.FirstTermEnd)},
				{"Initial fee billed", fmt.Sprintf("%s (tax-excluded), with %s", yenAmount(ps.InitialFee), core.MonthOf(ps.Start))},
			})
		},
	}
	cmd.Flags().StringVar(&code, "plan", "", "plan `CODE`: "+strings.Join(planCodes(core.DefaultCatalog()), ", ")+
		" (built-in catalog; see \"mypage admin catalog\")")
	cmd.Flags().StringVar(&start, "start", "", "the first day of use, `YYYY-MM-DD` (JST)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the plan service as JSON")
	return cmd
}

// refused reports a refusal of the rules on stderr and ends with exit status 2.
func refused(cmd *cobra.Command, msg string) error {
	fmt.Fprintln(cmd.ErrOrStderr(), "mypage: refused: "+msg)
	return exitError{code: 2}
}

// planAddRefusal says why core refused to open the plan.
func planAddRefusal(cat *core.Catalog, months []core.Month, number, code, block string) string {
	cur, last := months[0], months[len(months)-1] // the months core takes a start in
	switch block {
	case core.PlanBlockTarget:
		return fmt.Sprintf("--plan: no plan %s in the catalog; one of %s", quoted(code), strings.Join(planCodes(cat), ", "))
	case core.PlanBlockPast:
		return fmt.Sprintf("--start: the month has passed (its statement is closed); the current month is %s", cur)
	case core.PlanBlockFar:
		return fmt.Sprintf("--start: more than %d months ahead; the last month possible is %s", core.PlanChangeAhead, last)
	case core.PlanBlockHeld:
		return fmt.Sprintf("contract %s holds a %s plan already (one a contract)", shown(number), membershipWord)
	}
	return planRefusal(cat, block)
}

const membershipWord = "年会費制 (annual-fee membership)"

// planRefusal words the codes of core.PlanError that every plan command may meet.
func planRefusal(cat *core.Catalog, block string) string {
	switch block {
	case core.PlanBlockNotInUse:
		return "the plan service is not in use (it is applying, or it has ended)"
	case core.PlanBlockEnding:
		return "the plan service is being cancelled or replaced by a plan change already"
	case core.PlanBlockNoTargets:
		return "the plan changes to no other plan (a " + membershipWord + " plan takes annual options instead)"
	case core.PlanBlockPending:
		return "the plan service is the new plan of a plan change that has not started yet"
	case core.PlanBlockNoPlan:
		return "the contract holds no " + membershipWord + " plan in use that the option adds to"
	case core.PlanBlockUnknown:
		return "a plan of the contract is not in the catalog"
	case core.PlanBlockBadMonth:
		return "--start: not a month YYYY-MM"
	case core.PlanBlockHeld:
		return "the contract holds a " + membershipWord + " plan already"
	case core.PlanBlockOptionHeld:
		return "the contract holds the option already: a quote is for a purchase"
	case core.PlanBlockTarget:
		return "not a plan the plan service may change to"
	case core.PlanBlockPast:
		return "--start: the month has passed"
	case core.PlanBlockFar:
		return fmt.Sprintf("--start: more than %d months ahead", core.PlanChangeAhead)
	case core.PlanBlockWhich:
		return "the contract holds several plan services in use: name one with --service ID"
	}
	return block
}

func planCodes(cat *core.Catalog) []string {
	codes := make([]string, 0, len(cat.Plans))
	for _, p := range cat.Plans {
		codes = append(codes, p.Code)
	}
	return codes
}

func annualOptionCodes(cat *core.Catalog) []string {
	var codes []string
	for _, o := range cat.Options {
		if o.Rule == core.RuleAnnual {
			codes = append(codes, o.Code)
		}
	}
	return codes
}

// planName is the plan's name in the language of --lang, its code when the catalog has none.
func planName(cat *core.Catalog, lang, code string) string {
	pl, ok := cat.Plan(code)
	switch {
	case !ok:
		return code
	case lang == "en" && pl.NameEn != "":
		return pl.NameEn
	}
	return pl.Name
}

// priceText is a plan's cycle and price: "monthly, ¥1,700 a month".
func priceText(pl core.Plan) string {
	if pl.Annual() {
		return fmt.Sprintf("annual, %s a year", yenAmount(pl.Price))
	}
	return fmt.Sprintf("monthly, %s a month", yenAmount(pl.Price))
}

func termText(start, end time.Time) string {
	return core.DayOf(start).String() + " – " + core.DayOf(end).String()
}

func newQuoteCmd(g *globals) *cobra.Command {
	quote := &cobra.Command{
		Use:   "quote",
		Short: "Quote a plan change or an annual option as the subscriber's screen would",
		Args:  cobra.NoArgs,
	}
	quote.AddCommand(newQuotePlanChangeCmd(g), newQuoteOptionAddCmd(g))
	return quote
}

func newQuotePlanChangeCmd(g *globals) *cobra.Command {
	var to, start, service string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "plan-change NUMBER",
		Short: "Quote a plan change of a contract (SPEC §11.1): every figure and its formula",
		Long: "plan-change prints the quote of changing the contract's plan service to the plan\n" +
			"--to from the month --start, as the プラン変更 screen shows it: the waived initial\n" +
			"fee, the parallel month, the free first month, the remaining months of an annual\n" +
			"old plan and their credit, the new plan's charge and any extension of its term,\n" +
			"each with its formula, and the renewal of an annual old plan whose term ends\n" +
			"before the old plan does (billed as usual; the credit is of the renewed term).\n" +
			"Nothing is written. --service names the plan service by its ID when the contract\n" +
			"holds more than one in use (see \"mypage admin contract show\").",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			number := args[0]
			if to == "" {
				return errors.New("--to: required; a plan code (see \"mypage admin catalog\")")
			}
			if start == "" {
				return errors.New("--start: required; the month the new plan starts, YYYY-MM")
			}
			m, err := core.ParseMonth(start)
			if err != nil {
				return fmt.Errorf("--start: %s is not a month in the form YYYY-MM", quoted(start))
			}
			svc, db, err := g.openReadOnly()
			if err != nil {
				return err
			}
			defer db.Close()
			cat := svc.Catalog()
			q, err := svc.QuotePlanChangeOf(operator, number, core.PlanChangeRequest{Service: service, To: to, Start: m})
			if errors.Is(err, core.ErrNotFound) {
				if service != "" {
					if _, cerr := svc.ShowContract(operator, number); cerr == nil {
						return refused(cmd, fmt.Sprintf("--service: contract %s has no plan service %s%s", shown(number), shown(service), inUseList(svc, cat, g.lang, number)))
					}
				}
				return fmt.Errorf("no contract with customer number %s", shown(number))
			}
			if block := core.PlanBlock(err); block != "" {
				return refused(cmd, planChangeRefusal(svc, cat, g.lang, number, service, to, block))
			}
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), q)
			}
			return printPlanChangeQuote(cmd.OutOrStdout(), cat, g.lang, q)
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "the new plan's `CODE`")
	cmd.Flags().StringVar(&start, "start", "", "the month the new plan starts, `YYYY-MM` (from the current month to 3 months ahead)")
	cmd.Flags().StringVar(&service, "service", "", "the plan service `ID` to change, as \"mypage admin contract show\" lists it "+
		"(default: the contract's only plan service in use)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the quote as JSON")
	return cmd
}

// planChangeRefusal says why a plan change cannot be quoted, naming the plan
// services or targets the operator may pick instead.
func planChangeRefusal(svc *core.Service, cat *core.Catalog, lang, number, service, to, block string) string {
	now := core.MonthOf(svc.Now())
	switch block {
	case core.PlanBlockWhich:
		return fmt.Sprintf("contract %s holds several plan services in use: name one with --service ID%s", shown(number), inUseList(svc, cat, lang, number))
	case core.PlanBlockNotInUse:
		if service == "" {
			return fmt.Sprintf("contract %s holds no plan service in use", shown(number))
		}
	case core.PlanBlockTarget:
		from := ""
		if views, err := svc.PlansOf(operator, number); err == nil {
			for _, v := range views {
				if v.Service.ID == service || (service == "" && v.State == core.PlanInUse) {
					from = v.Plan.Code
				}
			}
		}
		if pl, ok := cat.Plan(from); ok {
			return fmt.Sprintf("--to: %s may not change to %s; it may change to %s", planName(cat, lang, from), quoted(to), strings.Join(pl.Targets, ", "))
		}
	case core.PlanBlockPast:
		return fmt.Sprintf("--start: the month has passed; the current month is %s", now)
	case core.PlanBlockFar:
		return fmt.Sprintf("--start: more than %d months ahead; the last month possible is %s", core.PlanChangeAhead, now.Add(core.PlanChangeAhead))
	}
	return planRefusal(cat, block)
}

// inUseList names the plan services of the contract in use: " (1: VPS-2(Plesk), 2: RS-1)".
func inUseList(svc *core.Service, cat *core.Catalog, lang, number string) string {
	views, err := svc.PlansOf(operator, number)
	if err != nil {
		return ""
	}
	var ids []string
	for _, v := range views {
		if v.State == core.PlanInUse {
			ids = append(ids, v.Service.ID+": "+planName(cat, lang, v.Plan.Code))
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return " (in use: " + strings.Join(ids, ", ") + ")"
}

// printPlanChangeQuote writes a plan change quote for a person to read.
func printPlanChangeQuote(w io.Writer, cat *core.Catalog, lang string, q core.PlanChangeQuote) error {
	from, _ := cat.Plan(q.From)
	to, _ := cat.Plan(q.To)
	fmt.Fprintf(w, "Plan change quote for contract %s, plan service %s (yen, tax-excluded)\n\n", q.Contract, q.Service)
	rows := [][]string{
		{"To", fmt.Sprintf("%s (%s; %s)", planName(cat, lang, q.To), q.To, priceText(to))},
		{"New plan starts", q.NewStart.String()},
		{"Old plan ends", fmt.Sprintf("%s (parallel month %s)", q.OldEnd, q.ParallelMonth)},
		{"Initial fee waived", yenAmount(q.WaivedInitialFee)},
		{"Free first month", q.FreeMonth},
	}
	if q.OldParallelFree {
		rows = append(rows, []string{"Old plan not charged", fmt.Sprintf("%s in %s (its parallel month)", yenAmount(q.OldParallelAmount), q.ParallelMonth)})
	}
	if from.Annual() {
		if !q.OldRenewal.IsZero() {
			rows = append(rows, []string{"Old plan renewed", fmt.Sprintf("%s, billed %s as usual in %s (its term ends before the old plan does; the credit is of the renewed term)",
				q.OldRenewal, yenAmount(q.OldRenewalFee), core.MonthOf(q.OldRenewal.Time))})
		}
		rows = append(rows,
			[]string{"Old term ends", q.OldTermEnd.String()},
			[]string{"Remaining months R", fmt.Sprint(q.RemainingMonths)},
			[]string{"Credit", fmt.Sprintf("%s = %s", yenAmount(q.Credit), q.CreditFormula)})
	}
	rows = append(rows, []string{"Charge in " + q.ChargeMonth, fmt.Sprintf("%s = %s", yenAmount(q.Charge), q.ChargeFormula)})
	if q.ExtendMonths > 0 {
		ext := fmt.Sprintf("%d month(s) = %s", q.ExtendMonths, q.ExtendFormula)
		if !to.Annual() {
			ext += fmt.Sprintf("; not charged from %s", q.ExtendFrom)
		}
		rows = append(rows, []string{"Term extended", ext})
	}
	rows = append(rows, []string{"New plan's term", fmt.Sprintf("%s – %s", q.NewTermStart, q.NewEnd)})
	if err := printTable(w, []string{"From", fmt.Sprintf("%s (%s; %s)", planName(cat, lang, q.From), q.From, priceText(from))}, rows); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "\nThe IP address changes with the plan: the subscriber migrates the data and switches DNS\n"+
		"within the parallel period; support does not migrate data.")
	return err
}

func newQuoteOptionAddCmd(g *globals) *cobra.Command {
	var code string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "option-add NUMBER",
		Short: "Quote the term adjustment of buying an annual option today (SPEC §11.2)",
		Long: "option-add prints what buying the annual option today would do to the contract's\n" +
			"年会費制 term: no bill for the difference, the remaining days shrink by the ratio of\n" +
			"the annual fees (floor to the day), and the next renewal bills the new fee. Nothing\n" +
			"is written.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			number := args[0]
			svc, db, err := g.openReadOnly()
			if err != nil {
				return err
			}
			defer db.Close()
			cat := svc.Catalog()
			if code == "" {
				return errors.New("--option: required; one of " + strings.Join(annualOptionCodes(cat), ", "))
			}
			if o, ok := cat.Option(code); !ok || o.Rule != core.RuleAnnual {
				return fmt.Errorf("--option: %s is not an annual option; one of %s", quoted(code), strings.Join(annualOptionCodes(cat), ", "))
			}
			q, err := svc.QuoteAnnualOptionOf(operator, number, code)
			if errors.Is(err, core.ErrNotFound) {
				return fmt.Errorf("no contract with customer number %s", shown(number))
			}
			if block := core.PlanBlock(err); block != "" {
				return refused(cmd, fmt.Sprintf("contract %s: %s", shown(number), planRefusal(cat, block)))
			}
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), q)
			}
			return printAnnualQuote(cmd.OutOrStdout(), cat, g.lang, q)
		},
	}
	cmd.Flags().StringVar(&code, "option", "", "the annual option `CODE`: "+strings.Join(annualOptionCodes(core.DefaultCatalog()), ", "))
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the adjustment as JSON")
	return cmd
}

// printAnnualQuote writes an annual option's term adjustment for a person to read.
func printAnnualQuote(w io.Writer, cat *core.Catalog, lang string, q core.AnnualQuote) error {
	name := q.Option
	if o, ok := cat.Option(q.Option); ok {
		name = o.Name
		if lang == "en" && o.NameEn != "" {
			name = o.NameEn
		}
	}
	fmt.Fprintf(w, "Annual option quote for contract %s, plan service %s, on %s (yen, tax-excluded)\n\n", q.Contract, q.Service, q.Today)
	if q.Reinstate {
		_, err := fmt.Fprintf(w, "%s (%s) was cancelled in this term and is in force until %s: buying it again withdraws the cancel.\n"+
			"The annual fee stays %s; nothing moves; the next renewal on %s bills it again.\n", name, q.Option, q.OldTermEnd, yenAmount(q.NewAnnualFee), q.NextRenewal)
		return err
	}
	err := printTable(w, []string{"Option", fmt.Sprintf("%s (%s)", name, q.Option)}, [][]string{
		{"Annual fee", fmt.Sprintf("%s → %s", yenAmount(q.OldAnnualFee), yenAmount(q.NewAnnualFee))},
		{"Remaining days before", fmt.Sprintf("%d (through %s)", q.DaysBefore, q.OldTermEnd)},
		{"Remaining days after", fmt.Sprintf("%d = %s", q.DaysAfter, q.Formula)},
		{"New term end", q.NewTermEnd.String()},
		{"Next renewal", fmt.Sprintf("%s, billed %s", q.NextRenewal, yenAmount(q.NewAnnualFee))},
	})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(w, "\nNo difference is billed now. A cancel lowers the fee from the next renewal only; nothing is refunded.")
	return err
}

// printPlans writes the plan services of a contract (admin contract show).
func printPlans(w io.Writer, cat *core.Catalog, lang string, views []core.PlanView) error {
	fmt.Fprintf(w, "\nPlan services (%d)\n", len(views))
	if len(views) == 0 {
		return nil
	}
	rows := [][]string{}
	for _, v := range views {
		end := "-"
		if v.Service.End != nil {
			end = core.DayOf(*v.Service.End).String()
		}
		term := termText(v.Term.Start, v.Term.End)
		if v.Term.Years > 1 || v.Term.Discount > 0 {
			term += fmt.Sprintf(" (%d years, %d %% off)", v.Term.Years, v.Term.Discount)
		}
		auto, state := "off", string(v.State)
		if v.AutoRenew {
			auto = "on"
		}
		if v.Service.Voided() {
			auto, state = "-", "withdrawn (取消)"
		} else if v.State == core.PlanEnded {
			auto = "-"
		}
		rows = append(rows, []string{v.Service.ID, fmt.Sprintf("%s (%s)", planName(cat, lang, v.Service.Plan), v.Service.Plan),
			v.Plan.Cycle, feeText(v), state, core.DayOf(v.Service.Start).String(), term, auto, end, dash(v.Request)})
	}
	if err := printTable(w, []string{"ID", "PLAN", "CYCLE", "FEE", "STATE", "START", "TERM", "AUTO-RENEW", "END", "REQUEST"}, rows); err != nil {
		return err
	}
	for _, v := range views {
		if v.Renewal != nil {
			fmt.Fprintf(w, "Renewal notice, plan service %s: %s\n", v.Service.ID, escapeOutput(renewalText(*v.Renewal)))
		}
		printPlanHistory(w, v)
	}
	return nil
}

// printPlanHistory writes what was done on a plan service, oldest first:
// its renewals, re-contracts, auto-renew settings and cancel; then each term
// after the first with how it came (a renewal's number, or auto-renew).
func printPlanHistory(w io.Writer, v core.PlanView) {
	type event struct {
		at   time.Time
		line string
	}
	id := v.Service.ID
	var events []event
	for _, r := range v.Service.Renewals {
		kind, after := "renewal", "off"
		if r.Recontract {
			kind = "re-contract"
		}
		if r.AutoRenew {
			after = "on"
		}
		events = append(events, event{r.At, fmt.Sprintf("%s %s on %s by %s: term from %s, %d year(s), %d %% off; auto-renew after it %s",
			kind, r.Number, jst(r.At), shown(r.Actor), core.DayOf(r.Start), max(r.Years, 1), r.Discount, after)})
	}
	for _, a := range v.Service.AutoRenewSettings {
		on := "off"
		if a.On {
			on = "on"
		}
		events = append(events, event{a.At, fmt.Sprintf("auto-renew set %s on %s by %s", on, jst(a.At), shown(a.Actor))})
	}
	if c := v.Service.Cancel; c != nil {
		what := "cancel"
		switch {
		case c.Voided:
			what = "application withdrawn (取消) before its start; nothing billed"
		case c.Moved && v.Service.End != nil:
			what = fmt.Sprintf("cancel; ends %s (moved to the next month: auto-debit asked after the 10th)", core.DayOf(*v.Service.End))
		case v.Service.End != nil:
			what = fmt.Sprintf("cancel; ends %s", core.DayOf(*v.Service.End))
		}
		events = append(events, event{c.At, fmt.Sprintf("%s %s on %s by %s", c.Number, what, jst(c.At), shown(c.Actor))})
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].at.Before(events[j].at) })
	for _, e := range events {
		fmt.Fprintf(w, "Plan service %s: %s\n", id, e.line)
	}
	if v.Service.RenewedAs != "" {
		fmt.Fprintf(w, "Plan service %s: renewed to another plan as plan service %s\n", id, v.Service.RenewedAs)
	}
	if v.Service.Voided() {
		return
	}
	for _, t := range v.Service.Terms(v.Term.Start) {
		if t.Index == 0 {
			continue
		}
		how := "auto-renew"
		switch {
		case t.Recontract:
			how = "re-contract " + t.Renewal
		case t.Renewal != "":
			how = "renewal " + t.Renewal
		}
		fmt.Fprintf(w, "Plan service %s: term %d %s – %s, %d year(s), %d %% off (%s)\n", id, t.Index+1,
			core.DayOf(t.Start), core.DayOf(t.End), max(t.Years, 1), t.Discount, how)
	}
}

// printStanding says whether the contract is suspended (利用停止中) and why.
func printStanding(w io.Writer, cat *core.Catalog, lang string, st core.Standing, withdrawn bool) {
	if withdrawn {
		fmt.Fprintln(w, "\nStanding: withdrawn (退会済): no service is in use")
		return
	}
	if !st.Suspended {
		fmt.Fprintln(w, "\nStanding: in good standing")
		return
	}
	fmt.Fprintln(w, "\nStanding: suspended (利用停止中)")
	for _, r := range st.Reasons {
		switch r.Code {
		case core.StandingUnpaid:
			fmt.Fprintf(w, "  unpaid: statement %s, %s of %s still to pay (%s), due %s; suspended since %s\n",
				r.Month, yenAmount(r.Remaining), yenAmount(r.Total), dash(r.Kind), r.Due, r.Since)
		case core.StandingLapsed:
			scope := "that plan's services"
			if r.Membership {
				scope = "the contract's paid services (the membership is the connection)"
			}
			fmt.Fprintf(w, "  lapsed: plan service %s %s, term ended %s without renewal; %s suspended since %s\n",
				shown(r.Service), shown(planName(cat, lang, r.Plan)), r.TermEnd, scope, r.Since)
		}
	}
}

// feeText is the fee the current term or month runs at, with the next
// renewal's where it differs (an annual option cancelled this term, SPEC §11.2):
// "¥26,000 (next renewal ¥24,000)".
func feeText(v core.PlanView) string {
	s := yenAmount(v.Fee)
	if v.NextFee != v.Fee {
		s += fmt.Sprintf(" (next renewal %s)", yenAmount(v.NextFee))
	}
	return s
}

// planJSON is one plan service in the JSON of admin contract show.
type planJSON struct {
	ID        string           `json:"id"`
	Plan      string           `json:"plan"`
	Name      string           `json:"name"`
	Cycle     string           `json:"cycle"`
	State     core.PlanState   `json:"state"`
	Start     core.Day         `json:"start"`
	TermStart core.Day         `json:"term_start"`
	TermEnd   core.Day         `json:"term_end"`
	End       core.Day         `json:"end"`
	Fee       int64            `json:"fee"`
	NextFee   int64            `json:"next_fee"`
	Request   string           `json:"request"`
	Service   core.PlanService `json:"service"`
	// Renewal is the renewal notice (SPEC §11.3); null outside its period.
	Renewal *core.RenewalNotice `json:"renewal"`
}

func plansJSON(views []core.PlanView) []planJSON {
	out := []planJSON{}
	for _, v := range views {
		p := planJSON{ID: v.Service.ID, Plan: v.Service.Plan, Name: v.Plan.Name, Cycle: v.Plan.Cycle, State: v.State,
			Start: core.DayOf(v.Service.Start), TermStart: core.DayOf(v.Term.Start), TermEnd: core.DayOf(v.Term.End),
			Fee: v.Fee, NextFee: v.NextFee, Request: v.Request, Service: v.Service, Renewal: v.Renewal}
		if v.Service.End != nil {
			p.End = core.DayOf(*v.Service.End)
		}
		out = append(out, p)
	}
	return out
}
