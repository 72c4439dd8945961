// Command mypage is the member portal: the TUI on the local terminal, a kiosk,
// an SSH server, a demo and the back-office commands. It only wires the core
// service, the store and the TUI together; every rule lives in core.
package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/mattn/go-runewidth"
	"github.com/spf13/cobra"

	"mypage/core"
	"mypage/store"
)

func main() {
	// lipgloss counts ambiguous-width characters as one cell; make go-runewidth
	// agree even under a ja_JP locale so tables do not truncate early.
	runewidth.DefaultCondition.EastAsianWidth = false
	if err := newRootCmd().Execute(); err != nil {
		var ex exitError
		if !errors.As(err, &ex) {
			fmt.Fprintln(os.Stderr, "mypage:", err)
			os.Exit(1)
		}
		os.Exit(ex.code)
	}
}

// exitError ends the command with a code after it has reported the problem itself.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// baseConfig is the service configuration before --catalog; tests replace it.
var baseConfig = core.DefaultConfig

// globals are the persistent flags shared by every command.
type globals struct {
	db      string
	lang    string
	catalog string
	issuer  core.Issuer // empty: core.DefaultIssuer
}

func newRootCmd() *cobra.Command {
	g := &globals{}
	root := &cobra.Command{
		Use:   "mypage",
		Short: "My Page member portal of the internet provider, in the terminal",
		Long: "mypage is the self-service member portal (マイページ) in the terminal.\n" +
			"Without a command it starts the portal on this terminal (same as \"mypage run\").",
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if g.lang != "ja" && g.lang != "en" {
				return fmt.Errorf("--lang must be ja or en, not %q", g.lang)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return runLocal(cmd, g) },
	}
	root.CompletionOptions.HiddenDefaultCmd = true
	pf := root.PersistentFlags()
	pf.StringVar(&g.db, "db", "", "database `FILE` (default $XDG_DATA_HOME/mypage/mypage.db, else ~/.local/share/mypage/mypage.db)")
	pf.StringVar(&g.lang, "lang", "ja", "language of the portal: ja or en")
	pf.StringVar(&g.catalog, "catalog", "", "operator catalog `FILE` (JSON) instead of the built-in one")
	pf.StringVar(&g.issuer.RegistrationNumber, "issuer-number", "", "the invoicing company's qualified-invoice registration `NUMBER` (T and 13 digits) printed on statements (default "+core.DefaultIssuer.RegistrationNumber+")")
	pf.StringVar(&g.issuer.Name, "issuer-name", "", "the invoicing company's `NAME` printed on statements, with --issuer-number (default "+core.DefaultIssuer.Name+")")
	root.AddCommand(newRunCmd(g), newDemoCmd(g), newAdminCmd(g), newServeCmd(g), newKioskCmd(g))
	return root
}

// dataDir is where mypage keeps its files: $XDG_DATA_HOME/mypage or ~/.local/share/mypage.
func dataDir() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "mypage"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the data directory (set --db or XDG_DATA_HOME): %w", err)
	}
	return filepath.Join(home, ".local", "share", "mypage"), nil
}

// dataFile returns flag when set, else name inside the data directory.
func dataFile(flag, name string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	dir, err := dataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, name), nil
}

// config builds the service configuration with the --catalog file and the
// issuer if any, and refuses a configuration that core finds invalid.
func (g *globals) config() (core.Config, error) {
	cfg := baseConfig()
	if (g.issuer.Name == "") != (g.issuer.RegistrationNumber == "") {
		return cfg, errors.New("give --issuer-name and --issuer-number together: a statement names the issuer with its registration number")
	}
	if g.issuer.RegistrationNumber != "" {
		cfg.Issuer = g.issuer
	}
	if err := cfg.Validate(); err != nil {
		if errors.Is(err, core.ErrRegistrationNumber) {
			return cfg, fmt.Errorf("--issuer-number: %q is not a valid qualified-invoice registration number "+
				"(T and 13 digits whose first digit is the check digit of the other 12, e.g. %s)",
				cfg.Issuer.RegistrationNumber, core.DefaultIssuer.RegistrationNumber)
		}
		return cfg, fmt.Errorf("configuration: %w", err)
	}
	if g.catalog != "" {
		cat, err := core.LoadCatalog(g.catalog)
		if err != nil {
			return cfg, err
		}
		cfg.Catalog = cat
	}
	return cfg, nil
}

// open opens the database at path, creating it when missing (demo), and builds the
// service over it.
func (g *globals) open(path string) (*core.Service, *store.DB, error) {
	return g.openFile(path, dbCreate)
}

// openDefault opens an existing --db, or the default database in the data
// directory, read-write; a missing file is refused.
func (g *globals) openDefault() (*core.Service, *store.DB, error) {
	return g.openMode(dbWrite)
}
