package core_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"mypage/core"
	"mypage/store"
)

// callbackSlot is a slot of the day after start (2026-04-02, a Thursday), 11:00.
var callbackSlot = time.Date(2026, time.April, 2, 11, 0, 0, 0, core.JST)

func callbackRequest(p core.Principal) core.CallbackRequest {
	return core.CallbackRequest{Topic: "payment", Slot: callbackSlot, Agreed: true,
		Phone: "03-1234-5678", Name: "鈴木 一郎", Note: "請求額について"}
}

func testSettings() core.CallbackSettings {
	return core.CallbackSettings{Hours: []int{10, 11, 12, 13, 14, 15, 16, 17}, Capacity: 2, DaysAhead: 14,
		ClosedWeekdays: []int{0}, ClosedDates: []string{"12-29", "01-03", "2026-04-29"}, LeadMinutes: 30, OpenMax: 3}
}

func TestCallbackCalendar(t *testing.T) {
	at := func(day, h, m int) time.Time { return time.Date(2026, time.April, day, h, m, 0, 0, core.JST) }
	cases := []struct {
		name   string
		now    time.Time
		booked map[string]int
		slot   time.Time
		state  core.SlotState
		left   int
		absent bool
	}{
		{name: "seed 002: an open slot of a later day has every place", now: at(1, 10, 0), slot: at(2, 11, 0), state: core.SlotOpen, left: 2},
		{name: "a slot in the past is 受付終了", now: at(1, 13, 5), slot: at(1, 12, 0), state: core.SlotPast},
		{name: "the slot starting now is 受付終了", now: at(1, 13, 0), slot: at(1, 13, 0), state: core.SlotPast},
		{name: "a slot starting within the lead time is 開始30分前を過ぎたため受付終了, not past", now: at(1, 12, 31), slot: at(1, 13, 0), state: core.SlotLead},
		{name: "a slot 20 minutes ahead is closed for the lead time", now: at(1, 10, 40), slot: at(1, 11, 0), state: core.SlotLead},
		{name: "a slot starting just at the lead time is still open", now: at(1, 12, 30), slot: at(1, 13, 0), state: core.SlotOpen, left: 2},
		{name: "a closed weekday (Sunday) is 休業日", now: at(1, 10, 0), slot: at(5, 10, 0), state: core.SlotClosed},
		{name: "a closed date of one year is 休業日", now: at(20, 10, 0), slot: at(29, 15, 0), state: core.SlotClosed},
		{name: "a full slot is 満席", now: at(1, 10, 0), booked: map[string]int{"2026-04-02T11:00": 2}, slot: at(2, 11, 0), state: core.SlotFull},
		{name: "a slot with one booking has one place left", now: at(1, 10, 0), booked: map[string]int{"2026-04-02T11:00": 1}, slot: at(2, 11, 0), state: core.SlotOpen, left: 1},
		{name: "the last day offered is today + 13 (14 days)", now: at(1, 10, 0), slot: at(14, 17, 0), state: core.SlotOpen, left: 2},
		{name: "the day after the last day offered is not in the calendar", now: at(1, 10, 0), slot: at(15, 10, 0), absent: true},
		{name: "JST day boundary: at 23:59 UTC of 3/31 it is 4/1 08:59 in Japan, 4/1 is the first day",
			now: time.Date(2026, time.March, 31, 23, 59, 0, 0, time.UTC), slot: at(1, 10, 0), state: core.SlotOpen, left: 2},
		{name: "JST day boundary: 3/31 in UTC offers no slot of 3/31 JST already gone",
			now: time.Date(2026, time.March, 31, 23, 59, 0, 0, time.UTC), slot: time.Date(2026, time.March, 31, 17, 0, 0, 0, core.JST), absent: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cal := core.CallbackCalendar(testSettings(), c.now, c.booked)
			if len(cal) != 14 {
				t.Fatalf("calendar of %d days", len(cal))
			}
			sl, ok := core.SlotOf(cal, c.slot)
			if c.absent {
				if ok {
					t.Fatalf("slot %v offered: %+v", c.slot, sl)
				}
				return
			}
			if !ok || sl.State != c.state || sl.Left != c.left {
				t.Fatalf("slot %v = %+v (found %v), want %s with %d left", c.slot, sl, ok, c.state, c.left)
			}
		})
	}
}

