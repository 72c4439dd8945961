// Package paint puts a Bubble Tea program's frames on a terminal without a
// frame ticker. Bubble Tea's own renderer wakes sixty times a second to compare
// the whole frame, even when nothing happens; here a frame is written when an
// update changed the view, and only the lines that changed. An idle session
// costs nothing and sends nothing.
package paint

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
)

// Program is a Bubble Tea program whose frames go to a screen of its own.
type Program struct {
	*tea.Program
	screen *screen
	tty    *os.File // this process's terminal, for NewLocal
}

// NewProgram makes a program for m that reads its keys from in, in whole
// characters (input.go), and draws on out, always on the alternate screen.
// opts are Bubble Tea's, without an input, a renderer or the alternate screen.
func NewProgram(m tea.Model, in io.Reader, out io.Writer, opts ...tea.ProgramOption) *Program {
	s := newScreen(out)
	opts = append(opts, tea.WithInput(inWholeRunes(in)), tea.WithOutput(out), tea.WithoutRenderer())
	return &Program{Program: tea.NewProgram(&model{inner: m, screen: s}, opts...), screen: s}
}

// NewLocal makes a program for m on this process's terminal. Without its
// renderer Bubble Tea leaves the terminal alone, so Run puts it in raw mode
// and tells the program its size, at start and at every change.
func NewLocal(m tea.Model, opts ...tea.ProgramOption) *Program {
	p := NewProgram(m, os.Stdin, os.Stdout, opts...)
	if term.IsTerminal(os.Stdin.Fd()) && term.IsTerminal(os.Stdout.Fd()) {
		p.tty = os.Stdin
		if w, h, err := term.GetSize(os.Stdout.Fd()); err == nil {
			p.Size(w, h)
		}
	}
	return p
}

// Size tells the screen the terminal's size before Run when it is known (an
// SSH PTY request), so that the program's first size message, the same,
// repaints nothing: without it a first frame drawn before that message
// would be drawn twice.
func (p *Program) Size(w, h int) {
	p.screen.mu.Lock()
	p.screen.width, p.screen.height = min(w, MaxWidth), min(h, MaxHeight)
	p.screen.mu.Unlock()
}

// Run runs the program until it quits, then gives the terminal back as it
// was (main screen, visible cursor). It returns the model, not its wrapper.
func (p *Program) Run() (tea.Model, error) {
	if p.tty != nil {
		state, err := term.MakeRaw(p.tty.Fd())
		if err != nil {
			return nil, fmt.Errorf("raw mode: %w", err)
		}
		defer term.Restore(p.tty.Fd(), state)
		stop := p.followSize()
		defer stop()
	}
	p.screen.start()
	m, err := p.Program.Run()
	p.screen.stop()
	if w, ok := m.(*model); ok {
		m = w.inner
	}
	return m, err
}

// followSize sends the terminal's size now and after every SIGWINCH, until
// the function it returns is called.
func (p *Program) followSize() func() {
	winch := make(chan os.Signal, 1)
	signal.Notify(winch, syscall.SIGWINCH)
	done := make(chan struct{})
	go func() {
		for {
			if w, h, err := term.GetSize(os.Stdout.Fd()); err == nil {
				p.Send(tea.WindowSizeMsg{Width: w, Height: h})
			}
			select {
			case <-winch:
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(winch)
		close(done)
	}
}

// MaxWidth and MaxHeight bound the screen: a terminal larger than that is
// drawn at that size (the frame's lines are never wider or more), so that a
// client announcing 10000×10000 costs no more than one of this size.
const (
	MaxWidth  = 500
	MaxHeight = 200
)

// model stands between the program and the real model: after each update it
// hands the view to the screen, which writes it only when it changed.
type model struct {
	inner  tea.Model
	screen *screen
}

func (m *model) Init() tea.Cmd {
	cmd := m.inner.Init()
	m.screen.show(m.inner.View())
	return cmd
}

// Update hands msg to the model. tea.ClearScreen is not needed here: every
// line that differs is written whole, so nothing of an earlier frame stays.
func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if w, ok := msg.(tea.WindowSizeMsg); ok {
		m.screen.resize(w.Width, w.Height)
	}
	var cmd tea.Cmd
	m.inner, cmd = m.inner.Update(msg)
	m.screen.show(m.inner.View())
	return m, cmd
}

// View is empty: the program's renderer is off, the screen draws.
func (m *model) View() string { return "" }

// repaintEvery is the shortest time between two repaints of the whole screen:
// a client sending window changes as fast as it can gets a repaint for the
// latest size at this pace, not one per change (a terminal shows no more).
const repaintEvery = 50 * time.Millisecond

// stopWait bounds how long stop waits for a terminal that does not read: its
// connection ends anyway, and with it the write.
const stopWait = 2 * time.Second

// screen writes frames on its own goroutine, so that a slow terminal holds up
// no update: a frame given while one is being written replaces any that waits.
type screen struct {
	out  io.Writer
	wake chan struct{}
	quit chan struct{}
	done chan struct{}

	mu            sync.Mutex
	frame         string // the latest frame given
	fresh         bool   // frame is not written yet
	full          bool   // the next write repaints every line
	width, height int

	// The writer goroutine's alone.
	last     []string // the lines on the terminal
	buf      bytes.Buffer
	broken   bool      // a write failed: the terminal is gone
	repaints time.Time // the last repaint of the whole screen
}

func newScreen(out io.Writer) *screen {
	return &screen{out: out, wake: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{})}
}

