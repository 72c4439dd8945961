package core

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// CallServices are the telephone services whose calls are billed from imported
// records (SPEC §10), with their names on statements.
var CallServices = []struct{ Code, Name, NameEn string }{
	{"gatecall", "GATE CALL", "GATE CALL"},
	{"gatecall050", "GATE CALL050", "GATE CALL050"},
	{"phone", "UCOM光電話", "UCOM Hikari Phone"},
}

func callServiceName(code string) (string, bool) {
	for _, c := range CallServices {
		if c.Code == code {
			return c.Name, true
		}
	}
	return "", false
}

// CallRecord is one call reported by the telephone carrier.
type CallRecord struct {
	Contract    string    `json:"customer_number"`
	Service     string    `json:"service"` // gatecall | gatecall050 | phone
	StartedAt   time.Time `json:"started_at"`
	Destination string    `json:"destination"`
	Seconds     int       `json:"seconds"`
	Amount      int64     `json:"amount"` // yen, tax-excluded
	// Billed is the month whose statement bills the call: its own month, or the
	// open month when its own had already closed before the call was imported.
	Billed string `json:"billed,omitempty"`
	Line   int    `json:"-"` // the line of the import file it came from
}

// CallCSVHeader is the header line of a call import file (documented in the README).
var CallCSVHeader = []string{"customer_number", "service", "started_at", "destination", "duration_seconds", "amount"}

// Limits of a call file. A carrier's line is under a hundred bytes; these
// bound what one bad line can cost (SPEC §11.5).
const (
	MaxCallLineBytes  = 1024     // one physical line
	MaxCallFieldChars = 64       // one field
	MaxCallRowErrors  = 1000     // bad lines reported; the rest are counted
	maxCallRecord     = 64 << 10 // one record, a quoted field over many lines included
)

// CallRowError is a bad line of an import file.
type CallRowError struct {
	Line int
	Msg  string
}

func (e CallRowError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// ImportError lists the bad lines (the first MaxCallRowErrors of them; More
// counts the others); nothing of the file was imported.
type ImportError struct {
	Rows []CallRowError
	More int
}

func (e *ImportError) Error() string {
	var parts []string
	for _, r := range e.Rows {
		parts = append(parts, r.Error())
	}
	if e.More > 0 {
		parts = append(parts, fmt.Sprintf("and %d more bad line(s)", e.More))
	}
	return "nothing imported: " + strings.Join(parts, "; ")
}

// Bad reports how many bad lines the file has.
func (e *ImportError) Bad() int { return len(e.Rows) + e.More }

func (e *ImportError) add(r CallRowError) {
	if len(e.Rows) < MaxCallRowErrors {
		e.Rows = append(e.Rows, r)
	} else {
		e.More++
	}
}

func (e *ImportError) sort() {
	sort.SliceStable(e.Rows, func(i, j int) bool { return e.Rows[i].Line < e.Rows[j].Line })
}

// lineLimiter hands a call file to the CSV reader and stops it at a line or a
// record over the limits, so that one bad line never costs more memory than
// that. It counts lines itself to name the line.
type lineLimiter struct {
	r      io.Reader
	line   int   // the line of the next byte handed
	run    int   // bytes handed since the last line feed
	handed int64 // bytes handed in all
	mark   int64 // where the last record read ended
	err    *CallRowError
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '\n' {
			l.line++
			l.run = 0
		} else {
			l.run++
		}
		switch {
		case l.run > MaxCallLineBytes:
			l.err = &CallRowError{Line: l.line, Msg: fmt.Sprintf("longer than %d bytes; the file was read no further", MaxCallLineBytes)}
		case l.handed+int64(i)-l.mark > maxCallRecord:
			l.err = &CallRowError{Line: l.line, Msg: fmt.Sprintf("a record longer than %d bytes (a quote never closed?); the file was read no further", maxCallRecord)}
		default:
			continue
		}
		l.handed += int64(i)
		return i, l.err
	}
	l.handed += int64(n)
	return n, err
}

// callScanner reads a call file record by record: the good records one at a
// time, the bad lines collected in an ImportError.
type callScanner struct {
	lim     *lineLimiter
	cr      *csv.Reader
	records int // CSV records read, the header included
	bad     ImportError
	done    bool
}

