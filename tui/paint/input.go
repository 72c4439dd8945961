package paint

import (
	"io"
	"os"
	"unicode/utf8"
)

// Bubble Tea v1 drops a character whose bytes a read of the input cuts in
// two: a read of 256 bytes that ends inside あ, or an SSH packet that does.
// Japanese pasted or typed fast lost about one character in a hundred. The
// input is therefore handed to the program in whole characters only: a read
// that ends inside one keeps its first bytes for the next read.

// wholeRunes passes what r reads, holding back an incomplete last character.
type wholeRunes struct {
	r    io.Reader
	held []byte
}

func (w *wholeRunes) Read(p []byte) (int, error) {
	if len(p) <= utf8.UTFMax {
		return w.r.Read(p) // too small to hold anything back
	}
	n := copy(p, w.held)
	w.held = w.held[:0]
	m, err := w.r.Read(p[n:])
	n += m
	if err != nil {
		return n, err // the end: nothing more will complete what is held
	}
	cut := completeUpTo(p[:n])
	w.held = append(w.held, p[cut:n]...)
	return cut, nil
}

// completeUpTo is the length of b without an incomplete UTF-8 sequence at
// its end; bytes that are not UTF-8 at all pass as they are.
func completeUpTo(b []byte) int {
	for k := 1; k <= utf8.UTFMax && k <= len(b); k++ {
		if start := len(b) - k; utf8.RuneStart(b[start]) {
			if !utf8.FullRune(b[start:]) {
				return start
			}
			break
		}
	}
	return len(b)
}

// wholeRunesFile is wholeRunes over a terminal: it is still a file to Bubble
// Tea, which then waits for its input in a way it can cancel when the
// program ends (a kiosk starts the next session's program on the same
// terminal: a read left waiting would take its first key).
type wholeRunesFile struct {
	wholeRunes
	f *os.File
}

func (w *wholeRunesFile) Write(p []byte) (int, error) { return w.f.Write(p) }
func (w *wholeRunesFile) Close() error                { return w.f.Close() }
func (w *wholeRunesFile) Fd() uintptr                 { return w.f.Fd() }
func (w *wholeRunesFile) Name() string                { return w.f.Name() }

// inWholeRunes wraps in so that it gives whole characters only.
func inWholeRunes(in io.Reader) io.Reader {
	if f, ok := in.(*os.File); ok {
		return &wholeRunesFile{wholeRunes: wholeRunes{r: f}, f: f}
	}
	return &wholeRunes{r: in}
}
