package store_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"mypage/core"
	"mypage/store"
)

var start = time.Date(2026, time.April, 1, 10, 0, 0, 0, core.JST)

func service(db *store.DB) *core.Service {
	return core.NewService(db, core.Config{Clock: core.NewManualClock(start),
		Hash: core.HashParams{MemoryKiB: 64, Time: 1, Threads: 1}})
}

func open(t testing.TB, path string, opts store.Options) *store.DB {
	t.Helper()
	db, err := store.Open(path, opts)
	if err != nil {
		t.Fatalf("Open %s: %v", path, err)
	}
	return db
}

var op = core.Operator("test")

// everything is what the back office can read of the database, as JSON, to compare two opens.
func everything(t testing.TB, svc *core.Service, numbers []string) string {
	t.Helper()
	var contracts []core.ContractRecord
	for _, n := range numbers {
		c, err := svc.ShowContract(op, n)
		if err != nil {
			t.Fatalf("ShowContract %s: %v", n, err)
		}
		contracts = append(contracts, c)
	}
	outbox, err := svc.Outbox(op, 0)
	if err != nil {
		t.Fatal(err)
	}
	audit, err := svc.Audit(op, core.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(struct {
		Contracts []core.ContractRecord
		Outbox    []core.Mail
		Audit     []core.AuditRecord
	}{contracts, outbox, audit})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func holderNumbers(logins []core.DemoLogin) []string {
	var out []string
	for _, l := range logins {
		if l.Kind == "holder" {
			out = append(out, l.Login)
		}
	}
	return out
}

// Everything written through core is there after Close and a new Open: contracts, account
// IDs, tombstones, spent confirm tokens, login throttles, outbox and audit.
func TestReopenKeepsEverything(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mypage.db")
	db := open(t, path, store.Options{})
	svc := service(db)
	logins, err := svc.SeedDemo(op)
	if err != nil {
		t.Fatal(err)
	}
	numbers := holderNumbers(logins)
	var lanHolder, lanUser core.DemoLogin
	for _, l := range logins {
		switch {
		case l.Kind == "holder" && strings.Contains(l.ContractType, "LAN"):
			lanHolder = l
		case l.Kind == "user" && strings.Contains(l.ContractType, "LAN"):
			lanUser = l
		}
	}
	s, err := svc.Login(core.LoginCustomerNumber, lanHolder.Login, lanHolder.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	token := svc.NewToken()
	if _, err := svc.UpdateCustomerInfo(s.Principal, token, core.CustomerForm{Phone: "045-765-4321",
		ContactMail: "taro.new@example.jp", Occupation: "employee", Household: "4"}); err != nil {
		t.Fatal(err)
	}
	if err := svc.DeleteAccount(s.Principal, svc.NewToken(), lanUser.Login); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ { // locks the admin ID for a minute
		_, _ = svc.Login(core.LoginAccountID, "yamada-taro", "wrong-password-1", "test")
	}
	before := everything(t, svc, numbers)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.View(func(core.Tx) error { return nil }); err == nil {
		t.Fatal("a closed DB still runs transactions")
	}

	db2 := open(t, path, store.Options{})
	defer db2.Close()
	svc2 := service(db2)
	if after := everything(t, svc2, numbers); after != before {
		t.Fatalf("after reopening:\n%s\nbefore:\n%s", after, before)
	}
	if !strings.Contains(before, `"customer-info-change"`) || !strings.Contains(before, "taro.new@example.jp") {
		t.Fatalf("the data read back lacks the procedures: %s", before)
	}
	for _, l := range logins {
		method := core.LoginAccountID
		if l.Kind == "holder" {
			method = core.LoginCustomerNumber
		}
		_, err := svc2.Login(method, l.Login, l.Password, "test")
		switch {
		case l.Login == lanUser.Login || l.Login == "yamada-taro":
			if err == nil {
				t.Errorf("%s logged in after reopening (deleted or throttled)", l.Login)
			}
		case err != nil:
			t.Errorf("%s: %v after reopening", l.Login, err)
		}
	}
	s, err = svc2.Login(core.LoginCustomerNumber, lanHolder.Login, lanHolder.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc2.UpdateCustomerInfo(s.Principal, token, core.CustomerForm{Phone: "045-765-4321", Occupation: "employee"})
	if !errors.Is(err, core.ErrAlreadySubmitted) {
		t.Fatalf("a token spent before reopening: err = %v", err)
	}
	_, err = svc2.RegisterAccount(s.Principal, svc2.NewToken(), core.AccountForm{ID: lanUser.Login, LastName: "山田",
		FirstName: "花子", LastKana: "ヤマダ", FirstKana: "ハナコ", UserName: "はなこ", Password: "hana-again-pass",
		Permission: core.PermUser})
	if core.FieldProblems(err)[core.FieldAccountID] != core.ProblemTaken {
		t.Fatalf("a deleted ID registered again after reopening: %v", err)
	}
}

// SPEC §2: the file has mode 0600, and a missing directory is created for the owner only.
func TestFileMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new", "dir", "mypage.db")
	db := open(t, path, store.Options{})
	defer db.Close()
	if _, err := service(db).SeedDemo(op); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("file mode %v, want 0600", fi.Mode().Perm())
	}
	di, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if di.Mode().Perm() != 0o700 {
		t.Fatalf("directory mode %v, want 0700", di.Mode().Perm())
	}
	if db.Path() != path {
		t.Fatalf("Path() = %q", db.Path())
	}
	if size, err := db.Stats(); err != nil || size != fi.Size() {
		t.Fatalf("Stats() = %d, %v; file is %d bytes", size, err, fi.Size())
	}
}

func readSchema(t *testing.T, path string) string {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatalf("open %s with bbolt: %v", path, err)
	}
	defer bdb.Close()
	var v string
	_ = bdb.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket([]byte("meta")); b != nil {
			v = string(b.Get([]byte("schema")))
		}
		return nil
	})
	return v
}

