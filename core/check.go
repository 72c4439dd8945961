package core

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// DocumentError is a stored document that does not decode into its type. It names
// where the document is, so an operator can find it; screens show a generic message.
type DocumentError struct {
	File   string
	Bucket string
	Key    string
	Err    error
}

func (e *DocumentError) Error() string {
	return fmt.Sprintf("%s: bucket %q key %q: the document cannot be read: %v", e.File, e.Bucket, e.Key, e.Err)
}

func (e *DocumentError) Unwrap() error { return e.Err }

// BucketCount is the number of documents in one bucket.
type BucketCount struct {
	Bucket    string `json:"bucket"`
	Documents int    `json:"documents"`
}

// DocumentProblem is a document that failed the check.
type DocumentProblem struct {
	Bucket string `json:"bucket"`
	Key    string `json:"key"`
	Err    error  `json:"-"`
}

func (p DocumentProblem) String() string {
	err := p.Err
	var de *DocumentError
	if errors.As(err, &de) {
		err = de.Err
	}
	return fmt.Sprintf("bucket %q key %q: %v", p.Bucket, p.Key, err)
}

// documentOf returns a new value of the type stored at key in bucket.
func documentOf(bucket, key string) any {
	switch bucket {
	case bucketContracts:
		return new(Contract)
	case bucketAccounts:
		return new(Account)
	case bucketTombstones, bucketTokens:
		return new(time.Time)
	case bucketThrottle:
		return new(Throttle)
	case bucketOutbox:
		return new(Mail)
	case bucketAudit:
		return new(AuditRecord)
	case bucketMailIndex:
		return new(string)
	case bucketStatements:
		return new(Statement)
	case bucketCollections:
		return new(Collection)
	case bucketCalls:
		return new(CallRecord)
	case bucketStepUps:
		return new(StepUp)
	case bucketPlanChanges:
		return new(PlanChange)
	case bucketRequests:
		return new(Request)
	case bucketTickets:
		return new(Ticket)
	case bucketCallbacks:
		return new(Callback)
	case bucketSettings:
		switch key {
		case settingClock:
			return new(int64)
		case settingDemo:
			return new(bool)
		case settingThrottleKey:
			return new(string)
		case settingPlanChangeSeq, settingRenewalSeq, settingPlanCancelSeq, settingWithdrawSeq,
			settingTicketSeq, settingRequestSeq, settingCallbackSeq, settingOfficeRevision:
			return new(uint64)
		}
		if strings.HasPrefix(key, settingImportPrefix) {
			return new(ImportMark)
		}
		if strings.HasPrefix(key, settingCallbackSlotPrefix) {
			return new(int)
		}
	}
	return new(json.RawMessage)
}

// CheckDocuments decodes every document of every bucket core uses into its type,
// in one transaction, and returns the number of documents per bucket and each
// document that does not decode, each string of a document that the free-text
// rule refuses (ForbiddenRune: written by an older version or around the
// portal), and each import of calls left unfinished.
func CheckDocuments(tx Tx) ([]BucketCount, []DocumentProblem) {
	var counts []BucketCount
	var problems []DocumentProblem
	for _, b := range Buckets {
		n := 0
		err := tx.Scan(b, "", func(key string, decode func(any) error) bool {
			n++
			if err := decode(documentOf(b, key)); err != nil {
				problems = append(problems, DocumentProblem{Bucket: b, Key: key, Err: err})
				return true
			}
			var doc any
			if err := decode(&doc); err != nil {
				problems = append(problems, DocumentProblem{Bucket: b, Key: key, Err: err})
				return true
			}
			walkStrings(doc, "", func(path, v string) {
				if r, bad := storedTextProblem(b, path, v); bad {
					problems = append(problems, DocumentProblem{Bucket: b, Key: key,
						Err: fmt.Errorf("field %q holds the character %U, which no stored text may hold", path, r)})
				}
			})
			return true
		})
		if err != nil {
			problems = append(problems, DocumentProblem{Bucket: b, Err: err})
		}
		counts = append(counts, BucketCount{Bucket: b, Documents: n})
	}
	problems = append(problems, checkSlotCounts(tx)...)
	_ = tx.Scan(bucketSettings, settingImportPrefix, func(key string, decode func(any) error) bool {
		var m ImportMark
		if decode(&m) == nil { // one that does not decode is reported above
			problems = append(problems, DocumentProblem{Bucket: bucketSettings, Key: key, Err: errors.New(m.String())})
		}
		return true
	})
	return counts, problems
}

// multiline are the stored fields that carry line feeds, by bucket and field
// path (a list's index written []): the body of a mail of the outbox, of a
// notice (kept in the settings) in either language, an inquiry's content and its answers. No
// other stored text does.
var multiline = map[string]map[string]bool{
	bucketOutbox:   {"body": true},
	bucketSettings: {"body": true, "body_en": true},
	bucketTickets:  {"content": true, "answers[].text": true},
}

// listIndex matches the index of a list in a field path.
var listIndex = regexp.MustCompile(`\[[0-9]+\]`)

// storedTextProblem returns the first character of a stored string that the
// free-text rule refuses; a line feed is allowed only where multiline says.
func storedTextProblem(bucket, path, v string) (rune, bool) {
	lines := multiline[bucket][listIndex.ReplaceAllString(path, "[]")]
	for _, r := range v {
		if r == '\n' && lines {
			continue
		}
		if ForbiddenRune(r) {
			return r, true
		}
	}
	return 0, false
}

// walkStrings calls fn with every string of a decoded JSON document and its
// field path ("customer.address", "options[2].code"), map keys in order.
func walkStrings(v any, path string, fn func(path, v string)) {
	switch v := v.(type) {
	case string:
		fn(path, v)
	case []any:
		for i, e := range v {
			walkStrings(e, fmt.Sprintf("%s[%d]", path, i), fn)
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := k
			if path != "" {
				p = path + "." + k
			}
			walkStrings(v[k], p, fn)
		}
	}
}

// checkSlotCounts compares the places booked that each callback slot keeps
// with its bookings: a count written around the portal, or a booking without
// its count, would let a slot take more calls than it has places, or fewer.
func checkSlotCounts(tx Tx) []DocumentProblem {
	list, err := readCallbacks(tx, "")
	if err != nil {
		return nil // reported with the bucket's documents
	}
	want := map[string]int{}
	for _, c := range list {
		if c.State == CallbackBooked {
			want[SlotKey(c.Slot)]++
		}
	}
	got := map[string]int{}
	_ = tx.Scan(bucketSettings, settingCallbackSlotPrefix, func(key string, decode func(any) error) bool {
		var n int
		if decode(&n) == nil {
			got[strings.TrimPrefix(key, settingCallbackSlotPrefix)] = n
		}
		return true
	})
	var out []DocumentProblem
	for _, slot := range sortedKeys(want, got) {
		if want[slot] != got[slot] {
			out = append(out, DocumentProblem{Bucket: bucketSettings, Key: settingCallbackSlotPrefix + slot,
				Err: fmt.Errorf("the callback slot counts %d places booked, its bookings are %d", got[slot], want[slot])})
		}
	}
	return out
}

// sortedKeys is the union of the maps' keys, in order.
func sortedKeys(a, b map[string]int) []string {
	var out []string
	for k := range a {
		out = append(out, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
