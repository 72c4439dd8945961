package main

import (
	"encoding/json"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/store"
	"mypage/tui/form"
)

// submitInquiry writes an inquiry as the demo's first holder, as My Page does.
func submitInquiry(t *testing.T, path string, logins []core.DemoLogin, content string) core.Ticket {
	t.Helper()
	db, err := store.Open(path, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := core.NewService(db, core.Config{})
	s, err := svc.Login(core.LoginCustomerNumber, logins[0].Login, logins[0].Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	r, err := svc.SubmitInquiry(s.Principal, svc.NewToken(), core.NewInquiry{Service: core.InquiryOther, Content: content, Agreed: true})
	if err != nil {
		t.Fatal(err)
	}
	return r.Ticket
}

// An operator lists the inquiries, reads one, answers it (the subscriber is
// mailed) and closes it; a closed ticket takes no answer.
func TestTicketCommands(t *testing.T) {
	path, logins := newSupportlessDemo(t)
	tickets := func(args ...string) []string { return append([]string{"--db", path, "admin", "tickets"}, args...) }
	ticket := func(args ...string) []string { return append([]string{"--db", path, "admin", "ticket"}, args...) }

	if out := mustRun(t, tickets()...); !strings.Contains(out, "No inquiry.") {
		t.Errorf("empty list:\n%s", out)
	}
	if out := mustRun(t, tickets("--json")...); strings.TrimSpace(out) != "[]" {
		t.Errorf("empty list --json: %s", out)
	}
	tk := submitInquiry(t, path, logins, "ルーターのランプが赤く点滅しています。\n再起動しても直りません。")

	out := mustRun(t, tickets("--state", "received")...)
	if !strings.Contains(out, tk.Number) || !strings.Contains(out, "received") || !strings.Contains(out, "ルーターのランプが赤く点滅しています。\\n再起動") {
		t.Errorf("list:\n%s", out)
	}
	if out := mustRun(t, tickets("--state", "answered")...); !strings.Contains(out, "No inquiry.") {
		t.Errorf("answered:\n%s", out)
	}
	wantError(t, tickets("--state", "open"), `--state: "open" is not one of received, answered, closed`)

	out = mustRun(t, ticket("show", tk.Number)...)
	for _, s := range []string{"Number:    " + tk.Number, "State:     received", "Service:   それ以外", "  再起動しても直りません。"} {
		if !strings.Contains(out, s) {
			t.Errorf("show lacks %q:\n%s", s, out)
		}
	}
	wantError(t, ticket("show", "IQ20990101-000001"), `no ticket "IQ20990101-000001"`)
	wantError(t, ticket("answer", tk.Number), "--text-file: required")
	wantRefused(t, ticket("answer", tk.Number, "--text-file", bodyFile(t, "\n\n")), "mypage: refused: --text-file: the file holds no answer")
	wantRefused(t, ticket("answer", tk.Number, "--text-file", bodyFile(t, "回答\x1b[2J")), "--text-file: control characters")

	out = mustRun(t, ticket("answer", tk.Number, "--text-file", bodyFile(t, "ONUの電源を入れ直してください。\r\n"))...)
	if !strings.Contains(out, "Answered "+tk.Number+" (answer 1); the subscriber was mailed.") {
		t.Errorf("answer:\n%s", out)
	}
	out = mustRun(t, "--db", path, "admin", "outbox")
	if !strings.Contains(out, "【マイページ】お問い合わせへの回答のお知らせ") || !strings.Contains(out, "【マイページ】お問い合わせ受付のお知らせ") {
		t.Errorf("outbox:\n%s", out)
	}
	out = mustRun(t, ticket("show", tk.Number, "--json")...)
	var got core.Ticket
	if err := json.Unmarshal([]byte(out), &got); err != nil || got.State != core.TicketAnswered || len(got.Answers) != 1 || got.Answers[0].Text != "ONUの電源を入れ直してください。" {
		t.Fatalf("show --json: %+v %v\n%s", got, err, out)
	}
	if out := mustRun(t, ticket("close", tk.Number)...); !strings.Contains(out, "Closed "+tk.Number+".") {
		t.Errorf("close:\n%s", out)
	}
	wantRefused(t, ticket("close", tk.Number), "is closed")
	wantRefused(t, ticket("answer", tk.Number, "--text-file", bodyFile(t, "追加")), "ticket \""+tk.Number+"\" is closed")
	wantError(t, ticket("close", "IQ1"), `no ticket "IQ1"`)
	out = mustRun(t, "--db", path, "admin", "audit")
	for _, s := range []string{"inquiry", "ticket-answer", "ticket-close", "refused-closed"} {
		if !strings.Contains(out, s) {
			t.Errorf("the audit lacks %s", s)
		}
	}
}

// A ticket whose stored text holds an escape sequence and a bidi override
// (written around the portal, or before its checks) reaches the operator's
// terminal escaped from every command, and cannot forge a line of its own.
func TestTicketCommandsEscapeStoredText(t *testing.T) {
	path, logins := newSupportlessDemo(t)
	tk := submitInquiry(t, path, logins, "ふつうの問い合わせ")
	db, err := store.Open(path, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx core.Tx) error {
		var stored core.Ticket
		if err := tx.Get("tickets", tk.Contract+"/"+tk.Number, &stored); err != nil {
			return err
		}
		stored.Content = "画面が\x1b[2J\x1b]0;pwned\x07消えた\u202eevil\nState:     closed"
		stored.Env.OS = "Win\x1b[31m"
		stored.Service.Name = "それ以外\u202e"
		return tx.Put("tickets", tk.Contract+"/"+tk.Number, stored)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"tickets"}, {"tickets", "--json"}, {"ticket", "show", tk.Number}, {"ticket", "show", tk.Number, "--json"},
	} {
		out, errOut, code := runMain(t, append([]string{"--db", path, "admin"}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, errOut)
		}
		if r, bad := rawControl(out); bad {
			t.Errorf("%v: raw %U reached the terminal:\n%q", args, r, out)
		}
		if !strings.Contains(out, `\x1b[2J`) && !strings.Contains(out, `\u001b[2J`) {
			t.Errorf("%v: the escape does not show escaped:\n%s", args, out)
		}
		if !strings.Contains(out, `\u202e`) {
			t.Errorf("%v: the bidi override does not show escaped:\n%s", args, out)
		}
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "State:     closed") {
				t.Errorf("%v: stored text forged a line of its own:\n%s", args, out)
			}
		}
	}
}

