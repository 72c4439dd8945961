package core

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

//go:embed catalog/default.json
var defaultCatalog []byte

// Family groups contract types that share mail and option rules.
type Family string

// The two families of seed 003 §4 and §5.
const (
	FamilyLAN   Family = "lan"
	FamilyMulti Family = "multi"
)

// Allowance is a count given with the contract plus what a paid option adds.
type Allowance struct {
	Basic int `json:"basic"`
	Extra int `json:"extra"`
}

// ContractType is one row of SPEC §3.1.
type ContractType struct {
	Code              string    `json:"code"`
	Name              string    `json:"name"`
	NameEn            string    `json:"name_en"`
	Brand             string    `json:"brand"`
	Family            Family    `json:"family"`
	AccountIDs        int       `json:"account_ids"`
	Mail              Allowance `json:"mail"`
	Web               Allowance `json:"web"`
	Storage           Allowance `json:"storage"`
	Warranty          bool      `json:"warranty"`
	AccountIDRequired bool      `json:"account_id_required"`
}

// OptionScope says whether an option belongs to the contract or to one account ID.
type OptionScope string

// Scopes of SPEC §3.2.
const (
	ScopeContract OptionScope = "contract"
	ScopeAccount  OptionScope = "account"
)

// Option is one option service of SPEC §3.2.
type Option struct {
	Code                string      `json:"code"`
	Name                string      `json:"name"`
	NameEn              string      `json:"name_en"`
	Group               string      `json:"group"`
	Scope               OptionScope `json:"scope"`
	Families            []Family    `json:"families,omitempty"`
	Brands              []string    `json:"brands,omitempty"`
	Monthly             int64       `json:"monthly"`
	ReapplyFee          int64       `json:"reapply_fee,omitempty"`
	Rule                string      `json:"rule"`
	AutoCancel          bool        `json:"auto_cancel,omitempty"`
	ExtendsAllowance    bool        `json:"extends_allowance,omitempty"`
	Requires            string      `json:"requires,omitempty"`
	NotCancellableAlone bool        `json:"not_cancellable_alone,omitempty"`
	Exclusive           string      `json:"exclusive,omitempty"`
	NeedsMail           bool        `json:"needs_mail,omitempty"`
	Phone               string      `json:"phone,omitempty"`
	Hours               string      `json:"hours,omitempty"`
	HoursEn             string      `json:"hours_en,omitempty"`
	Description         string      `json:"description,omitempty"`
	DescriptionEn       string      `json:"description_en,omitempty"`
	DownloadURL         string      `json:"download_url,omitempty"`
	// Annual is the yearly price of an option of the annual rule: it adds to the
	// annual fee of the membership plans it is offered with (Plans, SPEC §11.2).
	Annual int64    `json:"annual,omitempty"`
	Plans  []string `json:"plans,omitempty"`
}

// InfoPage is an informational menu entry: a partner page or a procedure taken
// by phone or on paper (SPEC §3.2).
type InfoPage struct {
	Code       string   `json:"code"`
	Name       string   `json:"name"`
	NameEn     string   `json:"name_en"`
	Families   []Family `json:"families,omitempty"`
	HolderOnly bool     `json:"holder_only,omitempty"`
	URL        string   `json:"url,omitempty"`
	By         string   `json:"by,omitempty"` // "phone" or "paper": the information center takes it
	Body       string   `json:"body"`
	BodyEn     string   `json:"body_en"`
}

// Center is where phone-only procedures are taken.
type Center struct {
	Name    string `json:"name"`
	NameEn  string `json:"name_en,omitempty"`
	Phone   string `json:"phone"`
	Hours   string `json:"hours"`
	HoursEn string `json:"hours_en,omitempty"`
}

