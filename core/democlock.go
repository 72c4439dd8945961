package core

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// The demo clock: a demo database keeps an offset from the real clock in its
// settings, so that `mypage admin clock` moves the time of every process that
// uses the file (a running portal included).

const (
	settingClock = "clock-offset" // nanoseconds added to the real clock
	settingDemo  = "demo"         // set on databases made by `mypage demo`
)

// The demo clock stays within these years, so that the offset never saturates
// and every date the portal computes is a real one: [ClockEarliest, ClockLatest).
var (
	ClockEarliest = time.Date(2000, time.January, 1, 0, 0, 0, 0, JST)
	ClockLatest   = time.Date(2100, time.January, 1, 0, 0, 0, 0, JST)
)

// ErrClockRange means the demo clock would leave [ClockEarliest, ClockLatest).
var ErrClockRange = errors.New("the demo clock stays between 2000 and 2099")

// ErrNotDemo means the clock of a database that is not a demo cannot be moved.
var ErrNotDemo = errors.New("the clock can only be moved on a demo database")

// clockCache keeps the stored offset for a short while, so that Now stays cheap.
type clockCache struct {
	mu      sync.Mutex
	offset  time.Duration
	checked time.Time
}

// clockRefresh is how long a read offset is trusted before the store is asked again.
const clockRefresh = time.Second

// refreshClock reads the stored offset when the cached one is older than
// clockRefresh. It opens its own read transaction, so it is called only outside
// transactions (by view and procedure).
func (s *Service) refreshClock() {
	real := s.clock.Now()
	s.cc.mu.Lock()
	fresh := real.Sub(s.cc.checked) < clockRefresh && !s.cc.checked.IsZero()
	s.cc.mu.Unlock()
	if fresh {
		return
	}
	var off int64
	_ = s.db.View(func(tx Tx) error {
		if err := tx.Get(bucketSettings, settingClock, &off); err != nil && !errors.Is(err, ErrNoValue) {
			return err
		}
		return nil
	})
	s.cc.mu.Lock()
	s.cc.offset, s.cc.checked = time.Duration(off), real
	s.cc.mu.Unlock()
}

// ClockOffset is how far the demo clock is from the real one (0 when it is real).
// A new service reads the stored offset on its first use, so that its first Now
// already follows a clock that another process moved.
func (s *Service) ClockOffset() time.Duration {
	s.cc.mu.Lock()
	never := s.cc.checked.IsZero()
	s.cc.mu.Unlock()
	if never {
		s.refreshClock()
	}
	s.cc.mu.Lock()
	defer s.cc.mu.Unlock()
	return s.cc.offset
}

// DemoDate returns the demo clock's time when it is not the real one. It refreshes
// the stored offset, so a running portal sees a clock moved by another process;
// it must not be called inside a transaction.
func (s *Service) DemoDate() (time.Time, bool) {
	s.refreshClock()
	if s.ClockOffset() == 0 {
		return time.Time{}, false
	}
	return s.Now(), true
}

// view runs fn in a read transaction after refreshing the demo clock.
func (s *Service) view(fn func(Tx) error) error {
	s.refreshClock()
	return s.db.View(fn)
}

// MarkDemo marks the database as a demo, whose clock may be moved.
func (s *Service) MarkDemo(p Principal) error {
	if p.Kind != KindOperator {
		return ErrForbidden
	}
	return s.db.Update(func(tx Tx) error { return tx.Put(bucketSettings, settingDemo, true) })
}

// SetClock moves the demo clock to t (the time then runs on from there); advance
// moves it forward by months and days. Months the clock passes are closed. It
// returns the new time and how many contracts had months closed.
func (s *Service) SetClock(p Principal, t time.Time) (time.Time, int, error) {
	s.refreshClock()
	if t.Before(s.Now().Add(-time.Minute)) {
		// Closed months stay closed: a clock that went back would bill them twice.
		return time.Time{}, 0, errors.New("the clock only moves forward")
	}
	return s.moveClock(p, func(now time.Time) time.Time { return t })
}

// AdvanceClock moves the demo clock forward by the given months and days, like SetClock.
func (s *Service) AdvanceClock(p Principal, months, days int) (time.Time, int, error) {
	if months < 0 || days < 0 {
		return time.Time{}, 0, errors.New("the clock only moves forward")
	}
	return s.moveClock(p, func(now time.Time) time.Time { return now.AddDate(0, months, days) })
}

func (s *Service) moveClock(p Principal, to func(now time.Time) time.Time) (time.Time, int, error) {
	if p.Kind != KindOperator {
		return time.Time{}, 0, ErrForbidden
	}
	s.refreshClock()
	now := s.Now()
	target := to(now).In(JST)
	if target.Before(ClockEarliest) || !target.Before(ClockLatest) {
		return time.Time{}, 0, fmt.Errorf("%w: %s is not between %s and %s", ErrClockRange, target.Format("2006-01-02"),
			ClockEarliest.Format("2006-01-02"), ClockLatest.Add(-time.Nanosecond).Format("2006-01-02"))
	}
	err := s.procedure(p, "clock", target.Format(time.RFC3339), "", func(tx Tx, _ time.Time) error {
		var demo bool
		if err := tx.Get(bucketSettings, settingDemo, &demo); err != nil || !demo {
			return ErrNotDemo
		}
		return tx.Put(bucketSettings, settingClock, int64(target.Sub(s.clock.Now())))
	})
	if err != nil {
		return time.Time{}, 0, err
	}
	s.cc.mu.Lock()
	s.cc.checked = time.Time{}
	s.cc.mu.Unlock()
	s.refreshClock()
	closed, err := s.CloseDueMonths(p)
	return target, closed, err
}
