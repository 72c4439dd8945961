package keyhelp

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
)

func bindings() []key.Binding {
	var out []key.Binding
	for _, k := range [][2]string{{"↑", "up"}, {"↓", "down"}, {"enter", "open"}, {"n", "register"},
		{"d", "delete"}, {"esc", "back"}, {"ctrl+l", "log out"}, {"ctrl+c", "quit"}} {
		out = append(out, key.NewBinding(key.WithKeys(k[0]), key.WithHelp(k[0], k[1])))
	}
	return out
}

var more = key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys"))

// The short line and the full help at 20, 60 and 132 columns: never wider
// than the window; a cut short line ends with the key for the rest.
func TestLines(t *testing.T) {
	var out []string
	for _, w := range []int{20, 60, 132} {
		short := Short(help.New(), bindings(), more, w)
		full := Full(help.New(), append(bindings(), more), w)
		out = append(out, fmt.Sprintf("%d short:\n%s\n%d full:\n%s", w, short, w, full))
		for _, l := range strings.Split(short+"\n"+full, "\n") {
			if lipgloss.Width(l) > w {
				t.Errorf("a line of %d columns at %d: %q", lipgloss.Width(l), w, l)
			}
		}
		if w < 132 && !strings.Contains(short, "? more keys") {
			t.Errorf("the cut line at %d does not end with the key for the rest: %q", w, short)
		}
	}
	golden.RequireEqual(t, []byte(strings.Join(out, "\n\n")))
}