func newCallScanner(r io.Reader) *callScanner {
	lim := &lineLimiter{r: r, line: 1}
	cr := csv.NewReader(lim)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return &callScanner{lim: lim, cr: cr}
}

// next returns the next good record; false at the end of the file.
func (s *callScanner) next() (CallRecord, bool) {
	for !s.done {
		rec, err := s.cr.Read()
		s.lim.mark = s.cr.InputOffset()
		var limit *CallRowError
		switch {
		case err == io.EOF:
			s.done = true
			continue
		case errors.As(err, &limit):
			s.bad.add(*limit)
			s.done = true
			continue
		}
		s.records++
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				s.bad.add(CallRowError{Line: s.lim.line, Msg: err.Error()})
				s.done = true
				continue
			}
			s.bad.add(CallRowError{Line: pe.Line, Msg: pe.Err.Error()})
			continue
		}
		// The line the record starts on: blank lines are skipped and a quoted
		// field may span lines, so records and lines are counted apart.
		line, _ := s.cr.FieldPos(0)
		if s.records == 1 {
			rec[0] = strings.TrimPrefix(rec[0], "\ufeff") // the byte-order mark spreadsheets write
			if strings.Join(rec, ",") != strings.Join(CallCSVHeader, ",") {
				s.bad.add(CallRowError{Line: line, Msg: "the header must be " + strings.Join(CallCSVHeader, ",")})
			}
			continue
		}
		c, msg := parseCallRow(rec)
		if msg != "" {
			s.bad.add(CallRowError{Line: line, Msg: msg})
			continue
		}
		c.Line = line
		return c, true
	}
	return CallRecord{}, false
}

// err is the ImportError of the bad lines read, or nil.
func (s *callScanner) err() *ImportError {
	if s.records == 0 && s.bad.Bad() == 0 {
		s.bad.add(CallRowError{Line: 1, Msg: "the file is empty"})
	}
	if s.bad.Bad() == 0 {
		return nil
	}
	return &s.bad
}

// ParseCalls reads a call CSV (header CallCSVHeader; started_at "YYYY-MM-DD HH:MM:SS"
// in Japan time; amount in whole yen). Every bad row is reported with its line
// number in an ImportError; the good records come back beside it, so that the
// caller can also name their unknown customer numbers in the same report.
// ImportCallsFile reads a file without holding it whole.
func ParseCalls(r io.Reader) ([]CallRecord, error) {
	sc := newCallScanner(r)
	var out []CallRecord
	for {
		c, ok := sc.next()
		if !ok {
			break
		}
		out = append(out, c)
	}
	if ie := sc.err(); ie != nil {
		return out, ie
	}
	return out, nil
}

// CallContractErrors names the records whose customer number has no contract.
func (s *Service) CallContractErrors(p Principal, records []CallRecord) ([]CallRowError, error) {
	if p.Kind != KindOperator {
		return nil, ErrForbidden
	}
	var bad []CallRowError
	err := s.view(func(tx Tx) error {
		for _, c := range records {
			if _, err := loadContract(tx, c.Contract); errors.Is(err, ErrNotFound) {
				bad = append(bad, CallRowError{Line: c.Line, Msg: "no contract " + c.Contract})
			} else if err != nil {
				return err
			}
		}
		return nil
	})
	return bad, err
}

