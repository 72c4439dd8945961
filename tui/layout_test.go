package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
)

// wholeOnALine fails unless every phrase shows unbroken on one line of the
// view: words, card brands and numbers, addresses and amounts with their unit
// are never split by the line breaker.
func wholeOnALine(t *testing.T, view string, phrases ...string) {
	t.Helper()
	for _, p := range phrases {
		found := false
		for _, l := range strings.Split(view, "\n") {
			if strings.Contains(l, p) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("%q is not shown whole on one line:\n%s", p, view)
		}
	}
}

// bodyFits fails when the text of a line of the sidebar and body is wider
// than the terminal (the key help is not measured here).
func bodyFits(t *testing.T, view string, width int) {
	t.Helper()
	for _, l := range strings.Split(view, "\n") {
		if l = strings.TrimRight(l, " "); strings.Contains(l, "│") && lipgloss.Width(l) > width {
			t.Errorf("line %q is %d columns, wider than %d", l, lipgloss.Width(l), width)
		}
	}
}
