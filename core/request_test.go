package core_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"mypage/core"
)

var registered = core.PostalAddress{Address: "東京都港区芝公園4-2-8", Name: "鈴木 一郎"}

func guide(docs ...string) core.NewRequest {
	return core.NewRequest{Kind: core.RequestGuide, Documents: docs, Copies: 1, Destination: core.DestinationRegistered}
}

// move is a contract change request of ご住所の変更 whose form is posted to the new address.
func move(postal, address, name string) core.NewRequest {
	return core.NewRequest{Kind: core.RequestContractChange, Change: "address", Destination: core.DestinationOther,
		Postal: postal, Address: address, Name: name}
}

func elsewhere(postal, address, name string) core.NewRequest {
	r := guide("guide")
	r.Destination, r.Postal, r.Address, r.Name = core.DestinationOther, postal, address, name
	return r
}

// The rules of a request (SPEC §9.5, §11.5), each case named by what it checks.
func TestCheckRequest(t *testing.T) {
	rc := core.DefaultCatalog().Requests
	long := func(n int) string { return strings.Repeat("あ", n) }
	change := func(code, text string) core.NewRequest {
		return core.NewRequest{Kind: core.RequestContractChange, Change: code, Description: text}
	}
	cases := []struct {
		name  string
		in    core.NewRequest
		field string // "" when accepted
		code  string
	}{
		{"ご契約内容変更申請: a change chosen from the catalog's list is accepted without words", change("address", ""), "", ""},
		{"ご契約内容変更申請: nothing chosen is refused", change("", ""), core.FieldRequestChange, core.ProblemRequired},
		{"ご契約内容変更申請: a change not in the catalog is refused", change("birthday", ""), core.FieldRequestChange, core.ProblemChoice},
		{"ご契約内容変更申請: その他 needs a description", change("other", "  "), core.FieldRequestDescription, core.ProblemRequired},
		{"ご契約内容変更申請: その他 with a description is accepted", change("other", "請求書の宛名を変えたい"), "", ""},
		{"ご契約内容変更申請: the description is bounded (200 accepted)", change("other", long(core.RequestDescriptionMax)), "", ""},
		{"ご契約内容変更申請: the description is bounded (201 refused)", change("other", long(core.RequestDescriptionMax+1)), core.FieldRequestDescription, core.ProblemLength},
		{"SPEC §11.5: an escape sequence in the description is refused", change("other", "\x1b[2J消去"), core.FieldRequestDescription, core.ProblemFormat},
		{"SPEC §11.5: a bidi override in the description is refused", change("other", "abc\u202edcba"), core.FieldRequestDescription, core.ProblemFormat},
		{"ご利用ガイド・規約ご請求: at least one document", guide(), core.FieldRequestDocuments, core.ProblemRequired},
		{"ご利用ガイド・規約ご請求: a document not in the catalog is refused", guide("guide", "novel"), core.FieldRequestDocuments, core.ProblemChoice},
		{"ご利用ガイド・規約ご請求: several documents to the registered address", guide("guide", "terms", "prices"), "", ""},
		{"ご利用ガイド・規約ご請求: copies bounded (0 refused)", func() core.NewRequest { r := guide("terms"); r.Copies = 0; return r }(), core.FieldRequestCopies, core.ProblemChoice},
		{"ご利用ガイド・規約ご請求: copies bounded (catalog max accepted)", func() core.NewRequest { r := guide("terms"); r.Copies = rc.Copies(); return r }(), "", ""},
		{"ご利用ガイド・規約ご請求: copies bounded (one more refused)", func() core.NewRequest { r := guide("terms"); r.Copies = rc.Copies() + 1; return r }(), core.FieldRequestCopies, core.ProblemChoice},
		{"ご利用ガイド・規約ご請求: where to send is required", func() core.NewRequest { r := guide("terms"); r.Destination = ""; return r }(), core.FieldRequestDestination, core.ProblemRequired},
		{"other address: 〒NNN-NNNN accepted", elsewhere("105-0011", "東京都港区芝公園1-1", "鈴木 花子"), "", ""},
		{"other address: seven digits without the hyphen accepted", elsewhere("1050011", "東京都港区芝公園1-1", "鈴木 花子"), "", ""},
		{"other address: full-width digits folded", elsewhere("１０５－００１１", "東京都港区芝公園1-1", "鈴木 花子"), "", ""},
		{"other address: the postal code is required", elsewhere("", "東京都港区芝公園1-1", "鈴木 花子"), core.FieldRequestPostal, core.ProblemRequired},
		{"other address: six digits refused", elsewhere("105-001", "東京都港区芝公園1-1", "鈴木 花子"), core.FieldRequestPostal, core.ProblemFormat},
		{"other address: the hyphen in the wrong place refused", elsewhere("1050-011", "東京都港区芝公園1-1", "鈴木 花子"), core.FieldRequestPostal, core.ProblemFormat},
		{"other address: letters refused", elsewhere("105-00AB", "東京都港区芝公園1-1", "鈴木 花子"), core.FieldRequestPostal, core.ProblemFormat},
		{"other address: the address is required", elsewhere("105-0011", " ", "鈴木 花子"), core.FieldRequestAddress, core.ProblemRequired},
		{"other address: the address is bounded", elsewhere("105-0011", long(core.RequestAddressMax+1), "鈴木 花子"), core.FieldRequestAddress, core.ProblemLength},
		{"other address: the name is required", elsewhere("105-0011", "東京都港区芝公園1-1", ""), core.FieldRequestName, core.ProblemRequired},
		{"other address: the name is bounded", elsewhere("105-0011", "東京都港区芝公園1-1", long(core.RequestNameMax+1)), core.FieldRequestName, core.ProblemLength},
		{"other address: an escape sequence in the name is refused", elsewhere("105-0011", "東京都港区芝公園1-1", "\x1b]0;x\x07花子"), core.FieldRequestName, core.ProblemFormat},
		{"a kind that is neither is refused", core.NewRequest{Kind: "refund"}, core.FieldRequestKind, core.ProblemChoice},
		{"ご住所の変更: the form may go to the new address (〒, address, name)", move("105-0011", "東京都港区芝公園1-1", "鈴木 一郎"), "", ""},
		{"ご住所の変更: the new address needs its postal code", move("", "東京都港区芝公園1-1", "鈴木 一郎"), core.FieldRequestPostal, core.ProblemRequired},
		{"ご住所の変更: the new address needs the address", move("105-0011", "", "鈴木 一郎"), core.FieldRequestAddress, core.ProblemRequired},
		{"ご契約内容変更申請: a destination that is neither is refused", func() core.NewRequest { r := move("", "", ""); r.Destination = "office"; return r }(), core.FieldRequestDestination, core.ProblemChoice},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := core.CheckRequest(rc, registered, c.in)
			if c.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			wantProblem(t, err, c.field, c.code)
		})
	}
}

