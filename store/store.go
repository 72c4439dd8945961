// Package store keeps the portal's state in one bbolt file.
//
// The file is opened on demand and closed again once no transaction has used it
// for a short while. bbolt locks its file for one process at a time; releasing it
// when idle lets the back-office commands work on the database of a running portal.
//
// Processes sharing the file hand it over fairly through a sibling lock file,
// FILE.lock: a process that wants the database takes an exclusive flock on it
// while it waits for the bbolt file, and the process holding the bbolt file looks
// at FILE.lock between transactions; when someone waits it lets its new
// transactions wait, closes the file once the running ones end, and queues
// behind the newcomer. flock ends with its process, so nothing stale remains.
package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"

	"mypage/core"
)

// SchemaVersion is the layout this code reads and writes.
const SchemaVersion = 5

const metaBucket = "meta"

var schemaKey = []byte("schema")

var (
	// ErrNewerSchema means the file was written by a newer mypage.
	ErrNewerSchema = errors.New("store: database schema is newer than this program")
	// ErrNotDatabase means the file is not a mypage database: empty, not bbolt, or
	// a bbolt file of another program.
	ErrNotDatabase = errors.New("not a mypage database")
	// ErrDamaged means the file is a mypage database whose content cannot be read.
	ErrDamaged = errors.New("database file is damaged")
	// ErrInternal means the code a transaction ran failed (a panic of the
	// program, not of the file): the transaction rolled back, the file is sound.
	ErrInternal = errors.New("internal error in a transaction")
	// ErrReadOnly is returned by Update on a database opened read-only.
	ErrReadOnly = errors.New("database is open read-only")
	// ErrClosed is returned by a transaction on a closed DB.
	ErrClosed = errors.New("store: closed")
)

// Options tune how the file is shared.
type Options struct {
	// LockTimeout is how long a transaction waits for another process holding
	// the file before it fails with core.ErrBusy. Zero waits without limit.
	LockTimeout time.Duration
	// IdleClose is how long the file stays open after the last transaction.
	// Zero keeps it open until Close or until another process asks for it.
	IdleClose time.Duration
	// ReadOnly opens the file read-only (several readers may share it) and makes
	// Update fail with ErrReadOnly. Open then never writes.
	ReadOnly bool
	// Logger receives internal errors with their cause; nil discards them.
	Logger *slog.Logger
}

// DefaultOptions suit a portal and back-office commands sharing one file: a
// screen waits at most a few seconds for the file.
var DefaultOptions = Options{LockTimeout: 3 * time.Second, IdleClose: 250 * time.Millisecond}

const (
	// handOffCheck is how often a holder looks whether another process waits.
	handOffCheck = 2 * time.Millisecond
	// pollEvery is how often a waiter tries the lock file and the bbolt file.
	pollEvery = time.Millisecond
)

// DB is the bbolt implementation of core.Storage.
type DB struct {
	path string
	opts Options
	log  *slog.Logger
	lock *os.File // FILE.lock; nil when it cannot be opened (no hand-off then)

	mu       sync.Mutex
	db       *bolt.DB
	users    int           // transactions running on db
	opening  bool          // one goroutine is opening the file for all
	yielding bool          // another process waits: no new transaction on db
	changed  chan struct{} // closed when db, opening or yielding change
	checked  time.Time     // last look at the lock file
	timer    *time.Timer
	closed   bool
	create   bool        // the file did not exist: the first open creates it
	closing  atomic.Bool // Close was called: an opener gives up waiting
}

