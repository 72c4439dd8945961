package sidebar

import (
	"strings"
	"testing"
)

// A group's title at the bottom edge of a scrolled menu is shown with its
// first entry or not at all: alone above ↓ it reads as a group without
// entries. The line it gives up is filled from above, not left blank, when the menu
// has lines above.
func TestViewNoTitleAloneAtTheEdge(t *testing.T) {
	w := Width(80)
	titles := map[string]bool{}
	n := 0
	for _, g := range groups {
		titles[g.Title] = g.Title != ""
		n += len(g.Entries)
	}
	for height := 5; height <= 9; height++ {
		for cursor := 0; cursor < n; cursor++ {
			for _, focused := range []bool{true, false} {
				s := State{Cursor: cursor, Active: cursor, Focused: focused}
				v := View(ascii(), groups, s, w, height)
				lines := strings.Split(v, "\n")
				for i, l := range lines {
					text := strings.Trim(l, " │")
					if text != "↓" || i == 0 {
						continue
					}
					above := strings.Trim(lines[i-1], " │")
					if titles[above] {
						t.Errorf("height %d, cursor %d: the title %s stands alone above ↓:\n%s", height, cursor, above, v)
					}
					// With ↑ the menu has lines above to fill the blank with.
					if above == "" && strings.Trim(lines[0], " │") == "↑" {
						t.Errorf("height %d, cursor %d: a blank line above ↓:\n%s", height, cursor, v)
					}
				}
			}
		}
	}
}
