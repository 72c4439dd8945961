package core

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// コールバック予約 (seed 002): the subscriber books an hour in which the
// support calls back. A slot starting at 11:00 means a call between 11:00 and
// 12:00. Bookings are taken at any time; the calendar and its rules come from
// the catalog (CallbackSettings).

// CallbackSettings are the catalog's rules of the callback booking.
type CallbackSettings struct {
	// Hours are the slots' starting hours in JST (10 … 17: calls 10:00–18:00).
	Hours []int `json:"hours"`
	// Capacity is how many bookings one slot takes.
	Capacity int `json:"capacity"`
	// DaysAhead is how many days the calendar offers, today included.
	DaysAhead int `json:"days_ahead"`
	// ClosedWeekdays are days of the week without calls (0 Sunday … 6 Saturday).
	ClosedWeekdays []int `json:"closed_weekdays,omitempty"`
	// ClosedDates are days without calls: "MM-DD" every year, or "YYYY-MM-DD".
	ClosedDates []string `json:"closed_dates,omitempty"`
	// LeadMinutes: a slot starting within this many minutes (or started) is no
	// longer booked: the support needs the time to prepare the call.
	LeadMinutes int `json:"lead_minutes"`
	// OpenMax bounds the bookings of one login not yet called back: a login
	// sees and cancels only its own (FnCallback), so it is the login's bound.
	OpenMax int `json:"open_max"`
	// Topics are the covered topics besides the contract's own services.
	Topics []CallbackTopic `json:"topics"`
	// NotCovered are the services the callback does not cover, with the
	// plans of the catalog that belong to them.
	NotCovered []CallbackExcluded `json:"not_covered,omitempty"`
}

// CallbackTopic is a topic a booking is about.
type CallbackTopic struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
}

// CallbackExcluded is a family of services the callback does not cover
// (seed 002: さくらのVPS, 専用サーバ, クラウド); mail inquiry is the way.
type CallbackExcluded struct {
	Name   string   `json:"name"`
	NameEn string   `json:"name_en"`
	Plans  []string `json:"plans,omitempty"`
}

// Topic codes of a contract's own services: the plan service's ID, the option's code.
const (
	CallbackTopicPlan   = "plan:"
	CallbackTopicOption = "option:"
)

// checkCallback checks the callback settings of a catalog.
func (k *catalogCheck) callback(c *Catalog) {
	cb := c.Callback
	if cb == nil {
		return
	}
	const entry = "callback"
	if len(cb.Hours) == 0 {
		k.add(entry, "hours", "no slot")
	}
	last := -1
	for _, h := range cb.Hours {
		switch {
		case h < 0 || h > 23 || h <= last:
			k.add(entry, "hours", "hour %d out of range or order", h)
		case last >= 0 && h != last+1:
			// The screens say the calls are made from the first hour to the
			// end of the last: a break between them would go unsaid.
			k.add(entry, "hours", "hour %d does not follow %d: the hours must be one run", h, last)
		}
		last = h
	}
	if cb.Capacity < 1 || cb.DaysAhead < 1 || cb.DaysAhead > 62 || cb.LeadMinutes < 0 || cb.OpenMax < 1 {
		k.add(entry, "capacity", "capacity, days_ahead (1–62), lead_minutes and open_max must be set")
	}
	for _, w := range cb.ClosedWeekdays {
		if w < 0 || w > 6 {
			k.add(entry, "closed_weekdays", "weekday %d not 0–6", w)
		}
	}
	for _, d := range cb.ClosedDates {
		if _, ok := closedDate(d); !ok {
			k.add(entry, "closed_dates", "%q is not MM-DD or YYYY-MM-DD", d)
		}
	}
	seen := map[string]bool{}
	for _, t := range cb.Topics {
		if t.Code == "" || seen[t.Code] || strings.Contains(t.Code, ":") {
			k.add(entry, "topics", "topic %q without a unique code (a plain word, no ':')", t.Code)
		}
		seen[t.Code] = true
		k.names(entry+" topic "+t.Code, t.Code, t.Name, t.NameEn)
	}
	for _, x := range cb.NotCovered {
		k.text(entry, "not_covered name", x.Name, catalogNameMax, true)
		k.text(entry, "not_covered name_en", x.NameEn, catalogNameMax, true)
		for _, p := range x.Plans {
			if _, ok := c.Plan(p); !ok {
				k.add(entry, "not_covered", "unknown plan %q", p)
			}
		}
	}
}

