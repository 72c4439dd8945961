package main

import (
	"container/list"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// connLimiter is the listener of the SSH server. It refuses a connection at
// accept time, before any work is done on it, when its source address already
// holds perAddr or when maxConns are open in all. When maxPending connections
// already hold no session (their handshake pending, or no session opened yet)
// it admits the new one and closes another: of those that have got least far
// (sent no more than their version line; then those whose handshake is not
// done; then the others), the one that has held no session longest. A member's
// client sends its key exchange right after its version line and opens its
// session within moments, so under a flood of idle connections it is never
// the one chosen while the stale ones make room, and the flood cannot lock
// members out. It also closes a
// connection that has not completed the handshake within handshake, or that
// holds no session sessionWait after its handshake or its last session, so
// that idle connections cannot exhaust the server.
type connLimiter struct {
	net.Listener
	perAddr     int // 0: no limit
	maxPending  int // 0: no limit
	maxConns    int // 0: no limit
	handshake   time.Duration
	sessionWait time.Duration
	log         *slog.Logger
	logged      *limiter // refusals and timeouts logged per address, so that a flood does not flood the log

	mu      sync.Mutex
	byHost  map[string]int
	conns   map[*trackedConn]struct{}
	pending list.List // connections of conns that hold no session, longest without one first
}

// Keys of the refusals of the caps in all in the log limiter: a flood from many
// addresses is logged ten times a minute, not ten times per address.
const (
	logKeyPending = "\x00max-pending"
	logKeyConns   = "\x00max-connections"
)

// Accept returns the next connection within the limits; the refused ones are
// closed at once and logged.
func (l *connLimiter) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		host := hostOf(c.RemoteAddr())
		l.mu.Lock()
		var flag, logKey string
		var max int
		switch {
		case l.maxConns > 0 && len(l.conns) >= l.maxConns:
			flag, logKey, max = "--max-connections", logKeyConns, l.maxConns
		case l.perAddr > 0 && l.byHost[host] >= l.perAddr:
			flag, logKey, max = "--max-per-address", host, l.perAddr
		}
		if flag != "" {
			l.mu.Unlock()
			_ = c.Close()
			if l.logged.Allow(logKey) {
				// Before the SSH handshake there is no channel to tell the client
				// on: it sees the connection closed. The log says why, as for the
				// refused sessions.
				l.log.Warn("connection refused", "reason", flag+" reached", "addr", host, "max", max)
			}
			continue
		}
		var evicted *trackedConn
		if l.maxPending > 0 && l.pending.Len() >= l.maxPending {
			evicted = l.leastAdvancedLocked()
			l.forgetLocked(evicted)
		}
		l.byHost[host]++
		tc := &trackedConn{Conn: c, l: l, host: host, opened: time.Now()}
		l.conns[tc] = struct{}{}
		tc.pending = l.pending.PushBack(tc)
		l.mu.Unlock()
		l.log.Info("connection opened", "addr", c.RemoteAddr().String())
		if evicted != nil {
			evicted.closeFor("evicted by --max-pending")
			if l.logged.Allow(logKeyPending) {
				l.log.Warn("connection closed", "reason", "--max-pending reached, the one longest without a session makes room",
					"addr", evicted.RemoteAddr().String(), "for", host, "max", l.maxPending)
			}
		}
		tc.mu.Lock()
		tc.arm(l.handshake, "no SSH handshake within --handshake-timeout")
		tc.mu.Unlock()
		return tc, nil
	}
}

// versionLine is the most a client that has sent nothing but its version line
// can have sent (RFC 4253 §4.2: at most 255 bytes).
const versionLine = 255

// leastAdvancedLocked is the pending connection to close for a new one: the
// longest waiting among those that got least far. The caller holds l.mu and
// l.pending is not empty.
func (l *connLimiter) leastAdvancedLocked() *trackedConn {
	var best *trackedConn
	bestStage := 3
	for e := l.pending.Front(); e != nil; e = e.Next() {
		c := e.Value.(*trackedConn)
		if st := c.stage(); st < bestStage {
			best, bestStage = c, st
			if st == 0 {
				break // the oldest of the least advanced
			}
		}
	}
	return best
}

