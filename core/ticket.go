package core

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"
)

// A ticket is a mail inquiry (メールでのお問い合わせ, seed 002): the subscriber
// writes about one of the contract's services, agreeing to the handling of
// personal information; the back office answers it on My Page and closes it.

// TicketState is where a ticket stands: 受付 → 回答済 → 完了.
type TicketState string

// The states of a ticket.
const (
	TicketReceived TicketState = "received" // 受付
	TicketAnswered TicketState = "answered" // 回答済
	TicketClosed   TicketState = "closed"   // 完了
)

// TicketStates lists the states in their order.
var TicketStates = []TicketState{TicketReceived, TicketAnswered, TicketClosed}

// Fields of the inquiry form, as ValidationError names them (FieldAgree is shared).
const (
	FieldInquiryService    = "inquiry_service"
	FieldInquiryOS         = "inquiry_os"
	FieldInquiryBrowser    = "inquiry_browser"
	FieldInquiryConnection = "inquiry_connection"
	FieldInquiryNote       = "inquiry_env_note"
	FieldInquiryContent    = "inquiry_content"
	FieldTicketAnswer      = "answer"
)

// The limits of a ticket's short texts, in characters. The content's limit is
// the catalog's (Catalog.InquiryContentMax).
const (
	InquiryEnvMax     = 50  // OS, browser, connection: one line each
	InquiryEnvNoteMax = 200 // a note on the environment: one line
	TicketAnswerMax   = 4000
)

// InquiryOther is the service choice of an inquiry about none of the contract's services.
const InquiryOther = "other"

// Service choice codes: the connection, a plan service, an option held.
const (
	inquiryLine   = "line"
	inquiryPlan   = "plan:"
	inquiryOption = "option:"
)

// InquiryService is one service an inquiry may be about: Code is what the
// form sends back, the names are the catalog's.
type InquiryService struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEn string `json:"name_en,omitempty"`
}

// InquiryEnv is the subscriber's environment, all of it optional.
type InquiryEnv struct {
	OS         string `json:"os,omitempty"`
	Browser    string `json:"browser,omitempty"`
	Connection string `json:"connection,omitempty"`
	Note       string `json:"note,omitempty"`
}

// Empty reports whether nothing of the environment was given.
func (e InquiryEnv) Empty() bool { return e == InquiryEnv{} }

// TicketAnswer is one answer of the back office.
type TicketAnswer struct {
	Text string    `json:"text"`
	At   time.Time `json:"at"`
}

// Ticket is one inquiry as stored, by its number.
type Ticket struct {
	Number   string `json:"number"` // IQyyyymmdd-NNNNNN
	Contract string `json:"contract"`
	// Author is the login that wrote it (Principal.Actor); Account its
	// account ID, empty when the holder wrote it.
	Author  string `json:"author"`
	Account string `json:"account,omitempty"`
	// Keeper is the login that reads the ticket once its author's account ID
	// was deleted (the holder), so that its answers still reach someone.
	Keeper  string         `json:"keeper,omitempty"`
	Service InquiryService `json:"service"`
	Env     InquiryEnv     `json:"env"`
	Content string         `json:"content"`
	// Agreed is when the handling of personal information was agreed to.
	Agreed  time.Time      `json:"agreed"`
	State   TicketState    `json:"state"`
	Answers []TicketAnswer `json:"answers,omitempty"`
	Created time.Time      `json:"created"`
	Updated time.Time      `json:"updated"`
	Closed  *time.Time     `json:"closed,omitempty"`
}

// NewInquiry is what the form sends.
type NewInquiry struct {
	Service string
	Env     InquiryEnv
	Content string
	Agreed  bool
}

// TicketError refuses a ticket procedure by a rule.
type TicketError struct{ Code string }

// The codes of TicketError.
const (
	TicketIsClosed = "closed" // the ticket is 完了: no answer, no second close
)

