package styles

import (
	"io"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// The palette is resolved once to the renderer's colours, and renders the same
// sequences as the adaptive colours would, in every profile and on either
// background.
func TestResolvedPaletteRendersAsAdaptive(t *testing.T) {
	for _, p := range []termenv.Profile{termenv.Ascii, termenv.ANSI, termenv.ANSI256, termenv.TrueColor} {
		for _, dark := range []bool{false, true} {
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(p)
			r.SetHasDarkBackground(dark)
			st := New(r)
			for name, c := range map[string]struct {
				got  lipgloss.Style
				want lipgloss.Style
			}{
				"Title":       {st.Title, r.NewStyle().Bold(true).Foreground(accent)},
				"Section":     {st.Section, r.NewStyle().Bold(true).Background(accent2).Padding(0, 1)},
				"Muted":       {st.Muted, r.NewStyle().Foreground(muted)},
				"Error":       {st.Error, r.NewStyle().Foreground(danger)},
				"Success":     {st.Success, r.NewStyle().Foreground(ok).Bold(true)},
				"Warning":     {st.Warning, r.NewStyle().Foreground(warn)},
				"Box":         {st.Box, r.NewStyle().Border(lipgloss.NormalBorder()).BorderForeground(border).Padding(0, 1)},
				"ShortKey":    {st.Help.ShortKey, r.NewStyle().Foreground(accent)},
				"ShortSepara": {st.Help.ShortSeparator, r.NewStyle().Foreground(border)},
			} {
				for _, col := range []lipgloss.TerminalColor{c.got.GetForeground(), c.got.GetBackground(), c.got.GetBorderTopForeground()} {
					if _, adaptive := col.(lipgloss.AdaptiveColor); adaptive {
						t.Errorf("profile %d dark %v %s: colour %v is converted again at each render", p, dark, name, col)
					}
				}
				if got, want := c.got.Render("ab"), c.want.Render("ab"); got != want {
					t.Errorf("profile %d dark %v %s: %q, want %q", p, dark, name, got, want)
				}
			}
		}
	}
}

// Sessions of one profile and background share one set of styles; another
// profile or background gets its own, with its own colours.
func TestForSharesByProfileAndBackground(t *testing.T) {
	r := func(p termenv.Profile, dark bool) *lipgloss.Renderer {
		x := lipgloss.NewRenderer(io.Discard)
		x.SetColorProfile(p)
		x.SetHasDarkBackground(dark)
		return x
	}
	a, b := For(r(termenv.ANSI256, true)), For(r(termenv.ANSI256, true))
	if a != b {
		t.Error("two sessions of one profile and background got two sets of styles")
	}
	light, ascii := For(r(termenv.ANSI256, false)), For(r(termenv.Ascii, true))
	if light == a || ascii == a {
		t.Fatal("another background or profile got the same styles")
	}
	if got, want := a.Error.Render("x"), New(r(termenv.ANSI256, true)).Error.Render("x"); got != want {
		t.Errorf("shared styles render %q, a session's own %q", got, want)
	}
	if got := ascii.Error.Render("x"); got != "x" {
		t.Errorf("the Ascii profile's styles render colours: %q", got)
	}
	if a.Error.Render("x") == light.Error.Render("x") {
		t.Error("dark and light backgrounds render the same colour")
	}
}
