package tui

import (
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// A long account ID scrolls inside its field of the login box at 80×24 and
// never wraps it or breaks the frame.
func TestLoginLongAccountID(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, "ja", 80, 24)
	d.keys(tea.KeyDown, tea.KeyDown)
	for _, r := range "abcdefghijklmnopqrstuvwxyz0123456789" {
		d.typeText(string(r)) // key by key, as typed
	}
	d.waitText("789")
	d.golden()
}

// The same in colour, where the cursor is a styled cell that wraps like text.
func TestLoginLongAccountIDInColour(t *testing.T) {
	f := newFixture(t)
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	d := f.start(t, "ja", 80, 24, func(o *Options) { o.Renderer = r })
	d.keys(tea.KeyDown, tea.KeyDown)
	for _, r := range "abcdefghijklmnopqrstuvwxyz0123456789" {
		d.typeText(string(r)) // key by key, as typed
	}
	d.waitText("789")
	v := d.view()
	lines := strings.Split(v, "\n")
	if len(lines) != 24 {
		t.Errorf("%d lines, want 24", len(lines))
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line %d is %d wide: %q", i, w, ansi.Strip(l))
		}
	}
	field := ""
	for _, l := range lines {
		if p := ansi.Strip(l); strings.Contains(p, "789") {
			field = p
		}
	}
	// The cursor is the last cell of the field.
	if !strings.Contains(field, "789 ] │") {
		t.Errorf("the account ID field is not closed on its line: %q\n%s", field, ansi.Strip(v))
	}
}

// Letters typed into the customer number box are not put in, and the box
// says the number is digits only instead of staying silent.
func TestLoginLettersInNumberNamed(t *testing.T) {
	for _, lang := range langs {
		f := newFixture(t)
		d := f.start(t, lang, 80, 24)
		d.typeText("hanako-01")
		d.waitText(d.msg.T("problem.number.typed")[:12])
		if v := d.view(); !strings.Contains(v, "01") || strings.Contains(v, "hanako") {
			t.Errorf("%s: the box:\n%s", lang, v)
		}
	}
}
