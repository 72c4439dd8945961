package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

// Screens of コールバック予約 (seed 002) and of the bookings made, driven
// through the real App at 80×24 in both languages. The fixture's day is
// Sunday 2026/11/22 10:00: Sunday is a closed day in the catalog.

// fullSlot is Tuesday 2026/11/24 11:00, which fillSlot books full.
var fullSlot = time.Date(2026, time.November, 24, 11, 0, 0, 0, core.JST)

// fillSlot books both places of a slot by two other contracts.
func fillSlot(t *testing.T, f *fixture, slot time.Time) {
	t.Helper()
	for _, typ := range []string{"spaaqs-lan", "ucom-me"} {
		cert, err := f.svc.CreateContract(core.Operator("test"), core.NewContract{Type: typ, Customer: core.Customer{
			LastName: "佐藤", FirstName: "花子", LastKana: "サトウ", FirstKana: "ハナコ", RomajiLast: "SATO", RomajiFirst: "HANAKO",
			BirthDate: "1985-03-01", Gender: "female", Address: "東京都港区芝公園4-2-8", Occupation: "employee", Household: 1,
			Phone: "03-9876-5432", ContactMail: "hanako@example.jp"}})
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.svc.Login(core.LoginCustomerNumber, cert.Number, cert.InitialPassword, "test")
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.BookCallback(s.Principal, f.svc.NewToken(), core.CallbackRequest{Topic: "billing", Slot: slot,
			Agreed: true, Phone: "03-9876-5432", Name: "佐藤 花子"})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// startCallback logs the multi demo holder in (its VPS-2(Plesk) plan is not
// covered) and opens コールバック予約 on its topics.
func (f *fixture) startCallback(t *testing.T, lang string) *drive {
	t.Helper()
	fillSlot(t, f, fullSlot)
	d := f.start(t, lang, 80, 24)
	d.loginAs(demoHolder(t, f, "マルチ"))
	d.open(routeCallback{})
	d.waitKey("callback.topic_lead")
	return d
}

// toCallbackAgree chooses the first topic and the slot before the full one,
// and waits for the agreement.
func (d *drive) toCallbackAgree() {
	d.t.Helper()
	d.keys(tea.KeyEnter)
	d.waitKey("callback.legend")
	d.keys(tea.KeyDown, tea.KeyEnter)
	d.waitKey("callback.privacy.use")
}

// toCallbackForm ticks the agreement and waits for the form.
func (d *drive) toCallbackForm() {
	d.t.Helper()
	d.toCallbackAgree()
	d.typeText("x")
	d.keys(tea.KeyDown, tea.KeyEnter)
	d.waitBodyKey("callback.title_form")
}

// fillCallbackForm types the note after the prefilled phone number and name
// and goes on.
func (d *drive) fillCallbackForm(note string) {
	d.t.Helper()
	d.keys(tea.KeyDown, tea.KeyDown)
	d.typeText(note)
	d.keys(tea.KeyDown, tea.KeyEnter)
}

func TestCallbackScreens(t *testing.T) {
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			t.Run("topic", func(t *testing.T) {
				d := newFixture(t).startCallback(t, lang)
				v := d.golden()
				// The contract's VPS-2(Plesk) is named once: as not covered, never as a topic.
				if strings.Count(v, "VPS-2(Plesk)") != 1 || !strings.Contains(v, "- "+strings.Fields(d.msg.T("callback.excluded", "VPS-2(Plesk)"))[0]) {
					t.Errorf("the VPS plan is offered, or not named as not covered:\n%s", v)
				}
			})
			t.Run("calendar", func(t *testing.T) {
				d := newFixture(t).startCallback(t, lang)
				d.keys(tea.KeyEnter)
				d.waitKey("callback.legend")
				// From the first open slot (Monday 10:00) to Tuesday 11:00, full.
				d.keys(tea.KeyDown, tea.KeyRight)
				d.waitKey("callback.state.full")
				d.golden()
			})
			t.Run("agreement", func(t *testing.T) {
				// 次へ without the agreement: refused beside it.
				d := newFixture(t).startCallback(t, lang)
				d.toCallbackAgree()
				d.keys(tea.KeyDown, tea.KeyEnter)
				d.waitKey("problem.callback_agree.required")
				d.golden()
			})
			t.Run("form", func(t *testing.T) {
				d := newFixture(t).startCallback(t, lang)
				d.toCallbackForm()
				d.golden()
			})
			t.Run("confirm", func(t *testing.T) {
				d := newFixture(t).startCallback(t, lang)
				d.toCallbackForm()
				d.fillCallbackForm("請求書の送付先について")
				d.waitKey("callback.confirm_lead")
				d.golden()
			})
			t.Run("complete", func(t *testing.T) {
				f := newFixture(t)
				d := f.startCallback(t, lang)
				d.toCallbackForm()
				d.fillCallbackForm("請求書の送付先について")
				d.waitKey("callback.confirm_lead")
				d.keys(tea.KeyEnter)
				d.waitKey("callback.done")
				v := d.golden()
				if !strings.Contains(v, "CB20261122-000003") {
					t.Errorf("no booking number:\n%s", v)
				}
			})
		})
	}
}

