package i18n

import (
	"regexp"
	"strings"
	"testing"
)

// Issue 11: every "Group → Entry" path a screen text gives names a group of
// the sidebar as the subscriber reads it there, in both languages
// (callbacks.new said "Inquiries → Callback booking"; the group is "Support").
func TestMenuPathsNameSidebarGroups(t *testing.T) {
	for l, path := range map[Lang]*regexp.Regexp{
		En: regexp.MustCompile(`([A-Za-z][A-Za-z ]+) → `),
		Ja: regexp.MustCompile(`([^\s(（「、。]+) → `),
	} {
		groups := map[string]bool{}
		for _, k := range Keys(l) {
			if strings.HasPrefix(k, "menu.group.") {
				groups[catalogs[l][k]] = true
			}
		}
		for _, k := range Keys(l) {
			for _, m := range path.FindAllStringSubmatch(catalogs[l][k], -1) {
				if strings.ContainsAny(m[1], "%←") { // a formatted change or a key hint
					continue
				}
				ok := false
				for g := range groups {
					ok = ok || strings.HasSuffix(m[1], g)
				}
				if !ok {
					t.Errorf("%s %s: %q names no sidebar group: %q", l, k, m[0], catalogs[l][k])
				}
			}
		}
	}
}

// Issue 11: in the callback calendar the login's own booking and a booking by
// another login of the contract have marks of their own, both in the legend:
// a user ID seeing 予 on an hour it never booked finds nothing to cancel.
func TestCallbackOwnBookingHasItsOwnMark(t *testing.T) {
	for _, l := range []Lang{Ja, En} {
		own, other := catalogs[l]["callback.cell.booked"], catalogs[l]["callback.cell.contract"]
		if own == other {
			t.Errorf("%s: own booking and another login's booking both show %q", l, own)
		}
		legend := catalogs[l]["callback.legend"]
		if !strings.Contains(legend, own+": ") || !strings.Contains(legend, other+": ") {
			t.Errorf("%s: the legend %q does not explain %q and %q", l, legend, own, other)
		}
	}
}

// Issue 11: a past hour is one that has begun, not a booking dropped; in
// Japanese it reads apart from the 30-minute cutoff (both were 受付終了).
func TestCallbackPastSlotWording(t *testing.T) {
	if s := catalogs[En]["callback.state.past"]; strings.Contains(s, "no longer booked") || !strings.Contains(s, "begun") {
		t.Errorf("en: %q", s)
	}
	if past := catalogs[Ja]["callback.state.past"]; past == "受付終了" || !strings.Contains(past, "開始済み") {
		t.Errorf("ja: past %q reads as the cutoff %q", past, catalogs[Ja]["callback.state.lead"])
	}
}
