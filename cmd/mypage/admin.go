package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"mypage/core"
)

// operator is the principal of every back-office command.
var operator = core.Operator("admin")

func newAdminCmd(g *globals) *cobra.Command {
	admin := &cobra.Command{
		Use:  "admin",
		Args: cobra.NoArgs,
	}
	contract := &cobra.Command{
		Use:   "contract",
		Short: "Create a contract, show one, or reissue its customer password",
		Args:  cobra.NoArgs,
	}
	contract.AddCommand(newContractCreateCmd(g), newContractShowCmd(g), newContractReissueCmd(g))
	admin.AddCommand(contract, newOutboxCmd(g), newAuditCmd(g), newBackupCmd(g), newCatalogCmd(g))
	admin.AddCommand(newChargesCmd(g))
	admin.AddCommand(newCardCmd(g))
	admin.AddCommand(newStatementCmd(g))
	admin.AddCommand(newClockCmd(g))
	admin.AddCommand(newDebitResultCmd(g))
	admin.AddCommand(newPaymentCmd(g))
	admin.AddCommand(newImportCallsCmd(g))
	admin.AddCommand(newDebitScheduleCmd(g))
	admin.AddCommand(newInitCmd(g), newCheckCmd(g), newMigrateCmd(g), newUnlockCmd(g))
	admin.AddCommand(newLineCmd(g))
	admin.AddCommand(newPlanCmd(g), newQuoteCmd(g), newRenewalsCmd(g))
	admin.AddCommand(newNoticeCmd(g))
	admin.AddCommand(newRequestsCmd(g), newRequestCmd(g))
	admin.AddCommand(newTicketsCmd(g), newTicketCmd(g))
	admin.AddCommand(newCallbacksCmd(g))
	// The summary names every command, so that none is left out of it.
	var names []string
	for _, c := range admin.Commands() {
		names = append(names, c.Name())
	}
	admin.Short = "Back-office commands: " + strings.Join(names, ", ")
	return admin
}

// createFields are the fields of the contract form in the order of its flags.
var createFields = []string{core.FieldType, core.FieldLastName, core.FieldFirstName, core.FieldLastKana,
	core.FieldFirstKana, core.FieldRomajiLast, core.FieldRomajiFirst, core.FieldBirthDate, core.FieldGender,
	core.FieldAddress, core.FieldPhone, core.FieldMobile, core.FieldFax, core.FieldContactMail,
	core.FieldOccupation, core.FieldHousehold}

// flagOf names the flag of a form field: birth_date → --birth-date.
func flagOf(field string) string { return "--" + strings.ReplaceAll(field, "_", "-") }

func newContractCreateCmd(g *globals) *cobra.Command {
	var n core.NewContract
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Open a contract and print its registration certificate (登録証)",
		Long: "create opens a contract with a new customer number and a random initial password\n" +
			"and prints the registration certificate. The password is shown only this once.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, db, err := g.openDefault()
			if err != nil {
				return err
			}
			defer db.Close()
			cert, err := svc.CreateContract(operator, n)
			if pr := core.FieldProblems(err); pr != nil {
				printProblems(cmd.ErrOrStderr(), svc.Catalog(), pr)
				return exitError{code: 2}
			}
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), cert)
			}
			return printCertificate(cmd.OutOrStdout(), cert)
		},
	}
	f := cmd.Flags()
	c := &n.Customer
	f.StringVar(&n.Type, "type", "", "contract type `CODE`: "+strings.Join(typeCodes(core.DefaultCatalog()), ", ")+
		" (built-in catalog; see \"mypage admin catalog\")")
	f.StringVar(&c.LastName, "last-name", "", "holder's family name (姓)")
	f.StringVar(&c.FirstName, "first-name", "", "holder's given name (名)")
	f.StringVar(&c.LastKana, "last-kana", "", "family name in katakana (セイ)")
	f.StringVar(&c.FirstKana, "first-kana", "", "given name in katakana (メイ)")
	f.StringVar(&c.RomajiLast, "romaji-last", "", "family name in roman letters")
	f.StringVar(&c.RomajiFirst, "romaji-first", "", "given name in roman letters")
	f.StringVar(&c.BirthDate, "birth-date", "", "date of birth, `YYYY-MM-DD`, from 1900-01-01 to today")
	f.StringVar(&c.Gender, "gender", "", strings.Join(core.Genders, " or "))
	f.StringVar(&c.Address, "address", "", "postal address")
	f.StringVar(&c.Phone, "phone", "", "phone number")
	f.StringVar(&c.Mobile, "mobile", "", "mobile phone number (optional)")
	f.StringVar(&c.Fax, "fax", "", "fax number (optional)")
	f.StringVar(&c.ContactMail, "contact-mail", "", "contact mail address (optional)")
	f.StringVar(&c.Occupation, "occupation", "", "one of "+strings.Join(core.Occupations, ", ")+" (optional)")
	f.IntVar(&c.Household, "household", 1, "number of people in the household")
	f.BoolVar(&asJSON, "json", false, "print the certificate as JSON")
	return cmd
}

