package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"mypage/core"
	"mypage/store"
	"mypage/store/pgtest"
)

func open(t testing.TB, u string, opts Options) *DB {
	t.Helper()
	db, err := Open(context.Background(), u, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func TestIsURLAndDescribe(t *testing.T) {
	for s, want := range map[string]bool{
		"postgres://u@h/db": true, "postgresql://h/db": true, "mypage.db": false,
		"/var/lib/mypage/postgres.db": false, "postgres.db": false,
	} {
		if IsURL(s) != want {
			t.Errorf("IsURL(%q) = %v", s, !want)
		}
	}
	for in, want := range map[string]string{
		"postgres://mypage:s3cret@db.example.jp:5432/portal?sslmode=disable": "postgres://mypage@db.example.jp:5432/portal?sslmode=disable",
		"postgres://mypage@db/portal?password=s3cret&sslmode=disable":        "postgres://mypage@db:5432/portal?sslmode=disable",
		"postgres://mypage@db/portal?sslpassword=s3cret&sslmode=disable":     "postgres://mypage@db:5432/portal?sslmode=disable",
		// The driver reads everything before the last '@' as user and password.
		"postgres://mypage:12#s3cret@db.example.jp/portal?sslmode=disable":    "postgres://mypage@db.example.jp:5432/portal",
		"postgres://mypage:2024?s3cret@db.example.jp/portal":                  "postgres://mypage@db.example.jp:5432/portal",
		"postgres://mypage:#s3cret@db.example.jp/portal":                      "postgres://mypage@db.example.jp:5432/portal",
		"postgres://mypage@[::1]:6543/portal?sslmode=disable":                 "postgres://mypage@[::1]:6543/portal?sslmode=disable",
		"postgres:///portal?host=/run/postgresql&user=mypage&sslmode=disable": "postgres://mypage@/portal?host=%2Frun%2Fpostgresql&sslmode=disable&user=mypage",
		"postgres://mypage:s3cret@db:port/portal":                             "postgres://…",
	} {
		if got := Describe(in); got != want || strings.Contains(got, "s3cret") {
			t.Errorf("Describe(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBadURLKeepsPassword(t *testing.T) {
	_, err := Open(context.Background(), "postgres://mypage:s3cret@db:port/portal", Options{})
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("Open of a bad URL = %v", err)
	}
}

func TestMigrationsUpgradeInPlace(t *testing.T) {
	u := pgtest.URL(t)
	db := open(t, u, Options{})
	if err := db.Update(func(tx core.Tx) error { return tx.Put("accounts", "k", map[string]int{"n": 1}) }); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// A later version adds to the schema; the data stays, the version is recorded.
	next := append(append([]migration(nil), migrations...), migration{SchemaVersion() + 1,
		`CREATE INDEX mypage_documents_value_length ON mypage_documents (length(value))`})
	db2 := open(t, u, Options{})
	if err := db2.migrate(context.Background(), next); err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	var n map[string]int
	if err := db2.View(func(tx core.Tx) error { return tx.Get("accounts", "k", &n) }); err != nil || n["n"] != 1 {
		t.Fatalf("after the upgrade: %v, %v", n, err)
	}
	var versions []int
	rows, err := db2.pool.Query(context.Background(), `SELECT version FROM mypage_schema_versions ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	versions, err = pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil || len(versions) != len(next) || versions[len(versions)-1] != SchemaVersion()+1 {
		t.Fatalf("versions = %v, %v", versions, err)
	}
	// Applying again does nothing.
	if err := db2.migrate(context.Background(), next); err != nil {
		t.Fatalf("second upgrade: %v", err)
	}
	db2.Close()

	// This program's code is now older than the database: refused, clearly.
	_, err = Open(context.Background(), u, Options{})
	if !errors.Is(err, store.ErrNewerSchema) || !strings.Contains(err.Error(), fmt.Sprintf("schema %d", SchemaVersion()+1)) {
		t.Fatalf("Open of a newer schema: %v", err)
	}
}

func TestOpensAtOnce(t *testing.T) {
	// Front-ends starting together: each migration is applied once, no one fails.
	u := pgtest.URL(t)
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := Open(context.Background(), u, Options{MaxConns: 2})
			if err == nil {
				db.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("Open at once: %v", err)
		}
	}
	db := open(t, u, Options{})
	var n int
	if err := db.pool.QueryRow(context.Background(), `SELECT count(*) FROM mypage_schema_versions`).Scan(&n); err != nil || n != len(migrations) {
		t.Fatalf("%d versions recorded, %v", n, err)
	}
}

func TestPanicIsInternalError(t *testing.T) {
	db := open(t, pgtest.URL(t), Options{})
	err := db.Update(func(tx core.Tx) error {
		if err := tx.Put("accounts", "k", 1); err != nil {
			return err
		}
		panic("boom")
	})
	if !errors.Is(err, store.ErrInternal) || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("Update with a panic = %v, want store.ErrInternal", err)
	}
	var v int
	if err := db.View(func(tx core.Tx) error { return tx.Get("accounts", "k", &v) }); !errors.Is(err, core.ErrNoValue) {
		t.Fatalf("after the panic: %v, %v", v, err)
	}
}

// conflict makes the statement after it fail as a serialization failure would.
func conflict(c core.Tx) error {
	t := c.(*tx)
	_, err := t.tx.Exec(context.Background(),
		`DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = 'serialization_failure'; END $$`)
	return t.fail("test", err)
}

func TestFailedStatementDecides(t *testing.T) {
	// fn swallows the failure of a statement, or returns another error: the
	// transaction is aborted on the server, and the conflict is retried all the same.
	db := open(t, pgtest.URL(t), Options{})
	runs := 0
	err := db.Update(func(tx core.Tx) error {
		runs++
		if runs == 1 {
			_ = conflict(tx)
			if err := tx.Put("accounts", "k", 1); err == nil {
				return errors.New("a statement after a failed one succeeded")
			}
			return nil // as if nothing went wrong
		}
		return tx.Put("accounts", "k", runs)
	})
	if err != nil || runs != 2 || db.Retries() != 1 {
		t.Fatalf("Update = %v after %d runs, %d retries; want success on the second run", err, runs, db.Retries())
	}
	var v int
	if err := db.View(func(tx core.Tx) error { return tx.Get("accounts", "k", &v) }); err != nil || v != 2 {
		t.Fatalf("k = %d, %v", v, err)
	}
	// fn turned the failure into its own error: still a retry.
	runs = 0
	err = db.Update(func(tx core.Tx) error {
		runs++
		if runs == 1 {
			if err := conflict(tx); err != nil {
				return core.ErrNotFound
			}
		}
		return nil
	})
	if err != nil || runs != 2 {
		t.Fatalf("Update = %v after %d runs", err, runs)
	}
}

func TestRetriesEnd(t *testing.T) {
	db := open(t, pgtest.URL(t), Options{MaxRetries: 3})
	runs := 0
	err := db.Update(func(tx core.Tx) error { runs++; return conflict(tx) })
	if !errors.Is(err, core.ErrBusy) || runs != 4 || db.Retries() != 3 {
		t.Fatalf("Update = %v after %d runs, %d retries; want core.ErrBusy after 4 runs", err, runs, db.Retries())
	}
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "40001" {
		t.Fatalf("the cause is not kept: %v", err)
	}
}

func TestChecksumMatchesBolt(t *testing.T) {
	// The same documents give the same counts and checksums on both stores, so
	// that a copy can be verified; and a copy made with Put does not lose its
	// appended records to the next Append.
	bolt, err := store.Open(filepath.Join(t.TempDir(), "t.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer bolt.Close()
	pg := open(t, pgtest.URL(t), Options{})
	type rec struct {
		Name string `json:"name"`
		HTML string `json:"html"`
	}
	fill := func(s core.Storage) {
		err := s.Update(func(tx core.Tx) error {
			for i, k := range []string{"b", "a", "日本", "a\xff", "z"} {
				if err := tx.Put("accounts", k, rec{Name: fmt.Sprint("名前", i), HTML: "<a&b>"}); err != nil {
					return err
				}
			}
			for i := range 5 {
				if _, err := tx.Append("audit", rec{Name: fmt.Sprint(i)}); err != nil {
					return err
				}
			}
			return tx.Delete("audit", fmt.Sprintf("%020d", 5))
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	fill(bolt)
	fill(pg)
	bc, err := bolt.Counts()
	if err != nil {
		t.Fatal(err)
	}
	pc, err := pg.Counts()
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(bc) != fmt.Sprint(pc) || bc["accounts"] != 5 || bc["audit"] != 4 || len(bc) != len(core.Buckets) {
		t.Fatalf("counts: bbolt %v, postgres %v", bc, pc)
	}
	for _, b := range core.Buckets {
		bs, err1 := bolt.Checksum(b)
		ps, err2 := pg.Checksum(b)
		if err1 != nil || err2 != nil || bs != ps {
			t.Fatalf("checksum of %s: bbolt %s %v, postgres %s %v", b, bs, err1, ps, err2)
		}
	}
	before, _ := pg.Checksum("accounts")
	if err := pg.Update(func(tx core.Tx) error { return tx.Put("accounts", "a", rec{Name: "changed"}) }); err != nil {
		t.Fatal(err)
	}
	if after, _ := pg.Checksum("accounts"); after == before {
		t.Fatal("a changed document does not change the checksum")
	}

	// A copy into a new database with Put only, as a migration makes it.
	cp := open(t, pgtest.URL(t), Options{})
	err = bolt.View(func(src core.Tx) error {
		return cp.Update(func(dst core.Tx) error {
			var err error
			scanErr := src.Scan("audit", "", func(k string, decode func(any) error) bool {
				var raw rawJSON
				if err = decode(&raw); err == nil {
					err = dst.Put("audit", k, raw)
				}
				return err == nil
			})
			return errors.Join(scanErr, err)
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	var seq uint64
	if err := cp.Update(func(tx core.Tx) error { seq, err = tx.Append("audit", rec{}); return err }); err != nil || seq != 5 {
		t.Fatalf("first Append after a copy: sequence %d, %v; want 5, after the highest record 4", seq, err)
	}
}

type rawJSON []byte

func (r rawJSON) MarshalJSON() ([]byte, error) { return r, nil }
func (r *rawJSON) UnmarshalJSON(b []byte) error {
	*r = append((*r)[:0], b...)
	return nil
}

// proxy stands between the store and the server, to take the server away.
type proxy struct {
	target string
	addr   string
	mu     sync.Mutex
	l      net.Listener
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	p := &proxy{target: target}
	p.up(t)
	t.Cleanup(p.down)
	return p
}

func (p *proxy) up(t *testing.T) {
	addr := p.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	p.l, p.addr = l, l.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(s, c); s.Close() }()
			go func() { _, _ = io.Copy(c, s); c.Close() }()
		}
	}()
}

// down closes the port and every connection: the server is gone.
func (p *proxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.l != nil {
		p.l.Close()
		p.l = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func TestUnavailableAndBack(t *testing.T) {
	u, err := url.Parse(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	p := newProxy(t, u.Host)
	u.Host = p.addr
	db := open(t, u.String(), Options{MaxConns: 2})
	put := func(n int) error {
		return db.Update(func(tx core.Tx) error { return tx.Put("accounts", "k", n) })
	}
	if err := put(1); err != nil {
		t.Fatal(err)
	}

	p.down()
	err = put(2)
	if !errors.Is(err, core.ErrUnavailable) {
		t.Fatalf("Update with the server gone = %v, want core.ErrUnavailable", err)
	}
	if err := db.View(func(tx core.Tx) error { var v int; return tx.Get("accounts", "k", &v) }); !errors.Is(err, core.ErrUnavailable) {
		t.Fatalf("View with the server gone = %v, want core.ErrUnavailable", err)
	}
	// A new front-end starting now is told so as well.
	if _, err := Open(context.Background(), u.String(), Options{}); !errors.Is(err, core.ErrUnavailable) {
		t.Fatalf("Open with the server gone = %v, want core.ErrUnavailable", err)
	}

	// The server returns: the same DB works again, with nothing half-written.
	p.up(t)
	if err := put(3); err != nil {
		t.Fatalf("Update after the server returned: %v", err)
	}
	var v int
	if err := db.View(func(tx core.Tx) error { return tx.Get("accounts", "k", &v) }); err != nil || v != 3 {
		t.Fatalf("k = %d, %v", v, err)
	}
}

func TestUnavailableMidTransaction(t *testing.T) {
	u, err := url.Parse(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	p := newProxy(t, u.Host)
	u.Host = p.addr
	db := open(t, u.String(), Options{})
	err = db.Update(func(tx core.Tx) error {
		if err := tx.Put("accounts", "a", 1); err != nil {
			return err
		}
		p.down()
		return tx.Put("accounts", "b", 1)
	})
	if !errors.Is(err, core.ErrUnavailable) {
		t.Fatalf("Update losing its connection = %v, want core.ErrUnavailable", err)
	}
	p.up(t)
	for _, k := range []string{"a", "b"} {
		var v int
		if err := db.View(func(tx core.Tx) error { return tx.Get("accounts", k, &v) }); !errors.Is(err, core.ErrNoValue) {
			t.Fatalf("%s after the lost transaction: %d, %v; want nothing written", k, v, err)
		}
	}
}
