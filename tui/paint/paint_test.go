package paint

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/rivo/uniseg"
)

// vt is a terminal reduced to what the screen writes: cursor position,
// erase in line and in display, the alternate screen and the cursor's
// visibility; colours are ignored. Its cells are what a subscriber reads.
type vt struct {
	w, h    int
	cells   [][]string
	row     int
	col     int
	alt     bool
	hidden  bool
	onLeave []string // the alternate screen as it was when left
}

func newVT(w, h int) *vt {
	t := &vt{w: w, h: h}
	t.erase(0, 0, h, w)
	return t
}

func (t *vt) erase(r0, c0, r1, c1 int) {
	for len(t.cells) < t.h {
		t.cells = append(t.cells, make([]string, t.w))
	}
	for r := r0; r < r1; r++ {
		from := 0
		if r == r0 {
			from = c0
		}
		for c := from; c < t.w && (r < r1-1 || c < c1); c++ {
			t.cells[r][c] = " "
		}
	}
}

func (t *vt) Write(p []byte) (int, error) {
	s := string(p)
	for len(s) > 0 {
		if s[0] == 0x1b {
			seq := s[:seqLen(s)]
			t.control(seq)
			s = s[len(seq):]
			continue
		}
		if s[0] == '\r' {
			t.col, s = 0, s[1:]
			continue
		}
		if s[0] == '\n' {
			t.row, s = min(t.row+1, t.h-1), s[1:]
			continue
		}
		g, rest, w, _ := uniseg.FirstGraphemeClusterInString(s, -1)
		s = rest
		if t.col+w > t.w {
			panic("a line wider than the terminal: " + strconv.Quote(g))
		}
		t.cells[t.row][t.col] = g
		for i := 1; i < w; i++ {
			t.cells[t.row][t.col+i] = ""
		}
		t.col += w
	}
	return len(p), nil
}

// seqLen is the length of the CSI sequence at the start of s.
func seqLen(s string) int {
	for i := 2; i < len(s); i++ {
		if s[i] >= 0x40 && s[i] <= 0x7e {
			return i + 1
		}
	}
	return len(s)
}

func (t *vt) control(seq string) {
	body, final := seq[2:len(seq)-1], seq[len(seq)-1]
	switch {
	case body == "?1049" && final == 'h':
		t.alt = true
		t.erase(0, 0, t.h, t.w)
	case body == "?1049" && final == 'l':
		t.onLeave = t.lines()
		t.alt = false
	case body == "?25":
		t.hidden = final == 'l'
	case final == 'H':
		t.row, t.col = 0, 0
		if body != "" {
			parts := strings.Split(body, ";")
			r, _ := strconv.Atoi(parts[0])
			c := 1
			if len(parts) > 1 && parts[1] != "" {
				c, _ = strconv.Atoi(parts[1])
			}
			t.row, t.col = r-1, c-1
		}
	case final == 'K':
		t.erase(t.row, t.col, t.row+1, t.w)
	case final == 'J' && body == "2":
		t.erase(0, 0, t.h, t.w)
	case final == 'J':
		t.erase(t.row, t.col, t.h, t.w)
	}
}

func (t *vt) lines() []string {
	out := make([]string, t.h)
	for r, row := range t.cells {
		out[r] = strings.TrimRight(strings.Join(row, ""), " ")
	}
	return out
}

// want is a frame as the terminal shows it: without colours, padded to h lines.
func want(frame string, h int) []string {
	lines := strings.Split(ansi.Strip(frame), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return lines[:h]
}

func sameLines(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("the terminal shows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// counting counts what went to the terminal.
type counting struct {
	mu sync.Mutex
	t  *vt
	b  bytes.Buffer
}

func (c *counting) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.b.Write(p)
	return c.t.Write(p)
}

func (c *counting) take() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.b.String()
	c.b.Reset()
	return s
}

const (
	frameA = "\x1b[1mマイページ\x1b[0m  ログアウト\n" +
		"ご契約情報  │ 一覧\n" +
		"> お支払い  │ 年額 16,500 円\n" +
		"↑↓ 選択"
	frameB = "\x1b[1mマイページ\x1b[0m  ログアウト\n" +
		"ご契約情報  │ 一覧\n" +
		"  お支払い  │ 年額 16,500 円\n" +
		"↑↓ 選択"
)

// A frame is drawn whole; the next one by the lines that changed alone.
func TestOnlyChangedLinesAreWritten(t *testing.T) {
	c := &counting{t: newVT(40, 6)}
	s := newScreen(c)
	s.resize(40, 6)
	s.show(frameA)
	s.paint()
	sameLines(t, c.t.lines(), want(frameA, 6))
	c.take()

	s.show(frameB)
	s.paint()
	sameLines(t, c.t.lines(), want(frameB, 6))
	if out := c.take(); strings.Contains(out, "マイページ") || strings.Count(out, "\x1b[K") != 1 || !strings.Contains(out, "  お支払い") {
		t.Errorf("more than the changed line was written: %q", out)
	}

	s.show(frameB)
	s.paint()
	if out := c.take(); out != "" {
		t.Errorf("the same frame was written again: %q", out)
	}
}

// A shorter frame leaves nothing of the longer one below it; a resize
// repaints every line, the same size told again nothing, nor a change beyond
// the largest screen.
func TestShorterFrameAndResize(t *testing.T) {
	c := &counting{t: newVT(40, 6)}
	s := newScreen(c)
	s.resize(40, 6)
	s.show(frameA)
	s.paint()
	s.show("ログイン")
	s.paint()
	sameLines(t, c.t.lines(), want("ログイン", 6))

	c.take()
	s.resize(40, 7)
	s.paint()
	if out := c.take(); !strings.Contains(out, "\x1b[2J") || !strings.Contains(out, "ログイン") {
		t.Errorf("a resize did not repaint: %q", out)
	}
	for _, size := range [][2]int{{40, 7}, {40, 7}, {MaxWidth, MaxHeight}, {10000, 10000}, {10001, 10000}, {MaxWidth, 10000}} {
		s.resize(size[0], size[1])
		s.paint()
		if size[0] == MaxWidth && size[1] == MaxHeight {
			c.take() // the one real change
			continue
		}
		if out := c.take(); out != "" {
			t.Errorf("the size %v told again repainted: %d bytes", size, len(out))
		}
	}
}

// A line wider than the terminal is cut at its width, never wrapped; a line
// that fills the width is not followed by an erase, which would take its last
// cell; a frame taller than the terminal keeps its bottom.
func TestWideAndTallFrames(t *testing.T) {
	c := &counting{t: newVT(10, 3)}
	s := newScreen(c)
	s.resize(10, 3)
	s.show("一二三四五六七\n0123456789\nline 3\nline 4")
	s.paint() // the vt panics on a line wider than itself
	sameLines(t, c.t.lines(), []string{"0123456789", "line 3", "line 4"})
	s.show("一二三四五六七\n0123456789\nline 3\nline 4!")
	c.take()
	s.paint()
	if out := c.take(); strings.Contains(out, "0123456789\x1b[K") || out != "\x1b[3;1Hline 4!\x1b[K" {
		t.Errorf("wrote %q", out)
	}
}

// tick is a message that changes nothing.
type tick struct{}

// counter is a model whose view changes with each key.
type counter struct{ keys int }

func (m counter) Init() tea.Cmd { return nil }
func (m counter) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if msg.String() == "q" {
			return m, tea.Quit
		}
		m.keys++
	}
	return m, nil
}
func (m counter) View() string { return "keys: " + strconv.Itoa(m.keys) + "\nq quits" }

