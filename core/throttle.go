package core

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net"
	"strings"
	"time"
)

// Throttling (SPEC §4.1). Every password check is first reserved: in one write
// transaction the locks are read and the attempt is counted as a failure on
// each of its counters, and only then is the password verified, outside the
// transaction. However many attempts arrive at once, no more than a counter's
// threshold are ever verified. A success takes back what it counted.

// throttleCounter is one counter of consecutive failures and the failure from which it locks.
type throttleCounter struct {
	key   string
	after int
}

// reservation is one reserved attempt: the sequence number it took on each counter.
type reservation struct {
	counters []throttleCounter
	seqs     []uint64
}

// reserve counts an attempt on every counter before its password is checked. When
// a counter is locked it counts nothing and returns false: the attempt is refused unchecked.
// prune (pruneDue) makes it prune the throttle bucket first.
func (s *Service) reserve(tx Tx, counters []throttleCounter, now time.Time, prune bool) (reservation, bool, error) {
	if prune {
		if err := pruneThrottle(tx, now); err != nil {
			return reservation{}, false, err
		}
	}
	ths := make([]Throttle, len(counters))
	for i, c := range counters {
		if err := tx.Get(bucketThrottle, c.key, &ths[i]); err != nil && !errors.Is(err, ErrNoValue) {
			return reservation{}, false, err
		}
		if now.Before(ths[i].LockedUntil) {
			return reservation{}, false, nil
		}
	}
	r := reservation{counters: counters, seqs: make([]uint64, len(counters))}
	for i, c := range counters {
		th := &ths[i]
		th.Seq++
		th.Failures++
		th.At = now
		if th.Failures >= c.after {
			th.LockedUntil = now.Add(s.lockFor(th.Failures, c.after))
		}
		r.seqs[i] = th.Seq
		if err := tx.Put(bucketThrottle, c.key, th); err != nil {
			return reservation{}, false, err
		}
	}
	return r, true, nil
}

// The throttle bucket is kept to the attempts of the last day: a counter that is
// not locked and has not moved for throttleForget is forgotten, by every
// throttlePruneEvery-th reservation, at most throttlePruneBatch at a time, in
// the reservation's own transaction. What is typed into the ID box is not
// told apart (an unknown ID is counted and forgotten as a known one is), so
// guessing IDs cannot grow the bucket without limit.
const (
	throttleForget     = 24 * time.Hour
	throttlePruneEvery = 64
	throttlePruneBatch = 500
)

// pruneDue says whether this password check's reservation prunes the
// throttle bucket. It is drawn once, before the transaction: counted in it,
// each attempt run again would count, and the pruning attempt, the one most
// likely to conflict, would hand its turn to nobody.
func (s *Service) pruneDue() bool { return s.reserves.Add(1)%throttlePruneEvery == 0 }

// pruneThrottle deletes up to throttlePruneBatch forgotten counters.
func pruneThrottle(tx Tx, now time.Time) error {
	var stale []string
	if err := tx.Scan(bucketThrottle, "", func(key string, decode func(any) error) bool {
		var th Throttle
		if decode(&th) != nil {
			return true // damaged: left for admin check to report
		}
		if !now.Before(th.LockedUntil) && now.Sub(th.At) >= throttleForget {
			stale = append(stale, key)
		}
		return len(stale) < throttlePruneBatch
	}); err != nil {
		return err
	}
	for _, k := range stale {
		if err := tx.Delete(bucketThrottle, k); err != nil {
			return err
		}
	}
	return nil
}

// succeed resets the counters of a reservation whose password was right. Only the
// attempts reserved after it (still being checked) stay counted, so a success
// never frees the way for more checks than the threshold allows.
func succeed(tx Tx, r reservation) error {
	for i, c := range r.counters {
		var th Throttle
		switch err := tx.Get(bucketThrottle, c.key, &th); {
		case errors.Is(err, ErrNoValue):
			continue // lifted meanwhile
		case err != nil:
			return err
		}
		later := th.Seq
		if th.Seq >= r.seqs[i] {
			later = th.Seq - r.seqs[i]
		}
		if uint64(th.Failures) > later {
			th.Failures = int(later)
		}
		if th.Failures == 0 {
			if err := tx.Delete(bucketThrottle, c.key); err != nil {
				return err
			}
			continue
		}
		if th.Failures < c.after {
			th.LockedUntil = time.Time{}
		}
		if err := tx.Put(bucketThrottle, c.key, th); err != nil {
			return err
		}
	}
	return nil
}

