package core_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mypage/core"
	"mypage/store"
)

func bt(s string) *time.Time {
	t, err := time.ParseInLocation("2006-01-02T15:04", s, core.JST)
	if err != nil {
		panic(err)
	}
	return &t
}

// "Open" is not closed and now within [from, until): the rule of the banner.
func TestBulletinOpenAt(t *testing.T) {
	closed := bt("2026-04-01T09:00")
	cases := []struct {
		name  string
		b     core.Bulletin
		now   string
		open  bool
		state core.BulletinState
	}{
		{"no period: open from its posting", core.Bulletin{}, "2026-04-01T10:00", true, core.BulletinOpen},
		{"before from: scheduled", core.Bulletin{From: bt("2026-04-02T00:00")}, "2026-04-01T23:59", false, core.BulletinScheduled},
		{"at from: open", core.Bulletin{From: bt("2026-04-02T00:00")}, "2026-04-02T00:00", true, core.BulletinOpen},
		{"before until: open", core.Bulletin{Until: bt("2026-04-02T00:00")}, "2026-04-01T23:59", true, core.BulletinOpen},
		{"until passed: not open", core.Bulletin{Until: bt("2026-04-02T00:00")}, "2026-04-02T00:00", false, core.BulletinOver},
		{"within from and until", core.Bulletin{From: bt("2026-04-01T00:00"), Until: bt("2026-04-03T00:00")}, "2026-04-02T12:00", true, core.BulletinOpen},
		{"closed: not open whatever the period", core.Bulletin{Closed: closed}, "2026-04-01T10:00", false, core.BulletinOver},
		{"closed before its period: over, not scheduled", core.Bulletin{From: bt("2026-05-01T00:00"), Closed: closed}, "2026-04-01T10:00", false, core.BulletinOver},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			now := *bt(c.now)
			if got := c.b.OpenAt(now); got != c.open {
				t.Errorf("OpenAt = %v, want %v", got, c.open)
			}
			if got := c.b.StateAt(now); got != c.state {
				t.Errorf("StateAt = %v, want %v", got, c.state)
			}
		})
	}
}

// A day alone as the end of the period is the end of that day.
func TestParseBulletinTime(t *testing.T) {
	cases := []struct {
		in   string
		end  bool
		want string
		bad  bool
	}{
		{"2026-04-02", false, "2026-04-02T00:00", false},
		{"2026-04-02", true, "2026-04-03T00:00", false},
		{"2026-04-02T13:30", true, "2026-04-02T13:30", false},
		{"2026/04/02", false, "", true},
		{"2026-04-02 13:30", false, "", true},
	}
	for _, c := range cases {
		got, err := core.ParseBulletinTime(c.in, c.end)
		if c.bad {
			if err == nil {
				t.Errorf("%q: %v, want an error", c.in, got)
			}
			continue
		}
		if err != nil || !got.Equal(*bt(c.want)) {
			t.Errorf("%q end=%v: %v, %v, want %s", c.in, c.end, got, err, c.want)
		}
	}
}

