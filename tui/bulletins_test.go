package tui

import (
	"math/rand"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/store"
)

// Screens of 障害情報 / メンテナンス情報 (SPEC §12) and the banner of an open
// outage, driven through the real App at 80×24 in both languages.

func bt(s string) *time.Time {
	t, err := time.ParseInLocation("2006-01-02T15:04", s, core.JST)
	if err != nil {
		panic(err)
	}
	return &t
}

// openOutage is the title of postBulletins' open outage in each language: it
// has an English text; the outage over and the maintenance have none, so that
// an en session shows them in Japanese.
var openOutage = map[string]string{"ja": "メールの受信が遅れています", "en": "Mail is arriving late"}

// openOutageBody is a piece only of the open outage's body, in each language.
var openOutageBody = map[string]string{"ja": "順次配信", "en": "delivered in order"}

// postBulletins posts, as the back office, a closed outage, an open one and
// a scheduled maintenance (the fixture's day is 2026/11/22 10:00).
func postBulletins(t *testing.T, svc *core.Service) {
	t.Helper()
	op := core.Operator("test")
	for _, n := range []core.NewBulletin{
		{Kind: core.BulletinOutage, Title: "一部地域でインターネットに接続しにくい状態", Body: "復旧しました。",
			From: bt("2026-11-20T14:00"), Until: bt("2026-11-20T16:30")},
		{Kind: core.BulletinOutage, Title: "メールの受信が遅れています", Body: "メールサーバーの障害により、一部のお客様でメールの受信が遅れています。\n" +
			"送信されたメールは失われず、復旧後に順次配信されます。\n\n現在、復旧作業を行っております。ご迷惑をおかけし申し訳ございません。",
			TitleEn: openOutage["en"], BodyEn: "Because of a fault in our mail servers, mail is arriving late for some customers.\n" +
				"No mail sent is lost: it will be delivered in order once the service is restored.\n\n" +
				"We are working to restore the service. We apologize for the inconvenience.",
			From: bt("2026-11-22T08:30")},
		{Kind: core.BulletinMaintenance, Title: "設備メンテナンスのお知らせ", Body: "作業中は数分間、接続が切れることがあります。",
			From: bt("2026-12-10T01:00"), Until: bt("2026-12-10T05:00")},
	} {
		if _, err := svc.AddBulletin(op, n); err != nil {
			t.Fatal(err)
		}
	}
	// The first outage is over: its period passed; the operator closes it too.
	if _, err := svc.CloseBulletin(op, 1); err != nil {
		t.Fatal(err)
	}
}

// The login screen shows the open outage on one line.
func TestBulletinBannerOnLogin(t *testing.T) {
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			f := newFixture(t)
			postBulletins(t, f.svc)
			d := f.start(t, lang, 80, 24)
			d.waitText(openOutage[lang])
			v := d.goldenApp()
			if strings.Contains(v, "接続しにくい") || strings.Contains(v, "設備メンテナンス") {
				t.Errorf("the banner shows more than the open outage:\n%s", v)
			}
			if lang == "en" && strings.Contains(v, openOutage["ja"]) {
				t.Errorf("an en banner shows the Japanese title of a notice with an English one:\n%s", v)
			}
		})
	}
}

// Several open outages: the banner says how many before the newest's title,
// so that a long title cut at the line's end never hides the count.
func TestBulletinBannerCountsOutages(t *testing.T) {
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			f := newFixture(t)
			postBulletins(t, f.svc)
			if _, err := f.svc.AddBulletin(core.Operator("test"), core.NewBulletin{Kind: core.BulletinOutage,
				Title: strings.Repeat("東", 60), Body: "調査中です。", From: bt("2026-11-22T09:00")}); err != nil {
				t.Fatal(err)
			}
			d := f.start(t, lang, 80, 24)
			d.waitText("東東東")
			v := d.view()
			checkWidth(t, v, 80)
			if !strings.Contains(v, d.msg.T("bulletin.banner_login_more", 2, "")) {
				t.Errorf("the login banner does not count the two open outages:\n%s", v)
			}
		})
	}
}

// 障害情報 lists the outages newest first with their period and state, under
// a header with the banner; Enter opens one, its text in full.
func TestBulletinScreens(t *testing.T) {
	for _, lang := range langs {
		t.Run(lang+"/list", func(t *testing.T) {
			f := newFixture(t)
			postBulletins(t, f.svc)
			d := f.start(t, lang, 80, 24)
			d.loginAs(f.login("holder", 0))
			d.open(routeBulletins{kind: core.BulletinOutage})
			d.waitKey("bulletins.lead")
			d.goldenApp()
			v := d.app.body.content
			// The outage over has no English text: an en list shows its Japanese title.
			// The title wraps in its column: its first words find it.
			first, second := strings.Index(v, map[string]string{"ja": "メールの受信", "en": "Mail is arriving"}[lang]), strings.Index(v, "一部地域")
			if first < 0 || second < 0 || first > second {
				t.Errorf("not newest first, or a bulletin is missing:\n%s", v)
			}
			if lang == "en" && strings.Contains(v, openOutage["ja"]) {
				t.Errorf("an en list shows the Japanese title of a notice with an English one:\n%s", v)
			}
		})
		t.Run(lang+"/opened", func(t *testing.T) {
			f := newFixture(t)
			postBulletins(t, f.svc)
			d := f.start(t, lang, 80, 24)
			d.loginAs(f.login("user", 0))
			d.open(routeBulletins{kind: core.BulletinOutage})
			d.waitKey("bulletins.lead")
			d.keys(tea.KeyEnter)
			d.waitText(openOutageBody[lang])
			v := d.goldenApp()
			if lang == "en" && strings.Contains(v, "順次配信") {
				t.Errorf("an en notice shows the Japanese body of a notice with an English one:\n%s", v)
			}
		})
		t.Run(lang+"/maintenance", func(t *testing.T) {
			f := newFixture(t)
			postBulletins(t, f.svc)
			d := f.start(t, lang, 80, 24)
			d.loginAs(f.login("admin", 0))
			d.open(routeBulletins{kind: core.BulletinMaintenance})
			d.waitKey("bulletins.lead")
			d.golden()
		})
	}
}

