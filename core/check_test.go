package core_test

import (
	"strings"
	"testing"

	"mypage/core"
)

// admin check reports each stored string the free-text rule refuses, written
// around the portal, naming bucket, key and field; the line feeds of mail
// bodies are no problem.
func TestCheckDocumentsReportsForbiddenText(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	number := d.holder["spaaqs-multi"].Login
	clean := func() []core.DocumentProblem {
		var problems []core.DocumentProblem
		if err := e.db.View(func(tx core.Tx) error {
			_, problems = core.CheckDocuments(tx)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return problems
	}
	if p := clean(); len(p) != 0 {
		t.Fatalf("the demo database has problems: %v", p)
	}
	var mails int
	if err := e.db.View(func(tx core.Tx) error {
		return tx.Scan("outbox", "", func(string, func(any) error) bool { mails++; return true })
	}); err != nil || mails == 0 {
		t.Fatalf("no mail in the outbox to check line feeds with (%v)", err)
	}

	if err := e.db.Update(func(tx core.Tx) error {
		var c core.Contract
		if err := tx.Get("contracts", number, &c); err != nil {
			return err
		}
		c.Customer.Address = "Tokyo\x1b[2J\x1b]0;pwn\x07"
		c.Customer.LastName = "山田\u202e"
		if err := tx.Put("contracts", number, &c); err != nil {
			return err
		}
		// An inquiry's content and answers, and a notice's body, keep their
		// line feeds; the inquiry's one-line fields do not.
		if err := tx.Put("tickets", "IQ20260401-000001", core.Ticket{Number: "IQ20260401-000001", Contract: number,
			Content: "夜に\n切れます", Answers: []core.TicketAnswer{{Text: "ご連絡\nありがとうございます"}},
			Env: core.InquiryEnv{OS: "Windows\n11"}}); err != nil {
			return err
		}
		if err := tx.Put("settings", "bulletin/000001", core.Bulletin{Number: 1, Kind: core.BulletinMaintenance,
			Title: "点検", Body: "工事のため\n停止します"}); err != nil {
			return err
		}
		_, err := tx.Append("outbox", core.Mail{To: "a@example.jp", Subject: "two\nlines", Body: "ok\nok\n\x1b[2J"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{
		`contracts ` + number + ` "customer.address"`:   true,
		`contracts ` + number + ` "customer.last_name"`: true,
		`outbox "subject"`:                   true,
		`outbox "body"`:                      true,
		`tickets IQ20260401-000001 "env.os"`: true,
	}
	for _, p := range clean() {
		s := p.String()
		found := false
		for w := range want {
			parts := strings.Fields(w)
			if p.Bucket == parts[0] && strings.Contains(s, parts[len(parts)-1]) &&
				(len(parts) == 2 || p.Key == parts[1]) {
				delete(want, w)
				found = true
				break
			}
		}
		if !found {
			t.Errorf("unexpected problem: %s", s)
		}
	}
	for w := range want {
		t.Errorf("not reported: %s", w)
	}
}

// admin check decodes every request counter as the number it is: one written
// around the portal as something else is reported.
func TestCheckDocumentsReadsTheRequestCounters(t *testing.T) {
	e := newEnv(t)
	for _, key := range []string{"plan-change-seq", "renewal-seq", "plan-cancel-seq", "withdraw-seq"} {
		if err := e.db.Update(func(tx core.Tx) error { return tx.Put("settings", key, "seven") }); err != nil {
			t.Fatal(err)
		}
		var problems []core.DocumentProblem
		if err := e.db.View(func(tx core.Tx) error { _, problems = core.CheckDocuments(tx); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(problems) != 1 || problems[0].Key != key {
			t.Errorf("a counter %s of text: problems %v", key, problems)
		}
		if err := e.db.Update(func(tx core.Tx) error { return tx.Put("settings", key, uint64(7)) }); err != nil {
			t.Fatal(err)
		}
	}
}
