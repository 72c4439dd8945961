package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/flow"
	"mypage/tui/form"
	"mypage/tui/wrap"
)

// callbackScreen is コールバック予約 (seed 002): the topic → the calendar of
// hourly slots → the agreement to the handling of personal information → the
// form (phone number, name, note) → confirm → complete with the number.
// Core decides every slot's state and refuses a slot gone meanwhile; the
// screen then shows the calendar as core read it.
type callbackScreen struct {
	flow.Flow
	sh     *common.Common
	opts   core.CallbackOptions
	agree  *form.Form // the agreement before the form
	pick   int        // callbackTopic, callbackCalendar, callbackAgree, then the flow's steps
	topic  int        // cursor over the topics
	day    int        // cursor: the day of the calendar and the hour (its index)
	hour   int
	req    core.CallbackRequest
	result core.CallbackResult
	// gen tells the read of the calendar now on screen from one left;
	// reading is set while the calendar is read again on the way in, which
	// takes no key meanwhile.
	gen     int
	reading bool
}

// The choosing stages before the flow's input step.
const (
	callbackTopic = iota
	callbackCalendar
	callbackAgree
	callbackForm
)

// callbackWeek is how many days the calendar shows at once: a week fits 80×24.
const callbackWeek = 7

type callbackLoadedMsg struct {
	o   core.CallbackOptions
	err error
}

// callbackBackMsg: the way back of the form leads to the calendar.
type callbackBackMsg struct{}

// callbackCalendarMsg is the calendar read again on the way into the
// calendar step.
type callbackCalendarMsg struct {
	o   core.CallbackOptions
	err error
	gen int
}

func newCallbackScreen(sh *common.Common) *callbackScreen {
	s := &callbackScreen{sh: sh}
	s.Flow = flow.Flow{Common: sh, Cancel: common.Send(callbackBackMsg{}), Finish: open(routeCallbacks{})}
	s.Check = func() flow.Job {
		r := s.request()
		return func() (any, error) { return sh.Svc.CheckCallback(sh.Who, r) }
	}
	s.Submit = func(token string) flow.Job {
		r := s.req
		return func() (any, error) { return sh.Svc.BookCallback(sh.Who, token, r) }
	}
	s.Checked = func(v any) { s.req, _ = v.(core.CallbackRequest) }
	s.Saved = func(v any) { s.result, _ = v.(core.CallbackResult) }
	return s
}

func (s *callbackScreen) Init() tea.Cmd {
	sh := s.sh
	return func() tea.Msg {
		o, err := sh.Svc.CallbackStart(sh.Who)
		return callbackLoadedMsg{o: o, err: err}
	}
}

// readCalendar reads the calendar again: the slots change with time and with
// the bookings of other subscribers, so the calendar shown is never the one
// read when the screen opened.
func (s *callbackScreen) readCalendar() tea.Cmd {
	s.gen++
	s.reading = true
	sh, gen := s.sh, s.gen
	return func() tea.Msg {
		o, err := sh.Svc.CallbackStart(sh.Who)
		return callbackCalendarMsg{o: o, err: err, gen: gen}
	}
}

// calendarRead shows the calendar read again, the cursor kept on its slot
// while that can still be booked.
func (s *callbackScreen) calendarRead(m callbackCalendarMsg) tea.Cmd {
	if m.gen != s.gen {
		return nil // a read of a calendar left meanwhile
	}
	s.reading = false
	if m.err != nil {
		var cmd tea.Cmd
		s.Err, cmd = s.sh.Failure(m.err)
		return cmd
	}
	s.showCalendar(m.o.Calendar, false)
	return nil
}

// showCalendar puts a calendar on screen: the cursor stays on its slot while
// that is open (or, keep, to show why it is gone), else goes to the first
// open one.
func (s *callbackScreen) showCalendar(cal []core.CallbackDay, keep bool) {
	was := s.cell().Start
	s.opts.Calendar = cal
	s.pick = callbackCalendar
	for d, day := range cal {
		for h, sl := range day.Slots {
			if sl.Start.Equal(was) && (keep || sl.State == core.SlotOpen) {
				s.day, s.hour = d, h
				return
			}
		}
	}
	s.day, s.hour = 0, 0
	s.firstOpen()
}

// leaveCalendar drops the read of the calendar left.
func (s *callbackScreen) leaveCalendar() {
	s.gen++
	s.reading = false
}

