package core

import (
	"time"
)

// LineCancel is the cancellation of the internet line itself. It is taken by
// phone at the information center (seed 003 §2) and recorded by an operator;
// until it is, the line blocks membership withdrawal (SPEC §11.4).
type LineCancel struct {
	Date       time.Time `json:"date"`        // the line's last day, 00:00 JST
	RecordedAt time.Time `json:"recorded_at"` // when the operator recorded it
}

// LineCancelAhead is how far ahead a line cancellation may be dated
// (decision): the information center takes a date up to a year away.
const LineCancelAhead = 366

// Refusals of a line cancellation (LineError codes).
const (
	LineRecorded     = "recorded"      // a cancellation is recorded already
	LineBeforeCreate = "before-create" // the date is before the contract began
	LineTooFar       = "too-far"       // the date is more than LineCancelAhead days ahead
)

// LineError refuses a line cancellation by a rule.
type LineError struct{ Code string }

func (e *LineError) Error() string { return "line cancel: " + e.Code }

// AuditResult names the refusal in the audit log.
func (e *LineError) AuditResult() string { return "refused-" + e.Code }

// CancelLine records the cancellation of the contract's internet line on the
// day given (its last day), as an operator does after the subscriber's call.
// A contract's line is cancelled once: a second record is refused.
func (s *Service) CancelLine(p Principal, number string, date time.Time) (LineCancel, error) {
	if p.Kind != KindOperator {
		return LineCancel{}, ErrForbidden
	}
	var out LineCancel
	p.Contract = number // so that `admin audit --contract` finds it
	err := s.procedure(p, "line-cancel", DayOf(date).String(), "", func(tx Tx, now time.Time) error {
		c, err := member(tx, number)
		if err != nil {
			return err
		}
		day := dayOf(date)
		switch {
		case c.LineCancel != nil:
			return &LineError{Code: LineRecorded}
		case day.Before(dayOf(c.CreatedAt)):
			return &LineError{Code: LineBeforeCreate}
		case day.After(dayOf(now).AddDate(0, 0, LineCancelAhead)):
			return &LineError{Code: LineTooFar}
		}
		out = LineCancel{Date: day, RecordedAt: now}
		c.LineCancel = &out
		return tx.Put(bucketContracts, c.Number, c)
	})
	return out, err
}