// Catalog is the product data: contract types and options.
type Catalog struct {
	Provider          string         `json:"provider"`
	MailDomain        string         `json:"mail_domain"`
	WebHost           string         `json:"web_host"`
	InformationCenter Center         `json:"information_center"`
	ContractTypes     []ContractType `json:"contract_types"`
	Options           []Option       `json:"options"`
	InfoPages         []InfoPage     `json:"info_pages,omitempty"`
	Plans             []Plan         `json:"plans,omitempty"`
	// RenewalNoticeDays is how many days before a term's end the renewal
	// notice shows (SPEC §11.3); 0 means DefaultRenewalNoticeDays.
	RenewalNoticeDays int `json:"renewal_notice_days,omitempty"`
	// PaymentConfirmDays is how many days after its due day an unpaid
	// statement waits for the payment to be confirmed before the contract is
	// suspended (seed 004 §1: 3–6 days); nil means DefaultPaymentConfirmDays.
	PaymentConfirmDays *int `json:"payment_confirm_days,omitempty"`
	// RenewalDiscounts is the discount percent of a renewal's term by its
	// years ("2", "3"); a 1-year term has none (SPEC §11.3).
	RenewalDiscounts map[string]int `json:"renewal_discounts,omitempty"`
	// FAQ is よくある質問, in the order the screen lists it (faq.go).
	FAQ []FAQ `json:"faq,omitempty"`
	// Requests is what the paper procedures offer (request.go).
	Requests RequestCatalog `json:"requests,omitempty"`
	// Inquiry is メールでのお問い合わせ: its limit, answer time and the
	// handling of personal information it asks to agree to (ticket.go).
	Inquiry InquiryCatalog `json:"inquiry,omitempty"`
	// Callback is the callback booking (コールバック予約, callback.go); nil offers none.
	Callback *CallbackSettings `json:"callback,omitempty"`
}

// DefaultCatalog returns the embedded catalog that reproduces the seeds' products.
func DefaultCatalog() *Catalog {
	c, err := ParseCatalog(defaultCatalog)
	if err != nil {
		panic(err)
	}
	return c
}

// MaxCatalogBytes is the largest catalog file LoadCatalog reads.
const MaxCatalogBytes = 4 << 20