func parseCallRow(rec []string) (CallRecord, string) {
	if len(rec) != len(CallCSVHeader) {
		return CallRecord{}, fmt.Sprintf("%d columns, want %d", len(rec), len(CallCSVHeader))
	}
	for i, f := range rec {
		switch textProblem(f, MaxCallFieldChars) {
		case ProblemFormat:
			return CallRecord{}, CallCSVHeader[i] + " holds a control character, a bidi override or bytes that are not UTF-8"
		case ProblemLength:
			return CallRecord{}, fmt.Sprintf("%s is longer than %d characters", CallCSVHeader[i], MaxCallFieldChars)
		}
	}
	c := CallRecord{Contract: strings.TrimSpace(rec[0]), Service: strings.TrimSpace(rec[1]), Destination: strings.TrimSpace(rec[3])}
	if len(c.Contract) != 14 || strings.Trim(c.Contract, "0123456789") != "" {
		return c, "customer_number must be 14 digits"
	}
	if _, ok := callServiceName(c.Service); !ok {
		return c, fmt.Sprintf("unknown service %q (gatecall, gatecall050, phone)", c.Service)
	}
	t, err := time.ParseInLocation("2006-01-02 15:04:05", strings.TrimSpace(rec[2]), JST)
	if err != nil {
		return c, "started_at must be YYYY-MM-DD HH:MM:SS"
	}
	c.StartedAt = t
	if !validDestination(c.Destination) {
		return c, `destination must be a phone number: digits, with "+", "-", spaces and parentheses allowed`
	}
	sec, err := strconv.Atoi(strings.TrimSpace(rec[4]))
	if err != nil || sec < 0 || sec > 86400 {
		return c, "duration_seconds must be a whole number from 0 to 86400"
	}
	c.Seconds = sec
	amount, err := strconv.ParseInt(strings.TrimSpace(rec[5]), 10, 64)
	if err != nil || amount < 0 || amount > 1_000_000 {
		return c, "amount must be whole yen from 0 to 1000000"
	}
	c.Amount = amount
	return c, ""
}

// validDestination says whether s is a phone number as carriers write it: at
// least one digit, and only digits, "+", "-", spaces and parentheses.
func validDestination(s string) bool {
	return strings.Trim(s, "0123456789+-() ") == "" && strings.ContainsAny(s, "0123456789")
}

// callKey orders a contract's calls by month and time. Two different calls that
// start in the same second (two services, two destinations) keep their own keys;
// the same file imported twice writes the same keys again.
func callKey(c CallRecord, seq int) string {
	return fmt.Sprintf("%s/%s/%s/%s/%s/%06d", c.Contract, MonthOf(c.StartedAt), c.StartedAt.In(JST).Format("20060102150405"),
		c.Service, c.Destination, seq)
}

// ImportCalls stores parsed call records in one transaction: either every record
// is imported or none (an unknown customer number refuses the whole file).
func (s *Service) ImportCalls(p Principal, records []CallRecord) (int, error) {
	if p.Kind != KindOperator {
		return 0, ErrForbidden
	}
	err := s.procedure(p, "import-calls", fmt.Sprint(len(records)), "", func(tx Tx, now time.Time) error {
		return putCalls(tx, records, 0, now)
	})
	if err != nil {
		return 0, err
	}
	return len(records), nil
}

// DefaultCallBatch is how many records one transaction of ImportCallsFile stores
// when Config.CallBatch is not set.
const DefaultCallBatch = 5000

