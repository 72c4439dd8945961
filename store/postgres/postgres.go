// Package postgres keeps the portal's state in a PostgreSQL database, so that
// several front-ends can share one subscriber database.
//
// Every bucket's documents live in one table, keyed by bucket and key, their
// values the same JSON bytes the bbolt store writes; Append sequences live in a
// second table, so that they roll back with the transaction that took them.
// Each Update is one SERIALIZABLE transaction, run again when the server
// reports a serialization failure or a deadlock: the procedure function must
// have no effect outside the transaction.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"mypage/core"
	"mypage/store"
)

// Options tune the connection pool; zero values take the defaults.
type Options struct {
	// MaxConns is the largest number of connections the pool opens (default 10).
	MaxConns int32
	// ConnectTimeout bounds one attempt to connect (default 5s).
	ConnectTimeout time.Duration
	// StatementTimeout bounds one statement on the server (default 10s: every
	// statement reads or writes one document or one page of a scan; a
	// subscriber should not wait longer for a database that hangs).
	StatementTimeout time.Duration
	// MaxRetries is how many times an Update runs again after a serialization
	// failure or a deadlock before it gives up with core.ErrBusy (default 10).
	MaxRetries int
	// Logger receives internal errors with their cause; nil discards them.
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.MaxConns <= 0 {
		o.MaxConns = 10
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 5 * time.Second
	}
	if o.StatementTimeout <= 0 {
		o.StatementTimeout = 10 * time.Second
	}
	if o.MaxRetries <= 0 {
		o.MaxRetries = 10
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// Backoff between attempts of an Update: doubled each time up to the cap, with
// full jitter so that the transactions that collided do not collide again.
const (
	backoffBase = 2 * time.Millisecond
	backoffCap  = 250 * time.Millisecond
	// contended is how long after a collision updates queue from their first
	// attempt.
	contended = time.Second
)

// DB is the PostgreSQL implementation of core.Storage.
type DB struct {
	pool    *pgxpool.Pool
	opts    Options
	log     *slog.Logger
	desc    string
	retries atomic.Uint64
	// lockUntil (Unix nanoseconds): until then updates queue from their first attempt.
	lockUntil atomic.Int64
	// closing ends with Close: every statement's context derives from it, so
	// that a statement the server never answers does not hold Close (and a
	// process shutting down) for its whole timeout.
	closing context.Context
	closed  context.CancelFunc
}

// IsURL reports whether s names a PostgreSQL database rather than a bbolt file.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the database at url and brings its schema up to this
// program's version. A server that cannot be reached gives an error wrapping
// core.ErrUnavailable; a schema newer than this program, store.ErrNewerSchema.
func Open(ctx context.Context, rawURL string, opts Options) (*DB, error) {
	opts = opts.withDefaults()
	desc := Describe(rawURL)
	cfg, err := pgxpool.ParseConfig(rawURL)
	if err != nil {
		// pgx's message may quote the URL, password included.
		return nil, fmt.Errorf("postgres: %s: not a valid database URL", desc)
	}
	cfg.MaxConns = opts.MaxConns
	cfg.ConnConfig.ConnectTimeout = opts.ConnectTimeout
	if cfg.ConnConfig.RuntimeParams == nil {
		cfg.ConnConfig.RuntimeParams = map[string]string{}
	}
	cfg.ConnConfig.RuntimeParams["statement_timeout"] = strconv.FormatInt(opts.StatementTimeout.Milliseconds(), 10)
	if cfg.ConnConfig.RuntimeParams["application_name"] == "" {
		cfg.ConnConfig.RuntimeParams["application_name"] = "mypage"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %s: %w", desc, err)
	}
	d := &DB{pool: pool, opts: opts, log: opts.Logger, desc: desc}
	d.closing, d.closed = context.WithCancel(context.Background())
	if err := d.migrate(ctx, migrations); err != nil {
		pool.Close()
		return nil, err
	}
	return d, nil
}

// Describe returns url without its password, for messages and logs.
func Describe(rawURL string) string {
	// Built from what the driver reads, never from the URL as written: the
	// driver splits user and password as libpq does, where a password with
	// '#' or '?' in it would pass a URL parser's reading untouched.
	cfg, err := pgconn.ParseConfig(rawURL)
	if err != nil {
		return "postgres://…"
	}
	u := url.URL{Scheme: "postgres", Path: "/" + cfg.Database}
	if cfg.User != "" {
		u.User = url.User(cfg.User)
	}
	q := url.Values{}
	if written, err := url.Parse(rawURL); err == nil && sameReading(written, cfg) {
		// The parameters (sslmode, options, …) as written, but the passwords.
		q = written.Query()
		q.Del("password")
		q.Del("sslpassword")
	}
	if strings.HasPrefix(cfg.Host, "/") { // a Unix socket's directory
		q.Set("host", cfg.Host)
	} else {
		u.Host = net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port)))
	}
	u.RawQuery = q.Encode()
	desc := u.String()
	if cfg.Password != "" && strings.Contains(desc, cfg.Password) {
		return "postgres://…" // a password that reads as a user or a host name
	}
	return desc
}

