package core

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// A bulletin is an operator's notice to every subscriber: 障害情報 (an outage)
// or メンテナンス情報 (a maintenance). It is not a completion mail (Notice).

// BulletinKind says what a bulletin tells.
type BulletinKind string

// The kinds of bulletin (SPEC §12, seed 003's menu 障害情報 / メンテナンス情報).
const (
	BulletinOutage      BulletinKind = "outage"
	BulletinMaintenance BulletinKind = "maintenance"
)

// BulletinKinds lists the kinds in the order the menu shows them.
var BulletinKinds = []BulletinKind{BulletinOutage, BulletinMaintenance}

// Fields of a bulletin, as ValidationError names them.
const (
	FieldBulletinKind  = "kind"
	FieldBulletinTitle = "title"
	FieldBulletinBody  = "body"
	FieldBulletinUntil = "until"
	// The English text, optional: an en screen shows it when there is one.
	FieldBulletinTitleEn = "title_en"
	FieldBulletinBodyEn  = "body_en"
)

// ProblemBeforeFrom: the end of a bulletin's period is not after its start.
const ProblemBeforeFrom = "before-from"

// The limits of a bulletin's text, in characters (SPEC §11.5). The title is
// one line; the body keeps its line feeds.
const (
	BulletinTitleMax = 60
	BulletinBodyMax  = 2000
)

// Bulletin is one notice as stored and listed.
type Bulletin struct {
	Number int          `json:"number"`
	Kind   BulletinKind `json:"kind"`
	Title  string       `json:"title"`
	Body   string       `json:"body"`
	// TitleEn and BodyEn are the English text, both or neither; older
	// bulletins have none.
	TitleEn string `json:"title_en,omitempty"`
	BodyEn  string `json:"body_en,omitempty"`
	// From and Until bound the period the bulletin is about; either may be open.
	From   *time.Time `json:"from,omitempty"`
	Until  *time.Time `json:"until,omitempty"`
	Posted time.Time  `json:"posted"`
	Closed *time.Time `json:"closed,omitempty"`
}

// OpenAt reports whether the bulletin is in force at now: not closed, its
// start reached and its end not passed.
func (b Bulletin) OpenAt(now time.Time) bool {
	switch {
	case b.Closed != nil:
		return false
	case b.From != nil && now.Before(*b.From):
		return false
	case b.Until != nil && !now.Before(*b.Until):
		return false
	}
	return true
}

// TitleIn is the title in the language lang ("ja", "en"): the English one
// when there is one, else the Japanese one, so that a bulletin written only in
// Japanese stays readable in an en session.
func (b Bulletin) TitleIn(lang string) string {
	if lang == "en" && b.TitleEn != "" {
		return b.TitleEn
	}
	return b.Title
}

// BodyIn is the body in the language lang, as TitleIn chooses.
func (b Bulletin) BodyIn(lang string) string {
	if lang == "en" && b.BodyEn != "" {
		return b.BodyEn
	}
	return b.Body
}

// BulletinState is how a list shows a bulletin at a time.
type BulletinState string

// The states: before its period, in force, over (its end passed or closed).
const (
	BulletinScheduled BulletinState = "scheduled"
	BulletinOpen      BulletinState = "open"
	BulletinOver      BulletinState = "over"
)

// StateAt is the bulletin's state at now.
func (b Bulletin) StateAt(now time.Time) BulletinState {
	switch {
	case b.OpenAt(now):
		return BulletinOpen
	case b.Closed == nil && b.From != nil && now.Before(*b.From):
		return BulletinScheduled
	}
	return BulletinOver
}

// NewBulletin is what an operator posts.
type NewBulletin struct {
	Kind  BulletinKind
	Title string
	Body  string
	// TitleEn and BodyEn, the English text, are optional but go together.
	TitleEn string
	BodyEn  string
	From    *time.Time
	Until   *time.Time
}

// BulletinError refuses a bulletin procedure by a rule.
type BulletinError struct{ Code string }

