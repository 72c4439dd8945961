package tui

import (
	"bytes"
	"errors"
	"log/slog"
	"math/rand"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/store"
)

// logBuffer is a log destination for the goroutines of a program.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// loggedFixture is the demo fixture whose store, service and screens all log to
// one logger at debug level, as the binary hands one logger to every layer.
func loggedFixture(t *testing.T, wrap ...func(core.Storage) core.Storage) (*fixture, *slog.Logger, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	db, err := store.Open(filepath.Join(t.TempDir(), "tui.db"), store.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var storage core.Storage = db
	for _, w := range wrap {
		storage = w(storage)
	}
	clock := core.NewManualClock(time.Date(2026, 11, 22, 10, 0, 0, 0, core.JST))
	svc := core.NewService(storage, core.Config{Clock: clock, Random: rand.New(rand.NewSource(7)),
		Hash: core.HashParams{MemoryKiB: 64, Time: 1, Threads: 1}, Logger: log})
	logins, err := svc.SeedDemo(core.Operator("test"))
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{db: db, svc: svc, clock: clock, logins: logins}, log, logs
}

// failingStore fails every transaction with a cause of its own while broken is set.
type failingStore struct {
	core.Storage
	broken atomic.Bool
}

var errDiskFault = errors.New("disk fault at sector 42")

func (s *failingStore) View(fn func(core.Tx) error) error {
	if s.broken.Load() {
		return errDiskFault
	}
	return s.Storage.View(fn)
}

func (s *failingStore) Update(fn func(core.Tx) error) error {
	if s.broken.Load() {
		return errDiskFault
	}
	return s.Storage.Update(fn)
}

// An internal error is logged with its cause and a reference; the screen shows
// error.internal with the same reference, so that an operator finds the log
// line from a subscriber's call.
func TestInternalErrorReference(t *testing.T) {
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			var fs *failingStore
			f, log, logs := loggedFixture(t, func(s core.Storage) core.Storage {
				fs = &failingStore{Storage: s}
				return fs
			})
			d := f.start(t, lang, 80, 24, func(o *Options) { o.Logger = log })
			d.loginAs(f.login("holder", 0))
			d.waitKey("contract.usage")
			fs.broken.Store(true)
			d.open(routeAccounts{})
			d.waitKey("error.internal")
			v := d.view()
			line := ""
			for _, l := range strings.Split(logs.String(), "\n") {
				if strings.Contains(l, "internal error") {
					line = l
				}
			}
			if !strings.Contains(line, errDiskFault.Error()) {
				t.Fatalf("no log line of the internal error with its cause:\n%s", logs)
			}
			m := regexp.MustCompile(`ref=(\S+)`).FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("the log line carries no reference: %s", line)
			}
			if !strings.Contains(v, m[1]) {
				t.Errorf("the reference %s of the log line is not on the screen:\n%s", m[1], v)
			}
			if strings.Contains(v, errDiskFault.Error()) {
				t.Errorf("the screen shows the internal cause:\n%s", v)
			}
		})
	}
}

// A login that fails for an internal reason is logged with its cause, not
// swallowed behind the generic login message.
func TestLoginInternalErrorLogged(t *testing.T) {
	var fs *failingStore
	f, log, logs := loggedFixture(t, func(s core.Storage) core.Storage {
		fs = &failingStore{Storage: s}
		return fs
	})
	d := f.start(t, "en", 80, 24, func(o *Options) { o.Logger = log })
	fs.broken.Store(true)
	holder := f.login("holder", 0)
	d.typeText(holder.Login)
	d.keys(tea.KeyEnter)
	d.typeText(holder.Password)
	d.keys(tea.KeyEnter)
	d.waitKey("error.internal")
	d.view()
	if !strings.Contains(logs.String(), errDiskFault.Error()) {
		t.Errorf("the cause of the failed login is not logged:\n%s", logs)
	}
}

// No password, PIN or card number reaches a log line, whatever the level:
// logins with a wrong and the right password, a password change, a card
// registration, a step-up and a security product's PIN.
func TestNoSecretsInLog(t *testing.T) {
	f, log, logs := loggedFixture(t)
	withLog := func(o *Options) { o.Logger = log }
	holder, admin := f.login("holder", 0), f.login("admin", 0)
	const (
		wrongPassword = "Wrong-Secret-771"
		newPassword   = "Brand-new-pass-42"
		wrongStepUp   = "Stepup-wrong-535"
		card          = "3530111333300000"
	)
	secrets := []string{wrongPassword, holder.Password, newPassword, admin.Password, wrongStepUp,
		card, "3530 1113 3330 0000", "3530-1113-3330-0000"}

	// The holder: a wrong password, the right one, a card, a password change.
	d := f.start(t, "en", 80, 24, withLog)
	d.typeText(holder.Login)
	d.keys(tea.KeyEnter)
	d.typeText(wrongPassword)
	d.keys(tea.KeyEnter)
	d.waitKey("login.failed")
	d.typeText(holder.Password)
	d.keys(tea.KeyEnter)
	d.waitKey("header.logout")
	d.openPayment()
	d.fillCard("3530 1113 3330 0000", "1", "2030", "AN", "ARUTERI")
	d.waitText("XXXX-XXXX-XXXX-0000")
	d.keys(tea.KeyEnter)
	d.waitKey("common.done")
	d.fillCustomerPassword(holder.Password, newPassword, newPassword)
	d.waitText("Bra**************")
	d.keys(tea.KeyEnter)
	d.waitKey("button.to_contract")
	d.view()

	// An admin ID: a wrong password, the right one, a wrong step-up, the right one.
	d = f.start(t, "en", 80, 24, withLog)
	d.keys(tea.KeyDown, tea.KeyDown)
	d.typeText(admin.Login)
	d.keys(tea.KeyEnter)
	d.typeText(wrongPassword)
	d.keys(tea.KeyEnter)
	d.waitKey("login.failed")
	d.typeText(admin.Password)
	d.keys(tea.KeyEnter)
	d.waitKey("header.logout")
	d.stepUp(f, wrongStepUp)
	d.waitKey("stepup.failed")
	d.typeText(newPassword)
	d.keys(tea.KeyDown, tea.KeyEnter)
	d.waitKey("statements.col.state")
	d.view()

	if logs.String() == "" {
		t.Fatal("nothing was logged at debug level: the test sees nothing")
	}
	for _, s := range secrets {
		if strings.Contains(logs.String(), s) {
			t.Errorf("the log holds the secret %q:\n%s", s, logs)
		}
	}
}