// What is stored: the postal code written NNN-NNNN, the registered address
// when no other is given, the texts trimmed; a document asked twice once.
func TestCheckRequestStores(t *testing.T) {
	rc := core.DefaultCatalog().Requests
	r, err := core.CheckRequest(rc, registered, elsewhere("１０５００１１", " 東京都港区芝公園1-1 ", " 鈴木 花子 "))
	if err != nil {
		t.Fatal(err)
	}
	if want := (core.PostalAddress{Postal: "105-0011", Address: "東京都港区芝公園1-1", Name: "鈴木 花子"}); r.SendTo != want || !r.OtherAddress {
		t.Errorf("send to %+v (other %v), want %+v", r.SendTo, r.OtherAddress, want)
	}
	r, err = core.CheckRequest(rc, registered, guide("terms", "terms", "guide"))
	if err != nil || r.SendTo != registered || r.OtherAddress || strings.Join(r.Documents, ",") != "terms,guide" {
		t.Errorf("registered: %+v %v", r, err)
	}
	// A contract change that names no destination: the registered address.
	r, err = core.CheckRequest(rc, registered, core.NewRequest{Kind: core.RequestContractChange, Change: "holder-name", Postal: "1050011", Address: "elsewhere"})
	if err != nil || r.SendTo != registered || r.OtherAddress {
		t.Errorf("contract change: %+v %v", r, err)
	}
	// ご住所の変更 (転居): the form goes to the new address.
	r, err = core.CheckRequest(rc, registered, move("1050011", "東京都港区芝公園1-1", "鈴木 一郎"))
	if want := (core.PostalAddress{Postal: "105-0011", Address: "東京都港区芝公園1-1", Name: "鈴木 一郎"}); err != nil || r.SendTo != want || !r.OtherAddress {
		t.Errorf("move: %+v %v", r, err)
	}
	// SPEC §11.5: free text is stored NFC like an inquiry's (が typed as か
	// and its mark is one character).
	r, err = core.CheckRequest(rc, registered, core.NewRequest{Kind: core.RequestContractChange, Change: "other",
		Description: "名義を\u304b\u3099っこうに"})
	if err != nil || r.Description != "名義をがっこうに" {
		t.Errorf("description %q %v, not NFC", r.Description, err)
	}
	r, err = core.CheckRequest(rc, registered, elsewhere("105-0011", "東京都港区芝公園1-1 \u30cf\u309a\u30fc\u30af", "すす\u3099き"))
	if err != nil || r.SendTo.Address != "東京都港区芝公園1-1 パーク" || r.SendTo.Name != "すずき" {
		t.Errorf("address %+v %v, not NFC", r.SendTo, err)
	}
	// No registered address: there is nowhere to post the form.
	_, err = core.CheckRequest(rc, core.PostalAddress{Name: "x"}, core.NewRequest{Kind: core.RequestContractChange, Change: "address"})
	wantProblem(t, err, core.FieldRequestChange, core.ProblemNoAddress)
}