// printProblems reports each invalid field as "--flag: problem", in the order of the flags.
func printProblems(w io.Writer, cat *core.Catalog, pr map[string]string) {
	for _, field := range createFields {
		if code, ok := pr[field]; ok {
			fmt.Fprintf(w, "%s: %s\n", flagOf(field), describeProblem(cat, field, code))
		}
	}
	for field, code := range pr {
		if !contains(createFields, field) {
			fmt.Fprintf(w, "%s: %s\n", flagOf(field), describeProblem(cat, field, code))
		}
	}
}

// describeProblem turns a core problem code into words for the operator.
func describeProblem(cat *core.Catalog, field, code string) string {
	switch code {
	case core.ProblemRequired:
		return "required"
	case core.ProblemFormat:
		if field == core.FieldBirthDate {
			return "not a date YYYY-MM-DD from 1900-01-01 to today"
		}
		return "characters or format not accepted"
	case core.ProblemLength:
		return fmt.Sprintf("at most %d characters", core.TextLimit(field))
	case core.ProblemChoice:
		switch field {
		case core.FieldType:
			return "not a contract type; one of " + strings.Join(typeCodes(cat), ", ")
		case core.FieldGender:
			return "one of " + strings.Join(core.Genders, ", ")
		case core.FieldOccupation:
			return "one of " + strings.Join(core.Occupations, ", ")
		}
		return "not one of the choices"
	}
	return code
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func typeCodes(cat *core.Catalog) []string {
	codes := make([]string, 0, len(cat.ContractTypes))
	for _, t := range cat.ContractTypes {
		codes = append(codes, t.Code)
	}
	return codes
}

// printCertificate writes the registration certificate as the operator hands it over.
func printCertificate(w io.Writer, c core.Certificate) error {
	fmt.Fprintln(w, "登録証 (registration certificate)")
	fmt.Fprintln(w)
	return printTable(w, []string{"  お客様番号 / customer number", c.Number}, [][]string{
		{"  初期パスワード / initial password", c.InitialPassword},
		{"  ご契約タイプ / contract type", c.Type},
		{"  契約者 / holder", c.Holder},
		{"  発行日 / issued", c.IssuedAt.In(core.JST).Format("2006-01-02")},
	})
}

func newContractShowCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show NUMBER",
		Short: "Show a contract with its account IDs, options and plan services",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, db, err := g.openReadOnly()
			if err != nil {
				return err
			}
			defer db.Close()
			rec, err := svc.ShowContract(operator, args[0])
			if errors.Is(err, core.ErrNotFound) {
				return fmt.Errorf("no contract with customer number %s", args[0])
			}
			if err != nil {
				return err
			}
			plans, err := svc.PlansOf(operator, args[0])
			if err != nil {
				return err
			}
			standing, err := svc.StandingOf(operator, args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), struct {
					core.ContractRecord
					Plans    []planJSON    `json:"plans"`
					Standing core.Standing `json:"standing"`
				}{rec, plansJSON(plans), standing})
			}
			if err := printContract(cmd.OutOrStdout(), rec); err != nil {
				return err
			}
			if err := printPlans(cmd.OutOrStdout(), svc.Catalog(), g.lang, plans); err != nil {
				return err
			}
			printStanding(cmd.OutOrStdout(), svc.Catalog(), g.lang, standing, rec.Withdrawn != nil)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the contract as JSON")
	return cmd
}

