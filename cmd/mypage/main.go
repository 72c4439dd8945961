// Command mypage is the member portal: the TUI on the local terminal, a kiosk,
// an SSH server, a demo and the back-office commands. It only wires the core
// service, the store and the TUI together; every rule lives in core.
package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/mattn/go-runewidth"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"mypage/core"
)

func main() {
	// lipgloss counts ambiguous-width characters as one cell; make go-runewidth
	// agree even under a ja_JP locale so tables do not truncate early.
	runewidth.DefaultCondition.EastAsianWidth = false
	os.Exit(execute(newRootCmd()))
}

// execute runs the root command and returns the exit status. The error that
// ends a command is written on the root's standard error escaped (escapeOutput):
// it may repeat what the operator typed.
func execute(root *cobra.Command) int {
	err := root.Execute()
	if err == nil {
		return 0
	}
	var ex exitError
	if errors.As(err, &ex) {
		return ex.code
	}
	fmt.Fprintln(root.ErrOrStderr(), escapeOutput("mypage: "+err.Error()))
	return 1
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
	// throttle holds the throttle flags of the portal command that runs; nil
	// for the other commands, which keep the figures of the configuration.
	throttle *throttleFlags
	dbf      dbFlags // the connection to a database server

	logLevel string
	logFile  string
	log      *slog.Logger // built from --log-level and --log-file before any command runs
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
			foldArgs(args)
			if err := refuseNegative(cmd); err != nil {
				return err
			}
			if err := g.dbf.check(); err != nil {
				return err
			}
			if err := g.dbFromEnv(cmd); err != nil {
				return err
			}
			escapeCommandOutput(cmd)
			return g.setLogger(cmd)
		},
		RunE: func(cmd *cobra.Command, args []string) error { return runLocal(cmd, g) },
	}
	root.CompletionOptions.HiddenDefaultCmd = true
	addThrottleFlags(root, g)
	pf := root.PersistentFlags()
	pf.StringVar(&g.db, "db", "", "database `FILE` or postgres://user@host/dbname URL (default $MYPAGE_DB, else $XDG_DATA_HOME/mypage/mypage.db, else ~/.local/share/mypage/mypage.db)")
	g.dbf.register(pf)
	pf.StringVar(&g.lang, "lang", "ja", "language of the portal: ja or en")
	pf.StringVar(&g.catalog, "catalog", "", "operator catalog `FILE` (JSON) instead of the built-in one")
	pf.StringVar(&g.issuer.RegistrationNumber, "issuer-number", "", "the invoicing company's qualified-invoice registration `NUMBER` (T and 13 digits) printed on statements (default "+core.DefaultIssuer.RegistrationNumber+")")
	pf.StringVar(&g.issuer.Name, "issuer-name", "", "the invoicing company's `NAME` printed on statements, with --issuer-number (default "+core.DefaultIssuer.Name+")")
	pf.StringVar(&g.logLevel, "log-level", "info", "least severe log records written: debug, info, warn or error")
	pf.StringVar(&g.logFile, "log-file", "", "append the log to `FILE` (default: standard error; for the portal on this terminal, mypage.log in the data directory)")
	root.AddCommand(newRunCmd(g), newDemoCmd(g), newAdminCmd(g), newServeCmd(g), newKioskCmd(g))
	foldFlags(root)
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
	cfg.Logger = g.log
	if g.throttle != nil {
		g.throttle.apply(&cfg)
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
		// A named pipe would block the start-up forever, a device never end.
		if fi, err := os.Stat(g.catalog); err != nil {
			return cfg, fmt.Errorf("--catalog: %w", err)
		} else if !fi.Mode().IsRegular() {
			return cfg, fmt.Errorf("--catalog %s is not a regular file but %s", g.catalog, fileKind(fi.Mode()))
		}
		cat, err := core.LoadCatalog(g.catalog)
		if err != nil {
			return cfg, err
		}
		cfg.Catalog = cat
	}
	return cfg, nil
}

// fileKind names what a file that is not a regular file is.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file (" + m.Type().String() + ")"
}

// open opens the database at path, creating it when missing (demo), and builds the
// service over it.
func (g *globals) open(path string) (*core.Service, *database, error) {
	return g.openFile(path, dbCreate)
}

// openDefault opens an existing --db, or the default database in the data
// directory, read-write; a missing file is refused.
func (g *globals) openDefault() (*core.Service, *database, error) {
	return g.openMode(dbWrite)
}

// refuseNegative refuses a negative count or duration in any flag of any
// command, naming the flag; each command checks its own further limits.
func refuseNegative(cmd *cobra.Command) error {
	var err error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		switch f.Value.Type() {
		case "int", "int64", "duration":
			if v := f.Value.String(); err == nil && strings.HasPrefix(v, "-") {
				err = fmt.Errorf("--%s must not be negative, not %s", f.Name, v)
			}
		}
	})
	return err
}

// setLogger builds the one logger of the process from --log-level and
// --log-file. The portal on this terminal (run, kiosk, demo) never logs on its
// screen: without --log-file it appends to mypage.log in the data directory,
// opened on the first record.
func (g *globals) setLogger(cmd *cobra.Command) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(g.logLevel)); err != nil {
		return fmt.Errorf("--log-level must be debug, info, warn or error, not %q", g.logLevel)
	}
	var w io.Writer = cmd.ErrOrStderr()
	switch {
	case g.logFile != "":
		f, err := os.OpenFile(g.logFile, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			return fmt.Errorf("--log-file: %w", err)
		}
		w = f
	case onTerminal(cmd):
		path, err := dataFile("", "mypage.log")
		if err != nil {
			return err
		}
		w = &lazyFile{path: path}
	}
	g.log = slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
	return nil
}

// onTerminal says whether the command draws the portal on this terminal.
func onTerminal(cmd *cobra.Command) bool {
	switch cmd.Name() {
	case "mypage", "run", "kiosk", "demo":
		return true
	}
	return false
}

// lazyFile is a log file created on its first write, so that a command that
// logs nothing leaves no file behind.
type lazyFile struct {
	path string
	mu   sync.Mutex
	f    *os.File
	err  error
}

func (l *lazyFile) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil && l.err == nil {
		if l.err = os.MkdirAll(filepath.Dir(l.path), 0o700); l.err == nil {
			l.f, l.err = os.OpenFile(l.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		}
	}
	if l.err != nil {
		return 0, l.err
	}
	return l.f.Write(p)
}
