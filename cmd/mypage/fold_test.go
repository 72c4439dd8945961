package main

import (
	"strings"
	"testing"

	"golang.org/x/text/width"
)

// An operator types numbers as a Japanese input method gives them: full-width
// digits and letters, a receipt number in lower case. Every command takes them
// as the half-width numbers they are; a title typed in full-width stays as typed.
func TestOperatorNumbersFolded(t *testing.T) {
	path, logins := newSupportlessDemo(t)
	admin := func(args ...string) []string { return append([]string{"--db", path, "admin"}, args...) }
	r := requestsIn(t, path, logins[0].Login)

	// 受付番号 in lower case, full-width.
	typed := width.Widen.String(strings.ToLower(r.Number))
	if out := mustRun(t, admin("request", "done", typed)...); !strings.Contains(out, r.Number) {
		t.Errorf("request done %s:\n%s", typed, out)
	}
	if out := mustRun(t, admin("requests", "--state", "done")...); !strings.Contains(out, r.Number) {
		t.Errorf("the request is not done:\n%s", out)
	}
	// お客様番号 in full-width digits.
	want := mustRun(t, admin("contract", "show", logins[0].Login)...)
	if out := mustRun(t, admin("contract", "show", width.Widen.String(logins[0].Login))...); out != want {
		t.Errorf("contract show %s:\n%s\nwant:\n%s", width.Widen.String(logins[0].Login), out, want)
	}
	// A date in full-width digits, as an argument and as a flag's value.
	if out := mustRun(t, admin("clock", "set", "２０３０－０１－１５")...); !strings.Contains(out, "Clock: 2030-01-15 00:00:00") {
		t.Errorf("clock set ２０３０－０１－１５:\n%s", out)
	}
	body := bodyFile(t, "設備の点検を行います。\n")
	mustRun(t, admin("notice", "add", "--kind", "maintenance", "--title", "ＮＯＣ", "--body-file", body, "--from", "２０３０-０１-２０")...)
	out := mustRun(t, admin("notice", "list")...)
	if !strings.Contains(out, "2030-01-20 00:00") {
		t.Errorf("--from ２０３０-０１-２０:\n%s", out)
	}
	// A count in full-width digits.
	if _, errOut, err := run(t, admin("outbox", "--limit", "３")...); err != nil {
		t.Errorf("outbox --limit ３: %v %s", err, errOut)
	}
	// Free text is the operator's: a title in full-width letters is kept.
	if !strings.Contains(out, "ＮＯＣ") {
		t.Errorf("the title was folded:\n%s", out)
	}
}
