package core

import (
	"errors"
	"sort"
	"strings"
)

// Errors returned by the service. Screens map them to messages.
var (
	// ErrLoginFailed is the one answer to a wrong ID, a wrong password and a throttled ID.
	ErrLoginFailed = errors.New("login failed")
	// ErrForbidden means the permission matrix refuses the procedure to this principal.
	ErrForbidden = errors.New("not permitted")
	// ErrNotFound means the contract or account ID does not exist (or is not the principal's).
	ErrNotFound = errors.New("not found")
	// ErrAlreadySubmitted means the confirm token was used before; the procedure ran once.
	ErrAlreadySubmitted = errors.New("already submitted")
	// ErrSessionEnded means the logged-in account ID or contract no longer exists.
	ErrSessionEnded = errors.New("session ended")
	// ErrLimitReached means the contract type allows no more account IDs.
	ErrLimitReached = errors.New("account ID limit reached")
)

// Storage conditions screens map to messages.
var (
	// ErrBusy means the database file stayed in use by another process for longer
	// than a transaction waits; nothing was done and the procedure may be retried.
	ErrBusy = errors.New("database busy")
	// ErrUnavailable means the database server could not be reached, at start or
	// during a transaction; the transaction did not commit and may be retried.
	ErrUnavailable = errors.New("database unavailable: nothing was done and the procedure may be retried")
	// ErrCommitUnknown means the connection was lost while the database was
	// committing: the procedure may have been done. It is not run again; the
	// subscriber looks at its result before trying again.
	ErrCommitUnknown = errors.New("the database did not confirm the commit: the procedure may have been done")
)

// Field problem codes carried by a ValidationError.
const (
	ProblemRequired = "required"   // the field is empty
	ProblemFormat   = "format"     // characters or shape not allowed
	ProblemLength   = "length"     // too short or too long
	ProblemTaken    = "taken"      // in use, or once used and deleted
	ProblemCommon   = "common"     // a well-known password
	ProblemReused   = "reused"     // a password this login used before
	ProblemSameAsID = "same-as-id" // password equals the ID or mail local part
	ProblemMismatch = "mismatch"   // the two password entries differ
	ProblemChoice   = "choice"     // not one of the offered choices
	ProblemSelf     = "self"       // an account cannot change its own permission
	// ProblemWrong: the current password given with a password change is not right.
	ProblemWrong = "wrong"
	// ProblemLocked: the current password is not checked for a while after
	// repeated wrong ones (SPEC §4.1); an operator can lift the lock.
	ProblemLocked = "locked"
	// A phone number of the right characters but too few or too many digits.
	ProblemTooShort = "too-short"
	ProblemTooLong  = "too-long"
	// ProblemOwnAddress: a mail address that is the account's own, where it may not be.
	ProblemOwnAddress = "own-address"
)

// ValidationError lists each invalid field with a problem code.
type ValidationError struct {
	Fields map[string]string
}

func (e *ValidationError) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k+": "+e.Fields[k])
	}
	sort.Strings(keys)
	return "invalid input (" + strings.Join(keys, ", ") + ")"
}

// problems collects field problems while a form is checked.
type problems map[string]string

func (p problems) add(field, code string) {
	if _, ok := p[field]; !ok {
		p[field] = code
	}
}

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return &ValidationError{Fields: map[string]string(p)}
}

// FieldProblems returns the field problems of err, or nil when err is not a ValidationError.
func FieldProblems(err error) map[string]string {
	var ve *ValidationError
	if errors.As(err, &ve) {
		return ve.Fields
	}
	return nil
}