// twoProcesses is a fixture on a demo file (a demo whose clock may be moved,
// with demo) and a service of another process on the same file (a store
// handle of its own), which the fixture's service watches every 20 ms.
func twoProcesses(t *testing.T, demo bool) (*fixture, *core.Service) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tui.db")
	db, err := store.Open(path, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := core.NewManualClock(time.Date(2026, 11, 22, 10, 0, 0, 0, core.JST))
	cfg := core.Config{Clock: clock, Random: rand.New(rand.NewSource(7)), Hash: core.HashParams{MemoryKiB: 64, Time: 1, Threads: 1},
		Logger: quietLog, EndPoll: 20 * time.Millisecond}
	svc := core.NewService(db, cfg)
	logins, err := svc.SeedDemo(core.Operator("test"))
	if err == nil && demo {
		err = svc.MarkDemo(core.Operator("test"))
	}
	if err != nil {
		t.Fatal(err)
	}
	db2, err := store.Open(path, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db2.Close() })
	return &fixture{db: db, svc: svc, clock: clock, logins: logins}, core.NewService(db2, cfg)
}

// A bulletin posted by another process (another store handle on the same
// file, another service) reaches a running session within seconds: first on
// the login screen, then in the header after login; closing it takes the
// banner away.
func TestBulletinReachesRunningSession(t *testing.T) {
	f, other := twoProcesses(t, false)

	d := f.start(t, "ja", 80, 24)
	if _, err := other.AddBulletin(core.Operator("test"), core.NewBulletin{Kind: core.BulletinOutage, Title: "メールの受信が遅れています", Body: "調査中です。"}); err != nil {
		t.Fatal(err)
	}
	d.waitText("障害発生中 (F3キーで詳細): メールの受信が遅れています")
	d.loginAs(f.login("holder", 0))
	d.waitText("障害発生中: メールの受信が遅れています")
	if _, err := other.CloseBulletin(core.Operator("test"), 1); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if v := d.view(); strings.Contains(v, "障害発生中") {
		t.Errorf("the closed outage still shows:\n%s", v)
	}
	d.app.Close()
	if f.svc.BulletinWatches() != 0 {
		t.Error("the session's watch of the bulletins was left behind")
	}
}

// A notice closed without an end said shows its close as the end of its
// period; one closed before its said end shows the close too.
func TestBulletinPeriodEndsWithItsClose(t *testing.T) {
	f := newFixture(t)
	m := New(Options{Service: f.svc, Renderer: asciiRenderer(), Lang: "ja", Source: "test", Logger: quietLog})
	at := func(h int) *time.Time { t := time.Date(2026, 11, 20, h, 0, 0, 0, core.JST); return &t }
	for _, c := range []struct {
		b    core.Bulletin
		want string
	}{
		{core.Bulletin{Posted: *at(9), From: at(10), Closed: at(12)}, "2026/11/20 12:00"},
		{core.Bulletin{Posted: *at(9), From: at(10), Until: at(18), Closed: at(12)}, "2026/11/20 12:00"},
		{core.Bulletin{Posted: *at(9), From: at(10), Until: at(11), Closed: at(12)}, "2026/11/20 11:00"},
		// --until 2026-11-20 ends at 24:00 of that day, not at 00:00 of the next.
		{core.Bulletin{Posted: *at(9), From: at(10), Until: at(24)}, "2026/11/20 24:00"},
	} {
		if got := bulletinPeriod(m.sh, c.b); !strings.Contains(got, c.want) {
			t.Errorf("period %q, want it to end %s", got, c.want)
		}
	}
}

// The demo clock moved by another process (`admin clock`) shows in the header
// of a session already open and idle, within seconds and without a key.
func TestDemoDateReachesRunningSession(t *testing.T) {
	f, other := twoProcesses(t, true)

	d := f.start(t, "ja", 80, 24)
	d.loginAs(f.login("holder", 0))
	if _, _, err := other.AdvanceClock(core.Operator("test"), 0, 3); err != nil {
		t.Fatal(err)
	}
	d.waitText("デモ日付 2026/11/25")
	if _, _, err := other.AdvanceClock(core.Operator("test"), 0, 2); err != nil {
		t.Fatal(err)
	}
	d.waitText("デモ日付 2026/11/27")
}
