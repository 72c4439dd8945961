package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"mypage/core"
	"mypage/store"
)

// putCallbacks writes bookings as the booking procedure stores them; one of
// them holds text no screen lets through, as a file written around the portal could.
func putCallbacks(t *testing.T, path string, list ...core.Callback) {
	t.Helper()
	db, err := store.Open(path, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx core.Tx) error {
		for _, c := range list {
			if err := tx.Put("callbacks", c.Contract+"/"+c.Number, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The call list of a day: its bookings by time, cancelled ones with their
// state; stored text that could drive the terminal is shown escaped.
func TestCallbacksCommand(t *testing.T) {
	db := newDB(t)
	cert := createOne(t, db)
	slot := func(d, h int) time.Time { return time.Date(2030, time.January, d, h, 0, 0, 0, core.JST) }
	cancelled := slot(9, 9)
	putCallbacks(t, db,
		core.Callback{Number: "CB20300109-000002", Contract: cert.Number, Login: "holder:" + cert.Number, Topic: "billing",
			TopicName: "ご請求について", Slot: slot(10, 14), Phone: "03-1234-5678", Name: "鈴木 一郎",
			Note: "明細の\x1b[2J見方\u202eです", State: core.CallbackBooked},
		core.Callback{Number: "CB20300109-000001", Contract: cert.Number, Login: "holder:" + cert.Number, Topic: "payment",
			TopicName: "お支払いについて", Slot: slot(10, 11), Phone: "090-1234-5678", Name: "鈴木 花子",
			State: core.CallbackCancelled, Cancelled: &cancelled, Reason: core.CallbackWithdrawn},
		core.Callback{Number: "CB20300109-000004", Contract: cert.Number, Login: "account:arteri-ko-\x1b[2J002", Topic: "billing",
			TopicName: "ご請求について", Slot: slot(10, 15), Phone: "03-1234-5678", Name: "鈴木 二郎", State: core.CallbackBooked},
		core.Callback{Number: "CB20300109-000003", Contract: cert.Number, Topic: "payment", TopicName: "お支払いについて",
			Slot: slot(11, 10), Phone: "03-1234-5678", Name: "翌日", State: core.CallbackBooked},
	)
	cb := func(args ...string) []string { return append([]string{"--db", db, "admin", "callbacks"}, args...) }

	out := mustRun(t, cb("--date", "2030-01-10")...)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "TIME") || !strings.Contains(lines[0], "LOGIN") ||
		!strings.HasPrefix(lines[1], "11:00-12:00  CB20300109-000001  "+cert.Number+"  holder") || !strings.Contains(lines[1], "cancelled (withdrawn)") ||
		!strings.HasPrefix(lines[2], "14:00-15:00  CB20300109-000002") || !strings.Contains(lines[2], "ご請求について") || !strings.Contains(lines[2], "booked") ||
		!strings.HasPrefix(lines[3], "15:00-16:00  CB20300109-000004  "+cert.Number+"  arteri-ko-\\x1b[2J002") {
		t.Fatalf("call list (the login that booked, the withdrawal's cancel, escaped):\n%s", out)
	}
	if strings.ContainsAny(out, "\x1b\u202e") || !strings.Contains(out, `明細の\x1b[2J見方\u202eです`) {
		t.Errorf("the note is not shown escaped: %q", lines[2])
	}

	out = mustRun(t, cb("--date", "2030-01-10", "--json")...)
	var list []core.Callback
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 3 || list[1].Note != "明細の\x1b[2J見方\u202eです" {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	if strings.Contains(out, "\x1b") {
		t.Errorf("--json writes the escape raw")
	}
	out = mustRun(t, cb("--date", "2030-01-12")...)
	if !strings.Contains(out, "No callback booked on 2030-01-12.") {
		t.Errorf("empty day:\n%s", out)
	}
	wantError(t, cb(), "--date: required")
	wantError(t, cb("--date", "2030/01/10\x1b[2J"), `--date: "2030/01/10\x1b[2J" is not a day`)
}
