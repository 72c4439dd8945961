package wrap

import (
	"strings"
	"testing"
	"time"
)

// Combining marks and variation selectors are measured one way everywhere:
// the breaker ends and no line is wider than asked (a word wider than the
// line is cut in pieces that fit, whatever its characters).
func TestHostileClusters(t *testing.T) {
	texts := []string{
		strings.Repeat("e\u0301\ufe0f", 30),
		strings.Repeat("a\u0e33", 40),
		strings.Repeat("o\u0303\ufe0f", 40),
		strings.Repeat("a\ufe0f", 300),
		"b .ำ。   )-é ア「 ,ア",
		strings.Repeat("👨‍👩‍👧‍👦", 50),
		"a" + strings.Repeat("\u0301\ufe0f", 200), // one cluster
	}
	for _, s := range texts {
		for _, width := range []int{10, 29, 40} {
			done := make(chan []string, 1)
			go func() { done <- Lines(s, width) }()
			var lines []string
			select {
			case lines = <-done:
			case <-timeout():
				t.Fatalf("Lines(%q, %d) does not end", s, width)
			}
			for _, l := range lines {
				if w := Width(l); w > width {
					t.Errorf("Lines(%q, %d): a line is %d wide: %q", s, width, w, l)
				}
			}
		}
	}
}

// timeout bounds a call that would otherwise never return (a fault, not a
// measure of speed: the limit is far above any normal run).
func timeout() <-chan time.Time { return time.After(20 * time.Second) }

// TruncateLines cuts each line on its own and marks each cut.
func TestTruncateLines(t *testing.T) {
	got := TruncateLines("short\nthis line is too long\nお客様番号パスワード変更", 10)
	want := "short\nthis line…\nお客様番…"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