func (e *TicketError) Error() string { return "ticket: " + e.Code }

// AuditResult names the refusal in the audit log.
func (e *TicketError) AuditResult() string { return "refused-" + e.Code }

// InquiryLength counts the content as the subscriber sees it: NFC, one
// character per grapheme (が typed as か and its mark is one), a line feed one.
func InquiryLength(s string) int {
	return uniseg.GraphemeClusterCount(norm.NFC.String(strings.ReplaceAll(s, "\r\n", "\n")))
}

// InquiryServices are the services an inquiry may be about (seed 002
// 利用しているサービス情報): the contract's internet connection, its plan
// services not ended, the options it holds (those of its account IDs once
// each; for a user ID only its own account's, SPEC §4.3 "about its own
// account": own is that account ID, "" for every one), and それ以外.
func InquiryServices(cat *Catalog, c *Contract, now time.Time, own string) []InquiryService {
	var out []InquiryService
	if t, ok := cat.ContractType(c.Type); ok {
		out = append(out, InquiryService{Code: inquiryLine, Name: t.Name, NameEn: t.NameEn})
	}
	for _, ps := range c.Plans {
		if st := ps.State(now); st == PlanEnded || st == PlanLapsed || ps.Voided() {
			continue
		}
		if pl, ok := cat.Plan(ps.Plan); ok {
			out = append(out, InquiryService{Code: inquiryPlan + ps.ID, Name: pl.Name, NameEn: pl.NameEn})
		}
	}
	seen := map[string]bool{}
	for _, r := range c.Options {
		if seen[r.Option] || activeRecord(c.Options, r.Option, r.Account) < 0 || own != "" && r.Account != "" && r.Account != own {
			continue
		}
		if o, ok := cat.Option(r.Option); ok {
			seen[r.Option] = true
			out = append(out, InquiryService{Code: inquiryOption + o.Code, Name: o.Name, NameEn: o.NameEn})
		}
	}
	return append(out, InquiryService{Code: InquiryOther, Name: "それ以外", NameEn: "Other"})
}

// ownAccount is the account ID whose services alone a login writes about
// (a user ID's: it holds only its own options), "" for a login that manages
// every account ID's (the holder, an admin ID).
// supportMailTo is where a support mail (a ticket's, a callback's) goes: to
// the account ID that wrote or booked when it has a mail address of its own
// (a provider address or another one it registered), as its password notices
// do; else to the contract's contact mail. The holder's is the contact mail.
func supportMailTo(tx Tx, c *Contract, account string) string {
	if account != "" {
		if a, err := loadAccount(tx, account); err == nil && a.Contract == c.Number && a.Mail != "" {
			return a.Mail
		}
	}
	return c.Customer.ContactMail
}

// loginAccount is the account ID of a login, "" for the holder.
func loginAccount(p Principal) string {
	if p.Kind == KindAccount {
		return p.AccountID
	}
	return ""
}

func ownAccount(p Principal) string {
	if p.Kind == KindAccount && p.Permission == PermUser {
		return p.AccountID
	}
	return ""
}

// checkInquiry validates an inquiry against the contract's services and the
// catalog's limit and returns it as stored: texts NFC, the content's line
// ends LF and its trailing blank lines dropped.
func checkInquiry(n NewInquiry, services []InquiryService, max int) (NewInquiry, InquiryService, error) {
	pr := problems{}
	var svc InquiryService
	switch found := false; {
	case n.Service == "":
		pr.add(FieldInquiryService, ProblemRequired)
	default:
		for _, s := range services {
			if s.Code == n.Service {
				svc, found = s, true
			}
		}
		if !found {
			pr.add(FieldInquiryService, ProblemChoice)
		}
	}
	line := func(field string, s *string, max int) {
		*s = foldLine(*s)
		if code := textProblem(*s, max); code != "" {
			pr.add(field, code)
		}
	}
	line(FieldInquiryOS, &n.Env.OS, InquiryEnvMax)
	line(FieldInquiryBrowser, &n.Env.Browser, InquiryEnvMax)
	line(FieldInquiryConnection, &n.Env.Connection, InquiryEnvMax)
	line(FieldInquiryNote, &n.Env.Note, InquiryEnvNoteMax)
	n.Content = foldBody(norm.NFC.String(n.Content))
	if code := contentProblem(n.Content, max); code != "" {
		pr.add(FieldInquiryContent, code)
	}
	if !n.Agreed {
		pr.add(FieldAgree, ProblemRequired)
	}
	return n, svc, pr.err()
}

