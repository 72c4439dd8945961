package core

import (
	"errors"
	"strings"
	"time"
)

// AccountForm is the input of "アカウントID 登録/変更" (seed 003 §8, §9).
// On a change, ID names the account and Password may be left empty to keep it.
// An account ID changing its own password gives its current one in
// CurrentPassword (SPEC §4.1); the holder or an admin ID setting another
// account ID's password does not.
type AccountForm struct {
	ID              string
	LastName        string
	FirstName       string
	LastKana        string
	FirstKana       string
	UserName        string
	Password        string
	CurrentPassword string
	Permission      Permission
}

// Field names used in ValidationError for the account form.
const (
	FieldAccountID  = "id"
	FieldLastName   = "last_name"
	FieldFirstName  = "first_name"
	FieldLastKana   = "last_kana"
	FieldFirstKana  = "first_kana"
	FieldUserName   = "user_name"
	FieldPassword   = "password"
	FieldPassword2  = "password_confirm"
	FieldPermission = "permission"
)

// AccountView is an account ID as the screens show it (never a hash).
type AccountView struct {
	ID         string     `json:"id"`
	LastName   string     `json:"last_name"`
	FirstName  string     `json:"first_name"`
	LastKana   string     `json:"last_kana"`
	FirstKana  string     `json:"first_kana"`
	UserName   string     `json:"user_name"`
	Permission Permission `json:"permission"`
	Mail       string     `json:"mail,omitempty"`
	WebSpace   bool       `json:"web_space,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	// DeleteBlock is why the principal cannot delete this account ID ("" when it
	// can): one of the DeleteBlock* codes. Set by ListAccounts.
	DeleteBlock string `json:"-"`
	// MailedTo is where RegisterAccount or UpdateAccount sent its completion
	// mail, Mailed which mail it was.
	MailedTo string `json:"-"`
	Mailed   Notice `json:"-"`
}

// Why an account ID cannot be deleted (AccountView.DeleteBlock).
const (
	DeleteBlockForbidden = "forbidden" // the principal may not delete account IDs
	DeleteBlockSelf      = "self"      // the account ID the principal is logged in with
)

// deleteBlock is the rule of DeleteAccount on who may delete which account ID.
func deleteBlock(p Principal, id string) string {
	switch {
	case !Can(p, FnAccountDelete):
		return DeleteBlockForbidden
	case p.Kind == KindAccount && p.AccountID == id:
		// Deleting the ID one is logged in with would end the session mid-procedure.
		return DeleteBlockSelf
	}
	return ""
}

func viewAccount(a *Account) AccountView {
	return AccountView{ID: a.ID, LastName: a.LastName, FirstName: a.FirstName, LastKana: a.LastKana,
		FirstKana: a.FirstKana, UserName: a.UserName, Permission: a.Permission, Mail: a.Mail,
		WebSpace: a.WebSpace, CreatedAt: a.CreatedAt}
}

// AccountList is the "アカウントID管理" table with what the principal may do on it.
type AccountList struct {
	Accounts    []AccountView
	Limit       int
	CanRegister bool // the principal may register and delete
	Full        bool // the contract type's limit is reached
}

// ListAccounts returns the account IDs the principal may see: every one of the
// contract for the holder and admin IDs, only its own for a user ID.
func (s *Service) ListAccounts(p Principal) (AccountList, error) {
	var out AccountList
	err := s.view(func(tx Tx) error {
		p, c, err := s.authorizeTo(tx, p, FnAccountList)
		if err != nil {
			return err
		}
		t, err := s.contractType(c)
		if err != nil {
			return err
		}
		for _, id := range c.Accounts {
			if !canOnAccount(p, FnAccountList, id) {
				continue
			}
			a, err := loadAccount(tx, id)
			if err != nil {
				return err
			}
			v := viewAccount(a)
			v.DeleteBlock = deleteBlock(p, id)
			out.Accounts = append(out.Accounts, v)
		}
		out.Limit = t.AccountIDs
		out.Full = len(c.Accounts) >= t.AccountIDs
		out.CanRegister = Can(p, FnAccountRegister)
		return nil
	})
	return out, err
}

// accountFor loads an account ID of the principal's contract that the matrix row
// fn lets the principal act on, with the contract.
func (s *Service) accountFor(tx Tx, p Principal, id string, fn Function) (*Contract, *Account, error) {
	p, c, err := s.authorize(tx, p)
	if err != nil {
		return nil, nil, err
	}
	a, err := accountOf(tx, c, id)
	if err != nil {
		return nil, nil, err
	}
	if !canOnAccount(p, fn, a.ID) {
		return nil, nil, ErrForbidden
	}
	return c, a, nil
}

// Account returns one account ID if the principal may see it.
func (s *Service) Account(p Principal, id string) (AccountView, error) {
	var out AccountView
	err := s.view(func(tx Tx) error {
		_, a, err := s.accountFor(tx, p, id, FnAccountList)
		if err != nil {
			return err
		}
		out = viewAccount(a)
		return nil
	})
	return out, err
}

// accountOf loads an account ID of the contract; an ID of another contract is not found.
func accountOf(tx Tx, c *Contract, id string) (*Account, error) {
	a, err := loadAccount(tx, id)
	if err != nil || a.Contract != c.Number {
		return nil, ErrNotFound
	}
	return a, nil
}

// checkNames validates the name fields shared by register and change.
func checkNames(f AccountForm, pr problems) {
	if c := validName(f.LastName, TextLimit(FieldLastName)); c != "" {
		pr.add(FieldLastName, c)
	}
	if c := validName(f.FirstName, TextLimit(FieldFirstName)); c != "" {
		pr.add(FieldFirstName, c)
	}
	if c := validKana(f.LastKana, TextLimit(FieldLastKana)); c != "" {
		pr.add(FieldLastKana, c)
	}
	if c := validKana(f.FirstKana, TextLimit(FieldFirstKana)); c != "" {
		pr.add(FieldFirstKana, c)
	}
	if c := validName(f.UserName, TextLimit(FieldUserName)); c != "" {
		pr.add(FieldUserName, c)
	}
}

// CheckNewAccount validates a registration form without saving anything, so the
// input step can mark fields before the confirm step. RegisterAccount checks again.
func (s *Service) CheckNewAccount(p Principal, f AccountForm) error {
	f = trimForm(f)
	return s.view(func(tx Tx) error {
		p, c, err := s.authorize(tx, p)
		if err != nil {
			return err
		}
		return s.checkNewAccount(tx, p, c, f)
	})
}

func (s *Service) checkNewAccount(tx Tx, p Principal, c *Contract, f AccountForm) error {
	if !Can(p, FnAccountRegister) {
		return ErrForbidden
	}
	t, err := s.contractType(c)
	if err != nil {
		return err
	}
	if len(c.Accounts) >= t.AccountIDs {
		return ErrLimitReached
	}
	pr := problems{}
	if code := ValidLocalPart(f.ID); code != "" {
		pr.add(FieldAccountID, code)
	} else if taken, err := idTaken(tx, f.ID); err != nil {
		return err
	} else if taken {
		pr.add(FieldAccountID, ProblemTaken)
	}
	checkNames(f, pr)
	if code := checkPasswordShape(f.Password, f.ID); code != "" {
		pr.add(FieldPassword, code)
	}
	if !f.Permission.Valid() {
		pr.add(FieldPermission, ProblemChoice)
	}
	return pr.err()
}

// idTaken reports whether an account ID is in use or was ever deleted (tombstone).
func idTaken(tx Tx, id string) (bool, error) {
	for _, b := range []string{bucketAccounts, bucketTombstones} {
		var v any
		switch err := tx.Get(b, id, &v); {
		case err == nil:
			return true, nil
		case !errors.Is(err, ErrNoValue):
			return false, err
		}
	}
	return false, nil
}

// RegisterAccount issues a new account ID (seed 003 §8).
func (s *Service) RegisterAccount(p Principal, token string, f AccountForm) (AccountView, error) {
	f = trimForm(f)
	hash, err := s.hash.hash(f.Password)
	if err != nil {
		return AccountView{}, err
	}
	var out AccountView
	err = s.procedure(p, "account-register", f.ID, token, func(tx Tx, now time.Time) error {
		p, c, err := s.authorize(tx, p)
		if err != nil {
			return err
		}
		if err := s.checkNewAccount(tx, p, c, f); err != nil {
			return err
		}
		a := &Account{ID: f.ID, Contract: c.Number, LastName: f.LastName, FirstName: f.FirstName,
			LastKana: f.LastKana, FirstKana: f.FirstKana, UserName: f.UserName, Permission: f.Permission,
			PasswordHash: hash, CreatedAt: now}
		if err := tx.Put(bucketAccounts, a.ID, a); err != nil {
			return err
		}
		c.Accounts = append(c.Accounts, a.ID)
		if err := tx.Put(bucketContracts, c.Number, c); err != nil {
			return err
		}
		out = viewAccount(a)
		out.MailedTo, out.Mailed = c.Customer.ContactMail, NoticeAccountRegister
		return sendMail(tx, now, c.Customer.ContactMail, "【マイページ】アカウントID登録完了のお知らせ",
			"アカウントID "+a.ID+" の登録が完了しました。\nお客様番号: "+c.Number+"\n")
	})
	return committed(out, err)
}

// trimForm trims the fields of an account form and folds the account ID and
// the kana as typed input is folded before validation (SPEC §11.5).
func trimForm(f AccountForm) AccountForm {
	f.ID = NormalizeInput(FieldAccountID, f.ID)
	f.LastName = strings.TrimSpace(f.LastName)
	f.FirstName = strings.TrimSpace(f.FirstName)
	f.LastKana = NormalizeInput(FieldLastKana, f.LastKana)
	f.FirstKana = NormalizeInput(FieldFirstKana, f.FirstKana)
	f.UserName = strings.TrimSpace(f.UserName)
	return f
}

// CheckAccountChange validates a change form without saving anything.
func (s *Service) CheckAccountChange(p Principal, f AccountForm) error {
	f = trimForm(f)
	return s.view(func(tx Tx) error {
		_, _, err := s.accountToChange(tx, p, f)
		return err
	})
}

// accountToChange authorizes p, finds the account ID of the change form and
// applies the matrix to the change: every step of a change checks the same.
func (s *Service) accountToChange(tx Tx, p Principal, f AccountForm) (*Contract, *Account, error) {
	p, c, err := s.authorize(tx, p)
	if err != nil {
		return nil, nil, err
	}
	a, err := accountOf(tx, c, f.ID)
	if err != nil {
		return nil, nil, err
	}
	return c, a, s.checkAccountChange(p, a, f)
}

// checkAccountChange applies the matrix cell by cell: names, password and permission
// each have their own row, so a user ID may change its names and password but never
// its permission, and nothing of another account ID.
func (s *Service) checkAccountChange(p Principal, a *Account, f AccountForm) error {
	namesChanged := f.LastName != a.LastName || f.FirstName != a.FirstName || f.LastKana != a.LastKana ||
		f.FirstKana != a.FirstKana || f.UserName != a.UserName
	if !canOnAccount(p, FnAccountName, a.ID) && !canOnAccount(p, FnAccountPassword, a.ID) {
		return ErrForbidden
	}
	if namesChanged && !canOnAccount(p, FnAccountName, a.ID) {
		return ErrForbidden
	}
	if f.Password != "" && !canOnAccount(p, FnAccountPassword, a.ID) {
		return ErrForbidden
	}
	if f.Permission != a.Permission && !canOnAccount(p, FnAccountPermission, a.ID) {
		return ErrForbidden
	}
	pr := problems{}
	checkNames(f, pr)
	own := ownPassword(p, a.ID)
	if f.Password != "" {
		if own && f.CurrentPassword == "" {
			pr.add(FieldCurrentPassword, ProblemRequired)
		}
		// Earlier passwords are compared in UpdateAccount only: one's own once the
		// current one is verified, another's on that account ID's ceiling
		// (checkNotReused), so that no check tells what a password is.
		if code := checkPasswordShape(f.Password, a.ID, localPart(a.Mail)); code != "" {
			pr.add(FieldPassword, code)
		}
	}
	if !f.Permission.Valid() {
		pr.add(FieldPermission, ProblemChoice)
	} else if f.Permission != a.Permission && p.Kind == KindAccount && p.AccountID == a.ID {
		// An admin ID demoting itself would lock the holder's delegate out mid-session; the
		// matrix forbids any self-change of permission.
		pr.add(FieldPermission, ProblemSelf)
	}
	return pr.err()
}

// ownPassword reports whether p is the account ID whose password is changed.
func ownPassword(p Principal, id string) bool { return p.Kind == KindAccount && p.AccountID == id }

// AsksCurrentPassword reports whether p, changing the password of the account
// ID id, must give its current one (SPEC §4.1): only an account ID changing its
// own does; the holder or an admin ID setting another's does not.
func AsksCurrentPassword(p Principal, id string) bool { return ownPassword(p, id) }

func localPart(addr string) string {
	if i := strings.IndexByte(addr, '@'); i > 0 {
		return addr[:i]
	}
	return ""
}

// UpdateAccount changes everything but the account ID (seed 003 §9).
func (s *Service) UpdateAccount(p Principal, token string, f AccountForm) (AccountView, error) {
	f = trimForm(f)
	var hash string
	if f.Password != "" {
		h, err := s.hash.hash(f.Password)
		if err != nil {
			return AccountView{}, err
		}
		hash = h
	}
	// An account ID changing its own password gives its current one, checked as a login is.
	var res reservation
	var stored string
	own := f.Password != "" && ownPassword(p, f.ID)
	if own {
		now, _, err := s.Time()
		if err != nil {
			return AccountView{}, err
		}
		var history []string
		res, stored, err = s.checkCurrent(p, "account-change", LoginAccountID, f.ID, f.CurrentPassword, now, func(tx Tx) (string, error) {
			_, a, err := s.accountToChange(tx, p, f)
			if err != nil {
				return "", err
			}
			history = a.PasswordHistory
			return a.PasswordHash, nil
		})
		if err != nil {
			return AccountView{}, err
		}
		if s.hash.usedBefore(f.Password, stored, history) {
			return AccountView{}, s.refuseReused(p, "account-change", f.ID, now, res)
		}
	}
	if f.Password != "" && !own {
		if err := s.checkNotReused(p, f); err != nil {
			return AccountView{}, err
		}
	}
	var out AccountView
	err := s.procedure(p, "account-change", f.ID, token, func(tx Tx, now time.Time) error {
		c, a, err := s.accountToChange(tx, p, f)
		if err != nil {
			return err
		}
		if own {
			if a.PasswordHash != stored {
				// Changed meanwhile: the current password given is no longer it.
				return &ValidationError{Fields: map[string]string{FieldCurrentPassword: ProblemWrong}}
			}
			if err := succeed(tx, res); err != nil {
				return err
			}
		}
		if a.Permission == PermAdmin && f.Permission != PermAdmin {
			// A step-up ends for good with the admin permission (SPEC §4.1).
			if err := s.endStepUps(tx, a.ID, nil); err != nil {
				return err
			}
		}
		a.LastName, a.FirstName, a.LastKana, a.FirstKana = f.LastName, f.FirstName, f.LastKana, f.FirstKana
		a.UserName, a.Permission = f.UserName, f.Permission
		if hash != "" {
			a.PasswordHistory = pushHistory(a.PasswordHistory, a.PasswordHash)
			a.PasswordHash = hash
		}
		if err := tx.Put(bucketAccounts, a.ID, a); err != nil {
			return err
		}
		out = viewAccount(a)
		to := a.Mail
		if to == "" {
			to = c.Customer.ContactMail
		}
		out.MailedTo, out.Mailed = to, NoticeAccountChange
		return sendMail(tx, now, to, "【マイページ】アカウントID登録情報変更のお知らせ",
			"アカウントID "+a.ID+" の登録情報を変更しました。\n")
	})
	return committed(out, err)
}

// DeletionEffects is what deleting an account ID ends with it, for its confirm step.
type DeletionEffects struct {
	Options    []Option // the options the account ID holds, cancelled at the same moment
	MailOption *Option  // the paid mail option that the deletion cancels automatically
}

// DeletionEffects tells, without deleting anything, what DeleteAccount would end.
func (s *Service) DeletionEffects(p Principal, id string) (DeletionEffects, error) {
	var out DeletionEffects
	err := s.view(func(tx Tx) error {
		_, c, err := s.authorizeTo(tx, p, FnAccountDelete)
		if err != nil {
			return err
		}
		a, err := accountOf(tx, c, id)
		if err != nil {
			return err
		}
		for _, r := range c.Options {
			if r.Account == id && r.CancelledAt == nil {
				if o, ok := s.cat.Option(r.Option); ok {
					out.Options = append(out.Options, o)
				}
			}
		}
		t, err := s.contractType(c)
		if err != nil {
			return err
		}
		mo, ok := s.cat.MailOption(t)
		if !ok || activeRecord(c.Options, mo.Code, "") < 0 || !(a.MailProvider || a.WebSpace) {
			return nil
		}
		mails, webs, err := mailUsage(tx, c)
		if err != nil {
			return err
		}
		if a.MailProvider {
			mails--
		}
		if a.WebSpace {
			webs--
		}
		if mails <= t.Mail.Basic && webs <= t.Web.Basic {
			out.MailOption = &mo
		}
		return nil
	})
	return out, err
}

// DeleteAccount removes an account ID for good (seed 003 §10): the ID is kept as a
// tombstone so nobody can register it again, and every option it holds ends now.
func (s *Service) DeleteAccount(p Principal, token, id string) error {
	_, err := s.DeleteAccountMailed(p, token, id)
	return err
}

// DeleteAccountMailed is DeleteAccount, and says where its completion mail went.
func (s *Service) DeleteAccountMailed(p Principal, token, id string) (Mailing, error) {
	var out Mailing
	err := s.procedure(p, "account-delete", id, token, func(tx Tx, now time.Time) error {
		p, c, err := s.authorizeTo(tx, p, FnAccountDelete)
		if err != nil {
			return err
		}
		a, err := accountOf(tx, c, id)
		if err != nil {
			return err
		}
		if deleteBlock(p, id) != "" {
			return ErrForbidden
		}
		if err := tx.Delete(bucketAccounts, id); err != nil {
			return err
		}
		if err := tx.Put(bucketTombstones, id, now); err != nil {
			return err
		}
		if err := s.endStepUps(tx, id, nil); err != nil {
			return err
		}
		// Its callbacks are no login's to cancel any more, its tickets the holder's to read.
		deleted := Principal{Kind: KindAccount, Contract: c.Number, AccountID: id}.Actor()
		if err := cancelBookings(tx, c.Number, deleted, now, CallbackAccountDeleted); err != nil {
			return err
		}
		if err := keepTickets(tx, c.Number, id); err != nil {
			return err
		}
		if a.MailProvider {
			if err := tx.Delete(bucketMailIndex, a.Mail); err != nil {
				return err
			}
		}
		kept := c.Accounts[:0]
		for _, x := range c.Accounts {
			if x != id {
				kept = append(kept, x)
			}
		}
		c.Accounts = kept
		for i := range c.Options {
			r := &c.Options[i]
			if r.Account == id && r.CancelledAt == nil {
				t := now
				r.CancelledAt = &t
				r.AutoCancel = true
			}
		}
		if a.MailProvider || a.WebSpace {
			if err := s.autoCancelMailOption(tx, c, now); err != nil {
				return err
			}
		}
		if err := tx.Put(bucketContracts, c.Number, c); err != nil {
			return err
		}
		out = Mailing{To: c.Customer.ContactMail, Kind: NoticeAccountDelete}
		return sendMail(tx, now, c.Customer.ContactMail, "【マイページ】アカウントID削除完了のお知らせ",
			"アカウントID "+id+" を削除しました。削除したアカウントIDは元に戻せません。\n")
	})
	return committed(out, err)
}

// checkNotReused refuses a password that the holder or an admin ID sets for
// another account ID when that account ID has used it before (seed 003 §9). The
// answer would tell whether a guess is one of its passwords, so every such
// comparison counts, before the hash, on that account ID's own per-ID ceiling
// (SPEC §4.1): it is taken back only by the account ID's own successful login,
// and at the ceiling the setting waits as a login would.
func (s *Service) checkNotReused(p Principal, f AccountForm) error {
	const action = "account-change"
	var now time.Time
	var hash string
	var history []string
	allowed := false
	prune := s.pruneDue()
	err := s.db.Update(func(tx Tx) error {
		var err error
		if now, err = s.nowIn(tx); err != nil {
			return err
		}
		_, a, err := s.accountToChange(tx, p, f)
		if err != nil {
			return err
		}
		hash, history = a.PasswordHash, a.PasswordHistory
		id, err := s.idCounter(tx, LoginAccountID, a.ID)
		if err != nil {
			return err
		}
		_, allowed, err = s.reserve(tx, []throttleCounter{id}, now, prune)
		return err
	})
	if err != nil {
		return err
	}
	if !allowed {
		s.auditAttempt(p, action, f.ID, now, "throttled")
		return &ValidationError{Fields: map[string]string{FieldPassword: ProblemLocked}}
	}
	if s.hash.usedBefore(f.Password, hash, history) {
		s.auditAttempt(p, action, f.ID, now, "invalid")
		return &ValidationError{Fields: map[string]string{FieldPassword: ProblemReused}}
	}
	return nil
}