// SPEC §11.5: a bidi override and an escape typed or pasted into the note
// are dropped as they are typed (the form lets only what core accepts into
// it): the confirm shows the rest, and nothing reaches the terminal.
func TestCallbackNoteRefusesEscape(t *testing.T) {
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			d := newFixture(t).startCallback(t, lang)
			d.toCallbackForm()
			d.fillCallbackForm("abc\u202edef\x1b[2J")
			d.waitKey("callback.confirm_lead")
			v := d.golden()
			if strings.ContainsAny(v, "\u202e\x1b") || !strings.Contains(v, "abcdef[2J") {
				t.Errorf("the note on the confirm:\n%q", v)
			}
		})
	}
}

// The last place went to someone else between the form and the confirm:
// 満席になりました, and the calendar as it is now.
func TestCallbackFullMeanwhile(t *testing.T) {
	f := newFixture(t)
	d := f.startCallback(t, "ja")
	d.toCallbackForm()
	d.fillCallbackForm("")
	d.waitKey("callback.confirm_lead")
	// Two other bookings of the chosen slot (Tuesday 10:00) fill it.
	fillSlot(t, f, fullSlot.Add(-time.Hour))
	d.keys(tea.KeyEnter)
	d.waitKey("callback.error.full")
	v := d.golden()
	if !strings.Contains(v, "[満]") {
		t.Errorf("the calendar does not show the slot full under the cursor:\n%s", v)
	}
}

// The bookings made, and the cancel of one with its confirm.
func TestCallbackBookings(t *testing.T) {
	book := func(t *testing.T, f *fixture) {
		holder := demoHolder(t, f, "マルチ")
		s, err := f.svc.Login(core.LoginCustomerNumber, holder.Login, holder.Password, "test")
		if err != nil {
			t.Fatal(err)
		}
		for _, slot := range []time.Time{time.Date(2026, 11, 23, 11, 0, 0, 0, core.JST),
			time.Date(2026, 11, 25, 13, 0, 0, 0, core.JST), time.Date(2026, 11, 25, 15, 0, 0, 0, core.JST)} {
			if _, err := f.svc.BookCallback(s.Principal, f.svc.NewToken(), core.CallbackRequest{Topic: "procedures",
				Slot: slot, Agreed: true, Phone: "03-1234-5678", Name: "山田 太郎"}); err != nil {
				t.Fatal(err)
			}
		}
		// The first booking's hour has begun: it is past, no longer cancelled.
		f.clock.Set(time.Date(2026, 11, 23, 11, 30, 0, 0, core.JST))
	}
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			for _, step := range []string{"list", "ended", "cancel", "cancelled"} {
				t.Run(step, func(t *testing.T) {
					f := newFixture(t)
					book(t, f)
					d := f.start(t, lang, 80, 24)
					d.loginAs(demoHolder(t, f, "マルチ"))
					d.open(routeCallbacks{})
					d.waitText("CB20261122-000001")
					if step == "ended" {
						// The booking whose hour has begun: its cancel is not offered.
						d.keys(tea.KeyDown, tea.KeyDown)
						if v := d.view(); strings.Contains(v, "enter "+d.msg.T("callbacks.key.cancel")) {
							t.Errorf("the ended booking offers enter %s:\n%s", d.msg.T("callbacks.key.cancel"), v)
						}
						return
					}
					if step != "list" {
						d.keys(tea.KeyEnter)
						d.waitKey("callback_cancel.lead")
					}
					if step == "cancelled" {
						d.keys(tea.KeyLeft, tea.KeyEnter)
						d.waitKey("callback_cancel.done")
					}
					out := d.golden()
					// Each topic reads whole, at 80×24.
					if want := map[string]string{"ja": "各種手続きについて", "en": "Procedures"}[lang]; step == "list" && strings.Count(out, want) != 3 {
						t.Errorf("the topic %q is cut:\n%s", want, out)
					}
				})
			}
		})
	}
}

