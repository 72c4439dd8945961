package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"mypage/core"
	"mypage/store"
	"mypage/store/pgtest"
)

func TestMain(m *testing.M) {
	runewidth.DefaultCondition.EastAsianWidth = false
	// Cheap password hashing: the tests check the wiring, not argon2's cost.
	baseConfig = func() core.Config {
		cfg := core.DefaultConfig()
		cfg.Hash = core.HashParams{MemoryKiB: 64, Time: 1, Threads: 1}
		return cfg
	}
	if os.Getenv(envAsCommand) == "1" {
		// A child started by a test: this binary is mypage itself.
		os.Exit(execute(newRootCmd()))
	}
	pgtest.Main(m) // stops the PostgreSQL server the tests started, if any
}

// run executes the root command in-process and returns its stdout and stderr.
func run(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	t.Setenv("XDG_DATA_HOME", t.TempDir()) // never touch the real data directory
	cmd := newRootCmd()
	var out, errOut bytes.Buffer
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetIn(strings.NewReader(""))
	err := cmd.Execute()
	return out.String(), errOut.String(), err
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, err := run(t, args...)
	if err != nil {
		t.Fatalf("mypage %s: %v\nstderr:\n%s", strings.Join(args, " "), err, errOut)
	}
	return out
}

func TestHelpListsEveryCommand(t *testing.T) {
	out := mustRun(t, "--help")
	for _, c := range []string{"run", "demo", "admin", "serve", "kiosk", "--db", "--lang", "--catalog"} {
		if !strings.Contains(out, c) {
			t.Errorf("mypage --help does not mention %q:\n%s", c, out)
		}
	}
	out = mustRun(t, "admin", "--help")
	for _, c := range []string{"contract", "outbox", "audit", "backup", "catalog"} {
		if !strings.Contains(out, c) {
			t.Errorf("mypage admin --help does not mention %q:\n%s", c, out)
		}
	}
	// The summary line of admin, in its own help and in mypage --help, names every
	// admin command.
	root := mustRun(t, "--help")
	adminLine := ""
	for _, l := range strings.Split(root, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "admin ") {
			adminLine = l
		}
	}
	first := strings.SplitN(out, "\n", 2)[0]
	for _, c := range newRootCmd().Commands() {
		if c.Name() != "admin" {
			continue
		}
		for _, sub := range c.Commands() {
			if sub.Hidden || sub.Name() == "help" || sub.Name() == "completion" {
				continue
			}
			if !strings.Contains(first, sub.Name()) || !strings.Contains(adminLine, sub.Name()) {
				t.Errorf("the admin summary does not name %q:\n%s\n%s", sub.Name(), first, adminLine)
			}
		}
	}
	out = mustRun(t, "admin", "contract", "create", "--help")
	for _, code := range typeCodes(core.DefaultCatalog()) {
		if !strings.Contains(out, code) {
			t.Errorf("--type help does not list %q", code)
		}
	}
}

func TestBadLang(t *testing.T) {
	if _, _, err := run(t, "admin", "catalog", "--lang", "fr"); err == nil {
		t.Fatal("--lang fr was accepted")
	}
}

func TestDemoJSON(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "demo.db")
	out := mustRun(t, "demo", "--db", path, "--no-tui", "--json")
	var logins []core.DemoLogin
	if err := json.Unmarshal([]byte(out), &logins); err != nil {
		t.Fatalf("demo --json printed no JSON array: %v\n%s", err, out)
	}
	var raw []map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"kind", "login", "password", "contract_type"} {
		if _, ok := raw[0][key]; !ok {
			t.Errorf("demo login has no %q: %v", key, raw[0])
		}
	}
	kinds := map[string]bool{}
	families := map[core.Family]bool{}
	cat := core.DefaultCatalog()
	for _, l := range logins {
		kinds[l.Kind] = true
		if l.Login == "" || l.Password == "" {
			t.Errorf("empty login or password: %+v", l)
		}
		for _, ct := range cat.ContractTypes {
			if ct.Name == l.ContractType {
				families[ct.Family] = true
			}
		}
	}
	for _, k := range []string{"holder", "admin", "user"} {
		if !kinds[k] {
			t.Errorf("no demo login of kind %s", k)
		}
	}
	if !families[core.FamilyLAN] || !families[core.FamilyMulti] {
		t.Errorf("demo contract families %v, want both lan and multi", families)
	}

	// The passwords cannot be shown again: a second run refuses, --reset recreates.
	if _, _, err := run(t, "demo", "--db", path, "--no-tui", "--json"); err == nil {
		t.Error("demo reused an existing database")
	}
	out = mustRun(t, "demo", "--db", path, "--no-tui", "--reset")
	for _, s := range []string{"KIND", "holder", "mypage --db " + path} {
		if !strings.Contains(out, s) {
			t.Errorf("demo table lacks %q:\n%s", s, out)
		}
	}
}

var createArgs = []string{"admin", "contract", "create", "--type", "spaaqs-lan",
	"--last-name", "鈴木", "--first-name", "一郎", "--last-kana", "スズキ", "--first-kana", "イチロウ",
	"--romaji-last", "suzuki", "--romaji-first", "ichiro", "--birth-date", "1980-02-29",
	"--gender", "male", "--address", "東京都港区芝公園4-2-8", "--phone", "03-1234-5678"}