// A program draws its first frame once, a frame per change and nothing for a
// message that changes nothing (the size told again, a clear included); it leaves the terminal on the main screen
// with the cursor shown, and returns its own model.
func TestProgram(t *testing.T) {
	c := &counting{t: newVT(20, 4)}
	in, keys := io.Pipe()
	p := NewProgram(counter{}, in, c, tea.WithoutSignalHandler())
	p.Size(20, 4) // as the PTY request tells it
	done := make(chan tea.Model)
	go func() {
		m, err := p.Run()
		if err != nil {
			t.Error(err)
		}
		done <- m
	}()
	p.Send(tea.WindowSizeMsg{Width: 20, Height: 4})
	for range 100 {
		p.Send(tick{})
		p.Send(tea.WindowSizeMsg{Width: 20, Height: 4})
		p.Send(tea.ClearScreen())
	}
	p.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("a")})
	p.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("a")})
	p.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	var m tea.Model
	select {
	case m = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the program did not quit")
	}
	keys.Close()
	if m.(counter).keys != 2 {
		t.Errorf("the final model is %#v", m)
	}
	out := c.take()
	// The first frame is drawn at the size known before Run; neither that size
	// told again nor a clear repaints.
	if n := strings.Count(out, "\x1b[2J"); n != 1 { // the one of the start
		t.Errorf("the screen was repainted %d times: %q", n-1, out)
	}
	if n := strings.Count(out, "q quits"); n != 1 {
		t.Errorf("the line that never changed was written %d times: %q", n, out)
	}
	sameLines(t, c.t.onLeave, want("keys: 2\nq quits", 4))
	if c.t.alt || c.t.hidden {
		t.Errorf("the terminal is left on the alternate screen (%v) or without cursor (%v)", c.t.alt, c.t.hidden)
	}
}

// A terminal that is gone or never reads ends nothing badly: the program
// stops, its last writes dropped.
type failing struct{}

func (failing) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

type stuck struct{ release chan struct{} }

func (s stuck) Write(p []byte) (int, error) { <-s.release; return len(p), nil }

func TestTerminalGoneOrStuck(t *testing.T) {
	for name, out := range map[string]io.Writer{"gone": failing{}, "stuck": stuck{make(chan struct{})}} {
		t.Run(name, func(t *testing.T) {
			s := newScreen(out)
			if name == "stuck" {
				go func() { s.start() }() // the first write already blocks
			} else {
				s.start()
			}
			s.show(frameA)
			stopped := make(chan struct{})
			go func() { s.stop(); close(stopped) }()
			select {
			case <-stopped:
			case <-time.After(10 * time.Second):
				t.Fatal("stop waited for the terminal")
			}
		})
	}
}

// A client sending window changes as fast as it can gets repaints at a
// bounded pace, for the latest size, not one per change.
func TestResizesRepaintAtAPace(t *testing.T) {
	c := &counting{t: newVT(MaxWidth, MaxHeight)}
	in, keys := io.Pipe()
	defer keys.Close()
	p := NewProgram(counter{}, in, c, tea.WithoutSignalHandler())
	p.Size(80, 24)
	done := make(chan struct{})
	go func() {
		if _, err := p.Run(); err != nil {
			t.Error(err)
		}
		close(done)
	}()
	const changes = 200
	for i := range changes {
		p.Send(tea.WindowSizeMsg{Width: 80 + i%2*40, Height: 24 + i%2*16})
		time.Sleep(time.Millisecond) // slow enough for each to be painted alone
	}
	p.Send(tea.WindowSizeMsg{Width: 100, Height: 30})
	p.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the program did not quit")
	}
	out := c.take()
	if n := strings.Count(out, "\x1b[2J") - 1; n >= changes/4 {
		t.Errorf("%d window changes brought %d repaints", changes, n)
	}
	sameLines(t, c.t.onLeave[:4], want("keys: 0\nq quits", 4))
}