// ImportCallsFile imports a call file without holding it whole, in two passes.
// The first reads every line and looks up every customer number: when one is
// bad, nothing is imported and the ImportError names them all (up to
// MaxCallRowErrors). The second stores the records in transactions of
// Config.CallBatch records (DefaultCallBatch), so that a running portal gets the
// database between them. Every call has its own key: a file imported again, or
// again after an interrupted import, never bills a call twice. It returns the
// number of records stored.
func (s *Service) ImportCallsFile(p Principal, name string, f io.ReadSeeker) (int, error) {
	if p.Kind != KindOperator {
		return 0, ErrForbidden
	}
	batch := s.cfg.CallBatch
	if batch <= 0 {
		batch = DefaultCallBatch
	}
	pending := make([]CallRecord, 0, batch)

	// First pass: every line and every customer number.
	sc := newCallScanner(f)
	seq := 0 // the index in the file of the first pending record
	check := func() error {
		err := s.view(func(tx Tx) error {
			cb := newCallBilling(tx, MonthOf(s.Now()))
			for i, c := range pending {
				_, why, err := cb.month(c, seq+i)
				if err != nil {
					return err
				}
				if why != "" {
					sc.bad.add(CallRowError{Line: c.Line, Msg: why})
				}
			}
			return nil
		})
		seq += len(pending)
		pending = pending[:0]
		return err
	}
	total := 0
	for {
		c, ok := sc.next()
		if !ok {
			break
		}
		total++
		if pending = append(pending, c); len(pending) == batch {
			if err := check(); err != nil {
				return 0, err
			}
		}
	}
	if err := check(); err != nil {
		return 0, err
	}
	if ie := sc.err(); ie != nil {
		ie.sort()
		return 0, ie
	}

	// Second pass: the records in batches, each its own transaction that also
	// audits it and records how far the import got; the last batch clears the
	// mark, so that an import killed half-way is seen by `admin check`.
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	name = EscapeLine(filepath.Base(name))
	markKey := settingImportPrefix + name
	if total > 0 {
		if err := s.procedure(p, "import-calls", fmt.Sprintf("%s: started, %d records", name, total), "", func(tx Tx, now time.Time) error {
			return tx.Put(bucketSettings, markKey, ImportMark{File: name, Started: now, Records: total})
		}); err != nil {
			return 0, err
		}
	}
	sc = newCallScanner(f)
	stored := 0
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		if err := s.db.Update(func(tx Tx) error {
			now, err := s.nowIn(tx)
			if err != nil {
				return err
			}
			if err := putCalls(tx, pending, stored, now); err != nil {
				return err
			}
			done := stored + len(pending)
			var mark ImportMark
			switch err := tx.Get(bucketSettings, markKey, &mark); {
			case errors.Is(err, ErrNoValue):
				mark = ImportMark{File: name, Started: now, Records: total}
			case err != nil:
				return err
			}
			if done >= total {
				err = tx.Delete(bucketSettings, markKey)
			} else {
				mark.Stored = done
				err = tx.Put(bucketSettings, markKey, mark)
			}
			if err != nil {
				return err
			}
			return appendAudit(tx, p, now, "import-calls", fmt.Sprintf("%s: records %d–%d of %d", name, stored+1, done, total), "ok")
		}); err != nil {
			return err
		}
		stored += len(pending)
		pending = pending[:0]
		return nil
	}
	var err error
	for err == nil {
		c, ok := sc.next()
		if !ok {
			break
		}
		if pending = append(pending, c); len(pending) == batch {
			err = flush()
		}
	}
	if err == nil {
		err = flush()
	}
	if err == nil {
		if ie := sc.err(); ie != nil {
			err = ie // the file changed between the passes
		}
	}
	if err != nil {
		err = fmt.Errorf("%d of %d call record(s) stored, then: %w (importing the file again stores the rest and doubles none)", stored, total, err)
	}
	// One audit record for the whole import, with its result.
	aerr := s.procedure(p, "import-calls", fmt.Sprintf("%s: %d of %d stored", name, stored, total), "", func(Tx, time.Time) error { return err })
	return stored, aerr
}

// settingImportPrefix keys the mark of an import of calls in progress, followed
// by the file's name.
const settingImportPrefix = "import-calls/"

// ImportMark is stored while an import of calls runs: it says which file, since
// when, and how many of its records were stored. The last batch removes it; one
// left behind is an import that was interrupted.
type ImportMark struct {
	File    string    `json:"file"`
	Started time.Time `json:"started"`
	Records int       `json:"records"`
	Stored  int       `json:"stored"`
}

func (m ImportMark) String() string {
	return fmt.Sprintf("unfinished import of calls from %s started %s: %d of %d records stored "+
		"(import the file again to complete it; no call is billed twice)",
		m.File, m.Started.In(JST).Format("2006-01-02 15:04:05 JST"), m.Stored, m.Records)
}

// putCalls stores call records whose keys are numbered from first (the record's
// place in its file), so that the same file stored again writes the same keys.
// An unknown customer number, or a call that a withdrawn contract's statements
// can no longer bill, refuses them all, each bad line named.
func putCalls(tx Tx, records []CallRecord, first int, now time.Time) error {
	var bad ImportError
	cb := newCallBilling(tx, MonthOf(now))
	billed := make([]string, len(records))
	for i, c := range records {
		m, why, err := cb.month(c, first+i)
		if err != nil {
			return err
		}
		if why != "" {
			line := c.Line
			if line == 0 {
				line = first + i + 2 // records made without a file: one a line after the header
			}
			bad.add(CallRowError{Line: line, Msg: why})
			continue
		}
		billed[i] = m
	}
	if bad.Bad() > 0 {
		return &bad
	}
	for i, c := range records {
		c.Billed = billed[i]
		if err := tx.Put(bucketCalls, callKey(c, first+i), c); err != nil {
			return err
		}
	}
	return nil
}

