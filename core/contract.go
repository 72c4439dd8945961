package core

import "time"

// OptionState is the status of one option for a contract or account ID (SPEC §8).
type OptionState string

// States shown on the contract info and option screens.
const (
	OptionNotPurchased OptionState = "not-purchased" // 未購入
	OptionPurchased    OptionState = "purchased"     // 購入済
	OptionCancelling   OptionState = "cancelling"    // 解約済(月末まで)
	// OptionCancellingTerm is an annual option cancelled in the current term:
	// in use and in the fee until the term ends (SPEC §11.2).
	OptionCancellingTerm OptionState = "cancelling-term" // 解約予定(契約期間終了日まで)
)

// optionState derives the status of an option from its purchase/cancel history at now.
// A cancel takes effect at the end of its month (SPEC §8); the line's end
// ends every option once its last day has passed.
func optionState(records []OptionRecord, line *LineCancel, code, account string, now time.Time) OptionState {
	if line.ended(now) {
		// Every record ended with the line (capOption) on a day now past:
		// nothing is held or in use, not even to the month's end.
		return OptionNotPurchased
	}
	state := OptionNotPurchased
	for _, r := range records {
		if r.Option != code || r.Account != account {
			continue
		}
		switch {
		case r.CancelledAt == nil:
			return OptionPurchased
		case sameMonth(*r.CancelledAt, now):
			state = OptionCancelling
		}
	}
	return state
}

func sameMonth(a, b time.Time) bool {
	a, b = a.In(JST), b.In(JST)
	return a.Year() == b.Year() && a.Month() == b.Month()
}

// OptionStatus is one row of the option-service table.
type OptionStatus struct {
	Option Option
	State  OptionState
}

// Usage is an allowance row: used / allowed (basic N + M).
type Usage struct {
	Used     int
	Allowed  int
	Basic    int
	Extra    int  // what the paid option adds now (0 when not held)
	HasExtra bool // the row is shown as "基本 N + M" (the family has a paid extension)
}

// ContractInfo is "ご契約情報一覧" (seed 003 §4, §5).
type ContractInfo struct {
	Number       string
	Type         ContractType
	MailOption   *OptionStatus // メールパック or メール&Webスペース
	Options      []OptionStatus
	AccountIDs   Usage
	MailAccounts Usage
	WebSpaces    Usage
	Storage      *Usage // only where the type has online storage
}

// ContractInfo returns the contract summary every principal of the contract may read.
func (s *Service) ContractInfo(p Principal) (ContractInfo, error) {
	var out ContractInfo
	err := s.view(func(tx Tx) error {
		_, c, err := s.authorizeTo(tx, p, FnContractInfoView)
		if err != nil {
			return err
		}
		out, err = s.contractInfo(tx, c, s.Now())
		return err
	})
	return out, err
}

func (s *Service) contractInfo(tx Tx, c *Contract, now time.Time) (ContractInfo, error) {
	t, err := s.contractType(c)
	if err != nil {
		return ContractInfo{}, err
	}
	info := ContractInfo{Number: c.Number, Type: t}
	mailHeld := false
	if mo, ok := s.cat.MailOption(t); ok {
		st := optionState(c.Options, c.LineCancel, mo.Code, "", now)
		info.MailOption = &OptionStatus{Option: mo, State: st}
		// The allowance follows the running pack, as the mail form does: a pack cancelled this
		// month (解約済(月末まで)) opens no new address that would outlive it.
		mailHeld = activeRecord(c.Options, mo.Code, "") >= 0
	}
	for _, o := range s.cat.ContractOptions(t) {
		if o.ExtendsAllowance {
			continue
		}
		info.Options = append(info.Options, OptionStatus{Option: o, State: optionState(c.Options, c.LineCancel, o.Code, "", now)})
	}
	mails, webs, err := mailUsage(tx, c)
	if err != nil {
		return ContractInfo{}, err
	}
	allowance := func(used int, al Allowance) Usage {
		u := Usage{Used: used, Basic: al.Basic, Allowed: al.Basic, HasExtra: true}
		if mailHeld {
			u.Extra = al.Extra
			u.Allowed += al.Extra
		}
		return u
	}
	info.AccountIDs = Usage{Used: len(c.Accounts), Allowed: t.AccountIDs, Basic: t.AccountIDs}
	info.MailAccounts = allowance(mails, t.Mail)
	info.WebSpaces = allowance(webs, t.Web)
	if t.Family == FamilyMulti {
		// Online storage is allowed only with メールパック (SPEC §3.1); no account has set one up.
		u := allowance(0, t.Storage)
		info.Storage = &u
	}
	return info, nil
}
