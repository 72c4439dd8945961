package tui

import (
	"testing"

	"github.com/charmbracelet/lipgloss"
)

// The frame put together from measured blocks is the one lipgloss's joins
// make, with styled, wide and uneven lines.
func TestFrameJoinsAsLipgloss(t *testing.T) {
	r := sshRenderer()
	red := r.NewStyle().Foreground(lipgloss.Color("196")).Bold(true)
	header := red.Render("マイページ") + "  x\n" + "────────────"
	side := "a\n" + red.Render("契約") + "\nccc"
	body := "body one  \nbody two  \n          \n          "
	help := red.Render("↑/↓") + " 移動"
	want := lipgloss.JoinVertical(lipgloss.Left, header, lipgloss.JoinHorizontal(lipgloss.Top, side, body), help)
	if got := stack(measure(header), beside(measure(side), even(body, 10)), measure(help)); got != want {
		t.Errorf("frame\n%q\nwant\n%q", got, want)
	}
	want = lipgloss.JoinVertical(lipgloss.Left, header, "", help)
	if got := stack(measure(header), even("", 12), measure(help)); got != want {
		t.Errorf("frame with an empty body\n%q\nwant\n%q", got, want)
	}
}
