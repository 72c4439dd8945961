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
	return committed(out, err)
}

// The option services of the contract and of its account IDs end with the
// line (seed 003 §2 「インターネット回線の解約」). Billing, the option states and
// the withdrawal blocks all read an option record through capOption and
// ended, so that they agree.

// ended reports whether the line's last day has passed at now: from then on no
// option of the contract is held or in use.
func (lc *LineCancel) ended(now time.Time) bool {
	return lc != nil && dayOf(lc.Date).Before(dayOf(now))
}

// capOption returns the record as the line's end leaves it: a record still
// held on the line's last day, or cancelled after it, counts as cancelled on
// that day; one purchased after it ends on the day of its purchase. byLine
// reports that the line's end moved the cancel.
func (lc *LineCancel) capOption(r OptionRecord) (capped OptionRecord, byLine bool) {
	if lc == nil {
		return r, false
	}
	end := dayOf(lc.Date)
	if r.PurchasedAt.After(end) {
		end = r.PurchasedAt
	}
	if r.CancelledAt != nil && !r.CancelledAt.After(end) {
		return r, false
	}
	r.CancelledAt = &end
	return r, true
}

// LineCancellation is the line's recorded cancellation for the page
// 「インターネット回線の解約」 of the contract: nil while none is recorded.
func (s *Service) LineCancellation(p Principal) (*LineCancel, error) {
	var out *LineCancel
	err := s.view(func(tx Tx) error {
		_, c, err := s.authorizeTo(tx, p, FnContractInfoView)
		if err != nil {
			return err
		}
		if c.LineCancel != nil {
			lc := *c.LineCancel
			out = &lc
		}
		return nil
	})
	return out, err
}
