package core

import (
	"errors"
	"fmt"
	"time"
)

// LoginMethod says which of the two login boxes was used (seed 003 §3).
type LoginMethod string

// The two ways to log in.
const (
	LoginCustomerNumber LoginMethod = "customer-number"
	LoginAccountID      LoginMethod = "account-id"
)

// Session is what a successful login returns.
type Session struct {
	Principal Principal
	// MustRegisterAccount is set when the contract needs an account ID before
	// anything else (spaaqs with none yet, seed 003 §8).
	MustRegisterAccount bool
}

// ErrStepUpEnded means an admin ID's step-up to the holder has
// ended (expired, logged out, or the account ID lost admin permission); the
// account ID may step up again.
var ErrStepUpEnded = fmt.Errorf("%w: the step-up has ended", ErrForbidden)

// Login checks an ID and password. Every failure, whatever its cause, is ErrLoginFailed.
// Failures are counted per login ID and source and per login ID alone; from the
// ThrottleAfter-th of one source and the ThrottleAfterID-th of all sources the ID is
// locked for a delay that doubles with each further failure; attempts while locked
// are refused unchecked. The attempt is counted before the password is checked.
// Beyond the logins the hasher admits at once it is ErrLoginBusy, before
// anything is counted or audited.
func (s *Service) Login(method LoginMethod, id, password, source string) (Session, error) {
	leave, err := s.hash.admit()
	if err != nil {
		return Session{}, err
	}
	defer leave()
	var now time.Time
	var sess Session
	var hash string
	var res reservation
	allowed := false
	// A withdrawn contract's logins are checked as any other and then fail as
	// a wrong password does: the same answer after the same work.
	withdrawn := false
	var target string // what was typed into the ID box, audited only when it is a login ID
	var fail Principal
	id = NormalizeInput(loginField(method), id) // folded before it is looked up (SPEC §11.5)
	prune := s.pruneDue()
	err = s.db.Update(func(tx Tx) error {
		// Set afresh in each attempt: what a rolled-back one found may be gone.
		sess, hash, withdrawn = Session{}, "", false
		target, fail = string(method)+":unknown", Principal{Kind: "anonymous", Source: source}
		var err error
		// The attempt is dated by the clock of the file, never guessed.
		if now, err = s.nowIn(tx); err != nil {
			return err
		}
		switch method {
		case LoginCustomerNumber:
			if c, err := loadContract(tx, id); err == nil {
				hash, withdrawn = c.PasswordHash, c.Withdrawn != nil
				sess.Principal = Principal{Kind: KindHolder, Contract: c.Number, Epoch: c.HolderEpoch}
				sess.MustRegisterAccount = s.needsAccount(c)
			}
		case LoginAccountID:
			if a, err := loadAccount(tx, id); err == nil {
				hash = a.PasswordHash
				sess.Principal = Principal{Kind: KindAccount, Contract: a.Contract, AccountID: a.ID, Permission: a.Permission}
				if c, err := loadContract(tx, a.Contract); err == nil {
					withdrawn = c.Withdrawn != nil
				}
			}
		}
		if hash != "" {
			target = string(method) + ":" + id
			fail = Principal{Kind: sess.Principal.Kind, Source: source, Contract: sess.Principal.Contract, AccountID: sess.Principal.AccountID}
		}
		digest, err := s.loginDigest(tx, id)
		if err != nil {
			return err
		}
		if res, allowed, err = s.reserve(tx, s.loginCounters(method, digest, source), now, prune); err != nil {
			return err
		}
		if !allowed {
			return appendAudit(tx, fail, now, "login", target, "throttled")
		}
		return nil
	})
	if err != nil {
		return Session{}, err
	}
	if !allowed {
		return Session{}, ErrLoginFailed
	}
	if !s.check(hash, password) {
		s.auditAttempt(fail, "login", target, now, "failed")
		return Session{}, ErrLoginFailed
	}
	if withdrawn {
		// Counted as a failure (the reservation stands); the audit says why.
		s.auditAttempt(fail, "login", target, now, "withdrawn")
		return Session{}, ErrLoginFailed
	}
	sess.Principal.Source = source
	sess.Principal.Session = s.NewToken()
	if err := s.db.Update(func(tx Tx) error {
		// A withdrawal committed while the password was checked counts too:
		// the contract is read again where the success is recorded.
		if c, err := loadContract(tx, sess.Principal.Contract); err == nil && c.Withdrawn != nil {
			withdrawn = true
			return appendAudit(tx, fail, now, "login", target, "withdrawn")
		}
		if err := succeed(tx, res); err != nil {
			return err
		}
		return appendAudit(tx, sess.Principal, now, "login", target, "ok")
	}); err != nil {
		return Session{}, err
	}
	if withdrawn {
		return Session{}, ErrLoginFailed
	}
	return sess, nil
}

