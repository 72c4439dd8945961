package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"mypage/core"
	"mypage/store"
)

// database is the store a command opened, whichever kind --db names: what
// the commands need of it (core.Storage, Close, a name for messages) and, on a
// bbolt file, the operations only a file has (backup, check).
type database struct {
	core.Storage
	bolt  *store.DB // the bbolt file; nil on another kind of database
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
	fs.DurationVar(&f.statementTimeout, "db-statement-timeout", 30*time.Second, "PostgreSQL: cancel a statement that runs longer than this")
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

// dbFromEnv takes the database from MYPAGE_DB when --db is not given.
func (g *globals) dbFromEnv(cmd *cobra.Command) {
	if f := cmd.Flags().Lookup("db"); f != nil && !f.Changed {
		if v := os.Getenv("MYPAGE_DB"); v != "" {
			g.db = v
		}
	}
}

// errBackupServer refuses admin backup on a database server: a consistent copy
// of it is made with the server's own tools, which also restore it.
func errBackupServer(db *database) error {
	return fmt.Errorf("%s is a PostgreSQL database: back it up with PostgreSQL's own tools, "+
		"pg_dump (for example: pg_dump --format=custom --file=mypage.dump 'URL') and restore it with pg_restore; "+
		"admin backup copies a bbolt database file", db.Describe())
}