// The codes of BulletinError.
const (
	BulletinClosed = "closed" // the bulletin was closed before
)

func (e *BulletinError) Error() string { return "bulletin: " + e.Code }

// AuditResult names the refusal in the audit log.
func (e *BulletinError) AuditResult() string { return "refused-" + e.Code }

// ParseBulletinTime reads a time of a bulletin's period as the operator types
// it, in JST: YYYY-MM-DD or YYYY-MM-DDTHH:MM. A day alone as the end means the
// end of that day (the next day at 00:00), as the start its beginning.
func ParseBulletinTime(s string, end bool) (time.Time, error) {
	if t, err := time.ParseInLocation("2006-01-02T15:04", s, JST); err == nil {
		return t, nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, JST)
	if err != nil {
		return time.Time{}, fmt.Errorf("not a time YYYY-MM-DD or YYYY-MM-DDTHH:MM")
	}
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}

// EndAsDay is the end of a period as a notice writes it: an end at midnight is
// 24:00 of the day before (a day alone given as --until ends at 24:00 of that
// day, not at 00:00 of the next). It returns the day and whether it is 24:00.
func EndAsDay(t time.Time) (time.Time, bool) {
	t = t.In(JST)
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.AddDate(0, 0, -1), true
	}
	return t, false
}

// foldBody is the body as stored: line ends CR LF made LF, trailing blank lines dropped.
func foldBody(s string) string {
	return strings.TrimRight(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
}

// bodyProblem checks a body of several lines: each line is free text, and the
// whole has at most max characters (line feeds counted).
func bodyProblem(s string, max int) string {
	if !utf8.ValidString(s) {
		return ProblemFormat
	}
	for _, line := range strings.Split(s, "\n") {
		if code := textProblem(line, max); code == ProblemFormat {
			return code
		}
	}
	if utf8.RuneCountInString(s) > max {
		return ProblemLength
	}
	return ""
}

// checkBulletin validates a new bulletin (SPEC §11.5) and returns it folded.
func checkBulletin(n NewBulletin) (NewBulletin, error) {
	pr := problems{}
	n.Title = strings.TrimSpace(n.Title)
	n.Body = foldBody(n.Body)
	n.TitleEn = strings.TrimSpace(n.TitleEn)
	n.BodyEn = foldBody(n.BodyEn)
	switch n.Kind {
	case BulletinOutage, BulletinMaintenance:
	case "":
		pr.add(FieldBulletinKind, ProblemRequired)
	default:
		pr.add(FieldBulletinKind, ProblemChoice)
	}
	checkBulletinText(pr, n.Title, n.Body, FieldBulletinTitle, FieldBulletinBody)
	// The English text is optional, but a title without its body (or the
	// reverse) would show an en session half in Japanese.
	if n.TitleEn != "" || strings.TrimSpace(n.BodyEn) != "" {
		checkBulletinText(pr, n.TitleEn, n.BodyEn, FieldBulletinTitleEn, FieldBulletinBodyEn)
	} else {
		n.BodyEn = ""
	}
	if n.From != nil && n.Until != nil && !n.Until.After(*n.From) {
		pr.add(FieldBulletinUntil, ProblemBeforeFrom)
	}
	return n, pr.err()
}

// checkBulletinText checks a title and a body of a bulletin, in either language, by
// the same rules: both required, the title one line, the body its limit.
func checkBulletinText(pr problems, title, body, titleField, bodyField string) {
	if title == "" {
		pr.add(titleField, ProblemRequired)
	} else if code := textProblem(title, BulletinTitleMax); code != "" {
		pr.add(titleField, code)
	}
	if strings.TrimSpace(body) == "" {
		pr.add(bodyField, ProblemRequired)
	} else if code := bodyProblem(body, BulletinBodyMax); code != "" {
		pr.add(bodyField, code)
	}
}

// Bulletins are kept in the settings bucket, one key each: the number, six digits.
const (
	settingBulletinPrefix = "bulletin/"
	settingBulletinSeq    = "bulletin-seq"
)

func bulletinKey(number int) string { return fmt.Sprintf("%s%06d", settingBulletinPrefix, number) }

// AddBulletin posts a bulletin (back office only), numbered in its own sequence.
func (s *Service) AddBulletin(p Principal, n NewBulletin) (Bulletin, error) {
	if p.Kind != KindOperator {
		return Bulletin{}, ErrForbidden
	}
	n, verr := checkBulletin(n)
	var out Bulletin
	err := s.procedure(p, "bulletin-add", string(n.Kind)+": "+n.Title, "", func(tx Tx, now time.Time) error {
		if verr != nil {
			return verr
		}
		var seq int
		if err := tx.Get(bucketSettings, settingBulletinSeq, &seq); err != nil && !errors.Is(err, ErrNoValue) {
			return err
		}
		seq++
		if err := tx.Put(bucketSettings, settingBulletinSeq, seq); err != nil {
			return err
		}
		out = Bulletin{Number: seq, Kind: n.Kind, Title: n.Title, Body: n.Body, TitleEn: n.TitleEn, BodyEn: n.BodyEn, From: inJST(n.From), Until: inJST(n.Until), Posted: now}
		return tx.Put(bucketSettings, bulletinKey(seq), out)
	})
	if err != nil {
		return Bulletin{}, err
	}
	s.bulletins.changed()
	return out, nil
}

func inJST(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	j := t.In(JST)
	return &j
}

// CloseBulletin ends a bulletin now (back office only): it stays in the list, over.
func (s *Service) CloseBulletin(p Principal, number int) (Bulletin, error) {
	if p.Kind != KindOperator {
		return Bulletin{}, ErrForbidden
	}
	var out Bulletin
	err := s.procedure(p, "bulletin-close", fmt.Sprint(number), "", func(tx Tx, now time.Time) error {
		// Decoded afresh: an attempt run again must not see what a rolled-back one set.
		var b Bulletin
		if err := tx.Get(bucketSettings, bulletinKey(number), &b); err != nil {
			if errors.Is(err, ErrNoValue) {
				return ErrNotFound
			}
			return err
		}
		if b.Closed != nil {
			return &BulletinError{Code: BulletinClosed}
		}
		b.Closed = &now
		out = b
		return tx.Put(bucketSettings, bulletinKey(number), b)
	})
	if err != nil {
		return Bulletin{}, err
	}
	s.bulletins.changed()
	return out, nil
}

// Bulletins lists every bulletin, open and over, newest first. Anyone may read
// them, also before login (SPEC §4.3): p may be the empty principal.
func (s *Service) Bulletins(p Principal) ([]Bulletin, error) {
	if !Can(p, FnBulletins) {
		return nil, ErrForbidden
	}
	var out []Bulletin
	err := s.view(func(tx Tx) error {
		out = nil
		return readBulletins(tx, &out)
	})
	return out, err
}

func readBulletins(tx Tx, out *[]Bulletin) error {
	var derr error
	err := tx.Scan(bucketSettings, settingBulletinPrefix, func(_ string, decode func(any) error) bool {
		var b Bulletin
		if derr = decode(&b); derr != nil {
			return false
		}
		*out = append(*out, b)
		return true
	})
	if err == nil {
		err = derr
	}
	// The keys sort by number: newest first is the reverse.
	for i, j := 0, len(*out)-1; i < j; i, j = i+1, j-1 {
		(*out)[i], (*out)[j] = (*out)[j], (*out)[i]
	}
	return err
}

// OpenOutages are the outage bulletins in force at now, newest first, from a list.
func OpenOutages(list []Bulletin, now time.Time) []Bulletin {
	var out []Bulletin
	for _, b := range list {
		if b.Kind == BulletinOutage && b.OpenAt(now) {
			out = append(out, b)
		}
	}
	return out
}
