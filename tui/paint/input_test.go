package paint

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
)

// typed collects the runes of every key message until "\x04" (Ctrl-D).
type typed struct{ got []rune }

func (m *typed) Init() tea.Cmd { return nil }
func (m *typed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		if k.Type == tea.KeyCtrlD {
			return m, tea.Quit
		}
		if k.Type == tea.KeyRunes {
			m.got = append(m.got, k.Runes...)
		}
	}
	return m, nil
}
func (m *typed) View() string { return "" }

// Japanese text pasted (or typed fast, as over SSH) reaches the program
// whole: no character is lost where a read of the input ends inside one
// (1,000 あ typed into the inquiry's content gave 992 / 2,000 文字).
func TestPastedJapaneseKeepsEveryRune(t *testing.T) {
	in, keys := io.Pipe()
	m := &typed{}
	p := NewProgram(m, in, io.Discard, tea.WithoutSignalHandler())
	p.Size(80, 24)
	done := make(chan struct{})
	go func() {
		if _, err := p.Run(); err != nil {
			t.Error(err)
		}
		close(done)
	}()
	want := strings.Repeat("あ", 1000)
	go func() {
		keys.Write([]byte(want)) // one paste: 3,000 bytes
		time.Sleep(200 * time.Millisecond)
		keys.Write([]byte{4})
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the program did not quit")
	}
	keys.Close()
	if got := string(m.got); got != want {
		t.Errorf("pasted %d runes, the program got %d", len([]rune(want)), len(m.got))
	}
}

// Whatever the reads cut, the characters come out whole and in order; bytes
// that are not UTF-8 pass as they are.
func TestWholeRunes(t *testing.T) {
	for _, c := range []struct {
		text  string
		valid bool
	}{{"あい😀x\x1b[Aéう", true}, {"あ" + string([]byte{0xff, 0xe3}) + "う" + string([]byte{0xe3}), false}} {
		for _, r := range []io.Reader{iotest.OneByteReader(strings.NewReader(c.text)), iotest.HalfReader(strings.NewReader(c.text)),
			strings.NewReader(c.text)} {
			w := inWholeRunes(r)
			var got []byte
			buf := make([]byte, 8)
			for {
				n, err := w.Read(buf)
				if c.valid && !utf8.Valid(buf[:n]) {
					t.Errorf("a read ended inside a character: % x", buf[:n])
				}
				got = append(got, buf[:n]...)
				if err != nil {
					break
				}
			}
			if string(got) != c.text {
				t.Errorf("got %q, want %q", got, c.text)
			}
		}
	}
}