// foldLine is a line of free text as stored: NFC (が typed as か and its
// mark is one character, counted once against the limit), trimmed.
func foldLine(s string) string { return strings.TrimSpace(norm.NFC.String(s)) }

// contentProblem checks a text of several lines: required, each line free
// text, at most max characters as InquiryLength counts them.
func contentProblem(s string, max int) string {
	if strings.TrimSpace(s) == "" {
		return ProblemRequired
	}
	if !utf8.ValidString(s) {
		return ProblemFormat
	}
	for _, line := range strings.Split(s, "\n") {
		if textProblem(line, len(line)+1) != "" {
			return ProblemFormat
		}
	}
	if InquiryLength(s) > max {
		return ProblemLength
	}
	return ""
}

// InquiryView is what the inquiry form shows: the member's details, read
// only, the services to choose from and the limits.
type InquiryView struct {
	Contract    string
	Name        string // 姓 名
	Phone       string
	ContactMail string
	// MailTo is where the receipt and the answer's notice go (supportMailTo).
	MailTo     string
	Login      string // the account ID that writes, empty for the holder
	Services   []InquiryService
	ContentMax int
	AnswerDays int // 0: the catalog says nothing
}

// InquiryResult is what a submitted inquiry returns to its screen.
type InquiryResult struct {
	Ticket   Ticket
	MailedTo string
}

// settingTicketSeq numbers the tickets.
const settingTicketSeq = "ticket-seq"

// InquiryForm is the inquiry form's view for the login.
func (s *Service) InquiryForm(p Principal) (InquiryView, error) {
	var out InquiryView
	err := s.view(func(tx Tx) error {
		p, c, err := s.authorizeTo(tx, p, FnInquiry)
		if err != nil {
			return err
		}
		out = s.inquiryView(p, c, s.Now())
		out.Name = loginName(tx, p, c)
		out.MailTo = supportMailTo(tx, c, loginAccount(p))
		return nil
	})
	return out, err
}

// loginName is the name of who is logged in, for a support form to show or
// prefill: an account ID's own name, else the contract holder's.
func loginName(tx Tx, p Principal, c *Contract) string {
	if p.Kind == KindAccount {
		if a, err := loadAccount(tx, p.AccountID); err == nil && a.LastName != "" {
			return strings.TrimSpace(a.LastName + " " + a.FirstName)
		}
	}
	return strings.TrimSpace(c.Customer.LastName + " " + c.Customer.FirstName)
}

func (s *Service) inquiryView(p Principal, c *Contract, now time.Time) InquiryView {
	v := InquiryView{Contract: c.Number, Name: strings.TrimSpace(c.Customer.LastName + " " + c.Customer.FirstName),
		Phone: c.Customer.Phone, ContactMail: c.Customer.ContactMail, Services: InquiryServices(s.cat, c, now, ownAccount(p)),
		ContentMax: s.cat.InquiryContentMax(), AnswerDays: s.cat.Inquiry.AnswerDays}
	if p.Kind == KindAccount {
		v.Login = p.AccountID
	}
	return v
}

