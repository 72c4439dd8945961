package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/flow"
)

// Screens of メールでのお問い合わせ and お問い合わせ履歴 (SPEC §12, seed 002),
// driven through the real App at 80×24 in both languages.

// openInquiry opens the inquiry form and waits for its member details, which
// only the loaded form shows.
func (d *drive) openInquiry() {
	d.t.Helper()
	d.open(routeInquiry{})
	d.waitKey("inquiry.mail_to")
}

// fillInquiry chooses the first service (the connection), gives the OS and
// types the content; the focus stays in the content.
func (d *drive) fillInquiry(content string, count int) {
	d.t.Helper()
	d.keys(tea.KeyRight, tea.KeyDown)
	d.typeText("Windows 11")
	d.keys(tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyDown)
	d.typeText(content)
	d.waitText(core.GroupDigits(int64(count)) + " / 2,000")
}

// toInquiryConfirm ticks the agreement and goes on to the confirmation.
func (d *drive) toInquiryConfirm() {
	d.t.Helper()
	d.keys(tea.KeyTab)
	d.typeText("x")
	d.keys(tea.KeyDown, tea.KeyEnter)
	d.waitKey("inquiry.button.send")
}

func TestInquiryInput(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		l := f.login("holder", 0)
		d.loginAs(l)
		d.openInquiry()
		v := d.golden()
		for _, want := range []string{l.Login, d.msg.T("inquiry.name"), d.msg.T("inquiry.phone"), d.msg.T("inquiry.service")} {
			if !strings.Contains(v, want) {
				t.Errorf("the form lacks %q:\n%s", want, v)
			}
		}
		if line := markedLine(t, v); !strings.Contains(line, d.msg.T("inquiry.service")) {
			t.Errorf("focused: %q", line)
		}
	})
}

// Sent empty: the service, the content and the agreement are named beside
// their rows; what was typed in the environment stays.
func TestInquiryInputErrors(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openInquiry()
		d.keys(tea.KeyDown)
		d.typeText("macOS 15")
		d.keys(tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyTab, tea.KeyDown, tea.KeyEnter)
		// The lead and the title say お問い合わせ too: wait for the problem's own line.
		d.waitText("* " + string([]rune(d.msg.T("problem.inquiry_service.required"))[:8]))
		v := d.golden()
		s, ok := d.app.cur.(*inquiryScreen)
		if !ok || s.Step != flow.Input {
			t.Fatalf("screen %T, want the input step", d.app.cur)
		}
		for _, field := range []string{core.FieldInquiryService, core.FieldInquiryContent, core.FieldAgree} {
			if _, bad := s.Form.Problem(field); !bad {
				t.Errorf("no problem beside %s", field)
			}
		}
		if s.Form.Value(core.FieldInquiryOS) != "macOS 15" {
			t.Errorf("the OS typed was lost: %q", s.Form.Value(core.FieldInquiryOS))
		}
		if !strings.Contains(v, d.msg.T("error.invalid")[:6]) {
			t.Errorf("no banner:\n%s", v)
		}
	})
}

// Beyond the catalog's limit the counter says by how much, and core refuses
// the content beside its field, the text kept as typed.
func TestInquiryOverLimit(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, "ja", 80, 24)
	d.loginAs(f.login("holder", 0))
	d.openInquiry()
	d.fillInquiry(strings.Repeat("あ", 2001), 2001)
	d.toInquiryConfirmRefused()
	d.view()
	s := d.app.cur.(*inquiryScreen)
	if p, bad := s.Form.Problem(core.FieldInquiryContent); !bad || p != d.msg.T("problem.inquiry_content.length") {
		t.Errorf("content problem %q", p)
	}
	if n := len([]rune(s.Form.Value(core.FieldInquiryContent))); n != 2001 {
		t.Errorf("%d characters kept, want 2001", n)
	}
}

func (d *drive) toInquiryConfirmRefused() {
	d.t.Helper()
	d.keys(tea.KeyTab)
	d.typeText("x")
	d.keys(tea.KeyDown, tea.KeyEnter)
	d.waitKey("problem.inquiry_content.length")
}

