package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/flow"
)

// Screens of ご契約内容変更申請, ご利用ガイド・規約ご請求 and 申請・ご請求の履歴
// (SPEC §9.5), driven through the real App at 80×24 in both languages.

// startRequest logs the multi demo holder in and opens a request screen,
// waiting for its lead, which only the loaded body shows.
func (f *fixture) startRequest(t *testing.T, lang string, r route, lead string) *drive {
	t.Helper()
	d := f.start(t, lang, 80, 24)
	d.loginAs(f.login("holder", 0))
	d.open(r)
	d.waitKey(lead)
	return d
}

func TestRequestChangeInput(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.startRequest(t, lang, routeRequestChange{}, "request_change.lead")
		v := d.golden()
		for _, want := range []string{"東京都千代田区大手町", d.msg.T("form.unselected"), d.msg.T("request_change.send_to")} {
			if !strings.Contains(v, want) {
				t.Errorf("the form lacks %q:\n%s", want, v)
			}
		}
	})
}

// その他 without words: core refuses, the problem shows beside the field, the
// choice stays. Control characters typed are dropped as they are typed.
func TestRequestChangeErrors(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.startRequest(t, lang, routeRequestChange{}, "request_change.lead")
		d.keys(tea.KeyLeft) // the last choice: その他
		d.keys(tea.KeyDown)
		d.typeText("\x1b[2J\u202e")
		d.keys(tea.KeyBackspace, tea.KeyBackspace, tea.KeyBackspace) // "[2J" → ""
		d.keys(tea.KeyDown)
		d.pastDestination()
		d.keys(tea.KeyEnter)
		d.waitKey("problem.request_description.required")
		v := d.golden()
		if strings.ContainsAny(v, "\x1b\u202e") {
			t.Errorf("a control character reached the screen: %q", v)
		}
		other := f.svc.Catalog().Requests.Changes[len(f.svc.Catalog().Requests.Changes)-1]
		name := other.Name
		if lang == "en" {
			name = other.NameEn
		}
		if !strings.Contains(v, "< "+name+" >") {
			t.Errorf("the choice was lost:\n%s", v)
		}
		if s, ok := d.app.cur.(*requestChangeScreen); !ok || s.Step != flow.Input {
			t.Errorf("screen %T, want the input step", d.app.cur)
		}
	})
}

// pastDestination goes from the destination of a contract change (the
// registered address chosen) past the fields of another address to the
// buttons.
func (d *drive) pastDestination() {
	d.t.Helper()
	d.keys(tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyDown)
}

// toRequestChangeConfirm chooses the first change, writes a few words and goes on.
func (d *drive) toRequestChangeConfirm() {
	d.t.Helper()
	d.keys(tea.KeyRight)
	d.keys(tea.KeyDown)
	d.typeText("旧姓から新姓へ")
	d.keys(tea.KeyDown)
	d.pastDestination()
	d.keys(tea.KeyEnter)
	d.waitKey("request_change.confirm_lead")
}

func TestRequestChangeConfirm(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.startRequest(t, lang, routeRequestChange{}, "request_change.lead")
		d.toRequestChangeConfirm()
		v := d.golden()
		if !strings.Contains(v, "旧姓から新姓へ") || !strings.Contains(v, "東京都千代田区大手町") {
			t.Errorf("the confirm step lacks the request:\n%s", v)
		}
	})
}

func TestRequestChangeComplete(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.startRequest(t, lang, routeRequestChange{}, "request_change.lead")
		d.toRequestChangeConfirm()
		d.keys(tea.KeyEnter)
		d.waitKey("request_change.done")
		v := d.golden()
		list, err := f.svc.Requests(core.Principal{Kind: core.KindHolder, Contract: f.login("holder", 0).Login, Source: "test"})
		if err != nil || len(list) != 1 || list[0].Change != "holder-name" || list[0].Description != "旧姓から新姓へ" {
			t.Fatalf("recorded %+v %v", list, err)
		}
		if !strings.Contains(v, list[0].Number) || !strings.Contains(squeeze(v), squeeze(d.msg.T("request_change.next.post", 7))) {
			t.Errorf("the completion lacks the number or what comes next:\n%s", v)
		}
	})
}

func TestRequestGuideInput(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.startRequest(t, lang, routeRequestGuide{}, "request_guide.lead")
		v := d.golden()
		for _, c := range f.svc.Catalog().Requests.Documents {
			name := c.Name
			if lang == "en" {
				name = c.NameEn
			}
			if !strings.Contains(squeeze(v), squeeze("[ ] "+name)) {
				t.Errorf("the form lacks the document %q:\n%s", name, v)
			}
		}
	})
}

