package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"

	"mypage/core"
)

// retryable reports a serialization failure, a deadlock, or an append that gave
// way to an update queued for the counters (lock_not_available: the only NOWAIT
// is there): the transaction rolled back and may run again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01" || pe.Code == "55P03")
}

// unreachable reports an error of the connection rather than of the statement:
// the server is down, restarting, did not answer in time, or refused a new
// connection (a password changed, a role that may no longer log in, a
// database dropped: the server's reason is in the error, for the log).
func unreachable(err error) bool {
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, "08"): // connection exception
			return true
		case pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03": // shutdown, crash, starting up
			return true
		case pe.Code == "53300": // too many connections
			return true
		}
		return false
	}
	var ne net.Error
	return errors.As(err, &ne) || pgconn.Timeout(err) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, net.ErrClosed) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// busy reports a database that is there but did not serve in time: a
// statement cancelled by its timeout, a lock not granted, or no connection of
// the pool free before the deadline.
func (d *DB) busy(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "57014" || pe.Code == "55P03" // query_canceled, lock_not_available
	}
	return errors.Is(err, context.DeadlineExceeded) && d.pool.Stat().AcquiredConns() >= d.pool.Stat().MaxConns()
}

// wrap names the database and the operation; a connection failure wraps
// core.ErrUnavailable so that screens say the database cannot be reached, a
// database that did not serve in time core.ErrBusy.
func (d *DB) wrap(op string, err error) error {
	if d.busy(err) {
		if !retryable(err) { // an append giving way is run again: run logs it if that fails
			d.log.Warn("postgres: database busy", "db", d.desc, "op", op, "err", err)
		}
		return fmt.Errorf("postgres: %s: %s: %w (%w)", d.desc, op, core.ErrBusy, err)
	}
	if unreachable(err) {
		d.log.Error("postgres: database unavailable", "db", d.desc, "op", op, "err", err)
		return fmt.Errorf("postgres: %s: %s: %w (%w)", d.desc, op, core.ErrUnavailable, err)
	}
	return fmt.Errorf("postgres: %s: %s: %w", d.desc, op, err)
}

func noBucket(name string) error { return fmt.Errorf("postgres: no bucket %q", name) }

var buckets = func() map[string]bool {
	m := make(map[string]bool, len(core.Buckets))
	for _, b := range core.Buckets {
		m[b] = true
	}
	return m
}()

func isBucket(name string) bool { return buckets[name] }