// closeAll closes every connection still open, whatever its state.
func (l *connLimiter) closeAll() {
	l.mu.Lock()
	conns := make([]*trackedConn, 0, len(l.conns))
	for c := range l.conns {
		conns = append(conns, c)
	}
	l.mu.Unlock()
	for _, c := range conns {
		c.closeFor("shutdown")
	}
}

// setPending counts c among the connections without a session, or not.
func (l *connLimiter) setPending(c *trackedConn, pending bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, open := l.conns[c]; !open || (c.pending != nil) == pending {
		return
	}
	if pending {
		c.pending = l.pending.PushBack(c)
	} else {
		l.pending.Remove(c.pending)
		c.pending = nil
	}
}

func (l *connLimiter) forget(c *trackedConn) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.forgetLocked(c)
}

// forgetLocked frees the places of c; the caller holds l.mu.
func (l *connLimiter) forgetLocked(c *trackedConn) {
	if _, ok := l.conns[c]; !ok {
		return
	}
	delete(l.conns, c)
	if c.pending != nil {
		l.pending.Remove(c.pending)
		c.pending = nil
	}
	if l.byHost[c.host]--; l.byHost[c.host] <= 0 {
		delete(l.byHost, c.host)
	}
}

// trackedConn is one accepted connection with its pending timeout.
type trackedConn struct {
	net.Conn
	l      *connLimiter
	host   string
	opened time.Time
	why    atomic.Pointer[string] // why the server closed it; nil: the client or its session ended

	pending *list.Element // its place in l.pending while it holds no session; guarded by l.mu
	read    atomic.Int64  // bytes received from the client
	keyed   atomic.Bool   // the handshake is done

	mu       sync.Mutex
	timer    *time.Timer
	sessions int
	once     sync.Once
}

// arm replaces the pending timeout: after d the connection is closed. The
// caller holds c.mu.
func (c *trackedConn) arm(d time.Duration, why string) {
	if c.timer != nil {
		c.timer.Stop()
	}
	c.timer = time.AfterFunc(d, func() {
		c.closeFor(why) // its closing line says why
	})
}

// Read counts what the client sent, to tell a client on its way from one that
// only opened a connection.
func (c *trackedConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	c.read.Add(int64(n))
	return n, err
}

// stage is how far the connection got: 0 nothing past its version line, 1 its
// handshake under way, 2 its handshake done.
func (c *trackedConn) stage() int {
	switch {
	case c.keyed.Load():
		return 2
	case c.read.Load() > versionLine:
		return 1
	}
	return 0
}

func (c *trackedConn) handshakeDone() {
	c.keyed.Store(true)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sessions == 0 {
		c.arm(c.l.sessionWait, "no session within --session-timeout of the handshake")
	}
}

func (c *trackedConn) sessionStarted() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sessions++
	if c.timer != nil {
		c.timer.Stop()
	}
	if c.sessions == 1 {
		c.l.setPending(c, false)
	}
}

func (c *trackedConn) sessionEnded() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sessions--; c.sessions == 0 {
		c.l.setPending(c, true)
		c.arm(c.l.sessionWait, "no session within --session-timeout of the last one")
	}
}

// closeFor closes the connection, saying why in its closing log line.
func (c *trackedConn) closeFor(why string) {
	c.why.CompareAndSwap(nil, &why)
	_ = c.Close()
}

// Close closes the connection once, frees its place for its address and logs
// one line with how long it lasted.
func (c *trackedConn) Close() error {
	c.once.Do(func() {
		c.mu.Lock()
		if c.timer != nil {
			c.timer.Stop()
		}
		c.mu.Unlock()
		c.l.forget(c)
		why := "ended"
		if p := c.why.Load(); p != nil {
			why = *p
		}
		c.l.log.Info("connection closed", "addr", c.RemoteAddr().String(),
			"duration", time.Since(c.opened).Round(time.Millisecond), "why", why)
	})
	return c.Conn.Close()
}
