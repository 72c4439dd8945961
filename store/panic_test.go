package store_test

import (
	"bytes"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"mypage/core"
	"mypage/store"
)

// A panic of the code a transaction runs is the program's, not the file's: it
// rolls back, is reported as an internal error with its stack in the log, and
// the database goes on working. Only what bbolt meets in the file is damage.
func TestProgramPanicIsNotDamage(t *testing.T) {
	var logged bytes.Buffer
	db := open(t, filepath.Join(t.TempDir(), "p.db"), store.Options{Logger: slog.New(slog.NewTextHandler(&logged, nil))})
	defer db.Close()
	zero := 0
	for _, c := range []struct {
		name string
		fn   func(core.Tx) error
	}{
		{"a division by zero after a write", func(tx core.Tx) error {
			if err := tx.Put("contracts", "half-written", 1); err != nil {
				return err
			}
			_ = 1 / zero
			return nil
		}},
		{"a nil map in a scan's callback", func(tx core.Tx) error {
			if err := tx.Put("contracts", "a", 1); err != nil {
				return err
			}
			var m map[string]int
			return tx.Scan("contracts", "", func(string, func(any) error) bool { m["x"] = 1; return true })
		}},
	} {
		err := db.Update(c.fn)
		if !errors.Is(err, store.ErrInternal) || errors.Is(err, store.ErrDamaged) {
			t.Errorf("%s: err = %v, want an internal error, not damage", c.name, err)
		}
	}
	if !strings.Contains(logged.String(), "program error") || strings.Contains(logged.String(), "damaged") {
		t.Errorf("log:\n%s", logged.String())
	}
	// Rolled back, and the file is sound.
	err := db.View(func(tx core.Tx) error {
		var v int
		if err := tx.Get("contracts", "half-written", &v); !errors.Is(err, core.ErrNoValue) {
			t.Errorf("the write before the panic stayed: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx core.Tx) error { return tx.Put("contracts", "after", 2) }); err != nil {
		t.Errorf("an update after the panics: %v", err)
	}
}