// LoadCatalog reads an operator's catalog file: at most MaxCatalogBytes, then
// decoded and checked like the built-in one. Errors name the file.
func LoadCatalog(path string) (*Catalog, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxCatalogBytes+1))
	if err != nil {
		return nil, fmt.Errorf("catalog %s: %w", path, err)
	}
	if len(b) > MaxCatalogBytes {
		return nil, fmt.Errorf("catalog %s: larger than %d MiB, not a catalog", path, MaxCatalogBytes>>20)
	}
	c, err := ParseCatalog(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// Limits of catalog texts, in characters.
const (
	catalogNameMax = 100
	catalogTextMax = 2000 // descriptions and info page bodies
	catalogLineMax = 200  // hours, URLs, phone numbers, domains
)

// MaxCatalogYen is the highest money figure of a catalog (a monthly price or a
// fee), in yen. Statement totals and their tax are int64 sums of such figures,
// far from overflowing under it.
const MaxCatalogYen = 10_000_000

// ParseCatalog decodes and checks a catalog: every code unique and every
// reference known, every figure in range and every text under the free-text
// rule (SPEC §11.5). Each problem names its entry and field.
func ParseCatalog(b []byte) (*Catalog, error) {
	var c Catalog
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return &c, nil
}

// catalogCheck collects the problems of a catalog.
type catalogCheck struct{ errs []error }

// add records a problem of a field of an entry; entry "" is the catalog itself.
func (k *catalogCheck) add(entry, field, format string, args ...any) {
	if entry != "" {
		field = entry + ": " + field
	}
	k.errs = append(k.errs, fmt.Errorf("catalog: %s: %s", field, fmt.Sprintf(format, args...)))
}

func (k *catalogCheck) text(entry, field, s string, max int, required bool) {
	switch {
	case required && s == "":
		k.add(entry, field, "is empty")
	case textProblem(s, len(s)+1) != "":
		k.add(entry, field, "holds a control character, a bidi override, an invisible format character or bytes that are not UTF-8")
	case textProblem(s, max) != "":
		k.add(entry, field, "longer than %d characters", max)
	}
}

// names checks the code, name (required) and English name of an entry.
func (k *catalogCheck) names(entry, code, name, nameEn string) {
	k.text(entry, "code", code, catalogNameMax, false)
	k.text(entry, "name", name, catalogNameMax, true)
	k.text(entry, "name_en", nameEn, catalogNameMax, false)
}

// families checks the families an entry is limited to: each one known.
func (k *catalogCheck) families(entry string, fs []Family) {
	for _, f := range fs {
		if f != FamilyLAN && f != FamilyMulti {
			k.add(entry, "families", "unknown family %q", f)
		}
	}
}

func (k *catalogCheck) atLeast(entry, field string, v, min int64) {
	if v < min {
		k.add(entry, field, "%d is less than %d", v, min)
	}
}

// yen checks a money figure: from 0 to MaxCatalogYen.
func (k *catalogCheck) yen(entry, field string, v int64) {
	k.atLeast(entry, field, v, 0)
	if v > MaxCatalogYen {
		k.add(entry, field, "%d is more than %d", v, MaxCatalogYen)
	}
}

func (c *Catalog) check() error {
	k := &catalogCheck{}
	k.text("", "provider", c.Provider, catalogNameMax, false)
	k.text("", "mail_domain", c.MailDomain, catalogLineMax, true)
	k.text("", "web_host", c.WebHost, catalogLineMax, false)
	ic := c.InformationCenter
	k.text("information_center", "name", ic.Name, catalogNameMax, false)
	k.text("information_center", "name_en", ic.NameEn, catalogNameMax, false)
	k.text("information_center", "phone", ic.Phone, catalogLineMax, false)
	k.text("information_center", "hours", ic.Hours, catalogLineMax, false)
	k.text("information_center", "hours_en", ic.HoursEn, catalogLineMax, false)
	if len(c.ContractTypes) == 0 {
		k.errs = append(k.errs, errors.New("catalog: no contract types"))
	}
	seen := map[string]bool{}
	brands := map[string]bool{}
	for i, t := range c.ContractTypes {
		entry := fmt.Sprintf("contract type %s", t.Code)
		if t.Code == "" || seen[t.Code] {
			k.add(fmt.Sprintf("contract type #%d", i+1), "code", "%q missing or repeated", t.Code)
		}
		seen[t.Code] = true
		brands[t.Brand] = true
		k.names(entry, t.Code, t.Name, t.NameEn)
		k.text(entry, "brand", t.Brand, catalogNameMax, false)
		if t.Family != FamilyLAN && t.Family != FamilyMulti {
			k.add(entry, "family", "unknown family %q", t.Family)
		}
		k.atLeast(entry, "account_ids", int64(t.AccountIDs), 1)
		for _, a := range []struct {
			field string
			a     Allowance
		}{{"mail", t.Mail}, {"web", t.Web}, {"storage", t.Storage}} {
			k.atLeast(entry, a.field+".basic", int64(a.a.Basic), 0)
			k.atLeast(entry, a.field+".extra", int64(a.a.Extra), 0)
		}
	}
	options := map[string]bool{}
	for _, o := range c.Options {
		options[o.Code] = true
	}
	for i, o := range c.Options {
		entry := fmt.Sprintf("option %s", o.Code)
		if o.Code == "" || seen[o.Code] {
			k.add(fmt.Sprintf("option #%d", i+1), "code", "%q missing or repeated", o.Code)
		}
		seen[o.Code] = true
		if o.Scope != ScopeContract && o.Scope != ScopeAccount {
			k.add(entry, "scope", "unknown scope %q", o.Scope)
		}
		k.yen(entry, "monthly", o.Monthly)
		k.yen(entry, "reapply_fee", o.ReapplyFee)
		if !chargeRuleKnown(o.Rule) {
			k.add(entry, "rule", "unknown charge rule %q", o.Rule)
		}
		if _, ok := groupFunction[o.Group]; !ok {
			k.add(entry, "group", "unknown group %q", o.Group)
		}
		k.families(entry, o.Families)
		for _, b := range o.Brands {
			if !brands[b] {
				k.add(entry, "brands", "no contract type of brand %q", b)
			}
		}
		if o.Requires != "" && (!options[o.Requires] || o.Requires == o.Code) {
			k.add(entry, "requires", "%q is not another option of the catalog", o.Requires)
		}
		k.text(entry, "exclusive", o.Exclusive, catalogNameMax, false)
		k.names(entry, o.Code, o.Name, o.NameEn)
		k.text(entry, "phone", o.Phone, catalogLineMax, false)
		k.text(entry, "hours", o.Hours, catalogLineMax, false)
		k.text(entry, "hours_en", o.HoursEn, catalogLineMax, false)
		k.text(entry, "description", o.Description, catalogTextMax, false)
		k.text(entry, "description_en", o.DescriptionEn, catalogTextMax, false)
		k.text(entry, "download_url", o.DownloadURL, catalogLineMax, false)
	}
	k.plans(c, seen)
	k.callback(c)
	k.atLeast("", "renewal_notice_days", int64(c.RenewalNoticeDays), 0)
	if c.RenewalNoticeDays > 366 {
		k.add("", "renewal_notice_days", "%d is more than a year", c.RenewalNoticeDays)
	}
	k.confirmDays(c)
	k.inquiry(c.Inquiry)
	k.renewalDiscounts(c)
	for i, p := range c.InfoPages {
		entry := fmt.Sprintf("info page %s", p.Code)
		if p.Code == "" || seen["info:"+p.Code] {
			k.add(fmt.Sprintf("info page #%d", i+1), "code", "%q missing or repeated", p.Code)
		}
		seen["info:"+p.Code] = true
		k.families(entry, p.Families)
		if p.By != "" && p.By != "phone" && p.By != "paper" {
			k.add(entry, "by", "%q is neither phone nor paper", p.By)
		}
		k.names(entry, p.Code, p.Name, p.NameEn)
		k.text(entry, "url", p.URL, catalogLineMax, false)
		k.text(entry, "body", p.Body, catalogTextMax, false)
		k.text(entry, "body_en", p.BodyEn, catalogTextMax, false)
	}
	for i, f := range c.FAQ {
		entry := fmt.Sprintf("faq #%d", i+1)
		k.text(entry, "topic", f.Topic, catalogNameMax, true)
		k.text(entry, "topic_en", f.TopicEn, catalogNameMax, true)
		k.text(entry, "question", f.Question, catalogNameMax, true)
		k.text(entry, "question_en", f.QuestionEn, catalogNameMax, true)
		k.text(entry, "answer", f.Answer, catalogTextMax, true)
		k.text(entry, "answer_en", f.AnswerEn, catalogTextMax, true)
	}
	k.requests(c.Requests)
	return errors.Join(k.errs...)
}

// ContractType finds a contract type by code.
func (c *Catalog) ContractType(code string) (ContractType, bool) {
	for _, t := range c.ContractTypes {
		if t.Code == code {
			return t, true
		}
	}
	return ContractType{}, false
}

// Option finds an option by code.
func (c *Catalog) Option(code string) (Option, bool) {
	for _, o := range c.Options {
		if o.Code == code {
			return o, true
		}
	}
	return Option{}, false
}

// OfferedTo reports whether the option is sold for the contract type.
func (o Option) OfferedTo(t ContractType) bool {
	if len(o.Families) > 0 && !containsFamily(o.Families, t.Family) {
		return false
	}
	if len(o.Brands) > 0 && !containsString(o.Brands, t.Brand) {
		return false
	}
	return true
}

// ContractOptions lists the contract-scope options offered to the type, in
// catalog order; annual options belong to their membership plan, not to the type.
func (c *Catalog) ContractOptions(t ContractType) []Option {
	var out []Option
	for _, o := range c.Options {
		if o.Scope == ScopeContract && o.OfferedTo(t) && o.Requires == "" && o.Rule != RuleAnnual {
			out = append(out, o)
		}
	}
	return out
}

// MailOption is the paid mail option of the type's family (メールパック or メール&Webスペース).
func (c *Catalog) MailOption(t ContractType) (Option, bool) {
	for _, o := range c.Options {
		if o.ExtendsAllowance && o.OfferedTo(t) {
			return o, true
		}
	}
	return Option{}, false
}

func containsFamily(fs []Family, f Family) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