// CheckInquiry checks the input step of the form; nothing is written.
func (s *Service) CheckInquiry(p Principal, n NewInquiry) error {
	return s.view(func(tx Tx) error {
		_, c, err := s.authorizeTo(tx, p, FnInquiry)
		if err != nil {
			return err
		}
		_, _, err = checkInquiry(n, InquiryServices(s.cat, c, s.Now(), ownAccount(p)), s.cat.InquiryContentMax())
		return err
	})
}

// SubmitInquiry records the inquiry as one transaction: checked again there,
// numbered, stored as 受付, and the receipt mail sent to the contact address.
func (s *Service) SubmitInquiry(p Principal, token string, n NewInquiry) (InquiryResult, error) {
	var out InquiryResult
	err := s.procedure(p, "inquiry", n.Service, token, func(tx Tx, now time.Time) error {
		p, c, err := s.authorizeTo(tx, p, FnInquiry)
		if err != nil {
			return err
		}
		n, svc, err := checkInquiry(n, InquiryServices(s.cat, c, now, ownAccount(p)), s.cat.InquiryContentMax())
		if err != nil {
			return err
		}
		number, err := nextNumber(tx, now, settingTicketSeq, "IQ")
		if err != nil {
			return err
		}
		t := Ticket{Number: number, Contract: c.Number, Author: p.Actor(), Service: svc, Env: n.Env, Content: n.Content,
			Agreed: now, State: TicketReceived, Created: now, Updated: now}
		if p.Kind == KindAccount {
			t.Account = p.AccountID
		}
		if err := tx.Put(bucketTickets, ticketKey(t), t); err != nil {
			return err
		}
		to := supportMailTo(tx, c, t.Account)
		out = InquiryResult{Ticket: t, MailedTo: to}
		return sendMail(tx, now, to, "【マイページ】お問い合わせ受付のお知らせ", s.inquiryMail(c, t))
	})
	return committed(out, err)
}

// inquiryMail is the receipt mail: the number, the day and the service. The
// content is not quoted: it is on My Page.
func (s *Service) inquiryMail(c *Contract, t Ticket) string {
	var b strings.Builder
	fmt.Fprintf(&b, "お客様番号 %s\nお問い合わせ番号: %s\n受付日時: %s\n対象サービス: %s\n\n", c.Number, t.Number,
		t.Created.In(JST).Format("2006/01/02 15:04"), EscapeLine(t.Service.Name))
	b.WriteString("お問い合わせを受け付けました。")
	if d := s.cat.Inquiry.AnswerDays; d > 0 {
		fmt.Fprintf(&b, "通常%d営業日以内に回答いたします。", d)
	}
	b.WriteString("\n回答はマイページの「お問い合わせ履歴」でご確認いただけます。\n")
	return b.String()
}

// Tickets lists the login's tickets, newest first: those it wrote (FnInquiry,
// SPEC §4.3 ○ for every login).
func (s *Service) Tickets(p Principal) ([]Ticket, error) {
	var out []Ticket
	err := s.view(func(tx Tx) error {
		p, c, err := s.authorizeTo(tx, p, FnInquiry)
		if err != nil {
			return err
		}
		all, err := readTickets(tx, c.Number+"/")
		out = nil
		for _, t := range all {
			if ticketVisible(p, t) {
				out = append(out, t)
			}
		}
		return err
	})
	return out, err
}

// Ticket is one of the login's tickets; ErrNotFound for one it may not see.
func (s *Service) Ticket(p Principal, number string) (Ticket, error) {
	var out Ticket
	err := s.view(func(tx Tx) error {
		p, c, err := s.authorizeTo(tx, p, FnInquiry)
		if err != nil {
			return err
		}
		var t Ticket
		if err := tx.Get(bucketTickets, c.Number+"/"+number, &t); errors.Is(err, ErrNoValue) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		if !ticketVisible(p, t) {
			return ErrNotFound // another's ticket is not told apart from none
		}
		out = t
		return nil
	})
	return out, err
}