// A note stored with an escape and a bidi override (written around the
// portal) shows escaped on the cancel screen: it never reaches the terminal raw.
func TestCallbackStoredNoteEscaped(t *testing.T) {
	f := newFixture(t)
	holder := demoHolder(t, f, "マルチ")
	slot := time.Date(2026, 11, 25, 13, 0, 0, 0, core.JST)
	err := f.db.Update(func(tx core.Tx) error {
		return tx.Put("callbacks", holder.Login+"/CB20261122-000009", core.Callback{Number: "CB20261122-000009", Contract: holder.Login,
			Login: "holder:" + holder.Login, Topic: "payment", TopicName: "お支払いについて", Slot: slot, Phone: "03-1234-5678",
			Name: "山田 太郎", Note: "x\x1b[2Jy\u202ez", State: core.CallbackBooked, BookedAt: slot.AddDate(0, 0, -3)})
	})
	if err != nil {
		t.Fatal(err)
	}
	d := f.start(t, "ja", 80, 24)
	d.loginAs(holder)
	d.open(routeCallbackCancel{number: "CB20261122-000009"})
	d.waitKey("callback_cancel.lead")
	v := d.golden()
	if strings.ContainsAny(v, "\x1b\u202e") || !strings.Contains(v, `x\x1b[2Jy\u202ez`) {
		t.Errorf("the stored note:\n%q", v)
	}
}

// refusedCancel opens the cancel of a booking that another session then
// cancels, and presses 取り消す: core refuses it.
func refusedCancel(t *testing.T, lang string) *drive {
	t.Helper()
	f := newFixture(t)
	holder := demoHolder(t, f, "マルチ")
	s, err := f.svc.Login(core.LoginCustomerNumber, holder.Login, holder.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	r, err := f.svc.BookCallback(s.Principal, f.svc.NewToken(), core.CallbackRequest{Topic: "procedures",
		Slot: time.Date(2026, 11, 25, 13, 0, 0, 0, core.JST), Agreed: true, Phone: "03-1234-5678", Name: "山田 太郎"})
	if err != nil {
		t.Fatal(err)
	}
	d := f.start(t, lang, 80, 24)
	d.loginAs(holder)
	d.open(routeCallbacks{})
	d.waitKey("callbacks.lead")
	d.keys(tea.KeyEnter)
	d.waitKey("callback_cancel.lead")
	if _, err := f.svc.CancelCallback(s.Principal, f.svc.NewToken(), r.Callback.Number); err != nil {
		t.Fatal(err)
	}
	d.keys(tea.KeyLeft, tea.KeyEnter)
	d.waitKey("callback.error.not-open")
	return d
}

// Another session cancels the booking while this one shows its cancel
// confirm: the refusal says why, and the screen offers only 一覧に戻る, no
// longer 取り消す for a booking already cancelled.
func TestCallbackCancelRefused(t *testing.T) {
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			d := refusedCancel(t, lang)
			v := d.golden()
			if strings.Contains(v, "以下のご予約を取り消します") || strings.Contains(v, "will be cancelled") ||
				strings.Contains(v, "["+d.msg.T("callback_cancel.button")+"]") || !strings.Contains(v, "["+d.msg.T("callback_cancel.back_to_list")+"]") {
				t.Errorf("after the refusal the screen still offers the cancel:\n%s", v)
			}
		})
	}
	t.Run("Enter goes back to the list", func(t *testing.T) {
		d := refusedCancel(t, "ja")
		d.keys(tea.KeyRight, tea.KeyLeft, tea.KeyEnter) // no button to move to: back, nothing sent again
		d.waitKey("callbacks.state.cancelled")
	})
}

// A note longer than 200 characters is not cut as it is typed: the field
// keeps every character and core's refusal names the length beside it.
func TestCallbackNoteOverLimit(t *testing.T) {
	d := newFixture(t).startCallback(t, "ja")
	d.toCallbackForm()
	d.fillCallbackForm(strings.Repeat("あ", core.CallbackNoteMax) + "いうえおか")
	d.waitKey("problem.callback_note.length")
	v := d.golden()
	if !strings.Contains(v, "いうえおか") || strings.Contains(v, d.msg.T("callback.confirm_lead")) {
		t.Errorf("the characters past the limit are gone, or the confirm came:\n%s", v)
	}
}

// At 10:40 the 11:00 slot has not begun: it is closed for the lead time
// (lead_minutes 30), a state of its own, not past.
func TestCallbackLeadSlot(t *testing.T) {
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			f := newFixture(t)
			f.clock.Set(time.Date(2026, time.November, 23, 10, 40, 0, 0, core.JST))
			d := f.start(t, lang, 80, 24)
			d.loginAs(demoHolder(t, f, "マルチ"))
			d.open(routeCallback{})
			d.waitKey("callback.topic_lead")
			d.keys(tea.KeyEnter)
			d.waitKey("callback.legend", 30)
			d.keys(tea.KeyLeft)
			d.waitKey("callback.state.lead", 30)
			v := d.golden()
			if strings.Contains(v, "11:00-12:00: "+d.msg.T("callback.state.past")) || strings.Contains(v, "11:00～12:00: "+d.msg.T("callback.state.past")) {
				t.Errorf("the slot 20 minutes ahead is called past:\n%s", v)
			}
		})
	}
}

