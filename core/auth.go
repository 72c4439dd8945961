package core

import (
	"errors"
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

// Login checks an ID and password. Every failure, whatever its cause, is ErrLoginFailed.
// From the ThrottleAfter-th consecutive failure the ID is locked for a delay that doubles
// with each further failure; attempts while locked are refused unchecked.
func (s *Service) Login(method LoginMethod, id, password, source string) (Session, error) {
	now := s.Now()
	key := string(method) + ":" + id
	var th Throttle
	var sess Session
	// Read the throttle and the credentials first: the argon2 check runs outside any write transaction.
	var hash string
	err := s.view(func(tx Tx) error {
		if err := tx.Get(bucketThrottle, key, &th); err != nil && !errors.Is(err, ErrNoValue) {
			return err
		}
		switch method {
		case LoginCustomerNumber:
			c, err := loadContract(tx, id)
			if err != nil {
				return nil
			}
			hash = c.PasswordHash
			sess.Principal = Principal{Kind: KindHolder, Contract: c.Number}
			sess.MustRegisterAccount = s.needsAccount(c)
		case LoginAccountID:
			a, err := loadAccount(tx, id)
			if err != nil {
				return nil
			}
			hash = a.PasswordHash
			sess.Principal = Principal{Kind: KindAccount, Contract: a.Contract, AccountID: a.ID, Permission: a.Permission}
		}
		return nil
	})
	if err != nil {
		return Session{}, err
	}
	sess.Principal.Source = source
	fail := Principal{Kind: sess.Principal.Kind, Source: source, Contract: sess.Principal.Contract, AccountID: sess.Principal.AccountID}
	if fail.Kind == "" {
		fail.Kind = PrincipalKind("anonymous")
	}
	if now.Before(th.LockedUntil) {
		s.recordLogin(fail, key, nil, now, "throttled")
		return Session{}, ErrLoginFailed
	}
	ok := false
	if hash == "" {
		// An unknown ID costs the same time as a wrong password: verify against a hash of the same cost.
		s.hash.verify(s.decoy, password)
	} else {
		ok = s.hash.verify(hash, password)
	}
	if !ok {
		s.recordLogin(fail, key, s.countFailure, now, "failed")
		return Session{}, ErrLoginFailed
	}
	s.recordLogin(sess.Principal, key, func(*Throttle, time.Time) bool { return false }, now, "ok")
	return sess, nil
}

// countFailure adds one failure and locks the ID once the threshold is reached.
func (s *Service) countFailure(th *Throttle, now time.Time) bool {
	th.Failures++
	if th.Failures >= s.cfg.ThrottleAfter {
		th.LockedUntil = now.Add(s.lockFor(th.Failures))
	}
	return true
}

// lockFor is the lock after the n-th consecutive failure: base, 2×base, 4×base … capped.
func (s *Service) lockFor(failures int) time.Duration {
	d := s.cfg.ThrottleBase
	for i := s.cfg.ThrottleAfter; i < failures && d < s.cfg.ThrottleMax; i++ {
		d *= 2
	}
	if d > s.cfg.ThrottleMax {
		d = s.cfg.ThrottleMax
	}
	return d
}

// recordLogin updates the throttle state inside one write transaction (update
// returns false to clear it; a nil update leaves it) and audits the attempt.
func (s *Service) recordLogin(p Principal, key string, update func(*Throttle, time.Time) bool, now time.Time, result string) {
	s.recordAttempt(p, "login", key, update, now, result)
}

func (s *Service) recordAttempt(p Principal, action, key string, update func(*Throttle, time.Time) bool, now time.Time, result string) {
	err := s.db.Update(func(tx Tx) error {
		if update != nil {
			var th Throttle
			if err := tx.Get(bucketThrottle, key, &th); err != nil && !errors.Is(err, ErrNoValue) {
				return err
			}
			if update(&th, now) {
				if err := tx.Put(bucketThrottle, key, th); err != nil {
					return err
				}
			} else if err := tx.Delete(bucketThrottle, key); err != nil {
				return err
			}
		}
		return appendAudit(tx, p, now, action, key, result)
	})
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
// (SSH attempts per source address); the password is never passed here.
func (s *Service) LoginRefused(method LoginMethod, id, source string) {
	s.audit(Principal{Kind: "anonymous", Source: source}, "login", string(method)+":"+id, "rate-limited")
}

// Logout audits the end of a session.
func (s *Service) Logout(p Principal, reason string) {
	s.audit(p, "logout", reason, "ok")
}

// StepUp lets an admin account ID re-enter the customer number and its password
// to see what only the holder may (billing statements, SPEC §4.1). It returns a
// holder principal for those screens. The attempt is audited as the account ID's
// step-up, and its failures are throttled on the account ID's own key, so that an
// admin ID cannot lock the holder out of the login.
func (s *Service) StepUp(p Principal, number, password string) (Principal, error) {
	if p.Kind != KindAccount {
		return Principal{}, ErrForbidden
	}
	now := s.Now()
	key := "step-up:" + p.AccountID
	var hash string
	var th Throttle
	var cur Principal
	if err := s.view(func(tx Tx) error {
		var c *Contract
		var err error
		cur, c, err = s.authorize(tx, p)
		if err != nil {
			return err
		}
		if err := tx.Get(bucketThrottle, key, &th); err != nil && !errors.Is(err, ErrNoValue) {
			return err
		}
		// A user ID never sees statements; another contract's number is never accepted.
		if cur.Permission == PermAdmin && c.Number == number {
			hash = c.PasswordHash
		}
		return nil
	}); err != nil {
		return Principal{}, err
	}
	if now.Before(th.LockedUntil) {
		s.recordStepUp(cur, key, nil, now, "throttled")
		return Principal{}, ErrLoginFailed
	}
	ok := false
	if hash == "" {
		s.hash.verify(s.decoy, password)
	} else {
		ok = s.hash.verify(hash, password)
	}
	if !ok {
		s.recordStepUp(cur, key, s.countFailure, now, "failed")
		return Principal{}, ErrLoginFailed
	}
	s.recordStepUp(cur, key, func(*Throttle, time.Time) bool { return false }, now, "ok")
	return Principal{Kind: KindHolder, Contract: cur.Contract, Source: p.Source}, nil
}

// recordStepUp is recordLogin under the step-up's own action name.
func (s *Service) recordStepUp(p Principal, key string, update func(*Throttle, time.Time) bool, now time.Time, result string) {
	s.recordAttempt(p, "step-up", key, update, now, result)
}