// Another address with a bad postal code and nothing else: each problem
// beside its field, what was typed kept.
func TestRequestGuideErrors(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.startRequest(t, lang, routeRequestGuide{}, "request_guide.lead")
		d.keys(tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyDown) // copies → destination
		d.keys(tea.KeyRight)                                                    // その他の住所
		d.keys(tea.KeyDown)
		d.typeText("12-34")
		d.keys(tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyEnter)
		d.waitKey("problem.request_postal.format")
		v := d.golden()
		for _, want := range []string{"problem.request_documents.required", "problem.request_address.required", "problem.request_name.required"} {
			if !strings.Contains(squeeze(v), squeeze(d.msg.T(want))) {
				t.Errorf("the form lacks %q:\n%s", d.msg.T(want), v)
			}
		}
		if !strings.Contains(v, "[12-34") {
			t.Errorf("the postal code typed was lost:\n%s", v)
		}
	})
}

// toRequestGuideConfirm ticks the first and the last documents, sends them
// to another address and goes on.
func (d *drive) toRequestGuideConfirm() {
	d.t.Helper()
	d.typeText("x")
	d.keys(tea.KeyDown, tea.KeyDown, tea.KeyDown)
	d.typeText("x")
	d.keys(tea.KeyDown, tea.KeyRight) // 2 copies
	d.keys(tea.KeyDown, tea.KeyRight) // その他の住所
	d.keys(tea.KeyDown)
	d.typeText("１０５００１１")
	d.keys(tea.KeyDown)
	d.typeText("東京都港区芝公園1-1")
	d.keys(tea.KeyDown)
	d.typeText("鈴木 花子")
	d.keys(tea.KeyDown, tea.KeyEnter)
	d.waitKey("request_guide.confirm_lead")
}

func TestRequestGuideConfirm(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.startRequest(t, lang, routeRequestGuide{}, "request_guide.lead")
		d.toRequestGuideConfirm()
		v := d.golden()
		if !strings.Contains(v, "〒105-0011") {
			t.Errorf("the postal code is not shown as stored:\n%s", v)
		}
	})
}

func TestRequestGuideComplete(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.startRequest(t, lang, routeRequestGuide{}, "request_guide.lead")
		d.toRequestGuideConfirm()
		d.keys(tea.KeyEnter)
		d.waitKey("request_guide.done")
		d.golden()
		list, _ := f.svc.AdminRequests(core.Operator("test"), core.RequestFilter{})
		if len(list) != 1 || strings.Join(list[0].Documents, ",") != "guide,prices" || list[0].Copies != 2 ||
			list[0].SendTo != (core.PostalAddress{Postal: "105-0011", Address: "東京都港区芝公園1-1", Name: "鈴木 花子"}) {
			t.Fatalf("recorded %+v", list)
		}
	})
}