// Open prepares the database at path. A missing file is created (mode 0600) unless
// opts.ReadOnly; an existing one must be a mypage database, and its schema is
// upgraded in place only when it is older. A file that is empty, not bbolt, of
// another program or damaged is refused with an error naming it.
func Open(path string, opts Options) (*DB, error) {
	d := &DB{path: path, opts: opts, log: opts.Logger, changed: make(chan struct{})}
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	switch fi, err := os.Stat(path); {
	case errors.Is(err, os.ErrNotExist) && !opts.ReadOnly:
		d.create = true
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
	case err != nil:
		return nil, fmt.Errorf("store: %w", err)
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("store: %s is not a regular file: %w", path, ErrNotDatabase)
	}
	d.openLockFile()
	var migrateNeeded bool
	err := d.raw(false, func(tx *bolt.Tx) error {
		var err error
		migrateNeeded, err = d.checkSchema(tx)
		return err
	})
	if err == nil && migrateNeeded {
		if opts.ReadOnly {
			err = fmt.Errorf("store: %s has an older schema and must be upgraded by a command that writes", path)
		} else {
			err = d.raw(true, migrate)
		}
	}
	if err != nil {
		// Release the file: a refused file must not stay locked by this process.
		if cerr := d.Close(); cerr != nil {
			d.log.Error("store: closing a refused file", "file", path, "err", cerr)
		}
		return nil, err
	}
	d.mu.Lock()
	d.create = false
	d.mu.Unlock()
	return d, nil
}

// openLockFile opens FILE.lock, creating it when it can.
func (d *DB) openLockFile() {
	name := d.path + ".lock"
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		// Another user's lock file can still be locked read-only.
		var rerr error
		if f, rerr = os.Open(name); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
			err = rerr
		}
		// A missing one that cannot be created (a directory this user may not
		// write) is reported by the error of creating it.
	}
	if f == nil {
		d.log.Warn("store: cannot create or open the lock file, processes will not hand the database over fairly", "file", name, "err", err)
		return
	}
	d.lock = f
}

// checkSchema reports whether the file needs migrate, or why it is refused.
func (d *DB) checkSchema(tx *bolt.Tx) (bool, error) {
	if err := d.checkSize(tx); err != nil {
		return false, err
	}
	meta := tx.Bucket([]byte(metaBucket))
	if meta == nil {
		// Version 0: the buckets of an older mypage, or a file this DB just created.
		var names []string
		ours, others := 0, 0
		_ = tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
			names = append(names, string(name))
			if isCoreBucket(string(name)) || string(name) == metaBucket {
				ours++
			} else {
				others++
			}
			return nil
		})
		switch {
		case len(names) == 0 && d.create:
			return true, nil
		case len(names) == 0:
			return false, fmt.Errorf("store: %s: %w (a bbolt file without any bucket)", d.path, ErrNotDatabase)
		case others > 0 && ours == 0:
			sort.Strings(names)
			return false, fmt.Errorf("store: %s: %w (a bbolt file of another program, buckets %s)",
				d.path, ErrNotDatabase, strings.Join(names, ", "))
		case others > 0:
			// Names of ours beside garbage, and no readable meta bucket: our file, damaged.
			return false, fmt.Errorf("store: %s: %w (its bucket list is unreadable)", d.path, ErrDamaged)
		}
		return true, nil
	}
	v := meta.Get(schemaKey)
	if v == nil {
		return false, fmt.Errorf("store: %s: %w (no schema version)", d.path, ErrNotDatabase)
	}
	var version int
	if _, err := fmt.Sscanf(string(v), "%d", &version); err != nil {
		return false, fmt.Errorf("store: %s: bad schema version %q: %w", d.path, v, ErrNotDatabase)
	}
	if version > SchemaVersion {
		return false, fmt.Errorf("%w: %s has schema %d, this program reads %d", ErrNewerSchema, d.path, version, SchemaVersion)
	}
	if version < SchemaVersion {
		return true, nil
	}
	for _, b := range core.Buckets {
		if tx.Bucket([]byte(b)) == nil {
			return false, fmt.Errorf("store: %s: %w (schema %d without bucket %q)", d.path, ErrDamaged, version, b)
		}
	}
	return false, nil
}

// checkSize refuses a file shorter than its pages: bbolt would fault reading them.
func (d *DB) checkSize(tx *bolt.Tx) error {
	fi, err := os.Stat(d.path)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if fi.Size() < tx.Size() {
		return fmt.Errorf("store: %s: %w (truncated: %d bytes of %d)", d.path, ErrDamaged, fi.Size(), tx.Size())
	}
	return nil
}

