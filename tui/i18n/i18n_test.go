package i18n

import (
	"strings"
	"testing"
)

// Both catalogs carry the same keys, and the same formatting verbs per key.
func TestCatalogsMatch(t *testing.T) {
	for _, pair := range [][2]Lang{{Ja, En}, {En, Ja}} {
		for _, k := range Keys(pair[0]) {
			other, ok := catalogs[pair[1]][k]
			if !ok {
				t.Errorf("%s has %q, %s does not", pair[0], k, pair[1])
				continue
			}
			if a, b := strings.Count(catalogs[pair[0]][k], "%"), strings.Count(other, "%"); a != b {
				t.Errorf("%q: %d verbs in %s, %d in %s", k, a, pair[0], b, pair[1])
			}
		}
	}
}

func TestUnknownLanguageIsJapanese(t *testing.T) {
	if New("fr").Lang() != Ja || New("").Lang() != Ja || New("en").Lang() != En {
		t.Fatal("language fallback is wrong")
	}
	if got := New("ja").T("no.such.key"); got != "[no.such.key]" {
		t.Fatalf("missing key shows %q", got)
	}
}