// callBilling decides, in one transaction, which statement bills each call
// of an import, or why none can.
type callBilling struct {
	tx        Tx
	open      Month
	contracts map[string]*Contract // nil: no such contract
	closed    map[string]bool      // by statement key
}

func newCallBilling(tx Tx, open Month) *callBilling {
	return &callBilling{tx: tx, open: open, contracts: map[string]*Contract{}, closed: map[string]bool{}}
}

func (cb *callBilling) isClosed(number string, m Month) (bool, error) {
	key := statementKey(number, m)
	if v, ok := cb.closed[key]; ok {
		return v, nil
	}
	var st Statement
	switch err := cb.tx.Get(bucketStatements, key, &st); {
	case err == nil:
		cb.closed[key] = true
	case errors.Is(err, ErrNoValue):
		cb.closed[key] = false
	default:
		return false, err
	}
	return cb.closed[key], nil
}

// month is the statement month (YYYY-MM) that bills the call, the seq-th of
// its file, or why it cannot be imported:
//   - a call stored before (the same file imported again, or completing an
//     interrupted import) keeps the statement that bills it, so that a month
//     closed in between never bills it a second time;
//   - a closed statement never changes: a call that arrives after its month
//     closed is billed on the open month's statement instead of being lost;
//   - a contract that withdrew has no statement after its withdrawal month: a
//     late call goes on that last statement while it is open, and is refused
//     once it is closed (it would be stored and never billed).
func (cb *callBilling) month(c CallRecord, seq int) (string, string, error) {
	k, seen := cb.contracts[c.Contract]
	if !seen {
		var err error
		if k, err = loadContract(cb.tx, c.Contract); err != nil && !errors.Is(err, ErrNotFound) {
			return "", "", err
		}
		cb.contracts[c.Contract] = k
	}
	if k == nil {
		return "", "no contract " + c.Contract, nil
	}
	var before CallRecord
	switch err := cb.tx.Get(bucketCalls, callKey(c, seq), &before); {
	case err == nil:
		return before.Billed, "", nil
	case !errors.Is(err, ErrNoValue):
		return "", "", err
	}
	own := MonthOf(c.StartedAt)
	m := own
	closed, err := cb.isClosed(c.Contract, own)
	if err != nil {
		return "", "", err
	}
	if closed {
		m = cb.open
	}
	if w := k.Withdrawn; w != nil {
		last := MonthOf(w.At)
		if m.After(last) {
			lastClosed, err := cb.isClosed(c.Contract, last)
			switch {
			case err != nil:
				return "", "", err
			case lastClosed:
				return "", fmt.Sprintf("contract %s withdrew its membership on %s and its last statement (%s) is closed: the call cannot be billed",
					c.Contract, w.At.In(JST).Format("2006-01-02"), last), nil
			case own.After(last):
				return "", fmt.Sprintf("contract %s withdrew its membership on %s: a call of %s is after its last statement (%s)",
					c.Contract, w.At.In(JST).Format("2006-01-02"), own, last), nil
			}
			m = last // the last statement, still open, bills it
		}
	}
	return m.String(), "", nil
}

// callSum is what a statement needs of the calls of one service: how many,
// how many of them from earlier months, and their amount.
type callSum struct {
	count, late int
	amount      int64
}

// callSums are the sums of the calls a statement bills, per service code. They
// are added up while the calls are read, so that a statement costs the same
// memory however many calls it bills.
type callSums map[string]*callSum

func (cs callSums) add(c CallRecord, m Month) {
	sum := cs[c.Service]
	if sum == nil {
		sum = &callSum{}
		cs[c.Service] = sum
	}
	sum.count++
	sum.amount += c.Amount
	if MonthOf(c.StartedAt) != m {
		sum.late++
	}
}

