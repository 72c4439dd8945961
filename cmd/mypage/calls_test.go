package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mypage/core"
)

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportCallsCommand(t *testing.T) {
	db := newDB(t)
	cert := createOne(t, db)
	m := core.MonthOf(cert.IssuedAt)
	at := func(day, hour string) string { return m.String() + "-" + day + " " + hour + ":00:00" }
	header := strings.Join(core.CallCSVHeader, ",") + "\n"
	statement := func() core.Statement {
		return statementJSON(t, "--db", db, "admin", "statement", cert.Number, "--month", m.String())
	}

	// Bad lines: each reported with its line number on stderr, nothing imported.
	bad := writeFile(t, "bad.csv", header+
		cert.Number+",phone,"+at("01", "09")+",0312345678,60,8\n"+ // 2 good
		"\n"+ // 3 blank
		cert.Number+",fax,"+at("01", "10")+",0312345678,60,8\n"+ // 4 unknown service
		cert.Number+",phone,"+at("01", "11")+",0312345678,60,-8\n"+ // 5 negative amount
		"123,phone,"+at("01", "12")+",0312345678,60,8\n"+ // 6 short customer number
		"99999999999999,phone,"+at("01", "13")+",0312345678,60,8\n") // 7 no such contract
	out, errOut, err := run(t, "--db", db, "admin", "import-calls", bad)
	var ex exitError
	if !errors.As(err, &ex) || ex.code == 0 {
		t.Fatalf("err = %v, want a non-zero exit", err)
	}
	want := []string{"line 4: unknown service", "line 5: amount", "line 6: customer_number", "line 7: no contract 99999999999999", "nothing imported"}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if len(lines) != len(want) {
		t.Errorf("stderr:\n%s", errOut)
	}
	for i, w := range want {
		if i < len(lines) && !strings.Contains(lines[i], w) {
			t.Errorf("stderr line %d: %q, want %q", i+1, lines[i], w)
		}
	}
	if strings.Contains(out, "imported") {
		t.Errorf("stdout: %s", out)
	}
	if st := statement(); len(st.Lines) != 0 {
		t.Errorf("a bad file imported calls: %+v", st.Lines)
	}

	// An unknown customer number refuses the whole file, the good rows too.
	unknown := writeFile(t, "unknown.csv", header+
		cert.Number+",phone,"+at("01", "09")+",0312345678,60,8\n"+
		"99999999999999,phone,"+at("01", "09")+",0312345678,60,8\n")
	_, errOut, err = run(t, "--db", db, "admin", "import-calls", unknown)
	if !errors.As(err, &ex) || !strings.Contains(errOut, "line 3: no contract 99999999999999") {
		t.Errorf("unknown customer: %v\n%s", err, errOut)
	}
	if st := statement(); len(st.Lines) != 0 {
		t.Errorf("a refused file imported calls: %+v", st.Lines)
	}

	// A good file.
	good := writeFile(t, "good.csv", header+
		cert.Number+",phone,"+at("01", "09")+",0312345678,185,24\n"+
		cert.Number+",phone,"+at("02", "09")+",09011112222,62,32\n"+
		cert.Number+",gatecall050,"+at("02", "10")+",05011112222,60,10\n")
	out = mustRun(t, "--db", db, "admin", "import-calls", good)
	if want := "3 call record(s) from " + good + " stored (records already stored are kept once)"; !strings.Contains(out, want) {
		t.Errorf("stdout: %s\nwant: %s", out, want)
	}
	// Imported again: the count is of the file, and the message does not claim the records new.
	out = mustRun(t, "--db", db, "admin", "import-calls", good)
	if strings.Contains(out, "imported") || !strings.Contains(out, "3 call record(s) from "+good+" stored (records already stored are kept once)") {
		t.Errorf("imported again, stdout: %s", out)
	}
	st := statement()
	if len(st.Lines) != 2 || st.Lines[0].Code != "gatecall050" || st.Lines[0].Amount != 10 || st.Lines[1].Code != "phone" || st.Lines[1].Amount != 56 {
		t.Errorf("call lines %+v", st.Lines)
	}
	out = mustRun(t, "--db", db, "admin", "statement", cert.Number, "--month", m.String())
	if !strings.Contains(out, "UCOM光電話 通話料") || !strings.Contains(out, "2 calls") {
		t.Errorf("statement:\n%s", out)
	}

	if _, _, err := run(t, "--db", db, "admin", "import-calls", filepath.Join(t.TempDir(), "missing.csv")); err == nil {
		t.Error("a missing file was accepted")
	}
}

func TestAdminHelpListsBillingCommands(t *testing.T) {
	out := mustRun(t, "admin", "--help")
	for _, c := range []string{"statement", "clock", "debit-result", "payment", "import-calls"} {
		if !strings.Contains(out, c) {
			t.Errorf("mypage admin --help does not mention %q:\n%s", c, out)
		}
	}
	out = mustRun(t, "--help")
	for _, f := range []string{"--issuer-number", "--issuer-name"} {
		if !strings.Contains(out, f) {
			t.Errorf("mypage --help does not mention %s", f)
		}
	}
	out = mustRun(t, "admin", "import-calls", "--help")
	if !strings.Contains(out, strings.Join(core.CallCSVHeader, ",")) {
		t.Errorf("import-calls --help does not show the header:\n%s", out)
	}
}

// The README documents the call file with the header core reads and an example that imports.
func TestReadmeCallExample(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "## Call records (import-calls)")
	if !ok {
		t.Fatal("README has no call records section")
	}
	header := strings.Join(core.CallCSVHeader, ",")
	_, example, ok := strings.Cut(section, "Example (`calls.csv`):\n\n```\n")
	if !ok {
		t.Fatal("the section has no example")
	}
	example, _, _ = strings.Cut(example, "```")
	if !strings.HasPrefix(example, header+"\n") {
		t.Fatalf("the example does not start with the header %s", header)
	}
	recs, err := core.ParseCalls(strings.NewReader(example))
	if err != nil || len(recs) == 0 {
		t.Fatalf("the README example does not parse: %v", err)
	}
	for _, col := range core.CallCSVHeader {
		if !strings.Contains(section, "| `"+col+"` |") {
			t.Errorf("the column table lacks %s", col)
		}
	}
}

// A huge field is a bad line with its number, not a store error.
func TestImportCallsLongField(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	cert := createOne(t, db)
	header := strings.Join(core.CallCSVHeader, ",") + "\n"
	path := writeFile(t, "long.csv", header+
		cert.Number+",phone,2026-04-01 09:00:00,0312345678,60,8\n"+
		cert.Number+",phone,2026-04-01 10:00:00,"+strings.Repeat("1", 2<<20)+",60,8\n")
	_, errOut, err := run(t, "--db", db, "admin", "import-calls", path)
	var ex exitError
	if !errors.As(err, &ex) || ex.code != 2 || !strings.Contains(errOut, "line 3: longer than 1024 bytes") ||
		strings.Contains(errOut, "key") {
		t.Errorf("long field: %v\n%s", err, errOut)
	}
}
