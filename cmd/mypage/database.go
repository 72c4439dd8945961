package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"regexp"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/text/unicode/norm"

	"mypage/core"
	"mypage/store"
	"mypage/store/postgres"
)

// database is the store a command opened, whichever kind --db names: what
// the commands need of it (core.Storage, Close, a name for messages) and, on a
// bbolt file, the operations only a file has (backup, check).
type database struct {
	core.Storage
	bolt  *store.DB    // the bbolt file; nil on PostgreSQL
	pg    *postgres.DB // the PostgreSQL database; nil on a bbolt file
	close func() error
	name  string // for messages: a path, or a URL without its password
}

func (d *database) Close() error { return d.close() }

// Describe names the database in messages; it never holds a password.
func (d *database) Describe() string { return d.name }

func openBolt(path string, opts store.Options) (*database, error) {
	db, err := store.Open(path, opts)
	if err != nil {
		return nil, err
	}
	return &database{Storage: db, bolt: db, close: db.Close, name: db.Path()}, nil
}

// dbFlags are the flags of the connection to a database server; they have no
// effect on a bbolt file.
type dbFlags struct {
	maxConns         int
	connectTimeout   time.Duration
	statementTimeout time.Duration
}

// Bounds of the database flags.
const maxDBConns = 1000

var (
	dbConnectTimeoutBound   = durationBound{flag: "--db-connect-timeout", min: 100 * time.Millisecond, max: 5 * time.Minute}
	dbStatementTimeoutBound = durationBound{flag: "--db-statement-timeout", min: 100 * time.Millisecond, max: time.Hour}
)

func (f *dbFlags) register(fs *pflag.FlagSet) {
	fs.IntVar(&f.maxConns, "db-max-conns", 10, "PostgreSQL: connections of the pool at most")
	fs.DurationVar(&f.connectTimeout, "db-connect-timeout", 5*time.Second, "PostgreSQL: give up a connection attempt after this long")
	fs.DurationVar(&f.statementTimeout, "db-statement-timeout", 10*time.Second, "PostgreSQL: cancel a statement that runs longer than this")
}

func (f *dbFlags) check() error {
	if f.maxConns < 1 || f.maxConns > maxDBConns {
		return fmt.Errorf("--db-max-conns must be from 1 to %d, not %d", maxDBConns, f.maxConns)
	}
	if err := dbConnectTimeoutBound.check(f.connectTimeout); err != nil {
		return err
	}
	return dbStatementTimeoutBound.check(f.statementTimeout)
}

// dbFromEnv takes the database from MYPAGE_DB when --db is not given, and
// refuses a name that is neither a file path nor a PostgreSQL URL. The
// demo is the exception: it fills its database with demo contracts, so it
// takes one only when named with --db, never the portal's own from the
// environment.
func (g *globals) dbFromEnv(cmd *cobra.Command) error {
	if cmd.Name() == "demo" {
		return checkDatabaseName("--db", g.db)
	}
	if f := cmd.Flags().Lookup("db"); f != nil && !f.Changed {
		if v := os.Getenv("MYPAGE_DB"); v != "" {
			g.db = v
			return checkDatabaseName("MYPAGE_DB", g.db)
		}
	}
	return checkDatabaseName("--db", g.db)
}

// checkDatabaseName refuses a database name that looks like a URL but is no
// PostgreSQL one (Postgres://, a leading space, postgres:/): taken as a file
// path it would create a bbolt database in a directory named after the URL.
// Only the scheme is quoted: the rest may hold a password.
func checkDatabaseName(flag, name string) error {
	// As an input method may have typed it: ｐｏｓｔｇｒｅｓ：//, HOST=….
	folded := norm.NFKC.String(name)
	if keywordValue.MatchString(folded) {
		// host=… dbname=… password=…: the driver's other form, not a file.
		return fmt.Errorf("%s: a connection string of keywords (host=… dbname=…) is not taken: give the database as a URL, postgres://user@host/dbname (the password in ~/.pgpass or PGPASSWORD)", flag)
	}
	if postgres.IsURL(name) {
		return nil
	}
	m := urlLike.FindStringSubmatch(folded)
	if m == nil {
		m = postgresLike.FindStringSubmatch(folded)
	}
	if m == nil {
		return nil
	}
	return fmt.Errorf("%s: %q is not the start of a database URL this portal uses: a PostgreSQL URL starts with postgres:// or postgresql:// (in small letters, nothing before it); a bbolt database is a file path",
		flag, m[1])
}

