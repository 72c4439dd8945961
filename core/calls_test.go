package core_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"mypage/core"
)

const callHeader = "customer_number,service,started_at,destination,duration_seconds,amount\n"

func TestCallCSVHeader(t *testing.T) {
	if got := strings.Join(core.CallCSVHeader, ",") + "\n"; got != callHeader {
		t.Fatalf("header %q", got)
	}
}

func TestParseCallsGoodFile(t *testing.T) {
	file := "\ufeff" + callHeader + // the byte-order mark a spreadsheet writes
		"12345678901234,phone,2026-04-02 09:15:00,03-1234-5678,185,24\n" +
		"\n" + // a blank line is skipped
		"12345678901234, gatecall ,2026-04-30 23:59:59,+81-6-7777-8888,0,0\n" +
		"\"12345678901234\",gatecall050,2026-05-01 00:00:00,05011112222,86400,1000000\r\n"
	recs, err := core.ParseCalls(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	want := []core.CallRecord{
		{Contract: "12345678901234", Service: "phone", StartedAt: time.Date(2026, time.April, 2, 9, 15, 0, 0, core.JST),
			Destination: "03-1234-5678", Seconds: 185, Amount: 24, Line: 2},
		{Contract: "12345678901234", Service: "gatecall", StartedAt: time.Date(2026, time.April, 30, 23, 59, 59, 0, core.JST),
			Destination: "+81-6-7777-8888", Seconds: 0, Amount: 0, Line: 4},
		{Contract: "12345678901234", Service: "gatecall050", StartedAt: time.Date(2026, time.May, 1, 0, 0, 0, 0, core.JST),
			Destination: "05011112222", Seconds: 86400, Amount: 1000000, Line: 5},
	}
	if len(recs) != len(want) {
		t.Fatalf("records %+v", recs)
	}
	for i := range want {
		if r := recs[i]; r.Contract != want[i].Contract || r.Service != want[i].Service || !r.StartedAt.Equal(want[i].StartedAt) ||
			r.StartedAt.Location() != core.JST || r.Destination != want[i].Destination || r.Seconds != want[i].Seconds ||
			r.Amount != want[i].Amount || r.Line != want[i].Line {
			t.Errorf("record %d: %+v, want %+v", i, r, want[i])
		}
	}
	// A header alone is a file of no calls.
	recs, err = core.ParseCalls(strings.NewReader(callHeader))
	if err != nil || len(recs) != 0 {
		t.Errorf("header only: %+v, %v", recs, err)
	}
}

// Every bad row is reported with its line number, all in one ImportError.
func TestParseCallsBadRows(t *testing.T) {
	lines := []string{
		"customer_number,service,started_at,destination,duration_seconds,amount", // 1
		"12345678901234,phone,2026-04-02 09:15:00,0312345678,60,8",               // 2 good
		"1234567890123,phone,2026-04-02 09:15:00,0312345678,60,8",                // 3 13 digits
		"1234567890123X,phone,2026-04-02 09:15:00,0312345678,60,8",               // 4 a letter
		"12345678901234,fax,2026-04-02 09:15:00,0312345678,60,8",                 // 5 unknown service
		"12345678901234,phone,2026/04/02 09:15,0312345678,60,8",                  // 6 bad time
		"12345678901234,phone,2026-02-30 09:15:00,0312345678,60,8",               // 7 no such day
		"12345678901234,phone,2026-04-02 09:15:00,,60,8",                         // 8 no destination
		"12345678901234,phone,2026-04-02 09:15:00,03/1234/5678,60,8",             // 9 bad destination
		"12345678901234,phone,2026-04-02 09:15:00,0312345678,-1,8",               // 10 negative seconds
		"12345678901234,phone,2026-04-02 09:15:00,0312345678,86401,8",            // 11 over a day
		"12345678901234,phone,2026-04-02 09:15:00,0312345678,1.5,8",              // 12 not whole
		"12345678901234,phone,2026-04-02 09:15:00,0312345678,60,-8",              // 13 negative yen
		"12345678901234,phone,2026-04-02 09:15:00,0312345678,60,8.5",             // 14 not whole yen
		"12345678901234,phone,2026-04-02 09:15:00,0312345678,60,1000001",         // 15 over the limit
		"12345678901234,phone,2026-04-02 09:15:00,0312345678,60",                 // 16 five columns
		"12345678901234,phone,2026-04-02 09:15:00,0312345678,60,8,extra",         // 17 seven columns
		"", // 18 blank: skipped
		"12345678901234,phone,2026-04-02 09:15:00,03\"1234,60,8",   // 19 bare quote
		"12345678901234,phone,2026-04-02 09:15:00,0312345678,60,8", // 20 good
		"12345678901234,fax,2026-04-02 09:15:00,0312345678,60,8",   // 21 unknown service after the blank line
	}
	_, err := core.ParseCalls(strings.NewReader(strings.Join(lines, "\n") + "\n"))
	var ie *core.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want an ImportError", err)
	}
	want := map[int]string{
		3: "customer_number", 4: "customer_number", 5: "unknown service", 6: "started_at", 7: "started_at",
		8: "destination", 9: "destination", 10: "duration_seconds", 11: "duration_seconds", 12: "duration_seconds",
		13: "amount", 14: "amount", 15: "amount", 16: "columns", 17: "columns", 19: "quote", 21: "unknown service",
	}
	got := map[int]string{}
	for _, r := range ie.Rows {
		if _, dup := got[r.Line]; dup {
			t.Errorf("line %d reported twice", r.Line)
		}
		got[r.Line] = r.Msg
	}
	for line, word := range want {
		if !strings.Contains(got[line], word) {
			t.Errorf("line %d: %q, want a message about %s", line, got[line], word)
		}
	}
	for line, msg := range got {
		if _, ok := want[line]; !ok {
			t.Errorf("line %d reported: %s", line, msg)
		}
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "nothing imported: ") || !strings.Contains(msg, "line 3: ") || !strings.Contains(msg, "line 19: ") {
		t.Errorf("message %q", msg)
	}

	// A wrong header, and a bad row after it.
	_, err = core.ParseCalls(strings.NewReader("number,service\n12345678901234,phone\n"))
	if !errors.As(err, &ie) || len(ie.Rows) != 2 || ie.Rows[0].Line != 1 || !strings.Contains(ie.Rows[0].Msg, "header") || ie.Rows[1].Line != 2 {
		t.Errorf("bad header: %v", err)
	}
	// A quoted field over two lines: the next record's line is still right.
	_, err = core.ParseCalls(strings.NewReader(callHeader +
		"12345678901234,phone,2026-04-02 09:15:00,\"03\n1234\",60,8\n" + // lines 2–3: a newline in the destination
		"12345678901234,fax,2026-04-02 09:15:00,0312345678,60,8\n")) // line 4
	if !errors.As(err, &ie) || len(ie.Rows) != 2 || ie.Rows[0].Line != 2 || ie.Rows[1].Line != 4 {
		t.Errorf("multi-line field: %v", err)
	}
	// An empty file.
	_, err = core.ParseCalls(strings.NewReader(""))
	if !errors.As(err, &ie) || len(ie.Rows) != 1 || ie.Rows[0].Line != 1 || !strings.Contains(ie.Rows[0].Msg, "empty") {
		t.Errorf("empty file: %v", err)
	}
}

