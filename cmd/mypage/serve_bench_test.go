package main

import (
	"strings"
	"testing"
	"time"
)

// BenchmarkSSHSession is one subscriber's visit at its cheapest: connect, the
// login screen, close. Client and server share the process, so the figure
// holds both sides' crypto; its profile shows what the server adds to it.
func BenchmarkSSHSession(b *testing.B) {
	srv := startPortal(b, func(o *serveOptions) {
		o.maxSessions, o.perAddr, o.maxPending = 0, 0, 0
		o.connects = rate{n: 1 << 30, per: time.Minute}
	})
	b.ReportAllocs()
	for b.Loop() {
		c := dial(b, srv.addr)
		s := startShell(b, c, "xterm-256color", nil)
		for !strings.Contains(s.out.String(), "ログイン") {
			if s.ended() {
				b.Fatalf("session ended: %v", s.err)
			}
			time.Sleep(200 * time.Microsecond)
		}
		c.Close()
		<-s.done
	}
}
