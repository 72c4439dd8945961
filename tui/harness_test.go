package tui

import (
	"bytes"
	"io"
	"log/slog"
	"math/rand"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/mattn/go-runewidth"
	"github.com/muesli/termenv"

	"mypage/core"
	"mypage/store"
	"mypage/tui/i18n"
)

func init() {
	// As at start-up of the binary: every width function counts ambiguous glyphs as 1.
	runewidth.DefaultCondition.EastAsianWidth = false
}

// fixture is a service over a fresh store with the demo data, a fixed clock and
// fixed customer numbers, so that screens are the same on every run.
type fixture struct {
	db     *store.DB
	svc    *core.Service
	clock  *core.ManualClock
	logins []core.DemoLogin
}

func newFixture(t testing.TB) *fixture { return newFixtureWith(t, false) }

// newHistoryFixture is the full demo: three months lived through the procedures,
// with closed statements, a card, a bank transfer and call records.
func newHistoryFixture(t testing.TB) *fixture { return newFixtureWith(t, true) }

// newFixtureWith builds the fixture; wrap, when given, stands between the
// service and the store (a test that counts or fails store calls).
func newFixtureWith(t testing.TB, history bool, wrap ...func(core.Storage) core.Storage) *fixture {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "tui.db"), store.Options{})
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
		Hash: core.HashParams{MemoryKiB: 64, Time: 1, Threads: 1}, Logger: quietLog})
	seed := svc.SeedDemo
	if history {
		seed = svc.BuildDemo
	}
	logins, err := seed(core.Operator("test"))
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{db: db, svc: svc, clock: clock, logins: logins}
}

// login returns the n-th demo login of the given kind ("holder", "admin", "user").
func (f *fixture) login(kind string, n int) core.DemoLogin {
	for _, l := range f.logins {
		if l.Kind == kind {
			if n == 0 {
				return l
			}
			n--
		}
	}
	panic("no demo login " + kind)
}

func asciiRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return r
}

// drive runs the App in a teatest program at a fixed size.
type drive struct {
	t    *testing.T
	tm   *teatest.TestModel
	msg  *i18n.Messages
	seen []byte // everything the program has written
	mark int    // waits look at the output after the last key sent

	app   *App   // the final model, once view has stopped the program
	frame string // the final screen
}

func (f *fixture) start(t *testing.T, lang string, w, h int, mod ...func(*Options)) *drive {
	opts := Options{Service: f.svc, Renderer: asciiRenderer(), Lang: lang, Source: "test", Logger: quietLog}
	for _, m := range mod {
		m(&opts)
	}
	tm := teatest.NewTestModel(t, New(opts), teatest.WithInitialTermSize(w, h))
	d := &drive{t: t, tm: tm, msg: i18n.New(lang)}
	d.waitText(d.msg.T("login.title"))
	return d
}

// typeText sends text as one key message of runes (teatest's Type garbles Japanese).
func (d *drive) typeText(s string) {
	d.collect()
	d.mark = len(d.seen)
	d.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
}

func (d *drive) keys(ks ...tea.KeyType) {
	d.collect()
	d.mark = len(d.seen)
	for _, k := range ks {
		d.tm.Send(tea.KeyMsg{Type: k})
	}
}

// open goes to a screen as a menu entry or a link does.
func (d *drive) open(r route) {
	d.collect()
	d.mark = len(d.seen)
	d.tm.Send(openMsg{to: r})
}

// collect appends what the program wrote since the last look.
func (d *drive) collect() {
	b, _ := io.ReadAll(d.tm.Output())
	d.seen = append(d.seen, b...)
}

// waitText waits until s appears in the output written after the last key.
// The renderer redraws only changed lines, so earlier output is kept, not consumed.
func (d *drive) waitText(s string) {
	d.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		d.collect()
		if bytes.Contains(d.seen[d.mark:], []byte(s)) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	d.t.Fatalf("%q did not appear; output after the last key:\n%s", s, d.seen[d.mark:])
}

// waitKey waits for the start of a catalog text in the session's language: a
// long text wraps, and only its first line is written in one piece.
func (d *drive) waitKey(key string, args ...any) {
	d.t.Helper()
	r := []rune(d.msg.T(key, args...))
	if len(r) > 10 {
		r = r[:10]
	}
	d.waitText(string(r))
}

// waitBodyKey is waitKey for a text of the body of a logged-in screen, whose
// start may also be the start of a menu entry (Auto-renew now, Auto-renew
// setting): it counts only after the rule that divides the sidebar from the
// body, on the line it is written with.
func (d *drive) waitBodyKey(key string, args ...any) {
	d.t.Helper()
	r := []rune(d.msg.T(key, args...))
	if len(r) > 10 {
		r = r[:10]
	}
	re := regexp.MustCompile(`│[ >*]*` + regexp.QuoteMeta(string(r)))
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		d.collect()
		if re.Match(d.seen[d.mark:]) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	d.t.Fatalf("%q did not appear in the body; output after the last key:\n%s", string(r), d.seen[d.mark:])
}

// waitSection waits for a section title of the body (e.g. contract.options):
// the sidebar may hold the same words as a menu group, but never after the
// rule that divides it from the body.
func (d *drive) waitSection(key string) {
	d.t.Helper()
	d.waitText("│  " + d.msg.T(key))
}

// loginAs logs in with a demo login and waits for the first screen.
func (d *drive) loginAs(l core.DemoLogin) {
	d.t.Helper()
	if l.Kind != "holder" {
		d.keys(tea.KeyDown, tea.KeyDown)
	}
	d.typeText(l.Login)
	d.keys(tea.KeyEnter)
	d.typeText(l.Password)
	d.keys(tea.KeyEnter)
	d.waitKey("header.logout") // only the logged-in layout has it
}

// view stops the program and returns the final screen; it keeps the final
// App for body and frame.
func (d *drive) view() string {
	d.t.Helper()
	if err := d.tm.Quit(); err != nil {
		d.t.Fatal(err)
	}
	m := d.tm.FinalModel(d.t, teatest.WithFinalTimeout(10*time.Second))
	d.app = m.(*App)
	d.frame = m.View()
	return d.frame
}

// golden compares the body of the final screen, as the active screen (or the
// login or logout question) rendered it at the body's size, without header,
// sidebar and key help, with testdata/<test name>.golden (-update rewrites
// it). A change to the frame leaves these goldens alone.
func (d *drive) golden() string {
	d.t.Helper()
	d.view()
	body := d.app.body.content
	golden.RequireEqual(d.t, []byte(body))
	return body
}

// goldenApp compares the whole final screen with testdata/<test name>.golden.
func (d *drive) goldenApp() string {
	d.t.Helper()
	v := d.view()
	golden.RequireEqual(d.t, []byte(v))
	return v
}

var langs = []string{"ja", "en"}

// pays switches every demo contract to bank transfer, so that paid options can be
// bought (SPEC §8): SeedDemo leaves the contracts without a payment method.
func (f *fixture) pays(t testing.TB) {
	t.Helper()
	for _, l := range f.logins {
		if l.Kind != "holder" {
			continue
		}
		p := core.Principal{Kind: core.KindHolder, Contract: l.Login, Source: "test"}
		if _, err := f.svc.SetTransfer(p, ""); err != nil {
			t.Fatalf("bank transfer for %s: %v", l.Login, err)
		}
	}
}

// quietLog keeps the screens' log lines out of the test output; tests that read
// the log pass their own logger.
var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))