// SPEC §11.5: a bulletin's text has length limits and never stores a control
// or bidi character; the body keeps its lines.
func TestAddBulletinChecks(t *testing.T) {
	e := newEnv(t)
	ok := core.NewBulletin{Kind: core.BulletinOutage, Title: "メール送受信障害", Body: "一部のお客様でメールが受信できません。"}
	cases := []struct {
		name        string
		edit        func(*core.NewBulletin)
		field, code string
	}{
		{"kind required", func(n *core.NewBulletin) { n.Kind = "" }, core.FieldBulletinKind, core.ProblemRequired},
		{"kind outage or maintenance", func(n *core.NewBulletin) { n.Kind = "news" }, core.FieldBulletinKind, core.ProblemChoice},
		{"title required", func(n *core.NewBulletin) { n.Title = "  " }, core.FieldBulletinTitle, core.ProblemRequired},
		{"title at most 60 characters", func(n *core.NewBulletin) { n.Title = strings.Repeat("障", 61) }, core.FieldBulletinTitle, core.ProblemLength},
		{"title: no escape sequence", func(n *core.NewBulletin) { n.Title = "\x1b[2J障害" }, core.FieldBulletinTitle, core.ProblemFormat},
		{"title: one line", func(n *core.NewBulletin) { n.Title = "障害\n発生" }, core.FieldBulletinTitle, core.ProblemFormat},
		{"body required", func(n *core.NewBulletin) { n.Body = "\n\n" }, core.FieldBulletinBody, core.ProblemRequired},
		{"body at most 2000 characters", func(n *core.NewBulletin) { n.Body = strings.Repeat("あ", 2001) }, core.FieldBulletinBody, core.ProblemLength},
		{"body: no escape sequence", func(n *core.NewBulletin) { n.Body = "復旧しました\x1b]0;x\x07" }, core.FieldBulletinBody, core.ProblemFormat},
		{"body: no bidi override", func(n *core.NewBulletin) { n.Body = "復旧\u202eしました" }, core.FieldBulletinBody, core.ProblemFormat},
		{"body: no lone carriage return", func(n *core.NewBulletin) { n.Body = "復旧\rしました" }, core.FieldBulletinBody, core.ProblemFormat},
		{"until after from", func(n *core.NewBulletin) { n.From, n.Until = bt("2026-04-02T10:00"), bt("2026-04-02T10:00") }, core.FieldBulletinUntil, core.ProblemBeforeFrom},
		// The English text, optional, follows the same rules, and its title and body go together.
		{"English title without its body", func(n *core.NewBulletin) { n.TitleEn = "Mail outage" }, core.FieldBulletinBodyEn, core.ProblemRequired},
		{"English body without its title", func(n *core.NewBulletin) { n.BodyEn = "Some mail is not delivered." }, core.FieldBulletinTitleEn, core.ProblemRequired},
		{"English title at most 60 characters", func(n *core.NewBulletin) { n.TitleEn, n.BodyEn = strings.Repeat("x", 61), "Restored." }, core.FieldBulletinTitleEn, core.ProblemLength},
		{"English title: no escape sequence", func(n *core.NewBulletin) { n.TitleEn, n.BodyEn = "\x1b[2JOutage", "Restored." }, core.FieldBulletinTitleEn, core.ProblemFormat},
		{"English title: one line", func(n *core.NewBulletin) { n.TitleEn, n.BodyEn = "Mail\noutage", "Restored." }, core.FieldBulletinTitleEn, core.ProblemFormat},
		{"English body at most 2000 characters", func(n *core.NewBulletin) { n.TitleEn, n.BodyEn = "Outage", strings.Repeat("a", 2001) }, core.FieldBulletinBodyEn, core.ProblemLength},
		{"English body: no bidi override", func(n *core.NewBulletin) { n.TitleEn, n.BodyEn = "Outage", "Rest\u202eored." }, core.FieldBulletinBodyEn, core.ProblemFormat},
		{"English body: not UTF-8", func(n *core.NewBulletin) { n.TitleEn, n.BodyEn = "Outage", "\xff" }, core.FieldBulletinBodyEn, core.ProblemFormat},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := ok
			c.edit(&n)
			_, err := e.svc.AddBulletin(e.op, n)
			wantProblem(t, err, c.field, c.code)
		})
	}
	list, err := e.svc.Bulletins(core.Principal{})
	if err != nil || len(list) != 0 {
		t.Fatalf("refused bulletins were stored: %v %v", list, err)
	}
	// Line ends CR LF are stored as LF, trailing blank lines dropped.
	n := ok
	n.Body = "一行目\r\n二行目\r\n\r\n"
	b, err := e.svc.AddBulletin(e.op, n)
	if err != nil || b.Body != "一行目\n二行目" {
		t.Fatalf("body %q, %v", b.Body, err)
	}
	// The English text is stored folded alike.
	n.TitleEn, n.BodyEn = "  Mail outage ", "Line one\r\nLine two\r\n"
	b, err = e.svc.AddBulletin(e.op, n)
	if err != nil || b.TitleEn != "Mail outage" || b.BodyEn != "Line one\nLine two" {
		t.Fatalf("English text %q %q, %v", b.TitleEn, b.BodyEn, err)
	}
	list, _ = e.svc.Bulletins(core.Principal{})
	if len(list) != 2 || list[0].TitleEn != "Mail outage" || list[1].TitleEn != "" {
		t.Fatalf("English text not stored: %+v", list)
	}
}

// An en session shows the English text when there is one, else the Japanese
// one: a notice written only in Japanese stays readable.
func TestBulletinTextIn(t *testing.T) {
	both := core.Bulletin{Title: "障害", Body: "復旧しました。", TitleEn: "Outage", BodyEn: "Restored."}
	ja := core.Bulletin{Title: "障害", Body: "復旧しました。"}
	cases := []struct {
		name        string
		b           core.Bulletin
		lang        string
		title, body string
	}{
		{"ja shows the Japanese text", both, "ja", "障害", "復旧しました。"},
		{"en shows the English text", both, "en", "Outage", "Restored."},
		{"en without English text shows the Japanese", ja, "en", "障害", "復旧しました。"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.b.TitleIn(c.lang); got != c.title {
				t.Errorf("TitleIn = %q, want %q", got, c.title)
			}
			if got := c.b.BodyIn(c.lang); got != c.body {
				t.Errorf("BodyIn = %q, want %q", got, c.body)
			}
		})
	}
}