// request is the booking as chosen and typed so far.
func (s *callbackScreen) request() core.CallbackRequest {
	r := core.CallbackRequest{Topic: s.opts.Topics[s.topic].Code, Slot: s.cell().Start}
	if s.agree != nil {
		r.Agreed = s.agree.Checked(core.FieldAgree)
	}
	if s.Form != nil {
		r.Phone = s.Form.Value(core.FieldCallbackPhone)
		r.Name = s.Form.Value(core.FieldCallbackName)
		r.Note = s.Form.Value(core.FieldCallbackNote)
	}
	return r
}

func (s *callbackScreen) cell() core.CallbackSlot {
	cal := s.opts.Calendar
	if s.day < len(cal) && s.hour < len(cal[s.day].Slots) {
		return cal[s.day].Slots[s.hour]
	}
	return core.CallbackSlot{}
}

// firstOpen puts the cursor on the first slot that can be booked.
func (s *callbackScreen) firstOpen() {
	for d, day := range s.opts.Calendar {
		for h, sl := range day.Slots {
			if sl.State == core.SlotOpen {
				s.day, s.hour = d, h
				return
			}
		}
	}
}

// buildAgree lays out the agreement once: coming back keeps it ticked.
func (s *callbackScreen) buildAgree() {
	if s.agree != nil {
		return
	}
	sh := s.sh
	f := form.New(sh, sh.T("button.next"), sh.T("button.back"))
	f.Notes(sh.T("callback.privacy"), sh.T("callback.privacy.use"), sh.T("callback.privacy.keep"))
	f.Check(core.FieldAgree, sh.T("callback.agree_label"), sh.T("common.agree"), true).Problems("callback_agree")
	s.agree = f
}

// buildForm lays out the form once: going back to the calendar and on again
// keeps what was typed.
func (s *callbackScreen) buildForm() {
	if s.Form != nil {
		return
	}
	sh := s.sh
	f := form.New(sh, sh.T("button.next"), sh.T("button.back"))
	f.Text(core.FieldCallbackPhone, sh.T("callback.phone"), true, core.TextLimit(core.FieldPhone), s.opts.Phone)
	f.Text(core.FieldCallbackName, sh.T("callback.name"), true, core.CallbackNameMax, s.opts.Name)
	// Room beyond the limit: typing goes on, and core names the length
	// beside the field, so that nothing typed is cut away unseen.
	f.Text(core.FieldCallbackNote, sh.T("callback.note_field"), false, 2*core.CallbackNoteMax, "")
	s.Form = f
}

func (s *callbackScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case callbackLoadedMsg:
		return s, s.AfterLoad(m.err, func() { s.opts = m.o; s.firstOpen() })
	case callbackBackMsg:
		s.pick, s.Err = callbackAgree, ""
		return s, s.agree.FocusFirst()
	case callbackCalendarMsg:
		return s, s.calendarRead(m)
	case flow.CheckedMsg:
		if s.slotGone(m.Err) {
			return s, nil
		}
	case flow.SavedMsg:
		if s.slotGone(m.Err) {
			return s, nil
		}
	case tea.KeyMsg:
		if !s.Loaded || s.pick == callbackForm {
			break
		}
		if s.reading && s.pick != callbackCalendar {
			return s, nil // on the way into the calendar
		}
		return s, s.choose(m)
	}
	cmd, _ := s.Flow.Handle(msg)
	return s, cmd
}

// slotGone takes core's refusal of the slot (full meanwhile, past, closed):
// back to the calendar as core read it, with the reason on top; what was
// typed stays in the form.
func (s *callbackScreen) slotGone(err error) bool {
	ce := core.CallbackErrorOf(err)
	if ce == nil {
		return false
	}
	s.Busy, s.Step = false, flow.Input
	s.Err = callbackErrorText(s.sh, ce.Code, s.opts)
	if len(ce.Calendar) > 0 {
		// Read with the refusal: the calendar as it is now.
		s.leaveCalendar()
		s.showCalendar(ce.Calendar, true)
	}
	return true
}