// ticketVisible applies the matrix row: ◎ every ticket of the contract, ○
// those the login wrote (the holder's login and each account ID apart).
func ticketVisible(p Principal, t Ticket) bool {
	switch ReachOf(p, FnInquiry) {
	case ReachAll:
		return true
	case ReachOwn:
		return t.Author == p.Actor() || t.Keeper != "" && t.Keeper == p.Actor()
	}
	return false
}

// keepTickets hands the tickets of a deleted account ID to the holder: the
// answers of an inquiry nobody may read any more would be mailed to the
// contract's contact address (supportMailTo) and lost on My Page.
func keepTickets(tx Tx, contract, account string) error {
	list, err := readTickets(tx, contract+"/")
	if err != nil {
		return err
	}
	holder := Principal{Kind: KindHolder, Contract: contract}.Actor()
	for _, t := range list {
		if t.Account != account || t.Keeper != "" {
			continue
		}
		t.Keeper = holder
		if err := tx.Put(bucketTickets, ticketKey(t), t); err != nil {
			return err
		}
	}
	return nil
}

// ticketKey is where a ticket is stored: CONTRACT/NUMBER, so that a
// contract's history is one prefix of the bucket.
func ticketKey(t Ticket) string { return t.Contract + "/" + t.Number }

// loadTicket finds a ticket by its number alone, for the back office: the
// number does not name its contract, so the keys are scanned (not the
// documents).
func loadTicket(tx Tx, number string) (Ticket, error) {
	var t Ticket
	found := false
	var derr error
	err := tx.Scan(bucketTickets, "", func(key string, decode func(any) error) bool {
		if !strings.HasSuffix(key, "/"+number) {
			return true
		}
		found, derr = true, decode(&t)
		return false
	})
	switch {
	case err != nil:
		return Ticket{}, err
	case derr != nil:
		return Ticket{}, derr
	case !found:
		return Ticket{}, ErrNotFound
	}
	return t, nil
}

// readTickets reads the tickets whose key starts with prefix (a contract's:
// "CONTRACT/"; every one: ""), newest first.
func readTickets(tx Tx, prefix string) ([]Ticket, error) {
	var out []Ticket
	var derr error
	err := tx.Scan(bucketTickets, prefix, func(_ string, decode func(any) error) bool {
		var t Ticket
		if derr = decode(&t); derr != nil {
			return false
		}
		out = append(out, t)
		return true
	})
	if err == nil {
		err = derr
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.After(out[j].Created)
		}
		return out[i].Number > out[j].Number
	})
	return out, err
}

// AdminTickets lists every ticket, newest first, of one state or of all ("")
// (back office only).
func (s *Service) AdminTickets(p Principal, state TicketState) ([]Ticket, error) {
	if p.Kind != KindOperator {
		return nil, ErrForbidden
	}
	var out []Ticket
	err := s.view(func(tx Tx) error {
		all, err := readTickets(tx, "")
		out = nil
		for _, t := range all {
			if state == "" || t.State == state {
				out = append(out, t)
			}
		}
		return err
	})
	return out, err
}

// AdminTicket is one ticket (back office only).
func (s *Service) AdminTicket(p Principal, number string) (Ticket, error) {
	if p.Kind != KindOperator {
		return Ticket{}, ErrForbidden
	}
	var out Ticket
	err := s.view(func(tx Tx) (err error) {
		out, err = loadTicket(tx, number)
		return err
	})
	return out, err
}

// checkAnswer validates an operator's answer and returns it as stored.
func checkAnswer(text string) (string, error) {
	text = foldBody(norm.NFC.String(text))
	if code := contentProblem(text, TicketAnswerMax); code != "" {
		return text, &ValidationError{Fields: map[string]string{FieldTicketAnswer: code}}
	}
	return text, nil
}

