package core

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// Config holds the figures of the service that an operator may tune.
type Config struct {
	Catalog *Catalog
	Clock   Clock
	Hash    HashParams
	// HashConcurrency bounds simultaneous argon2 computations, and so their
	// memory (Hash.MemoryKiB each); DefaultConfig makes it the number of cores.
	HashConcurrency int
	// LoginQueue is how many logins may wait for a computation beyond those
	// computing; one more is refused with ErrLoginBusy. 0 means
	// DefaultLoginQueue, as HashConcurrency 0 means the number of cores.
	LoginQueue int
	// ThrottleAfter is the number of consecutive failures of one login ID from one
	// source from which it is locked there (also the step-up's and the current
	// password's threshold).
	ThrottleAfter int
	// ThrottleAfterID is the number of consecutive failures of one login ID from
	// all sources together from which it is locked everywhere.
	ThrottleAfterID int
	// ThrottleBase is the first lock; each further failure doubles it up to ThrottleMax.
	ThrottleBase time.Duration
	ThrottleMax  time.Duration
	// StepUpTTL is how long an admin ID's step-up to the holder lasts.
	StepUpTTL time.Duration
	// Random draws customer numbers; nil means crypto/rand. Tests set a fixed source.
	Random io.Reader
	// Issuer is the invoicing company printed on statements; empty means DefaultIssuer.
	Issuer Issuer
	// Logger receives the internal errors the service cannot return (an audit
	// record that could not be written); nil means slog.Default().
	Logger *slog.Logger
	// CallBatch is how many call records one transaction of ImportCallsFile
	// stores; ≤ 0 means DefaultCallBatch.
	CallBatch int
	// EndPoll is how often a process holding session watches (WatchEnd) reads
	// the store for a withdrawal made by another process; ≤ 0 means
	// DefaultEndPoll.
	EndPoll time.Duration
}

// Validate checks the configuration at start-up: the issuer's registration number
// must be valid (SPEC §10) and the throttle figures sensible (SPEC §4.1).
func (c Config) Validate() error {
	if c.Issuer.RegistrationNumber != "" && !ValidRegistrationNumber(c.Issuer.RegistrationNumber) {
		return fmt.Errorf("%w: %q", ErrRegistrationNumber, c.Issuer.RegistrationNumber)
	}
	// The throttle figures (0 means the default of SPEC §4.1).
	def := DefaultConfig()
	after, afterID := c.ThrottleAfter, c.ThrottleAfterID
	if after == 0 {
		after = def.ThrottleAfter
	}
	if afterID == 0 {
		afterID = def.ThrottleAfterID
	}
	switch {
	case c.ThrottleAfter < 0:
		return fmt.Errorf("ThrottleAfter %d: must be 1 or more", c.ThrottleAfter)
	case c.ThrottleAfterID < 0 || afterID < after:
		return fmt.Errorf("ThrottleAfterID %d: must be at least ThrottleAfter (%d)", afterID, after)
	case c.ThrottleBase < 0, c.ThrottleMax < 0, c.ThrottleMax > 0 && c.ThrottleMax < c.ThrottleBase:
		return fmt.Errorf("ThrottleBase %v, ThrottleMax %v: must be positive, the maximum at least the base", c.ThrottleBase, c.ThrottleMax)
	case c.StepUpTTL < 0:
		return fmt.Errorf("StepUpTTL %v: must be positive", c.StepUpTTL)
	case c.HashConcurrency < 0, c.LoginQueue < 0:
		return fmt.Errorf("HashConcurrency %d, LoginQueue %d: must be positive", c.HashConcurrency, c.LoginQueue)
	}
	return nil
}

// DefaultLoginQueue is the logins that may wait for their password check: at
// some 40 checks a second per core, the last of them waits a little over a
// second on two cores.
const DefaultLoginQueue = 100