// sameReading says whether a URL parser reads the password where the driver
// does: only then are the parameters it reads the driver's.
func sameReading(u *url.URL, cfg *pgconn.Config) bool {
	pw, _ := u.User.Password()
	if q := u.Query(); q.Has("password") {
		pw = q.Get("password")
	}
	return pw == cfg.Password
}

// Describe is the database's URL without its password.
func (d *DB) Describe() string { return d.desc }

// Retries is how many times an Update ran again after a conflict, since Open.
func (d *DB) Retries() uint64 { return d.retries.Load() }

// Close closes every connection; the DB cannot be used afterwards. A
// statement still running is cancelled: its transaction does not commit (a
// COMMIT under way is reported as not confirmed).
func (d *DB) Close() error {
	d.closed()
	done := make(chan struct{})
	go func() {
		d.pool.Close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(closeWait):
		// The driver asks a hung server to cancel what ran on each
		// connection and waits for its answer; the process need not.
		d.log.Warn("postgres: connections still closing", "db", d.desc, "waited", closeWait)
	}
	return nil
}

// closeWait bounds Close: what a hung server has not answered by then is left
// to the process's end.
const closeWait = time.Second

// statementGrace is how long after the statement timeout the client waits
// for the server to say it cancelled the statement.
const statementGrace = time.Second

// timedOut reports a deadline of the client's that passed: the server did not
// answer, and trying again at once would only wait as long again.
func timedOut(err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err)
}

// View runs fn in a REPEATABLE READ READ ONLY transaction: one snapshot.
func (d *DB) View(fn func(core.Tx) error) error {
	return d.run(false, fn)
}

// Update runs fn in one SERIALIZABLE transaction, again after a conflict.
func (d *DB) Update(fn func(core.Tx) error) error {
	return d.run(true, fn)
}

func (d *DB) run(write bool, fn func(core.Tx) error) error {
	// While updates collide, every update queues at once rather than after a
	// wasted attempt.
	lock := write && time.Now().UnixNano() < d.lockUntil.Load()
	for attempt := 1; ; attempt++ {
		begun, err := d.once(write, lock, fn)
		switch {
		case err == nil:
			return nil
		case retryable(err) && attempt <= d.opts.MaxRetries:
			d.retries.Add(1)
			// Optimistic attempts on a busy document, or on the append counters
			// that every procedure's audit record moves, would collide again and
			// again, the unlucky ones up to MaxRetries: the next attempts queue.
			lock = write
			d.lockUntil.Store(time.Now().Add(contended).UnixNano())
			time.Sleep(backoff(attempt))
		case retryable(err):
			d.log.Warn("postgres: database busy: updates kept conflicting", "db", d.desc, "attempts", attempt, "err", err)
			return fmt.Errorf("postgres: %s: %d attempts conflicted with concurrent updates: %w (%w)",
				d.desc, attempt, core.ErrBusy, err)
		case !begun && attempt == 1 && errors.Is(err, core.ErrUnavailable) && !timedOut(err):
			// A pooled connection the server dropped: nothing was sent, and the
			// pool dials a new one.
		default:
			return err
		}
	}
}

func backoff(attempt int) time.Duration {
	d := backoffBase << min(attempt-1, 16)
	d = min(d, backoffCap)
	return d/2 + rand.N(d/2+1)
}