// loginField is the field whose format the ID typed into a login box has.
func loginField(method LoginMethod) string {
	if method == LoginCustomerNumber {
		return FieldCustomerNumber
	}
	return FieldAccountID
}

// check verifies a password against a hash; with no hash (an unknown ID) it
// verifies against a decoy of the same cost, so both take the same time.
func (s *Service) check(hash, password string) bool {
	if hash == "" {
		s.hash.verify(s.decoy, password)
		return false
	}
	return s.hash.verify(hash, password)
}

// auditAttempt audits a password check that was refused or failed, in a transaction of
// its own; a failure was already counted when the attempt was reserved.
func (s *Service) auditAttempt(p Principal, action, target string, now time.Time, result string) {
	err := s.db.Update(func(tx Tx) error { return appendAudit(tx, p, now, action, target, result) })
	if err != nil {
		s.log.Error("login attempt not recorded", "action", action, "result", result, "source", p.Source, "err", err)
	}
}

// needsAccount is the first-login rule: a contract whose type requires an account ID and has none.
func (s *Service) needsAccount(c *Contract) bool {
	t, ok := s.cat.ContractType(c.Type)
	return ok && t.AccountIDRequired && len(c.Accounts) == 0
}

// LoginRefused audits an attempt that a front end refused before asking core
// (SSH attempts per source address); the password is never passed here, and the
// typed ID only when it is a login ID.
func (s *Service) LoginRefused(method LoginMethod, id, source string) {
	err := s.db.Update(func(tx Tx) error {
		now, err := s.nowIn(tx)
		if err != nil {
			return err
		}
		target := string(method) + ":unknown"
		id := NormalizeInput(loginField(method), id)
		if knownLogin(tx, id) {
			target = string(method) + ":" + id
		}
		return appendAudit(tx, Principal{Kind: "anonymous", Source: source}, now, "login", target, "rate-limited")
	})
	if err != nil {
		s.log.Error("audit record not written", "action", "login", "result", "rate-limited", "source", source, "err", err)
	}
}

// Logout audits the end of a session; an admin ID's step-up of that session ends with it.
func (s *Service) Logout(p Principal, reason string) {
	err := s.db.Update(func(tx Tx) error {
		now, err := s.nowIn(tx)
		if err != nil {
			return err
		}
		if p.Kind == KindAccount || p.Kind == KindStepUp {
			if err := tx.Delete(bucketStepUps, stepUpGrantKey(p)); err != nil {
				return err
			}
		}
		return appendAudit(tx, p, now, "logout", reason, "ok")
	})
	if err != nil {
		s.log.Error("audit record not written", "action", "logout", "actor", p.Actor(), "reason", reason, "err", err)
	}
}

