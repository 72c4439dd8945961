package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mypage/core"
)

// hostileName is operator-supplied text that would drive a terminal: a title
// change, a bell and a bidi override.
const hostileName = "evil\x1b]0;pwn\x07\u202e"

// runMain runs the command as main does, final error line included, and
// returns what it wrote on standard output and standard error.
func runMain(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	root := newRootCmd()
	var out, errOut bytes.Buffer
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetIn(strings.NewReader(""))
	code := execute(root)
	return out.String(), errOut.String(), code
}

// rawControl returns the first character of s that cat -v would show as a
// control (any byte below 0x20 but the line feed and the tab, DEL) or a bidi
// or format character, and whether there is one.
func rawControl(s string) (rune, bool) {
	for _, r := range s {
		if r == '\n' || r == '\t' {
			continue
		}
		if r < 0x20 || r == 0x7f || core.ForbiddenRune(r) {
			return r, true
		}
	}
	return 0, false
}

// Every back-office command shows the text the operator typed escaped, on
// standard output, standard error and main's final error line.
func TestAdminOutputEscapesOperatorText(t *testing.T) {
	db := newDB(t)
	cert := createOne(t, db)
	dir := t.TempDir()
	header := strings.Join(core.CallCSVHeader, ",") + "\n"
	good := filepath.Join(dir, hostileName+".csv")
	m := core.MonthOf(cert.IssuedAt).String()
	if err := os.WriteFile(good, []byte(header+cert.Number+",phone,"+m+"-01 09:00:00,0312345678,60,8\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, hostileName+"bad.csv")
	if err := os.WriteFile(bad, []byte(header+cert.Number+",fax\x1b[2J,"+m+"-01 09:00:00,0312345678,60,8\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		args []string
		want string // the escaped text shown
	}{
		{"import-calls", []string{"--db", db, "admin", "import-calls", good}, `evil\x1b]0;pwn\x07\u202e.csv`},
		{"import-calls bad lines", []string{"--db", db, "admin", "import-calls", bad}, `evil\x1b]0;pwn\x07\u202ebad.csv`},
		{"import-calls missing file", []string{"--db", db, "admin", "import-calls", filepath.Join(dir, hostileName+"none.csv")}, `evil\x1b]0;pwn\x07\u202enone.csv`},
		{"audit --db missing", []string{"--db", filepath.Join(dir, hostileName+".db"), "admin", "audit"}, `evil\x1b]0;pwn\x07\u202e.db`},
		{"contract show", []string{"--db", db, "admin", "contract", "show", hostileName}, `evil\x1b]0;pwn\x07\u202e`},
		{"plan add", []string{"--db", db, "admin", "plan", "add", hostileName, "--plan", "basic", "--start", core.DayOf(cert.IssuedAt).String()}, `evil\x1b]0;pwn\x07\u202e`},
		{"plan add --plan", []string{"--db", db, "admin", "plan", "add", cert.Number, "--plan", hostileName, "--start", core.DayOf(cert.IssuedAt).String()}, `evil\x1b]0;pwn\x07\u202e`},
		{"plan request", []string{"--db", db, "admin", "plan", "request", hostileName}, `evil\x1b]0;pwn\x07\u202e`},
		{"quote plan-change", []string{"--db", db, "admin", "quote", "plan-change", hostileName, "--to", "basic", "--start", m}, `evil\x1b]0;pwn\x07\u202e`},
		{"quote plan-change --start", []string{"--db", db, "admin", "quote", "plan-change", cert.Number, "--to", "basic", "--start", hostileName}, `evil\x1b]0;pwn\x07\u202e`},
		{"quote plan-change --service", []string{"--db", db, "admin", "quote", "plan-change", cert.Number, "--to", "basic", "--start", m, "--service", hostileName}, `evil\x1b]0;pwn\x07\u202e`},
		{"quote option-add", []string{"--db", db, "admin", "quote", "option-add", hostileName, "--option", "annual-mailbox"}, `evil\x1b]0;pwn\x07\u202e`},
		{"quote option-add --option", []string{"--db", db, "admin", "quote", "option-add", cert.Number, "--option", hostileName}, `evil\x1b]0;pwn\x07\u202e`},
		{"--catalog", []string{"--catalog", filepath.Join(dir, hostileName+".json"), "admin", "catalog"}, `evil\x1b]0;pwn\x07\u202e.json`},
		{"backup", []string{"--db", db, "admin", "backup", filepath.Join(dir, hostileName+".bak")}, `evil\x1b]0;pwn\x07\u202e.bak`},
		{"backup error", []string{"--db", db, "admin", "backup", filepath.Join(dir, hostileName, "x.bak")}, `evil\x1b]0;pwn\x07\u202e`},
		{"init", []string{"--db", filepath.Join(dir, hostileName+"new.db"), "admin", "init"}, `evil\x1b]0;pwn\x07\u202enew.db`},
		{"demo", []string{"--db", filepath.Join(dir, hostileName+"demo.db"), "demo", "--no-tui"}, `evil\x1b]0;pwn\x07\u202edemo.db`},
		{"serve --addr", []string{"--db", db, "serve", "--addr", "127.0.0.1:" + hostileName, "--host-key", filepath.Join(dir, "key")}, `evil\x1b]0;pwn\x07\u202e`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runMain(t, tt.args...)
			all := out + errOut
			if r, raw := rawControl(all); raw {
				t.Errorf("exit %d; %U reaches the terminal:\n%q", code, r, all)
			}
			if !strings.Contains(all, tt.want) {
				t.Errorf("exit %d; the output does not show %s:\n%s", code, tt.want, all)
			}
		})
	}
}

// Escaping twice changes nothing, keeps line feeds and tabs, and leaves the
// JSON of the commands valid and unchanged.
func TestEscapeOutput(t *testing.T) {
	for _, s := range []string{hostileName, "a\tb\nc", "\\x1b", "東京\t\u202e\x00\xff", ""} {
		once := escapeOutput(s)
		if twice := escapeOutput(once); twice != once {
			t.Errorf("%q: escaped twice %q, once %q", s, twice, once)
		}
		if r, raw := rawControl(once); raw {
			t.Errorf("%q: %U left raw in %q", s, r, once)
		}
		if strings.Count(once, "\t") != strings.Count(s, "\t") || strings.Count(once, "\n") != strings.Count(s, "\n") {
			t.Errorf("%q: tabs or line feeds lost: %q", s, once)
		}
	}
	var b strings.Builder
	if err := printJSON(&b, map[string]string{"name": hostileName, "tab": "a\tb"}); err != nil {
		t.Fatal(err)
	}
	if got := escapeOutput(b.String()); got != b.String() || !json.Valid([]byte(got)) {
		t.Errorf("JSON changed or invalid:\n%s\n%s", b.String(), got)
	}
}

// shown cuts a typed value to maxShown characters, then escapes it on one line.
func TestShownCutsThenEscapes(t *testing.T) {
	forty := strings.Repeat("あ", maxShown)
	for _, c := range []struct{ in, want string }{
		{"basic", "basic"},
		{"", ""},
		{forty, forty},
		{forty + "x", forty + "…"},
		{"\x1b[2J" + strings.Repeat("A", 100_000), `\x1b[2J` + strings.Repeat("A", maxShown-4) + "…"},
		{"a\nb\u202e", `a\nb\u202e`},
		{"\xff" + strings.Repeat("b", maxShown), `\xff` + strings.Repeat("b", maxShown-1) + "…"},
	} {
		if got := shown(c.in); got != c.want {
			t.Errorf("shown(%.60q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := quoted("x\x07"); got != `"x\x07"` {
		t.Errorf("quoted = %q", got)
	}
}
