package postgres

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"mypage/core"
)

// tx is one transaction. The first statement that fails aborts it on the
// server; tx keeps that error and returns it from every later call, and the
// DB decides on it (a conflict is retried) whatever fn returned.
type tx struct {
	d     *DB
	tx    pgx.Tx
	write bool
	err   error
	// appended: fn called Append, so a retry should queue for the counters.
	appended bool
	// locked: the transaction queued for the counters before its snapshot.
	locked bool
}

var errReadOnly = errors.New("postgres: a read-only transaction cannot write")

func (t *tx) fail(op string, err error) error {
	err = t.d.wrap(op, err)
	if t.err == nil {
		t.err = err
	}
	return err
}

// ready refuses a call on an unknown bucket, a write in a View, or any call
// after a failed statement.
func (t *tx) ready(bucket string, write bool) error {
	switch {
	case t.err != nil:
		return t.err
	case !isBucket(bucket):
		return noBucket(bucket)
	case write && !t.write:
		return errReadOnly
	}
	return nil
}

func (t *tx) decode(bucket string, key, raw []byte, v any) error {
	if err := json.Unmarshal(raw, v); err != nil {
		return &core.DocumentError{File: t.d.desc, Bucket: bucket, Key: string(key), Err: err}
	}
	return nil
}

func (t *tx) Get(bucket, key string, v any) error {
	if err := t.ready(bucket, false); err != nil {
		return err
	}
	ctx, cancel := t.d.statementContext()
	defer cancel()
	var raw []byte
	err := t.tx.QueryRow(ctx, `SELECT value FROM mypage_documents WHERE bucket = $1 AND key = $2`,
		bucket, []byte(key)).Scan(&raw)
	if errors.Is(err, pgx.ErrNoRows) {
		return core.ErrNoValue
	}
	if err != nil {
		return t.fail("get "+bucket, err)
	}
	return t.decode(bucket, []byte(key), raw, v)
}

