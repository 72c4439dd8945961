package core_test

import (
	"strings"
	"testing"

	"mypage/core"
)

// The account ID procedures say which completion mail they sent and where, so
// that the screen names it; the subject of the mail in the outbox is that one.
func TestAccountProceduresReportTheirMail(t *testing.T) {
	e := newEnv(t)
	_, holder := e.newContract(t, "spaaqs-multi")
	contact := customer().ContactMail
	tests := []struct {
		name    string
		do      func() (string, core.Notice, error)
		want    core.Notice
		subject string
	}{
		{"register", func() (string, core.Notice, error) {
			v, err := e.svc.RegisterAccount(holder, e.svc.NewToken(), accountForm("suzuki-ichiro", core.PermUser))
			return v.MailedTo, v.Mailed, err
		}, core.NoticeAccountRegister, "アカウントID登録完了のお知らせ"},
		{"change", func() (string, core.Notice, error) {
			f := accountForm("suzuki-ichiro", core.PermUser)
			f.UserName, f.Password = "いちろう", "" // the password is kept
			v, err := e.svc.UpdateAccount(holder, e.svc.NewToken(), f)
			return v.MailedTo, v.Mailed, err
		}, core.NoticeAccountChange, "アカウントID登録情報変更のお知らせ"},
		{"delete", func() (string, core.Notice, error) {
			m, err := e.svc.DeleteAccountMailed(holder, e.svc.NewToken(), "suzuki-ichiro")
			return m.To, m.Kind, err
		}, core.NoticeAccountDelete, "アカウントID削除完了のお知らせ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			to, kind, err := tt.do()
			if err != nil {
				t.Fatal(err)
			}
			if kind != tt.want || to != contact {
				t.Errorf("mailed %q to %q, want %q to %q", kind, to, tt.want, contact)
			}
			box := e.outbox(t)
			last := box[len(box)-1]
			if last.To != to || !strings.Contains(last.Subject, tt.subject) {
				t.Errorf("outbox has %q to %q", last.Subject, last.To)
			}
		})
	}
}
