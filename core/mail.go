package core

import (
	"errors"
	"strings"
	"time"
)

// MailKind is the kind of mail address an account ID uses (SPEC §5.1).
type MailKind string

// The two kinds: the provider's own address, or another provider's.
const (
	MailProvider MailKind = "provider"
	MailOther    MailKind = "other"
)

// Field names of the mail forms.
const (
	FieldMailKind    = "mail_kind"
	FieldMailLocal   = "mail_local"
	FieldMailAddress = "mail_address"
	FieldAgree       = "agree"
	FieldForwardTo   = "forward_to"
	FieldReplyText   = "reply_message"
	FieldReplyFrom   = "reply_from"
	FieldReplyUntil  = "reply_until"
)

// ProblemAllowance means no provider address is left: the paid mail option is needed.
const ProblemAllowance = "allowance"

// MailForm is the input of "メールアドレス登録/変更".
type MailForm struct {
	Account string
	Kind    MailKind
	Local   string // provider: the part before @
	Address string // other: the whole address
	Agree   bool
}

// MailChoice is what the mail form offers for one account ID.
type MailChoice struct {
	Account         AccountView
	Domain          string
	ProviderAllowed bool    // the provider address can be chosen
	MailOption      *Option // the paid option that would free an address, when none is left
	MailOptionHeld  bool
}

// MailResult is the address after a check or a change.
type MailResult struct {
	Account     string
	Kind        MailKind
	Address     string
	GivesUp     string // the provider address this change ends (warn on the confirm step)
	AppliedAt   time.Time
	WebSpaceEnd bool // the change also ends the account's web space
}

// MailChoice returns the choices of the mail form for an account ID.
func (s *Service) MailChoice(p Principal, account string) (MailChoice, error) {
	var out MailChoice
	err := s.view(func(tx Tx) error {
		c, a, err := s.accountFor(tx, p, account, FnMailAddress)
		if err != nil {
			return err
		}
		t, err := s.contractType(c)
		if err != nil {
			return err
		}
		out.Account, out.Domain = viewAccount(a), s.cat.MailDomain
		free, held, err := s.providerFree(tx, c, t, a)
		if err != nil {
			return err
		}
		out.ProviderAllowed, out.MailOptionHeld = free, held
		if mo, ok := s.cat.MailOption(t); ok && !free {
			out.MailOption = &mo
		}
		return nil
	})
	return out, err
}

// providerFree reports whether the account may take a provider address: one it
// already has counts as its own; otherwise the contract's allowance must have room.
func (s *Service) providerFree(tx Tx, c *Contract, t ContractType, a *Account) (free, optionHeld bool, err error) {
	allowed := t.Mail.Basic
	if mo, ok := s.cat.MailOption(t); ok && activeRecord(c.Options, mo.Code, "") >= 0 {
		allowed += t.Mail.Extra
		optionHeld = true
	}
	if a.MailProvider {
		return true, optionHeld, nil
	}
	used, _, err := mailUsage(tx, c)
	return used < allowed, optionHeld, err
}

// CheckMail validates the mail form without saving anything.
func (s *Service) CheckMail(p Principal, f MailForm) (MailResult, error) {
	var out MailResult
	err := s.view(func(tx Tx) error {
		p, c, err := s.authorize(tx, p)
		if err != nil {
			return err
		}
		a, err := accountOf(tx, c, f.Account)
		if err != nil {
			return err
		}
		out, err = s.checkMail(tx, p, c, a, f, s.Now())
		return err
	})
	return out, err
}

