package core

import "sync"

// endWatches are the sessions of this process that wait to be told their
// contract withdrew (WatchEnd), by contract.
type endWatches struct {
	mu sync.Mutex
	by map[string]map[*endWatch]struct{}
}

type endWatch struct {
	session string
	ch      chan struct{}
}

// WatchEnd returns a channel closed when the principal's contract withdraws
// its membership in this process (after the commit), and a function that
// releases the watch; call it when the session ends, whatever happened. The
// session that withdraws is not told: it shows the completion first. A
// session of another process finds out at its next action (ErrSessionEnded).
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
	e.mu.Unlock()
	var once sync.Once
	return w.ch, func() {
		once.Do(func() {
			e.mu.Lock()
			defer e.mu.Unlock()
			if ws := e.by[p.Contract]; ws != nil {
				delete(ws, w)
				if len(ws) == 0 {
					delete(e.by, p.Contract)
				}
			}
		})
	}
}

// end closes the watches of the contract but the one of the session that
// withdrew, and forgets them.
func (e *endWatches) end(contract, except string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for w := range e.by[contract] {
		if except != "" && w.session == except {
			continue
		}
		close(w.ch)
		delete(e.by[contract], w)
	}
	if len(e.by[contract]) == 0 {
		delete(e.by, contract)
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