// lockFor is the lock after the n-th consecutive failure of a counter that locks
// from its after-th: base, 2×base, 4×base … capped.
func (s *Service) lockFor(failures, after int) time.Duration {
	d := s.cfg.ThrottleBase
	for i := after; i < failures && d < s.cfg.ThrottleMax; i++ {
		d *= 2
	}
	if d > s.cfg.ThrottleMax {
		d = s.cfg.ThrottleMax
	}
	return d
}

// loginCounters are the counters of a login: the ID from this source, and the ID
// from all sources together. The ID is kept only as a keyed digest, since what
// was typed into the ID box may be a password.
func (s *Service) loginCounters(method LoginMethod, digest, source string) []throttleCounter {
	id := idKey(method, digest)
	return []throttleCounter{
		{key: id + "|" + throttleSource(source), after: s.cfg.ThrottleAfter},
		{key: id, after: s.cfg.ThrottleAfterID},
	}
}

// idKey is the counter of a login ID from all sources together.
func idKey(method LoginMethod, digest string) string { return string(method) + ":" + digest }

// idCounter is the login's counter of an ID alone, for the other checks of its
// password: an admin ID's step-up and a password change count on it too, so
// that the ceiling of ThrottleAfterID covers every path together and no
// further admin ID brings fresh guesses. A success resets it, as a login does.
func (s *Service) idCounter(tx Tx, method LoginMethod, id string) (throttleCounter, error) {
	digest, err := s.loginDigest(tx, id)
	if err != nil {
		return throttleCounter{}, err
	}
	return throttleCounter{key: idKey(method, digest), after: s.cfg.ThrottleAfterID}, nil
}

// throttleSource is the source a login's failures are counted under: the SSH
// address without its port (a new connection has a new port), or the terminal.
func throttleSource(source string) string {
	if addr, ok := strings.CutPrefix(source, "ssh "); ok {
		if host, _, err := net.SplitHostPort(addr); err == nil {
			return "ssh " + host
		}
	}
	return source
}

const settingThrottleKey = "throttle-key" // the secret of the login ID digests, hex

// loginDigest is the keyed digest of a typed login ID. The secret is drawn once
// per database and kept in its settings, so every process computes the same
// digest; tx must be a write transaction the first time.
func (s *Service) loginDigest(tx Tx, id string) (string, error) {
	s.tk.mu.Lock()
	secret := s.tk.secret
	s.tk.mu.Unlock()
	if secret == nil {
		var stored string
		switch err := tx.Get(bucketSettings, settingThrottleKey, &stored); {
		case err == nil:
			b, err := hex.DecodeString(stored)
			if err != nil || len(b) < 16 {
				return "", errors.New("settings: the throttle key is damaged")
			}
			secret = b
			// Cached only once read back: a key drawn in a transaction that rolls
			// back must not outlive it.
			s.tk.mu.Lock()
			s.tk.secret = b
			s.tk.mu.Unlock()
		case errors.Is(err, ErrNoValue):
			secret = make([]byte, 32)
			if _, err := rand.Read(secret); err != nil {
				return "", err
			}
			if err := tx.Put(bucketSettings, settingThrottleKey, hex.EncodeToString(secret)); err != nil {
				return "", err
			}
		default:
			return "", err
		}
	}
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(id))
	return hex.EncodeToString(m.Sum(nil))[:32], nil
}

// Unlock lifts every lock and failure count of a login (SPEC §4.1): the customer
// number or account ID from every source and alone (which every path checking
// its password counts on), and the account ID's own step-up and
// password-change counters. Only an operator may do it; it is audited. A login
// that is neither a customer number nor an account ID is ErrNotFound. It returns
// how many counters it lifted: 0 when the login was not locked.
func (s *Service) Unlock(p Principal, login string) (int, error) {
	if p.Kind != KindOperator {
		return 0, ErrForbidden
	}
	login = strings.TrimSpace(login)
	// The audit names a login that exists; anything else may be a mistyped password.
	target := "unknown"
	if err := s.view(func(tx Tx) error {
		if knownLogin(tx, login) {
			target = login
		}
		return nil
	}); err != nil {
		return 0, err
	}
	lifted := 0
	err := s.procedure(p, "unlock", target, "", func(tx Tx, now time.Time) error {
		if target != login {
			return ErrNotFound // neither a customer number nor an account ID
		}
		var err error
		lifted, err = s.liftLocks(tx, login)
		return err
	})
	return committed(lifted, err)
}

