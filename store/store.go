// Package store keeps the portal's state in one bbolt file.
//
// The file is opened on demand and closed again once no transaction has used it
// for a short while. bbolt locks its file for one process at a time; releasing it
// when idle lets the back-office commands work on the database of a running portal.
package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"mypage/core"
)

// SchemaVersion is the layout this code reads and writes.
const SchemaVersion = 3

const metaBucket = "meta"

var schemaKey = []byte("schema")

// ErrNewerSchema means the file was written by a newer mypage.
var ErrNewerSchema = errors.New("store: database schema is newer than this program")

// Options tune how the file is shared.
type Options struct {
	// LockTimeout is how long to wait for another process holding the file.
	LockTimeout time.Duration
	// IdleClose is how long the file stays open after the last transaction.
	// Zero keeps it open until Close.
	IdleClose time.Duration
}

// DefaultOptions suit a portal and back-office commands sharing one file.
var DefaultOptions = Options{LockTimeout: 15 * time.Second, IdleClose: 250 * time.Millisecond}

// DB is the bbolt implementation of core.Storage.
type DB struct {
	path string
	opts Options

	mu     sync.Mutex
	db     *bolt.DB
	users  int
	timer  *time.Timer
	closed bool
}

// Open prepares the database at path, creating it (mode 0600) and upgrading its
// schema in place when needed.
func Open(path string, opts Options) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	d := &DB{path: path, opts: opts}
	bdb, err := d.acquire()
	if err != nil {
		return nil, err
	}
	defer d.release()
	if err := bdb.Update(migrate); err != nil {
		// Release the file: a refused file must not stay locked by this process.
		_ = d.Close()
		return nil, err
	}
	return d, nil
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
	// settings; 2 → 3: step-ups. Creating every bucket core lists covers each step; later versions that
	// move data add their steps here.
	for _, b := range core.Buckets {
		if _, err := tx.CreateBucketIfNotExists([]byte(b)); err != nil {
			return err
		}
	}
	return meta.Put(schemaKey, []byte(fmt.Sprint(SchemaVersion)))
}

// acquire returns the open bbolt handle, opening the file if needed.
func (d *DB) acquire() (*bolt.DB, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil, errors.New("store: closed")
	}
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
	if d.db == nil {
		bdb, err := bolt.Open(d.path, 0o600, &bolt.Options{Timeout: d.opts.LockTimeout})
		if err != nil {
			if errors.Is(err, bolt.ErrTimeout) {
				return nil, fmt.Errorf("store: %s is in use by another process", d.path)
			}
			return nil, err
		}
		d.db = bdb
	}
	d.users++
	return d.db, nil
}

// release ends one use; the last one arms the idle close.
func (d *DB) release() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.users--
	if d.users == 0 && d.opts.IdleClose > 0 && d.db != nil {
		d.timer = time.AfterFunc(d.opts.IdleClose, d.closeIdle)
	}
}

func (d *DB) closeIdle() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.users == 0 && d.db != nil {
		_ = d.db.Close()
		d.db = nil
	}
}

// Close closes the file; the DB cannot be used afterwards.
func (d *DB) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed = true
	if d.timer != nil {
		d.timer.Stop()
	}
	if d.db != nil {
		err := d.db.Close()
		d.db = nil
		return err
	}
	return nil
}

// Path is the database file.
func (d *DB) Path() string { return d.path }

// View runs fn in a read-only transaction.
func (d *DB) View(fn func(core.Tx) error) error {
	bdb, err := d.acquire()
	if err != nil {
		return err
	}
	defer d.release()
	return bdb.View(func(tx *bolt.Tx) error { return fn(boltTx{tx}) })
}

// Update runs fn in one read-write transaction.
func (d *DB) Update(fn func(core.Tx) error) error {
	bdb, err := d.acquire()
	if err != nil {
		return err
	}
	defer d.release()
	return bdb.Update(func(tx *bolt.Tx) error { return fn(boltTx{tx}) })
}

// Backup writes a consistent copy of the whole database to w from one read
// transaction, while other transactions go on.
func (d *DB) Backup(w io.Writer) (int64, error) {
	bdb, err := d.acquire()
	if err != nil {
		return 0, err
	}
	defer d.release()
	var n int64
	err = bdb.View(func(tx *bolt.Tx) error {
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
		_ = os.Remove(path)
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

type boltTx struct{ tx *bolt.Tx }

func (t boltTx) bucket(name string) (*bolt.Bucket, error) {
	b := t.tx.Bucket([]byte(name))
	if b == nil {
		return nil, fmt.Errorf("store: no bucket %q", name)
	}
	return b, nil
}

func (t boltTx) Get(bucket, key string, v any) error {
	b, err := t.bucket(bucket)
	if err != nil {
		return err
	}
	raw := b.Get([]byte(key))
	if raw == nil {
		return core.ErrNoValue
	}
	return json.Unmarshal(raw, v)
}

func (t boltTx) Put(bucket, key string, v any) error {
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
	b, err := t.bucket(bucket)
	if err != nil {
		return err
	}
	return b.Delete([]byte(key))
}

// Append keys records by a zero-padded sequence so that key order is insertion order.
func (t boltTx) Append(bucket string, v any) (uint64, error) {
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
	b, err := t.bucket(bucket)
	if err != nil {
		return err
	}
	c := b.Cursor()
	p := []byte(prefix)
	for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
		raw := v
		if !fn(string(k), func(x any) error { return json.Unmarshal(raw, x) }) {
			break
		}
	}
	return nil
}
