package core

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// NewContract is what an operator enters to open a contract.
type NewContract struct {
	Type     string
	Customer Customer
}

// Field names of the back-office contract form.
const (
	FieldType        = "type"
	FieldBirthDate   = "birth_date"
	FieldGender      = "gender"
	FieldAddress     = "address"
	FieldRomajiLast  = "romaji_last"
	FieldRomajiFirst = "romaji_first"
)

// Certificate is the registration certificate (登録証) printed for a new contract.
type Certificate struct {
	Number          string    `json:"customer_number"`
	InitialPassword string    `json:"initial_password"`
	Type            string    `json:"contract_type"`
	Holder          string    `json:"holder"`
	IssuedAt        time.Time `json:"issued_at"`
}

// CreateContract opens a contract with a new customer number and a random initial
// password; only an operator may do it. The password is returned once, never stored.
func (s *Service) CreateContract(p Principal, n NewContract) (Certificate, error) {
	if p.Kind != KindOperator {
		return Certificate{}, ErrForbidden
	}
	pw, err := RandomPassword()
	if err != nil {
		return Certificate{}, err
	}
	return s.createContract(p, n, pw)
}

// EarliestBirthDate is the earliest birth date a contract accepts; a later one
// than today is refused as well.
var EarliestBirthDate = time.Date(1900, time.January, 1, 0, 0, 0, 0, JST)

func (s *Service) createContract(p Principal, n NewContract, pw string) (Certificate, error) {
	t, ok := s.cat.ContractType(n.Type)
	pr := problems{}
	if !ok {
		pr.add(FieldType, ProblemChoice)
	}
	cu := n.Customer
	if c := validName(cu.LastName, TextLimit(FieldLastName)); c != "" {
		pr.add(FieldLastName, c)
	}
	if c := validName(cu.FirstName, TextLimit(FieldFirstName)); c != "" {
		pr.add(FieldFirstName, c)
	}
	if c := validKana(cu.LastKana, TextLimit(FieldLastKana)); c != "" {
		pr.add(FieldLastKana, c)
	}
	if c := validKana(cu.FirstKana, TextLimit(FieldFirstKana)); c != "" {
		pr.add(FieldFirstKana, c)
	}
	cu.RomajiLast, cu.RomajiFirst = upperASCII(cu.RomajiLast), upperASCII(cu.RomajiFirst)
	if !romaji(cu.RomajiLast) {
		pr.add(FieldRomajiLast, ProblemFormat)
	}
	if !romaji(cu.RomajiFirst) {
		pr.add(FieldRomajiFirst, ProblemFormat)
	}
	if born, err := time.ParseInLocation("2006-01-02", cu.BirthDate, JST); err != nil || born.Before(EarliestBirthDate) || born.After(s.Now()) {
		pr.add(FieldBirthDate, ProblemFormat)
	}
	if !oneOf(cu.Gender, Genders) {
		pr.add(FieldGender, ProblemChoice)
	}
	if strings.TrimSpace(cu.Address) == "" {
		pr.add(FieldAddress, ProblemRequired)
	} else if c := fieldText(FieldAddress, cu.Address); c != "" {
		pr.add(FieldAddress, c)
	}
	if cu.Occupation == "" {
		cu.Occupation = "other"
	}
	// The fields the holder may change later are checked, and folded, as the portal does.
	if next, err := applyCustomerForm(Principal{Kind: KindHolder}, cu, CustomerForm{Phone: cu.Phone, Fax: cu.Fax,
		Mobile: cu.Mobile, ContactMail: cu.ContactMail, Occupation: cu.Occupation,
		Household: fmt.Sprint(cu.Household)}); err != nil {
		for f, code := range FieldProblems(err) {
			pr.add(f, code)
		}
	} else {
		cu = next
	}
	if err := pr.err(); err != nil {
		return Certificate{}, err
	}
	hash, err := s.hash.hash(pw)
	if err != nil {
		return Certificate{}, err
	}
	var number string
	if err := s.view(func(tx Tx) (err error) {
		number, err = newCustomerNumber(tx, s.cfg.Random)
		return err
	}); err != nil {
		return Certificate{}, err
	}
	// The audit record carries the new customer number, so `admin audit --contract` finds it.
	op := p
	op.Contract = number
	var cert Certificate
	err = s.procedure(op, "contract-create", number, "", func(tx Tx, now time.Time) error {
		if _, err := loadContract(tx, number); err == nil {
			return fmt.Errorf("customer number %s was taken meanwhile", number)
		}
		c := &Contract{Number: number, Type: t.Code, Customer: cu, PasswordHash: hash, CreatedAt: now}
		if err := tx.Put(bucketContracts, number, c); err != nil {
			return err
		}
		cert = Certificate{Number: number, InitialPassword: pw, Type: t.Name,
			Holder: cu.LastName + " " + cu.FirstName, IssuedAt: now}
		return nil
	})
	return committed(cert, err)
}

