package core

import (
	"sync"
	"time"
)

// DefaultEndPoll is how often a process with sessions logged in looks for a
// withdrawal or a reissued customer password another process made (a kiosk, a
// second front-end, the back office): one read of the watched contracts for all
// its sessions, and none while nobody is logged in.
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
	// holder and epoch: a session logged in with the customer number ends
	// when the password is reissued (Contract.HolderEpoch moves past epoch).
	holder bool
	epoch  int
	ch     chan error
}

// close tells the session why it ended, once.
func (w *endWatch) close(why error) {
	w.ch <- why
	close(w.ch)
}

// WatchEnd returns a channel that gives why the principal's session ended and
// is then closed: ErrWithdrawn when its contract withdraws its membership in
// this process (after the commit), ErrPasswordReissued when the customer
// password of a session logged in with the customer number is reissued; and a
// function that releases the watch: call it when the session ends, whatever
// happened. The session that withdraws is not told: it shows the completion
// first. What another process did reaches the channel within EndPoll.
func (s *Service) WatchEnd(p Principal) (<-chan error, func()) {
	w := &endWatch{session: p.Session, holder: p.Kind == KindHolder, epoch: p.Epoch, ch: make(chan error, 1)}
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
// withdrawn or had its customer password reissued, and ends its watches: what
// another process did.
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
		epochs := map[string]int{}
		err := s.view(func(tx Tx) error {
			gone = gone[:0]
			for _, number := range watched {
				c, err := loadContract(tx, number)
				switch {
				case err != nil:
				case c.Withdrawn != nil:
					gone = append(gone, number)
				default:
					epochs[number] = c.HolderEpoch
				}
			}
			return nil
		})
		if err != nil {
			s.log.Warn("the withdrawals and reissues of other processes were not read", "err", err)
			continue
		}
		for _, number := range gone {
			e.endBut(number, nil)
		}
		for number, epoch := range epochs {
			e.reissued(number, epoch)
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
		w.close(ErrWithdrawn)
		delete(e.by[contract], w)
	}
	if len(e.by[contract]) == 0 {
		e.forget(contract)
	}
}

// reissued closes the watches of the contract's sessions logged in with the
// customer number before its password was reissued (their epoch is behind).
func (e *endWatches) reissued(contract string, epoch int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	ws := e.by[contract]
	for w := range ws {
		if w.holder && w.epoch < epoch {
			w.close(ErrPasswordReissued)
			delete(ws, w)
		}
	}
	if ws != nil && len(ws) == 0 {
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
