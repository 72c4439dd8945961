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

// ErrClock means the stored offset of the demo clock could not be read. A
// procedure is then refused rather than dated with the real clock.
var ErrClock = errors.New("the demo clock cannot be read")

// clockCache keeps the offset last read, for Now outside transactions.
type clockCache struct {
	mu     sync.Mutex
	offset time.Duration
	read   bool // an offset has been read at least once
}

// offsetIn reads the stored offset inside tx and remembers it for Now. What
// it remembers was committed even when tx rolls back: every transaction reads
// the offset before any writes it.
func (s *Service) offsetIn(tx Tx) (time.Duration, error) {
	var off int64
	if err := tx.Get(bucketSettings, settingClock, &off); err != nil && !errors.Is(err, ErrNoValue) {
		return 0, fmt.Errorf("%w: %w", ErrClock, err)
	}
	s.remember(time.Duration(off))
	return time.Duration(off), nil
}

// nowIn is the service time as the transaction sees it: the real clock moved
// by the offset stored in the same file.
func (s *Service) nowIn(tx Tx) (time.Time, error) {
	now, _, err := s.timeIn(tx)
	return now, err
}

// timeIn is nowIn with the offset from the real clock.
func (s *Service) timeIn(tx Tx) (time.Time, time.Duration, error) {
	off, err := s.offsetIn(tx)
	if err != nil {
		return time.Time{}, 0, err
	}
	return s.clock.Now().Add(off).In(JST), off, nil
}

func (s *Service) remember(off time.Duration) {
	s.cc.mu.Lock()
	s.cc.offset, s.cc.read = off, true
	s.cc.mu.Unlock()
}

// refreshClock reads the stored offset in a read transaction of its own; it is
// called only outside transactions. A failed read leaves the remembered offset.
func (s *Service) refreshClock() error {
	return s.db.View(func(tx Tx) error {
		_, err := s.offsetIn(tx)
		return err
	})
}

// ClockOffset is how far the demo clock is from the real one (0 when it is real),
// as last read; a new service reads the stored offset on its first use, so that
// its first Now already follows a clock that another process moved. Every
// transaction of the service reads it again.
func (s *Service) ClockOffset() time.Duration {
	s.cc.mu.Lock()
	read := s.cc.read
	s.cc.mu.Unlock()
	if !read {
		if err := s.refreshClock(); err != nil {
			s.log.Error("demo clock not read", "err", err)
		}
	}
	s.cc.mu.Lock()
	defer s.cc.mu.Unlock()
	return s.cc.offset
}

// Time reads the demo clock from the store and returns the service time and the
// offset from the real clock; it fails with ErrClock when the offset cannot be read.
// It must not be called inside a transaction.
func (s *Service) Time() (time.Time, time.Duration, error) {
	var now time.Time
	var off time.Duration
	err := s.db.View(func(tx Tx) (err error) {
		now, off, err = s.timeIn(tx)
		return err
	})
	return now, off, err
}

// DemoDate returns the demo clock's time when it is not the real one. It reads
// the stored offset, so a running portal sees a clock moved by another process;
// it must not be called inside a transaction (nor in a screen's View).
func (s *Service) DemoDate() (time.Time, bool, error) {
	now, off, err := s.Time()
	if err != nil || off == 0 {
		return time.Time{}, false, err
	}
	return now, true, nil
}

// view runs fn in a read transaction whose first read is the demo clock, so
// that Now inside fn follows the file; an unreadable clock fails the read.
func (s *Service) view(fn func(Tx) error) error {
	return s.db.View(func(tx Tx) error {
		if _, err := s.offsetIn(tx); err != nil {
			return err
		}
		return fn(tx)
	})
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
	if p.Kind != KindOperator {
		return time.Time{}, 0, ErrForbidden
	}
	return s.moveClock(p, t, true)
}

// AdvanceClock moves the demo clock forward by the given months and days, like SetClock.
func (s *Service) AdvanceClock(p Principal, months, days int) (time.Time, int, error) {
	if months < 0 || days < 0 {
		return time.Time{}, 0, errors.New("the clock only moves forward")
	}
	if p.Kind != KindOperator {
		return time.Time{}, 0, ErrForbidden
	}
	now, _, err := s.Time()
	if err != nil {
		return time.Time{}, 0, err
	}
	return s.moveClock(p, now.AddDate(0, months, days), true)
}

// moveClock stores the offset that puts the demo clock at target; forward refuses
// a target in the past.
func (s *Service) moveClock(p Principal, target time.Time, forward bool) (time.Time, int, error) {
	target = target.In(JST)
	if target.Before(ClockEarliest) || !target.Before(ClockLatest) {
		return time.Time{}, 0, fmt.Errorf("%w: %s is not between %s and %s", ErrClockRange, target.Format("2006-01-02"),
			ClockEarliest.Format("2006-01-02"), ClockLatest.Add(-time.Nanosecond).Format("2006-01-02"))
	}
	var off time.Duration
	err := s.procedure(p, "clock", target.Format(time.RFC3339), "", func(tx Tx, now time.Time) error {
		if forward && target.Before(now.Add(-time.Minute)) {
			// Closed months stay closed: a clock that went back would bill them twice.
			return errors.New("the clock only moves forward")
		}
		var demo bool
		if err := tx.Get(bucketSettings, settingDemo, &demo); err != nil || !demo {
			return ErrNotDemo
		}
		off = target.Sub(s.clock.Now())
		return tx.Put(bucketSettings, settingClock, int64(off))
	})
	if err != nil {
		return time.Time{}, 0, err
	}
	s.remember(off)
	s.bulletins.changed() // the sessions of this process show the new date at once
	closed, err := s.CloseDueMonths(p)
	return target, closed, err
}
