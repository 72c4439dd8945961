package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"mypage/core"
	"mypage/store"
)

// requestsIn records a guide request of the demo holder through core, and
// writes beside it a contract change request whose stored text holds an
// escape sequence and a bidi override, as an older version or a hand on the
// file could have left it.
func requestsIn(t *testing.T, path, holder string) core.Request {
	t.Helper()
	db, err := store.Open(path, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := core.NewService(db, core.Config{Hash: core.HashParams{MemoryKiB: 64, Time: 1, Threads: 1}})
	p := core.Principal{Kind: core.KindHolder, Contract: holder, Source: "test"}
	r, err := svc.SubmitRequest(p, svc.NewToken(), core.NewRequest{Kind: core.RequestGuide, Documents: []string{"guide", "terms"},
		Copies: 2, Destination: core.DestinationOther, Postal: "1050011", Address: "東京都港区芝公園1-1", Name: "鈴木 花子"})
	if err != nil {
		t.Fatal(err)
	}
	hostile := core.Request{Number: "RQ20200101-999999", Kind: core.RequestContractChange, Contract: holder, Actor: "holder:" + holder,
		State: core.RequestReceived, RequestedAt: time.Date(2020, 1, 1, 10, 0, 0, 0, core.JST), Change: "other",
		Description: "\x1b[2J\x1b]0;owned\x07消去\u202etxt.exe", SendTo: core.PostalAddress{Address: "東京都\x1b[31m港区", Name: "x"}}
	if err := db.Update(func(tx core.Tx) error { return tx.Put("requests", holder+"/"+hostile.Number, hostile) }); err != nil {
		t.Fatal(err)
	}
	return r.Request
}

// The back office lists the requests, filters them, marks one done once
// (the subscriber is mailed), and never prints stored text raw.
func TestRequestCommands(t *testing.T) {
	path, logins := newSupportlessDemo(t)
	admin := func(args ...string) []string { return append([]string{"--db", path, "admin"}, args...) }
	out := mustRun(t, admin("requests")...)
	if !strings.Contains(out, "No request.") {
		t.Errorf("empty list:\n%s", out)
	}
	r := requestsIn(t, path, logins[0].Login)

	out = mustRun(t, admin("requests")...)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], r.Number) || !strings.Contains(lines[1], "ご利用ガイド、利用規約 x2") ||
		!strings.Contains(lines[1], "〒105-0011 東京都港区芝公園1-1 鈴木 花子") || !strings.HasPrefix(lines[2], "RQ20200101-999999") {
		t.Errorf("list:\n%s", out)
	}
	if strings.ContainsAny(out, "\x1b\x07\u202e") || !strings.Contains(out, `\x1b[2J`) || !strings.Contains(out, `\u202e`) {
		t.Errorf("stored text reached the terminal raw: %q", out)
	}
	out = mustRun(t, admin("requests", "--json")...)
	if strings.ContainsAny(out, "\x1b\x07\u202e") {
		t.Errorf("--json printed stored text raw: %q", out)
	}
	var list []core.Request
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 2 || list[1].Description != "\x1b[2J\x1b]0;owned\x07消去\u202etxt.exe" {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	out = mustRun(t, admin("requests", "--kind", "contract-change")...)
	if strings.Contains(out, r.Number) || !strings.Contains(out, "RQ20200101-999999") {
		t.Errorf("--kind contract-change:\n%s", out)
	}
	wantError(t, admin("requests", "--state", "open"), `--state: "open" is neither received nor done`)
	wantError(t, admin("requests", "--kind", "refund"), `--kind: "refund" is neither contract-change nor guide`)

	// A note with an escape sequence is refused and not repeated raw.
	_, errOut, _ := run(t, admin("request", "done", r.Number, "--note", "\x1b[2J発送")...)
	if !strings.Contains(errOut, "--note: one line without control characters") || strings.Contains(errOut, "\x1b") {
		t.Errorf("note with an escape: %q", errOut)
	}
	out = mustRun(t, admin("request", "done", r.Number, "--note", "ゆうメール 発送")...)
	if !strings.Contains(out, "Request "+r.Number+" (guide) done") {
		t.Errorf("done:\n%s", out)
	}
	wantRefused(t, admin("request", "done", r.Number), "is done already")
	wantError(t, admin("request", "done", "RQ\x1b[2J"), `no request "RQ\x1b[2J"`)
	out = mustRun(t, admin("requests", "--state", "done")...)
	if !strings.Contains(out, r.Number) || !strings.Contains(out, "ゆうメール 発送") || strings.Contains(out, "RQ20200101-999999") {
		t.Errorf("--state done:\n%s", out)
	}
	out = mustRun(t, admin("requests", "--state", "received")...)
	if strings.Contains(out, r.Number) {
		t.Errorf("--state received:\n%s", out)
	}
	out = mustRun(t, admin("outbox")...)
	for _, s := range []string{"ご利用ガイド・規約ご請求受付のお知らせ", "ご利用ガイド・規約発送完了のお知らせ"} {
		if !strings.Contains(out, s) {
			t.Errorf("the outbox lacks %s:\n%s", s, out)
		}
	}
}

// A note typed in a terminal that is not UTF-8 (Shift_JIS) is refused as
// such, not as holding control characters.
func TestRequestDoneNoteNotUTF8(t *testing.T) {
	path, logins := newSupportlessDemo(t)
	r := requestsIn(t, path, logins[0].Login)
	wantRefused(t, []string{"--db", path, "admin", "request", "done", r.Number, "--note", "\x94\xad\x91\x97"}, "--note: not UTF-8")
	wantRefused(t, []string{"--db", path, "admin", "request", "done", r.Number, "--note", "\x1b[31m発送"}, "--note: one line without control characters")
}