// AnswerTicket answers a ticket (back office only): the ticket becomes 回答済
// and the contract's contact address gets a mail saying the answer can be
// read on My Page. A closed ticket takes no answer.
func (s *Service) AnswerTicket(p Principal, number, text string) (Ticket, error) {
	if p.Kind != KindOperator {
		return Ticket{}, ErrForbidden
	}
	text, verr := checkAnswer(text)
	var out Ticket
	err := s.procedure(p, "ticket-answer", number, "", func(tx Tx, now time.Time) error {
		t, err := loadTicket(tx, number)
		if err != nil {
			return err
		}
		if t.State == TicketClosed {
			return &TicketError{Code: TicketIsClosed}
		}
		if verr != nil {
			return verr
		}
		c, err := member(tx, t.Contract)
		if err != nil {
			return err
		}
		t.Answers = append(t.Answers, TicketAnswer{Text: text, At: now})
		t.State, t.Updated = TicketAnswered, now
		if err := tx.Put(bucketTickets, ticketKey(t), t); err != nil {
			return err
		}
		out = t
		body := fmt.Sprintf("お客様番号 %s\nお問い合わせ番号: %s\n回答日時: %s\n\nお問い合わせへの回答をお送りしました。\n回答内容はマイページの「お問い合わせ履歴」でご確認ください。\n",
			c.Number, t.Number, now.In(JST).Format("2006/01/02 15:04"))
		return sendMail(tx, now, supportMailTo(tx, c, t.Account), "【マイページ】お問い合わせへの回答のお知らせ", body)
	})
	return committed(out, err)
}

// CloseTicket closes a ticket (back office only): 完了. It stays readable.
func (s *Service) CloseTicket(p Principal, number string) (Ticket, error) {
	if p.Kind != KindOperator {
		return Ticket{}, ErrForbidden
	}
	var out Ticket
	err := s.procedure(p, "ticket-close", number, "", func(tx Tx, now time.Time) error {
		t, err := loadTicket(tx, number)
		if err != nil {
			return err
		}
		if t.State == TicketClosed {
			return &TicketError{Code: TicketIsClosed}
		}
		t.State, t.Updated, t.Closed = TicketClosed, now, &now
		out = t
		return tx.Put(bucketTickets, ticketKey(t), t)
	})
	return committed(out, err)
}

// InquiryCatalog is the catalog's part of the inquiry form.
type InquiryCatalog struct {
	// ContentMax is the content's limit in characters; 0 means DefaultInquiryContentMax.
	ContentMax int `json:"content_max,omitempty"`
	// AnswerDays is within how many business days an answer is usual; 0 says nothing.
	AnswerDays int `json:"answer_days,omitempty"`
	// Privacy is the handling of personal information the subscriber agrees to.
	Privacy   string `json:"privacy,omitempty"`
	PrivacyEn string `json:"privacy_en,omitempty"`
}

// DefaultInquiryContentMax is the content's limit when the catalog sets none.
const DefaultInquiryContentMax = 2000

// InquiryContentMax is the catalog's limit of an inquiry's content.
func (c *Catalog) InquiryContentMax() int {
	if c.Inquiry.ContentMax == 0 {
		return DefaultInquiryContentMax
	}
	return c.Inquiry.ContentMax
}

// inquiry checks the catalog's inquiry part: figures in range, texts free text.
func (k *catalogCheck) inquiry(q InquiryCatalog) {
	k.atLeast("inquiry", "content_max", int64(q.ContentMax), 0)
	if q.ContentMax > 20000 {
		k.add("inquiry", "content_max", "%d is more than 20000", q.ContentMax)
	}
	k.atLeast("inquiry", "answer_days", int64(q.AnswerDays), 0)
	if q.AnswerDays > 30 {
		k.add("inquiry", "answer_days", "%d is more than 30", q.AnswerDays)
	}
	k.text("inquiry", "privacy", q.Privacy, catalogTextMax, false)
	k.text("inquiry", "privacy_en", q.PrivacyEn, catalogTextMax, false)
}
