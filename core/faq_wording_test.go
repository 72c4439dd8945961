package core_test

import (
	"strings"
	"testing"

	"mypage/core"
)

// The FAQ says what the screens do: the notices are read before a login with
// F3 on the login screen (SPEC §4.3), and the form of a move goes to the new
// address, chosen as その他の住所 (seed 003 ご契約内容変更申請).
func TestFAQSaysWhatTheScreensDo(t *testing.T) {
	for _, tc := range []struct {
		name, question string
		want, wantEn   []string
	}{
		{"SPEC §4.3: outage and maintenance notices for all, also before login", "障害やメンテナンス",
			[]string{"F3"}, []string{"F3"}},
		{"seed 003: the form of a move is sent to the new address", "転居",
			[]string{"その他の住所"}, []string{"Another address"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			found := false
			for _, f := range core.DefaultCatalog().FAQ {
				if !strings.Contains(f.Question, tc.question) {
					continue
				}
				found = true
				for _, w := range tc.want {
					if !strings.Contains(f.Answer, w) {
						t.Errorf("%s: no %q in %s", f.Question, w, f.Answer)
					}
				}
				for _, w := range tc.wantEn {
					if !strings.Contains(f.AnswerEn, w) {
						t.Errorf("%s: no %q in %s", f.QuestionEn, w, f.AnswerEn)
					}
				}
			}
			if !found {
				t.Fatalf("no question with %s", tc.question)
			}
		})
	}
}
