package core_test

import (
	"testing"
	"time"

	"mypage/core"
)

// Issue 11: a support mail goes to the login that acted — a ticket's receipt
// and answer, a callback's booking and cancellation — to the account ID's own
// address (provider or other) when it has one, else to the contract's
// contact mail; the forms name that address.
func TestSupportMailGoesToTheLoginThatActed(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-multi"])
	admin := e.accountOf(t, d.account["spaaqs-multi"]["admin"])
	user := e.accountOf(t, d.account["spaaqs-multi"]["user"])
	v, err := e.svc.InquiryForm(user)
	if err != nil {
		t.Fatal(err)
	}
	contact := v.ContactMail
	if v.MailTo != contact {
		t.Errorf("a user ID without an address of its own: the form names %q, want the contact mail %q", v.MailTo, contact)
	}
	if _, err := e.svc.SetMail(holder, e.svc.NewToken(), core.MailForm{Account: user.AccountID, Kind: core.MailOther, Address: "ko.user@example.net", Agree: true}); err != nil {
		t.Fatal(err)
	}
	m, err := e.svc.SetMail(holder, e.svc.NewToken(), core.MailForm{Account: admin.AccountID, Kind: core.MailProvider, Local: "an-support", Agree: true})
	if err != nil {
		t.Fatal(err)
	}
	adminMail := m.Address
	if adminMail == "" {
		t.Fatal("the admin ID has no provider address")
	}
	for h, c := range []struct {
		name string
		p    core.Principal
		want string
	}{
		{"seed 002: the holder (customer number login) hears at the contact mail", holder, contact},
		{"SPEC §2: an admin ID with a provider address hears there", admin, adminMail},
		{"SPEC §2: a user ID with another address of its own hears there", user, "ko.user@example.net"},
	} {
		t.Run(c.name, func(t *testing.T) {
			mailsTo := func(subject string) string {
				t.Helper()
				out := e.outbox(t)
				for i := len(out) - 1; i >= 0; i-- {
					if out[i].Subject == subject {
						return out[i].To
					}
				}
				t.Fatalf("no mail %s", subject)
				return ""
			}
			f, err := e.svc.InquiryForm(c.p)
			if err != nil {
				t.Fatal(err)
			}
			if f.MailTo != c.want {
				t.Errorf("inquiry form: MailTo %q, want %q", f.MailTo, c.want)
			}
			r, err := e.svc.SubmitInquiry(c.p, e.svc.NewToken(), inquiry("つながりにくい時間があります"))
			if err != nil {
				t.Fatal(err)
			}
			if r.MailedTo != c.want || mailsTo("【マイページ】お問い合わせ受付のお知らせ") != c.want {
				t.Errorf("receipt: MailedTo %q, want %q", r.MailedTo, c.want)
			}
			if _, err := e.svc.AnswerTicket(e.op, r.Ticket.Number, "ご回答です。"); err != nil {
				t.Fatal(err)
			}
			if got := mailsTo("【マイページ】お問い合わせへの回答のお知らせ"); got != c.want {
				t.Errorf("answer: mailed to %q, want %q", got, c.want)
			}
			o, err := e.svc.CallbackStart(c.p)
			if err != nil {
				t.Fatal(err)
			}
			if o.MailTo != c.want {
				t.Errorf("callback form: MailTo %q, want %q", o.MailTo, c.want)
			}
			req := callbackRequest(c.p)
			req.Slot = callbackSlot.Add(time.Duration(h) * time.Hour)
			b, err := e.svc.BookCallback(c.p, e.svc.NewToken(), req)
			if err != nil {
				t.Fatal(err)
			}
			if b.MailedTo != c.want || mailsTo("【マイページ】コールバック予約受付のお知らせ") != c.want {
				t.Errorf("booking: MailedTo %q, want %q", b.MailedTo, c.want)
			}
			x, err := e.svc.CancelCallback(c.p, e.svc.NewToken(), b.Callback.Number)
			if err != nil {
				t.Fatal(err)
			}
			if x.MailedTo != c.want || mailsTo("【マイページ】コールバック予約取消のお知らせ") != c.want {
				t.Errorf("cancellation: MailedTo %q, want %q", x.MailedTo, c.want)
			}
		})
	}
}

// Issue 11: the withdrawal cancels every booking not yet over, also the one
// whose hour is running (11:20 for 11:00-12:00), and gives its place back.
func TestWithdrawalCancelsTheBookingOfTheRunningHour(t *testing.T) {
	e := newEnv(t)
	cert, p := withdrawable(t, e)
	r := callbackRequest(p)
	r.Slot = time.Date(2026, time.April, 3, 11, 0, 0, 0, core.JST)
	res, err := e.svc.BookCallback(p, e.svc.NewToken(), r)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Set(time.Date(2026, time.April, 3, 11, 20, 0, 0, core.JST))
	p = e.login(t, core.LoginCustomerNumber, cert.Number, cert.InitialPassword).Principal
	if _, err := e.svc.Withdraw(p, e.svc.NewToken(), true); err != nil {
		t.Fatal(err)
	}
	list, err := e.svc.CallList(e.op, r.Slot)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		if c.Number == res.Callback.Number && (c.State != core.CallbackCancelled || c.Reason != core.CallbackWithdrawn) {
			t.Errorf("after the withdrawal at 11:20, %s of 11:00 is %s (%q)", c.Number, c.State, c.Reason)
		}
	}
	var n int
	err = e.db.View(func(tx core.Tx) error { return tx.Get("settings", "callback-slot/"+core.SlotKey(r.Slot), &n) })
	if err == nil && n != 0 {
		t.Errorf("the 11:00 slot still counts %d places booked after the withdrawal", n)
	}
}
