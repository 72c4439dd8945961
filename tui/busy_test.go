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

// busyStorage answers like a store whose file another process holds for too long.
type busyStorage struct {
	core.Storage
	busy atomic.Bool
}

func (b *busyStorage) Update(fn func(core.Tx) error) error {
	if b.busy.Load() {
		return fmt.Errorf("store: mypage.db is in use by another process: %w", core.ErrBusy)
	}
	return b.Storage.Update(fn)
}

// issue 7 point 6: when the database stays busy, the procedure ends in a clear message,
// the confirm screen with what was typed stays, and Enter again completes it.
func TestBusyDatabaseKeepsTheConfirmScreen(t *testing.T) {
	eachLang(t, func(t *testing.T, _ *fixture, lang string) {
		db, err := store.Open(filepath.Join(t.TempDir(), "tui.db"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		bs := &busyStorage{Storage: db}
		clock := core.NewManualClock(time.Date(2026, 11, 22, 10, 0, 0, 0, core.JST))
		svc := core.NewService(bs, core.Config{Clock: clock, Random: rand.New(rand.NewSource(7)),
			Hash: core.HashParams{MemoryKiB: 64, Time: 1, Threads: 1}, Logger: quietLog})
		logins, err := svc.SeedDemo(core.Operator("test"))
		if err != nil {
			t.Fatal(err)
		}
		f := &fixture{svc: svc, clock: clock, logins: logins}

		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openAccounts(true)
		d.fillNewAccount("arteri-mi-003")
		d.waitText("Tsu*************")
		bs.busy.Store(true)
		d.keys(tea.KeyEnter)
		d.waitKey("error.busy")
		// The confirm screen stayed: Enter again submits what was typed.
		bs.busy.Store(false)
		d.keys(tea.KeyEnter)
		d.waitKey("account.done")
		v := d.view()
		if !strings.Contains(v, "arteri-mi-003") {
			t.Errorf("the registered ID is not on the done screen:\n%s", v)
		}
	})
}