// closedDate reads a closed date: "MM-DD" (year 0) or "YYYY-MM-DD".
func closedDate(s string) (time.Time, bool) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, true
	}
	if t, err := time.Parse("01-02", s); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// ClosedOn reports whether the day (its calendar day in JST) has no calls.
func (cb CallbackSettings) ClosedOn(day time.Time) bool {
	d := day.In(JST)
	for _, w := range cb.ClosedWeekdays {
		if int(d.Weekday()) == w {
			return true
		}
	}
	for _, s := range cb.ClosedDates {
		t, _ := closedDate(s)
		if t.Month() == d.Month() && t.Day() == d.Day() && (t.Year() == 0 || t.Year() == d.Year()) {
			return true
		}
	}
	return false
}

// ClosedSpan is a run of closed dates as the screens name them: From to To
// (the same day for one), year 0 for dates closed every year.
type ClosedSpan struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// ClosedSpans joins the closed dates into runs of following days, those of
// every year first (12-29 … 01-03 is one run across the year end), then the
// dated ones, one each, in the order of the catalog.
func (cb CallbackSettings) ClosedSpans() []ClosedSpan {
	type md struct{ m, d int }
	yearly := map[md]bool{}
	var order []md
	var out, dated []ClosedSpan
	for _, s := range cb.ClosedDates {
		t, _ := closedDate(s)
		if t.Year() != 0 {
			dated = append(dated, ClosedSpan{From: t, To: t})
			continue
		}
		k := md{int(t.Month()), t.Day()}
		if !yearly[k] {
			yearly[k] = true
			order = append(order, k)
		}
	}
	// A leap year, so that 02-29 has its neighbours.
	day := func(k md) time.Time { return time.Date(2000, time.Month(k.m), k.d, 0, 0, 0, 0, time.UTC) }
	key := func(t time.Time) md { return md{int(t.Month()), t.Day()} }
	next := func(t time.Time) time.Time { return time.Date(2000, t.Month(), t.Day()+1, 0, 0, 0, 0, time.UTC) }
	for _, k := range order {
		if yearly[key(day(k).AddDate(0, 0, -1))] && len(order) < 366 {
			continue // not the first day of its run
		}
		end := day(k)
		for i := 0; i < 366 && yearly[key(next(end))]; i++ {
			end = next(end)
		}
		at := func(t time.Time) time.Time { return time.Date(0, t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
		out = append(out, ClosedSpan{From: at(day(k)), To: at(end)})
	}
	return append(out, dated...)
}

// SlotState is what the calendar says of a slot.
type SlotState string

// The states of a slot: bookable, started (受付終了), starting within the
// lead time (開始30分前を過ぎたため受付終了), on a closed day (休業日), full
// (満席), booked by the login itself (ご予約済み), booked by another login of
// its contract (one booking per contract and slot).
const (
	SlotOpen     SlotState = "open"
	SlotPast     SlotState = "past"
	SlotLead     SlotState = "lead"
	SlotClosed   SlotState = "closed"
	SlotFull     SlotState = "full"
	SlotBooked   SlotState = "booked"
	SlotContract SlotState = "contract"
)

// CallbackSlot is one hour of the calendar.
type CallbackSlot struct {
	Start time.Time `json:"start"`
	State SlotState `json:"state"`
	Left  int       `json:"left"` // places left (0 unless open)
}

// CallbackDay is one day of the calendar.
type CallbackDay struct {
	Day    time.Time      `json:"day"` // 00:00 JST
	Closed bool           `json:"closed"`
	Slots  []CallbackSlot `json:"slots"`
}

// SlotKey is the key a slot's bookings are counted by: its start in JST.
func SlotKey(t time.Time) string { return t.In(JST).Format("2006-01-02T15:04") }

// CallbackCalendar is the calendar at now (seed 002): DaysAhead days from the
// JST day of now, each of the settings' hours; booked counts the bookings of
// each slot by SlotKey.
func CallbackCalendar(cb CallbackSettings, now time.Time, booked map[string]int) []CallbackDay {
	return callbackCalendar(cb, now, booked, nil)
}

// callbackCalendar is the calendar as one login sees it: ours gives the slots
// its contract has booked (SlotBooked its own, SlotContract another login's).
func callbackCalendar(cb CallbackSettings, now time.Time, booked map[string]int, ours map[string]SlotState) []CallbackDay {
	n := now.In(JST)
	first := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, JST)
	cutoff := now.Add(time.Duration(cb.LeadMinutes) * time.Minute)
	var out []CallbackDay
	for i := 0; i < cb.DaysAhead; i++ {
		day := first.AddDate(0, 0, i)
		d := CallbackDay{Day: day, Closed: cb.ClosedOn(day)}
		for _, h := range cb.Hours {
			start := time.Date(day.Year(), day.Month(), day.Day(), h, 0, 0, 0, JST)
			sl := CallbackSlot{Start: start}
			own, isOurs := ours[SlotKey(start)]
			switch left := cb.Capacity - booked[SlotKey(start)]; {
			case !now.Before(start):
				sl.State = SlotPast
			case isOurs:
				sl.State = own
			case d.Closed:
				sl.State = SlotClosed
			case start.Before(cutoff):
				sl.State = SlotLead
			case left <= 0:
				sl.State = SlotFull
			default:
				sl.State, sl.Left = SlotOpen, left
			}
			d.Slots = append(d.Slots, sl)
		}
		out = append(out, d)
	}
	return out
}

// SlotOf finds the slot starting at start in a calendar.
func SlotOf(cal []CallbackDay, start time.Time) (CallbackSlot, bool) {
	for _, d := range cal {
		for _, s := range d.Slots {
			if s.Start.Equal(start) {
				return s, true
			}
		}
	}
	return CallbackSlot{}, false
}

// CallbackState is the state of a booking.
type CallbackState string

// The states of a booking.
const (
	CallbackBooked    CallbackState = "booked"
	CallbackCancelled CallbackState = "cancelled"
)

// Callback is one booking as stored.
type Callback struct {
	Number   string `json:"number"` // CByyyymmdd-NNNNNN
	Contract string `json:"contract"`
	// Login is the principal that booked (Principal.Actor): a user ID sees its own.
	Login     string        `json:"login"`
	Topic     string        `json:"topic"`      // a CallbackTopic code, or plan:ID / option:CODE
	TopicName string        `json:"topic_name"` // its Japanese name when booked, for the call list
	TopicEn   string        `json:"topic_en"`
	Slot      time.Time     `json:"slot"`
	Phone     string        `json:"phone"`
	Name      string        `json:"name"`
	Note      string        `json:"note,omitempty"`
	State     CallbackState `json:"state"`
	BookedAt  time.Time     `json:"booked_at"`
	Cancelled *time.Time    `json:"cancelled,omitempty"`
	// Reason says why a cancelled booking was: empty when the login cancelled
	// it, CallbackWithdrawn when the contract withdrew, CallbackAccountDeleted
	// when the account ID that booked it was deleted.
	Reason string `json:"reason,omitempty"`
}

// CallbackWithdrawn is the Reason of a booking cancelled by the withdrawal.
const CallbackWithdrawn = "withdrawn"

// CallbackAccountDeleted is the Reason of a booking cancelled because the
// account ID that made it was deleted: no login could see or cancel it.
const CallbackAccountDeleted = "account-deleted"

// AccountID is the account ID that booked, "" when the holder did (its
// customer number login).
func (c Callback) AccountID() string {
	id, ok := strings.CutPrefix(c.Login, "account:")
	if !ok {
		return ""
	}
	return id
}

// NotOver reports whether the booking's hour has not ended at now: upcoming,
// or running (the call may still come in it).
func (c Callback) NotOver(now time.Time) bool {
	return c.State == CallbackBooked && now.Before(c.Slot.Add(time.Hour))
}

// Upcoming reports whether the booking is still to be called at now.
func (c Callback) Upcoming(now time.Time) bool {
	return c.State == CallbackBooked && now.Before(c.Slot)
}

// Fields of the booking form, as ValidationError names them.
const (
	FieldCallbackTopic = "callback_topic"
	FieldCallbackSlot  = "callback_slot"
	FieldCallbackPhone = FieldPhone
	FieldCallbackName  = "callback_name"
	FieldCallbackNote  = "callback_note"
)

// Limits of the booking's text, in characters. The note is one line: what
// the call is to be about, for the support to prepare.
const (
	CallbackNameMax = 40
	CallbackNoteMax = 200
)

// CallbackRequest is what the subscriber chose and typed.
type CallbackRequest struct {
	Topic  string
	Slot   time.Time
	Agreed bool
	Phone  string
	Name   string
	Note   string
}

// CallbackError refuses a booking or a cancel by a rule. A refusal of the
// slot carries the calendar as it is now, for the screen to show.
type CallbackError struct {
	Code     string
	Calendar []CallbackDay
}

// The codes of CallbackError.
const (
	CallbackFull      = "full"      // 満席になりました: the last place went meanwhile
	CallbackPast      = "past"      // the slot has started (受付終了)
	CallbackLead      = "lead"      // the slot starts within the lead time
	CallbackClosedDay = "closed"    // the slot is on a closed day
	CallbackUnknown   = "unknown"   // not a slot of the calendar
	CallbackDuplicate = "duplicate" // the contract has booked the slot already (any of its logins)
	CallbackOpenMax   = "open-max"  // the login has as many open bookings as allowed
	CallbackNotOpen   = "not-open"  // cancel: the booking is cancelled or its slot has started
	CallbackNoService = "no-service"
)

func (e *CallbackError) Error() string { return "callback: " + e.Code }

// AuditResult names the refusal in the audit log.
func (e *CallbackError) AuditResult() string { return "refused-" + e.Code }

// CallbackErrorOf returns the rule refusing a booking, or nil.
func CallbackErrorOf(err error) *CallbackError {
	var ce *CallbackError
	if errors.As(err, &ce) {
		return ce
	}
	return nil
}

// CallbackOptions is what the booking screen offers a contract.
type CallbackOptions struct {
	Topics     []CallbackTopic    `json:"topics"`
	NotCovered []CallbackExcluded `json:"not_covered"`
	// Excluded are the contract's own plans that are not covered.
	Excluded []Plan        `json:"excluded,omitempty"`
	Calendar []CallbackDay `json:"calendar"`
	Phone    string        `json:"phone"` // the contract's, to prefill
	Name     string        `json:"name"`
	MailTo   string        `json:"mail_to"`
	Hours    []int         `json:"hours"`
	// CallFrom and CallUntil are the hours the calls are made in (10 and 18:
	// the last slot starts at 17); they, LeadMinutes, the closed weekdays and
	// the closed dates are the catalog's, for the screen's lead text.
	CallFrom       int          `json:"call_from"`
	CallUntil      int          `json:"call_until"`
	LeadMinutes    int          `json:"lead_minutes"`
	ClosedWeekdays []int        `json:"closed_weekdays,omitempty"`
	ClosedSpans    []ClosedSpan `json:"closed_spans,omitempty"`
	OpenMax        int          `json:"open_max"`
}

// CallbackTopics are the covered topics of a contract (seed 002): the
// catalog's (payment, billing, procedures), then the contract's plan
// services in use that are not of a family the callback does not cover, then
// the options it holds (only own's account ID's and the contract's, when own is
// a user ID's).
func CallbackTopics(cat *Catalog, c *Contract, now time.Time, own string) []CallbackTopic {
	cb := cat.Callback
	if cb == nil {
		return nil
	}
	out := append([]CallbackTopic(nil), cb.Topics...)
	for _, ps := range c.Plans {
		if ps.End != nil && ps.End.Before(now) || excludedPlan(cb, ps.Plan) {
			continue
		}
		name, en := ps.Plan, ps.Plan
		if p, ok := cat.Plan(ps.Plan); ok {
			name, en = p.Name, p.NameEn
		}
		out = append(out, CallbackTopic{Code: CallbackTopicPlan + ps.ID, Name: name, NameEn: en})
	}
	seen := map[string]bool{}
	for _, o := range c.Options {
		if o.CancelledAt != nil || seen[o.Option] || own != "" && o.Account != "" && o.Account != own {
			continue // a user ID calls about its own account's options only (SPEC §4.3)
		}
		seen[o.Option] = true
		if opt, ok := cat.Option(o.Option); ok {
			out = append(out, CallbackTopic{Code: CallbackTopicOption + o.Option, Name: opt.Name, NameEn: opt.NameEn})
		}
	}
	return out
}

func excludedPlan(cb *CallbackSettings, plan string) bool {
	for _, x := range cb.NotCovered {
		for _, p := range x.Plans {
			if p == plan {
				return true
			}
		}
	}
	return false
}

// NotCoveredOf lists the families the callback does not cover.
func NotCoveredOf(cat *Catalog) []CallbackExcluded {
	if cat.Callback == nil {
		return nil
	}
	return cat.Callback.NotCovered
}

// ExcludedPlans are the contract's plans in use that the callback does not
// cover (its VPS), for the screen to name them.
func ExcludedPlans(cat *Catalog, c *Contract, now time.Time) []Plan {
	if cat.Callback == nil {
		return nil
	}
	var out []Plan
	for _, ps := range c.Plans {
		if ps.End != nil && ps.End.Before(now) || !excludedPlan(cat.Callback, ps.Plan) {
			continue
		}
		if p, ok := cat.Plan(ps.Plan); ok {
			out = append(out, p)
		}
	}
	return out
}

// checkCallbackRequest validates the form of a booking and returns it folded.
func checkCallbackRequest(r CallbackRequest, topics []CallbackTopic) (CallbackRequest, CallbackTopic, error) {
	pr := problems{}
	var topic CallbackTopic
	found := false
	for _, t := range topics {
		if t.Code == r.Topic {
			topic, found = t, true
		}
	}
	switch {
	case r.Topic == "":
		pr.add(FieldCallbackTopic, ProblemRequired)
	case !found:
		pr.add(FieldCallbackTopic, ProblemChoice)
	}
	if r.Slot.IsZero() {
		pr.add(FieldCallbackSlot, ProblemRequired)
	}
	if !r.Agreed {
		pr.add(FieldAgree, ProblemRequired)
	}
	r.Phone = NormalizeInput(FieldPhone, r.Phone)
	if r.Phone == "" {
		pr.add(FieldCallbackPhone, ProblemRequired)
	} else if code := phoneProblem(r.Phone); code != "" {
		pr.add(FieldCallbackPhone, code)
	}
	if code := validName(r.Name, CallbackNameMax); code != "" {
		pr.add(FieldCallbackName, code)
	}
	r.Name = strings.TrimSpace(r.Name)
	r.Note = strings.TrimSpace(r.Note)
	if code := textProblem(r.Note, CallbackNoteMax); code != "" {
		pr.add(FieldCallbackNote, code)
	}
	return r, topic, pr.err()
}

// Callbacks are kept in their bucket under CONTRACT/NUMBER, so that a
// contract's bookings are one prefix scan however many the others hold; the
// settings hold the sequence and, per slot, how many places are booked
// (callback-slot/SLOTKEY), kept in the transaction that books or cancels, so
// that the calendar reads its slots and never every booking.
const (
	settingCallbackSeq        = "callback-seq"
	settingCallbackSlotPrefix = "callback-slot/"
)

func callbackKey(contract, number string) string { return contract + "/" + number }

func slotCountKey(start time.Time) string { return settingCallbackSlotPrefix + SlotKey(start) }

// slotCounts reads the places booked of every slot of the calendar at now.
func slotCounts(tx Tx, cb CallbackSettings, now time.Time) (map[string]int, error) {
	out := map[string]int{}
	for _, d := range callbackCalendar(cb, now, nil, nil) {
		for _, sl := range d.Slots {
			var n int
			switch err := tx.Get(bucketSettings, slotCountKey(sl.Start), &n); {
			case err == nil:
				out[SlotKey(sl.Start)] = n
			case !errors.Is(err, ErrNoValue):
				return nil, err
			}
		}
	}
	return out, nil
}

// addToSlot moves the places booked of a slot by delta (a booking +1, its cancel −1).
func addToSlot(tx Tx, start time.Time, delta int) error {
	var n int
	if err := tx.Get(bucketSettings, slotCountKey(start), &n); err != nil && !errors.Is(err, ErrNoValue) {
		return err
	}
	if n += delta; n <= 0 {
		return tx.Delete(bucketSettings, slotCountKey(start))
	}
	return tx.Put(bucketSettings, slotCountKey(start), n)
}

// readCallbacks reads the bookings under a key prefix (a contract's: its
// number and "/"; every booking: ""), in key order.
func readCallbacks(tx Tx, prefix string) ([]Callback, error) {
	var out []Callback
	var derr error
	err := tx.Scan(bucketCallbacks, prefix, func(_ string, decode func(any) error) bool {
		var c Callback
		if derr = decode(&c); derr != nil {
			return false
		}
		out = append(out, c)
		return true
	})
	if err == nil {
		err = derr
	}
	return out, err
}

// contractCallbacks reads the contract's bookings and the places booked of
// the calendar's slots: all that a login's calendar and its refusals need.
func contractCallbacks(tx Tx, cb CallbackSettings, now time.Time, contract string) ([]Callback, map[string]int, error) {
	list, err := readCallbacks(tx, contract+"/")
	if err != nil {
		return nil, nil, err
	}
	counts, err := slotCounts(tx, cb, now)
	return list, counts, err
}

func (s *Service) callbackSettings() (CallbackSettings, error) {
	if s.cat.Callback == nil {
		return CallbackSettings{}, &CallbackError{Code: CallbackNoService}
	}
	return *s.cat.Callback, nil
}

// CallbackStart is what the booking screen offers: the topics, the calendar
// at now, the contract's phone number and name to prefill.
func (s *Service) CallbackStart(p Principal) (CallbackOptions, error) {
	var out CallbackOptions
	cb, err := s.callbackSettings()
	if err != nil {
		return out, err
	}
	err = s.view(func(tx Tx) error {
		p, c, err := s.authorizeTo(tx, p, FnCallback)
		if err != nil {
			return err
		}
		now, err := s.nowIn(tx)
		if err != nil {
			return err
		}
		list, counts, err := contractCallbacks(tx, cb, now, c.Number)
		if err != nil {
			return err
		}
		name := loginName(tx, p, c)
		out = CallbackOptions{Topics: CallbackTopics(s.cat, c, now, ownAccount(p)), NotCovered: NotCoveredOf(s.cat), Excluded: ExcludedPlans(s.cat, c, now),
			Calendar: loginCalendar(cb, now, list, counts, p.Actor(), c.Number), Phone: c.Customer.Phone,
			Name: strings.TrimSpace(name), MailTo: supportMailTo(tx, c, loginAccount(p)), Hours: cb.Hours,
			CallFrom: cb.Hours[0], CallUntil: cb.Hours[len(cb.Hours)-1] + 1, LeadMinutes: cb.LeadMinutes, ClosedWeekdays: cb.ClosedWeekdays, ClosedSpans: cb.ClosedSpans(), OpenMax: cb.OpenMax}
		return nil
	})
	return out, err
}

// CheckCallback validates the form of a booking before its confirm step: the
// fields, and the slot against the calendar as it is now.
func (s *Service) CheckCallback(p Principal, r CallbackRequest) (CallbackRequest, error) {
	cb, err := s.callbackSettings()
	if err != nil {
		return r, err
	}
	err = s.view(func(tx Tx) error {
		_, c, err := s.authorizeTo(tx, p, FnCallback)
		if err != nil {
			return err
		}
		now, err := s.nowIn(tx)
		if err != nil {
			return err
		}
		if r, _, err = checkCallbackRequest(r, CallbackTopics(s.cat, c, now, ownAccount(p))); err != nil {
			return err
		}
		list, counts, err := contractCallbacks(tx, cb, now, c.Number)
		if err != nil {
			return err
		}
		return slotRefusal(cb, now, list, counts, r.Slot, p.Actor(), c.Number)
	})
	return r, err
}

// loginCalendar is the calendar as a login of a contract sees it: the slots
// its contract has booked (list: the contract's bookings) marked, its own
// apart from its other logins'; counts are the places booked per slot.
func loginCalendar(cb CallbackSettings, now time.Time, list []Callback, counts map[string]int, login, contract string) []CallbackDay {
	ours := map[string]SlotState{}
	for _, c := range list {
		if c.State != CallbackBooked || c.Contract != contract {
			continue
		}
		k := SlotKey(c.Slot)
		if c.Login == login {
			ours[k] = SlotBooked
		} else if ours[k] == "" {
			ours[k] = SlotContract
		}
	}
	return callbackCalendar(cb, now, counts, ours)
}

// slotRefusal decides whether a login of a contract may book the slot, from
// the contract's bookings and the places booked as read in the transaction:
// one booking per contract and slot (so that one household cannot take every
// place of an hour), and at most OpenMax open bookings per login.
func slotRefusal(cb CallbackSettings, now time.Time, list []Callback, counts map[string]int, slot time.Time, login, contract string) error {
	cal := loginCalendar(cb, now, list, counts, login, contract)
	sl, ok := SlotOf(cal, slot)
	refuse := func(code string) error { return &CallbackError{Code: code, Calendar: cal} }
	switch {
	case !ok:
		return refuse(CallbackUnknown)
	case sl.State == SlotPast:
		return refuse(CallbackPast)
	case sl.State == SlotBooked || sl.State == SlotContract:
		return refuse(CallbackDuplicate)
	case sl.State == SlotLead:
		return refuse(CallbackLead)
	case sl.State == SlotClosed:
		return refuse(CallbackClosedDay)
	case sl.State == SlotFull:
		return refuse(CallbackFull)
	}
	open := 0
	for _, c := range list {
		if c.Login == login && c.Contract == contract && c.Upcoming(now) {
			open++
		}
	}
	if open >= cb.OpenMax {
		return refuse(CallbackOpenMax)
	}
	return nil
}

// cancelCallbacksOf cancels the contract's bookings still to be called, in
// the withdrawal's transaction: the support calls no former member, and their
// places go back to the slots.
func cancelCallbacksOf(tx Tx, contract string, now time.Time) error {
	return cancelBookings(tx, contract, "", now, CallbackWithdrawn)
}

// cancelBookings cancels the contract's bookings not yet over — those of the
// login when one is given (Principal.Actor) — for the reason, their places
// given back to the slots.
func cancelBookings(tx Tx, contract, login string, now time.Time, reason string) error {
	list, err := readCallbacks(tx, contract+"/")
	if err != nil {
		return err
	}
	for _, bk := range list {
		// Also the booking of the running hour: the call may still be made in it.
		if !bk.NotOver(now) || login != "" && bk.Login != login {
			continue
		}
		at := now
		bk.State, bk.Cancelled, bk.Reason = CallbackCancelled, &at, reason
		if err := tx.Put(bucketCallbacks, callbackKey(contract, bk.Number), bk); err != nil {
			return err
		}
		if err := addToSlot(tx, bk.Slot, -1); err != nil {
			return err
		}
	}
	return nil
}

// CallbackResult is a booking made or cancelled, with where its mail went.
type CallbackResult struct {
	Callback Callback `json:"callback"`
	MailedTo string   `json:"mailed_to"`
}

// BookCallback books the slot (seed 002). Everything is checked again in the
// transaction, the places of the slot counted in it, so that of two logins
// racing for the last place exactly one gets it; the other is refused with
// CallbackFull and the calendar as it is now.
func (s *Service) BookCallback(p Principal, token string, r CallbackRequest) (CallbackResult, error) {
	var out CallbackResult
	cb, err := s.callbackSettings()
	if err != nil {
		return out, err
	}
	err = s.procedure(p, "callback-book", SlotKey(r.Slot), token, func(tx Tx, now time.Time) error {
		p, c, err := s.authorizeTo(tx, p, FnCallback)
		if err != nil {
			return err
		}
		r, topic, err := checkCallbackRequest(r, CallbackTopics(s.cat, c, now, ownAccount(p)))
		if err != nil {
			return err
		}
		list, counts, err := contractCallbacks(tx, cb, now, c.Number)
		if err != nil {
			return err
		}
		if err := slotRefusal(cb, now, list, counts, r.Slot, p.Actor(), c.Number); err != nil {
			return err
		}
		number, err := nextNumber(tx, now, settingCallbackSeq, "CB")
		if err != nil {
			return err
		}
		bk := Callback{Number: number, Contract: c.Number, Login: p.Actor(), Topic: topic.Code,
			TopicName: topic.Name, TopicEn: topic.NameEn, Slot: r.Slot.In(JST), Phone: r.Phone, Name: r.Name,
			Note: r.Note, State: CallbackBooked, BookedAt: now}
		if err := tx.Put(bucketCallbacks, callbackKey(c.Number, number), bk); err != nil {
			return err
		}
		if err := addToSlot(tx, bk.Slot, 1); err != nil {
			return err
		}
		to := supportMailTo(tx, c, bk.AccountID())
		out = CallbackResult{Callback: bk, MailedTo: to}
		return sendMail(tx, now, to, "【マイページ】コールバック予約受付のお知らせ", callbackMail(c, bk, false))
	})
	return committed(out, err)
}

// CancelCallback cancels a booking of the principal's reach before its slot starts.
func (s *Service) CancelCallback(p Principal, token, number string) (CallbackResult, error) {
	var out CallbackResult
	err := s.procedure(p, "callback-cancel", number, token, func(tx Tx, now time.Time) error {
		p, c, err := s.authorizeTo(tx, p, FnCallback)
		if err != nil {
			return err
		}
		var bk Callback
		if err := tx.Get(bucketCallbacks, callbackKey(c.Number, number), &bk); err != nil {
			if errors.Is(err, ErrNoValue) {
				return ErrNotFound
			}
			return err
		}
		if !reachesCallback(p, c, bk) {
			return ErrNotFound
		}
		if !bk.Upcoming(now) {
			return &CallbackError{Code: CallbackNotOpen}
		}
		bk.State, bk.Cancelled = CallbackCancelled, &now
		if err := tx.Put(bucketCallbacks, callbackKey(c.Number, number), bk); err != nil {
			return err
		}
		if err := addToSlot(tx, bk.Slot, -1); err != nil {
			return err
		}
		// The login that booked is the one to be called: it hears of the cancellation.
		to := supportMailTo(tx, c, bk.AccountID())
		out = CallbackResult{Callback: bk, MailedTo: to}
		return sendMail(tx, now, to, "【マイページ】コールバック予約取消のお知らせ", callbackMail(c, bk, true))
	})
	return committed(out, err)
}

// reachesCallback: each login reaches the bookings it made (FnCallback
// ○ ○ ○); the matrix keeps ReachAll for a row that may widen it.
func reachesCallback(p Principal, c *Contract, bk Callback) bool {
	if bk.Contract != c.Number {
		return false
	}
	switch ReachOf(p, FnCallback) {
	case ReachAll:
		return true
	case ReachOwn:
		return bk.Login == p.Actor()
	}
	return false
}

// Callbacks lists the bookings the principal reaches, the latest slot first.
func (s *Service) Callbacks(p Principal) ([]Callback, error) {
	var out []Callback
	err := s.view(func(tx Tx) error {
		out = nil
		p, c, err := s.authorizeTo(tx, p, FnCallback)
		if err != nil {
			return err
		}
		list, err := readCallbacks(tx, c.Number+"/")
		if err != nil {
			return err
		}
		for _, bk := range list {
			if reachesCallback(p, c, bk) {
				out = append(out, bk)
			}
		}
		sortCallbacks(out, true)
		return nil
	})
	return out, err
}

func sortCallbacks(list []Callback, latestFirst bool) {
	for i := 1; i < len(list); i++ {
		for j := i; j > 0; j-- {
			a, b := list[j-1], list[j]
			before := a.Slot.Before(b.Slot) || a.Slot.Equal(b.Slot) && a.Number < b.Number
			if before == latestFirst {
				list[j-1], list[j] = b, a
			}
		}
	}
}

// CallList is the back office's call list of a day (its JST calendar day):
// every booking of its slots, cancelled ones included, by slot then number.
func (s *Service) CallList(p Principal, day time.Time) ([]Callback, error) {
	if p.Kind != KindOperator {
		return nil, ErrForbidden
	}
	d := day.In(JST)
	from := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, JST)
	to := from.AddDate(0, 0, 1)
	var out []Callback
	err := s.view(func(tx Tx) error {
		// The back office's list of a day reads every booking.
		list, err := readCallbacks(tx, "")
		if err != nil {
			return err
		}
		out = nil
		for _, bk := range list {
			if !bk.Slot.Before(from) && bk.Slot.Before(to) {
				out = append(out, bk)
			}
		}
		sortCallbacks(out, false)
		return nil
	})
	return out, err
}