func (s *Service) checkMail(tx Tx, p Principal, c *Contract, a *Account, f MailForm, now time.Time) (MailResult, error) {
	if !canOnAccount(p, FnMailAddress, a.ID) {
		return MailResult{}, ErrForbidden
	}
	t, err := s.contractType(c)
	if err != nil {
		return MailResult{}, err
	}
	pr := problems{}
	res := MailResult{Account: a.ID, Kind: f.Kind, AppliedAt: now}
	switch f.Kind {
	case MailProvider:
		local := NormalizeInput(FieldMailLocal, f.Local) // folded before validation (SPEC §11.5)
		if free, _, err := s.providerFree(tx, c, t, a); err != nil {
			return res, err
		} else if !free {
			pr.add(FieldMailKind, ProblemAllowance)
		}
		if code := ValidLocalPart(local); code != "" {
			pr.add(FieldMailLocal, code)
		}
		res.Address = local + "@" + s.cat.MailDomain
		if pr[FieldMailLocal] == "" && res.Address != a.Mail {
			var owner string
			switch err := tx.Get(bucketMailIndex, res.Address, &owner); {
			case err == nil:
				pr.add(FieldMailLocal, ProblemTaken)
			case !errors.Is(err, ErrNoValue):
				return res, err
			}
		}
	case MailOther:
		addr := NormalizeInput(FieldMailAddress, f.Address) // folded before validation (SPEC §11.5)
		switch {
		case addr == "":
			pr.add(FieldMailAddress, ProblemRequired)
		case !validMailAddress(addr):
			pr.add(FieldMailAddress, ProblemFormat)
		case strings.HasSuffix(strings.ToLower(addr), "@"+s.cat.MailDomain):
			// A provider address is taken through the provider choice, with its allowance.
			pr.add(FieldMailAddress, ProblemChoice)
		}
		res.Address = addr
		if a.MailProvider {
			res.GivesUp, res.WebSpaceEnd = a.Mail, a.WebSpace
		}
	default:
		pr.add(FieldMailKind, ProblemChoice)
	}
	if !f.Agree {
		pr.add(FieldAgree, ProblemRequired)
	}
	if res.Kind == MailProvider && a.MailProvider && res.Address != a.Mail {
		res.GivesUp = a.Mail
	}
	return res, pr.err()
}

// SetMail registers or changes the mail address of an account ID (seed 003 §12).
// Giving up a provider address ends its mailbox and web space, and may cancel the
// paid mail option automatically (SPEC §5.3). The completion mail goes to the new address.
func (s *Service) SetMail(p Principal, token string, f MailForm) (MailResult, error) {
	var out MailResult
	err := s.procedure(p, "mail-address", f.Account, token, func(tx Tx, now time.Time) error {
		p, c, err := s.authorize(tx, p)
		if err != nil {
			return err
		}
		a, err := accountOf(tx, c, f.Account)
		if err != nil {
			return err
		}
		res, err := s.checkMail(tx, p, c, a, f, now)
		if err != nil {
			return err
		}
		if a.MailProvider && a.Mail != res.Address {
			if err := tx.Delete(bucketMailIndex, a.Mail); err != nil {
				return err
			}
		}
		gaveUp := a.MailProvider && res.Kind != MailProvider
		a.Mail, a.MailProvider = res.Address, res.Kind == MailProvider
		if a.MailProvider {
			if err := tx.Put(bucketMailIndex, a.Mail, a.ID); err != nil {
				return err
			}
		} else {
			// The provider mailbox ends, and with it everything that hangs on it.
			a.WebSpace, a.Forward, a.AutoReply = false, nil, nil
		}
		if err := tx.Put(bucketAccounts, a.ID, a); err != nil {
			return err
		}
		if gaveUp {
			// Only a drop in use ends the paid option: a pack bought before the addresses stays.
			if err := s.autoCancelMailOption(tx, c, now); err != nil {
				return err
			}
		}
		if err := tx.Put(bucketContracts, c.Number, c); err != nil {
			return err
		}
		out = res
		return sendMail(tx, now, a.Mail, "【マイページ】メールアドレス登録完了メール",
			"アカウントID "+a.ID+" のメールアドレスとして "+a.Mail+" を登録しました。\nお申込み日: "+now.Format("2006/01/02")+"\n")
	})
	return committed(out, err)
}

// AccountDetail is one account ID of "アカウントIDオプション変更": basic info, mail,
// web space and security options (seed 003 §11, §15).
type AccountDetail struct {
	Account      AccountView
	MailProvider bool
	Forward      *Forward
	AutoReply    *AutoReply
	WebAddress   string // the homepage address when a web space is registered
	Security     []OptionView
	// What the principal may change on this account ID.
	CanMail, CanForward, CanAutoReply, CanWebSpace, CanSecurity bool
	WebSpaceFree                                                bool // a web space can be registered (provider address and allowance)
}

