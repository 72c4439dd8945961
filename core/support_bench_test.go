package core_test

import (
	"fmt"
	"testing"

	"mypage/core"
)

// The histories of one contract among many: 50,000 tickets and requests of
// other contracts are stored, the contract itself has a few.
func supportHistoryEnv(b *testing.B) (*env, core.Principal) {
	e := newEnv(b)
	_, holder := e.newContract(b, "ucom-me")
	for i := 0; i < 3; i++ {
		if _, err := e.svc.SubmitInquiry(holder, e.svc.NewToken(), inquiry("own")); err != nil {
			b.Fatal(err)
		}
		if _, err := e.svc.SubmitRequest(holder, e.svc.NewToken(), guide("terms")); err != nil {
			b.Fatal(err)
		}
	}
	err := e.db.Update(func(tx core.Tx) error {
		for i := 0; i < 50000; i++ {
			contract := fmt.Sprintf("9%08d", i%5000)
			tn := fmt.Sprintf("IQ20260101-%06d", i)
			if err := tx.Put("tickets", contract+"/"+tn, core.Ticket{Number: tn, Contract: contract, Author: "holder:" + contract,
				Content: "あいうえおかきくけこ", State: core.TicketReceived}); err != nil {
				return err
			}
			rn := fmt.Sprintf("RQ20260101-%06d", i)
			if err := tx.Put("requests", contract+"/"+rn, core.Request{Number: rn, Kind: core.RequestGuide, Contract: contract,
				State: core.RequestDone}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return e, holder
}

func BenchmarkTicketHistory(b *testing.B) {
	e, holder := supportHistoryEnv(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if list, err := e.svc.Tickets(holder); err != nil || len(list) != 3 {
			b.Fatal(list, err)
		}
	}
}

func BenchmarkRequestHistory(b *testing.B) {
	e, holder := supportHistoryEnv(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if list, err := e.svc.Requests(holder); err != nil || len(list) != 3 {
			b.Fatal(list, err)
		}
	}
}

// RequestForm counts the contract's waiting requests.
func BenchmarkRequestOpenCount(b *testing.B) {
	e, holder := supportHistoryEnv(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.svc.RequestForm(holder); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCallbackCalendar reads the booking calendar of one login with
// 50,000 bookings of 5,000 other contracts stored (the slots they took are
// long past).
func BenchmarkCallbackCalendar(b *testing.B) {
	e := newEnv(b)
	_, holder := e.newContract(b, "ucom-me")
	err := e.db.Update(func(tx core.Tx) error {
		for i := 0; i < 50000; i++ {
			contract := fmt.Sprintf("9%08d", i%5000)
			n := fmt.Sprintf("CB20250101-%06d", i)
			if err := tx.Put("callbacks", contract+"/"+n, core.Callback{Number: n, Contract: contract, Login: "holder:" + contract,
				Slot: callbackSlot.AddDate(-1, 0, 0), State: core.CallbackBooked}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.svc.CallbackStart(holder); err != nil {
			b.Fatal(err)
		}
	}
}