// walk reads every key and value of every bucket, so that a damaged page faults
// here, where protect turns the fault into an error, and not in the goroutine of
// bbolt's checker, where nothing could recover it.
func walk(tx *bolt.Tx) error {
	var visit func(b *bolt.Bucket) error
	visit = func(b *bolt.Bucket) error {
		return b.ForEach(func(k, v []byte) error {
			if v == nil {
				if sub := b.Bucket(k); sub != nil {
					return visit(sub)
				}
			}
			_ = bytes.IndexByte(v, 0) // touch every byte of the value
			return nil
		})
	}
	return tx.ForEach(func(_ []byte, b *bolt.Bucket) error { return visit(b) })
}

func isCoreBucket(name string) bool {
	for _, b := range core.Buckets {
		if b == name {
			return true
		}
	}
	return false
}

// migrate creates the buckets and records the schema version.
func migrate(tx *bolt.Tx) error {
	meta, err := tx.CreateBucketIfNotExists([]byte(metaBucket))
	if err != nil {
		return err
	}
	version := 0
	if v := meta.Get(schemaKey); v != nil {
		if _, err := fmt.Sscanf(string(v), "%d", &version); err != nil {
			return fmt.Errorf("store: bad schema version %q", v)
		}
	}
	if version > SchemaVersion {
		return ErrNewerSchema
	}
	// Version 0 → 1: the buckets of core; 1 → 2: statements, collections, calls and
	// settings; 2 → 3: step-ups; 3 → 4: plan changes (a contract's plan services,
	// its annual-option term moves and a collection's carry are new fields of the
	// existing records, empty in an older file); 4 → 5: tickets, callbacks and
	// requests. Creating every bucket core lists
	// covers each step; later versions that move data add their steps here.
	for _, b := range core.Buckets {
		if _, err := tx.CreateBucketIfNotExists([]byte(b)); err != nil {
			return err
		}
	}
	return meta.Put(schemaKey, []byte(fmt.Sprint(SchemaVersion)))
}

// changedLocked wakes every goroutine waiting for the state to change.
func (d *DB) changedLocked() {
	close(d.changed)
	d.changed = make(chan struct{})
}

// acquire returns the open bbolt handle, opening the file if needed. d.mu is never
// held while the file is awaited: one goroutine opens it for all, the others wait
// for it until their own deadline.
func (d *DB) acquire() (*bolt.DB, error) {
	var deadline time.Time
	if d.opts.LockTimeout > 0 {
		deadline = time.Now().Add(d.opts.LockTimeout)
	}
	d.mu.Lock()
	for {
		if d.closed {
			d.mu.Unlock()
			return nil, ErrClosed
		}
		if d.db != nil && !d.yielding {
			if d.someoneWaitsLocked() {
				d.yielding = true
				if d.users == 0 {
					d.closeFileLocked("hand-off")
				}
				continue
			}
			if d.timer != nil {
				d.timer.Stop()
				d.timer = nil
			}
			d.users++
			bdb := d.db
			d.mu.Unlock()
			return bdb, nil
		}
		if d.db == nil && !d.opening {
			d.opening = true
			d.mu.Unlock()
			bdb, err := d.openFile(deadline)
			d.mu.Lock()
			d.opening = false
			d.changedLocked()
			if d.closed {
				// Closed while this goroutine opened the file: release everything.
				if err == nil {
					if err = bdb.Close(); err == nil {
						err = ErrClosed
					}
				}
				if cerr := d.closeLockLocked(); cerr != nil {
					d.log.Error("store: closing the lock file", "file", d.path+".lock", "err", cerr)
				}
			}
			if err != nil {
				d.mu.Unlock()
				return nil, err
			}
			d.db = bdb
			d.yielding = false
			// The newcomer runs for at least one check interval before it looks at
			// the queue: otherwise two busy processes could hand the file back and
			// forth without either running a transaction.
			d.checked = time.Now()
			continue
		}
		ch := d.changed
		d.mu.Unlock()
		if !waitFor(ch, deadline) {
			return nil, d.busy()
		}
		d.mu.Lock()
	}
}