func writeSchema(t *testing.T, path, version string) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	if err := bdb.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("meta"))
		if err != nil {
			return err
		}
		return b.Put([]byte("schema"), []byte(version))
	}); err != nil {
		t.Fatal(err)
	}
}

// SPEC §2: the schema version is in the meta bucket; a file of a newer mypage is refused,
// left as it is and not kept locked.
func TestSchemaVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mypage.db")
	db := open(t, path, store.Options{})
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if got, want := readSchema(t, path), fmt.Sprint(store.SchemaVersion); got != want {
		t.Fatalf("schema = %q, want %q", got, want)
	}

	newer := fmt.Sprint(store.SchemaVersion + 1)
	writeSchema(t, path, newer)
	for i := 0; i < 2; i++ {
		_, err := store.Open(path, store.Options{LockTimeout: time.Second})
		if !errors.Is(err, store.ErrNewerSchema) {
			t.Fatalf("open #%d of a newer file: err = %v, want ErrNewerSchema", i+1, err)
		}
	}
	// The refused file is untouched and free for the newer program.
	if got := readSchema(t, path); got != newer {
		t.Fatalf("schema = %q after a refused open, want %q", got, newer)
	}

	writeSchema(t, path, "one")
	if _, err := store.Open(path, store.Options{LockTimeout: time.Second}); err == nil {
		t.Fatal("a file with an unreadable schema version opened")
	}
}

