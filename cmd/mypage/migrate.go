package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/spf13/cobra"

	"mypage/core"
	"mypage/store/postgres"
)

func newMigrateCmd(g *globals) *cobra.Command {
	var from, to string
	cmd := &cobra.Command{
		Use:   "migrate --from FILE.db --to postgres://…",
		Short: "Copy a bbolt database into an empty PostgreSQL one and verify the copy",
		Long: "migrate copies every document of every bucket of the bbolt database --from into\n" +
			"the PostgreSQL database --to, which must be empty (its schema is created when\n" +
			"missing), in one transaction: a copy that fails leaves it empty. It then compares\n" +
			"both sides, the number of documents of each bucket and a checksum of all its\n" +
			"documents, prints them and exits with status 1 when they differ. Stop the portal\n" +
			"on the file first: what it writes after the copy began is not copied.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if from == "" || to == "" {
				return errors.New("give --from FILE.db and --to postgres://…")
			}
			for flag, name := range map[string]string{"--from": from, "--to": to} {
				if err := checkDatabaseName(flag, name); err != nil {
					return err
				}
			}
			if postgres.IsURL(from) {
				return fmt.Errorf("--from names a bbolt database file, not a URL")
			}
			if !postgres.IsURL(to) {
				return fmt.Errorf("--to must be a postgres:// or postgresql:// URL")
			}
			_, src, err := g.openFile(from, dbRead)
			if err != nil {
				return err
			}
			defer src.Close()
			dst, err := openPostgres(context.Background(), to, g.dbf, g.log)
			if err != nil {
				return err
			}
			defer dst.Close()
			if err := refuseNonEmpty(dst); err != nil {
				return fmt.Errorf("%w: migrate copies into an empty database only", err)
			}
			if err := copyDocuments(src, dst); errors.Is(err, errNotEmpty) {
				// Another copy got there first, after the look above.
				return fmt.Errorf("database %s is not empty (%w): migrate copies into an empty database only", dst.Describe(), err)
			} else if err != nil {
				return fmt.Errorf("copying %s to %s (nothing was written): %w", src.Describe(), dst.Describe(), err)
			}
			return verifyCopy(cmd.OutOrStdout(), src, dst)
		},
	}
	f := cmd.Flags()
	f.StringVar(&from, "from", "", "the bbolt database `FILE` to copy")
	f.StringVar(&to, "to", "", "the empty PostgreSQL database to copy into, a postgres:// `URL`")
	return cmd
}

// errNotEmpty refuses a copy into a database that holds documents.
var errNotEmpty = errors.New("the database holds documents")

// copyDocuments copies every bucket of src into dst in one transaction of dst.
// A document of an appended bucket (audit, outbox) is appended, so that dst's
// sequence goes on after it; its key must come out the same.
func copyDocuments(src, dst *database) error {
	return dst.Update(func(out core.Tx) error {
		// Empty in the copy's own transaction too: of two copies at once, the
		// one that runs again after the other committed finds its documents.
		for _, b := range core.Buckets {
			held := false
			if err := out.Scan(b, "", func(string, func(any) error) bool { held = true; return false }); err != nil {
				return err
			}
			if held {
				return fmt.Errorf("%w: %s holds documents", errNotEmpty, b)
			}
		}
		return src.View(func(in core.Tx) error {
			for _, b := range core.Buckets {
				var err error
				scanErr := in.Scan(b, "", func(key string, decode func(any) error) bool {
					var doc json.RawMessage
					if err = decode(&doc); err != nil {
						return false
					}
					if seq, ok := appendKey(key); ok {
						var got uint64
						if got, err = out.Append(b, doc); err == nil && got != seq {
							err = fmt.Errorf("%s/%s: appended as %d: the sequence of the file has a gap", b, key, got)
						}
					} else {
						err = out.Put(b, key, doc)
					}
					return err == nil
				})
				if err != nil {
					return err
				}
				if scanErr != nil {
					return scanErr
				}
			}
			return nil
		})
	})
}

// appendKey reads the key Append gives (the sequence in 20 digits).
func appendKey(key string) (uint64, bool) {
	if len(key) != 20 {
		return 0, false
	}
	n, err := strconv.ParseUint(key, 10, 64)
	return n, err == nil
}

// verifyCopy compares the number of documents and the checksum of every bucket
// on both sides and prints them; a difference ends with status 1.
func verifyCopy(w io.Writer, src, dst *database) error {
	srcCounts, err := src.bolt.Counts()
	if err != nil {
		return err
	}
	dstCounts, err := dst.pg.Counts()
	if err != nil {
		return err
	}
	rows := [][]string{}
	differ := 0
	for _, b := range core.Buckets {
		srcSum, err := src.bolt.Checksum(b)
		if err != nil {
			return err
		}
		dstSum, err := dst.pg.Checksum(b)
		if err != nil {
			return err
		}
		same := "same"
		if srcCounts[b] != dstCounts[b] || srcSum != dstSum {
			same, differ = "DIFFERENT", differ+1
		}
		rows = append(rows, []string{b, strconv.Itoa(srcCounts[b]), strconv.Itoa(dstCounts[b]), same})
	}
	fmt.Fprintf(w, "copied %s to %s\n", src.Describe(), dst.Describe())
	if err := printTable(w, []string{"BUCKET", "BBOLT", "POSTGRESQL", "CHECKSUM"}, rows); err != nil {
		return err
	}
	if differ > 0 {
		fmt.Fprintf(w, "%d bucket(s) differ: the copy is not the same\n", differ)
		return exitError{code: 1}
	}
	_, err = fmt.Fprintln(w, "every bucket has the same documents on both sides")
	return err
}