func TestInquiryConfirm(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openInquiry()
		d.fillInquiry("夜になると接続が遅くなります。", 15)
		d.keys(tea.KeyEnter)
		d.typeText("ルーターは再起動しました。")
		d.toInquiryConfirm()
		v := d.golden()
		for _, want := range []string{"Windows 11", "夜になると接続が遅くなります。", "ルーターは再起動しました。", d.msg.T("inquiry.none")} {
			if !strings.Contains(v, want) {
				t.Errorf("the confirmation lacks %q:\n%s", want, v)
			}
		}
		if list, _ := f.svc.AdminTickets(core.Operator("test"), ""); len(list) != 0 {
			t.Errorf("the confirmation wrote a ticket: %v", list)
		}
	})
}

func TestInquiryComplete(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.openInquiry()
		d.fillInquiry("請求額について教えてください。", 15)
		d.toInquiryConfirm()
		d.keys(tea.KeyEnter)
		d.waitKey("inquiry.done")
		v := d.golden()
		list, err := f.svc.AdminTickets(core.Operator("test"), "")
		if err != nil || len(list) != 1 {
			t.Fatalf("tickets %v %v", list, err)
		}
		for _, want := range []string{list[0].Number, d.msg.T("inquiry.answer_days", 3)[:8]} {
			if !strings.Contains(v, want) {
				t.Errorf("the completion lacks %q:\n%s", want, v)
			}
		}
	})
}

// answeredTicket writes an inquiry as the holder and answers it twice as the back office.
func answeredTicket(t *testing.T, f *fixture, content string) core.Ticket {
	t.Helper()
	l := f.login("holder", 0)
	s, err := f.svc.Login(core.LoginCustomerNumber, l.Login, l.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	r, err := f.svc.SubmitInquiry(s.Principal, f.svc.NewToken(), core.NewInquiry{Service: "line", Content: content, Agreed: true,
		Env: core.InquiryEnv{OS: "Windows 11", Connection: "無線LAN"}})
	if err != nil {
		t.Fatal(err)
	}
	op := core.Operator("test")
	if _, err := f.svc.AnswerTicket(op, r.Ticket.Number, "ご連絡ありがとうございます。\nONUとルーターの電源を切り、10秒ほど待ってから入れ直してください。"); err != nil {
		t.Fatal(err)
	}
	tk, err := f.svc.AnswerTicket(op, r.Ticket.Number, "その後いかがでしょうか。")
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

func TestTicketHistory(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		first := answeredTicket(t, f, "夜になると接続が遅くなります。")
		f.clock.Set(f.svc.Now().AddDate(0, 0, 2))
		l := f.login("holder", 0)
		s, _ := f.svc.Login(core.LoginCustomerNumber, l.Login, l.Password, "test")
		second, err := f.svc.SubmitInquiry(s.Principal, f.svc.NewToken(), core.NewInquiry{Service: core.InquiryOther, Content: "請求について", Agreed: true})
		if err != nil {
			t.Fatal(err)
		}
		d := f.start(t, lang, 80, 24)
		d.loginAs(l)
		d.open(routeTickets{})
		d.waitText(first.Number)
		v := d.golden()
		i, j := strings.Index(v, second.Ticket.Number), strings.Index(v, first.Number)
		if i < 0 || j < 0 || i > j {
			t.Errorf("not newest first:\n%s", v)
		}
		for _, want := range []string{d.msg.T("ticket.state.answered"), d.msg.T("ticket.state.received")} {
			if !strings.Contains(v, want) {
				t.Errorf("the history lacks %q:\n%s", want, v)
			}
		}
	})
}

func TestTicketAnswered(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		tk := answeredTicket(t, f, "夜になると接続が遅くなります。\nルーターは再起動しました。")
		d := f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.open(routeTickets{})
		d.waitText(tk.Number)
		d.keys(tea.KeyEnter)
		d.waitText("ONU")
		v := d.golden()
		for _, want := range []string{"無線LAN", "ルーターは再起動しました。", "その後いかがでしょうか。", d.msg.T("ticket.state.answered")} {
			if !strings.Contains(v, want) {
				t.Errorf("the ticket lacks %q:\n%s", want, v)
			}
		}
	})
}