// A file without a schema (version 0: the buckets of an older layout, or none) is upgraded
// in place on open and keeps its data.
func TestSchemaUpgradeInPlace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("contracts"))
		if err != nil {
			return err
		}
		return b.Put([]byte("10000000000001"), []byte(`{"number":"10000000000001","type":"spaaqs-lan"}`))
	}); err != nil {
		t.Fatal(err)
	}
	if err := bdb.Close(); err != nil {
		t.Fatal(err)
	}

	db := open(t, path, store.Options{})
	var c core.Contract
	err = db.View(func(tx core.Tx) error {
		for _, b := range core.Buckets {
			if err := tx.Scan(b, "", func(string, func(any) error) bool { return true }); err != nil {
				return fmt.Errorf("bucket %s: %w", b, err)
			}
		}
		return tx.Get("contracts", "10000000000001", &c)
	})
	if err != nil || c.Type != "spaaqs-lan" {
		t.Fatalf("after the upgrade: %+v, %v", c, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if got := readSchema(t, path); got != fmt.Sprint(store.SchemaVersion) {
		t.Fatalf("schema = %q after the upgrade", got)
	}
}

// The file is released once idle, so another process (here: a second Open of the same path)
// can use it; the first DB works again afterwards and sees what the other wrote.
func TestIdleCloseReleasesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mypage.db")
	first := open(t, path, store.Options{IdleClose: 10 * time.Millisecond, LockTimeout: 10 * time.Second})
	defer first.Close()
	svc1 := service(first)
	cert1, err := svc1.CreateContract(op, core.NewContract{Type: "spaaqs-lan", Customer: demoCustomer()})
	if err != nil {
		t.Fatal(err)
	}

	// Wait for the idle close: poll with a short lock timeout (bounded, not a timing assertion).
	var second *store.DB
	for deadline := time.Now().Add(20 * time.Second); second == nil; {
		db, err := store.Open(path, store.Options{LockTimeout: 20 * time.Millisecond})
		switch {
		case err == nil:
			second = db
		case time.Now().After(deadline):
			t.Fatalf("the idle file was never released: %v", err)
		}
	}
	svc2 := service(second)
	if _, err := svc2.ShowContract(op, cert1.Number); err != nil {
		t.Fatalf("the second opener cannot read the first one's contract: %v", err)
	}
	cert2, err := svc2.CreateContract(op, core.NewContract{Type: "spaaqs-multi", Customer: demoCustomer()})
	if err != nil {
		t.Fatal(err)
	}
	if err := second.Close(); err != nil {
		t.Fatal(err)
	}

	// The first DB opens the file again on its next transaction.
	if _, err := svc1.ShowContract(op, cert2.Number); err != nil {
		t.Fatalf("the first DB after the other process: %v", err)
	}
	if _, err := svc1.Login(core.LoginCustomerNumber, cert2.Number, cert2.InitialPassword, "test"); err != nil {
		t.Fatalf("login on the first DB with the other's contract: %v", err)
	}
}

// Without an idle close the file stays locked: a second opener waits and gives up.
func TestOpenFileIsLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mypage.db")
	db := open(t, path, store.Options{})
	defer db.Close()
	if _, err := store.Open(path, store.Options{LockTimeout: 50 * time.Millisecond}); err == nil {
		t.Fatal("a second Open got the file while the first holds it")
	} else if !strings.Contains(err.Error(), "in use") {
		t.Fatalf("err = %v, want it to say the file is in use", err)
	}
}

// Many goroutines using a DB whose file keeps closing when idle (race detector food).
func TestIdleCloseUnderConcurrentUse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mypage.db")
	db := open(t, path, store.Options{IdleClose: time.Millisecond, LockTimeout: 10 * time.Second})
	defer db.Close()
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				key := fmt.Sprintf("g%d-%02d", g, i)
				if err := db.Update(func(tx core.Tx) error { return tx.Put("tokens", key, i) }); err != nil {
					t.Error(err)
					return
				}
				var v int
				if err := db.View(func(tx core.Tx) error { return tx.Get("tokens", key, &v) }); err != nil || v != i {
					t.Errorf("read %s = %d, %v", key, v, err)
					return
				}
				if i%5 == 0 {
					time.Sleep(2 * time.Millisecond) // let the idle close happen now and then
				}
			}
		}(g)
	}
	wg.Wait()
	n := 0
	_ = db.View(func(tx core.Tx) error {
		return tx.Scan("tokens", "g", func(string, func(any) error) bool { n++; return true })
	})
	if n != 100 {
		t.Fatalf("%d keys, want 100", n)
	}
}

