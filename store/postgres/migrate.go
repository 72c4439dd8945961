package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"mypage/core"
	"mypage/store"
)

// A migration brings the schema from version-1 to version. Migrations only
// ever get appended: a database records the versions applied to it.
type migration struct {
	version int
	sql     string
}

var migrations = []migration{
	{1, `
CREATE TABLE mypage_documents (
	bucket text NOT NULL,
	key bytea NOT NULL,
	value bytea NOT NULL, -- the document's JSON, byte for byte as the bbolt store keeps it
	PRIMARY KEY (bucket, key)
);
CREATE TABLE mypage_sequences (
	bucket text PRIMARY KEY,
	value bigint NOT NULL
);`},
}

// SchemaVersion is the schema this code reads and writes.
func SchemaVersion() int { return migrations[len(migrations)-1].version }

// migrationLock is the advisory lock key taken while the schema is looked at
// and upgraded, so that front-ends starting at once apply each migration once.
const migrationLock = 0x6d79706167650001 // "mypage" and 1

// migrate applies the migrations the database lacks, in one transaction. A
// schema that is already this program's is only read, so that a role with
// rights on the data alone (no CREATE on the schema) opens it.
func (d *DB) migrate(ctx context.Context, list []migration) error {
	ctx, cancel := context.WithTimeout(ctx, d.opts.ConnectTimeout+d.opts.StatementTimeout)
	defer cancel()
	want := list[len(list)-1].version
	var have int
	var exists bool
	err := d.pool.QueryRow(ctx, `SELECT to_regclass('mypage_schema_versions') IS NOT NULL`).Scan(&exists)
	if err == nil && exists {
		err = d.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM mypage_schema_versions`).Scan(&have)
	}
	switch {
	case err != nil && unreachable(err):
		return d.wrap("opening", err)
	case err != nil:
		return d.wrap("reading the schema version", err)
	case have > want:
		return fmt.Errorf("%w: %s has schema %d, this program reads %d", store.ErrNewerSchema, d.desc, have, want)
	case exists && have == want:
		return nil
	}
	err = pgx.BeginFunc(ctx, d.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
			return d.wrap("locking the schema", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS mypage_schema_versions (
			version integer PRIMARY KEY,
			applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
			return d.wrap("creating the schema table", err)
		}
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM mypage_schema_versions`).Scan(&have); err != nil {
			return d.wrap("reading the schema version", err)
		}
		if have > want {
			return fmt.Errorf("%w: %s has schema %d, this program reads %d", store.ErrNewerSchema, d.desc, have, want)
		}
		for _, m := range list {
			if m.version <= have {
				continue
			}
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return d.wrap(fmt.Sprintf("applying schema %d", m.version), err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO mypage_schema_versions (version) VALUES ($1)`, m.version); err != nil {
				return d.wrap(fmt.Sprintf("recording schema %d", m.version), err)
			}
			d.log.Info("postgres: schema upgraded", "db", d.desc, "version", m.version)
		}
		return nil
	})
	if err != nil && !errors.Is(err, core.ErrUnavailable) && unreachable(err) {
		// Connecting or committing failed, outside the steps above.
		err = d.wrap("opening", err)
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "42501" { // insufficient_privilege
		return fmt.Errorf("postgres: %s: the schema is at version %d and this program needs %d, which this role may not create (%s): "+
			"run mypage admin init --db with a role that owns the schema", d.desc, have, want, pe.Message)
	}
	return err
}
