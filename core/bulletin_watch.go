package core

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// bulletinWatches are the sessions of this process that wait to be told that
// the bulletins in force, the demo date or what the back office did changed
// (WatchBulletins). While one is held, a poller reads them every EndPoll, for
// all of them, and tells them only when what they show changed: a bulletin
// posted or closed here or by another process, a period begun or ended, the
// demo clock moved (by `admin clock` in another process) or past midnight, a
// back-office procedure on a contract (a payment recorded lifts a
// suspension; the sessions read their standing again). None is read while
// nobody watches.
type bulletinWatches struct {
	mu   sync.Mutex
	by   map[chan struct{}]struct{}
	stop chan struct{}
}

// WatchBulletins returns a channel that receives when the bulletins or the
// demo date changed (a session reads them again then: Bulletins, DemoDate),
// and a function that releases
// the watch; call it when the session ends. A change made by this process is
// told at once, one made by another process within EndPoll.
func (s *Service) WatchBulletins() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	w := &s.bulletins
	w.mu.Lock()
	if w.by == nil {
		w.by = map[chan struct{}]struct{}{}
	}
	w.by[ch] = struct{}{}
	if w.stop == nil {
		w.stop = make(chan struct{})
		go s.pollBulletins(w.stop)
	}
	w.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			w.mu.Lock()
			defer w.mu.Unlock()
			delete(w.by, ch)
			if len(w.by) == 0 && w.stop != nil {
				close(w.stop)
				w.stop = nil
			}
		})
	}
}

// BulletinWatches counts the watches held, for the tests that check an ended
// session leaves none behind.
func (s *Service) BulletinWatches() int {
	s.bulletins.mu.Lock()
	defer s.bulletins.mu.Unlock()
	return len(s.bulletins.by)
}

// changed tells every watch; one that has not read the last news yet keeps it.
func (w *bulletinWatches) changed() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for ch := range w.by {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// pollBulletins reads the bulletins and the demo clock every EndPoll until
// stop and tells the watches when the bulletins' numbers, states or closings,
// or the demo date, differ from the last read.
func (s *Service) pollBulletins(stop <-chan struct{}) {
	every := s.cfg.EndPoll
	if every <= 0 {
		every = DefaultEndPoll
	}
	t := time.NewTicker(every)
	defer t.Stop()
	// The first read tells every watch unless nothing is posted: a session
	// that read the bulletins before it cannot have missed a change.
	last := ""
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		var list []Bulletin
		var now time.Time
		var off time.Duration
		var office uint64
		err := s.db.View(func(tx Tx) (err error) {
			if now, off, err = s.timeIn(tx); err != nil {
				return err
			}
			if err := tx.Get(bucketSettings, settingOfficeRevision, &office); err != nil && !errors.Is(err, ErrNoValue) {
				return err
			}
			list = list[:0]
			return readBulletins(tx, &list)
		})
		if err != nil {
			s.log.Warn("the bulletins were not read", "err", err)
			continue
		}
		key := bulletinsKey(list, now)
		if off != 0 { // the header shows the date of a moved clock only
			key += "@" + now.Format(time.DateOnly)
		}
		key += fmt.Sprintf("#%d", office) // the back office changed a contract: standings may have moved
		if key != last {
			s.bulletins.changed()
		}
		last = key
	}
}

// bulletinsKey sums up what the screens show of the bulletins at now.
func bulletinsKey(list []Bulletin, now time.Time) string {
	var b strings.Builder
	for _, x := range list {
		fmt.Fprintf(&b, "%d:%s;", x.Number, x.StateAt(now))
	}
	return b.String()
}