// liftLocks deletes, inside tx, every failure count of the login ID (from
// each source and from all of them), its step-ups' and its password checks',
// and says how many it lifted.
func (s *Service) liftLocks(tx Tx, login string) (int, error) {
	digest, err := s.loginDigest(tx, login)
	if err != nil {
		return 0, err
	}
	var keys []string
	for _, m := range []LoginMethod{LoginCustomerNumber, LoginAccountID} {
		prefix := string(m) + ":" + digest
		if err := tx.Scan(bucketThrottle, prefix, func(key string, _ func(any) error) bool {
			if key == prefix || strings.HasPrefix(key, prefix+"|") {
				keys = append(keys, key)
			}
			return true
		}); err != nil {
			return 0, err
		}
	}
	keys = append(keys, stepUpKey(login), passwordKey(Principal{Kind: KindAccount, AccountID: login}),
		passwordKey(Principal{Kind: KindHolder, Contract: login}))
	lifted := 0
	for _, k := range keys {
		var th Throttle
		switch err := tx.Get(bucketThrottle, k, &th); {
		case errors.Is(err, ErrNoValue):
			continue
		case err != nil:
			return lifted, err
		}
		if err := tx.Delete(bucketThrottle, k); err != nil {
			return lifted, err
		}
		lifted++
	}
	return lifted, nil
}

// stepUpKey is the counter of an admin ID's step-ups: its own, locking from
// ThrottleAfter, so that one admin ID's failed step-ups stay below the customer
// number's ceiling and never lock the holder out of the login alone.
func stepUpKey(accountID string) string { return "step-up:" + accountID }

// passwordKey is the counter of the current password checks of a principal's
// password changes.
func passwordKey(p Principal) string { return "password:" + p.Actor() }

// knownLogin reports whether login is a customer number or an account ID.
func knownLogin(tx Tx, login string) bool {
	if _, err := loadContract(tx, login); err == nil {
		return true
	}
	_, err := loadAccount(tx, login)
	return err == nil
}

// checkCurrent verifies the current password a password change gives, as a login
// is checked: load reads the stored hash (authorizing and checking the form) in
// the write transaction that reserves the attempt on the principal's own
// counter and on the per-ID counter of the login whose password it is (method
// and target: the customer number or the account ID), and the hash is verified
// after it. A wrong password is a problem of the current-password field, and so
// is a throttled one (locked, unchecked); refusals are audited under action.
// The caller takes the reservation back with succeed once the change is saved.
func (s *Service) checkCurrent(p Principal, action string, method LoginMethod, target, current string, now time.Time,
	load func(tx Tx) (string, error)) (reservation, string, error) {
	var stored string
	var res reservation
	allowed := false
	prune := s.pruneDue()
	err := s.db.Update(func(tx Tx) error {
		var err error
		if stored, err = load(tx); err != nil {
			return err
		}
		id, err := s.idCounter(tx, method, target)
		if err != nil {
			return err
		}
		res, allowed, err = s.reserve(tx, []throttleCounter{{key: passwordKey(p), after: s.cfg.ThrottleAfter}, id}, now, prune)
		return err
	})
	if err != nil {
		s.auditAttempt(p, action, target, now, resultOf(err))
		return reservation{}, "", err
	}
	if !allowed {
		s.auditAttempt(p, action, target, now, "throttled")
		return reservation{}, "", &ValidationError{Fields: map[string]string{FieldCurrentPassword: ProblemLocked}}
	}
	wrong := &ValidationError{Fields: map[string]string{FieldCurrentPassword: ProblemWrong}}
	if !s.hash.verify(stored, current) {
		s.auditAttempt(p, action, target, now, "failed")
		return reservation{}, "", wrong
	}
	return res, stored, nil
}

// refuseReused takes back the reservation of a right current password given with
// a new password used before, and audits the refusal.
func (s *Service) refuseReused(p Principal, action, target string, now time.Time, res reservation) error {
	err := &ValidationError{Fields: map[string]string{FieldPassword: ProblemReused}}
	if uerr := s.db.Update(func(tx Tx) error {
		if err := succeed(tx, res); err != nil {
			return err
		}
		return appendAudit(tx, p, now, action, target, "invalid")
	}); uerr != nil {
		s.log.Error("refused password change not recorded", "actor", p.Actor(), "err", uerr)
	}
	return err
}