// The history lists both kinds with their state; one the back office has
// marked done says when it was sent.
func TestRequestHistory(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		l := f.login("holder", 0)
		p := core.Principal{Kind: core.KindHolder, Contract: l.Login, Source: "test"}
		first, err := f.svc.SubmitRequest(p, f.svc.NewToken(), core.NewRequest{Kind: core.RequestContractChange, Change: "payment-holder", Description: "法人カードで支払いたい"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SubmitRequest(p, f.svc.NewToken(), core.NewRequest{Kind: core.RequestGuide,
			Documents: []string{"terms", "important"}, Copies: 1, Destination: core.DestinationRegistered}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CompleteRequest(core.Operator("test"), first.Request.Number, "窓口より差出"); err != nil {
			t.Fatal(err)
		}
		d := f.start(t, lang, 80, 24)
		d.loginAs(l)
		d.open(routeRequests{})
		d.waitText("RQ20261122-000002")
		v := d.golden()
		// A done change says its form was sent, not that the change is made.
		if !strings.Contains(v, d.msg.T("requests.state.done.contract-change")) || !strings.Contains(v, d.msg.T("requests.state.received")) {
			t.Errorf("the states are not shown:\n%s", v)
		}
		if strings.Contains(v, "窓口より差出") {
			t.Errorf("the back office's note reached the subscriber:\n%s", v)
		}
	})
}

// The paper procedures are the holder's and an admin ID's (FnRequest): a
// user ID's menu does not offer them.
func TestRequestMenu(t *testing.T) {
	for kind, want := range map[string]bool{"holder": true, "admin": true, "user": false} {
		t.Run(kind, func(t *testing.T) {
			f := newFixture(t)
			d := f.start(t, "ja", 80, 24)
			d.loginAs(f.login(kind, 0))
			d.view()
			got := map[route]bool{}
			for _, e := range flatEntries(d.app.menu) {
				got[e.route] = true
			}
			for _, r := range []route{routeRequestChange{}, routeRequestGuide{}, routeRequests{}} {
				if got[r] != want {
					t.Errorf("%T offered: %v, want %v", r, got[r], want)
				}
			}
		})
	}
}

// Stored text that holds an escape sequence and a bidi override (written
// around the portal) shows escaped in the history, never raw.
func TestRequestHistoryEscapesStoredText(t *testing.T) {
	f := newFixture(t)
	l := f.login("holder", 0)
	r := core.Request{Number: "RQ20261122-000009", Kind: core.RequestContractChange, Contract: l.Login, State: core.RequestReceived,
		RequestedAt: f.svc.Now(), Change: "other", Description: "\x1b[2J消去\u202etxt.exe"}
	if err := f.db.Update(func(tx core.Tx) error { return tx.Put("requests", r.Contract+"/"+r.Number, r) }); err != nil {
		t.Fatal(err)
	}
	d := f.start(t, "ja", 80, 24)
	d.loginAs(l)
	d.open(routeRequests{})
	d.waitText("RQ20261122-000009")
	d.view()
	body := d.app.body.content
	if strings.ContainsAny(body, "\x1b\u202e") || !strings.Contains(body, `\x1b[2J消去\u202etxt.exe`) {
		t.Errorf("stored text not escaped: %q", body)
	}
}

// As many requests wait as the catalog allows: the form is not offered, the
// screen says why; one made elsewhere while the form was open is refused on
// top, with what was chosen kept.
func TestRequestOpenBound(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		l := f.login("holder", 0)
		p := core.Principal{Kind: core.KindHolder, Contract: l.Login, Source: "test"}
		submit := func() {
			t.Helper()
			if _, err := f.svc.SubmitRequest(p, f.svc.NewToken(), core.NewRequest{Kind: core.RequestContractChange, Change: "address"}); err != nil {
				t.Fatal(err)
			}
		}
		max := f.svc.Catalog().Requests.Open()
		for i := 1; i < max; i++ {
			submit()
		}
		d := f.startRequest(t, lang, routeRequestChange{}, "request_change.lead")
		submit() // another session fills the last place
		d.keys(tea.KeyRight, tea.KeyDown, tea.KeyDown)
		d.pastDestination()
		d.keys(tea.KeyEnter)
		d.waitKey("request.error.open-limit", max)
		if s, ok := d.finalApp().cur.(*requestChangeScreen); !ok || s.Step != flow.Input || s.Form.Value(core.FieldRequestChange) != "holder-name" {
			t.Errorf("screen %T, want the input step with the choice kept", d.finalApp().cur)
		}
		d = f.start(t, lang, 80, 24)
		d.loginAs(l)
		d.open(routeRequestGuide{})
		d.waitKey("request_guide.cannot_lead")
		v := d.golden()
		if !strings.Contains(v, d.msg.T("request.open_value", max, max)) || strings.Contains(v, d.msg.T("button.next")) {
			t.Errorf("the bound is not said, or the form offered:\n%s", v)
		}
	})
}

// ご住所の変更 (転居): the application form is posted to the new address typed
// with the request; the complete step, the record and the history say so, and
// the history of a done change says the form was sent, not 完了.
func TestRequestChangeToNewAddress(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.startRequest(t, lang, routeRequestChange{}, "request_change.lead")
		var move int
		for i, c := range f.svc.Catalog().Requests.Changes {
			if c.Code == "address" {
				move = i + 1
			}
		}
		for i := 0; i < move; i++ {
			d.keys(tea.KeyRight)
		}
		d.keys(tea.KeyDown, tea.KeyDown, tea.KeyRight) // past 詳細 to the destination: その他の住所
		d.keys(tea.KeyDown)
		d.typeText("105-0011")
		d.keys(tea.KeyDown)
		d.typeText("東京都港区芝公園1-1")
		d.keys(tea.KeyDown)
		d.typeText("有光 杏")
		d.keys(tea.KeyDown, tea.KeyEnter)
		d.waitKey("request_change.confirm_lead")
		d.keys(tea.KeyEnter)
		d.waitKey("request_change.done")
		d.view()
		if v := squeeze(d.app.body.content); !strings.Contains(v, squeeze("〒105-0011 東京都港区芝公園1-1")) {
			t.Errorf("the complete step does not say where the form goes:\n%s", v)
		}
		list, err := f.svc.AdminRequests(core.Operator("test"), core.RequestFilter{})
		if err != nil || len(list) != 1 || list[0].Change != "address" || !list[0].OtherAddress ||
			list[0].SendTo != (core.PostalAddress{Postal: "105-0011", Address: "東京都港区芝公園1-1", Name: "有光 杏"}) {
			t.Fatalf("recorded %+v %v", list, err)
		}
		if _, err := f.svc.CompleteRequest(core.Operator("test"), list[0].Number, ""); err != nil {
			t.Fatal(err)
		}
		d = f.start(t, lang, 80, 24)
		d.loginAs(f.login("holder", 0))
		d.open(routeRequests{})
		d.waitText(list[0].Number)
		d.view()
		v := squeeze(d.app.body.content)
		for _, want := range []string{"〒105-0011", d.msg.T("requests.state.done.contract-change")} {
			if !strings.Contains(v, squeeze(want)) {
				t.Errorf("the history lacks %q:\n%s", want, v)
			}
		}
		if lang == "ja" && strings.Contains(v, "完了") {
			t.Errorf("a done change reads as made:\n%s", v)
		}
	})
}

