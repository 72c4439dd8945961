package core

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// A request is a procedure taken on paper (SPEC §9.5, seed 003 各種手続き):
// ご契約内容変更申請, for which the application form (申請書) is posted to the
// registered address, and ご利用ガイド・規約ご請求, for which the documents
// are posted where the subscriber says. The portal records what is wanted
// with a number (受付番号) and mails a receipt; the back office marks it
// done once the post has gone.

// RequestKind says what a request asks for.
type RequestKind string

// The kinds of request.
const (
	RequestContractChange RequestKind = "contract-change" // ご契約内容変更申請
	RequestGuide          RequestKind = "guide"           // ご利用ガイド・規約ご請求
)

// RequestKinds lists the kinds in the menu's order.
var RequestKinds = []RequestKind{RequestContractChange, RequestGuide}

// RequestState is where a request stands: 受付 → 完了.
type RequestState string

// The states of a request.
const (
	RequestReceived RequestState = "received" // 受付: recorded, the post not sent yet
	RequestDone     RequestState = "done"     // 完了: the form or the documents were sent
)

// Destinations of a guide request.
const (
	DestinationRegistered = "registered" // the contract's registered address
	DestinationOther      = "other"      // an address typed with the request
)

// Fields of a request, as ValidationError names them.
const (
	FieldRequestKind        = "request_kind"
	FieldRequestChange      = "request_change"
	FieldRequestDescription = "request_description"
	FieldRequestDocuments   = "request_documents"
	FieldRequestCopies      = "request_copies"
	FieldRequestDestination = "request_destination"
	FieldRequestPostal      = "request_postal"
	FieldRequestAddress     = "request_address"
	FieldRequestName        = "request_name"
	FieldRequestNote        = "request_note"
)

// ProblemNoAddress: the contract has no registered address to post to.
const ProblemNoAddress = "no-address"

// The limits of a request's free text, in characters. Each is one line.
const (
	RequestDescriptionMax = 200
	RequestAddressMax     = 200
	RequestNameMax        = 40
	RequestNoteMax        = 200
)

// Defaults of the catalog's request figures (RequestCatalog) left at 0.
const (
	DefaultRequestMaxCopies = 3
	DefaultRequestOpenMax   = 5
	DefaultRequestPostDays  = 7
)

// RequestCatalog is what the catalog offers for the paper procedures.
type RequestCatalog struct {
	// Changes are what a contract change request may be about, in the
	// order the form offers them.
	Changes []RequestChoice `json:"changes,omitempty"`
	// Documents are the documents a guide request may ask for.
	Documents []RequestChoice `json:"documents,omitempty"`
	// MaxCopies bounds the copies of each document; 0 means DefaultRequestMaxCopies.
	MaxCopies int `json:"max_copies,omitempty"`
	// OpenMax bounds the requests of a contract not done yet; 0 means DefaultRequestOpenMax.
	OpenMax int `json:"open_max,omitempty"`
	// PostDays is within how many days the post arrives; 0 means DefaultRequestPostDays.
	PostDays int `json:"post_days,omitempty"`
}

// RequestChoice is one choice of a request form.
type RequestChoice struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
	// Describe: the request must say in words what is wanted (その他).
	Describe bool `json:"describe,omitempty"`
}

// Copies is the most copies of a document a request may ask for.
func (rc RequestCatalog) Copies() int { return orDefault(rc.MaxCopies, DefaultRequestMaxCopies) }

// Open is the most requests of a contract that may wait at once.
func (rc RequestCatalog) Open() int { return orDefault(rc.OpenMax, DefaultRequestOpenMax) }

// Days is within how many days the post arrives.
func (rc RequestCatalog) Days() int { return orDefault(rc.PostDays, DefaultRequestPostDays) }