func (c Config) hashConcurrency() int {
	if c.HashConcurrency == 0 {
		return runtime.NumCPU()
	}
	return c.HashConcurrency
}

func (c Config) loginQueue() int {
	if c.LoginQueue == 0 {
		return DefaultLoginQueue
	}
	return c.LoginQueue
}

// DefaultConfig returns the production figures of SPEC §4.1.
func DefaultConfig() Config {
	return Config{
		Catalog:         DefaultCatalog(),
		Clock:           SystemClock{},
		Hash:            DefaultHashParams,
		HashConcurrency: runtime.NumCPU(),
		LoginQueue:      DefaultLoginQueue,
		ThrottleAfter:   5,
		ThrottleAfterID: 20,
		ThrottleBase:    time.Minute,
		ThrottleMax:     time.Hour,
		StepUpTTL:       15 * time.Minute,
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
	log   *slog.Logger
	run   running
	tk    throttleSecret
	// reserves counts the reservations of password checks, to prune the throttle
	// bucket every throttlePruneEvery-th.
	reserves atomic.Uint64
	// ends are the sessions waiting to be told their contract withdrew.
	ends endWatches
	// bulletins are the sessions waiting to be told the bulletins changed.
	bulletins bulletinWatches
}

// throttleSecret caches the database's secret of the login ID digests.
type throttleSecret struct {
	mu     sync.Mutex
	secret []byte
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
	if cfg.ThrottleAfterID == 0 {
		cfg.ThrottleAfterID = def.ThrottleAfterID
	}
	if cfg.StepUpTTL == 0 {
		cfg.StepUpTTL = def.StepUpTTL
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
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Service{db: db, cat: cfg.Catalog, clock: cfg.Clock, hash: newHasher(cfg.Hash, cfg.hashConcurrency(), cfg.loginQueue()), cfg: cfg, log: cfg.Logger}
	decoy, err := s.hash.hash(s.NewToken())
	if err != nil {
		panic(err)
	}
	s.decoy = decoy
	return s
}

// Catalog returns the product catalog in use.
func (s *Service) Catalog() *Catalog { return s.cat }

// StepUpTTL is how long an admin ID's step-up to the holder lasts
// (Config.StepUpTTL), for the screens that tell it.
func (s *Service) StepUpTTL() time.Duration { return s.cfg.StepUpTTL }

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
// (if any) and appends the audit record in the same transaction. The time is the
// demo clock read in that transaction: when it cannot be read the procedure is
// refused with ErrClock. A refused or failed procedure is audited in a
// transaction of its own, since fn's writes roll back.
func (s *Service) procedure(p Principal, action, target, token string, fn func(tx Tx, now time.Time) error) error {
	if !s.run.enter() {
		return ErrStopped
	}
	defer s.run.leave()
	var now time.Time
	err := s.db.Update(func(tx Tx) (err error) {
		if now, err = s.nowIn(tx); err != nil {
			return err
		}
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
		if p.Contract != "" {
			// The passed months close as they were before this procedure changes anything.
			if _, err := s.closeIn(tx, p.Contract, now); err != nil {
				return err
			}
		}
		if err := fn(tx, now); err != nil {
			return err
		}
		if p.Kind == KindOperator && p.Contract != "" {
			if err := bumpOfficeRevision(tx); err != nil {
				return err
			}
		}
		return appendAudit(tx, p, now, action, target, "ok")
	})
	if err != nil && !errors.Is(err, ErrAlreadySubmitted) {
		s.audit(p, action, target, resultOf(err))
	}
	return err
}

// settingOfficeRevision counts the back office's procedures on contracts (a
// payment recorded, a bank's result, a card approved, a plan added): the
// sessions of every process read their header's standing again when it moves
// (bulletin_watch.go), so that a suspension lifted shows within seconds.
const settingOfficeRevision = "office-revision"

func bumpOfficeRevision(tx Tx) error {
	var n uint64
	if err := tx.Get(bucketSettings, settingOfficeRevision, &n); err != nil && !errors.Is(err, ErrNoValue) {
		return err
	}
	return tx.Put(bucketSettings, settingOfficeRevision, n+1)
}

// committed is what a procedure returns: the result its committed attempt
// made, or nothing with the error. An attempt rolled back and run again may
// have made a result before the one that failed.
func committed[T any](out T, err error) (T, error) {
	if err != nil {
		var zero T
		return zero, err
	}
	return out, nil
}

// audit appends one audit record in a transaction of its own, dated by the demo
// clock read in that transaction. It cannot fail its caller (a logout, a refusal
// already decided), so a record that cannot be written is logged with its cause.
func (s *Service) audit(p Principal, action, target, result string) {
	err := s.db.Update(func(tx Tx) error {
		now, err := s.nowIn(tx)
		if err != nil {
			return err
		}
		return appendAudit(tx, p, now, action, target, result)
	})
	if err != nil {
		s.log.Error("audit record not written", "action", action, "result", result, "actor", p.Actor(), "err", err)
	}
}

// ErrStopped means the service is shutting down and starts no more procedures.
var ErrStopped = errors.New("the service is shutting down")

// Stop lets the procedures in flight finish (each is audited as usual) and
// refuses new ones with ErrStopped. It returns when none is left, or with the
// context's error when ctx ends first.
func (s *Service) Stop(ctx context.Context) error {
	select {
	case <-s.run.stop():
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// running counts the procedures in flight.
type running struct {
	mu      sync.Mutex
	n       int
	stopped bool
	idle    chan struct{} // closed when n falls to 0 after stop
}

func (r *running) enter() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped {
		return false
	}
	r.n++
	return true
}

func (r *running) leave() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n--
	if r.n == 0 && r.idle != nil {
		close(r.idle)
		r.idle = nil
	}
}

func (r *running) stop() <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stopped = true
	ch := make(chan struct{})
	if r.n == 0 {
		close(ch)
	} else {
		r.idle = ch
	}
	return ch
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
	case errors.Is(err, ErrMemberWithdrawn):
		return "refused-withdrawn"
	case errors.Is(err, ErrCommitUnknown):
		// It may have been done (its own "ok" record then stands before this one).
		return "unconfirmed"
	case FieldProblems(err) != nil:
		return "invalid"
	default:
		var r refusal
		if errors.As(err, &r) {
			return r.AuditResult()
		}
		return "error"
	}
}

