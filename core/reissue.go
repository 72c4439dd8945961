package core

import (
	"fmt"
	"time"
)

// ErrPasswordReissued ends a session logged in with the customer number
// before the password was reissued; it is an ErrSessionEnded.
var ErrPasswordReissued = fmt.Errorf("%w: the customer password was reissued", ErrSessionEnded)

// ReissuePassword issues a new initial customer password for a holder who has
// lost it, and returns the registration certificate to hand over again; only
// an operator may do it, and not for a contract that has withdrawn. The old
// password stops working at once, and every session logged in with the
// customer number ends at its next action (HolderEpoch). Account IDs keep
// their own passwords. The password is returned once, never stored or audited.
func (s *Service) ReissuePassword(p Principal, number string) (Certificate, error) {
	if p.Kind != KindOperator {
		return Certificate{}, ErrForbidden
	}
	pw, err := RandomPassword()
	if err != nil {
		return Certificate{}, err
	}
	hash, err := s.hash.hash(pw)
	if err != nil {
		return Certificate{}, err
	}
	op := p
	op.Contract = number
	var cert Certificate
	var epochAfter int
	err = s.procedure(op, "contract-reissue", number, "", func(tx Tx, now time.Time) error {
		c, err := member(tx, number)
		if err != nil {
			return err
		}
		// The old password may be forgotten, not leaked: it stays in the history
		// so that the holder does not take it back as the next one.
		c.PasswordHistory = pushHistory(c.PasswordHistory, c.PasswordHash)
		c.PasswordHash = hash
		c.HolderEpoch++
		epochAfter = c.HolderEpoch
		if err := tx.Put(bucketContracts, c.Number, c); err != nil {
			return err
		}
		// A holder who forgot the password has usually been locked out trying:
		// the new certificate works at once.
		if _, err := s.liftLocks(tx, c.Number); err != nil {
			return err
		}
		t, _ := s.cat.ContractType(c.Type)
		name := t.Name
		if name == "" {
			name = c.Type
		}
		cert = Certificate{Number: c.Number, InitialPassword: pw, Type: name,
			Holder: c.Customer.LastName + " " + c.Customer.FirstName, IssuedAt: now}
		return sendMail(tx, now, c.Customer.ContactMail, "【マイページ】お客様番号パスワード再発行のお知らせ",
			"お客様番号 "+c.Number+" の初期パスワードを再発行し、新しい登録証をお渡ししました。"+
				"これまでのパスワードではログインできません。お心当たりのない場合はインフォメーションセンターへご連絡ください。\n")
	})
	if err != nil {
		return Certificate{}, err
	}
	// The holder's sessions of this process end now, not at their next action.
	s.ends.reissued(number, epochAfter)
	return cert, nil
}
