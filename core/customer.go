package core

import "time"

// CustomerForm holds the fields a subscriber may change on "お客様情報変更" (SPEC §9.1).
// Name, kana, birth date, gender and address change only on paper.
type CustomerForm struct {
	Phone       string
	Fax         string
	Mobile      string
	ContactMail string
	Occupation  string // one of Occupations, or "" (optional)
	Household   string // as typed; a whole number 0–20
}

// Field names of the customer form.
const (
	FieldPhone       = "phone"
	FieldFax         = "fax"
	FieldMobile      = "mobile"
	FieldContactMail = "contact_mail"
	FieldOccupation  = "occupation"
	FieldHousehold   = "household"
)

// CustomerInfo returns the holder's data for the form and its confirm step.
func (s *Service) CustomerInfo(p Principal) (Customer, error) {
	var out Customer
	err := s.view(func(tx Tx) error {
		_, c, err := s.authorizeTo(tx, p, FnContractChange)
		if err != nil {
			return err
		}
		out = c.Customer
		return nil
	})
	return out, err
}

// CheckCustomerForm validates the form without saving; it returns the customer
// record as it would be after the change.
func (s *Service) CheckCustomerForm(p Principal, f CustomerForm) (Customer, error) {
	var out Customer
	err := s.view(func(tx Tx) error {
		p, c, err := s.authorize(tx, p)
		if err != nil {
			return err
		}
		out, err = applyCustomerForm(p, c.Customer, f)
		return err
	})
	return out, err
}

func applyCustomerForm(p Principal, cur Customer, f CustomerForm) (Customer, error) {
	if !Can(p, FnContractChange) {
		return cur, ErrForbidden
	}
	pr := problems{}
	// Full-width input is folded before validation (SPEC §11.5).
	f.Phone, f.Fax, f.Mobile = NormalizeInput(FieldPhone, f.Phone), NormalizeInput(FieldFax, f.Fax), NormalizeInput(FieldMobile, f.Mobile)
	f.ContactMail, f.Household = NormalizeInput(FieldContactMail, f.ContactMail), NormalizeInput(FieldHousehold, f.Household)
	if f.Phone == "" {
		pr.add(FieldPhone, ProblemRequired)
	} else if c := phoneProblem(f.Phone); c != "" {
		pr.add(FieldPhone, c)
	}
	if c := phoneProblem(f.Fax); f.Fax != "" && c != "" {
		pr.add(FieldFax, c)
	}
	if c := phoneProblem(f.Mobile); f.Mobile != "" && c != "" {
		pr.add(FieldMobile, c)
	}
	if f.ContactMail != "" && !validMailAddress(f.ContactMail) {
		pr.add(FieldContactMail, ProblemFormat)
	}
	if f.Occupation != "" && !oneOf(f.Occupation, Occupations) { // optional (SPEC §9.1)
		pr.add(FieldOccupation, ProblemChoice)
	}
	household := 0
	if h := f.Household; h != "" {
		n, ok := smallNumber(h, 20)
		if !ok {
			pr.add(FieldHousehold, ProblemFormat)
		}
		household = n
	}
	if err := pr.err(); err != nil {
		return cur, err
	}
	// Optional fields left empty are deleted (seed 003 §24).
	cur.Phone, cur.Fax, cur.Mobile, cur.ContactMail = f.Phone, f.Fax, f.Mobile, f.ContactMail
	cur.Occupation, cur.Household = f.Occupation, household
	return cur, nil
}

