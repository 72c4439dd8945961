package core_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"mypage/core"
)

func inquiry(content string) core.NewInquiry {
	return core.NewInquiry{Service: core.InquiryOther, Content: content, Agreed: true}
}

func TestTicketValidation(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-multi"])
	long := strings.Repeat("あ", 2000)
	cases := []struct {
		name  string
		in    core.NewInquiry
		field string
		code  string
	}{
		{"seed 002 問合せ内容 is required", core.NewInquiry{Service: core.InquiryOther, Agreed: true, Content: " \n "}, core.FieldInquiryContent, core.ProblemRequired},
		{"seed 002 個人情報の取扱いに同意の上: without the agreement", core.NewInquiry{Service: core.InquiryOther, Content: "x"}, core.FieldAgree, core.ProblemRequired},
		{"seed 002 利用しているサービス情報 is required", core.NewInquiry{Content: "x", Agreed: true}, core.FieldInquiryService, core.ProblemRequired},
		{"the service is one of the contract's own", core.NewInquiry{Service: "option:remote-support-x", Content: "x", Agreed: true}, core.FieldInquiryService, core.ProblemChoice},
		{"SPEC §11.5 the content's limit: 2,001 characters", inquiry(long + "い"), core.FieldInquiryContent, core.ProblemLength},
		{"SPEC §11.5 an escape sequence is refused", inquiry("見えない\x1b[2J文字"), core.FieldInquiryContent, core.ProblemFormat},
		{"SPEC §11.5 a bidi override is refused", inquiry("abc\u202edcba"), core.FieldInquiryContent, core.ProblemFormat},
		{"seed 002 環境(任意) is bounded", core.NewInquiry{Service: core.InquiryOther, Content: "x", Agreed: true, Env: core.InquiryEnv{OS: strings.Repeat("W", 51)}}, core.FieldInquiryOS, core.ProblemLength},
		{"SPEC §11.5 the environment refuses control characters", core.NewInquiry{Service: core.InquiryOther, Content: "x", Agreed: true, Env: core.InquiryEnv{Browser: "Edge\x07"}}, core.FieldInquiryBrowser, core.ProblemFormat},
		{"SPEC §11.5 2,000 characters are accepted", inquiry(long), "", ""},
		{"the limit counts characters as seen: か and its combining mark are one", inquiry(strings.Repeat("か\u3099", 2000)), "", ""},
		{"seed 002 環境 is optional, content with line feeds is kept", inquiry("一行目\n二行目"), "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := e.svc.CheckInquiry(holder, c.in)
			if c.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			wantProblem(t, err, c.field, c.code)
			// The submit refuses it the same, and writes nothing.
			_, err = e.svc.SubmitInquiry(holder, e.svc.NewToken(), c.in)
			wantProblem(t, err, c.field, c.code)
			if list, _ := e.svc.Tickets(holder); len(list) != 0 {
				t.Fatalf("a refused inquiry was stored: %v", list)
			}
		})
	}
}

func TestTicketSubmitNumberMailAndServices(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-multi"])
	v, err := e.svc.InquiryForm(holder)
	if err != nil {
		t.Fatal(err)
	}
	if v.Contract != holder.Contract || v.Name == "" || v.ContentMax != 2000 || v.AnswerDays != 3 {
		t.Fatalf("view %+v", v)
	}
	codes := map[string]bool{}
	for _, s := range v.Services {
		codes[s.Code] = true
	}
	// Seed 002 利用しているサービス情報: the connection, the plan, and それ以外.
	if !codes["line"] || !codes[core.InquiryOther] || v.Services[len(v.Services)-1].Code != core.InquiryOther {
		t.Fatalf("services %+v", v.Services)
	}
	token := e.svc.NewToken()
	r, err := e.svc.SubmitInquiry(holder, token, core.NewInquiry{Service: "line", Content: "夜になると\r\n遅くなります\n\n", Agreed: true,
		Env: core.InquiryEnv{OS: " Windows 11 ", Connection: "無線LAN"}})
	if err != nil {
		t.Fatal(err)
	}
	tk := r.Ticket
	if !regexp.MustCompile(`^IQ20260401-\d{6}$`).MatchString(tk.Number) || tk.State != core.TicketReceived {
		t.Fatalf("ticket %+v", tk)
	}
	if tk.Content != "夜になると\n遅くなります" || tk.Env.OS != "Windows 11" || tk.Author != "holder:"+holder.Contract {
		t.Fatalf("stored as %+v", tk)
	}
	// The same confirm token twice: one ticket.
	if _, err := e.svc.SubmitInquiry(holder, token, inquiry("again")); !errors.Is(err, core.ErrAlreadySubmitted) {
		t.Fatalf("second submit: %v", err)
	}
	mails := e.outbox(t)
	last := mails[len(mails)-1]
	if last.Subject != "【マイページ】お問い合わせ受付のお知らせ" || !strings.Contains(last.Body, tk.Number) || strings.Contains(last.Body, "遅くなります") {
		t.Fatalf("mail %+v", last)
	}
	if last.To != r.MailedTo || r.MailedTo == "" {
		t.Fatalf("mailed to %q, result %q", last.To, r.MailedTo)
	}
}

