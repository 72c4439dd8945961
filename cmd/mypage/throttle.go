package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"mypage/core"
)

// throttleFlags are the figures of the login throttle and of the step-up
// (SPEC §4.1: figures are configuration), flags of every command that runs
// the portal.
type throttleFlags struct {
	after   int           // failures of one ID from one source that lock it there
	afterID int           // failures of one ID from all sources that lock it everywhere
	first   time.Duration // the first lock
	max     time.Duration // the longest lock
	stepUp  time.Duration // how long an admin ID's step-up lasts
	hashes  int           // password checks at once (argon2 memory each)
	queue   int           // logins that may wait for a check beyond those
}

// Bounds of the throttle flags: beyond them a figure is a typing mistake or
// turns the protection off.
const (
	maxLockAfter   = 100
	maxLockAfterID = 1000
	maxHashes      = 256
	maxLoginQueue  = 10000
)

var (
	lockFirstBound = durationBound{flag: "--lock-first", min: time.Second, max: 24 * time.Hour}
	lockMaxBound   = durationBound{flag: "--lock-max", min: time.Second, max: 7 * 24 * time.Hour}
	stepUpBound    = durationBound{flag: "--step-up-ttl", min: time.Minute, max: 24 * time.Hour}
)

// addThrottleFlags registers the throttle flags on a portal command and makes
// the service configuration use them when that command runs.
func addThrottleFlags(cmd *cobra.Command, g *globals) {
	def := core.DefaultConfig()
	t := &throttleFlags{after: def.ThrottleAfter, afterID: def.ThrottleAfterID,
		first: def.ThrottleBase, max: def.ThrottleMax, stepUp: def.StepUpTTL,
		hashes: def.HashConcurrency, queue: def.LoginQueue}
	t.register(cmd.Flags())
	pre := cmd.PreRunE
	cmd.PreRunE = func(cmd *cobra.Command, args []string) error {
		if err := t.check(); err != nil {
			return err
		}
		g.throttle = t
		if pre != nil {
			return pre(cmd, args)
		}
		return nil
	}
}

func (t *throttleFlags) register(f *pflag.FlagSet) {
	f.IntVar(&t.after, "lock-after", t.after, "lock a login ID from one source after this many failed logins from it in a row")
	f.IntVar(&t.afterID, "lock-after-id", t.afterID, "lock a login ID from every source after this many failed logins from all sources in a row (at least --lock-after)")
	f.DurationVar(&t.first, "lock-first", t.first, "the first lock; each further failure doubles it up to --lock-max")
	f.DurationVar(&t.max, "lock-max", t.max, "the longest lock (at least --lock-first)")
	f.DurationVar(&t.stepUp, "step-up-ttl", t.stepUp, "how long an admin ID's step-up to the billing statements lasts")
	f.IntVar(&t.hashes, "login-concurrency", t.hashes, "password checks at once (default: the number of cores); each holds the argon2 memory, 19 MiB")
	f.IntVar(&t.queue, "login-queue", t.queue, "logins that may wait for a password check beyond those under way; one more is told the portal is busy")
}

// check refuses figures that would turn the throttle off or make no sense, naming the flag.
func (t *throttleFlags) check() error {
	if t.after < 1 || t.after > maxLockAfter {
		return fmt.Errorf("--lock-after must be from 1 to %d, not %d", maxLockAfter, t.after)
	}
	if t.hashes < 1 || t.hashes > maxHashes {
		return fmt.Errorf("--login-concurrency must be from 1 to %d, not %d", maxHashes, t.hashes)
	}
	if t.queue < 1 || t.queue > maxLoginQueue {
		return fmt.Errorf("--login-queue must be from 1 to %d, not %d", maxLoginQueue, t.queue)
	}
	if t.afterID < t.after || t.afterID > maxLockAfterID {
		return fmt.Errorf("--lock-after-id must be from --lock-after (%d) to %d, not %d", t.after, maxLockAfterID, t.afterID)
	}
	for _, d := range []struct {
		b durationBound
		v time.Duration
	}{{lockFirstBound, t.first}, {lockMaxBound, t.max}, {stepUpBound, t.stepUp}} {
		if err := d.b.check(d.v); err != nil {
			return err
		}
	}
	if t.max < t.first {
		return fmt.Errorf("--lock-max %s must be at least --lock-first %s", t.max, t.first)
	}
	// core's own check, the last word on the figures.
	cfg := core.DefaultConfig()
	t.apply(&cfg)
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("--lock-after, --lock-after-id, --lock-first, --lock-max or --step-up-ttl: %w", err)
	}
	return nil
}

// apply fills the figures into the service configuration.
func (t *throttleFlags) apply(cfg *core.Config) {
	cfg.ThrottleAfter, cfg.ThrottleAfterID = t.after, t.afterID
	cfg.ThrottleBase, cfg.ThrottleMax = t.first, t.max
	cfg.StepUpTTL = t.stepUp
	cfg.HashConcurrency, cfg.LoginQueue = t.hashes, t.queue
}