// refusal is an error that refuses a procedure by a rule; the audit log names the rule.
type refusal interface {
	error
	AuditResult() string // "refused-" and the rule's code
}

func appendAudit(tx Tx, p Principal, now time.Time, action, target, result string) error {
	_, err := tx.Append(bucketAudit, AuditRecord{
		Time: now, Actor: p.Actor(), Contract: p.Contract, Source: p.Source,
		Action: action, Target: auditTarget(target), Result: result,
	})
	return err
}

// AuditTargetMax bounds the target of an audit record, in bytes (SPEC §11.5).
const AuditTargetMax = 256

// auditTarget is the target as the audit log stores it: escaped on one line
// (EscapeLine), so that nothing stored can drive a terminal, and cut at a
// character to AuditTargetMax bytes, ending in "…" when cut. Targets are
// built from request fields by every procedure, and a caller of core need not
// have validated them: this is the one place they are made safe.
func auditTarget(s string) string {
	if len(s) <= AuditTargetMax {
		if e := EscapeLine(s); len(e) <= AuditTargetMax {
			return e
		}
	}
	const more = "…"
	var b strings.Builder
	for i := 0; i < len(s); {
		_, size := utf8.DecodeRuneInString(s[i:])
		piece := EscapeLine(s[i : i+size])
		if b.Len()+len(piece) > AuditTargetMax-len(more) {
			break
		}
		b.WriteString(piece)
		i += size
	}
	return b.String() + more
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