// callbackMail is the body of the mail of a booking or its cancel. The note
// is stored text, already refused of controls; it is quoted cut to one line.
func callbackMail(c *Contract, bk Callback, cancelled bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "お客様番号 %s\n予約番号: %s\n", c.Number, bk.Number)
	end := bk.Slot.Add(time.Hour)
	fmt.Fprintf(&b, "ご希望の時間帯: %s %s～%s\n", bk.Slot.In(JST).Format("2006/01/02"), bk.Slot.In(JST).Format("15:04"), end.In(JST).Format("15:04"))
	fmt.Fprintf(&b, "お問い合わせ内容: %s\nお電話番号: %s\nお名前: %s様\n", bk.TopicName, bk.Phone, EscapeLine(bk.Name))
	if bk.Note != "" {
		fmt.Fprintf(&b, "ご相談の内容: %s\n", EscapeLine(cutRunes(bk.Note, CallbackNoteMax)))
	}
	b.WriteString("\n")
	if cancelled {
		b.WriteString("コールバックのご予約を取り消しました。\n")
	} else {
		b.WriteString("コールバックのご予約を承りました。ご希望の時間帯に、上記のお電話番号へ担当者からお電話いたします。\n")
		b.WriteString("ご予約の確認・取消は、ご予約いただいたログインでマイページにログインし、お問い合わせ → 予約の確認・取消から行えます。\n")
	}
	b.WriteString("お心当たりのない場合はインフォメーションセンターへご連絡ください。\n")
	return b.String()
}

func cutRunes(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max])
}

// SlotEnd is the end of the hour a slot starting at start stands for (seed
// 002: an 11:00 slot is a call between 11:00 and 12:00).
func SlotEnd(start time.Time) time.Time { return start.Add(time.Hour) }
