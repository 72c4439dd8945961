package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/spf13/cobra"

	"mypage/core"
	"mypage/store"
	"mypage/store/postgres"
)

// dbMode says what a command may do with the database file.
type dbMode int

const (
	dbWrite  dbMode = iota // an existing database, read-write (back-office commands)
	dbRead                 // an existing database, read-only: the command writes nothing
	dbPortal               // the portal: the default database is created on first use, a --db must exist
	dbCreate               // created when missing (demo, admin init)
)

// adminStoreOptions are those of the back-office commands: a running portal hands
// the file over within moments, so the longer wait only covers a long transaction
// of another command.
func adminStoreOptions(readOnly bool) store.Options {
	return store.Options{LockTimeout: 15 * time.Second, IdleClose: store.DefaultOptions.IdleClose, ReadOnly: readOnly}
}

// openReadOnly opens an existing --db, or the default database, read-only.
func (g *globals) openReadOnly() (*core.Service, *database, error) { return g.openMode(dbRead) }

// openPortal opens the database of the portal (run, serve, kiosk).
func (g *globals) openPortal() (*core.Service, *database, error) { return g.openMode(dbPortal) }

// openMode opens --db, or the default database in the data directory, as mode allows.
func (g *globals) openMode(mode dbMode) (*core.Service, *database, error) {
	if postgres.IsURL(g.db) {
		return g.openServer(g.db)
	}
	path, err := dataFile(g.db, "mypage.db")
	if err != nil {
		return nil, nil, err
	}
	if mode == dbPortal && g.db != "" {
		mode = dbWrite
	}
	return g.openFile(path, mode)
}

// openFile opens the database at path as mode allows and builds the service over it.
// Only dbCreate and dbPortal create a missing file.
func (g *globals) openFile(path string, mode dbMode) (*core.Service, *database, error) {
	if postgres.IsURL(path) {
		return g.openServer(path)
	}
	cfg, err := g.config()
	if err != nil {
		return nil, nil, err
	}
	if mode == dbWrite || mode == dbRead {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("database %s does not exist: check the path (to create a new database: mypage admin init --db %s)", path, path)
		} else if err != nil {
			return nil, nil, err
		}
	}
	opts := store.DefaultOptions
	switch mode {
	case dbWrite, dbRead:
		opts = adminStoreOptions(mode == dbRead)
	}
	opts.Logger = g.log
	db, err := openBolt(path, opts)
	if err != nil {
		return nil, nil, err
	}
	return core.NewService(db, cfg), db, nil
}

func newInitCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "init",
		Short: "Create a new, empty database (--db FILE, or the default one); an existing file is refused",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if postgres.IsURL(g.db) {
				// Opening a PostgreSQL database creates or upgrades its schema.
				_, db, err := g.openServer(g.db)
				if err != nil {
					return err
				}
				defer db.Close()
				_, err = fmt.Fprintf(cmd.OutOrStdout(), "schema ready in %s\n", db.Describe())
				return err
			}
			path, err := dataFile(g.db, "mypage.db")
			if err != nil {
				return err
			}
			if _, err := os.Lstat(path); err == nil {
				return fmt.Errorf("%s already exists; init creates a new database only", path)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			_, db, err := g.openFile(path, dbCreate)
			if err != nil {
				return err
			}
			if err := db.Close(); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "created %s (schema %d)\n", path, store.SchemaVersion)
			return err
		},
	}
}

func newCheckCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Verify the database: bbolt's consistency check (of a file) and the decoding of every document",
		Long: "check opens the database read-only, runs bbolt's consistency check of its pages and\n" +
			"decodes every document of every bucket. It lists the buckets with their number of\n" +
			"documents and each problem with its bucket and key, and exits with status 1 when\n" +
			"it found any. It can run while the portal runs. On PostgreSQL it decodes every\n" +
			"document; the server's pages are checked with PostgreSQL's own tools (pg_amcheck).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, db, err := g.openReadOnly()
			if err != nil {
				return err
			}
			defer db.Close()
			r, err := checkDatabase(db)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if db.bolt != nil {
				fmt.Fprintf(w, "%s: schema %s\n", db.Describe(), dash(r.Schema))
			} else {
				// The server keeps its own pages consistent; what is left to check are the documents.
				fmt.Fprintf(w, "%s: PostgreSQL; its pages are the server's to check (amcheck, pg_amcheck), the documents are checked here\n", db.Describe())
			}
			if len(r.Buckets) > 0 {
				rows := [][]string{}
				for _, b := range r.Buckets {
					rows = append(rows, []string{b.Bucket, fmt.Sprint(b.Documents)})
				}
				if err := printTable(w, []string{"BUCKET", "DOCUMENTS"}, rows); err != nil {
					return err
				}
			}
			if len(r.Problems) == 0 {
				_, err := fmt.Fprintln(w, "no problems found")
				return err
			}
			if len(r.Problems) == 1 {
				fmt.Fprintln(w, "1 problem found:")
			} else {
				fmt.Fprintf(w, "%d problems found:\n", len(r.Problems))
			}
			for _, p := range r.Problems {
				fmt.Fprintln(w, "  "+oneLine(p))
			}
			return exitError{code: 1}
		},
	}
}
