package main

import (
	"io"
	"strings"
	"testing"

	"mypage/core"
)

// An SSH session of a contract ends at once when the contract withdraws its
// membership in another session: the login screen says why, without a key
// pressed. A connection that drops leaves no watch behind in the service.
func TestSSHSessionEndsOnWithdrawal(t *testing.T) {
	srv := startPortal(t, nil)
	op := core.Operator("test")
	cert, err := srv.svc.CreateContract(op, core.NewContract{Type: "ucom-me", Customer: core.Customer{
		LastName: "鈴木", FirstName: "一郎", LastKana: "スズキ", FirstKana: "イチロウ", RomajiLast: "SUZUKI", RomajiFirst: "ICHIRO",
		BirthDate: "1980-01-15", Gender: "male", Address: "東京都港区芝公園4-2-8", Occupation: "employee", Household: 2,
		Phone: "03-1234-5678", ContactMail: "ichiro.suzuki@example.jp"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.svc.CancelLine(op, cert.Number, srv.svc.Now()); err != nil {
		t.Fatal(err)
	}
	if err := srv.svc.MarkDemo(op); err != nil {
		t.Fatal(err)
	}
	if _, _, err := srv.svc.AdvanceClock(op, 0, 1); err != nil { // the line has ended
		t.Fatal(err)
	}
	login := func(s *shell) {
		t.Helper()
		waitFor(t, "a login screen", func() bool { return strings.Contains(s.out.String(), "ログイン") || s.ended() })
		if _, err := io.WriteString(s.stdin, cert.Number+"\r"+cert.InitialPassword+"\r"); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the portal after the login", func() bool { return strings.Contains(s.out.String(), "ログアウト") || s.ended() })
	}
	s := openShell(t, dial(t, srv.addr))
	login(s)
	dropped := dial(t, srv.addr)
	login(openShell(t, dropped))
	if n := srv.svc.EndWatches(); n != 2 {
		t.Fatalf("%d end watches for two sessions", n)
	}
	dropped.Close()
	waitFor(t, "the dropped connection's watch to go", func() bool { return srv.svc.EndWatches() == 1 })

	holder, err := srv.svc.Login(core.LoginCustomerNumber, cert.Number, cert.InitialPassword, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.svc.Withdraw(holder.Principal, srv.svc.NewToken(), true); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the SSH session to be logged out", func() bool {
		return strings.Contains(s.out.String(), "退会手続きが完了したため") || s.ended()
	})
	if s.ended() {
		t.Fatalf("the connection ended instead of returning to the login screen: %v", s.err)
	}
	if n := srv.svc.EndWatches(); n != 0 {
		t.Errorf("%d end watches left", n)
	}
}
