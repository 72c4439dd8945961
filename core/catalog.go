package core

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
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
}

// DefaultCatalog returns the embedded catalog that reproduces the seeds' products.
func DefaultCatalog() *Catalog {
	c, err := ParseCatalog(defaultCatalog)
	if err != nil {
		panic(err)
	}
	return c
}

// LoadCatalog reads an operator's catalog file.
func LoadCatalog(path string) (*Catalog, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseCatalog(b)
}

// ParseCatalog decodes and checks a catalog.
func ParseCatalog(b []byte) (*Catalog, error) {
	var c Catalog
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	if len(c.ContractTypes) == 0 {
		return nil, fmt.Errorf("catalog: no contract types")
	}
	if c.MailDomain == "" {
		return nil, fmt.Errorf("catalog: mail_domain is empty")
	}
	seen := map[string]bool{}
	for _, t := range c.ContractTypes {
		if t.Code == "" || seen[t.Code] {
			return nil, fmt.Errorf("catalog: contract type code %q missing or repeated", t.Code)
		}
		if t.Family != FamilyLAN && t.Family != FamilyMulti {
			return nil, fmt.Errorf("catalog: contract type %s: unknown family %q", t.Code, t.Family)
		}
		if t.AccountIDs <= 0 {
			return nil, fmt.Errorf("catalog: contract type %s: account_ids must be positive", t.Code)
		}
		seen[t.Code] = true
	}
	for _, o := range c.Options {
		if o.Code == "" || seen[o.Code] {
			return nil, fmt.Errorf("catalog: option code %q missing or repeated", o.Code)
		}
		if o.Scope != ScopeContract && o.Scope != ScopeAccount {
			return nil, fmt.Errorf("catalog: option %s: unknown scope %q", o.Code, o.Scope)
		}
		seen[o.Code] = true
	}
	return &c, nil
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

// ContractOptions lists the contract-scope options offered to the type, in catalog order.
func (c *Catalog) ContractOptions(t ContractType) []Option {
	var out []Option
	for _, o := range c.Options {
		if o.Scope == ScopeContract && o.OfferedTo(t) && o.Requires == "" {
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