func TestCallbackClosedSpans(t *testing.T) {
	md := func(m, d int) time.Time { return time.Date(0, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	cases := []struct {
		name  string
		dates []string
		want  []core.ClosedSpan
	}{
		{"seed 002: the year-end holidays 12/29～1/3 are one run across the new year",
			[]string{"12-29", "12-30", "12-31", "01-01", "01-02", "01-03"}, []core.ClosedSpan{{From: md(12, 29), To: md(1, 3)}}},
		{"days apart are runs of their own", []string{"05-03", "05-05", "05-04", "08-15"},
			[]core.ClosedSpan{{From: md(5, 3), To: md(5, 5)}, {From: md(8, 15), To: md(8, 15)}}},
		{"a dated day is named on its own, after the yearly ones", []string{"2026-04-29", "01-01"},
			[]core.ClosedSpan{{From: md(1, 1), To: md(1, 1)}, {From: time.Date(2026, 4, 29, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 4, 29, 0, 0, 0, 0, time.UTC)}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := core.CallbackSettings{ClosedDates: c.dates}.ClosedSpans()
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("spans %v, want %v", got, c.want)
			}
		})
	}
}

func TestCallbackYearEndIsClosedInTheCatalog(t *testing.T) {
	cb := *core.DefaultCatalog().Callback
	for _, d := range []time.Time{time.Date(2026, 12, 29, 0, 0, 0, 0, core.JST), time.Date(2027, 1, 3, 0, 0, 0, 0, core.JST)} {
		if !cb.ClosedOn(d) {
			t.Errorf("year-end day %v is open", d)
		}
	}
	if cb.ClosedOn(time.Date(2027, 1, 4, 0, 0, 0, 0, core.JST)) {
		t.Error("1/4 (a Monday) is closed")
	}
}

func TestCallbackTopics(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	// The multi demo contract holds the VPS-2(Plesk) plan: not covered (seed 002: さくらのVPS).
	p := e.holderOf(t, d.holder["spaaqs-multi"])
	o, err := e.svc.CallbackStart(p)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, tp := range o.Topics {
		codes = append(codes, tp.Code)
		if strings.Contains(tp.Name, "VPS") {
			t.Errorf("seed 002 (さくらのVPS not covered): topic %+v offered", tp)
		}
	}
	if len(codes) < 3 || codes[0] != "payment" || codes[1] != "billing" || codes[2] != "procedures" {
		t.Errorf("seed 002 (支払、請求、各種手続き): topics %v", codes)
	}
	if len(o.Excluded) != 1 || o.Excluded[0].Code != "vps-2-plesk" {
		t.Errorf("the contract's plan not covered: %+v", o.Excluded)
	}
	if len(o.NotCovered) == 0 || o.NotCovered[0].Name != "VPS" {
		t.Errorf("not covered %+v", o.NotCovered)
	}
	if o.Phone == "" || o.Name == "" {
		t.Errorf("nothing to prefill: %+v", o)
	}
	// The LAN demo contract holds RS-1, a hosting plan: a topic of its own (seed 002: さくらのレンタルサーバ).
	lan, err := e.svc.CallbackStart(e.holderOf(t, d.holder["spaaqs-lan"]))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, tp := range lan.Topics {
		if strings.HasPrefix(tp.Code, core.CallbackTopicPlan) && tp.Name == "RS-1" {
			found = true
		}
	}
	if !found {
		t.Errorf("seed 002 (the contract's services are covered): no RS-1 topic in %+v", lan.Topics)
	}
}

func TestBookCallback(t *testing.T) {
	e := newEnv(t)
	_, p := e.newContract(t, "spaaqs-multi")
	r, err := e.svc.BookCallback(p, e.svc.NewToken(), callbackRequest(p))
	if err != nil {
		t.Fatal(err)
	}
	bk := r.Callback
	if !strings.HasPrefix(bk.Number, "CB20260401-") || bk.State != core.CallbackBooked || !bk.Slot.Equal(callbackSlot) || bk.TopicName != "お支払いについて" {
		t.Errorf("booking %+v", bk)
	}
	mails := e.outbox(t)
	last := mails[len(mails)-1]
	if last.Subject != "【マイページ】コールバック予約受付のお知らせ" || !strings.Contains(last.Body, bk.Number) || !strings.Contains(last.Body, "2026/04/02 11:00～12:00") {
		t.Errorf("mail %+v", last)
	}
	list, _ := e.svc.Callbacks(p)
	if len(list) != 1 || list[0].Number != bk.Number {
		t.Errorf("list %+v", list)
	}

	t.Run("one booking per login per slot", func(t *testing.T) {
		_, err := e.svc.BookCallback(p, e.svc.NewToken(), callbackRequest(p))
		if ce := core.CallbackErrorOf(err); ce == nil || ce.Code != core.CallbackDuplicate {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("a confirm token runs once", func(t *testing.T) {
		tok := e.svc.NewToken()
		r := callbackRequest(p)
		r.Slot = callbackSlot.Add(time.Hour)
		if _, err := e.svc.BookCallback(p, tok, r); err != nil {
			t.Fatal(err)
		}
		r.Slot = callbackSlot.Add(2 * time.Hour)
		wantErr(t, func() error { _, err := e.svc.BookCallback(p, tok, r); return err }(), core.ErrAlreadySubmitted)
	})
	t.Run("open bookings of a login are bounded (catalog open_max 3)", func(t *testing.T) {
		r := callbackRequest(p)
		r.Slot = callbackSlot.AddDate(0, 0, 1)
		if _, err := e.svc.BookCallback(p, e.svc.NewToken(), r); err != nil {
			t.Fatal(err)
		}
		r.Slot = callbackSlot.AddDate(0, 0, 2)
		_, err := e.svc.BookCallback(p, e.svc.NewToken(), r)
		if ce := core.CallbackErrorOf(err); ce == nil || ce.Code != core.CallbackOpenMax {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("cancel own booking before its slot, with its mail", func(t *testing.T) {
		c, err := e.svc.CancelCallback(p, e.svc.NewToken(), bk.Number)
		if err != nil || c.Callback.State != core.CallbackCancelled {
			t.Fatalf("cancel %+v %v", c, err)
		}
		mails := e.outbox(t)
		if s := mails[len(mails)-1].Subject; s != "【マイページ】コールバック予約取消のお知らせ" {
			t.Errorf("subject %q", s)
		}
		_, err = e.svc.CancelCallback(p, e.svc.NewToken(), bk.Number)
		if ce := core.CallbackErrorOf(err); ce == nil || ce.Code != core.CallbackNotOpen {
			t.Errorf("second cancel: %v", err)
		}
	})
	t.Run("no cancel once the slot has started", func(t *testing.T) {
		list, _ := e.svc.Callbacks(p)
		var open core.Callback
		for _, c := range list {
			if c.State == core.CallbackBooked {
				open = c
			}
		}
		e.clock.Set(open.Slot)
		_, err := e.svc.CancelCallback(p, e.svc.NewToken(), open.Number)
		if ce := core.CallbackErrorOf(err); ce == nil || ce.Code != core.CallbackNotOpen {
			t.Errorf("cancel at the slot's start: %v", err)
		}
		e.clock.Set(start)
	})
}

func TestBookCallbackRefusals(t *testing.T) {
	e := newEnv(t)
	_, p := e.newContract(t, "spaaqs-multi")
	cases := []struct {
		name  string
		edit  func(*core.CallbackRequest)
		field string
		prob  string
		code  string
	}{
		{name: "seed 002: agreement to the handling of personal information is required", edit: func(r *core.CallbackRequest) { r.Agreed = false }, field: core.FieldAgree, prob: core.ProblemRequired},
		{name: "the phone number to call is required", edit: func(r *core.CallbackRequest) { r.Phone = "" }, field: core.FieldCallbackPhone, prob: core.ProblemRequired},
		{name: "a phone number of too few digits", edit: func(r *core.CallbackRequest) { r.Phone = "03-1234" }, field: core.FieldCallbackPhone, prob: core.ProblemTooShort},
		{name: "full-width digits are folded (SPEC §11.5)", edit: func(r *core.CallbackRequest) { r.Phone = "０３－１２３４－５６７８" }},
		{name: "the name is required", edit: func(r *core.CallbackRequest) { r.Name = " " }, field: core.FieldCallbackName, prob: core.ProblemRequired},
		{name: "SPEC §11.5: an escape sequence in the note is refused", edit: func(r *core.CallbackRequest) { r.Note = "x\x1b[31mred" }, field: core.FieldCallbackNote, prob: core.ProblemFormat},
		{name: "SPEC §11.5: a bidi override in the note is refused", edit: func(r *core.CallbackRequest) { r.Note = "abc\u202edef" }, field: core.FieldCallbackNote, prob: core.ProblemFormat},
		{name: "the note is bounded", edit: func(r *core.CallbackRequest) { r.Note = strings.Repeat("あ", core.CallbackNoteMax+1) }, field: core.FieldCallbackNote, prob: core.ProblemLength},
		{name: "seed 002: a service not covered is not a topic", edit: func(r *core.CallbackRequest) { r.Topic = "vps" }, field: core.FieldCallbackTopic, prob: core.ProblemChoice},
		{name: "a slot already started is 受付終了", edit: func(r *core.CallbackRequest) { r.Slot = start }, code: core.CallbackPast},
		{name: "a Sunday is a closed day", edit: func(r *core.CallbackRequest) { r.Slot = time.Date(2026, 4, 5, 11, 0, 0, 0, core.JST) }, code: core.CallbackClosedDay},
		{name: "a time that is not a slot (18:00)", edit: func(r *core.CallbackRequest) { r.Slot = time.Date(2026, 4, 2, 18, 0, 0, 0, core.JST) }, code: core.CallbackUnknown},
		{name: "a day beyond the days offered", edit: func(r *core.CallbackRequest) { r.Slot = time.Date(2026, 4, 16, 11, 0, 0, 0, core.JST) }, code: core.CallbackUnknown},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := callbackRequest(p)
			r.Slot = r.Slot.Add(time.Duration(i%6) * time.Hour)
			c.edit(&r)
			_, err := e.svc.CheckCallback(p, r)
			switch {
			case c.field != "":
				wantProblem(t, err, c.field, c.prob)
			case c.code != "":
				if ce := core.CallbackErrorOf(err); ce == nil || ce.Code != c.code || len(ce.Calendar) == 0 {
					t.Fatalf("err %v, want %s with the calendar", err, c.code)
				}
			default:
				if err != nil {
					t.Fatalf("err %v", err)
				}
			}
		})
	}
}

func TestCallbackWithdrawnContractCannotBook(t *testing.T) {
	e := newEnv(t)
	_, p := withdrawable(t, e)
	if _, err := e.svc.Withdraw(p, e.svc.NewToken(), true); err != nil {
		t.Fatal(err)
	}
	_, err := e.svc.BookCallback(p, e.svc.NewToken(), callbackRequest(p))
	if !errors.Is(err, core.ErrWithdrawn) {
		t.Fatalf("err %v", err)
	}
}

// TestCallbackReach: SPEC §4.3 (mail inquiry, callback booking, own tickets ○
// ○ ○): each login sees and cancels only the bookings it made; another
// login's, of its contract or not, is not found (FnCallback {○, ○, ○}).
func TestCallbackReach(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-multi"])
	admin := e.accountOf(t, d.account["spaaqs-multi"]["admin"])
	user := e.accountOf(t, d.account["spaaqs-multi"]["user"])
	other := e.holderOf(t, d.holder["spaaqs-lan"])
	book := func(p core.Principal, h int) string {
		r := callbackRequest(p)
		r.Slot = callbackSlot.Add(time.Duration(h) * time.Hour)
		res, err := e.svc.BookCallback(p, e.svc.NewToken(), r)
		if err != nil {
			t.Fatal(err)
		}
		return res.Callback.Number
	}
	byHolder, byAdmin, byUser := book(holder, 0), book(admin, 1), book(user, 2)
	numbers := func(p core.Principal) []string {
		l, err := e.svc.Callbacks(p)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range l {
			out = append(out, c.Number)
		}
		return out
	}
	for name, c := range map[string]struct {
		p    core.Principal
		want []string
	}{
		"SPEC §4.3: the holder sees the bookings it made (○)":  {holder, []string{byHolder}},
		"SPEC §4.3: an admin ID sees the bookings it made (○)": {admin, []string{byAdmin}},
		"SPEC §4.3: a user ID sees the bookings it made (○)":   {user, []string{byUser}},
		"another contract sees none":                           {other, nil},
	} {
		if got := numbers(c.p); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: %v, want %v", name, got, c.want)
		}
	}
	refused := []struct {
		name   string
		p      core.Principal
		number string
	}{
		{"the holder cancels the admin ID's booking", holder, byAdmin},
		{"the holder cancels the user ID's booking", holder, byUser},
		{"the admin ID cancels the holder's booking", admin, byHolder},
		{"the user ID cancels the holder's booking", user, byHolder},
		{"another contract cancels the user ID's booking", other, byUser},
	}
	for _, c := range refused {
		if _, err := e.svc.CancelCallback(c.p, e.svc.NewToken(), c.number); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("%s: %v, want not found", c.name, err)
		}
	}
	for _, c := range []struct {
		p      core.Principal
		number string
	}{{holder, byHolder}, {admin, byAdmin}, {user, byUser}} {
		if _, err := e.svc.CancelCallback(c.p, e.svc.NewToken(), c.number); err != nil {
			t.Errorf("%s cancels its own: %v", c.p.Actor(), err)
		}
	}
	if _, err := e.svc.CallList(holder, callbackSlot); !errors.Is(err, core.ErrForbidden) {
		t.Errorf("a subscriber reads the call list: %v", err)
	}
}

// One booking per contract and slot: the holder and its admin ID both booking
// 11:00 would have the support call one household twice and take every place
// of the hour (capacity 2) from the other subscribers.
func TestCallbackOnePerContractAndSlot(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-multi"])
	admin := e.accountOf(t, d.account["spaaqs-multi"]["admin"])
	other := e.holderOf(t, d.holder["spaaqs-lan"])
	if _, err := e.svc.BookCallback(holder, e.svc.NewToken(), callbackRequest(holder)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		call func() error
	}{
		{"confirm step", func() error { _, err := e.svc.CheckCallback(admin, callbackRequest(admin)); return err }},
		{"booking", func() error {
			_, err := e.svc.BookCallback(admin, e.svc.NewToken(), callbackRequest(admin))
			return err
		}},
	} {
		ce := core.CallbackErrorOf(c.call())
		if ce == nil || ce.Code != core.CallbackDuplicate {
			t.Errorf("%s: the admin ID books the hour its holder booked: %v, want duplicate", c.name, ce)
			continue
		}
		if sl, _ := core.SlotOf(ce.Calendar, callbackSlot); sl.State != core.SlotContract {
			t.Errorf("%s: the calendar of the refusal shows %s, want booked by the contract", c.name, sl.State)
		}
	}
	if _, err := e.svc.BookCallback(other, e.svc.NewToken(), callbackRequest(other)); err != nil {
		t.Errorf("another subscriber finds the slot full: %v", err)
	}
	// The calendar of each login: its own booking ご予約済み, its contract's other login's marked too.
	for _, c := range []struct {
		p    core.Principal
		want core.SlotState
	}{{holder, core.SlotBooked}, {admin, core.SlotContract}, {other, core.SlotBooked}} {
		o, err := e.svc.CallbackStart(c.p)
		if err != nil {
			t.Fatal(err)
		}
		if sl, _ := core.SlotOf(o.Calendar, callbackSlot); sl.State != c.want {
			t.Errorf("%s sees the 11:00 slot as %s, want %s", c.p.Actor(), sl.State, c.want)
		}
	}
}

// The open-booking bound is each login's: the holder's three bookings do not
// refuse the user ID, which could neither see nor cancel them.
func TestCallbackOpenMaxPerLogin(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	holder := e.holderOf(t, d.holder["spaaqs-multi"])
	user := e.accountOf(t, d.account["spaaqs-multi"]["user"])
	book := func(p core.Principal, h int) error {
		r := callbackRequest(p)
		r.Slot = callbackSlot.Add(time.Duration(h) * time.Hour)
		_, err := e.svc.BookCallback(p, e.svc.NewToken(), r)
		return err
	}
	for h := 0; h < 3; h++ {
		if err := book(holder, h); err != nil {
			t.Fatal(err)
		}
	}
	if ce := core.CallbackErrorOf(book(holder, 3)); ce == nil || ce.Code != core.CallbackOpenMax {
		t.Errorf("the holder's fourth open booking: %v, want open-max", ce)
	}
	if err := book(user, 4); err != nil {
		t.Errorf("the user ID is refused for the holder's bookings: %v", err)
	}
}

// 退会: the withdrawal cancels the contract's bookings still to be called, in
// its transaction, so that the call list does not have the support call a
// former member; a booking already called stays as it was.
func TestCallbackWithdrawalCancelsBookings(t *testing.T) {
	e := newEnv(t)
	_, p := withdrawable(t, e)
	r := callbackRequest(p)
	r.Slot = time.Date(2026, time.April, 3, 11, 0, 0, 0, core.JST) // the day after the holder's clock (04-02)
	res, err := e.svc.BookCallback(p, e.svc.NewToken(), r)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Withdraw(p, e.svc.NewToken(), true); err != nil {
		t.Fatal(err)
	}
	list, err := e.svc.CallList(e.op, r.Slot)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range list {
		if c.Number != res.Callback.Number {
			continue
		}
		found = true
		if c.State != core.CallbackCancelled || c.Reason != core.CallbackWithdrawn || c.Cancelled == nil {
			t.Errorf("after the withdrawal the call list has %s %s reason %q", c.Number, c.State, c.Reason)
		}
	}
	if !found {
		t.Errorf("the booking left the call list: %+v", list)
	}
}

// TestCallbackRaceForTheLastPlace: N subscribers book the last place of one
// slot at once through the real store: exactly one gets it, the others are
// refused 満席 with the calendar showing the slot full.
func TestCallbackRaceForTheLastPlace(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "t.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	svc := core.NewService(db, core.Config{Hash: cheap, Clock: core.NewManualClock(start)})
	const n = 8
	var ps []core.Principal
	for i := 0; i <= n; i++ {
		cert, err := svc.CreateContract(core.Operator("test"), core.NewContract{Type: "spaaqs-multi", Customer: customer()})
		if err != nil {
			t.Fatal(err)
		}
		s, err := svc.Login(core.LoginCustomerNumber, cert.Number, cert.InitialPassword, "test")
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, s.Principal)
	}
	// One place of the two is taken: the racers want the last.
	if _, err := svc.BookCallback(ps[n], svc.NewToken(), callbackRequest(ps[n])); err != nil {
		t.Fatal(err)
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	gate := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-gate
			_, errs[i] = svc.BookCallback(ps[i], svc.NewToken(), callbackRequest(ps[i]))
		}(i)
	}
	close(gate)
	wg.Wait()
	won := 0
	for i, err := range errs {
		if err == nil {
			won++
			continue
		}
		ce := core.CallbackErrorOf(err)
		if ce == nil || ce.Code != core.CallbackFull {
			t.Errorf("racer %d: %v, want 満席", i, err)
			continue
		}
		if sl, _ := core.SlotOf(ce.Calendar, callbackSlot); sl.State != core.SlotFull {
			t.Errorf("racer %d: the fresh calendar shows %+v", i, sl)
		}
	}
	if won != 1 {
		t.Fatalf("%d racers got the last place", won)
	}
	list, _ := svc.CallList(core.Operator("test"), callbackSlot)
	if len(list) != 2 {
		t.Fatalf("call list of %d", len(list))
	}
}

// A contract's bookings are kept under its number (one prefix scan, however
// many the others hold), and each slot keeps its places booked, moved by a
// booking, its cancel and a withdrawal; admin check finds a count that does
// not match the bookings.
func TestCallbackKeysAndSlotCounts(t *testing.T) {
	e := newEnv(t)
	cert, holder := withdrawable(t, e)
	bk, err := e.svc.BookCallback(holder, e.svc.NewToken(), callbackRequest(holder))
	if err != nil {
		t.Fatal(err)
	}
	count := func() (n int, keys []string) {
		_ = e.db.View(func(tx core.Tx) error {
			_ = tx.Scan("callbacks", "", func(key string, _ func(any) error) bool { keys = append(keys, key); return true })
			if err := tx.Get("settings", "callback-slot/"+core.SlotKey(callbackSlot), &n); err != nil && !errors.Is(err, core.ErrNoValue) {
				t.Fatal(err)
			}
			return nil
		})
		return n, keys
	}
	n, keys := count()
	if n != 1 || len(keys) != 1 || keys[0] != cert.Number+"/"+bk.Callback.Number {
		t.Fatalf("after the booking: %d places booked, keys %v", n, keys)
	}
	problems := func() []core.DocumentProblem {
		var out []core.DocumentProblem
		_ = e.db.View(func(tx core.Tx) error { _, out = core.CheckDocuments(tx); return nil })
		return out
	}
	if p := problems(); len(p) != 0 {
		t.Fatalf("a consistent database has problems: %v", p)
	}
	if err := e.db.Update(func(tx core.Tx) error { return tx.Put("settings", "callback-slot/"+core.SlotKey(callbackSlot), 0) }); err != nil {
		t.Fatal(err)
	}
	if p := problems(); len(p) != 1 || !strings.Contains(p[0].String(), "counts 0 places booked, its bookings are 1") {
		t.Errorf("a count written around the portal: %v", p)
	}
	if err := e.db.Update(func(tx core.Tx) error { return tx.Put("settings", "callback-slot/"+core.SlotKey(callbackSlot), 1) }); err != nil {
		t.Fatal(err)
	}
	// A cancel gives the place back; booking again takes it.
	if _, err := e.svc.CancelCallback(holder, e.svc.NewToken(), bk.Callback.Number); err != nil {
		t.Fatal(err)
	}
	if n, _ := count(); n != 0 {
		t.Errorf("after the cancel the slot counts %d places booked", n)
	}
	if _, err := e.svc.BookCallback(holder, e.svc.NewToken(), callbackRequest(holder)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Withdraw(holder, e.svc.NewToken(), true); err != nil {
		t.Fatal(err)
	}
	if n, _ := count(); n != 0 {
		t.Errorf("after the withdrawal the slot counts %d places booked", n)
	}
	if p := problems(); len(p) != 0 {
		t.Errorf("after the withdrawal: %v", p)
	}
}