// A user ID sees only the tickets it wrote: the holder's is not listed.
func TestTicketHistoryOfUserID(t *testing.T) {
	f := newFixture(t)
	tk := answeredTicket(t, f, "請求について")
	d := f.start(t, "ja", 80, 24)
	d.loginAs(f.login("user", 0))
	d.open(routeTickets{})
	d.waitKey("tickets.none")
	v := d.view()
	if strings.Contains(v, tk.Number) {
		t.Errorf("a user ID sees the holder's ticket:\n%s", v)
	}
}

// The engineering point of the inquiry: an escape sequence and a bidi
// override typed (or pasted) into the content never reach the screen or the
// store; what is sent is the text without them, and the back office reads
// it as the subscriber saw it.
func TestInquiryHostileText(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, "ja", 80, 24)
	d.loginAs(f.login("holder", 0))
	d.openInquiry()
	d.fillInquiry("画面が\x1b[2J\x1b]0;pwned\x07消えた\u202eevil", 21)
	d.toInquiryConfirm()
	d.keys(tea.KeyEnter)
	d.waitKey("inquiry.done")
	v := d.view()
	if strings.ContainsAny(v, "\x07\u202e") || strings.Contains(v, "\x1b[2J") || strings.Contains(v, "\x1b]0;") {
		t.Errorf("the hostile text reached the screen: %q", v)
	}
	list, err := f.svc.AdminTickets(core.Operator("test"), "")
	if err != nil || len(list) != 1 {
		t.Fatalf("tickets %v %v", list, err)
	}
	if got := list[0].Content; got != "画面が[2J]0;pwned消えたevil" {
		t.Errorf("stored %q", got)
	}
}

// The inquiry form names a user ID's login アカウントID / Account ID, as the
// header and seed 003 do, and shows the contact mail address uncut.
func TestInquiryNamesTheAccountID(t *testing.T) {
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			f := newFixture(t)
			d := f.start(t, lang, 80, 24)
			d.loginAs(f.login("user", 0))
			d.openInquiry()
			v := d.view()
			if strings.Contains(v, "ログインID") || strings.Contains(v, "Login ID") || !strings.Contains(v, d.msg.T("inquiry.login")) {
				t.Errorf("the form does not say %s:\n%s", d.msg.T("inquiry.login"), v)
			}
		})
	}
}

// The contact mail address on the input step is on one line, not wrapped
// with an ellipsis as if cut.
func TestInquiryContactMailUncut(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, "ja", 80, 24)
	d.loginAs(f.login("holder", 0))
	d.openInquiry()
	v := d.view()
	if !strings.Contains(v, "arteri-an@keitai-address.ne.jp") {
		t.Errorf("the mail address is cut:\n%s", v)
	}
}

// In English the states are capitalised like the request history's; a
// closed ticket says when it was closed.
func TestTicketStatesAndClosedDate(t *testing.T) {
	f := newFixture(t)
	tk := answeredTicket(t, f, "請求について")
	d := f.start(t, "en", 80, 24)
	d.loginAs(f.login("holder", 0))
	d.open(routeTickets{})
	d.waitText(tk.Number)
	if v := d.view(); !strings.Contains(v, "Answered") || strings.Contains(v, " answered") {
		t.Errorf("state not capitalised:\n%s", v)
	}
	f.clock.Set(f.svc.Now().AddDate(0, 0, 3))
	closed, err := f.svc.CloseTicket(core.Operator("test"), tk.Number)
	if err != nil {
		t.Fatal(err)
	}
	d = f.start(t, "en", 80, 24)
	d.loginAs(f.login("holder", 0))
	d.open(routeTicket{number: tk.Number})
	d.waitText("ONU")
	if v := d.view(); !strings.Contains(v, "Closed (on "+closed.Closed.In(core.JST).Format("2006/01/02")+")") {
		t.Errorf("no closing date:\n%s", v)
	}
}

// SPEC §4.3 own tickets ○: an admin ID does not see the holder's ticket.
func TestTicketHistoryOfAdminID(t *testing.T) {
	f := newFixture(t)
	tk := answeredTicket(t, f, "請求について")
	d := f.start(t, "ja", 80, 24)
	d.loginAs(f.login("admin", 0))
	d.open(routeTickets{})
	d.waitKey("tickets.none")
	if v := d.view(); strings.Contains(v, tk.Number) {
		t.Errorf("an admin ID sees the holder's ticket:\n%s", v)
	}
}