// AccountDetails returns the detail view of every account ID the principal may see.
func (s *Service) AccountDetails(p Principal) ([]AccountDetail, error) {
	var out []AccountDetail
	err := s.view(func(tx Tx) error {
		p, c, err := s.authorize(tx, p)
		if err != nil {
			return err
		}
		t, err := s.contractType(c)
		if err != nil {
			return err
		}
		now := s.Now()
		_, webs, err := mailUsage(tx, c)
		if err != nil {
			return err
		}
		webAllowed := t.Web.Basic
		if mo, ok := s.cat.MailOption(t); ok && activeRecord(c.Options, mo.Code, "") >= 0 {
			webAllowed += t.Web.Extra
		}
		for _, id := range c.Accounts {
			if !canOnAccount(p, FnAccountList, id) {
				continue
			}
			a, err := loadAccount(tx, id)
			if err != nil {
				return err
			}
			d := AccountDetail{Account: viewAccount(a), MailProvider: a.MailProvider, Forward: a.Forward, AutoReply: a.AutoReply,
				CanMail: canOnAccount(p, FnMailAddress, id), CanForward: canOnAccount(p, FnMailForward, id) && a.MailProvider,
				CanAutoReply: canOnAccount(p, FnMailAutoReply, id) && a.MailProvider,
				CanWebSpace:  canOnAccount(p, FnWebSpace, id), CanSecurity: canOnAccount(p, FnSecurity, id)}
			if a.WebSpace {
				d.WebAddress = s.webAddress(a)
			}
			d.WebSpaceFree = a.MailProvider && !a.WebSpace && webs < webAllowed
			for _, o := range s.cat.Options {
				if o.Scope == ScopeAccount && o.OfferedTo(t) {
					d.Security = append(d.Security, s.optionView(p, c, t, a, o, now))
				}
			}
			out = append(out, d)
		}
		return nil
	})
	return out, err
}

func (s *Service) webAddress(a *Account) string {
	return "https://" + s.cat.WebHost + "/~" + localPart(a.Mail) + "/"
}

// settingAccount loads the account ID of a settings procedure: the principal
// must have the matrix row fn on it, and it must have a provider address.
func (s *Service) settingAccount(tx Tx, p Principal, account string, fn Function) (*Contract, *Account, error) {
	c, a, err := s.accountFor(tx, p, account, fn)
	if err != nil {
		return nil, nil, err
	}
	if !a.MailProvider {
		return nil, nil, &OptionError{Code: BlockNeedsMail}
	}
	return c, a, nil
}

// accountSetting runs a settings procedure on one account ID with a provider address.
func (s *Service) accountSetting(p Principal, token, action, account string, fn Function, apply func(tx Tx, c *Contract, a *Account, now time.Time) error) error {
	return s.procedure(p, action, account, token, func(tx Tx, now time.Time) error {
		c, a, err := s.settingAccount(tx, p, account, fn)
		if err != nil {
			return err
		}
		if err := apply(tx, c, a, now); err != nil {
			return err
		}
		return tx.Put(bucketAccounts, a.ID, a)
	})
}

// applyForward checks a forwarding setting and applies it; an empty target turns it off.
func applyForward(a *Account, f Forward) error {
	f.To = NormalizeInput(FieldForwardTo, f.To) // folded before validation (SPEC §11.5)
	if f.To == "" {
		a.Forward = nil
		return nil
	}
	if !validMailAddress(f.To) {
		return &ValidationError{Fields: map[string]string{FieldForwardTo: ProblemFormat}}
	}
	if strings.EqualFold(f.To, a.Mail) {
		return &ValidationError{Fields: map[string]string{FieldForwardTo: ProblemOwnAddress}}
	}
	a.Forward = &f
	return nil
}