func (t *tx) Put(bucket, key string, v any) error {
	if err := t.ready(bucket, true); err != nil {
		return err
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	ctx, cancel := t.d.statementContext()
	defer cancel()
	_, err = t.tx.Exec(ctx, `INSERT INTO mypage_documents (bucket, key, value) VALUES ($1, $2, $3)
		ON CONFLICT (bucket, key) DO UPDATE SET value = EXCLUDED.value`, bucket, []byte(key), raw)
	if err != nil {
		return t.fail("put "+bucket, err)
	}
	return nil
}

func (t *tx) Delete(bucket, key string) error {
	if err := t.ready(bucket, true); err != nil {
		return err
	}
	ctx, cancel := t.d.statementContext()
	defer cancel()
	if _, err := t.tx.Exec(ctx, `DELETE FROM mypage_documents WHERE bucket = $1 AND key = $2`, bucket, []byte(key)); err != nil {
		return t.fail("delete "+bucket, err)
	}
	return nil
}

// appendSQL takes the bucket's next sequence number and stores the document
// under it in one round trip; no row comes back when the bucket has no
// sequence yet.
const appendSQL = `WITH s AS (
	UPDATE mypage_sequences SET value = value + 1 WHERE bucket = $1 RETURNING value)
INSERT INTO mypage_documents (bucket, key, value)
SELECT $1, convert_to(lpad(s.value::text, 20, '0'), 'UTF8'), $2 FROM s
ON CONFLICT (bucket, key) DO UPDATE SET value = EXCLUDED.value
RETURNING convert_from(key, 'UTF8')`

// Append keys records by a zero-padded sequence so that key order is insertion order.
func (t *tx) Append(bucket string, v any) (uint64, error) {
	if err := t.ready(bucket, true); err != nil {
		return 0, err
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return 0, err
	}
	ctx, cancel := t.d.statementContext()
	defer cancel()
	if !t.appended && !t.locked {
		// An update queued for the counters may hold them while it waits for a
		// row this one holds: rather than a deadlock the server finds only
		// after a second, this one gives way at once and runs again queued.
		t.appended = true
		if _, err := t.tx.Exec(ctx, `LOCK TABLE mypage_sequences IN ROW EXCLUSIVE MODE NOWAIT`); err != nil {
			return 0, t.fail("append "+bucket, err)
		}
	}
	t.appended = true
	var key string
	err = t.tx.QueryRow(ctx, appendSQL, bucket, raw).Scan(&key)
	if errors.Is(err, pgx.ErrNoRows) {
		if err = t.startSequence(bucket); err == nil {
			err = t.tx.QueryRow(ctx, appendSQL, bucket, raw).Scan(&key)
		}
	}
	if err != nil {
		return 0, t.fail("append "+bucket, err)
	}
	seq, err := strconv.ParseUint(key, 10, 64)
	if err != nil {
		return 0, t.fail("append "+bucket, fmt.Errorf("sequence key %q: %w", key, err))
	}
	return seq, nil
}

// startSequence creates a bucket's sequence, after the highest sequence key
// already in it: documents copied in with Put (a migration) must not be
// overwritten by the next Append.
func (t *tx) startSequence(bucket string) error {
	ctx, cancel := t.d.statementContext()
	defer cancel()
	rows, err := t.tx.Query(ctx, `SELECT key FROM mypage_documents
		WHERE bucket = $1 AND length(key) = 20 AND key BETWEEN $2 AND $3 ORDER BY key DESC`,
		bucket, bytes.Repeat([]byte("0"), 20), bytes.Repeat([]byte("9"), 20))
	if err != nil {
		return err
	}
	var last uint64
	for rows.Next() {
		var k []byte
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return err
		}
		if n, err := strconv.ParseUint(string(k), 10, 64); err == nil {
			last = n
			break
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	_, err = t.tx.Exec(ctx, `INSERT INTO mypage_sequences (bucket, value) VALUES ($1, $2)
		ON CONFLICT (bucket) DO NOTHING`, bucket, int64(last))
	return err
}

func (t *tx) Scan(bucket, prefix string, fn func(string, func(any) error) bool) error {
	if err := t.ready(bucket, false); err != nil {
		return err
	}
	return t.scanRaw(bucket, []byte(prefix), func(k, v []byte) bool {
		return fn(string(k), func(x any) error { return t.decode(bucket, k, v, x) })
	})
}

// Scan reads in pages, so that fn may use the transaction between pages (one
// connection runs one query at a time) and a scan that stops early reads little.
const (
	firstPage = 16
	lastPage  = 1024
)

// scanRaw calls fn for every key with the prefix, in byte order.
func (t *tx) scanRaw(bucket string, prefix []byte, fn func(k, v []byte) bool) error {
	if t.err != nil {
		return t.err
	}
	end := prefixEnd(prefix)
	var after []byte // the last key handed to fn
	for page := firstPage; ; page = min(page*2, lastPage) {
		keys, values, err := t.page(bucket, prefix, end, after, page)
		if err != nil {
			return t.fail("scan "+bucket, err)
		}
		for i := range keys {
			if !bytes.HasPrefix(keys[i], prefix) {
				return nil
			}
			if !fn(keys[i], values[i]) {
				return nil
			}
			if t.err != nil {
				// fn's own call failed the transaction: nothing more can be read.
				return t.err
			}
		}
		if len(keys) < page {
			return nil
		}
		after = keys[len(keys)-1]
	}
}

func (t *tx) page(bucket string, prefix, end, after []byte, limit int) (keys, values [][]byte, err error) {
	ctx, cancel := t.d.statementContext()
	defer cancel()
	// Both bounds are index conditions on the primary key, so that a page
	// reads only the keys it returns.
	q := `SELECT key, value FROM mypage_documents WHERE bucket = $1`
	args := []any{bucket}
	switch {
	case after != nil:
		args = append(args, after)
		q += fmt.Sprintf(` AND key > $%d`, len(args))
	case len(prefix) > 0:
		args = append(args, prefix)
		q += fmt.Sprintf(` AND key >= $%d`, len(args))
	}
	if end != nil {
		args = append(args, end)
		q += fmt.Sprintf(` AND key < $%d`, len(args))
	}
	args = append(args, limit)
	q += fmt.Sprintf(` ORDER BY key LIMIT $%d`, len(args))
	rows, err := t.tx.Query(ctx, q, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v []byte
		if err := rows.Scan(&k, &v); err != nil {
			return nil, nil, err
		}
		keys = append(keys, k)
		values = append(values, v)
	}
	return keys, values, rows.Err()
}

// prefixEnd is the smallest key above every key with the prefix, nil when there
// is none (an empty prefix, or one of 0xff bytes only).
func prefixEnd(prefix []byte) []byte {
	end := bytes.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}
