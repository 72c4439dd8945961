package tui

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"mypage/core"
)

// countingStore counts the transactions asked of the store; while broken is set,
// reads of the demo clock fail as when the file cannot be read.
type countingStore struct {
	core.Storage
	calls  atomic.Int64
	broken atomic.Bool
}

func (c *countingStore) View(fn func(core.Tx) error) error {
	c.calls.Add(1)
	return c.Storage.View(func(tx core.Tx) error { return fn(brokenClockTx{tx, c}) })
}

func (c *countingStore) Update(fn func(core.Tx) error) error {
	c.calls.Add(1)
	return c.Storage.Update(func(tx core.Tx) error { return fn(brokenClockTx{tx, c}) })
}

type brokenClockTx struct {
	core.Tx
	c *countingStore
}

func (t brokenClockTx) Get(bucket, key string, v any) error {
	if t.c.broken.Load() && bucket == "settings" && key == "clock-offset" {
		return errors.New("settings: read failed")
	}
	return t.Tx.Get(bucket, key, v)
}

func countingFixture(t *testing.T) (*fixture, *countingStore) {
	var cs *countingStore
	f := newFixtureWith(t, false, func(s core.Storage) core.Storage {
		cs = &countingStore{Storage: s}
		return cs
	})
	if err := f.svc.MarkDemo(opOf()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.AdvanceClock(opOf(), 0, 10); err != nil {
		t.Fatal(err)
	}
	return f, cs
}

// Issue 7: View never touches the store; the demo date it shows is model state.
func TestViewDoesNoStoreIO(t *testing.T) {
	f, cs := countingFixture(t)
	for _, loggedIn := range []bool{false, true} {
		d := f.start(t, "ja", 80, 24)
		if loggedIn {
			d.loginAs(f.login("holder", 0))
		}
		d.waitKey("header.demo_date", "2026/12/02")
		if err := d.tm.Quit(); err != nil {
			t.Fatal(err)
		}
		m := d.tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second))
		before := cs.calls.Load()
		var v string
		for range 100 {
			f.clock.Advance(2 * time.Second) // no cache of the store may hide a read
			v = m.View()
		}
		if n := cs.calls.Load() - before; n != 0 {
			t.Errorf("logged in %v: 100 renders asked the store %d times", loggedIn, n)
		}
		if !strings.Contains(v, "2026/12/02") {
			t.Errorf("logged in %v: the demo date is not shown:\n%s", loggedIn, v)
		}
	}
}

// Issue 7: a screen whose read or procedure is refused because the demo clock
// cannot be read says so.
func TestUnreadableClockMessage(t *testing.T) {
	f, cs := countingFixture(t)
	d := f.start(t, "en", 80, 24)
	d.loginAs(f.login("holder", 0))
	d.waitSection("contract.options") // the plans above it may take the first screen
	cs.broken.Store(true)
	d.open(routeContractInfo{})
	d.waitKey("error.clock")
}

// Issue 8: on shutdown a logged-in session is logged out, the screen says why
// in the session's language, and the program ends.
func TestShutdownMessage(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.waitKey("contract.usage")
		d.collect()
		d.mark = len(d.seen)
		d.tm.Send(ShutdownMsg{})
		d.waitKey("app.shutdown")
		d.tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
		records, err := f.svc.Audit(opOf(), core.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		last := records[len(records)-1]
		if last.Action != "logout" || last.Target != "shutdown" {
			t.Errorf("last audit record = %+v, want the shutdown logout", last)
		}
	})
}