// Backup and BackupFile take a consistent copy while another goroutine keeps writing;
// the copy opens and holds the data.
func TestBackupWhileWriting(t *testing.T) {
	dir := t.TempDir()
	db := open(t, filepath.Join(dir, "mypage.db"), store.Options{})
	defer db.Close()
	svc := service(db)
	logins, err := svc.SeedDemo(op)
	if err != nil {
		t.Fatal(err)
	}
	numbers := holderNumbers(logins)

	stop := make(chan struct{})
	var created atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := svc.CreateContract(op, core.NewContract{Type: "spaaqs-lan", Customer: demoCustomer()}); err != nil {
				t.Error(err)
				return
			}
			created.Add(1)
		}
	}()
	// Let the writer get going before the copies.
	for created.Load() < 3 {
		time.Sleep(time.Millisecond)
	}

	var copies []string
	for i := 0; i < 3; i++ {
		p := filepath.Join(dir, fmt.Sprintf("backup-%d.db", i))
		n, err := db.BackupFile(p)
		if err != nil {
			t.Fatalf("BackupFile: %v", err)
		}
		if fi, err := os.Stat(p); err != nil || fi.Size() != n || fi.Mode().Perm() != 0o600 {
			t.Fatalf("backup %s: %v, size %d (reported %d), mode %v", p, err, fi.Size(), n, fi.Mode().Perm())
		}
		copies = append(copies, p)

		var buf bytes.Buffer
		n, err = db.Backup(&buf)
		if err != nil || n != int64(buf.Len()) {
			t.Fatalf("Backup: %d bytes reported, %d written, %v", n, buf.Len(), err)
		}
		p = filepath.Join(dir, fmt.Sprintf("stream-%d.db", i))
		if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		copies = append(copies, p)
	}
	close(stop)
	wg.Wait()

	for _, p := range copies {
		b := open(t, p, store.Options{})
		bsvc := service(b)
		for _, n := range numbers {
			if _, err := bsvc.ShowContract(op, n); err != nil {
				t.Errorf("%s: demo contract %s: %v", filepath.Base(p), n, err)
			}
		}
		if a, err := bsvc.Audit(op, core.AuditFilter{}); err != nil || len(a) == 0 {
			t.Errorf("%s: audit %d records, %v", filepath.Base(p), len(a), err)
		}
		for _, l := range logins {
			if l.Kind == "holder" {
				if _, err := bsvc.Login(core.LoginCustomerNumber, l.Login, l.Password, "test"); err != nil {
					t.Errorf("%s: holder login: %v", filepath.Base(p), err)
				}
			}
		}
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
	}

	// BackupFile never overwrites an existing file.
	if _, err := db.BackupFile(copies[0]); err == nil {
		t.Fatal("BackupFile overwrote an existing file")
	}
	if b := open(t, copies[0], store.Options{}); b.Close() != nil {
		t.Fatal("the existing backup was damaged")
	}
}