// callsFile is a call import file of the rows under the header.
func callsFile(rows ...string) string { return callHeader + strings.Join(rows, "\n") + "\n" }

func TestImportCallsAllOrNothing(t *testing.T) {
	f := newOptFix(t)
	f.dropPlans(t, f.multi)
	file := callsFile(
		f.multi+",phone,2026-04-02 09:15:00,0312345678,185,24",
		"99999999999999,phone,2026-04-02 09:16:00,0312345678,60,8", // line 3: no such contract
		f.lan+",gatecall,2026-04-03 10:00:00,0612345678,60,21",
		"88888888888888,gatecall,2026-04-03 10:00:00,0612345678,60,21", // line 5
	)
	recs, err := core.ParseCalls(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	n, err := f.svc.ImportCalls(f.op, recs)
	var ie *core.ImportError
	if !errors.As(err, &ie) || n != 0 {
		t.Fatalf("n = %d, err = %v, want an ImportError", n, err)
	}
	if len(ie.Rows) != 2 || ie.Rows[0].Line != 3 || !strings.Contains(ie.Rows[0].Msg, "99999999999999") ||
		ie.Rows[1].Line != 5 || !strings.Contains(ie.Rows[1].Msg, "88888888888888") {
		t.Errorf("rows %+v", ie.Rows)
	}
	// Nothing was stored, not even the calls of the known contracts.
	for _, c := range []struct {
		p       core.Principal
		service string
	}{{f.holder, "phone"}, {f.lanHolder, "gatecall"}} {
		d, err := f.svc.CallStatement(c.p, c.service, april26)
		if err != nil || len(d.Calls) != 0 || d.Total != 0 {
			t.Errorf("%s after a refused import: %+v, %v", c.service, d, err)
		}
	}
	if st := f.statement(t, f.holder, april26); len(st.Lines) != 0 {
		t.Errorf("statement lines after a refused import: %+v", st.Lines)
	}

	// Only the operator imports.
	for _, p := range []core.Principal{f.holder, f.admin} {
		_, err := f.svc.ImportCalls(p, recs[:1])
		wantErr(t, err, core.ErrForbidden)
	}
}

func TestCallStatement(t *testing.T) {
	f := newOptFix(t)
	f.dropPlans(t, f.multi)
	file := callsFile(
		f.multi+",phone,2026-04-20 18:00:00,09011112222,62,32",
		f.multi+",phone,2026-04-02 09:15:00,0312345678,185,24",
		f.multi+",gatecall,2026-04-02 09:15:00,0612345678,60,21", // the same second on another service
		f.multi+",phone,2026-05-01 00:00:00,0312345678,60,8",     // May
		f.lan+",phone,2026-04-03 10:00:00,0312345678,60,100",     // another contract
	)
	recs, err := core.ParseCalls(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := f.svc.ImportCalls(f.op, recs); err != nil || n != 5 {
		t.Fatalf("import: %d, %v", n, err)
	}
	d, err := f.svc.CallStatement(f.holder, "phone", april26)
	if err != nil {
		t.Fatal(err)
	}
	if d.Service != "phone" || d.Month != "2026-04" || len(d.Calls) != 2 || d.Total != 56 ||
		d.Calls[0].Amount != 24 || d.Calls[1].Amount != 32 || !d.Calls[0].StartedAt.Before(d.Calls[1].StartedAt) {
		t.Fatalf("April phone calls %+v", d)
	}
	if d, _ := f.svc.CallStatement(f.holder, "gatecall", april26); len(d.Calls) != 1 || d.Total != 21 {
		t.Errorf("April GATE CALL %+v", d)
	}
	// Empty when none: another service, another month.
	for _, c := range []struct {
		service string
		m       core.Month
	}{{"gatecall050", april26}, {"phone", june26}} {
		d, err := f.svc.CallStatement(f.holder, c.service, c.m)
		if err != nil || d.Calls == nil || len(d.Calls) != 0 || d.Total != 0 {
			t.Errorf("%s %s: %+v, %v", c.service, c.m, d, err)
		}
	}
	if _, err := f.svc.CallStatement(f.holder, "fax", april26); !errors.Is(err, core.ErrNotFound) {
		t.Errorf("unknown service: %v", err)
	}
	// The other contract sees its own calls only.
	if d, _ := f.svc.CallStatement(f.lanHolder, "phone", april26); len(d.Calls) != 1 || d.Total != 100 {
		t.Errorf("LAN calls %+v", d)
	}
	// The month's statement carries one line per service with the sums.
	st := f.statement(t, f.holder, april26)
	if len(st.Lines) != 2 || st.Lines[0].Code != "gatecall" || st.Lines[0].Amount != 21 || st.Lines[1].Code != "phone" || st.Lines[1].Amount != 56 {
		t.Errorf("statement lines %+v", st.Lines)
	}

	// The same file imported again does not bill the calls twice.
	if _, err := f.svc.ImportCalls(f.op, recs); err != nil {
		t.Fatal(err)
	}
	if d, _ := f.svc.CallStatement(f.holder, "phone", april26); len(d.Calls) != 2 || d.Total != 56 {
		t.Errorf("after a second import: %+v", d)
	}
}

// A destination is a phone number: at least one digit, and only digits, "+",
// "-", spaces and parentheses.
func TestParseCallsDestination(t *testing.T) {
	for _, tt := range []struct {
		dest string
		ok   bool
	}{
		{"0312345678", true},
		{"03-1234-5678", true},
		{"+81 3 1234 5678", true},
		{"03(1234)5678", true},
		{"(03) 1234-5678", true},
		{"110", true},
		{"+++---", false},
		{"()", false},
		{"- -", false},
		{"03/1234/5678", false},
		{"03.1234.5678", false},
		{"０３１２３４５６７８", false}, // full-width digits
		{"tel:0312345678", false},
	} {
		_, err := core.ParseCalls(strings.NewReader(callHeader + "12345678901234,phone,2026-04-02 09:15:00," + tt.dest + ",60,8\n"))
		if tt.ok && err != nil {
			t.Errorf("%q refused: %v", tt.dest, err)
		}
		if !tt.ok && (err == nil || !strings.Contains(err.Error(), "destination")) {
			t.Errorf("%q: err = %v, want a refusal of the destination", tt.dest, err)
		}
	}
}

// FuzzParseCalls: ParseCalls never panics; every record it returns is valid,
// with or without an error; an error is an ImportError naming lines; the good
// records come back beside it (for the unknown customer numbers) on lines of
// their own, in file order.
func FuzzParseCalls(f *testing.F) {
	f.Add([]byte(callHeader + "12345678901234,phone,2026-04-02 09:15:00,03-1234-5678,185,24\n"))
	f.Add([]byte(callHeader + "\n12345678901234,gatecall050,2026-04-02 09:15:00,+815011112222,0,0\r\n"))
	f.Add([]byte(callHeader + "1234,fax,x,y,z,w\n"))
	f.Add([]byte("\ufeff" + callHeader + "\"12345678901234\",\"phone\",\"2026-12-31 23:59:59\",\"0312345678\",\"86400\",\"1000000\"\n"))
	f.Add([]byte(""))
	f.Add([]byte("\"unterminated\n"))
	f.Add([]byte(callHeader + "12345678901234,phone,2026-04-02 09:15:00," + strings.Repeat("1", 2000) + ",60,8\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := core.ParseCalls(bytes.NewReader(data))
		errLines := map[int]bool{}
		if err != nil {
			var ie *core.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("err %T %v, want an ImportError", err, err)
			}
			if len(ie.Rows) == 0 {
				t.Fatalf("ImportError without rows: %v", err)
			}
			for _, r := range ie.Rows {
				if r.Line < 1 || r.Msg == "" {
					t.Fatalf("row %+v", r)
				}
				errLines[r.Line] = true
			}
		}
		lastLine := 1
		for _, r := range recs {
			if len(r.Contract) != 14 || strings.Trim(r.Contract, "0123456789") != "" {
				t.Fatalf("customer number %q", r.Contract)
			}
			known := false
			for _, s := range core.CallServices {
				known = known || s.Code == r.Service
			}
			if !known {
				t.Fatalf("service %q", r.Service)
			}
			if r.StartedAt.Location() != core.JST || r.StartedAt.IsZero() {
				t.Fatalf("started_at %v", r.StartedAt)
			}
			if strings.Trim(r.Destination, "0123456789+-() ") != "" || !strings.ContainsAny(r.Destination, "0123456789") ||
				len(r.Destination) > core.MaxCallFieldChars {
				t.Fatalf("destination %q", r.Destination)
			}
			if r.Seconds < 0 || r.Seconds > 86400 || r.Amount < 0 || r.Amount > 1_000_000 {
				t.Fatalf("seconds %d, amount %d", r.Seconds, r.Amount)
			}
			if r.Line <= lastLine {
				t.Fatalf("line %d after %d", r.Line, lastLine)
			}
			if errLines[r.Line] {
				t.Fatalf("line %d is both a record and a bad line: %v", r.Line, err)
			}
			lastLine = r.Line
		}
	})
}

// repeatReader yields n copies of b without holding them.
type repeatReader struct {
	b byte
	n int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > r.n {
		p = p[:r.n]
	}
	for i := range p {
		p[i] = r.b
	}
	r.n -= int64(len(p))
	return len(p), nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// A line or field over the limits is refused with its line number; a huge line
// is not read to its end (SPEC §11.5).
func TestParseCallsLimits(t *testing.T) {
	good := "12345678901234,phone,2026-04-02 09:15:00,0312345678,60,8\n"
	// A 50 MB destination on line 3.
	in := &countingReader{r: io.MultiReader(strings.NewReader(callHeader+good+"12345678901234,phone,2026-04-02 09:15:00,"),
		&repeatReader{b: '1', n: 50 << 20}, strings.NewReader(",60,8\n"+good))}
	recs, err := core.ParseCalls(in)
	var ie *core.ImportError
	if !errors.As(err, &ie) || len(ie.Rows) != 1 || ie.Rows[0].Line != 3 || !strings.Contains(ie.Rows[0].Msg, "longer than 1024 bytes") {
		t.Fatalf("50 MB field: %v", err)
	}
	if len(recs) != 1 || recs[0].Line != 2 {
		t.Errorf("records beside the error: %+v", recs)
	}
	if in.n > 1<<20 {
		t.Errorf("read %d bytes of a file whose third line is 50 MB", in.n)
	}

	for _, tt := range []struct {
		name, row, want string
	}{
		{"long destination", "12345678901234,phone,2026-04-02 09:15:00," + strings.Repeat("1", 65) + ",60,8",
			"destination is longer than 64 characters"},
		{"long service", "12345678901234," + strings.Repeat("x", 65) + ",2026-04-02 09:15:00,0312345678,60,8",
			"service is longer than 64 characters"},
		{"escape in a field", "12345678901234,phone\x1b[2J,2026-04-02 09:15:00,0312345678,60,8", "service holds a control character"},
		{"bidi override", "12345678901234,phone,2026-04-02 09:15:00,\u202e0312345678,60,8", "destination holds a control character, a bidi override"},
	} {
		_, err := core.ParseCalls(strings.NewReader(callsFile(good[:len(good)-1], tt.row, good[:len(good)-1])))
		if !errors.As(err, &ie) || len(ie.Rows) != 1 || ie.Rows[0].Line != 3 || !strings.Contains(ie.Rows[0].Msg, tt.want) {
			t.Errorf("%s: %v", tt.name, err)
		}
		if strings.ContainsAny(err.Error(), "\x1b\u202e") {
			t.Errorf("%s: the message repeats the raw text: %q", tt.name, err)
		}
	}

	// A quote never closed, over many short lines: refused before the end.
	in = &countingReader{r: io.MultiReader(strings.NewReader(callHeader+"12345678901234,phone,2026-04-02 09:15:00,\""),
		&repeatReader{b: '\n', n: 50 << 20})}
	_, err = core.ParseCalls(in)
	if !errors.As(err, &ie) || len(ie.Rows) != 1 || !strings.Contains(ie.Rows[0].Msg, "a record longer than") || ie.Rows[0].Line < 2 {
		t.Errorf("a quote never closed: %v", err)
	}
	if in.n > 1<<20 {
		t.Errorf("read %d bytes of a quote never closed", in.n)
	}

	// Bad lines beyond MaxCallRowErrors are counted, not kept.
	rows := make([]string, core.MaxCallRowErrors+500)
	for i := range rows {
		rows[i] = "1,phone,2026-04-02 09:15:00,0312345678,60,8"
	}
	_, err = core.ParseCalls(strings.NewReader(callsFile(rows...)))
	if !errors.As(err, &ie) || len(ie.Rows) != core.MaxCallRowErrors || ie.More != 500 || ie.Bad() != len(rows) ||
		!strings.HasSuffix(err.Error(), "and 500 more bad line(s)") {
		t.Errorf("many bad lines: %d rows, %d more", len(ie.Rows), ie.More)
	}
}
