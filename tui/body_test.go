package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"mypage/core"
)

// portalAt logs a demo login in to an App of the given size, synchronously.
func portalAt(t *testing.T, f *fixture, lang, kind string, n, w, h int) *App {
	t.Helper()
	l := f.login(kind, n)
	method := core.LoginAccountID
	if kind == "holder" {
		method = core.LoginCustomerNumber
	}
	sess, err := f.svc.Login(method, l.Login, l.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	info, err := f.svc.ContractInfo(sess.Principal)
	if err != nil {
		t.Fatal(err)
	}
	m := New(Options{Service: f.svc, Renderer: asciiRenderer(), Lang: lang, Source: "test"})
	run(m, tea.WindowSizeMsg{Width: w, Height: h})
	run(m, loggedInMsg{session: sess, info: info})
	return m
}

func press(m *App, k tea.KeyType, times int) {
	for i := 0; i < times; i++ {
		run(m, tea.KeyMsg{Type: k})
	}
}

// bodyLines is the body column of the frame: what is right of the sidebar.
func bodyLines(m *App) []string {
	lines := strings.Split(m.View(), "\n")
	var out []string
	for _, l := range lines {
		if _, right, ok := strings.Cut(l, "│"); ok {
			out = append(out, strings.TrimRight(ansi.Strip(right), " "))
		}
	}
	return out
}

// A statement scrolls to its end and no further: the last note stays at the
// bottom of a full body however often ↓ is pressed; Home/End and PgUp/PgDn move it.
func TestStatementScrollsToItsEnd(t *testing.T) {
	f := newHistoryFixture(t)
	m := portalAt(t, f, "en", "holder", 0, 80, 24)
	run(m, openMsg{to: routeStatement{month: "2026-10"}})
	top := bodyLines(m)
	if !strings.Contains(top[0], "Statement") && !strings.Contains(strings.Join(top[:2], ""), "2026") {
		t.Fatalf("the statement does not start at its title:\n%s", m.View())
	}
	if !strings.Contains(m.View(), "PgUp/PgDn") {
		t.Errorf("a statement taller than the window does not say where it is:\n%s", m.View())
	}
	press(m, tea.KeyDown, 200)
	end := bodyLines(m)
	full := 0
	for _, l := range end {
		if strings.TrimSpace(l) != "" {
			full++
		}
	}
	if full < len(end)/2 {
		t.Errorf("after ↓×200 the statement has scrolled past its end (%d lines of %d shown):\n%s", full, len(end), m.View())
	}
	last := end[len(end)-1]
	if last == "" || !strings.Contains(m.body.content[strings.LastIndex(m.body.content, "\n")+1:], strings.TrimSpace(last)) {
		t.Errorf("after ↓×200 the body's last line is %q, not the statement's last:\n%s", last, m.View())
	}
	press(m, tea.KeyHome, 1)
	if got := bodyLines(m); got[0] != top[0] {
		t.Errorf("Home does not go back to the top:\n%s", m.View())
	}
	press(m, tea.KeyPgDown, 1)
	if m.body.vp.YOffset == 0 {
		t.Error("PgDn does not scroll")
	}
	press(m, tea.KeyEnd, 1)
	if !m.body.vp.AtBottom() || m.body.vp.PastBottom() {
		t.Error("End does not go to the statement's end")
	}
	press(m, tea.KeyPgUp, 1)
	if m.body.vp.AtBottom() {
		t.Error("PgUp does not scroll")
	}
	if !strings.Contains(m.View(), "lines ") {
		t.Errorf("no scroll position:\n%s", m.View())
	}
}

// The calls of a page scroll within the page (↓ and End) when the window is
// shorter than the page; PgDn stays the next page.
func TestCallPageScrolls(t *testing.T) {
	f := newFixture(t)
	holder := f.login("holder", 0)
	month := core.MonthOf(f.svc.Now())
	var calls []core.CallRecord
	for i := 0; i < core.CallPageSize+5; i++ {
		calls = append(calls, core.CallRecord{Contract: holder.Login, Service: "phone", Destination: fmt.Sprintf("03-1234-%04d", i),
			StartedAt: month.Start().Add(time.Duration(i) * time.Minute), Seconds: 61, Amount: 10})
	}
	if _, err := f.svc.ImportCalls(core.Operator("test"), calls); err != nil {
		t.Fatal(err)
	}
	m := portalAt(t, f, "ja", "holder", 0, 80, 24)
	run(m, openMsg{to: routeCalls{service: "phone"}})
	if !m.body.tall {
		t.Fatalf("a page of %d calls fits in 24 lines:\n%s", core.CallPageSize, m.View())
	}
	press(m, tea.KeyEnd, 1)
	if !strings.Contains(strings.Join(bodyLines(m), "\n"), "通話料合計") {
		t.Errorf("End does not show the total of the page:\n%s", m.View())
	}
	press(m, tea.KeyHome, 1)
	press(m, tea.KeyDown, 1)
	if m.body.vp.YOffset != 1 {
		t.Errorf("↓ does not scroll the page of calls (offset %d)", m.body.vp.YOffset)
	}
	press(m, tea.KeyPgDown, 1)
	if want := m.sh.N("calls.range", core.CallPageSize+5, core.CallPageSize+5, core.CallPageSize+1, core.CallPageSize+5); !strings.Contains(m.View(), want) {
		t.Errorf("PgDn does not turn the page (%q):\n%s", want, m.View())
	}
}

// A list with a cursor keeps the cursor's line in view as it moves.
func TestCursorStaysInView(t *testing.T) {
	f := newHistoryFixture(t)
	m := portalAt(t, f, "en", "holder", 0, 80, 16)
	run(m, openMsg{to: routeStatements{}})
	for i := 0; i < 6; i++ {
		press(m, tea.KeyDown, 1)
		if fl, off := m.body.focus, m.body.vp.YOffset; fl < off || fl >= off+m.body.vp.Height {
			t.Fatalf("after ↓×%d the cursor (line %d) is out of view (lines %d–%d):\n%s", i+1, fl, off, off+m.body.vp.Height-1, m.View())
		}
	}
	for i := 0; i < 6; i++ {
		press(m, tea.KeyUp, 1)
		if fl, off := m.body.focus, m.body.vp.YOffset; fl < off || fl >= off+m.body.vp.Height {
			t.Fatalf("after ↑×%d the cursor (line %d) is out of view:\n%s", i+1, fl, m.View())
		}
	}
}

// View only returns what Update laid out: it changes nothing, however often called.
func TestViewIsPure(t *testing.T) {
	f := newHistoryFixture(t)
	m := portalAt(t, f, "ja", "holder", 0, 80, 24)
	run(m, openMsg{to: routeStatement{month: "2026-10"}})
	press(m, tea.KeyDown, 3)
	before, off := m.View(), m.body.vp.YOffset
	for i := 0; i < 5; i++ {
		if v := m.View(); v != before || m.body.vp.YOffset != off {
			t.Fatal("View changed the screen")
		}
	}
}