// choose moves over the topics or the calendar's cells.
func (s *callbackScreen) choose(k tea.KeyMsg) tea.Cmd {
	keys := s.sh.Keys
	if s.pick == callbackAgree {
		return s.agreeKey(k)
	}
	if s.pick == callbackTopic {
		switch {
		case key.Matches(k, keys.Back):
			return common.Send(common.BackToMenuMsg{})
		case key.Matches(k, keys.Up):
			s.topic = max(s.topic-1, 0)
		case key.Matches(k, keys.Down):
			s.topic = min(s.topic+1, max(len(s.opts.Topics)-1, 0))
		case key.Matches(k, keys.Enter) && len(s.opts.Topics) > 0:
			s.Err = ""
			return s.readCalendar()
		}
		return nil
	}
	days := len(s.opts.Calendar)
	switch {
	case key.Matches(k, keys.Back):
		s.leaveCalendar()
		s.pick, s.Err = callbackTopic, ""
	case key.Matches(k, keys.Up):
		s.day = max(s.day-1, 0)
	case key.Matches(k, keys.Down):
		s.day = min(s.day+1, max(days-1, 0))
	case key.Matches(k, keys.Left):
		s.hour = max(s.hour-1, 0)
	case key.Matches(k, keys.Right):
		s.hour = min(s.hour+1, max(len(s.opts.Hours)-1, 0))
	case key.Matches(k, keys.Enter):
		if s.cell().State != core.SlotOpen {
			return nil // the reason shows under the calendar
		}
		s.leaveCalendar()
		s.pick, s.Err = callbackAgree, ""
		s.buildAgree()
		return s.agree.FocusFirst()
	}
	return nil
}

// agreeKey takes a key on the agreement: on to the form once it is ticked
// (the screen says so beside it otherwise), or back to the calendar.
func (s *callbackScreen) agreeKey(k tea.KeyMsg) tea.Cmd {
	if key.Matches(k, s.sh.Keys.Back) {
		return s.readCalendar()
	}
	pressed, cmd := s.agree.Update(k)
	switch pressed {
	case 0:
		if !s.agree.Checked(core.FieldAgree) {
			return s.agree.SetProblems(map[string]string{core.FieldAgree: core.ProblemRequired})
		}
		s.pick = callbackForm
		s.buildForm()
		return s.Form.FocusFirst()
	case 1:
		return s.readCalendar()
	}
	return cmd
}

// Captures: the topic and calendar stages take Esc (back one stage), and the
// form and confirm steps as the flow does.
func (s *callbackScreen) Captures(k tea.KeyMsg) bool {
	if s.Loaded && s.pick < callbackForm {
		return s.pick != callbackTopic && key.Matches(k, s.sh.Keys.Back)
	}
	return s.Flow.Captures(k)
}

// Stage: the choosing stages and the form are the input step.
func (s *callbackScreen) Stage() int { return int(s.Step) }

// TextFocus: only the form takes typed text.
func (s *callbackScreen) TextFocus() bool { return s.pick == callbackForm && s.Flow.TextFocus() }

func (s *callbackScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *callbackScreen) ShortHelp() []key.Binding {
	k := s.sh.Keys
	switch {
	case !s.Loaded:
		return nil
	case s.pick == callbackTopic:
		return []key.Binding{k.Up, k.Down, withHelp(k.Enter, s.sh.T("callback.key.choose"))}
	case s.pick == callbackCalendar:
		return []key.Binding{k.Up, k.Down, k.Left, k.Right, withHelp(k.Enter, s.sh.T("callback.key.choose"))}
	case s.pick == callbackAgree:
		return s.agree.Keys()
	}
	return s.Flow.ShortHelp()
}

// View renders the body at the width SetSize gave.
func (s *callbackScreen) View() string { return s.Show(s.render) }

func (s *callbackScreen) render(width int) (string, int) {
	sh := s.sh
	title := "callback.title_topic"
	switch {
	case s.Step == flow.Confirm:
		title = "callback.title_confirm"
	case s.Step == flow.Complete:
		title = "callback.title_done"
	case s.pick == callbackCalendar:
		title = "callback.title_calendar"
	case s.pick == callbackAgree:
		title = "callback.title_agree"
	case s.pick == callbackForm:
		title = "callback.title_form"
	}
	var b strings.Builder
	if !s.Head(&b, sh.T(title), width) {
		return b.String(), 0
	}
	switch {
	case s.Step == flow.Confirm:
		b.WriteString(sh.Wrap(width, sh.T("callback.confirm_lead")) + "\n\n")
		rows := s.rows(s.req)
		if s.opts.MailTo != "" {
			rows = append(rows, kvRow{sh.T("callback.mail_to"), core.EscapeLine(s.opts.MailTo)})
		}
		b.WriteString(kvTable(sh, rows, width) + "\n\n")
		b.WriteString(s.ConfirmButtons(sh.T("callback.button.book"), sh.T("button.back_to_input")))
		return b.String(), strings.Count(b.String(), "\n")
	case s.Step == flow.Complete:
		r := s.result
		b.WriteString(sh.St.Success.Render(sh.Wrap(width, sh.T("callback.done"))) + "\n")
		if r.MailedTo != "" {
			b.WriteString(sh.Wrap(width, sh.T("callback.mailed", r.MailedTo)) + "\n")
		}
		rows := append([]kvRow{{sh.T("callback.number"), r.Callback.Number}}, s.rows(s.req)...)
		b.WriteString("\n" + kvTable(sh, rows[:3], width) + "\n\n")
		b.WriteString(sh.Buttons(0, sh.T("callback.button.list")))
		return b.String(), strings.Count(b.String(), "\n")
	case s.pick == callbackTopic:
		return s.renderTopics(&b, width)
	case s.pick == callbackCalendar:
		return s.renderCalendar(&b, width)
	}
	b.WriteString(kvTable(sh, s.rows(s.request())[:2], width) + "\n")
	f := s.Form
	if s.pick == callbackAgree {
		f = s.agree // its notes open with a blank line of their own
	} else {
		b.WriteString("\n")
	}
	top := strings.Count(b.String(), "\n")
	body, focus := f.View(width)
	b.WriteString(body)
	return b.String(), top + focus
}