// billedCallSums sums the calls the statement of month m bills: those of its own
// month and those of closed months imported late. Calls are keyed by month, so
// the reading stops at the first call of a later month.
func billedCallSums(tx Tx, number string, m Month) (callSums, error) {
	sums := callSums{}
	prefix := number + "/"
	month := m.String()
	var derr error
	err := tx.Scan(bucketCalls, prefix, func(key string, decode func(any) error) bool {
		if k := strings.TrimPrefix(key, prefix); len(k) >= len(month) && k[:len(month)] > month {
			return false // a later month: none of its calls is billed by m
		}
		var c CallRecord
		if derr = decode(&c); derr != nil {
			return false
		}
		billed := c.Billed
		if billed == "" {
			billed = MonthOf(c.StartedAt).String()
		}
		if billed == month {
			sums.add(c, m)
		}
		return true
	})
	if err == nil {
		err = derr
	}
	return sums, err
}

// callLines turns the sums of the calls a statement bills into one line per
// telephone service. Calls of earlier months (imported after those had closed)
// are billed here and said so.
func callLines(sums callSums, m Month) []StatementLine {
	var out []StatementLine
	for _, svc := range CallServices {
		sum := sums[svc.Code]
		if sum == nil || sum.count == 0 {
			continue
		}
		reason := fmt.Sprintf("%d calls", sum.count)
		if sum.late > 0 {
			reason += fmt.Sprintf(", %d of them from earlier months imported after those closed", sum.late)
		}
		out = append(out, StatementLine{Kind: LineCalls, Code: svc.Code, Description: svc.Name + " 通話料",
			Period: m.String(), Amount: sum.amount, TaxRate: TaxRate, Reason: reason})
	}
	return out
}

// CallPageSize is the most calls one page of call details holds.
const CallPageSize = 200

// CallDetails is one page of a call-detail statement (GATE CALL, GATE CALL050,
// UCOM光電話通話明細): at most CallPageSize calls in time order from Offset, with
// the number and the amount of all the calls of the month.
type CallDetails struct {
	Service string
	Month   string
	Calls   []CallRecord // the page
	Offset  int          // the place of the page's first call among all, from 0
	Count   int          // the calls of the service in the month
	Total   int64        // their amount, yen
}

// CallStatement returns the first page of the calls of one service in one month
// for the principal's contract; empty when none were imported. Same permission
// as statements.
func (s *Service) CallStatement(p Principal, service string, m Month) (CallDetails, error) {
	return s.CallStatementPage(p, service, m, 0)
}

// CallStatementPage returns the page of call details that starts at the
// offset-th call (from 0); an offset past the last call gives the last page. The
// count and the total are added up while the calls are read: a page costs the
// same memory however many calls the month has.
func (s *Service) CallStatementPage(p Principal, service string, m Month, offset int) (CallDetails, error) {
	if _, ok := callServiceName(service); !ok {
		return CallDetails{}, ErrNotFound
	}
	offset = max(offset, 0)
	var out CallDetails
	err := s.view(func(tx Tx) error {
		_, c, err := s.authorizeTo(tx, p, FnStatements)
		if err != nil {
			return err
		}
		out, err = callPage(tx, c.Number, service, m, offset)
		if err == nil && out.Count > 0 && offset >= out.Count {
			out, err = callPage(tx, c.Number, service, m, (out.Count-1)/CallPageSize*CallPageSize)
		}
		return err
	})
	return out, err
}

// callPage reads the calls of one service in month m of a contract in key order,
// which is time order, keeping those of the page from offset.
func callPage(tx Tx, number, service string, m Month, offset int) (CallDetails, error) {
	out := CallDetails{Service: service, Month: m.String(), Calls: []CallRecord{}, Offset: offset}
	prefix := number + "/" + m.String() + "/"
	var derr error
	err := tx.Scan(bucketCalls, prefix, func(key string, decode func(any) error) bool {
		var c CallRecord
		if derr = decode(&c); derr != nil {
			return false
		}
		if c.Service != service {
			return true
		}
		if out.Count >= offset && len(out.Calls) < CallPageSize {
			out.Calls = append(out.Calls, c)
		}
		out.Count++
		out.Total += c.Amount
		return true
	})
	if err == nil {
		err = derr
	}
	return out, err
}