func (d *DB) busy() error {
	return fmt.Errorf("store: %s is in use by another process: %w", d.path, core.ErrBusy)
}

// waitFor waits until ch is closed or the deadline (zero: none) passes.
func waitFor(ch <-chan struct{}, deadline time.Time) bool {
	if deadline.IsZero() {
		<-ch
		return true
	}
	t := time.NewTimer(time.Until(deadline))
	defer t.Stop()
	select {
	case <-ch:
		return true
	case <-t.C:
		return false
	}
}

// someoneWaitsLocked looks, at most every handOffCheck, whether another process
// holds FILE.lock, that is waits for the file.
func (d *DB) someoneWaitsLocked() bool {
	if d.lock == nil || time.Since(d.checked) < handOffCheck {
		return false
	}
	d.checked = time.Now()
	fd := int(d.lock.Fd())
	err := syscall.Flock(fd, syscall.LOCK_SH|syscall.LOCK_NB)
	if err == nil {
		if err := syscall.Flock(fd, syscall.LOCK_UN); err != nil {
			d.log.Error("store: unlocking the lock file", "file", d.lock.Name(), "err", err)
		}
		return false
	}
	if !errors.Is(err, syscall.EWOULDBLOCK) {
		d.log.Error("store: looking at the lock file", "file", d.lock.Name(), "err", err)
		return false
	}
	return true
}

// openFile queues on FILE.lock, then opens the bbolt file, both until the deadline.
func (d *DB) openFile(deadline time.Time) (*bolt.DB, error) {
	if d.lock != nil {
		if !d.flockUntil(deadline) {
			return nil, d.busy()
		}
		defer func() {
			if err := syscall.Flock(int(d.lock.Fd()), syscall.LOCK_UN); err != nil {
				d.log.Error("store: unlocking the lock file", "file", d.lock.Name(), "err", err)
			}
		}()
	}
	for {
		if err := d.checkFile(); err != nil {
			return nil, err
		}
		bdb, err := d.boltOpen()
		if err == nil {
			return bdb, nil
		}
		if !errors.Is(err, bolt.ErrTimeout) {
			return nil, err
		}
		if d.closing.Load() {
			return nil, ErrClosed
		}
		if !deadline.IsZero() && time.Now().After(deadline) {
			return nil, d.busy()
		}
		time.Sleep(pollEvery)
	}
}

// flockUntil takes FILE.lock exclusively, polling until the deadline.
func (d *DB) flockUntil(deadline time.Time) bool {
	fd := int(d.lock.Fd())
	for {
		err := syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return true
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			d.log.Error("store: locking the lock file", "file", d.lock.Name(), "err", err)
			return true // go on without the queue rather than refuse the database
		}
		if d.closing.Load() || !deadline.IsZero() && time.Now().After(deadline) {
			return false
		}
		time.Sleep(pollEvery)
	}
}

// checkFile refuses a file bbolt would silently turn into a new empty database.
func (d *DB) checkFile() error {
	fi, err := os.Stat(d.path)
	switch {
	case errors.Is(err, os.ErrNotExist) && d.create:
		return nil
	case err != nil:
		return fmt.Errorf("store: %w", err)
	case fi.Size() == 0 && !d.create:
		return fmt.Errorf("store: %s: %w (the file is empty)", d.path, ErrNotDatabase)
	}
	if need := pagesEnd(d.path); need > fi.Size() {
		return fmt.Errorf("store: %s: %w (truncated: %d bytes of %d)", d.path, ErrDamaged, fi.Size(), need)
	}
	return nil
}

