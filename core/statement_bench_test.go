package core_test

import (
	"testing"

	"mypage/core"
)

// BenchmarkStatement is one statement read of the demo's multi contract: the
// closed month from the store, with its collection.
func BenchmarkStatement(b *testing.B) {
	e := newEnv(b)
	logins, err := e.svc.BuildDemo(e.op)
	if err != nil {
		b.Fatal(err)
	}
	s, err := e.svc.Login(core.LoginCustomerNumber, logins[0].Login, logins[0].Password, "bench")
	if err != nil {
		b.Fatal(err)
	}
	closed := core.MonthOf(e.svc.Now()).Add(-1)
	open := core.MonthOf(e.svc.Now())
	b.Run("closed", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := e.svc.Statement(s.Principal, closed); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("open-estimate", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := e.svc.Statement(s.Principal, open); err != nil {
				b.Fatal(err)
			}
		}
	})
}