// The calendar shows the login's own booking as ご予約済み, not 満, and Enter
// on it books nothing.
func TestCallbackOwnBookingOnCalendar(t *testing.T) {
	f := newFixture(t)
	holder := demoHolder(t, f, "マルチ")
	s, err := f.svc.Login(core.LoginCustomerNumber, holder.Login, holder.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	// Monday 10:00, the first open slot, where the calendar's cursor starts.
	if _, err := f.svc.BookCallback(s.Principal, f.svc.NewToken(), core.CallbackRequest{Topic: "payment",
		Slot: time.Date(2026, 11, 23, 10, 0, 0, 0, core.JST), Agreed: true, Phone: "03-1234-5678", Name: "山田 太郎"}); err != nil {
		t.Fatal(err)
	}
	d := f.start(t, "ja", 80, 24)
	d.loginAs(holder)
	d.open(routeCallback{})
	d.waitKey("callback.topic_lead")
	d.keys(tea.KeyEnter)
	d.waitKey("callback.legend")
	// The cursor starts on the first open slot, 11:00; its left is the booking.
	d.keys(tea.KeyLeft)
	d.waitText("10:00～11:00: ご予約済み")
	v := d.golden()
	if !strings.Contains(v, "11/23(月) [予]") {
		t.Errorf("the own booking is not marked 予:\n%s", v)
	}
}

// Enter on a booking whose hour has begun says why nothing happens.
func TestCallbackListSaysWhyNotCancelled(t *testing.T) {
	f := newFixture(t)
	holder := demoHolder(t, f, "マルチ")
	s, err := f.svc.Login(core.LoginCustomerNumber, holder.Login, holder.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.BookCallback(s.Principal, f.svc.NewToken(), core.CallbackRequest{Topic: "payment",
		Slot: time.Date(2026, 11, 23, 11, 0, 0, 0, core.JST), Agreed: true, Phone: "03-1234-5678", Name: "山田 太郎"}); err != nil {
		t.Fatal(err)
	}
	f.clock.Set(time.Date(2026, 11, 23, 11, 30, 0, 0, core.JST))
	d := f.start(t, "ja", 80, 24)
	d.loginAs(holder)
	d.open(routeCallbacks{})
	d.waitKey("callbacks.lead")
	d.keys(tea.KeyEnter)
	d.waitKey("callbacks.why.done")
}

// The calendar is read again on the way in: opened at 10:20, the cutoff of
// 11:00 (10:30) passes; back to the topics and into the calendar again, 11:00
// is 締 and the cursor is on an open slot, not offered before the form.
func TestCallbackCalendarReloadsWhenReentered(t *testing.T) {
	f := newFixture(t)
	f.clock.Set(time.Date(2026, time.November, 23, 10, 20, 0, 0, core.JST))
	d := f.start(t, "ja", 80, 24)
	d.loginAs(demoHolder(t, f, "マルチ"))
	d.open(routeCallback{})
	d.waitKey("callback.topic_lead")
	d.keys(tea.KeyEnter)
	d.waitKey("callback.legend")
	d.waitText("11:00～12:00: 空きあり")
	f.clock.Set(time.Date(2026, time.November, 23, 10, 40, 0, 0, core.JST))
	d.keys(tea.KeyEsc)
	d.waitKey("callback.topic_lead")
	d.keys(tea.KeyEnter)
	d.waitKey("callback.legend")
	if v := d.view(); !strings.Contains(v, "11/23(月)  －   締") {
		t.Errorf("re-entered at 10:40, the calendar still offers 11:00:\n%s", v)
	}
}

// Another subscriber's bookings show when the calendar is entered again:
// the slot chosen is booked full by two other contracts while the agreement
// is on screen; back on the calendar it is 満 and the cursor has moved on.
func TestCallbackCalendarShowsOthersBookingsWhenReentered(t *testing.T) {
	f := newFixture(t)
	d := f.start(t, "ja", 80, 24)
	d.loginAs(demoHolder(t, f, "マルチ"))
	d.open(routeCallback{})
	d.waitKey("callback.topic_lead")
	d.keys(tea.KeyEnter)
	d.waitKey("callback.legend")
	d.waitText("11/23(月) 10:00～11:00: 空きあり (残り2枠)")
	d.keys(tea.KeyEnter)
	d.waitKey("callback.privacy.use")
	fillSlot(t, f, time.Date(2026, time.November, 23, 10, 0, 0, 0, core.JST))
	d.keys(tea.KeyEsc)
	d.waitText("11/23(月) 11:00～12:00: 空きあり (残り2枠)")
	if v := d.view(); !strings.Contains(v, "11/23(月)  満 ") {
		t.Errorf("re-entered after two other bookings, 10:00 is not full:\n%s", v)
	}
}