// rows are the booking's lines of the confirm and complete steps.
func (s *callbackScreen) rows(r core.CallbackRequest) []kvRow {
	sh := s.sh
	note := r.Note
	if note == "" {
		note = "-"
	}
	return []kvRow{
		{sh.T("callback.topic"), s.topicName()},
		{sh.T("callback.slot"), s.slotText(r.Slot)},
		{sh.T("callback.phone"), r.Phone},
		{sh.T("callback.name"), r.Name},
		{sh.T("callback.note"), note},
	}
}

func (s *callbackScreen) topicName() string {
	if s.topic < len(s.opts.Topics) {
		return callbackTopicName(s.sh, s.opts.Topics[s.topic])
	}
	return ""
}

func callbackTopicName(sh *common.Common, t core.CallbackTopic) string {
	if sh.Msg.Lang() == "en" && t.NameEn != "" {
		return t.NameEn
	}
	return t.Name
}

func (s *callbackScreen) slotText(start time.Time) string { return callbackSlotText(s.sh, start) }

// callbackSlotText is a slot as the screens write it: 2026/11/24(火) 11:00～12:00.
func callbackSlotText(sh *common.Common, start time.Time) string {
	if start.IsZero() {
		return ""
	}
	t := start.In(core.JST)
	return sh.T("callback.slot_value", sh.Date(t), callbackWeekday(sh, t), t.Format("15:04"), core.SlotEnd(t).Format("15:04"))
}

// callbackDay is the day of a slot as the calendar's line under it says it: 2026/11/24(火).
func callbackDay(sh *common.Common, t time.Time) string {
	return sh.T("callback.day", sh.Date(t), callbackWeekday(sh, t))
}

func callbackWeekday(sh *common.Common, t time.Time) string {
	return sh.T(fmt.Sprintf("callback.weekday.%d", t.In(core.JST).Weekday()))
}

