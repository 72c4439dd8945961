package main

import (
	"testing"
	"time"
)

func TestPercentileNearestRank(t *testing.T) {
	var d []time.Duration
	for i := 100; i >= 1; i-- { // unsorted on purpose
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{50, 50 * time.Millisecond}, {95, 95 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}, {0.1, time.Millisecond}} {
		if got := percentile(d, c.p); got != c.want {
			t.Errorf("p%v = %v, want %v", c.p, got, c.want)
		}
	}
	if got := percentile([]time.Duration{7, 3, 5}, 50); got != 5 {
		t.Errorf("p50 of 3 = %v, want 5", got)
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("p50 of none = %v", got)
	}
	if got := median([]float64{4, 1, 3, 2}); got != 2.5 {
		t.Errorf("median = %v, want 2.5", got)
	}
}

func TestAnswererAnswersQueries(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"background, BEL", "\x1b]11;?\a", "\x1b]11;rgb:0000/0000/0000\x1b\\"},
		{"background, ST", "\x1b]11;?\x1b\\", "\x1b]11;rgb:0000/0000/0000\x1b\\"},
		{"foreground", "\x1b]10;?\a", "\x1b]10;rgb:ffff/ffff/ffff\x1b\\"},
		{"cursor position", "\x1b[6n", "\x1b[1;1R"},
		{"device attributes", "\x1b[c", "\x1b[?62;22c"},
		{"device attributes 0", "\x1b[0c", "\x1b[?62;22c"},
		{"background and attributes, as bubbletea asks", "\x1b]11;?\a\x1b[c", "\x1b]11;rgb:0000/0000/0000\x1b\\\x1b[?62;22c"},
		{"drawing is no query", "\x1b[H\x1b[2J\x1b[38;5;75mマイページ\x1b[0m\x1b]0;title\a\x1b[?25l", ""},
		{"a colour set is no query", "\x1b]11;rgb:1111/2222/3333\a", ""},
	} {
		var a answerer
		if got := string(a.feed([]byte(c.in))); got != c.want {
			t.Errorf("%s: answer %q, want %q", c.name, got, c.want)
		}
	}
}

func TestAnswererJoinsSplitQueries(t *testing.T) {
	in := "text\x1b]11;?\x1b\\more\x1b[6n"
	want := "\x1b]11;rgb:0000/0000/0000\x1b\\\x1b[1;1R"
	for cut := 0; cut <= len(in); cut++ {
		var a answerer
		got := string(a.feed([]byte(in[:cut]))) + string(a.feed([]byte(in[cut:])))
		if got != want {
			t.Errorf("split at %d: answer %q, want %q", cut, got, want)
		}
	}
}