// A holder's contract change request: numbered RQyyyymmdd-NNNNNN, stored 受付,
// the receipt mailed in the same transaction; the same token twice runs once;
// listed with its state; done by the back office once, mailed, and done
// twice refused.
func TestRequestLifecycle(t *testing.T) {
	e := newEnv(t)
	cert, holder := e.newContract(t, "ucom-me")
	token := e.svc.NewToken()
	in := core.NewRequest{Kind: core.RequestContractChange, Change: "other", Description: "  請求書の宛名を会社名にしたい  "}
	res, err := e.svc.SubmitRequest(holder, token, in)
	if err != nil {
		t.Fatal(err)
	}
	r := res.Request
	if r.Number != "RQ20260401-000001" || r.State != core.RequestReceived || r.Contract != cert.Number ||
		r.Description != "請求書の宛名を会社名にしたい" || r.SendTo.Address != customer().Address || res.PostDays != 7 ||
		r.Actor != "holder:"+cert.Number || !r.RequestedAt.Equal(start) {
		t.Errorf("request %+v, result %+v", r, res)
	}
	if _, err := e.svc.SubmitRequest(holder, token, in); !errors.Is(err, core.ErrAlreadySubmitted) {
		t.Errorf("the token again: %v", err)
	}
	mails := e.outbox(t)
	last := mails[len(mails)-1]
	if last.To != customer().ContactMail || last.Subject != "【マイページ】ご契約内容変更申請受付のお知らせ" ||
		!strings.Contains(last.Body, r.Number) || !strings.Contains(last.Body, "その他") || !strings.Contains(last.Body, "7日以内") {
		t.Errorf("receipt %+v", last)
	}
	e.clock.Advance(time.Hour)
	g, err := e.svc.SubmitRequest(holder, e.svc.NewToken(), elsewhere("105-0011", "東京都港区芝公園1-1", "鈴木 花子"))
	if err != nil || g.Request.Number != "RQ20260401-000002" {
		t.Fatalf("guide: %+v %v", g, err)
	}
	if m := e.outbox(t); m[len(m)-1].Subject != "【マイページ】ご利用ガイド・規約ご請求受付のお知らせ" || !strings.Contains(m[len(m)-1].Body, "〒105-0011") {
		t.Errorf("guide receipt %+v", m[len(m)-1])
	}
	list, err := e.svc.Requests(holder)
	if err != nil || len(list) != 2 || list[0].Number != g.Request.Number || list[1].Number != r.Number {
		t.Fatalf("list %+v %v", list, err)
	}

	if _, err := e.svc.CompleteRequest(holder, r.Number, ""); !errors.Is(err, core.ErrForbidden) {
		t.Errorf("a subscriber marks done: %v", err)
	}
	_, err = e.svc.CompleteRequest(e.op, r.Number, "\x1b[31m発送")
	wantProblem(t, err, core.FieldRequestNote, core.ProblemFormat)
	done, err := e.svc.CompleteRequest(e.op, r.Number, " 申請書発送済 ")
	if err != nil || done.State != core.RequestDone || done.Note != "申請書発送済" || done.DoneAt == nil {
		t.Fatalf("done %+v %v", done, err)
	}
	if m := e.outbox(t); m[len(m)-1].Subject != "【マイページ】ご契約内容変更申請書発送完了のお知らせ" || strings.Contains(m[len(m)-1].Body, "申請書発送済") {
		t.Errorf("done mail %+v", m[len(m)-1])
	}
	if _, err := e.svc.CompleteRequest(e.op, r.Number, ""); core.RequestCode(err) != core.RequestAlreadyDone {
		t.Errorf("done twice: %v", err)
	}
	if _, err := e.svc.CompleteRequest(e.op, "RQ20260401-000009", ""); !errors.Is(err, core.ErrNotFound) {
		t.Errorf("unknown number: %v", err)
	}
	open, _ := e.svc.AdminRequests(e.op, core.RequestFilter{State: core.RequestReceived})
	doneList, _ := e.svc.AdminRequests(e.op, core.RequestFilter{State: core.RequestDone, Kind: core.RequestContractChange})
	if len(open) != 1 || open[0].Number != g.Request.Number || len(doneList) != 1 || doneList[0].Number != r.Number {
		t.Errorf("filters: %+v / %+v", open, doneList)
	}
	if _, err := e.svc.AdminRequests(holder, core.RequestFilter{}); !errors.Is(err, core.ErrForbidden) {
		t.Errorf("a subscriber lists every request: %v", err)
	}
	audit := e.audit(t)
	actions := map[string]bool{}
	for _, a := range audit {
		actions[a.Action+"/"+a.Result] = true
	}
	for _, want := range []string{"request-contract-change/ok", "request-guide/ok", "request-done/ok", "request-done/refused-already-done"} {
		if !actions[want] {
			t.Errorf("the audit lacks %s", want)
		}
	}
}