// The problem "at least one document" shows after the list of documents,
// not between its first and second box.
func TestRequestGuideDocumentsProblemAfterList(t *testing.T) {
	f := newFixture(t)
	d := f.startRequest(t, "ja", routeRequestGuide{}, "request_guide.lead")
	docs := f.svc.Catalog().Requests.Documents
	for i := 0; i < len(docs)+5; i++ { // the documents, copies, destination, postal, address, name
		d.keys(tea.KeyDown)
	}
	d.keys(tea.KeyEnter)
	d.waitKey("problem.request_documents.required")
	lines := strings.Split(d.view(), "\n")
	problem, last := -1, -1
	for i, l := range lines {
		if strings.Contains(l, d.msg.T("problem.request_documents.required")[:12]) {
			problem = i
		}
		if strings.Contains(l, docs[len(docs)-1].Name) {
			last = i
		}
	}
	if problem < 0 || last < 0 || problem < last {
		t.Errorf("the problem (line %d) is not after the last document (line %d):\n%s", problem, last, strings.Join(lines, "\n"))
	}
}

// Issue 11: a move posted to a new address with a long address: the label
// of where the form goes stays on one line on the confirm and complete
// steps, and the addressee keeps 様 with the name.
func TestRequestMoveToNewAddressLabels(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		for _, step := range []string{"confirm", "complete"} {
			t.Run(step, func(t *testing.T) {
				d := f.startRequest(t, lang, routeRequestChange{}, "request_change.lead")
				d.keys(tea.KeyRight, tea.KeyRight) // ご住所の変更 (転居)
				d.keys(tea.KeyDown, tea.KeyDown)   // past 詳細 to 送付先
				d.keys(tea.KeyRight)               // その他の住所
				d.keys(tea.KeyDown)
				d.typeText("150-0001")
				d.keys(tea.KeyDown)
				d.typeText("東京都渋谷区神宮前1-1-1 グランドメゾン表参道ヒルズサイドテラス1205号室")
				d.keys(tea.KeyDown)
				d.typeText("有光 杏")
				d.keys(tea.KeyDown, tea.KeyEnter)
				d.waitKey("request_change.confirm_lead")
				if step == "complete" {
					d.keys(tea.KeyEnter)
					d.waitKey("request_change.done")
				}
				v := d.golden()
				if label := d.msg.T("request_change.send_to"); !strings.Contains(v, label+" ") {
					t.Errorf("the label %q is not on one line:\n%s", label, v)
				}
				if lang == "ja" && !strings.Contains(v, "有光\u00a0杏\u00a0様") {
					t.Errorf("the addressee is broken from 様:\n%s", v)
				}
				if strings.Contains(v, string([]rune(d.msg.T("request_change.old_address"))[:12])) {
					t.Errorf("a move to the new address warns of the old one:\n%s", v)
				}
			})
		}
	})
}

// Issue 11: a move whose form goes to the registered address — the one
// before the move — is warned of on the confirm step.
func TestRequestMoveToOldAddressWarns(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		d := f.startRequest(t, lang, routeRequestChange{}, "request_change.lead")
		d.keys(tea.KeyRight, tea.KeyRight) // ご住所の変更 (転居), sent to the registered address
		d.keys(tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyEnter)
		d.waitKey("request_change.confirm_lead")
		v := d.golden()
		if !strings.Contains(squeeze(v), squeeze(d.msg.T("request_change.old_address"))) {
			t.Errorf("the confirm step of a move to the registered address does not warn:\n%s", v)
		}
	})
}
