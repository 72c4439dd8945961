package core

import (
	"sync"
	"time"
)

// DefaultEndPoll is how often a process with sessions logged in looks for a
// withdrawal another process made (a kiosk, a second front-end): one read of
// the watched contracts for all its sessions, and none while nobody is logged in.
const DefaultEndPoll = 5 * time.Second

// endWatches are the sessions of this process that wait to be told their
// contract withdrew (WatchEnd), by contract.
type endWatches struct {
	mu sync.Mutex
	by map[string]map[*endWatch]struct{}
	// keep is, by contract, the sessions withdrawing it here: each shows its
	// completion first, so the poll closes no watch of theirs.
	keep map[string]map[string]bool
	// stop ends the poller of withdrawals made elsewhere; nil while none runs.
	stop chan struct{}
}

type endWatch struct {
	session string
	ch      chan struct{}
}

// WatchEnd returns a channel closed when the principal's contract withdraws
// its membership in this process (after the commit), and a function that
// releases the watch; call it when the session ends, whatever happened. The
// session that withdraws is not told: it shows the completion first. A
// withdrawal made by another process closes the channel within EndPoll.
func (s *Service) WatchEnd(p Principal) (<-chan struct{}, func()) {
	w := &endWatch{session: p.Session, ch: make(chan struct{})}
	e := &s.ends
	e.mu.Lock()
	if e.by == nil {
		e.by = map[string]map[*endWatch]struct{}{}
	}
	if e.by[p.Contract] == nil {
		e.by[p.Contract] = map[*endWatch]struct{}{}
	}
	e.by[p.Contract][w] = struct{}{}
	if e.stop == nil {
		e.stop = make(chan struct{})
		go s.pollEnds(e.stop)
	}
	e.mu.Unlock()
	var once sync.Once
	return w.ch, func() {
		once.Do(func() {
			e.mu.Lock()
			defer e.mu.Unlock()
			if ws := e.by[p.Contract]; ws != nil {
				delete(ws, w)
				if len(ws) == 0 {
					e.forget(p.Contract)
				}
			}
		})
	}
}

// forget drops a contract without watches; the poller stops with the last.
func (e *endWatches) forget(contract string) {
	delete(e.by, contract)
	delete(e.keep, contract)
	if len(e.by) == 0 && e.stop != nil {
		close(e.stop)
		e.stop = nil
	}
}

// withdrawing marks the session withdrawing its contract in this process, so
// that the poller does not end it before its completion screen.
func (e *endWatches) withdrawing(contract, session string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.keep == nil {
		e.keep = map[string]map[string]bool{}
	}
	if e.keep[contract] == nil {
		e.keep[contract] = map[string]bool{}
	}
	e.keep[contract][session] = true
}

// notWithdrawing drops the mark of a withdrawal that did not happen.
func (e *endWatches) notWithdrawing(contract, session string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.keep[contract], session)
	if len(e.keep[contract]) == 0 {
		delete(e.keep, contract)
	}
}

// pollEnds reads, every EndPoll until stop, whether a watched contract has
// withdrawn, and ends its watches: the withdrawal of another process.
func (s *Service) pollEnds(stop <-chan struct{}) {
	every := s.cfg.EndPoll
	if every <= 0 {
		every = DefaultEndPoll
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		e := &s.ends
		e.mu.Lock()
		watched := make([]string, 0, len(e.by))
		for c := range e.by {
			watched = append(watched, c)
		}
		e.mu.Unlock()
		var gone []string
		err := s.view(func(tx Tx) error {
			gone = gone[:0]
			for _, number := range watched {
				if c, err := loadContract(tx, number); err == nil && c.Withdrawn != nil {
					gone = append(gone, number)
				}
			}
			return nil
		})
		if err != nil {
			s.log.Warn("the withdrawals of other processes were not read", "err", err)
			continue
		}
		for _, number := range gone {
			e.endBut(number, nil)
		}
	}
}

// end closes the watches of the contract but the one of the session that
// withdrew, and forgets them.
func (e *endWatches) end(contract, except string) { e.endBut(contract, map[string]bool{except: true}) }

// endBut closes the watches of the contract but those of the sessions kept
// (the one that withdrew, and those withdrawing it here), and forgets them.
func (e *endWatches) endBut(contract string, kept map[string]bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for w := range e.by[contract] {
		if kept[w.session] || e.keep[contract][w.session] {
			continue
		}
		close(w.ch)
		delete(e.by[contract], w)
	}
	if len(e.by[contract]) == 0 {
		e.forget(contract)
	}
}

// EndWatches counts the session watches held (WatchEnd): a server may log it,
// and the tests check that an ended session leaves none behind.
func (s *Service) EndWatches() int { return s.ends.count() }

func (e *endWatches) count() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, ws := range e.by {
		n += len(ws)
	}
	return n
}