// pagesEnd reads the newest valid meta page of a bbolt file and returns where its
// pages end; 0 when the file has no valid meta page (bbolt then refuses it). bbolt
// itself would fault reading the freelist of a truncated file before it looks.
func pagesEnd(path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	const (
		header = 16 // page id, flags, count, overflow
		magic  = 0xED0CDAED
	)
	meta := func(off int64) (pageSize, pgid, txid uint64, ok bool) {
		buf := make([]byte, header+64)
		if _, err := f.ReadAt(buf, off); err != nil {
			return 0, 0, 0, false
		}
		m := buf[header:]
		h := fnv.New64a()
		h.Write(m[:56])
		if binary.LittleEndian.Uint32(m[0:]) != magic || h.Sum64() != binary.LittleEndian.Uint64(m[56:]) {
			return 0, 0, 0, false
		}
		return uint64(binary.LittleEndian.Uint32(m[8:])), binary.LittleEndian.Uint64(m[40:]), binary.LittleEndian.Uint64(m[48:]), true
	}
	size0, pgid0, tx0, ok0 := meta(0)
	probe := size0
	if !ok0 {
		probe = uint64(os.Getpagesize())
	}
	size1, pgid1, tx1, ok1 := meta(int64(probe))
	switch {
	case ok0 && (!ok1 || tx0 >= tx1):
		return int64(pgid0 * size0)
	case ok1:
		return int64(pgid1 * size1)
	}
	return 0
}

// boltOpen tries the bbolt file once; bolt.ErrTimeout means another process has it.
func (d *DB) boltOpen() (bdb *bolt.DB, err error) {
	err = d.protect(func() error {
		var err error
		// A timeout below bbolt's retry interval tries the lock exactly once.
		bdb, err = bolt.Open(d.path, 0o600, &bolt.Options{Timeout: time.Nanosecond, ReadOnly: d.opts.ReadOnly})
		return err
	})
	if err == nil || errors.Is(err, bolt.ErrTimeout) || errors.Is(err, ErrDamaged) {
		return bdb, err
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return nil, fmt.Errorf("store: %w", err)
	}
	// bbolt's own refusals: invalid, version mismatch, checksum, file too small.
	return nil, fmt.Errorf("store: %s: %w (%v)", d.path, ErrNotDatabase, err)
}

// protect runs fn and turns a panic or a memory fault (bbolt reading a damaged
// or truncated file through its mmap) into an error naming the file.
func (d *DB) protect(fn func() error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if cp, ok := r.(callerPanic); ok {
			// The procedure failed, not the file: say so, or an operator might
			// restore a backup of a sound file.
			d.log.Error("store: a transaction failed with a program error", "file", d.path, "panic", fmt.Sprint(cp.v), "stack", string(cp.stack))
			err = fmt.Errorf("store: %w: %v", ErrInternal, cp.v)
			return
		}
		if sf, ok := r.(storeFault); ok {
			r = sf.v
		}
		// One line says what is wrong; the stack is for whoever debugs bbolt.
		d.log.Error("store: the database file is damaged", "file", d.path, "panic", fmt.Sprint(r))
		d.log.Debug("store: stack of the fault", "file", d.path, "stack", string(debug.Stack()))
		err = fmt.Errorf("store: %s: %w (%v)", d.path, ErrDamaged, r)
	}()
	return fn()
}

// storeFault is a panic while bbolt reads or writes the file: a damaged page,
// a fault in its memory map.
type storeFault struct{ v any }

// callerPanic is a panic of the code a transaction runs (core's procedure),
// which says nothing about the file.
type callerPanic struct {
	v     any
	stack []byte
}

// fileOp, deferred by every operation on the file, marks a panic in it as the file's.
func fileOp() {
	if r := recover(); r != nil {
		switch r.(type) {
		case storeFault, callerPanic:
			panic(r)
		}
		panic(storeFault{r})
	}
}

// callerOp, deferred around the caller's code, marks a panic in it as the program's.
func callerOp() {
	if r := recover(); r != nil {
		switch r.(type) {
		case storeFault, callerPanic:
			panic(r)
		}
		panic(callerPanic{v: r, stack: debug.Stack()})
	}
}