// An Update whose fn fails leaves nothing behind: no put, no delete, no appended record,
// not even a used sequence number.
func TestFailedUpdateLeavesNothing(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "mypage.db"), store.Options{})
	defer db.Close()
	if err := db.Update(func(tx core.Tx) error { return tx.Put("contracts", "kept", "v1") }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := db.Update(func(tx core.Tx) error {
		if err := tx.Put("contracts", "new", "v"); err != nil {
			return err
		}
		if err := tx.Put("contracts", "kept", "v2"); err != nil {
			return err
		}
		if err := tx.Delete("contracts", "kept"); err != nil {
			return err
		}
		if _, err := tx.Append("outbox", core.Mail{To: "a@example.jp"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the fn's error", err)
	}
	var v string
	err = db.View(func(tx core.Tx) error {
		if err := tx.Get("contracts", "new", &v); !errors.Is(err, core.ErrNoValue) {
			return fmt.Errorf("new: %v %q", err, v)
		}
		if err := tx.Get("contracts", "kept", &v); err != nil || v != "v1" {
			return fmt.Errorf("kept = %q, %v", v, err)
		}
		n := 0
		_ = tx.Scan("outbox", "", func(string, func(any) error) bool { n++; return true })
		if n != 0 {
			return fmt.Errorf("%d outbox records", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var seq uint64
	if err := db.Update(func(tx core.Tx) error {
		var err error
		seq, err = tx.Append("outbox", core.Mail{To: "b@example.jp"})
		return err
	}); err != nil || seq != 1 {
		t.Fatalf("first append after the rollback: seq %d, %v; want 1", seq, err)
	}
}

// The transaction primitives core relies on.
func TestTx(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "mypage.db"), store.Options{})
	defer db.Close()
	err := db.Update(func(tx core.Tx) error {
		var v any
		if err := tx.Get("accounts", "missing", &v); !errors.Is(err, core.ErrNoValue) {
			return fmt.Errorf("Get missing: %v", err)
		}
		if err := tx.Delete("accounts", "missing"); err != nil {
			return fmt.Errorf("Delete missing: %v", err)
		}
		if err := tx.Put("no-such-bucket", "k", 1); err == nil {
			return errors.New("Put into an unknown bucket worked")
		}
		type doc struct {
			A string `json:"a"`
			N int    `json:"n"`
		}
		if err := tx.Put("accounts", "b.x", doc{"b", 2}); err != nil {
			return err
		}
		if err := tx.Put("accounts", "a.x", doc{"a", 1}); err != nil {
			return err
		}
		if err := tx.Put("accounts", "c", doc{"c", 3}); err != nil {
			return err
		}
		var got doc
		if err := tx.Get("accounts", "b.x", &got); err != nil || got != (doc{"b", 2}) {
			return fmt.Errorf("Get = %+v, %v", got, err)
		}
		// Prefix scan in key order.
		var keys []string
		if err := tx.Scan("accounts", "", func(k string, dec func(any) error) bool {
			var d doc
			if err := dec(&d); err != nil {
				t.Error(err)
			}
			keys = append(keys, k+"="+d.A)
			return true
		}); err != nil {
			return err
		}
		if fmt.Sprint(keys) != "[a.x=a b.x=b c=c]" {
			return fmt.Errorf("scan = %v", keys)
		}
		keys = nil
		_ = tx.Scan("accounts", "b", func(k string, _ func(any) error) bool { keys = append(keys, k); return true })
		if fmt.Sprint(keys) != "[b.x]" {
			return fmt.Errorf("prefix scan = %v", keys)
		}
		n := 0
		_ = tx.Scan("accounts", "", func(string, func(any) error) bool { n++; return false })
		if n != 1 {
			return fmt.Errorf("scan went on after false: %d", n)
		}
		// Append keeps insertion order past 9, 99 ….
		for i := 1; i <= 120; i++ {
			seq, err := tx.Append("audit", i)
			if err != nil || seq != uint64(i) {
				return fmt.Errorf("append %d: seq %d, %v", i, seq, err)
			}
		}
		want := 1
		return tx.Scan("audit", "", func(k string, dec func(any) error) bool {
			var v int
			if err := dec(&v); err != nil || v != want {
				t.Errorf("record %s = %d, want %d (%v)", k, v, want, err)
			}
			want++
			return true
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func demoCustomer() core.Customer {
	return core.Customer{LastName: "鈴木", FirstName: "一郎", LastKana: "スズキ", FirstKana: "イチロウ",
		RomajiLast: "SUZUKI", RomajiFirst: "ICHIRO", BirthDate: "1980-01-15", Gender: "male",
		Address: "東京都港区芝公園4-2-8", Occupation: "employee", Household: 2, Phone: "03-1234-5678"}
}

// A read-only command of a user who may not write the directory cannot create
// the lock file; the warning says so, not that some file is missing.
func TestLockFileNotCreatable(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.db")
	open(t, path, store.DefaultOptions).Close()
	if err := os.Remove(path + ".lock"); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		// The superuser writes any directory: point the lock file where no
		// file can be created instead.
		if err := os.Symlink("/sys/mypage-lock", path+".lock"); err != nil {
			t.Fatal(err)
		}
		if f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600); err == nil {
			f.Close()
			t.Skip("a file can be created in /sys here")
		}
	} else {
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
	}
	var logs bytes.Buffer
	db := open(t, path, store.Options{ReadOnly: true, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	db.Close()
	if out := logs.String(); !strings.Contains(out, "cannot create or open the lock file") ||
		!strings.Contains(out, "permission denied") || strings.Contains(out, "no such file") {
		t.Errorf("log:\n%s", out)
	}
}
