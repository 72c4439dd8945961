package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
)

// The demo logins fit a terminal of 80 columns in both languages, the note of
// the login without an account ID included.
func TestDemoLoginsFit80Columns(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		path := filepath.Join(t.TempDir(), "demo.db")
		out := mustRun(t, "--lang", lang, "--db", path, "demo", "--no-tui")
		if !strings.Contains(out, "first login") {
			t.Errorf("%s: the note of the login without an account ID is missing:\n%s", lang, out)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, path) {
				continue // the path is the operator's
			}
			if w := runewidth.StringWidth(line); w > 80 {
				t.Errorf("%s: %d columns: %q", lang, w, line)
			}
		}
	}
}
