package core_test

import (
	"testing"
	"time"

	"mypage/core"
)

// An account ID deleted with a callback booked: the booking is cancelled in
// the deletion (reason account-deleted, its place given back), for no login
// could see or cancel it any more (FnCallback ○ ○ ○) and the support would
// call a login that is gone.
func TestDeletedAccountsBookingsCancelled(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-multi"])
	id := d.account["spaaqs-multi"]["user"]
	user := e.accountOf(t, id)
	res, err := e.svc.BookCallback(user, e.svc.NewToken(), callbackRequest(user))
	if err != nil {
		t.Fatal(err)
	}
	own, err := e.svc.BookCallback(holder, e.svc.NewToken(), core.CallbackRequest{Topic: "payment", Slot: callbackSlot.Add(time.Hour),
		Agreed: true, Phone: "03-1234-5678", Name: "有光 杏"})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.DeleteAccount(holder, e.svc.NewToken(), id.Login); err != nil {
		t.Fatal(err)
	}
	list, err := e.svc.CallList(e.op, callbackSlot)
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]string{}
	for _, c := range list {
		states[c.Number] = string(c.State) + "/" + c.Reason
	}
	if got := states[res.Callback.Number]; got != string(core.CallbackCancelled)+"/"+core.CallbackAccountDeleted {
		t.Errorf("the deleted account's booking is %q, want cancelled for the deletion", got)
	}
	if got := states[own.Callback.Number]; got != string(core.CallbackBooked)+"/" {
		t.Errorf("the holder's own booking is %q, want it kept", got)
	}
	start, err := e.svc.CallbackStart(holder)
	if err != nil {
		t.Fatal(err)
	}
	if sl, ok := core.SlotOf(start.Calendar, callbackSlot); !ok || sl.State != core.SlotOpen || sl.Left != 2 {
		t.Errorf("the slot after the deletion: %+v (its place not given back)", sl)
	}
}

// A deleted account ID's inquiry goes to the holder: its answer is mailed to
// the contract's contact address, and the holder's お問い合わせ履歴 holds it.
func TestDeletedAccountsTicketsKeptByTheHolder(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-multi"])
	admin := e.accountOf(t, d.account["spaaqs-multi"]["admin"])
	id := d.account["spaaqs-multi"]["user"]
	user := e.accountOf(t, id)
	r, err := e.svc.SubmitInquiry(user, e.svc.NewToken(), inquiry("夜に遅くなります"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Ticket(holder, r.Ticket.Number); err == nil {
		t.Fatal("the holder reads a user ID's ticket before its deletion (SPEC §4.3: each login its own)")
	}
	if err := e.svc.DeleteAccount(holder, e.svc.NewToken(), id.Login); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AnswerTicket(e.op, r.Ticket.Number, "ご回答です。"); err != nil {
		t.Fatal(err)
	}
	got, err := e.svc.Ticket(holder, r.Ticket.Number)
	if err != nil || len(got.Answers) != 1 {
		t.Errorf("the holder reads the deleted account's ticket: %+v, %v", got, err)
	}
	if _, err := e.svc.Ticket(admin, r.Ticket.Number); err == nil {
		t.Error("an admin ID reads the deleted account's ticket: only the holder keeps it")
	}
	mails := e.outbox(t)
	if last := mails[len(mails)-1]; last.To != "arteri-an@keitai-address.ne.jp" {
		t.Errorf("the answer went to %s, not the contract's contact address", last.To)
	}
}

// The inquiry form names who is logged in, as the callback form does: an
// account ID its own name, the holder the contract's.
func TestSupportFormsNameTheLogin(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-multi"])
	user := e.accountOf(t, d.account["spaaqs-multi"]["user"])
	for _, c := range []struct {
		who  core.Principal
		want string
	}{{holder, "有光 杏"}, {user, "有光 光"}} {
		form, err := e.svc.InquiryForm(c.who)
		if err != nil {
			t.Fatal(err)
		}
		start, err := e.svc.CallbackStart(c.who)
		if err != nil {
			t.Fatal(err)
		}
		if form.Name != c.want || start.Name != c.want {
			t.Errorf("%s: the inquiry form names %q, the callback form %q; want %q", c.who.Actor(), form.Name, start.Name, c.want)
		}
	}
}
