package main

import (
	"log/slog"
	"net"
	"sync"
	"time"
)

// connLimiter is the listener of the SSH server. It refuses a connection at
// accept time when its source address already holds perAddr, and closes a
// connection that has not completed the handshake within handshake, or that
// holds no session sessionWait after its handshake or its last session, so
// that idle connections cannot exhaust the server.
type connLimiter struct {
	net.Listener
	perAddr     int // 0: no limit
	handshake   time.Duration
	sessionWait time.Duration
	log         *slog.Logger
	logged      *limiter // refusals and timeouts logged per address, so that a flood does not flood the log

	mu     sync.Mutex
	byHost map[string]int
	conns  map[*trackedConn]struct{}
}

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
		if l.perAddr > 0 && l.byHost[host] >= l.perAddr {
			l.mu.Unlock()
			if l.logged.Allow(host) {
				l.log.Warn("connection refused: --max-per-address reached", "addr", host, "max", l.perAddr)
			}
			_ = c.Close()
			continue
		}
		l.byHost[host]++
		tc := &trackedConn{Conn: c, l: l, host: host}
		l.conns[tc] = struct{}{}
		l.mu.Unlock()
		tc.mu.Lock()
		tc.arm(l.handshake, "no SSH handshake within --handshake-timeout")
		tc.mu.Unlock()
		return tc, nil
	}
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
		_ = c.Close()
	}
}

func (l *connLimiter) forget(c *trackedConn) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.conns[c]; !ok {
		return
	}
	delete(l.conns, c)
	if l.byHost[c.host]--; l.byHost[c.host] <= 0 {
		delete(l.byHost, c.host)
	}
}

// trackedConn is one accepted connection with its pending timeout.
type trackedConn struct {
	net.Conn
	l    *connLimiter
	host string

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
		if c.l.logged.Allow(c.host) {
			c.l.log.Info("connection closed: "+why, "addr", c.RemoteAddr().String(), "after", d)
		}
		_ = c.Close()
	})
}

func (c *trackedConn) handshakeDone() {
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
}

func (c *trackedConn) sessionEnded() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sessions--; c.sessions == 0 {
		c.arm(c.l.sessionWait, "no session within --session-timeout of the last one")
	}
}

// Close closes the connection once and frees its place for its address.
func (c *trackedConn) Close() error {
	c.once.Do(func() {
		c.mu.Lock()
		if c.timer != nil {
			c.timer.Stop()
		}
		c.mu.Unlock()
		c.l.forget(c)
	})
	return c.Conn.Close()
}