func romaji(s string) bool {
	if s == "" || len(s) > TextLimit(FieldRomajiLast) {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z') && r != ' ' && r != '-' {
			return false
		}
	}
	return true
}

// newCustomerNumber draws a random 14-digit number that no contract has.
func newCustomerNumber(tx Tx, random io.Reader) (string, error) {
	max := big.NewInt(9e13)
	for i := 0; i < 100; i++ {
		n, err := rand.Int(random, max)
		if err != nil {
			return "", err
		}
		number := fmt.Sprintf("%014d", n.Int64()+1e13)
		if _, err := loadContract(tx, number); errors.Is(err, ErrNotFound) {
			return number, nil
		}
	}
	return "", errors.New("no free customer number")
}

// ContractRecord is a contract as the back office shows it (no password hashes).
type ContractRecord struct {
	Number    string         `json:"customer_number"`
	Type      string         `json:"contract_type"`
	TypeName  string         `json:"contract_type_name"`
	Family    Family         `json:"family"`
	Customer  Customer       `json:"customer"`
	CreatedAt time.Time      `json:"created_at"`
	Accounts  []AccountView  `json:"account_ids"`
	Options   []OptionRecord `json:"options"`
	// LineCancel is the internet line's recorded cancellation, nil while the line runs.
	LineCancel *LineCancel `json:"line_cancel"`
	// Withdrawn is the membership withdrawal (退会済 with its date), nil for a member.
	Withdrawn *Withdrawal `json:"withdrawn,omitempty"`
}

// ShowContract returns a contract for the back office.
func (s *Service) ShowContract(p Principal, number string) (ContractRecord, error) {
	if p.Kind != KindOperator {
		return ContractRecord{}, ErrForbidden
	}
	var out ContractRecord
	err := s.view(func(tx Tx) error {
		c, err := loadContract(tx, number)
		if err != nil {
			return err
		}
		t, err := s.contractType(c)
		if err != nil {
			return err
		}
		out = ContractRecord{Number: c.Number, Type: c.Type, TypeName: t.Name, Family: t.Family,
			Customer: c.Customer, CreatedAt: c.CreatedAt, Accounts: []AccountView{}, Options: c.Options, LineCancel: c.LineCancel,
			Withdrawn: c.Withdrawn}
		if out.Options == nil {
			out.Options = []OptionRecord{}
		}
		for _, id := range c.Accounts {
			a, err := loadAccount(tx, id)
			if err != nil {
				return err
			}
			out.Accounts = append(out.Accounts, viewAccount(a))
		}
		return nil
	})
	return out, err
}

// Outbox lists the notification mails, oldest first; limit ≤ 0 means all.
func (s *Service) Outbox(p Principal, limit int) ([]Mail, error) {
	if p.Kind != KindOperator {
		return nil, ErrForbidden
	}
	var out []Mail
	err := s.view(func(tx Tx) error {
		return tx.Scan(bucketOutbox, "", func(key string, decode func(any) error) bool {
			var m Mail
			if decode(&m) == nil {
				m.Seq = seqOf(key)
				out = append(out, m)
			}
			return true
		})
	})
	return tail(out, limit), err
}

// AuditFilter narrows the audit listing.
type AuditFilter struct {
	Contract string // only records of this customer number
	Limit    int    // the newest N; ≤ 0 means all
}

// Audit lists audit records, oldest first.
func (s *Service) Audit(p Principal, f AuditFilter) ([]AuditRecord, error) {
	if p.Kind != KindOperator {
		return nil, ErrForbidden
	}
	var out []AuditRecord
	err := s.view(func(tx Tx) error {
		return tx.Scan(bucketAudit, "", func(key string, decode func(any) error) bool {
			var r AuditRecord
			if decode(&r) == nil && (f.Contract == "" || r.Contract == f.Contract) {
				r.Seq = seqOf(key)
				out = append(out, r)
			}
			return true
		})
	})
	return tail(out, f.Limit), err
}

// seqOf reads the sequence number of an appended record from its key.
func seqOf(key string) uint64 {
	n, _ := strconv.ParseUint(key, 10, 64)
	return n
}

func tail[T any](xs []T, n int) []T {
	if n > 0 && len(xs) > n {
		return xs[len(xs)-n:]
	}
	return xs
}