// smallNumber parses half-width digits up to max.
func smallNumber(s string, max int) (int, bool) {
	if len(s) > 3 {
		return 0, false
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, n <= max
}

// UpdateCustomerInfo saves the form (seed 003 §24) and mails the contact address if
// set, and the old one too when it changed.
func (s *Service) UpdateCustomerInfo(p Principal, token string, f CustomerForm) (Customer, error) {
	var out Customer
	err := s.procedure(p, "customer-info-change", p.Contract, token, func(tx Tx, now time.Time) error {
		p, c, err := s.authorize(tx, p)
		if err != nil {
			return err
		}
		next, err := applyCustomerForm(p, c.Customer, f)
		if err != nil {
			return err
		}
		old := c.Customer.ContactMail
		c.Customer = next
		if err := tx.Put(bucketContracts, c.Number, c); err != nil {
			return err
		}
		out = next
		const subject = "【マイページ】手続き完了メール（お客様情報変更）"
		if err := sendMail(tx, now, next.ContactMail, subject,
			"お客様番号 "+c.Number+" のお客様情報の変更手続きが完了しました。\n"); err != nil {
			return err
		}
		if old == next.ContactMail {
			return nil
		}
		// A changed contact address is told to the old one as well (SPEC §4.1), without the new address.
		return sendMail(tx, now, old, subject, "お客様番号 "+c.Number+" のお客様情報の変更手続きが完了し、"+
			"連絡先メールアドレスが変更されました。今後のお知らせは変更後のアドレスへお送りします。"+
			"お心当たりのない場合はインフォメーションセンターへご連絡ください。\n")
	})
	return committed(out, err)
}

// FieldCurrentPassword is the current password a password change asks for.
const FieldCurrentPassword = "current_password"

// CheckCustomerPassword validates a customer password change: the current customer
// password (required, whoever is logged in; it is verified by ChangeCustomerPassword)
// and the new one entered twice.
func (s *Service) CheckCustomerPassword(p Principal, current, pw, again string) error {
	return s.view(func(tx Tx) error {
		p, c, err := s.authorize(tx, p)
		if err != nil {
			return err
		}
		return checkCustomerPasswordForm(p, c, current, pw, again)
	})
}

// checkCustomerPasswordForm applies the rules that need no hash. Whether the new
// password was used before is checked only once the current one is verified, so
// that the check never tells anyone what the password is.
func checkCustomerPasswordForm(p Principal, c *Contract, current, pw, again string) error {
	if !Can(p, FnContractChange) {
		return ErrForbidden
	}
	pr := problems{}
	if current == "" {
		pr.add(FieldCurrentPassword, ProblemRequired)
	}
	if code := checkPasswordShape(pw, c.Number); code != "" {
		pr.add(FieldPassword, code)
	} else if pw != again {
		pr.add(FieldPassword2, ProblemMismatch)
	}
	return pr.err()
}

// ChangeCustomerPassword sets a new customer password (seed 003 §25) given the
// current one, whoever is logged in (SPEC §4.1, OWASP ASVS V2.1.6). The current
// password is checked as a login is: the attempt is counted on the principal's
// own counter and on the customer number's login counter before the hash, and a
// wrong or throttled one is a problem of the current-password field.
func (s *Service) ChangeCustomerPassword(p Principal, token, current, pw, again string) error {
	const action = "customer-password-change"
	now, _, err := s.Time()
	if err != nil {
		return err
	}
	var history []string
	res, stored, err := s.checkCurrent(p, action, LoginCustomerNumber, p.Contract, current, now, func(tx Tx) (string, error) {
		cur, c, err := s.authorize(tx, p)
		if err != nil {
			return "", err
		}
		if err := checkCustomerPasswordForm(cur, c, current, pw, again); err != nil {
			return "", err
		}
		history = c.PasswordHistory
		return c.PasswordHash, nil
	})
	if err != nil {
		return err
	}
	if s.hash.usedBefore(pw, stored, history) {
		return s.refuseReused(p, action, p.Contract, now, res)
	}
	hash, err := s.hash.hash(pw)
	if err != nil {
		return err
	}
	return s.procedure(p, action, p.Contract, token, func(tx Tx, now time.Time) error {
		p, c, err := s.authorize(tx, p)
		if err != nil {
			return err
		}
		if err := checkCustomerPasswordForm(p, c, current, pw, again); err != nil {
			return err
		}
		if c.PasswordHash != stored {
			// Changed meanwhile: the current password given is no longer it.
			return &ValidationError{Fields: map[string]string{FieldCurrentPassword: ProblemWrong}}
		}
		if err := succeed(tx, res); err != nil {
			return err
		}
		c.PasswordHistory = pushHistory(c.PasswordHistory, c.PasswordHash)
		c.PasswordHash = hash
		if err := tx.Put(bucketContracts, c.Number, c); err != nil {
			return err
		}
		return sendMail(tx, now, c.Customer.ContactMail, "【マイページ】手続き完了メール（お客様番号パスワード変更）",
			"お客様番号 "+c.Number+" のパスワードを変更しました。お心当たりのない場合はインフォメーションセンターへご連絡ください。\n")
	})
}