// release ends one use; the last one arms the idle close, or hands the file over.
func (d *DB) release() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.users--
	if d.users > 0 || d.db == nil {
		return
	}
	if d.yielding {
		d.closeFileLocked("hand-off")
		return
	}
	if d.opts.IdleClose > 0 {
		d.timer = time.AfterFunc(d.opts.IdleClose, d.closeIdle)
	}
}

func (d *DB) closeIdle() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.users == 0 && d.db != nil && !d.closed {
		d.closeFileLocked("idle close")
	}
}

// closeFileLocked closes the bbolt file with no transaction running on it.
func (d *DB) closeFileLocked(why string) {
	if err := d.db.Close(); err != nil {
		d.log.Error("store: closing the file", "file", d.path, "why", why, "err", err)
	}
	d.db = nil
	d.yielding = false
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
	d.changedLocked()
}

// Close closes the file; the DB cannot be used afterwards.
func (d *DB) Close() error {
	d.closing.Store(true)
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil
	}
	// An opener in flight is waited for: once Close returns, nothing of this
	// DB touches the file any more (its directory may be removed at once, and
	// an opener would create the file again).
	for d.opening {
		ch := d.changed
		d.mu.Unlock()
		<-ch
		d.mu.Lock()
	}
	if d.closed {
		return nil
	}
	d.closed = true
	if d.timer != nil {
		d.timer.Stop()
	}
	var err error
	if d.db != nil {
		err = d.db.Close()
		d.db = nil
	}
	if !d.opening {
		// An opener still uses the lock file; it closes it when it sees the DB closed.
		if cerr := d.closeLockLocked(); err == nil {
			err = cerr
		}
	}
	d.changedLocked()
	return err
}

// closeLockLocked closes FILE.lock once no opener uses it.
func (d *DB) closeLockLocked() error {
	if d.lock == nil {
		return nil
	}
	err := d.lock.Close()
	d.lock = nil
	return err
}

// Path is the database file.
func (d *DB) Path() string { return d.path }

// raw runs fn in a bbolt transaction, with faults turned into errors.
func (d *DB) raw(write bool, fn func(*bolt.Tx) error) error {
	if write && d.opts.ReadOnly {
		return fmt.Errorf("store: %s: %w", d.path, ErrReadOnly)
	}
	bdb, err := d.acquire()
	if err != nil {
		return err
	}
	defer d.release()
	return d.protect(func() error {
		if write {
			return bdb.Update(fn)
		}
		return bdb.View(fn)
	})
}

// View runs fn in a read-only transaction.
func (d *DB) View(fn func(core.Tx) error) error {
	return d.raw(false, func(tx *bolt.Tx) error { return caller(fn, boltTx{tx, d.path}) })
}

// Update runs fn in one read-write transaction.
func (d *DB) Update(fn func(core.Tx) error) error {
	return d.raw(true, func(tx *bolt.Tx) error { return caller(fn, boltTx{tx, d.path}) })
}

// caller runs the caller's transaction function, its panics marked as its own.
func caller(fn func(core.Tx) error, tx boltTx) error {
	defer callerOp()
	return fn(tx)
}