// StepUp lets an admin account ID re-enter the customer number and its password
// to do what only the holder may (billing statements and 退会, SPEC §4.1, §4.3).
// It returns a step-up principal that reaches those only; it is bound to the
// account ID and its login session and ends when the account ID is deleted or
// loses admin permission, when the session logs out, and after Config.StepUpTTL.
// The attempt is audited as the account ID's step-up. Its failures count on the
// account ID's own key, which locks from ThrottleAfter, and on the customer
// number's login counter, whose ceiling covers every check of the customer
// password together (SPEC §4.1): one admin ID alone stays below it.
func (s *Service) StepUp(p Principal, number, password string) (Principal, error) {
	if p.Kind != KindAccount {
		return Principal{}, ErrForbidden
	}
	number = NormalizeInput(FieldCustomerNumber, number)
	var now time.Time
	var hash string
	var cur Principal
	var res reservation
	allowed := false
	prune := s.pruneDue()
	if err := s.db.Update(func(tx Tx) error {
		var c *Contract
		var err error
		if now, err = s.nowIn(tx); err != nil {
			return err
		}
		cur, c, err = s.authorize(tx, p)
		if err != nil {
			return err
		}
		// A user ID never sees statements; another contract's number is never accepted.
		if cur.Permission == PermAdmin && c.Number == number {
			hash = c.PasswordHash
		}
		counters := []throttleCounter{{key: stepUpKey(p.AccountID), after: s.cfg.ThrottleAfter}}
		if hash != "" {
			id, err := s.idCounter(tx, LoginCustomerNumber, c.Number)
			if err != nil {
				return err
			}
			counters = append(counters, id)
		}
		if res, allowed, err = s.reserve(tx, counters, now, prune); err != nil {
			return err
		}
		if !allowed {
			return appendAudit(tx, cur, now, "step-up", stepUpKey(p.AccountID), "throttled")
		}
		return nil
	}); err != nil {
		return Principal{}, err
	}
	if !allowed {
		return Principal{}, ErrLoginFailed
	}
	if !s.check(hash, password) {
		s.auditAttempt(cur, "step-up", stepUpKey(p.AccountID), now, "failed")
		return Principal{}, ErrLoginFailed
	}
	up := Principal{Kind: KindStepUp, Contract: cur.Contract, AccountID: cur.AccountID, Permission: PermAdmin,
		Source: p.Source, Session: p.Session}
	if err := s.db.Update(func(tx Tx) error {
		if err := succeed(tx, res); err != nil {
			return err
		}
		if err := s.endStepUps(tx, p.AccountID, func(g StepUp) bool { return !now.Before(g.At.Add(s.cfg.StepUpTTL)) }); err != nil {
			return err
		}
		if err := tx.Put(bucketStepUps, stepUpGrantKey(up), StepUp{Contract: cur.Contract, At: now}); err != nil {
			return err
		}
		return appendAudit(tx, cur, now, "step-up", stepUpKey(p.AccountID), "ok")
	}); err != nil {
		return Principal{}, err
	}
	return up, nil
}

// stepUpGrantKey is where the step-up of an account ID's login session is kept.
func stepUpGrantKey(p Principal) string { return p.AccountID + "/" + p.Session }

// endStepUps removes the step-ups of an account ID for which end returns true
// (nil: all of them), when it is deleted or loses admin permission, and expired ones.
func (s *Service) endStepUps(tx Tx, accountID string, end func(StepUp) bool) error {
	var keys []string
	var bad error
	if err := tx.Scan(bucketStepUps, accountID+"/", func(key string, decode func(any) error) bool {
		var g StepUp
		if err := decode(&g); err != nil {
			bad = err
			return false
		}
		if end == nil || end(g) {
			keys = append(keys, key)
		}
		return true
	}); err != nil {
		return err
	}
	if bad != nil {
		return bad
	}
	for _, k := range keys {
		if err := tx.Delete(bucketStepUps, k); err != nil {
			return err
		}
	}
	return nil
}

// checkStepUp is the part of authorize for a step-up principal: the account ID
// is still an admin ID of the contract and its session's step-up has not ended.
func (s *Service) checkStepUp(tx Tx, p Principal, a *Account) error {
	if a.Permission != PermAdmin {
		return ErrStepUpEnded
	}
	var g StepUp
	switch err := tx.Get(bucketStepUps, stepUpGrantKey(p), &g); {
	case errors.Is(err, ErrNoValue):
		return ErrStepUpEnded
	case err != nil:
		return err
	}
	if g.Contract != p.Contract || !s.Now().Before(g.At.Add(s.cfg.StepUpTTL)) {
		return ErrStepUpEnded
	}
	return nil
}
