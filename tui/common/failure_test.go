package common

import (
	"fmt"
	"io"
	"log/slog"
	"testing"

	"mypage/core"
	"mypage/tui/i18n"
)

// A database that did not serve in time says busy, one that cannot be reached
// says so, and a commit it did not confirm says the procedure may have been
// done: none is an internal error with a reference, on a procedure's screen
// or on one that loads its data.
func TestDatabaseConditionsHaveTheirOwnMessages(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		msgs := i18n.New(lang)
		sh := &Common{Msg: msgs, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
		for err, key := range map[error]string{
			core.ErrBusy:          "error.busy",
			core.ErrUnavailable:   "error.unavailable",
			core.ErrCommitUnknown: "error.commit_unknown",
		} {
			wrapped := fmt.Errorf("postgres: commit: %w (conn closed)", err)
			if got, _ := sh.Failure(wrapped); got != msgs.T(key) {
				t.Errorf("%s: Failure(%v) = %q, want %s", lang, err, got, key)
			}
			if got := sh.InternalError(wrapped); got != msgs.T(key) {
				t.Errorf("%s: InternalError(%v) = %q, want %s", lang, err, got, key)
			}
		}
	}
}