// Backup writes a consistent copy of the whole database to w from one read
// transaction, while other transactions go on.
func (d *DB) Backup(w io.Writer) (int64, error) {
	var n int64
	err := d.raw(false, func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// BackupFile writes the copy to a new file (mode 0600) and syncs it.
func (d *DB) BackupFile(path string) (int64, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return 0, err
	}
	n, err := d.Backup(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if rerr := os.Remove(path); rerr != nil {
			d.log.Error("store: removing a failed backup", "file", path, "err", rerr)
		}
	}
	return n, err
}

// Stats is the size of the database file.
func (d *DB) Stats() (int64, error) {
	fi, err := os.Stat(d.path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// Report is what Check found in the file.
type Report struct {
	Schema   string
	Buckets  []core.BucketCount
	Problems []string // each names where it is: page, bucket and key
}

// Check verifies the file: bbolt's consistency check of pages and freelist, the
// schema, and the decoding of every document of every bucket core uses. It
// returns an error only when the check itself could not run.
func (d *DB) Check() (Report, error) {
	var r Report
	err := d.raw(false, func(tx *bolt.Tx) error {
		if err := d.checkSize(tx); err != nil {
			r.Problems = append(r.Problems, err.Error())
			return nil
		}
		if err := walk(tx); err != nil {
			r.Problems = append(r.Problems, err.Error())
			return nil
		}
		for err := range tx.Check() {
			r.Problems = append(r.Problems, "bbolt: "+err.Error())
		}
		if meta := tx.Bucket([]byte(metaBucket)); meta != nil {
			r.Schema = string(meta.Get(schemaKey))
		}
		if r.Schema != fmt.Sprint(SchemaVersion) {
			r.Problems = append(r.Problems, fmt.Sprintf("schema %q, this program writes %d", r.Schema, SchemaVersion))
		}
		var missing []string
		for _, b := range core.Buckets {
			if tx.Bucket([]byte(b)) == nil {
				missing = append(missing, b)
			}
		}
		if len(missing) > 0 {
			r.Problems = append(r.Problems, "missing buckets: "+strings.Join(missing, ", "))
			return nil
		}
		counts, problems := core.CheckDocuments(boltTx{tx, d.path})
		r.Buckets = counts
		for _, p := range problems {
			r.Problems = append(r.Problems, p.String())
		}
		return nil
	})
	if errors.Is(err, ErrDamaged) {
		r.Problems = append(r.Problems, err.Error())
		err = nil
	}
	return r, err
}

type boltTx struct {
	tx   *bolt.Tx
	path string
}

func (t boltTx) bucket(name string) (*bolt.Bucket, error) {
	b := t.tx.Bucket([]byte(name))
	if b == nil {
		return nil, fmt.Errorf("store: no bucket %q", name)
	}
	return b, nil
}

// decode reads a document; one that does not decode names its place.
func (t boltTx) decode(bucket string, key, raw []byte, v any) error {
	defer fileOp()
	if err := json.Unmarshal(raw, v); err != nil {
		return &core.DocumentError{File: t.path, Bucket: bucket, Key: string(key), Err: err}
	}
	return nil
}

func (t boltTx) Get(bucket, key string, v any) error {
	defer fileOp()
	b, err := t.bucket(bucket)
	if err != nil {
		return err
	}
	raw := b.Get([]byte(key))
	if raw == nil {
		return core.ErrNoValue
	}
	return t.decode(bucket, []byte(key), raw, v)
}

func (t boltTx) Put(bucket, key string, v any) error {
	defer fileOp()
	b, err := t.bucket(bucket)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put([]byte(key), raw)
}

func (t boltTx) Delete(bucket, key string) error {
	defer fileOp()
	b, err := t.bucket(bucket)
	if err != nil {
		return err
	}
	return b.Delete([]byte(key))
}

// scanCaller runs the caller's function of a scan, its panics marked as its own.
func scanCaller(fn func(string, func(any) error) bool, key string, decode func(any) error) bool {
	defer callerOp()
	return fn(key, decode)
}

// Append keys records by a zero-padded sequence so that key order is insertion order.
func (t boltTx) Append(bucket string, v any) (uint64, error) {
	defer fileOp()
	b, err := t.bucket(bucket)
	if err != nil {
		return 0, err
	}
	seq, err := b.NextSequence()
	if err != nil {
		return 0, err
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return 0, err
	}
	return seq, b.Put([]byte(fmt.Sprintf("%020d", seq)), raw)
}

func (t boltTx) Scan(bucket, prefix string, fn func(string, func(any) error) bool) error {
	defer fileOp()
	b, err := t.bucket(bucket)
	if err != nil {
		return err
	}
	c := b.Cursor()
	p := []byte(prefix)
	for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
		key, raw := k, v
		if !scanCaller(fn, string(k), func(x any) error { return t.decode(bucket, key, raw, x) }) {
			break
		}
	}
	return nil
}