// The bound on waiting requests (catalog open_max): one more is refused until
// one is done.
func TestRequestOpenBound(t *testing.T) {
	e := newEnv(t)
	_, holder := e.newContract(t, "ucom-me")
	max := e.svc.Catalog().Requests.Open()
	var first string
	for i := 0; i < max; i++ {
		r, err := e.svc.SubmitRequest(holder, e.svc.NewToken(), guide("terms"))
		if err != nil {
			t.Fatal(err)
		}
		if first == "" {
			first = r.Request.Number
		}
	}
	if _, err := e.svc.CheckNewRequest(holder, guide("terms")); core.RequestCode(err) != core.RequestOpenLimit {
		t.Errorf("check beyond the bound: %v", err)
	}
	before := len(e.outbox(t))
	if _, err := e.svc.SubmitRequest(holder, e.svc.NewToken(), guide("terms")); core.RequestCode(err) != core.RequestOpenLimit {
		t.Errorf("submit beyond the bound: %v", err)
	}
	if len(e.outbox(t)) != before {
		t.Error("a refused request mailed")
	}
	if _, err := e.svc.CompleteRequest(e.op, first, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SubmitRequest(holder, e.svc.NewToken(), guide("terms")); err != nil {
		t.Errorf("after one done: %v", err)
	}
}

// A withdrawn contract cannot request: its session has ended.
func TestRequestWithdrawnContract(t *testing.T) {
	e := newEnv(t)
	cert, err := e.svc.CreateContract(e.op, core.NewContract{Type: "ucom-me", Customer: customer()})
	if err != nil {
		t.Fatal(err)
	}
	holder := e.login(t, core.LoginCustomerNumber, cert.Number, cert.InitialPassword).Principal
	if _, err := e.svc.CancelLine(e.op, cert.Number, e.svc.Now()); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(24 * time.Hour)
	if _, err := e.svc.Withdraw(holder, e.svc.NewToken(), true); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SubmitRequest(holder, e.svc.NewToken(), guide("terms")); !errors.Is(err, core.ErrWithdrawn) {
		t.Errorf("withdrawn: %v", err)
	}
	if _, err := e.svc.RequestForm(holder); !errors.Is(err, core.ErrWithdrawn) {
		t.Errorf("withdrawn form: %v", err)
	}
}

// admin check decodes the request counter as a number and each request as a
// Request: either written around the portal as something else is reported.
func TestCheckDocumentsReadsTheRequests(t *testing.T) {
	e := newEnv(t)
	put := func(bucket, key string, v any) {
		if err := e.db.Update(func(tx core.Tx) error { return tx.Put(bucket, key, v) }); err != nil {
			t.Fatal(err)
		}
	}
	put("settings", "request-seq", "seven")
	put("requests", "RQ20260401-000001", map[string]any{"number": "RQ20260401-000001", "copies": "two"})
	var problems []core.DocumentProblem
	if err := e.db.View(func(tx core.Tx) error { _, problems = core.CheckDocuments(tx); return nil }); err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, p := range problems {
		keys[p.Bucket+"/"+p.Key] = true
	}
	if len(problems) != 2 || !keys["settings/request-seq"] || !keys["requests/RQ20260401-000001"] {
		t.Errorf("problems %v", problems)
	}
}

// The catalog's request lists are checked like every catalog text: a code
// repeated, a name with a control character and a bound out of range are
// each named.
func TestCatalogRequests(t *testing.T) {
	var raw map[string]any
	def, _ := json.Marshal(core.DefaultCatalog())
	if err := json.Unmarshal(def, &raw); err != nil {
		t.Fatal(err)
	}
	rq := raw["requests"].(map[string]any)
	docs := rq["documents"].([]any)
	docs[1].(map[string]any)["code"] = docs[0].(map[string]any)["code"]
	docs[2].(map[string]any)["name"] = "料金\x1b[2J表"
	rq["open_max"] = 100
	b, _ := json.Marshal(raw)
	_, err := core.ParseCatalog(b)
	for _, want := range []string{"requests.documents #2: code", "requests.documents #3: name", "requests: open_max"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
}

// A request still waiting when the contract withdraws: the back office's
// done is refused as AnswerTicket refuses it, and the member is mailed nothing.
func TestRequestDoneAfterWithdrawal(t *testing.T) {
	e := newEnv(t)
	_, holder := withdrawable(t, e)
	res, err := e.svc.SubmitRequest(holder, e.svc.NewToken(), guide("terms"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Withdraw(holder, e.svc.NewToken(), true); err != nil {
		t.Fatal(err)
	}
	mails := len(e.outbox(t))
	if _, err := e.svc.CompleteRequest(e.op, res.Request.Number, ""); !errors.Is(err, core.ErrMemberWithdrawn) {
		t.Errorf("done after withdrawal: %v, want ErrMemberWithdrawn", err)
	}
	if n := len(e.outbox(t)); n != mails {
		t.Errorf("the withdrawn member was mailed: %+v", e.outbox(t)[n-1])
	}
	list, _ := e.svc.AdminRequests(e.op, core.RequestFilter{State: core.RequestDone})
	if len(list) != 0 {
		t.Errorf("marked done: %+v", list)
	}
}

// The form of a move posted to the new address: the receipt says where.
func TestRequestMoveMail(t *testing.T) {
	e := newEnv(t)
	_, holder := e.newContract(t, "ucom-me")
	res, err := e.svc.SubmitRequest(holder, e.svc.NewToken(), move("105-0011", "東京都港区芝公園1-1", "鈴木 一郎"))
	if err != nil {
		t.Fatal(err)
	}
	m := e.outbox(t)
	if body := m[len(m)-1].Body; !strings.Contains(body, "送付先: 〒105-0011 東京都港区芝公園1-1 鈴木 一郎 様") || strings.Contains(body, "ご登録住所へ") {
		t.Errorf("receipt %s", body)
	}
	if !res.Request.OtherAddress {
		t.Errorf("stored %+v", res.Request)
	}
}

// A contract's tickets and requests are stored under CONTRACT/NUMBER, so
// that its histories read one prefix (BenchmarkTicketHistory).
func TestSupportKeyedByContract(t *testing.T) {
	e := newEnv(t)
	cert, holder := e.newContract(t, "ucom-me")
	tk, err := e.svc.SubmitInquiry(holder, e.svc.NewToken(), inquiry("接続できません"))
	if err != nil {
		t.Fatal(err)
	}
	rq, err := e.svc.SubmitRequest(holder, e.svc.NewToken(), guide("terms"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AnswerTicket(e.op, tk.Ticket.Number, "ご確認ください。"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CompleteRequest(e.op, rq.Request.Number, ""); err != nil {
		t.Fatal(err)
	}
	var keys []string
	_ = e.db.View(func(tx core.Tx) error {
		for _, b := range []string{"tickets", "requests"} {
			_ = tx.Scan(b, "", func(key string, _ func(any) error) bool { keys = append(keys, b+" "+key); return true })
		}
		return nil
	})
	want := "tickets " + cert.Number + "/" + tk.Ticket.Number + ",requests " + cert.Number + "/" + rq.Request.Number
	if strings.Join(keys, ",") != want {
		t.Errorf("keys %v, want %s", keys, want)
	}
}

// Issue 11: a move (ご住所の変更) posted to the registered address goes to the
// address before the move: the confirm step warns of exactly that case.
func TestRequestToOldAddress(t *testing.T) {
	for _, c := range []struct {
		name string
		r    core.Request
		want bool
	}{
		{"seed 003 ご住所の変更, sent to the registered address: the one before the move", core.Request{Kind: core.RequestContractChange, Change: core.RequestChangeMove}, true},
		{"seed 003 ご住所の変更, sent to その他の住所 (the new one): no warning", core.Request{Kind: core.RequestContractChange, Change: core.RequestChangeMove, OtherAddress: true}, false},
		{"seed 003 ご契約者名義の変更 to the registered address: not a move", core.Request{Kind: core.RequestContractChange, Change: "holder-name"}, false},
		{"seed 003 ご利用ガイド・規約ご請求: not a contract change", core.Request{Kind: core.RequestGuide}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.r.ToOldAddress(); got != c.want {
				t.Errorf("ToOldAddress() = %v, want %v", got, c.want)
			}
		})
	}
}