func (s *screen) start() {
	s.write([]byte(ansi.SetAltScreenSaveCursorMode + ansi.EraseEntireScreen + ansi.CursorHomePosition +
		ansi.HideCursor + ansi.SetBracketedPasteMode))
	go s.loop()
}

// stop writes what is waiting, then the terminal's state as before start.
func (s *screen) stop() {
	close(s.quit)
	select {
	case <-s.done:
	case <-time.After(stopWait):
	}
}

func (s *screen) loop() {
	defer close(s.done)
	for {
		select {
		case <-s.wake:
			s.pace()
			s.paint()
		case <-s.quit:
			s.paint()
			s.write([]byte(ansi.ResetBracketedPasteMode + ansi.ShowCursor + ansi.ResetAltScreenSaveCursorMode))
			return
		}
	}
}

// pace waits, before a repaint of the whole screen, until repaintEvery has
// passed since the last one; the changes that come meanwhile join it.
func (s *screen) pace() {
	s.mu.Lock()
	full := s.full
	s.mu.Unlock()
	if !full {
		return
	}
	if wait := repaintEvery - time.Since(s.repaints); wait > 0 {
		select {
		case <-time.After(wait):
		case <-s.quit:
		}
	}
	s.repaints = time.Now()
}

// show gives a frame; the same frame as the last one costs a comparison.
func (s *screen) show(frame string) {
	s.mu.Lock()
	if frame == s.frame && !s.full {
		s.mu.Unlock()
		return
	}
	s.frame, s.fresh = frame, true
	s.mu.Unlock()
	s.poke()
}

// resize keeps the size for the lines' width and repaints: the terminal may
// have moved what it showed. The same size told again repaints nothing, nor
// does a change beyond MaxWidth×MaxHeight, where the frame stays as it is.
func (s *screen) resize(w, h int) {
	w, h = min(w, MaxWidth), min(h, MaxHeight)
	s.mu.Lock()
	if w == s.width && h == s.height {
		s.mu.Unlock()
		return
	}
	s.width, s.height, s.full, s.fresh = w, h, true, true
	s.mu.Unlock()
	s.poke()
}

func (s *screen) poke() {
	select {
	case s.wake <- struct{}{}:
	default: // a wake is already waiting; it takes the latest frame
	}
}

// paint writes the latest frame: the lines that differ from the terminal's.
func (s *screen) paint() {
	s.mu.Lock()
	frame, fresh, full, w, h := s.frame, s.fresh, s.full, s.width, s.height
	s.fresh, s.full = false, false
	s.mu.Unlock()
	if !fresh {
		return
	}
	lines := strings.Split(frame, "\n")
	if h > 0 && len(lines) > h {
		// As Bubble Tea does: the bottom of the frame stays, with the key help.
		lines = lines[len(lines)-h:]
	}
	s.buf.Reset()
	if full {
		s.buf.WriteString(ansi.EraseEntireScreen)
		s.last = s.last[:0]
	}
	for i, line := range lines {
		if i < len(s.last) && s.last[i] == line {
			continue
		}
		s.buf.WriteString(ansi.CursorPosition(1, i+1))
		if w > 0 {
			line = ansi.Truncate(line, w, "")
		}
		s.buf.WriteString(line)
		// Past the last column the cursor waits to wrap, and an erase there
		// would take the line's last cell.
		if w <= 0 || ansi.StringWidth(line) < w {
			s.buf.WriteString(ansi.EraseLineRight)
		}
	}
	if len(lines) < len(s.last) {
		s.buf.WriteString(ansi.CursorPosition(1, len(lines)+1) + ansi.EraseScreenBelow)
	}
	s.last = append(s.last[:0], lines...)
	if s.buf.Len() > 0 {
		s.write(s.buf.Bytes())
	}
}

func (s *screen) write(b []byte) {
	if s.broken {
		return
	}
	if _, err := s.out.Write(b); err != nil {
		s.broken = true
	}
}