// The operator posts and closes bulletins; everyone reads them newest first,
// a closed one stays in the list, over; both procedures are audited.
func TestBulletinPostListClose(t *testing.T) {
	e := newEnv(t)
	first, err := e.svc.AddBulletin(e.op, core.NewBulletin{Kind: core.BulletinMaintenance, Title: "設備メンテナンス",
		Body: "作業中は接続が切れることがあります。", From: bt("2026-04-10T01:00"), Until: bt("2026-04-10T05:00")})
	if err != nil {
		t.Fatal(err)
	}
	second, err := e.svc.AddBulletin(e.op, core.NewBulletin{Kind: core.BulletinOutage, Title: "メール送受信障害", Body: "調査中です。"})
	if err != nil {
		t.Fatal(err)
	}
	if first.Number != 1 || second.Number != 2 || !second.Posted.Equal(start) {
		t.Fatalf("numbers %d, %d, posted %v", first.Number, second.Number, second.Posted)
	}
	list, err := e.svc.Bulletins(core.Principal{})
	if err != nil || len(list) != 2 || list[0].Number != 2 || list[1].Number != 1 {
		t.Fatalf("list %+v, %v", list, err)
	}
	if got := core.OpenOutages(list, e.svc.Now()); len(got) != 1 || got[0].Number != 2 {
		t.Fatalf("open outages %+v", got)
	}
	e.clock.Advance(time.Hour)
	closed, err := e.svc.CloseBulletin(e.op, 2)
	if err != nil || closed.Closed == nil || !closed.Closed.Equal(start.Add(time.Hour)) {
		t.Fatalf("close: %+v, %v", closed, err)
	}
	_, err = e.svc.CloseBulletin(e.op, 2)
	var be *core.BulletinError
	if !errors.As(err, &be) || be.Code != core.BulletinClosed {
		t.Fatalf("second close: %v", err)
	}
	_, err = e.svc.CloseBulletin(e.op, 9)
	wantErr(t, err, core.ErrNotFound)
	list, _ = e.svc.Bulletins(core.Principal{})
	if len(list) != 2 || list[0].StateAt(e.svc.Now()) != core.BulletinOver || len(core.OpenOutages(list, e.svc.Now())) != 0 {
		t.Fatalf("after close: %+v", list)
	}
	recs, err := e.svc.Audit(e.op, core.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		if strings.HasPrefix(r.Action, "bulletin-") {
			got = append(got, r.Action+" "+r.Target+" "+r.Result)
		}
	}
	want := []string{"bulletin-add maintenance: 設備メンテナンス ok", "bulletin-add outage: メール送受信障害 ok",
		"bulletin-close 2 ok", "bulletin-close 2 refused-closed", "bulletin-close 9 not-found"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// SPEC §4.3 "FAQ, outage / maintenance notices: all, also before login": every
// principal reads the bulletins, nobody logged in included; only the back
// office posts and closes them.
func TestBulletinPermissions(t *testing.T) {
	f := newPermFixture(t)
	if _, err := f.e.svc.AddBulletin(f.e.op, core.NewBulletin{Kind: core.BulletinOutage, Title: "障害", Body: "調査中です。"}); err != nil {
		t.Fatal(err)
	}
	readers := map[string]core.Principal{
		"holder": f.who["holder"], "admin ID": f.who["admin"], "user ID": f.who["user"],
		"nobody logged in (login screen)": {},
		"step-up":                         {Kind: core.KindStepUp, Contract: f.multi, AccountID: f.who["admin"].AccountID, Permission: core.PermAdmin},
		"back office":                     f.e.op,
	}
	for who, p := range readers {
		list, err := f.e.svc.Bulletins(p)
		if err != nil || len(list) != 1 {
			t.Errorf("%s reads the bulletins: %v, %v", who, list, err)
		}
	}
	for who, p := range map[string]core.Principal{"holder": f.who["holder"], "admin ID": f.who["admin"], "user ID": f.who["user"], "nobody": {}} {
		_, err := f.e.svc.AddBulletin(p, core.NewBulletin{Kind: core.BulletinOutage, Title: "偽の障害", Body: "x"})
		if !errors.Is(err, core.ErrForbidden) {
			t.Errorf("%s posts a bulletin: %v", who, err)
		}
		_, err = f.e.svc.CloseBulletin(p, 1)
		if !errors.Is(err, core.ErrForbidden) {
			t.Errorf("%s closes a bulletin: %v", who, err)
		}
	}
	list, _ := f.e.svc.Bulletins(core.Principal{})
	if len(list) != 1 || list[0].Closed != nil {
		t.Fatalf("a refused procedure changed the bulletins: %+v", list)
	}
	// The other rows stay closed to nobody logged in.
	if core.Can(core.Principal{}, core.FnContractInfoView) || !core.Can(core.Principal{}, core.FnBulletins) {
		t.Error("the empty principal's reach is wrong")
	}
}

// twoProcesses are two services on one bbolt file, each with a store handle
// of its own, as two processes have, on one manual clock; they look for the
// other's changes every 10 ms.
func twoProcesses(t *testing.T) (*core.Service, *core.Service, *core.ManualClock) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.db")
	clock := core.NewManualClock(start)
	var svcs [2]*core.Service
	for i := range svcs {
		db, err := store.Open(path, store.DefaultOptions)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		svcs[i] = core.NewService(db, core.Config{Hash: cheap, Clock: clock, EndPoll: 10 * time.Millisecond})
	}
	return svcs[0], svcs[1], clock
}

// A bulletin posted by another process reaches a watching session within the
// poll; an idle watch is not told when nothing changed; the poll stops with
// the last watch.
func TestWatchBulletinsAcrossProcesses(t *testing.T) {
	svc, svc2, clock := twoProcesses(t)

	changed, stop := svc.WatchBulletins()
	time.Sleep(50 * time.Millisecond) // several polls with nothing posted
	select {
	case <-changed:
		t.Fatal("told of a change with nothing posted")
	default:
	}
	if _, err := svc2.AddBulletin(core.Operator("test"), core.NewBulletin{Kind: core.BulletinOutage, Title: "障害", Body: "調査中です。"}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-changed:
	case <-time.After(10 * time.Second):
		t.Fatal("the bulletin of the other process did not reach the session")
	}
	time.Sleep(50 * time.Millisecond)
	select {
	case <-changed:
		t.Fatal("told again with nothing changed")
	default:
	}
	// The period's end passing changes what is shown: told too.
	if _, err := svc2.AddBulletin(core.Operator("test"), core.NewBulletin{Kind: core.BulletinOutage, Title: "短い障害", Body: "x",
		Until: bt("2026-04-01T11:00")}); err != nil {
		t.Fatal(err)
	}
	<-changed
	clock.Advance(2 * time.Hour)
	select {
	case <-changed:
	case <-time.After(10 * time.Second):
		t.Fatal("the end of an outage's period was not told")
	}
	stop()
	if svc.BulletinWatches() != 0 || svc.BulletinPolling() {
		t.Error("the poll goes on after the last watch")
	}
}

// A period's end at midnight is written as 24:00 of the day before, so that a
// day alone given as its end reads as that day.
func TestEndAsDay(t *testing.T) {
	for _, c := range []struct {
		name, end, day string
		midnight       bool
	}{
		{"a day alone as --until: 24:00 of that day", "2026-04-03T00:00", "2026-04-02", true},
		{"an hour of the day: as it is", "2026-04-02T18:30", "2026-04-02", false},
		{"one minute past midnight: the new day", "2026-04-03T00:01", "2026-04-03", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			day, midnight := core.EndAsDay(*bt(c.end))
			if got := day.Format("2006-01-02"); got != c.day || midnight != c.midnight {
				t.Errorf("EndAsDay(%s) = %s, %v; want %s, %v", c.end, got, midnight, c.day, c.midnight)
			}
		})
	}
}

