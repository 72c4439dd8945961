package tui

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/store"
)

// downStorage answers like a database server that cannot be reached.
type downStorage struct {
	core.Storage
	down atomic.Bool
}

func (s *downStorage) err() error {
	return fmt.Errorf("postgres: connect: connection refused: %w", core.ErrUnavailable)
}

func (s *downStorage) View(fn func(core.Tx) error) error {
	if s.down.Load() {
		return s.err()
	}
	return s.Storage.View(fn)
}

func (s *downStorage) Update(fn func(core.Tx) error) error {
	if s.down.Load() {
		return s.err()
	}
	return s.Storage.Update(fn)
}

// A database server that goes away: a login and a procedure end in the message
// that the database cannot be reached (not an internal error with a
// reference), the session stays, and both succeed once it is back.
func TestUnavailableDatabaseSaysSoAndRecovers(t *testing.T) {
	eachLang(t, func(t *testing.T, _ *fixture, lang string) {
		db, err := store.Open(filepath.Join(t.TempDir(), "tui.db"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		ds := &downStorage{Storage: db}
		clock := core.NewManualClock(time.Date(2026, 11, 22, 10, 0, 0, 0, core.JST))
		svc := core.NewService(ds, core.Config{Clock: clock, Random: rand.New(rand.NewSource(7)),
			Hash: core.HashParams{MemoryKiB: 64, Time: 1, Threads: 1}, Logger: quietLog})
		logins, err := svc.SeedDemo(core.Operator("test"))
		if err != nil {
			t.Fatal(err)
		}
		f := &fixture{svc: svc, clock: clock, logins: logins}

		d := f.start(t, lang, 80, 24)
		l := f.login("holder", 0)
		ds.down.Store(true)
		d.typeText(l.Login)
		d.keys(tea.KeyEnter)
		d.typeText(l.Password)
		d.keys(tea.KeyEnter)
		d.waitKey("error.unavailable")
		// Back: the password again (the screen cleared it) goes in.
		ds.down.Store(false)
		d.typeText(l.Password)
		d.keys(tea.KeyEnter)
		d.waitKey("header.logout")

		d.openAccounts(true)
		d.fillNewAccount("arteri-mi-003")
		d.waitText("Tsu*************")
		ds.down.Store(true)
		d.keys(tea.KeyEnter)
		d.waitKey("error.unavailable")
		ds.down.Store(false)
		d.keys(tea.KeyEnter)
		d.waitKey("account.done")
		v := d.view()
		if !strings.Contains(v, "arteri-mi-003") {
			t.Errorf("the registered ID is not on the done screen:\n%s", v)
		}
	})
}