// padCells pads s with spaces to n cells of the terminal.
func padCells(s string, n int) string {
	if w := lipgloss.Width(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

// callbackErrorText words core's refusal of a booking; the lead time and
// the bound are the catalog's.
func callbackErrorText(sh *common.Common, code string, o core.CallbackOptions) string {
	switch code {
	case core.CallbackLead:
		return sh.T("callback.error.lead", o.LeadMinutes)
	case core.CallbackOpenMax:
		return sh.T("callback.error.open-max", o.OpenMax)
	}
	return sh.T("callback.error." + code)
}

// callbackLead is the lead of the booking: the hours of the calls, the days
// without, the lead time, all as the catalog sets them.
func callbackLead(sh *common.Common, o core.CallbackOptions) string {
	from, until := fmt.Sprintf("%d:00", o.CallFrom), fmt.Sprintf("%d:00", o.CallUntil)
	var closed []string
	for _, w := range o.ClosedWeekdays {
		closed = append(closed, sh.T("callback.closed_weekday", sh.T(fmt.Sprintf("callback.weekday_long.%d", w))))
	}
	for _, sp := range o.ClosedSpans {
		day := func(t time.Time) string {
			if t.Year() == 0 {
				return t.Format("1/2")
			}
			return sh.Date(t)
		}
		if sp.From.Equal(sp.To) {
			closed = append(closed, day(sp.From))
		} else {
			closed = append(closed, sh.T("callback.closed_span", day(sp.From), day(sp.To)))
		}
	}
	if len(closed) == 0 {
		return sh.T("callback.lead_open", from, until, o.LeadMinutes)
	}
	return sh.T("callback.lead", from, until, strings.Join(closed, sh.T("callback.closed_sep")), o.LeadMinutes)
}

func (s *callbackScreen) renderTopics(b *strings.Builder, width int) (string, int) {
	sh := s.sh
	b.WriteString(sh.St.Muted.Render(sh.Wrap(width, callbackLead(sh, s.opts))) + "\n\n")
	if len(s.opts.Topics) == 0 {
		b.WriteString(sh.Wrap(width, sh.T("callback.no_topics")) + "\n")
	} else {
		b.WriteString(sh.Section(sh.T("callback.topic_lead")) + "\n")
	}
	focus := strings.Count(b.String(), "\n")
	for i, t := range s.opts.Topics {
		line := sh.FocusMark(i == s.topic) + core.EscapeLine(callbackTopicName(sh, t))
		if i == s.topic {
			line = sh.St.Value.Render(line)
		}
		b.WriteString(line + "\n")
	}
	focus += s.topic
	if len(s.opts.NotCovered) > 0 {
		var names []string
		for _, x := range s.opts.NotCovered {
			n := x.Name
			if sh.Msg.Lang() == "en" && x.NameEn != "" {
				n = x.NameEn
			}
			names = append(names, core.EscapeLine(n))
		}
		notes := []string{sh.T("callback.not_covered", strings.Join(names, sh.T("callback.sep")))}
		for _, p := range s.opts.Excluded {
			notes = append(notes, sh.T("callback.excluded", sh.PlanName(p)))
		}
		b.WriteString("\n" + sh.Notes(width, notes...) + "\n")
	}
	return b.String(), focus
}

// renderCalendar shows the week of the cursor's day: days as rows, the hours
// as columns; a cell says the places left, or why it cannot be chosen.
func (s *callbackScreen) renderCalendar(b *strings.Builder, width int) (string, int) {
	sh := s.sh
	cal := s.opts.Calendar
	b.WriteString(sh.Wrap(width, sh.T("callback.topic")+": "+core.EscapeLine(s.topicName())) + "\n\n")
	from := s.day / callbackWeek * callbackWeek
	to := min(from+callbackWeek, len(cal))
	head := strings.Repeat(" ", 10)
	for _, h := range s.opts.Hours {
		head += fmt.Sprintf(" %02d  ", h)
	}
	b.WriteString(sh.St.Label.Render(strings.TrimRight(head, " ")) + "\n")
	focus := strings.Count(b.String(), "\n")
	for d := from; d < to; d++ {
		day := cal[d]
		label := sh.T("callback.day", day.Day.In(core.JST).Format("01/02"), callbackWeekday(sh, day.Day))
		line := padCells(label, 10)
		for h, sl := range day.Slots {
			text := sh.T("callback.cell." + string(sl.State))
			if sl.State == core.SlotOpen {
				text = fmt.Sprint(sl.Left)
			}
			cell := " " + padCells(text, 2) + " "
			switch {
			case d == s.day && h == s.hour:
				cell = sh.St.Value.Render("[" + padCells(text, 2) + "]")
			case sl.State != core.SlotOpen:
				cell = sh.St.Muted.Render(cell)
			}
			line += cell + " "
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	sl := s.cell()
	state := sh.T("callback.state." + string(sl.State))
	switch sl.State {
	case core.SlotOpen:
		state = sh.T("callback.state.open", sl.Left)
	case core.SlotLead:
		state = sh.T("callback.state.lead", s.opts.LeadMinutes)
	}
	b.WriteString("\n" + sh.Wrap(width, sh.T("callback.cursor", callbackDay(sh, sl.Start),
		sl.Start.In(core.JST).Format("15:04"), core.SlotEnd(sl.Start).In(core.JST).Format("15:04"), state)) + "\n")
	// The legend's items are separated by two spaces; each stays whole on its line.
	legend := strings.Split(sh.T("callback.legend", s.opts.LeadMinutes), "  ")
	b.WriteString(sh.St.Muted.Render(wrap.Items(legend, "  ", width)) + "\n")
	if len(cal) > callbackWeek {
		// The way to the other week: on, or back from the last.
		more := "callback.week_more"
		if to == len(cal) {
			more = "callback.week_back"
		}
		b.WriteString(sh.St.Muted.Render(sh.Wrap(width, sh.T("callback.week", sh.Date(cal[from].Day), sh.Date(cal[to-1].Day))+"  "+sh.T(more))) + "\n")
	}
	return b.String(), focus + s.day - from
}