// printContract writes a contract for a person to read.
func printContract(w io.Writer, r core.ContractRecord) error {
	c := r.Customer
	opt := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	err := printTable(w, []string{"Customer number", r.Number}, [][]string{
		{"Contract type", fmt.Sprintf("%s (%s, %s)", r.TypeName, r.Type, r.Family)},
		{"Holder", fmt.Sprintf("%s %s (%s %s / %s %s)", c.LastName, c.FirstName, c.LastKana, c.FirstKana, c.RomajiLast, c.RomajiFirst)},
		{"Birth date", c.BirthDate},
		{"Gender", c.Gender},
		{"Address", oneLine(c.Address)},
		{"Phone", opt(c.Phone)},
		{"Mobile", opt(c.Mobile)},
		{"Fax", opt(c.Fax)},
		{"Contact mail", opt(c.ContactMail)},
		{"Occupation", opt(c.Occupation)},
		{"Household", fmt.Sprint(c.Household)},
		{"Created", jst(r.CreatedAt)},
		{"Internet line", lineText(r.LineCancel)},
		{"Membership", membershipText(r.Withdrawn)},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nAccount IDs (%d)\n", len(r.Accounts))
	if len(r.Accounts) > 0 {
		rows := [][]string{}
		for _, a := range r.Accounts {
			rows = append(rows, []string{a.ID, a.LastName + " " + a.FirstName, a.UserName, string(a.Permission), opt(a.Mail), jst(a.CreatedAt)})
		}
		if err := printTable(w, []string{"ID", "NAME", "USER NAME", "PERMISSION", "MAIL", "CREATED"}, rows); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "\nOptions (%d)\n", len(r.Options))
	if len(r.Options) > 0 {
		rows := [][]string{}
		for _, o := range r.Options {
			cancelled := "-"
			if o.CancelledAt != nil {
				cancelled = jst(*o.CancelledAt)
			}
			rows = append(rows, []string{o.Option, opt(o.Account), jst(o.PurchasedAt), cancelled})
		}
		return printTable(w, []string{"OPTION", "ACCOUNT ID", "PURCHASED", "CANCELLED"}, rows)
	}
	return nil
}

// membershipText says whether the member has withdrawn (退会済) and when.
func membershipText(w *core.Withdrawal) string {
	if w == nil {
		return "member"
	}
	return fmt.Sprintf("退会済 (withdrawn) %s, %s by %s", jst(w.At), w.Number, shown(w.Actor))
}

func newOutboxCmd(g *globals) *cobra.Command {
	var limit int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "outbox",
		Short: "List the notification mails written to the outbox, oldest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, db, err := g.openReadOnly()
			if err != nil {
				return err
			}
			defer db.Close()
			mails, err := svc.Outbox(operator, limit)
			if err != nil {
				return err
			}
			if asJSON {
				return printList(cmd.OutOrStdout(), mails)
			}
			rows := [][]string{}
			for _, m := range mails {
				rows = append(rows, []string{fmt.Sprint(m.Seq), jst(m.Time), m.To, oneLine(m.Subject)})
			}
			return printTable(cmd.OutOrStdout(), []string{"SEQ", "TIME (JST)", "TO", "SUBJECT"}, rows)
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 50, "show only the newest `N` mails (0: all)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the mails (with their bodies) as JSON")
	return cmd
}

func newAuditCmd(g *globals) *cobra.Command {
	var f core.AuditFilter
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "List the audit log: who did what, when, from where, with what result",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, db, err := g.openReadOnly()
			if err != nil {
				return err
			}
			defer db.Close()
			recs, err := svc.Audit(operator, f)
			if err != nil {
				return err
			}
			if asJSON {
				return printList(cmd.OutOrStdout(), recs)
			}
			rows := [][]string{}
			for _, r := range recs {
				rows = append(rows, []string{fmt.Sprint(r.Seq), jst(r.Time), r.Actor, dash(r.Contract), r.Source, r.Action, dash(r.Target), r.Result})
			}
			return printTable(cmd.OutOrStdout(), []string{"SEQ", "TIME (JST)", "ACTOR", "CONTRACT", "SOURCE", "ACTION", "TARGET", "RESULT"}, rows)
		},
	}
	cmd.Flags().StringVar(&f.Contract, "contract", "", "only the records of this customer `NUMBER`")
	cmd.Flags().IntVar(&f.Limit, "limit", 50, "show only the newest `N` records (0: all)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the records as JSON")
	return cmd
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func newBackupCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a consistent copy of the database to a new file, also while the portal runs",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, db, err := g.openReadOnly()
			if err != nil {
				return err
			}
			defer db.Close()
			if db.bolt == nil {
				return errBackupServer(db)
			}
			n, err := db.bolt.BackupFile(args[0])
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "backed up %s to %s (%d bytes)\n", db.Describe(), args[0], n)
			return err
		},
	}
}

func newCatalogCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "catalog",
		Short: "List the contract types (the codes for --type), the plans (--plan, --to) and the annual options of the catalog",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := g.config()
			if err != nil {
				return err
			}
			cat := cfg.Catalog
			if asJSON {
				return printJSON(cmd.OutOrStdout(), catalogOf(cat))
			}
			w := cmd.OutOrStdout()
			rows := [][]string{}
			for _, t := range cat.ContractTypes {
				name := t.Name
				if g.lang == "en" && t.NameEn != "" {
					name = t.NameEn
				}
				rows = append(rows, []string{t.Code, string(t.Family), fmt.Sprint(t.AccountIDs), name})
			}
			fmt.Fprintln(w, "Contract types")
			if err := printTable(w, []string{"CODE", "FAMILY", "ACCOUNT IDS", "NAME"}, rows); err != nil {
				return err
			}
			rows = [][]string{}
			for _, p := range cat.Plans {
				rows = append(rows, []string{p.Code, p.Cycle, yenAmount(p.Price), yenAmount(p.InitialFee),
					dash(strings.Join(p.Targets, ", ")), planName(cat, g.lang, p.Code)})
			}
			fmt.Fprintln(w, "\nPlans (yen, tax-excluded; the price is a month's or a year's by the cycle)")
			if err := printTable(w, []string{"CODE", "CYCLE", "PRICE", "INITIAL FEE", "MAY CHANGE TO", "NAME"}, rows); err != nil {
				return err
			}
			rows = [][]string{}
			for _, o := range cat.Options {
				if o.Rule != core.RuleAnnual {
					continue
				}
				name := o.Name
				if g.lang == "en" && o.NameEn != "" {
					name = o.NameEn
				}
				rows = append(rows, []string{o.Code, yenAmount(o.Annual), strings.Join(o.Plans, ", "), name})
			}
			fmt.Fprintln(w, "\nAnnual options (added to a 年会費制 plan's annual fee)")
			return printTable(w, []string{"CODE", "ANNUAL", "ADDS TO", "NAME"}, rows)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the contract types, plans and annual options as JSON")
	return cmd
}

// catalogJSON is the catalog as admin catalog --json prints it: the codes an
// operator types, each with what it stands for.
type catalogJSON struct {
	ContractTypes []core.ContractType `json:"contract_types"`
	Plans         []catalogPlan       `json:"plans"`
	AnnualOptions []catalogAnnual     `json:"annual_options"`
}

// catalogPlan is one plan of the catalog; targets is [] when it changes to nothing.
type catalogPlan struct {
	Code       string   `json:"code"`
	Name       string   `json:"name"`
	NameEn     string   `json:"name_en"`
	Kind       string   `json:"kind"`
	Cycle      string   `json:"cycle"`
	Price      int64    `json:"price"`
	InitialFee int64    `json:"initial_fee"`
	Targets    []string `json:"targets"`
}

type catalogAnnual struct {
	Code   string   `json:"code"`
	Name   string   `json:"name"`
	NameEn string   `json:"name_en"`
	Annual int64    `json:"annual"`
	Plans  []string `json:"plans"`
}

func catalogOf(cat *core.Catalog) catalogJSON {
	out := catalogJSON{ContractTypes: cat.ContractTypes, Plans: []catalogPlan{}, AnnualOptions: []catalogAnnual{}}
	for _, p := range cat.Plans {
		out.Plans = append(out.Plans, catalogPlan{Code: p.Code, Name: p.Name, NameEn: p.NameEn, Kind: p.Kind, Cycle: p.Cycle,
			Price: p.Price, InitialFee: p.InitialFee, Targets: append([]string{}, p.Targets...)})
	}
	for _, o := range cat.Options {
		if o.Rule == core.RuleAnnual {
			out.AnnualOptions = append(out.AnnualOptions, catalogAnnual{Code: o.Code, Name: o.Name, NameEn: o.NameEn,
				Annual: o.Annual, Plans: append([]string{}, o.Plans...)})
		}
	}
	return out
}

// lineText says whether the internet line runs or when its recorded cancellation ends it.
func lineText(lc *core.LineCancel) string {
	if lc == nil {
		return "in use (not cancelled)"
	}
	return fmt.Sprintf("cancelled by phone: ends %s (recorded %s)", core.DayOf(lc.Date), jst(lc.RecordedAt))
}