func TestContractCreateShow(t *testing.T) {
	db := newDB(t)
	out := mustRun(t, append(append([]string{"--db", db}, createArgs...), "--json")...)
	var cert core.Certificate
	if err := json.Unmarshal([]byte(out), &cert); err != nil {
		t.Fatalf("create --json: %v\n%s", err, out)
	}
	if len(cert.Number) != 14 || cert.InitialPassword == "" || cert.Holder != "鈴木 一郎" {
		t.Errorf("certificate %+v", cert)
	}

	out = mustRun(t, "--db", db, "admin", "contract", "show", cert.Number, "--json")
	var rec core.ContractRecord
	if err := json.Unmarshal([]byte(out), &rec); err != nil {
		t.Fatalf("show --json: %v\n%s", err, out)
	}
	if rec.Number != cert.Number || rec.Type != "spaaqs-lan" || rec.Customer.RomajiLast != "SUZUKI" {
		t.Errorf("show: %+v", rec)
	}
	if strings.Contains(out, cert.InitialPassword) || strings.Contains(out, "argon2") {
		t.Error("show prints a password or hash")
	}

	out = mustRun(t, "--db", db, "admin", "contract", "show", cert.Number)
	for _, s := range []string{cert.Number, "鈴木 一郎", "spaaqs-lan"} {
		if !strings.Contains(out, s) {
			t.Errorf("show lacks %q:\n%s", s, out)
		}
	}
}

func TestContractCreateHuman(t *testing.T) {
	db := newDB(t)
	out := mustRun(t, append([]string{"--db", db}, createArgs...)...)
	for _, s := range []string{"登録証", "お客様番号", "初期パスワード", "鈴木 一郎"} {
		if !strings.Contains(out, s) {
			t.Errorf("certificate lacks %q:\n%s", s, out)
		}
	}
}

func TestContractCreateProblems(t *testing.T) {
	db := newDB(t)
	_, errOut, err := run(t, "--db", db, "admin", "contract", "create", "--type", "nope", "--birth-date", "1980/01/01", "--gender", "x")
	var ex exitError
	if !errors.As(err, &ex) || ex.code == 0 {
		t.Fatalf("err = %v, want a non-zero exit", err)
	}
	for _, s := range []string{"--type: not a contract type", "--birth-date: ", "--gender: one of", "--last-name: required", "--address: required"} {
		if !strings.Contains(errOut, s) {
			t.Errorf("stderr lacks %q:\n%s", s, errOut)
		}
	}
	if _, _, err := run(t, "--db", db, "admin", "contract", "show", "99999999999999"); err == nil {
		t.Error("show of an unknown number succeeded")
	}
}

func TestAuditOutboxCatalog(t *testing.T) {
	db := filepath.Join(t.TempDir(), "d.db")
	mustRun(t, "demo", "--db", db, "--no-tui", "--json")
	out := mustRun(t, "--db", db, "admin", "audit", "--limit", "0")
	if !strings.Contains(out, "contract-create") || !strings.Contains(out, "TIME (JST)") {
		t.Errorf("audit:\n%s", out)
	}
	out = mustRun(t, "--db", db, "admin", "audit", "--json", "--contract", "00000000000000")
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("audit of no contract: %s", out)
	}
	mustRun(t, "--db", db, "admin", "outbox")
	out = mustRun(t, "--db", db, "admin", "outbox", "--json")
	var mails []core.Mail
	if err := json.Unmarshal([]byte(out), &mails); err != nil {
		t.Errorf("outbox --json: %v\n%s", err, out)
	}
	out = mustRun(t, "admin", "catalog")
	if !strings.Contains(out, "spaaqs-lan") {
		t.Errorf("catalog:\n%s", out)
	}
}

// TestBackupWhileOpen backs up a database that another store (a running portal) has open.
func TestBackupWhileOpen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "live.db")
	cert := createOne(t, path)

	portal, err := store.Open(path, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer portal.Close()
	svc := core.NewService(portal, baseConfig())
	if _, err := svc.ShowContract(core.Operator("test"), cert.Number); err != nil {
		t.Fatal(err)
	}

	backup := filepath.Join(dir, "backup.db")
	out := mustRun(t, "--db", path, "admin", "backup", backup)
	if !strings.Contains(out, backup) {
		t.Errorf("backup printed %q", out)
	}
	// The portal goes on working while and after the backup runs.
	if _, err := svc.ShowContract(core.Operator("test"), cert.Number); err != nil {
		t.Fatal(err)
	}

	copyDB, err := store.Open(backup, store.DefaultOptions)
	if err != nil {
		t.Fatalf("the backup does not open: %v", err)
	}
	defer copyDB.Close()
	rec, err := core.NewService(copyDB, baseConfig()).ShowContract(core.Operator("test"), cert.Number)
	if err != nil || rec.Number != cert.Number {
		t.Fatalf("backup lacks the contract: %v", err)
	}
	if _, _, err := run(t, "--db", path, "admin", "backup", backup); err == nil {
		t.Error("backup overwrote an existing file")
	}
}

// newDB creates an empty database with admin init and returns its path.
func newDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.db")
	mustRun(t, "--db", path, "admin", "init")
	return path
}

// createOne opens a contract in db, creating the database first when it is missing.
func createOne(t *testing.T, db string) core.Certificate {
	t.Helper()
	if _, err := os.Stat(db); errors.Is(err, os.ErrNotExist) {
		mustRun(t, "--db", db, "admin", "init")
	}
	out := mustRun(t, append(append([]string{"--db", db}, createArgs...), "--json")...)
	var cert core.Certificate
	if err := json.Unmarshal([]byte(out), &cert); err != nil {
		t.Fatal(err)
	}
	return cert
}
