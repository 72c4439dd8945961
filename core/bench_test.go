package core_test

import (
	"strconv"
	"testing"

	"mypage/core"
)

// BenchmarkLogin is one customer-number login with the production argon2id figures
// (m = 19 MiB, t = 2, p = 1): the hash check plus the throttle reset and audit commit.
func BenchmarkLogin(b *testing.B) {
	e := newEnvWith(b, core.Config{})
	cert, err := e.svc.CreateContract(e.op, core.NewContract{Type: "spaaqs-lan", Customer: customer()})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.svc.Login(core.LoginCustomerNumber, cert.Number, cert.InitialPassword, "bench"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProcedureCommit is one customer information change on the real bbolt file:
// token, permission check, contract write, completion mail and audit in one transaction.
// Cheap hash figures, so the store dominates.
func BenchmarkProcedureCommit(b *testing.B) {
	e := newEnv(b)
	_, holder := e.newContract(b, "spaaqs-multi")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := core.CustomerForm{Phone: "03-1234-5678", ContactMail: "ichiro.suzuki@example.jp",
			Occupation: "employee", Household: strconv.Itoa(i % 20)}
		if _, err := e.svc.UpdateCustomerInfo(holder, e.svc.NewToken(), f); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkContractInfo is one read of the contract summary (a read transaction).
func BenchmarkContractInfo(b *testing.B) {
	e := newEnv(b)
	d := e.seedDemo(b)
	holder := e.holderOf(b, d.holder["spaaqs-multi"])
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.svc.ContractInfo(holder); err != nil {
			b.Fatal(err)
		}
	}
}