// keywordValue is a connection string of libpq's keyword form.
var keywordValue = regexp.MustCompile(`(?i)(^|\s)(host|hostaddr|port|dbname|user|password|sslmode|service)\s*=`)

// urlLike is the start of a URL: a scheme of two letters or more (C:/ is a
// drive), a colon and a slash, maybe after spaces.
var urlLike = regexp.MustCompile(`^(\s*[A-Za-z][A-Za-z0-9+.-]+:/)`)

// postgresLike is a PostgreSQL URL's scheme with its slashes left out
// (postgres:user:password@host/db).
var postgresLike = regexp.MustCompile(`(?i)^(\s*postgres(ql)?:)`)

// errBackupServer refuses admin backup on a database server: a consistent copy
// of it is made with the server's own tools, which also restore it.
func errBackupServer(db *database) error {
	return fmt.Errorf("%s is a PostgreSQL database: back it up with PostgreSQL's own tools, "+
		"pg_dump (for example: pg_dump --format=custom --file=mypage.dump 'URL') and restore it with pg_restore; "+
		"admin backup copies a bbolt database file", db.Describe())
}

// openServer opens the PostgreSQL database at rawURL with the --db-* flags and
// builds the service over it. A server that cannot be reached is reported in
// one line naming the database; the driver's whole error goes to the log.
func (g *globals) openServer(rawURL string) (*core.Service, *database, error) {
	cfg, err := g.config()
	if err != nil {
		return nil, nil, err
	}
	db, err := openPostgres(context.Background(), rawURL, g.dbf, g.log)
	if err != nil {
		return nil, nil, err
	}
	return core.NewService(db, cfg), db, nil
}

func openPostgres(ctx context.Context, rawURL string, f dbFlags, log *slog.Logger) (*database, error) {
	pg, err := postgres.Open(ctx, rawURL, postgres.Options{
		MaxConns:         int32(f.maxConns),
		ConnectTimeout:   f.connectTimeout,
		StatementTimeout: f.statementTimeout,
		Logger:           log,
	})
	if err != nil {
		var pe *pgconn.PgError
		var ce *pgconn.ConnectError
		if errors.As(err, &ce) && errors.As(err, &pe) {
			// The server answered and refused: a wrong password, no such
			// database or role. Its own message, in one line; the driver's
			// attempts (TLS, then without) are in the log.
			log.Error("database refused the connection", "db", postgres.Describe(rawURL), "err", err)
			return nil, fmt.Errorf("database %s refused the connection: %s (SQLSTATE %s)",
				postgres.Describe(rawURL), pe.Message, pe.Code)
		}
		if errors.Is(err, core.ErrUnavailable) {
			// The store has logged the driver's error in full.
			return nil, fmt.Errorf("database %s cannot be reached (%s): is the server running and the address right? Nothing was done",
				postgres.Describe(rawURL), innermost(err))
		}
		return nil, err // it names the database
	}
	return &database{Storage: pg, pg: pg, close: pg.Close, name: pg.Describe()}, nil
}

// innermost is the reason at the bottom of a driver error, such as
// "connection refused": the chain above it repeats the address and the
// driver's steps.
func innermost(err error) error {
	for {
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			var next error
			for _, e := range u.Unwrap() {
				if e != core.ErrUnavailable {
					next = e
				}
			}
			if next == nil {
				return err
			}
			err = next
		case interface{ Unwrap() error }:
			next := u.Unwrap()
			if next == nil {
				return err
			}
			err = next
		default:
			return err
		}
	}
}

// checkDatabase is admin check: bbolt's own check of a file; on PostgreSQL,
// whose pages the server keeps, the decoding of every document.
func checkDatabase(db *database) (store.Report, error) {
	if db.bolt != nil {
		return db.bolt.Check()
	}
	var r store.Report
	err := db.View(func(tx core.Tx) error {
		counts, problems := core.CheckDocuments(tx)
		r.Buckets = counts
		for _, p := range problems {
			r.Problems = append(r.Problems, p.String())
		}
		return nil
	})
	return r, err
}

// refuseNonEmpty refuses a PostgreSQL database that holds any document.
func refuseNonEmpty(db *database) error {
	counts, err := db.pg.Counts()
	if err != nil {
		return err
	}
	for _, b := range core.Buckets {
		if counts[b] > 0 {
			return fmt.Errorf("database %s is not empty (%s holds %d document(s))", db.Describe(), b, counts[b])
		}
	}
	return nil
}