func TestTicketsWhoSees(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	who := map[string]core.Principal{
		"holder": e.holderOf(t, d.holder["spaaqs-multi"]),
		"admin":  e.accountOf(t, d.account["spaaqs-multi"]["admin"]),
		"user":   e.accountOf(t, d.account["spaaqs-multi"]["user"]),
		"other":  e.holderOf(t, d.holder["spaaqs-lan"]),
	}
	number := map[string]string{}
	for _, k := range []string{"holder", "admin", "user"} {
		r, err := e.svc.SubmitInquiry(who[k], e.svc.NewToken(), inquiry("from "+k))
		if err != nil {
			t.Fatal(err)
		}
		number[k] = r.Ticket.Number
		e.clock.Advance(60e9)
	}
	cases := []struct {
		name string
		who  string
		sees []string // newest first
	}{
		{"SPEC §4.3 own tickets ○: the holder sees only those it wrote", "holder", []string{"holder"}},
		{"SPEC §4.3 own tickets ○: an admin ID sees only those it wrote", "admin", []string{"admin"}},
		{"SPEC §4.3 own tickets ○ (about its own account): a user ID sees only its own", "user", []string{"user"}},
		{"another contract sees none", "other", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			list, err := e.svc.Tickets(who[c.who])
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, tk := range list {
				got = append(got, tk.Number)
			}
			var want []string
			for _, k := range c.sees {
				want = append(want, number[k])
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Fatalf("sees %v, want %v", got, want)
			}
			for k, n := range number {
				_, err := e.svc.Ticket(who[c.who], n)
				visible := false
				for _, s := range c.sees {
					visible = visible || s == k
				}
				if visible && err != nil || !visible && !errors.Is(err, core.ErrNotFound) {
					t.Fatalf("ticket of %s: %v", k, err)
				}
			}
		})
	}
}

func TestTicketTransitions(t *testing.T) {
	cases := []struct {
		name  string
		steps []string // answer, close
		want  core.TicketState
		err   string // the last step's refusal: "closed", "not-found", "invalid"
	}{
		{"受付 → 回答済", []string{"answer"}, core.TicketAnswered, ""},
		{"回答済 → 回答済: a second answer", []string{"answer", "answer"}, core.TicketAnswered, ""},
		{"回答済 → 完了", []string{"answer", "close"}, core.TicketClosed, ""},
		{"受付 → 完了: closed unanswered", []string{"close"}, core.TicketClosed, ""},
		{"a closed ticket takes no answer", []string{"close", "answer"}, core.TicketClosed, "closed"},
		{"a closed ticket is not closed twice", []string{"close", "close"}, core.TicketClosed, "closed"},
		{"an unknown number is not found", []string{"unknown"}, core.TicketReceived, "not-found"},
		{"an empty answer is refused", []string{"empty"}, core.TicketReceived, "invalid"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			d := e.seedDemo(t)
			holder := e.holderOf(t, d.holder["spaaqs-multi"])
			r, err := e.svc.SubmitInquiry(holder, e.svc.NewToken(), inquiry("質問"))
			if err != nil {
				t.Fatal(err)
			}
			n := r.Ticket.Number
			mails := len(e.outbox(t))
			for _, st := range c.steps {
				switch st {
				case "answer":
					_, err = e.svc.AnswerTicket(e.op, n, "ご回答です。")
				case "close":
					_, err = e.svc.CloseTicket(e.op, n)
				case "unknown":
					_, err = e.svc.AnswerTicket(e.op, "IQ20260401-999999", "x")
				case "empty":
					_, err = e.svc.AnswerTicket(e.op, n, "\n")
				}
			}
			switch c.err {
			case "":
				if err != nil {
					t.Fatal(err)
				}
			case "closed":
				var te *core.TicketError
				if !errors.As(err, &te) || te.Code != core.TicketIsClosed {
					t.Fatalf("err %v", err)
				}
			case "not-found":
				wantErr(t, err, core.ErrNotFound)
			case "invalid":
				wantProblem(t, err, core.FieldTicketAnswer, core.ProblemRequired)
			}
			tk, err := e.svc.Ticket(holder, n)
			if err != nil || tk.State != c.want {
				t.Fatalf("state %q (%v), want %q", tk.State, err, c.want)
			}
			answers := 0
			for _, s := range c.steps {
				if s == "answer" {
					answers++
				}
			}
			if c.err == "closed" && c.steps[1] == "answer" {
				answers--
			}
			if len(tk.Answers) != answers {
				t.Fatalf("%d answers, want %d", len(tk.Answers), answers)
			}
			// Each answer mails that it can be read on My Page; its text is not in the mail.
			out := e.outbox(t)[mails:]
			if len(out) != answers {
				t.Fatalf("%d mails, want %d", len(out), answers)
			}
			for _, m := range out {
				if m.Subject != "【マイページ】お問い合わせへの回答のお知らせ" || !strings.Contains(m.Body, "マイページ") || strings.Contains(m.Body, "ご回答です") {
					t.Fatalf("mail %+v", m)
				}
			}
		})
	}
}

