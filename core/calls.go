package core

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
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

// CallRowError is a bad line of an import file.
type CallRowError struct {
	Line int
	Msg  string
}

func (e CallRowError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// ImportError lists every bad line; nothing of the file was imported.
type ImportError struct{ Rows []CallRowError }

func (e *ImportError) Error() string {
	var parts []string
	for _, r := range e.Rows {
		parts = append(parts, r.Error())
	}
	return "nothing imported: " + strings.Join(parts, "; ")
}

// ParseCalls reads a call CSV (header CallCSVHeader; started_at "YYYY-MM-DD HH:MM:SS"
// in Japan time; amount in whole yen). Every bad row is reported with its line number.
func ParseCalls(r io.Reader) ([]CallRecord, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	var out []CallRecord
	var bad []CallRowError
	records := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		records++
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				bad = append(bad, CallRowError{Line: pe.Line, Msg: pe.Err.Error()})
				continue
			}
			return nil, err
		}
		// The line the record starts on: blank lines are skipped and a quoted
		// field may span lines, so records and lines are counted apart.
		line, _ := cr.FieldPos(0)
		if records == 1 {
			rec[0] = strings.TrimPrefix(rec[0], "\ufeff") // the byte-order mark spreadsheets write
			if strings.Join(rec, ",") != strings.Join(CallCSVHeader, ",") {
				bad = append(bad, CallRowError{Line: line, Msg: "the header must be " + strings.Join(CallCSVHeader, ",")})
			}
			continue
		}
		c, msg := parseCallRow(rec)
		if msg != "" {
			bad = append(bad, CallRowError{Line: line, Msg: msg})
			continue
		}
		c.Line = line
		out = append(out, c)
	}
	if records == 0 {
		bad = append(bad, CallRowError{Line: 1, Msg: "the file is empty"})
	}
	if len(bad) > 0 {
		// The good records come back too, so that the caller can also name their
		// unknown customer numbers (CallContractErrors) in the same report.
		return out, &ImportError{Rows: bad}
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
	if c.Destination == "" || strings.Trim(c.Destination, "0123456789-+") != "" {
		return c, "destination must be a phone number"
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
		var bad []CallRowError
		for i, c := range records {
			if _, err := loadContract(tx, c.Contract); errors.Is(err, ErrNotFound) {
				line := c.Line
				if line == 0 {
					line = i + 2 // records made without ParseCalls: one a line after the header
				}
				bad = append(bad, CallRowError{Line: line, Msg: "no contract " + c.Contract})
			} else if err != nil {
				return err
			}
		}
		if len(bad) > 0 {
			return &ImportError{Rows: bad}
		}
		open := MonthOf(now)
		for i, c := range records {
			// A closed statement never changes: a call that arrives after its month
			// closed is billed on the open month's statement instead of being lost.
			c.Billed = MonthOf(c.StartedAt).String()
			var st Statement
			if err := tx.Get(bucketStatements, statementKey(c.Contract, MonthOf(c.StartedAt)), &st); err == nil {
				c.Billed = open.String()
			} else if !errors.Is(err, ErrNoValue) {
				return err
			}
			if err := tx.Put(bucketCalls, callKey(c, i), c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(records), nil
}

// loadCalls returns the contract's calls made in month m (the call details).
func loadCalls(tx Tx, number string, m Month) ([]CallRecord, error) {
	return scanCalls(tx, number+"/"+m.String()+"/", func(CallRecord) bool { return true })
}

// billedCalls returns the calls the statement of month m bills: those of its own
// month and those of closed months imported late.
func billedCalls(tx Tx, number string, m Month) ([]CallRecord, error) {
	return scanCalls(tx, number+"/", func(c CallRecord) bool {
		billed := c.Billed
		if billed == "" {
			billed = MonthOf(c.StartedAt).String()
		}
		return billed == m.String()
	})
}

func scanCalls(tx Tx, prefix string, keep func(CallRecord) bool) ([]CallRecord, error) {
	var out []CallRecord
	var derr error
	err := tx.Scan(bucketCalls, prefix, func(_ string, decode func(any) error) bool {
		var c CallRecord
		if derr = decode(&c); derr != nil {
			return false
		}
		if keep(c) {
			out = append(out, c)
		}
		return true
	})
	if err == nil {
		err = derr
	}
	return out, err
}

// callLines turns the calls a statement bills into one line per telephone service.
// Calls of earlier months (imported after those had closed) are billed here and said so.
func callLines(calls []CallRecord, m Month) []StatementLine {
	sums := map[string]int64{}
	counts := map[string]int{}
	late := map[string]int{}
	for _, c := range calls {
		sums[c.Service] += c.Amount
		counts[c.Service]++
		if MonthOf(c.StartedAt) != m {
			late[c.Service]++
		}
	}
	var out []StatementLine
	for _, svc := range CallServices {
		if counts[svc.Code] == 0 {
			continue
		}
		reason := fmt.Sprintf("%d calls", counts[svc.Code])
		if late[svc.Code] > 0 {
			reason += fmt.Sprintf(", %d of them from earlier months imported after those closed", late[svc.Code])
		}
		out = append(out, StatementLine{Kind: LineCalls, Code: svc.Code, Description: svc.Name + " 通話料",
			Period: m.String(), Amount: sums[svc.Code], TaxRate: TaxRate, Reason: reason})
	}
	return out
}

// CallDetails is a call-detail statement (GATE CALL, GATE CALL050, UCOM光電話通話明細).
type CallDetails struct {
	Service string
	Month   string
	Calls   []CallRecord
	Total   int64
}

// CallStatement returns the calls of one service in one month for the principal's
// contract; empty when none were imported. Same permission as statements.
func (s *Service) CallStatement(p Principal, service string, m Month) (CallDetails, error) {
	if _, ok := callServiceName(service); !ok {
		return CallDetails{}, ErrNotFound
	}
	out := CallDetails{Service: service, Month: m.String(), Calls: []CallRecord{}}
	err := s.view(func(tx Tx) error {
		p, c, err := s.authorize(tx, p)
		if err != nil {
			return err
		}
		if !Can(p, FnStatements) {
			return ErrForbidden
		}
		calls, err := loadCalls(tx, c.Number, m)
		for _, call := range calls {
			if call.Service == service {
				out.Calls = append(out.Calls, call)
				out.Total += call.Amount
			}
		}
		return err
	})
	sort.SliceStable(out.Calls, func(i, j int) bool { return out.Calls[i].StartedAt.Before(out.Calls[j].StartedAt) })
	return out, err
}
