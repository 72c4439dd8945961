package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mypage/core"
)

// The demo's home contract, read as an operator: the annual fee at the start
// of its term, the mailbox bought mid-term on a ¥0 line that says how the term
// end moved, and the first auto-debit that collected the first month with its own.
func TestStatementCommandPlansAndFirstDebit(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	var logins []core.DemoLogin
	if err := json.Unmarshal([]byte(mustRun(t, "demo", "--db", db, "--no-tui", "--json")), &logins); err != nil {
		t.Fatal(err)
	}
	home := ""
	for _, l := range logins {
		if l.Kind == "holder" && l.ContractType == "spaaqs 光 ホームタイプ" {
			home = l.Login
		}
	}
	now := core.MonthOf(time.Now())
	m1, m2 := now.Add(-3), now.Add(-2)
	first := mustRun(t, "--db", db, "admin", "statement", home, "--month", m1.String())
	for _, s := range []string{"年会費制 接続サービス", "¥24,000", "plan-annual", "the annual fee in advance at the term's start",
		"¥26,400", "未登録 / none registered", "auto-debit", "初回振替 / collected by the first debit    " + m2.String()} {
		if !strings.Contains(first, s) {
			t.Errorf("month 1 lacks %q:\n%s", s, first)
		}
	}
	second := mustRun(t, "--db", db, "admin", "statement", home, "--month", m2.String())
	for _, s := range []string{"追加メールボックス (年会費制)", "plan-adjust", "× 24,000 ÷ 26,000 →", "口座振替 / auto-debit",
		"初回振替に含む / carried into this debit   " + m1.String() + " ¥26,400", "振替額 / debit amount                      ¥26,400",
		"お支払い済み / paid"} {
		if !strings.Contains(second, s) {
			t.Errorf("month 2 lacks %q:\n%s", s, second)
		}
	}
}