// once runs fn in one transaction; begun says whether the transaction started.
// With lock, the transaction first queues for the update lock (the append
// counters' table), before its snapshot: queued updates run one at a time, each
// seeing what the one before committed.
func (d *DB) once(write, lock bool, fn func(core.Tx) error) (begun bool, err error) {
	opts := pgx.TxOptions{IsoLevel: pgx.Serializable, AccessMode: pgx.ReadWrite}
	if !write {
		opts = pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}
	}
	if lock {
		// LOCK takes no snapshot: the snapshot taken after it sees the
		// counters as the previous holder committed them. Sent with BEGIN, in
		// one round trip.
		opts.BeginQuery = `BEGIN ISOLATION LEVEL SERIALIZABLE READ WRITE;
			LOCK TABLE mypage_sequences IN SHARE ROW EXCLUSIVE MODE`
	}
	// A connection within the connect timeout (dialled, or freed by another
	// transaction), then BEGIN within the statement's: a server that hangs
	// keeps a subscriber waiting about the statement timeout, not the sum.
	ctx, cancel := context.WithTimeout(d.closing, d.opts.ConnectTimeout)
	conn, err := d.pool.Acquire(ctx)
	cancel()
	if err != nil {
		return false, d.wrap("begin", err)
	}
	defer conn.Release()
	ctx, cancel = d.statementContext()
	ptx, err := conn.BeginTx(ctx, opts)
	cancel()
	if err != nil {
		return false, d.wrap("begin", err)
	}
	t := &tx{d: d, tx: ptx, write: write, locked: lock}
	err = d.call(fn, t)
	if err == nil && t.err == nil {
		ctx, cancel := d.statementContext()
		defer cancel()
		if cerr := ptx.Commit(ctx); cerr != nil {
			var pe *pgconn.PgError
			if !errors.As(cerr, &pe) {
				// The server's answer is lost, not a refusal: the commit may
				// have happened, and it is not run again.
				d.log.Error("postgres: commit not confirmed", "db", d.desc, "err", cerr)
				return true, fmt.Errorf("postgres: %s: commit: %w (%w)", d.desc, core.ErrCommitUnknown, cerr)
			}
			return true, d.wrap("commit", cerr)
		}
		return true, nil
	}
	d.rollback(ptx)
	if t.err != nil && !errors.Is(err, store.ErrInternal) {
		// The statement that failed decides, whatever fn made of its error:
		// a conflict is retried even when fn returned something else.
		return true, t.err
	}
	return true, err
}

func (d *DB) rollback(ptx pgx.Tx) {
	ctx, cancel := d.statementContext()
	defer cancel()
	if err := ptx.Rollback(ctx); err != nil && !errors.Is(err, pgx.ErrTxClosed) {
		// A connection that is gone rolled back on the server by itself.
		d.log.Warn("postgres: rolling back", "db", d.desc, "err", err)
	}
}

// call runs the caller's transaction function; a panic rolls back and becomes
// store.ErrInternal, as on bbolt.
func (d *DB) call(fn func(core.Tx) error, t *tx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			d.log.Error("postgres: a transaction failed with a program error", "db", d.desc,
				"panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = fmt.Errorf("postgres: %w: %v", store.ErrInternal, r)
		}
	}()
	return fn(t)
}

// statementContext bounds one round trip on the client as well: a server that
// stopped answering must not hang a session forever.
func (d *DB) statementContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(d.closing, d.opts.StatementTimeout+statementGrace)
}

// Counts returns the number of documents in every bucket core uses.
func (d *DB) Counts() (map[string]int, error) {
	out := make(map[string]int, len(core.Buckets))
	for _, b := range core.Buckets {
		out[b] = 0
	}
	ctx, cancel := d.statementContext()
	defer cancel()
	rows, err := d.pool.Query(ctx, `SELECT bucket, count(*) FROM mypage_documents GROUP BY bucket`)
	if err != nil {
		return nil, d.wrap("counting documents", err)
	}
	defer rows.Close()
	for rows.Next() {
		var b string
		var n int
		if err := rows.Scan(&b, &n); err != nil {
			return nil, d.wrap("counting documents", err)
		}
		out[b] = n
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap("counting documents", err)
	}
	return out, nil
}

// Checksum returns the store.DocumentHash of every document of bucket, the
// same as the bbolt store gives for the same documents.
func (d *DB) Checksum(bucket string) (string, error) {
	if !isBucket(bucket) {
		return "", noBucket(bucket)
	}
	sum := store.NewDocumentHash()
	err := d.View(func(ctx core.Tx) error {
		t := ctx.(*tx)
		return t.scanRaw(bucket, nil, func(k, v []byte) bool {
			sum.Add(k, v)
			return true
		})
	})
	if err != nil {
		return "", err
	}
	return sum.Sum(), nil
}
