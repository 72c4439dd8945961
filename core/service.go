package core

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"
)

// Config holds the figures of the service that an operator may tune.
type Config struct {
	Catalog *Catalog
	Clock   Clock
	Hash    HashParams
	// HashConcurrency bounds simultaneous argon2 computations.
	HashConcurrency int
	// ThrottleAfter is the number of consecutive failures after which a login ID is locked.
	ThrottleAfter int
	// ThrottleBase is the first lock; each further failure doubles it up to ThrottleMax.
	ThrottleBase time.Duration
	ThrottleMax  time.Duration
	// Random draws customer numbers; nil means crypto/rand. Tests set a fixed source.
	Random io.Reader
	// Issuer is the invoicing company printed on statements; empty means DefaultIssuer.
	Issuer Issuer
	// CallBatch is how many call records one transaction of ImportCallsFile
	// stores; ≤ 0 means DefaultCallBatch.
	CallBatch int
}

// Validate checks the configuration at start-up: the issuer's registration number
// must be valid (SPEC §10).
func (c Config) Validate() error {
	if c.Issuer.RegistrationNumber != "" && !ValidRegistrationNumber(c.Issuer.RegistrationNumber) {
		return fmt.Errorf("%w: %q", ErrRegistrationNumber, c.Issuer.RegistrationNumber)
	}
	return nil
}

// DefaultConfig returns the production figures of SPEC §4.1.
func DefaultConfig() Config {
	return Config{
		Catalog:         DefaultCatalog(),
		Clock:           SystemClock{},
		Hash:            DefaultHashParams,
		HashConcurrency: 4,
		ThrottleAfter:   5,
		ThrottleBase:    time.Minute,
		ThrottleMax:     time.Hour,
	}
}

// Service is the application service: every procedure of the portal is one of its methods.
// Each method checks the caller's permission and runs as one transaction.
type Service struct {
	db    Storage
	cat   *Catalog
	clock Clock
	hash  *hasher
	cfg   Config
	decoy string // a hash of the configured cost, verified for unknown login IDs
	cc    clockCache
}

// NewService builds the service over a storage.
func NewService(db Storage, cfg Config) *Service {
	def := DefaultConfig()
	if cfg.Catalog == nil {
		cfg.Catalog = def.Catalog
	}
	if cfg.Clock == nil {
		cfg.Clock = def.Clock
	}
	if cfg.Hash.MemoryKiB == 0 {
		cfg.Hash = def.Hash
	}
	if cfg.ThrottleAfter == 0 {
		cfg.ThrottleAfter = def.ThrottleAfter
	}
	if cfg.ThrottleBase == 0 {
		cfg.ThrottleBase = def.ThrottleBase
	}
	if cfg.Random == nil {
		cfg.Random = rand.Reader
	}
	if cfg.ThrottleMax == 0 {
		cfg.ThrottleMax = def.ThrottleMax
	}
	s := &Service{db: db, cat: cfg.Catalog, clock: cfg.Clock, hash: newHasher(cfg.Hash, cfg.HashConcurrency), cfg: cfg}
	decoy, err := s.hash.hash(s.NewToken())
	if err != nil {
		panic(err)
	}
	s.decoy = decoy
	return s
}

// Catalog returns the product catalog in use.
func (s *Service) Catalog() *Catalog { return s.cat }

// Now returns the service clock's time in JST, moved by the demo clock's offset.
func (s *Service) Now() time.Time { return s.clock.Now().Add(s.ClockOffset()).In(JST) }

// NewToken returns a one-time confirm token. A confirm screen holds one; the
// procedure it submits runs at most once per token (SPEC §2 double submission).
func (s *Service) NewToken() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// procedure runs fn as one write transaction on behalf of p, consumes the token
// (if any) and appends the audit record in the same transaction. A refused or
// failed procedure is audited in a transaction of its own, since fn's writes roll back.
func (s *Service) procedure(p Principal, action, target, token string, fn func(tx Tx, now time.Time) error) error {
	s.refreshClock()
	now := s.Now()
	err := s.db.Update(func(tx Tx) error {
		if token != "" {
			var used time.Time
			switch err := tx.Get(bucketTokens, token, &used); {
			case err == nil:
				return ErrAlreadySubmitted
			case !errors.Is(err, ErrNoValue):
				return err
			}
			if err := tx.Put(bucketTokens, token, now); err != nil {
				return err
			}
		}
		if err := fn(tx, now); err != nil {
			return err
		}
		return appendAudit(tx, p, now, action, target, "ok")
	})
	if err != nil && !errors.Is(err, ErrAlreadySubmitted) {
		result := resultOf(err)
		_ = s.db.Update(func(tx Tx) error { return appendAudit(tx, p, now, action, target, result) })
	}
	return err
}

// resultOf names an error for the audit log without any user input in it.
func resultOf(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, ErrForbidden):
		return "refused"
	case errors.Is(err, ErrNotFound):
		return "not-found"
	case errors.Is(err, ErrLimitReached):
		return "limit"
	case errors.Is(err, ErrLoginFailed):
		return "failed"
	case errors.Is(err, ErrSessionEnded):
		return "session-ended"
	case FieldProblems(err) != nil:
		return "invalid"
	default:
		return "error"
	}
}

func appendAudit(tx Tx, p Principal, now time.Time, action, target, result string) error {
	_, err := tx.Append(bucketAudit, AuditRecord{
		Time: now, Actor: p.Actor(), Contract: p.Contract, Source: p.Source,
		Action: action, Target: target, Result: result,
	})
	return err
}

func sendMail(tx Tx, now time.Time, to, subject, body string) error {
	if to == "" {
		return nil
	}
	_, err := tx.Append(bucketOutbox, Mail{Time: now, To: to, Subject: subject, Body: body})
	return err
}

// loadContract reads a contract by customer number.
func loadContract(tx Tx, number string) (*Contract, error) {
	var c Contract
	if err := tx.Get(bucketContracts, number, &c); err != nil {
		if errors.Is(err, ErrNoValue) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	return &c, nil
}

// loadAccount reads an account ID.
func loadAccount(tx Tx, id string) (*Account, error) {
	var a Account
	if err := tx.Get(bucketAccounts, id, &a); err != nil {
		if errors.Is(err, ErrNoValue) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	return &a, nil
}

// contractType resolves the catalog entry of a contract.
func (s *Service) contractType(c *Contract) (ContractType, error) {
	t, ok := s.cat.ContractType(c.Type)
	if !ok {
		return ContractType{}, fmt.Errorf("contract %s: type %q is not in the catalog", c.Number, c.Type)
	}
	return t, nil
}