// applyAutoReply checks an auto-reply setting and applies it.
func applyAutoReply(a *Account, r AutoReply) error {
	pr := problems{}
	r.Message = strings.TrimSpace(r.Message)
	if r.On && r.Message == "" {
		pr.add(FieldReplyText, ProblemRequired)
	}
	if code := fieldText(FieldReplyText, r.Message); code != "" {
		pr.add(FieldReplyText, code)
	}
	// Dates are typed as shown (YYYY/MM/DD) or as YYYY-MM-DD and stored as YYYY-MM-DD (SPEC §11.5).
	r.From, r.Until = NormalizeInput(FieldReplyFrom, r.From), NormalizeInput(FieldReplyUntil, r.Until)
	var from, until time.Time
	var err error
	if r.From != "" {
		if from, err = time.ParseInLocation("2006-01-02", r.From, JST); err != nil {
			pr.add(FieldReplyFrom, ProblemFormat)
		}
	}
	if r.Until != "" {
		if until, err = time.ParseInLocation("2006-01-02", r.Until, JST); err != nil {
			pr.add(FieldReplyUntil, ProblemFormat)
		} else if !from.IsZero() && until.Before(from) {
			pr.add(FieldReplyUntil, ProblemFormat)
		}
	}
	if err := pr.err(); err != nil {
		return err
	}
	if !r.On && r.Message == "" {
		a.AutoReply = nil
		return nil
	}
	a.AutoReply = &r
	return nil
}

// checkSetting runs a setting's checks on a copy of the account without saving,
// so the input step can mark fields before the confirm step.
func (s *Service) checkSetting(p Principal, account string, fn Function, apply func(a *Account) error) error {
	return s.view(func(tx Tx) error {
		_, a, err := s.settingAccount(tx, p, account, fn)
		if err != nil {
			return err
		}
		return apply(a)
	})
}

// CheckForward validates a forwarding setting without saving it.
func (s *Service) CheckForward(p Principal, account string, f Forward) error {
	return s.checkSetting(p, account, FnMailForward, func(a *Account) error { return applyForward(a, f) })
}

// SetForward saves the forwarding setting (SPEC §5.2); an empty target turns it off.
func (s *Service) SetForward(p Principal, token, account string, f Forward) error {
	return s.accountSetting(p, token, "mail-forward", account, FnMailForward, func(tx Tx, c *Contract, a *Account, now time.Time) error {
		return applyForward(a, f)
	})
}

// CheckAutoReply validates an auto-reply setting without saving it.
func (s *Service) CheckAutoReply(p Principal, account string, r AutoReply) error {
	return s.checkSetting(p, account, FnMailAutoReply, func(a *Account) error { return applyAutoReply(a, r) })
}

// SetAutoReply saves the auto-reply setting (SPEC §5.2).
func (s *Service) SetAutoReply(p Principal, token, account string, r AutoReply) error {
	return s.accountSetting(p, token, "mail-auto-reply", account, FnMailAutoReply, func(tx Tx, c *Contract, a *Account, now time.Time) error {
		return applyAutoReply(a, r)
	})
}

// RegisterWebSpace gives the account ID's provider address a web space, within
// the contract's web-space allowance (SPEC §3.1, §5.2).
func (s *Service) RegisterWebSpace(p Principal, token, account string) (string, error) {
	var addr string
	err := s.accountSetting(p, token, "web-space", account, FnWebSpace, func(tx Tx, c *Contract, a *Account, now time.Time) error {
		if a.WebSpace {
			return &OptionError{Code: BlockHeld}
		}
		t, err := s.contractType(c)
		if err != nil {
			return err
		}
		allowed := t.Web.Basic
		if mo, ok := s.cat.MailOption(t); ok && activeRecord(c.Options, mo.Code, "") >= 0 {
			allowed += t.Web.Extra
		}
		_, webs, err := mailUsage(tx, c)
		if err != nil {
			return err
		}
		if webs >= allowed {
			return &ValidationError{Fields: map[string]string{FieldMailKind: ProblemAllowance}}
		}
		a.WebSpace = true
		addr = s.webAddress(a)
		return nil
	})
	return committed(addr, err)
}
