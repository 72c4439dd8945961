package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mypage/core"
)

func bodyFile(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "body.txt")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// An operator posts an outage and a maintenance, lists them newest first with
// their period and state, and closes one; text with a control character is
// refused and never reaches the terminal.
func TestNoticeCommands(t *testing.T) {
	db, _ := newSupportlessDemo(t)
	notice := func(args ...string) []string { return append([]string{"--db", db, "admin", "notice"}, args...) }
	body := bodyFile(t, "設備の点検を行います。\r\n作業中は接続が数分切れます。\r\n")

	out := mustRun(t, notice("list")...)
	if !strings.Contains(out, "No notice posted.") {
		t.Errorf("empty list:\n%s", out)
	}
	wantError(t, notice("add", "--kind", "outage", "--title", "障害"), "--body-file: required")
	wantError(t, notice("add", "--kind", "outage", "--title", "障害", "--body-file", body, "--from", "2026/12/01"), "--from", "YYYY-MM-DD")
	wantRefused(t, notice("add", "--kind", "news", "--title", "障害", "--body-file", body), "--kind: one of outage, maintenance")
	wantRefused(t, notice("add", "--kind", "maintenance", "--title", "点検", "--body-file", body,
		"--from", "2026-12-05T02:00", "--until", "2026-12-05T01:00"), "--until: must be after --from")
	// An escape sequence in the title or the body is refused, and the refusal
	// does not repeat it raw.
	_, errOut, _ := run(t, notice("add", "--kind", "outage", "--title", "\x1b[2J障害", "--body-file", body)...)
	if !strings.Contains(errOut, "mypage: refused: --title: one line without control characters") || strings.Contains(errOut, "\x1b") {
		t.Errorf("title with an escape: %q", errOut)
	}
	wantRefused(t, notice("add", "--kind", "outage", "--title", "障害", "--body-file", bodyFile(t, "復旧\x1b]0;x\x07")),
		"--body-file: control characters")

	// 障害 in Shift_JIS: the file is not UTF-8, and the message says that.
	wantError(t, notice("add", "--kind", "outage", "--title", "障害", "--body-file", bodyFile(t, "\x8f\xe1\x8aQ")),
		"is not UTF-8 text")
	// The English text follows the same rules, its title and body together.
	bodyEn := bodyFile(t, "\ufeffWe inspect our equipment.\r\nThe connection may drop for a few minutes.\r\n")
	wantRefused(t, notice("add", "--kind", "outage", "--title", "障害", "--body-file", body, "--title-en", "Outage"),
		"--body-file-en: required with --title-en")
	wantRefused(t, notice("add", "--kind", "outage", "--title", "障害", "--body-file", body, "--body-file-en", bodyEn),
		"--title-en: required with --body-file-en")
	wantRefused(t, notice("add", "--kind", "outage", "--title", "障害", "--body-file", body, "--title-en", strings.Repeat("x", 61), "--body-file-en", bodyEn),
		"--title-en: at most 60 characters")
	_, errOut, _ = run(t, notice("add", "--kind", "outage", "--title", "障害", "--body-file", body, "--title-en", "\x1b[2JOutage", "--body-file-en", bodyEn)...)
	if !strings.Contains(errOut, "mypage: refused: --title-en: one line without control characters") || strings.Contains(errOut, "\x1b") {
		t.Errorf("English title with an escape: %q", errOut)
	}
	wantRefused(t, notice("add", "--kind", "outage", "--title", "障害", "--body-file", body, "--title-en", "Outage", "--body-file-en", bodyFile(t, "Rest\u202eored")),
		"--body-file-en: control characters")
	wantError(t, notice("add", "--kind", "outage", "--title", "障害", "--body-file", body, "--title-en", "Outage", "--body-file-en", bodyFile(t, "\x8f\xe1\x8aQ")),
		"--body-file-en", "is not UTF-8 text")
	out = mustRun(t, notice("add", "--kind", "maintenance", "--title", "設備メンテナンス", "--body-file", body,
		"--title-en", "Equipment maintenance", "--body-file-en", bodyEn,
		"--from", "2030-12-05T01:00", "--until", "2030-12-05T05:00", "--json")...)
	var m core.Bulletin
	if err := json.Unmarshal([]byte(out), &m); err != nil || m.Number != 1 || m.Body != "設備の点検を行います。\n作業中は接続が数分切れます。" ||
		m.TitleEn != "Equipment maintenance" || m.BodyEn != "We inspect our equipment.\nThe connection may drop for a few minutes." {
		t.Fatalf("add --json: %+v %v\n%s", m, err, out)
	}
	out = mustRun(t, notice("add", "--kind", "outage", "--title", "メール送受信障害", "--body-file", body)...)
	if !strings.Contains(out, "Posted notice 2 (outage): メール送受信障害") {
		t.Errorf("add:\n%s", out)
	}
	out = mustRun(t, notice("list")...)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "2 ") || !strings.Contains(lines[1], "open") ||
		!strings.HasPrefix(lines[2], "1 ") || !strings.Contains(lines[2], "scheduled") || !strings.Contains(lines[2], "2030-12-05 01:00  2030-12-05 05:00") ||
		!strings.Contains(lines[0], "TITLE_EN") || !strings.HasSuffix(lines[1], " -") || !strings.HasSuffix(lines[2], "設備メンテナンス  Equipment maintenance") {
		t.Errorf("list:\n%s", out)
	}

	// A day alone as --until is the end of that day: listed as its 24:00.
	mustRun(t, notice("add", "--kind", "maintenance", "--title", "終日メンテナンス", "--body-file", body,
		"--from", "2030-12-06", "--until", "2030-12-06")...)
	if out := mustRun(t, notice("list")...); !strings.Contains(out, "2030-12-06 00:00  2030-12-06 24:00") {
		t.Errorf("a day alone as --until is not listed as its end:\n%s", out)
	}

	mustRun(t, notice("close", "2")...)
	wantRefused(t, notice("close", "2"), "notice 2 is closed already")
	wantError(t, notice("close", "9"), "no notice 9")
	wantError(t, notice("close", "x"), `"x" is not a notice number`)
	out = mustRun(t, notice("list", "--json")...)
	var list []core.Bulletin
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 3 || list[1].Closed == nil || list[2].Closed != nil ||
		list[2].TitleEn != "Equipment maintenance" || list[2].BodyEn == "" {
		t.Fatalf("list --json: %v\n%s", err, out)
	}
	// A notice without English text has no such fields: older notices read alike.
	if strings.Count(out, `"title_en"`) != 1 || strings.Count(out, `"body_en"`) != 1 {
		t.Errorf("list --json: title_en, body_en not omitted when empty:\n%s", out)
	}
	out = mustRun(t, "--db", db, "admin", "audit")
	for _, s := range []string{"bulletin-add", "bulletin-close", "refused-closed"} {
		if !strings.Contains(out, s) {
			t.Errorf("the audit lacks %s", s)
		}
	}
}