// An escape sequence and a bidi override typed into the inquiry form: the
// form drops them as they are typed, core refuses them if sent anyway, and
// what was sent reads back from admin tickets and admin ticket show as the
// subscriber saw it.
func TestTicketTypedHostileTextReadsBack(t *testing.T) {
	path, logins := newSupportlessDemo(t)
	hostile := "画面が\x1b[2J\x1b]0;pwned\x07消えた\u202eevil"
	typed, ok := form.Typed(core.FieldInquiryContent, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(hostile)})
	if !ok {
		t.Fatal("nothing left of the typed text")
	}
	content := string(typed.(tea.KeyMsg).Runes)
	db, err := store.Open(path, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	svc := core.NewService(db, core.Config{})
	s, err := svc.Login(core.LoginCustomerNumber, logins[0].Login, logins[0].Password, "test")
	if err == nil {
		_, err = svc.SubmitInquiry(s.Principal, svc.NewToken(), core.NewInquiry{Service: core.InquiryOther, Content: hostile, Agreed: true})
		if core.FieldProblems(err)[core.FieldInquiryContent] != core.ProblemFormat {
			t.Errorf("the raw text was not refused: %v", err)
		}
	}
	db.Close()
	tk := submitInquiry(t, path, logins, content)
	for _, args := range [][]string{{"tickets"}, {"ticket", "show", tk.Number}} {
		out, errOut, code := runMain(t, append([]string{"--db", path, "admin"}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, errOut)
		}
		if r, bad := rawControl(out); bad {
			t.Errorf("%v: raw %U reached the terminal:\n%q", args, r, out)
		}
		if !strings.Contains(out, "画面が[2J]0;pwned消えたevil") {
			t.Errorf("%v: the text as typed does not read back:\n%s", args, out)
		}
	}
}

// A file saved as "UTF-8 with BOM" (Windows メモ帳, Excel): the leading byte
// order mark is dropped, for an answer and for a notice's body alike.
func TestBodyFileWithBOM(t *testing.T) {
	path, logins := newDemo(t)
	tk := submitInquiry(t, path, logins, "ルーターのランプが赤く点滅しています。")
	out, errOut, code := runMain(t, "--db", path, "admin", "ticket", "answer", tk.Number,
		"--text-file", bodyFile(t, "\ufeffご連絡ありがとうございます。\r\n確認いたします。\r\n"))
	if code != 0 || !strings.Contains(out, "Answered "+tk.Number) {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	out = mustRun(t, "--db", path, "admin", "ticket", "show", tk.Number, "--json")
	if strings.Contains(out, "\ufeff") || strings.Contains(out, `\ufeff`) || !strings.Contains(out, "ご連絡ありがとうございます。") {
		t.Errorf("the answer kept the BOM:\n%s", out)
	}
	out, errOut, code = runMain(t, "--db", path, "admin", "notice", "add", "--kind", "maintenance", "--title", "メンテナンス",
		"--body-file", bodyFile(t, "\ufeff12月1日 2:00〜4:00 にメンテナンスを行います。\r\n"))
	if code != 0 {
		t.Fatalf("notice add with a BOM: exit %d\n%s%s", code, out, errOut)
	}
}

// An empty answer or one of spaces only is refused as every refusal is: the
// usual prefix, exit status 2, a message the operator can act on.
func TestAnswerFileEmpty(t *testing.T) {
	path, logins := newDemo(t)
	tk := submitInquiry(t, path, logins, "ルーターのランプが赤く点滅しています。")
	for _, text := range []string{"", " \r\n\u3000\n\n"} {
		wantRefused(t, []string{"--db", path, "admin", "ticket", "answer", tk.Number, "--text-file", bodyFile(t, text)},
			"mypage: refused: --text-file: the file holds no answer")
	}
	wantError(t, []string{"--db", path, "admin", "ticket", "answer", tk.Number, "--text-file", bodyFile(t, "\x82\xa0\x82\xa2")},
		"--text-file:", "is not UTF-8 text")
}