// The demo date of the header follows a clock moved by another process (the
// `admin clock` command) and the midnight of a moved clock: the watch tells
// the sessions, which read it again, instead of each asking on a timer.
func TestWatchTellsTheDemoDate(t *testing.T) {
	svc, svc2, clock := twoProcesses(t)
	op := core.Operator("test")
	if err := svc2.MarkDemo(op); err != nil {
		t.Fatal(err)
	}

	changed, stop := svc.WatchBulletins()
	defer stop()
	told := func(what string) {
		t.Helper()
		select {
		case <-changed:
		case <-time.After(10 * time.Second):
			t.Fatalf("%s was not told", what)
		}
	}
	time.Sleep(50 * time.Millisecond)
	select {
	case <-changed:
		t.Fatal("told of a change with the real clock and nothing posted")
	default:
	}
	if _, _, err := svc2.AdvanceClock(op, 0, 3); err != nil {
		t.Fatal(err)
	}
	told("the clock moved by another process")
	time.Sleep(50 * time.Millisecond)
	select {
	case <-changed:
		t.Fatal("told again with the date unchanged")
	default:
	}
	// start is 10:00 JST; fourteen hours on, the moved clock is past midnight.
	clock.Advance(14 * time.Hour)
	told("midnight of the moved clock")
	if _, _, err := svc.AdvanceClock(op, 0, 1); err != nil {
		t.Fatal(err)
	}
	select {
	case <-changed: // told at once, not at the next poll
	default:
		t.Fatal("the clock moved by this process was not told at once")
	}
}
