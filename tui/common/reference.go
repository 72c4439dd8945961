package common

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strings"

	"mypage/core"
)

// InternalError logs an error the subscriber can do nothing about, with its
// cause and a short reference, and returns the screen message error.internal
// with that reference: a subscriber who calls quotes it, and the operator finds
// the log line. The cause itself never reaches the screen.
func (sh *Common) InternalError(err error) string {
	// A screen that loads its data reaches here too.
	if text, ok := sh.databaseCondition(err); ok {
		return text
	}
	ref := newReference()
	sh.Log.Error("internal error", "source", sh.Source, "ref", ref, "err", err)
	return sh.T("error.internal_ref", sh.T("error.internal"), ref)
}

// newReference is a short random reference such as 7F3A09C2: eight letters and
// digits, read out on the phone, without a sign a line could break at.
func newReference() string {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return strings.ToUpper(hex.EncodeToString(b))
}

// LoginFailure is the message of a failed login or step-up. A wrong ID or
// password, or a lock, says the one generic message; an internal failure is
// logged with its cause (internalError) rather than hidden behind it. It runs in
// the login's command, so it changes nothing of the session.
func (sh *Common) LoginFailure(err error, generic string) string {
	switch {
	case errors.Is(err, core.ErrLoginFailed):
		return sh.T(generic)
	case isDatabaseCondition(err):
		text, _ := sh.databaseCondition(err)
		return text
	case errors.Is(err, core.ErrStopped):
		return sh.T("app.shutdown")
	case errors.Is(err, core.ErrClock):
		sh.Log.Error("login refused", "source", sh.Source, "err", err)
		return sh.T("error.clock")
	}
	return sh.InternalError(err)
}

// Unavailable is the message of a database server that cannot be reached: a
// condition of the service, not a fault of the session, so it has no
// reference; the cause is logged.
func (sh *Common) Unavailable(err error) string {
	sh.Log.Warn("database unavailable", "source", sh.Source, "err", err)
	return sh.T("error.unavailable")
}

// CommitUnknown is the message of a procedure whose commit the database did
// not confirm: it may have been done, so the subscriber is told to look at its
// result before trying again; the cause is logged.
func (sh *Common) CommitUnknown(err error) string {
	sh.Log.Warn("commit not confirmed", "source", sh.Source, "err", err)
	return sh.T("error.commit_unknown")
}

// databaseCondition is the message of a database that did not serve: busy,
// unreachable, or a commit it did not confirm. These are conditions of the
// service, not faults of the session: no reference.
func (sh *Common) databaseCondition(err error) (string, bool) {
	switch {
	case errors.Is(err, core.ErrCommitUnknown):
		return sh.CommitUnknown(err), true
	case errors.Is(err, core.ErrBusy):
		return sh.T("error.busy"), true
	case errors.Is(err, core.ErrUnavailable):
		return sh.Unavailable(err), true
	}
	return "", false
}

func isDatabaseCondition(err error) bool {
	return errors.Is(err, core.ErrCommitUnknown) || errors.Is(err, core.ErrBusy) || errors.Is(err, core.ErrUnavailable)
}
