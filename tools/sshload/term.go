package main

import (
	"bytes"
	"fmt"
)

// answerer plays the terminal's side of the queries a program sends: the
// background and foreground colour (OSC 11, OSC 10), the cursor position (DSR)
// and the device attributes (DA1). A query may be split across reads, so an
// unfinished escape sequence is kept for the next one.
type answerer struct {
	pending []byte
}

// maxPending bounds what is kept of an unfinished sequence: a longer one is
// no query.
const maxPending = 256

// feed takes output of the program and returns the answers to write back.
func (a *answerer) feed(p []byte) []byte {
	buf := append(a.pending, p...)
	a.pending = nil
	var out []byte
	for i := 0; i < len(buf); i++ {
		if buf[i] != 0x1b {
			continue
		}
		ans, n, complete := query(buf[i:])
		if !complete {
			if len(buf)-i <= maxPending {
				a.pending = append([]byte(nil), buf[i:]...)
			}
			break
		}
		out = append(out, ans...)
		if n > 0 {
			i += n - 1
		}
	}
	return out
}

// query reads the escape sequence at the start of b (b[0] is ESC): the answer
// if it is a query, how many bytes it took, and whether it was complete.
func query(b []byte) (answer []byte, n int, complete bool) {
	if len(b) < 2 {
		return nil, 0, false
	}
	switch b[1] {
	case ']': // OSC: ends with BEL or ST (ESC \)
		end, stLen := -1, 0
		for j := 2; j < len(b); j++ {
			if b[j] == 0x07 {
				end, stLen = j, 1
				break
			}
			if b[j] == 0x1b && j+1 < len(b) && b[j+1] == '\\' {
				end, stLen = j, 2
				break
			}
			if b[j] == 0x1b && j+1 == len(b) {
				return nil, 0, false
			}
		}
		if end < 0 {
			return nil, 0, false
		}
		body := b[2:end]
		switch {
		case bytes.Equal(body, []byte("11;?")):
			answer = []byte("\x1b]11;rgb:0000/0000/0000\x1b\\")
		case bytes.Equal(body, []byte("10;?")):
			answer = []byte("\x1b]10;rgb:ffff/ffff/ffff\x1b\\")
		}
		return answer, end + stLen, true
	case '[': // CSI: parameters and intermediates, then a final byte 0x40–0x7e
		for j := 2; j < len(b); j++ {
			c := b[j]
			if c >= 0x40 && c <= 0x7e {
				params := b[2:j]
				switch {
				case c == 'n' && bytes.Equal(params, []byte("6")):
					// Without a screen model the cursor is reported home.
					answer = []byte(fmt.Sprintf("\x1b[%d;%dR", 1, 1))
				case c == 'c' && (len(params) == 0 || bytes.Equal(params, []byte("0"))):
					answer = []byte("\x1b[?62;22c")
				}
				return answer, j + 1, true
			}
			if c < 0x20 || c > 0x3f {
				return nil, j, true // not a CSI sequence after all
			}
		}
		return nil, 0, false
	default:
		return nil, 2, true
	}
}