func orDefault(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// Change finds a contract change choice by code.
func (rc RequestCatalog) Change(code string) (RequestChoice, bool) {
	return findChoice(rc.Changes, code)
}

// Document finds a document by code.
func (rc RequestCatalog) Document(code string) (RequestChoice, bool) {
	return findChoice(rc.Documents, code)
}

func findChoice(cs []RequestChoice, code string) (RequestChoice, bool) {
	for _, c := range cs {
		if c.Code == code {
			return c, true
		}
	}
	return RequestChoice{}, false
}

// check is the catalog's part for the requests.
func (k *catalogCheck) requests(rc RequestCatalog) {
	for _, l := range []struct {
		name string
		list []RequestChoice
	}{{"changes", rc.Changes}, {"documents", rc.Documents}} {
		seen := map[string]bool{}
		for i, c := range l.list {
			entry := fmt.Sprintf("requests.%s #%d", l.name, i+1)
			if c.Code == "" || seen[c.Code] {
				k.add(entry, "code", "%q missing or repeated", c.Code)
			}
			seen[c.Code] = true
			k.names(entry, c.Code, c.Name, c.NameEn)
		}
	}
	for _, f := range []struct {
		field string
		v     int
	}{{"max_copies", rc.MaxCopies}, {"open_max", rc.OpenMax}, {"post_days", rc.PostDays}} {
		k.atLeast("requests", f.field, int64(f.v), 0)
		if f.v > 99 {
			k.add("requests", f.field, "%d is more than 99", f.v)
		}
	}
}

// PostalAddress is where a request's post goes.
type PostalAddress struct {
	Postal  string `json:"postal,omitempty"` // 〒NNN-NNNN, without the mark; none for the registered address
	Address string `json:"address"`
	Name    string `json:"name"`
}

// Request is one paper request as stored and listed.
type Request struct {
	Number      string       `json:"number"` // RQyyyymmdd-NNNNNN
	Kind        RequestKind  `json:"kind"`
	Contract    string       `json:"contract"`
	Actor       string       `json:"actor"` // the login that asked (Principal.Actor)
	State       RequestState `json:"state"`
	RequestedAt time.Time    `json:"requested_at"`
	DoneAt      *time.Time   `json:"done_at,omitempty"`
	Note        string       `json:"note,omitempty"` // what the back office noted when done
	// A contract change: its catalog code and, in words, what is to change.
	Change      string `json:"change,omitempty"`
	Description string `json:"description,omitempty"`
	// A guide request: the documents' catalog codes and the copies of each.
	Documents []string `json:"documents,omitempty"`
	Copies    int      `json:"copies,omitempty"`
	// OtherAddress: the post goes to an address typed with the request.
	OtherAddress bool          `json:"other_address,omitempty"`
	SendTo       PostalAddress `json:"send_to"`
}

// RequestChangeMove is the catalog code of ご住所の変更 (転居).
const RequestChangeMove = "address"

// ToOldAddress reports a move whose application form goes to the registered
// address, the one before the move: the confirm step warns of it.
func (r Request) ToOldAddress() bool {
	return r.Kind == RequestContractChange && r.Change == RequestChangeMove && !r.OtherAddress
}

// NewRequest is what the subscriber asks for, as typed.
type NewRequest struct {
	Kind RequestKind
	// A contract change.
	Change      string
	Description string
	// A guide request.
	Documents   []string
	Copies      int
	Destination string
	Postal      string
	Address     string
	Name        string
}

// Registered is the contract's registered address with the holder's name,
// where the application form and by default the documents are posted.
func Registered(c *Contract) PostalAddress {
	return PostalAddress{Address: c.Customer.Address,
		Name: strings.TrimSpace(c.Customer.LastName + " " + c.Customer.FirstName)}
}

// CheckRequest validates a request against the catalog (SPEC §9.5, §11.5)
// and returns it as it is stored, not yet numbered: the text trimmed and
// folded, the postal code written NNN-NNNN, the address the post goes to.
func CheckRequest(rc RequestCatalog, registered PostalAddress, in NewRequest) (Request, error) {
	pr := problems{}
	r := Request{Kind: in.Kind, SendTo: registered}
	switch in.Kind {
	case RequestContractChange:
		r.Change = in.Change
		ch, ok := rc.Change(in.Change)
		switch {
		case in.Change == "":
			pr.add(FieldRequestChange, ProblemRequired)
		case !ok:
			pr.add(FieldRequestChange, ProblemChoice)
		}
		r.Description = foldLine(in.Description)
		if r.Description == "" && ch.Describe {
			// その他: the form cannot say what is wanted, so the words must.
			pr.add(FieldRequestDescription, ProblemRequired)
		} else if code := textProblem(r.Description, RequestDescriptionMax); code != "" {
			pr.add(FieldRequestDescription, code)
		}
	case RequestGuide:
		seen := map[string]bool{}
		for _, d := range in.Documents {
			if _, ok := rc.Document(d); !ok {
				pr.add(FieldRequestDocuments, ProblemChoice)
				continue
			}
			if !seen[d] {
				r.Documents = append(r.Documents, d)
			}
			seen[d] = true
		}
		if len(in.Documents) == 0 {
			pr.add(FieldRequestDocuments, ProblemRequired)
		}
		r.Copies = in.Copies
		if in.Copies < 1 || in.Copies > rc.Copies() {
			pr.add(FieldRequestCopies, ProblemChoice)
		}
	case "":
		pr.add(FieldRequestKind, ProblemRequired)
	default:
		pr.add(FieldRequestKind, ProblemChoice)
	}
	// Where the post goes: the registered address or another typed. The
	// application form of a move (ご住所の変更) is wanted at the new address;
	// a contract change that names none goes to the registered one.
	if in.Kind == RequestGuide || in.Kind == RequestContractChange {
		switch in.Destination {
		case DestinationRegistered:
		case DestinationOther:
			r.OtherAddress = true
			r.SendTo = checkPostal(pr, in)
		case "":
			if in.Kind == RequestGuide {
				pr.add(FieldRequestDestination, ProblemRequired)
			}
		default:
			pr.add(FieldRequestDestination, ProblemChoice)
		}
	}
	if !r.OtherAddress && strings.TrimSpace(registered.Address) == "" && pr[FieldRequestKind] == "" {
		field := FieldRequestDestination
		if in.Kind == RequestContractChange {
			field = FieldRequestChange
		}
		pr.add(field, ProblemNoAddress)
	}
	return r, pr.err()
}

// checkPostal checks an address typed for the post: the postal code
// (〒NNN-NNNN, seven digits with or without the hyphen, full width folded),
// the address and the name, each required and bounded.
func checkPostal(pr problems, in NewRequest) PostalAddress {
	a := PostalAddress{Postal: NormalizeInput(FieldRequestPostal, in.Postal),
		Address: foldLine(in.Address), Name: foldLine(in.Name)}
	if code := postalProblem(a.Postal); code != "" {
		pr.add(FieldRequestPostal, code)
	} else {
		a.Postal = strings.ReplaceAll(a.Postal, "-", "")
		a.Postal = a.Postal[:3] + "-" + a.Postal[3:]
	}
	for _, f := range []struct {
		field, v string
		max      int
	}{{FieldRequestAddress, a.Address, RequestAddressMax}, {FieldRequestName, a.Name, RequestNameMax}} {
		if f.v == "" {
			pr.add(f.field, ProblemRequired)
		} else if code := textProblem(f.v, f.max); code != "" {
			pr.add(f.field, code)
		}
	}
	return a
}

// postalProblem checks a folded postal code: NNN-NNNN or NNNNNNN.
func postalProblem(s string) string {
	if s == "" {
		return ProblemRequired
	}
	digits := strings.ReplaceAll(s, "-", "")
	if len(digits) != 7 || strings.Trim(digits, "0123456789") != "" ||
		(len(s) != 7 && (len(s) != 8 || s[3] != '-')) {
		return ProblemFormat
	}
	return ""
}

// RequestError refuses a request procedure by a rule.
type RequestError struct {
	Code string
	Max  int // the bound of RequestOpenLimit
}

// The codes of RequestError.
const (
	RequestOpenLimit   = "open-limit"   // as many requests wait as the catalog allows
	RequestAlreadyDone = "already-done" // done before
)

func (e *RequestError) Error() string { return "request: " + e.Code }

// AuditResult names the refusal in the audit log.
func (e *RequestError) AuditResult() string { return "refused-" + e.Code }

// RequestCode is the code of a *RequestError, "" for another error.
func RequestCode(err error) string {
	var re *RequestError
	if errors.As(err, &re) {
		return re.Code
	}
	return ""
}

// A postal code is typed as digits and a hyphen, full width folded.
func init() { inputFormats[FieldRequestPostal] = formatPhone }

// settingRequestSeq numbers the requests.
const settingRequestSeq = "request-seq"

// RequestFormView is what the request screens show before anything is typed.
type RequestFormView struct {
	Registered PostalAddress
	MailTo     string
	Open       int // requests of the contract not done yet
	OpenMax    int
	PostDays   int
}

// RequestResult is what a recorded request returns to its screen.
type RequestResult struct {
	Request  Request
	MailedTo string
	PostDays int
}

// RequestForm is the view of a request form for the principal's contract.
func (s *Service) RequestForm(p Principal) (RequestFormView, error) {
	var out RequestFormView
	err := s.view(func(tx Tx) error {
		_, c, err := s.authorizeTo(tx, p, FnRequest)
		if err != nil {
			return err
		}
		open, err := openRequests(tx, c.Number)
		if err != nil {
			return err
		}
		rc := s.cat.Requests
		out = RequestFormView{Registered: Registered(c), MailTo: c.Customer.ContactMail, Open: open,
			OpenMax: rc.Open(), PostDays: rc.Days()}
		return nil
	})
	return out, err
}

// CheckNewRequest checks the input step of a request for the confirm step:
// the rules and the bound on waiting requests. Nothing is written.
func (s *Service) CheckNewRequest(p Principal, in NewRequest) (Request, error) {
	var out Request
	err := s.view(func(tx Tx) error {
		var err error
		out, err = s.checkNew(tx, p, in)
		return err
	})
	return out, err
}

func (s *Service) checkNew(tx Tx, p Principal, in NewRequest) (Request, error) {
	_, c, err := s.authorizeTo(tx, p, FnRequest)
	if err != nil {
		return Request{}, err
	}
	r, err := CheckRequest(s.cat.Requests, Registered(c), in)
	if err != nil {
		return r, err
	}
	open, err := openRequests(tx, c.Number)
	if err != nil {
		return r, err
	}
	if max := s.cat.Requests.Open(); open >= max {
		return r, &RequestError{Code: RequestOpenLimit, Max: max}
	}
	r.Contract = c.Number
	return r, nil
}

// SubmitRequest records a request as one transaction: checked again there,
// numbered, stored 受付, the receipt mailed to the contact address, audited.
func (s *Service) SubmitRequest(p Principal, token string, in NewRequest) (RequestResult, error) {
	var out RequestResult
	err := s.procedure(p, "request-"+string(in.Kind), requestTarget(in), token, func(tx Tx, now time.Time) error {
		r, err := s.checkNew(tx, p, in)
		if err != nil {
			return err
		}
		c, err := loadContract(tx, r.Contract)
		if err != nil {
			return err
		}
		if r.Number, err = nextNumber(tx, now, settingRequestSeq, "RQ"); err != nil {
			return err
		}
		r.Actor, r.State, r.RequestedAt = p.Actor(), RequestReceived, now
		if err := tx.Put(bucketRequests, requestKey(r), r); err != nil {
			return err
		}
		out = RequestResult{Request: r, MailedTo: c.Customer.ContactMail, PostDays: s.cat.Requests.Days()}
		return sendMail(tx, now, c.Customer.ContactMail, requestSubject(r.Kind, false), s.requestMail(c, r, false))
	})
	return committed(out, err)
}

// requestTarget names a request in the audit log: its kind and choices, no free text.
func requestTarget(in NewRequest) string {
	if in.Kind == RequestGuide {
		return fmt.Sprintf("guide %s x%d to %s", strings.Join(in.Documents, ","), in.Copies, in.Destination)
	}
	return string(in.Kind) + " " + in.Change
}

// requestSubject is the subject of a request's receipt or of its completion.
func requestSubject(k RequestKind, done bool) string {
	switch {
	case k == RequestGuide && done:
		return "【マイページ】ご利用ガイド・規約発送完了のお知らせ"
	case k == RequestGuide:
		return "【マイページ】ご利用ガイド・規約ご請求受付のお知らせ"
	case done:
		return "【マイページ】ご契約内容変更申請書発送完了のお知らせ"
	}
	return "【マイページ】ご契約内容変更申請受付のお知らせ"
}

// requestMail is the body of a request's receipt (done false) or of the mail
// that the post has gone. Stored text is quoted escaped and on one line.
func (s *Service) requestMail(c *Contract, r Request, done bool) string {
	rc := s.cat.Requests
	var b strings.Builder
	fmt.Fprintf(&b, "お客様番号 %s\n受付番号: %s\n受付日: %s\n", c.Number, r.Number, r.RequestedAt.In(JST).Format("2006/01/02"))
	if r.Kind == RequestContractChange {
		name := r.Change
		if ch, ok := rc.Change(r.Change); ok {
			name = ch.Name
		}
		fmt.Fprintf(&b, "お申し込み内容: ご契約内容変更申請 (%s)\n", EscapeLine(name))
		if r.Description != "" {
			fmt.Fprintf(&b, "ご記入内容: %s\n", EscapeLine(r.Description))
		}
	} else {
		var names []string
		for _, d := range r.Documents {
			if doc, ok := rc.Document(d); ok {
				d = doc.Name
			}
			names = append(names, EscapeLine(d))
		}
		fmt.Fprintf(&b, "お申し込み内容: ご利用ガイド・規約ご請求 (%s 各%d部)\n", strings.Join(names, "、"), r.Copies)
	}
	to := r.SendTo
	b.WriteString("送付先: ")
	if to.Postal != "" {
		fmt.Fprintf(&b, "〒%s ", to.Postal)
	}
	fmt.Fprintf(&b, "%s %s 様\n\n", EscapeLine(to.Address), EscapeLine(to.Name))
	switch {
	case done && r.Kind == RequestContractChange:
		b.WriteString("ご契約内容変更申請書を上記の送付先へ発送いたしました。必要事項をご記入・ご捺印のうえ、同封の返信用封筒でご返送ください。\n")
	case done:
		b.WriteString("ご請求いただいた書類を上記の送付先へ発送いたしました。\n")
	case r.Kind == RequestContractChange:
		fmt.Fprintf(&b, "ご契約内容変更申請を受け付けました。申請書を上記の送付先へ郵送いたします。%d日以内に届かない場合はインフォメーションセンターへご連絡ください。\n", rc.Days())
		b.WriteString("変更は、ご返送いただいた申請書の内容を確認のうえ反映いたします。\n")
	default:
		fmt.Fprintf(&b, "ご利用ガイド・規約のご請求を受け付けました。%d日以内に上記の送付先へ郵送いたします。\n", rc.Days())
	}
	b.WriteString("お心当たりのない場合はインフォメーションセンターへご連絡ください。\n")
	return b.String()
}

// requestKey is where a request is stored: CONTRACT/NUMBER, so that a
// contract's requests are one prefix of the bucket.
func requestKey(r Request) string { return r.Contract + "/" + r.Number }

// openRequests counts the requests of a contract not done yet.
func openRequests(tx Tx, contract string) (int, error) {
	n := 0
	err := scanRequests(tx, contract+"/", func(r Request) {
		if r.State != RequestDone {
			n++
		}
	})
	return n, err
}

// scanRequests reads the requests whose key starts with prefix (a
// contract's: "CONTRACT/"; every one: "").
func scanRequests(tx Tx, prefix string, fn func(Request)) error {
	var derr error
	err := tx.Scan(bucketRequests, prefix, func(key string, decode func(any) error) bool {
		var r Request
		if derr = decode(&r); derr != nil {
			derr = &DocumentError{Bucket: bucketRequests, Key: key, Err: derr}
			return false
		}
		fn(r)
		return true
	})
	if err == nil {
		err = derr
	}
	return err
}

// newestFirst sorts requests by the time asked, newest first, by number on a tie.
func newestFirst(list []Request) {
	sort.SliceStable(list, func(i, j int) bool {
		if !list[i].RequestedAt.Equal(list[j].RequestedAt) {
			return list[i].RequestedAt.After(list[j].RequestedAt)
		}
		return list[i].Number > list[j].Number
	})
}

// Requests lists the requests of the principal's contract, newest first.
func (s *Service) Requests(p Principal) ([]Request, error) {
	var out []Request
	err := s.view(func(tx Tx) error {
		out = nil
		_, c, err := s.authorizeTo(tx, p, FnRequest)
		if err != nil {
			return err
		}
		return scanRequests(tx, c.Number+"/", func(r Request) { out = append(out, r) })
	})
	newestFirst(out)
	return out, err
}

// RequestFilter narrows the back office's list; empty fields match all.
type RequestFilter struct {
	State RequestState
	Kind  RequestKind
}

// AdminRequests lists every request that matches the filter, newest first (back office only).
func (s *Service) AdminRequests(p Principal, f RequestFilter) ([]Request, error) {
	if p.Kind != KindOperator {
		return nil, ErrForbidden
	}
	var out []Request
	err := s.view(func(tx Tx) error {
		out = nil
		return scanRequests(tx, "", func(r Request) {
			if (f.State == "" || r.State == f.State) && (f.Kind == "" || r.Kind == f.Kind) {
				out = append(out, r)
			}
		})
	})
	newestFirst(out)
	return out, err
}

// CompleteRequest marks a request done (back office only): the form or the
// documents were posted. The subscriber is mailed; a request done before is
// refused. The note is free text for the records, one bounded line.
func (s *Service) CompleteRequest(p Principal, number, note string) (Request, error) {
	if p.Kind != KindOperator {
		return Request{}, ErrForbidden
	}
	note = strings.TrimSpace(note)
	var out Request
	err := s.procedure(p, "request-done", number, "", func(tx Tx, now time.Time) error {
		if code := textProblem(note, RequestNoteMax); code != "" {
			return &ValidationError{Fields: map[string]string{FieldRequestNote: code}}
		}
		var err error
		if out, err = loadRequest(tx, number); err != nil {
			return err
		}
		if out.State == RequestDone {
			return &RequestError{Code: RequestAlreadyDone}
		}
		// A withdrawn member is mailed nothing more (as AnswerTicket).
		c, err := member(tx, out.Contract)
		if err != nil {
			return err
		}
		out.State, out.DoneAt, out.Note = RequestDone, &now, note
		if err := tx.Put(bucketRequests, requestKey(out), out); err != nil {
			return err
		}
		return sendMail(tx, now, c.Customer.ContactMail, requestSubject(out.Kind, true), s.requestMail(c, out, true))
	})
	if err != nil {
		return Request{}, err
	}
	return out, nil
}

// loadRequest finds a request by its number alone, for the back office: the
// number does not name its contract, so the keys are scanned (not the
// documents).
func loadRequest(tx Tx, number string) (Request, error) {
	var r Request
	found := false
	var derr error
	err := tx.Scan(bucketRequests, "", func(key string, decode func(any) error) bool {
		if !strings.HasSuffix(key, "/"+number) {
			return true
		}
		found, derr = true, decode(&r)
		return false
	})
	switch {
	case err != nil:
		return Request{}, err
	case derr != nil:
		return Request{}, &DocumentError{Bucket: bucketRequests, Key: number, Err: derr}
	case !found:
		return Request{}, ErrNotFound
	}
	return r, nil
}
