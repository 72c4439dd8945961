package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"mypage/core"
	"mypage/store/postgres"
)

func newDemoCmd(g *globals) *cobra.Command {
	var noTUI, asJSON, reset bool
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Create a demo database, print its logins and start the portal on it",
		Long: "demo creates a database filled with demo contracts (a LAN-type and a multi-type\n" +
			"contract with account IDs, and one contract without any), prints their logins,\n" +
			"then starts the portal on it.\n\n" +
			"The database is demo.db in the data directory unless --db names another file.\n" +
			"Each run recreates the default demo.db. Passwords are stored only as hashes and\n" +
			"cannot be shown again, so demo refuses an existing file named with --db: pass\n" +
			"--reset to delete and recreate it, or name a new file.\n" +
			"To open an existing demo database again: mypage --db FILE.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := dataFile(g.db, "demo.db")
			if err != nil {
				return err
			}
			if postgres.IsURL(path) {
				// A database server keeps no file to remove: the demo takes an empty database.
				if reset {
					return errors.New("--reset recreates a demo database file; on PostgreSQL, drop and create the database (dropdb, createdb) and run demo on it")
				}
			} else if _, err := os.Stat(path); err == nil {
				// The default demo.db belongs to the demo alone: a new demo replaces it.
				// A file named with --db may be anything, so it is only replaced on --reset.
				if !reset && g.db != "" {
					return fmt.Errorf("demo database %s already exists; its passwords cannot be shown again.\n"+
						"Use --reset to recreate it, --db NEW_FILE for another one, or open it with: mypage --db %s", path, path)
				}
				if err := os.Remove(path); err != nil {
					return err
				}
			} else if !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			svc, db, err := g.open(path)
			if err != nil {
				return err
			}
			defer db.Close()
			if db.pg != nil {
				if err := refuseNonEmpty(db); err != nil {
					return fmt.Errorf("%w; its passwords cannot be shown again: run demo on a new, empty database", err)
				}
				path = db.Describe()
			}
			// BuildDemo marks the database as a demo (its clock may be moved) and
			// lives three months of history, so that closed statements exist.
			logins, err := svc.BuildDemo(core.Operator("demo"))
			if err != nil {
				return fmt.Errorf("building the demo database: %w", err)
			}
			out := cmd.OutOrStdout()
			if asJSON {
				if err := printJSON(out, logins); err != nil {
					return err
				}
			} else {
				if err := printLogins(out, path, svc.Catalog(), g.lang, logins); err != nil {
					return err
				}
			}
			if noTUI {
				if !asJSON {
					fmt.Fprintf(out, "\nStart the portal on it with: mypage --db %s\n", path)
					if db.pg != nil && hasPassword(g.db) {
						fmt.Fprintln(out, "(the URL is shown without its password: give it again, or keep it in ~/.pgpass or PGPASSWORD)")
					}
				}
				return nil
			}
			if !asJSON {
				waitEnter(cmd.InOrStdin(), out)
			}
			return runTUI(svc, g.lang, g.log)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&noTUI, "no-tui", false, "only create the database and print the logins")
	f.BoolVar(&asJSON, "json", false, "print the logins as JSON")
	f.BoolVar(&reset, "reset", false, "delete an existing demo database first")
	addThrottleFlags(cmd, g)
	return cmd
}

// printLogins writes the demo credentials as a table that fits 80 columns,
// the notes of the logins under it.
func printLogins(w io.Writer, path string, cat *core.Catalog, lang string, logins []core.DemoLogin) error {
	fmt.Fprintf(w, "Demo database: %s\n\n", path)
	rows := make([][]string, 0, len(logins))
	var notes []string
	for _, l := range logins {
		rows = append(rows, []string{l.Kind, l.Login, l.Password, typeName(cat, lang, l.ContractType)})
		if l.Note != "" {
			notes = append(notes, "note for "+l.Login+": "+l.Note)
		}
	}
	if err := printTable(w, []string{"KIND", "LOGIN", "PASSWORD", "CONTRACT TYPE"}, rows); err != nil {
		return err
	}
	fmt.Fprintln(w)
	for _, n := range notes {
		fmt.Fprintln(w, n)
	}
	_, err := fmt.Fprintln(w, "holder: log in with the customer number; admin, user: with the account ID.")
	return err
}

// waitEnter keeps the logins on screen until the user is ready, when there is someone to ask.
func waitEnter(in io.Reader, out io.Writer) {
	if f, ok := in.(*os.File); !ok || !isatty.IsTerminal(f.Fd()) {
		return
	}
	fmt.Fprint(out, "\nPress Enter to start the portal (the logins stay here after you quit it). ")
	_, _ = bufio.NewReader(in).ReadString('\n')
}

// typeName gives a contract type's name in the portal's language.
func typeName(cat *core.Catalog, lang, name string) string {
	for _, t := range cat.ContractTypes {
		if t.Name == name && lang == "en" && t.NameEn != "" {
			return t.NameEn
		}
	}
	return name
}

// hasPassword reports a database URL that carries a password, which its
// description leaves out.
func hasPassword(rawURL string) bool {
	cfg, err := pgconn.ParseConfig(rawURL)
	return err == nil && cfg.Password != "" && os.Getenv("PGPASSWORD") != cfg.Password
}