func TestTicketOperatorOnly(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-multi"])
	r, err := e.svc.SubmitInquiry(holder, e.svc.NewToken(), inquiry("質問"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AnswerTicket(holder, r.Ticket.Number, "自分で回答"); !errors.Is(err, core.ErrForbidden) {
		t.Fatalf("a subscriber answered: %v", err)
	}
	if _, err := e.svc.CloseTicket(holder, r.Ticket.Number); !errors.Is(err, core.ErrForbidden) {
		t.Fatalf("a subscriber closed: %v", err)
	}
	if _, err := e.svc.AdminTickets(holder, ""); !errors.Is(err, core.ErrForbidden) {
		t.Fatalf("a subscriber listed all: %v", err)
	}
	if _, err := e.svc.SubmitInquiry(e.op, e.svc.NewToken(), inquiry("x")); !errors.Is(err, core.ErrForbidden) {
		t.Fatalf("the back office wrote an inquiry: %v", err)
	}
	list, err := e.svc.AdminTickets(e.op, core.TicketAnswered)
	if err != nil || len(list) != 0 {
		t.Fatalf("answered %v %v", list, err)
	}
}

func TestTicketWithdrawnContractCannotWrite(t *testing.T) {
	e := newEnv(t)
	_, holder := withdrawable(t, e)
	if _, err := e.svc.Withdraw(holder, e.svc.NewToken(), true); err != nil {
		t.Fatal(err)
	}
	_, err := e.svc.SubmitInquiry(holder, e.svc.NewToken(), inquiry("退会後"))
	wantErr(t, err, core.ErrWithdrawn)
	if _, err := e.svc.InquiryForm(holder); !errors.Is(err, core.ErrWithdrawn) {
		t.Fatalf("form: %v", err)
	}
}

// admin check reads the tickets as tickets and their counter as a number: a
// ticket or a counter that does not decode is reported.
func TestCheckDocumentsReadsTickets(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct{ bucket, key string }{{"settings", "ticket-seq"}, {"tickets", "IQ20260401-000001"}} {
		t.Run(c.bucket, func(t *testing.T) {
			var bad any = "seven"
			if c.bucket == "tickets" {
				bad = map[string]any{"number": "IQ20260401-000001", "answers": "none"}
			}
			if err := e.db.Update(func(tx core.Tx) error { return tx.Put(c.bucket, c.key, bad) }); err != nil {
				t.Fatal(err)
			}
			var problems []core.DocumentProblem
			if err := e.db.View(func(tx core.Tx) error { _, problems = core.CheckDocuments(tx); return nil }); err != nil {
				t.Fatal(err)
			}
			if len(problems) != 1 || problems[0].Key != c.key {
				t.Errorf("problems %v", problems)
			}
			if err := e.db.Update(func(tx core.Tx) error { return tx.Delete(c.bucket, c.key) }); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// SPEC §4.3 mail inquiry ○ for a user ID "about its own account": the
// security option of another account ID is not among its services; the
// holder and an admin ID choose from every one.
func TestInquiryServicesOfUserID(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-multi"])
	admin := e.accountOf(t, d.account["spaaqs-multi"]["admin"])
	user := e.accountOf(t, d.account["spaaqs-multi"]["user"])
	// The admin ID holds セキュリティ360° (as bought with its mail address).
	err := e.db.Update(func(tx core.Tx) error {
		var c core.Contract
		if err := tx.Get("contracts", holder.Contract, &c); err != nil {
			return err
		}
		c.Options = append(c.Options, core.OptionRecord{Option: "sec-360", Account: admin.AccountID, PurchasedAt: start})
		return tx.Put("contracts", holder.Contract, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		who  core.Principal
		sees bool
	}{{holder, true}, {admin, true}, {user, false}} {
		v, err := e.svc.InquiryForm(c.who)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, s := range v.Services {
			found = found || s.Code == "option:sec-360"
		}
		if found != c.sees {
			t.Errorf("%s: sec-360 among the services = %v", c.who.Actor(), found)
		}
		_, err = e.svc.SubmitInquiry(c.who, e.svc.NewToken(), core.NewInquiry{Service: "option:sec-360", Content: "x", Agreed: true})
		if c.sees && err != nil || !c.sees && core.FieldProblems(err)[core.FieldInquiryService] != core.ProblemChoice {
			t.Errorf("%s: submit about sec-360: %v", c.who.Actor(), err)
		}
	}
}
