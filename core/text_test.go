package core_test

import (
	"strings"
	"testing"

	"mypage/core"
)

// hostile are texts the free-text rule refuses (SPEC §11.5), each with the
// problem it is refused with.
var hostile = []struct {
	name, text, code string
}{
	{"terminal escapes", "Tokyo\x1b[2J\x1b]0;pwn\x07", core.ProblemFormat},
	{"right-to-left override", "山田\u202e太郎", core.ProblemFormat},
	{"bidi isolate", "\u2066山田\u2069", core.ProblemFormat},
	{"left-to-right embedding", "\u202a山田", core.ProblemFormat},
	{"C1 control", "山田\u009b2J", core.ProblemFormat},
	{"DEL", "山田\x7f", core.ProblemFormat},
	{"carriage return", "山田\r太郎", core.ProblemFormat},
	{"line feed", "東京都\n港区", core.ProblemFormat},
	{"tab", "山田\t太郎", core.ProblemFormat},
	{"NUL", "山\x00田", core.ProblemFormat},
	{"not UTF-8", "山田\xff", core.ProblemFormat},
	// Invisible format characters (Unicode category Cf) and the line and
	// paragraph separators (Zl, Zp): they hide, reorder or break what is shown.
	{"zero-width space U+200B", "山田\u200b太郎", core.ProblemFormat},
	{"zero-width non-joiner U+200C", "山田\u200c太郎", core.ProblemFormat},
	{"zero-width joiner U+200D", "山田\u200d太郎", core.ProblemFormat},
	{"left-to-right mark U+200E", "山田\u200e太郎", core.ProblemFormat},
	{"right-to-left mark U+200F", "山田\u200f太郎", core.ProblemFormat},
	{"Arabic letter mark U+061C", "山田\u061c太郎", core.ProblemFormat},
	{"byte order mark U+FEFF", "\ufeff山田", core.ProblemFormat},
	{"tag character U+E0041", "山田\U000e0041", core.ProblemFormat},
	{"line separator U+2028", "東京都\u2028港区", core.ProblemFormat},
	{"paragraph separator U+2029", "東京都\u2029港区", core.ProblemFormat},
	{"interlinear annotation anchor U+FFF9", "山田\ufff9太郎", core.ProblemFormat},
	{"interlinear annotation separator U+FFFA", "山田\ufffa太郎", core.ProblemFormat},
	{"interlinear annotation terminator U+FFFB", "山田\ufffb太郎", core.ProblemFormat},
	{"Arabic number sign U+0600", "\u0600山田", core.ProblemFormat},
	{"Mongolian vowel separator U+180E", "山田\u180e太郎", core.ProblemFormat},
	{"function application U+2061", "山田\u2061太郎", core.ProblemFormat},
	{"soft hyphen U+00AD", "山田\u00ad太郎", core.ProblemFormat},
	{"100,000 characters", strings.Repeat("あ", 100000), core.ProblemLength},
}

// Every source of free text applies the rule with a field problem naming the field.
func TestFreeTextRefused(t *testing.T) {
	f := newOptFix(t)
	f.setProvider(t, f.admin, anID, "arteri")
	sources := []struct {
		field string
		try   func(text string) error
	}{
		{core.FieldAddress, func(s string) error {
			c := customer()
			c.Address = s
			_, err := f.svc.CreateContract(f.op, core.NewContract{Type: "spaaqs-multi", Customer: c})
			return err
		}},
		{core.FieldLastName, func(s string) error {
			c := customer()
			c.LastName = s
			_, err := f.svc.CreateContract(f.op, core.NewContract{Type: "spaaqs-multi", Customer: c})
			return err
		}},
		{core.FieldFirstName, func(s string) error {
			c := customer()
			c.FirstName = s
			_, err := f.svc.CreateContract(f.op, core.NewContract{Type: "spaaqs-multi", Customer: c})
			return err
		}},
		{core.FieldContactMail, func(s string) error {
			c := customer()
			c.ContactMail = "taro" + s + "@example.jp"
			_, err := f.svc.CreateContract(f.op, core.NewContract{Type: "spaaqs-multi", Customer: c})
			return err
		}},
		{core.FieldContactMail, func(s string) error {
			_, err := f.svc.UpdateCustomerInfo(f.holder, f.svc.NewToken(), core.CustomerForm{Phone: "03-1234-5678",
				ContactMail: "taro" + s + "@example.jp", Occupation: "other", Household: "1"})
			return err
		}},
		{core.FieldPhone, func(s string) error {
			_, err := f.svc.UpdateCustomerInfo(f.holder, f.svc.NewToken(), core.CustomerForm{Phone: "03-1234-5678" + s,
				Occupation: "other", Household: "1"})
			return err
		}},
		{core.FieldLastName, func(s string) error {
			form := accountForm("text-check-01", core.PermUser)
			form.LastName = s
			_, err := f.svc.RegisterAccount(f.holder, f.svc.NewToken(), form)
			return err
		}},
		{core.FieldUserName, func(s string) error {
			form := accountForm("text-check-01", core.PermUser)
			form.UserName = s
			_, err := f.svc.RegisterAccount(f.holder, f.svc.NewToken(), form)
			return err
		}},
		{core.FieldUserName, func(s string) error {
			a, err := f.svc.Account(f.holder, koID)
			if err != nil {
				return err
			}
			form := formOf(a)
			form.UserName = s
			_, err = f.svc.UpdateAccount(f.holder, f.svc.NewToken(), form)
			return err
		}},
		{core.FieldReplyText, func(s string) error {
			return f.svc.SetAutoReply(f.admin, f.svc.NewToken(), anID, core.AutoReply{On: true, Message: "不在です" + s})
		}},
		{core.FieldForwardTo, func(s string) error {
			return f.svc.SetForward(f.admin, f.svc.NewToken(), anID, core.Forward{To: "taro" + s + "@example.jp"})
		}},
	}
	for _, src := range sources {
		for _, h := range hostile {
			t.Run(src.field+"/"+h.name, func(t *testing.T) {
				err := src.try(h.text)
				if core.FieldProblems(err) == nil {
					t.Fatalf("accepted: %v", err)
				}
				if got := core.FieldProblems(err)[src.field]; got == "" {
					t.Fatalf("problems %v do not name %s", core.FieldProblems(err), src.field)
				}
			})
		}
	}
	// The names, the address and the auto-reply keep what they accept.
	wantProblem(t, f.svc.SetAutoReply(f.admin, f.svc.NewToken(), anID,
		core.AutoReply{On: true, Message: strings.Repeat("あ", core.TextLimit(core.FieldReplyText)+1)}), core.FieldReplyText, core.ProblemLength)
	if err := f.svc.SetAutoReply(f.admin, f.svc.NewToken(), anID,
		core.AutoReply{On: true, Message: strings.Repeat("あ", core.TextLimit(core.FieldReplyText))}); err != nil {
		t.Errorf("a message at the limit: %v", err)
	}
	c := customer()
	c.Address = strings.Repeat("東", core.TextLimit(core.FieldAddress))
	if _, err := f.svc.CreateContract(f.op, core.NewContract{Type: "spaaqs-multi", Customer: c}); err != nil {
		t.Errorf("an address at the limit: %v", err)
	}
	c.Address += "東"
	_, err := f.svc.CreateContract(f.op, core.NewContract{Type: "spaaqs-multi", Customer: c})
	wantProblem(t, err, core.FieldAddress, core.ProblemLength)
}

// Escape shows what could drive a terminal and leaves everything else alone.
func TestEscape(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"東京都港区芝公園4-2-8", "東京都港区芝公園4-2-8"},
		{"Tokyo\x1b[2J\x1b]0;pwn\x07", `Tokyo\x1b[2J\x1b]0;pwn\x07`},
		{"山田\u202e太郎", `山田\u202e太郎`},
		{"\u2066x\u2069", `\u2066x\u2069`},
		{"a\u009bb", `a\u009bb`},
		{"a\x7fb\x00", `a\x7fb\x00`},
		{"a\rb\tc", `a\x0db\x09c`},
		{"two\nlines", "two\nlines"},
		{"bad \xff byte", `bad \xff byte`},
		{"a\u200bb", `a\u200bb`},
		{"a\u200cb\u200db", `a\u200cb\u200db`},
		{"\u200eab\u200f", `\u200eab\u200f`},
		{"a\u061cb", `a\u061cb`},
		{"\ufeffa", `\ufeffa`},
		{"a\U000e0041b", `a\U000e0041b`},
		{"a\u2028b\u2029c", `a\u2028b\u2029c`},
		{"\ufff9a\ufffab\ufffb", `\ufff9a\ufffab\ufffb`},
		{"\u0600a", `\u0600a`},
		{"a\u180eb", `a\u180eb`},
		{"f\u2061x", `f\u2061x`},
		{"a\u00adb", `a\u00adb`},
		// A variation selector picks a kanji's form in a name (Mn, not Cf): kept.
		{"葛\U000e0100城", "葛\U000e0100城"},
		{`back\slash`, `back\slash`},
		{"", ""},
	} {
		got := core.Escape(tt.in)
		if got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := core.Escape(got); again != got {
			t.Errorf("Escape(Escape(%q)) = %q", tt.in, again)
		}
	}
	if got := core.EscapeLine("two\nlines\x1b"); got != `two\nlines\x1b` {
		t.Errorf("EscapeLine = %q", got)
	}
}

// Half-width katakana reach a screen widened, their sound marks joined to the
// kana before them: a terminal gives a half-width mark a cell that width
// measurement does not count.
func TestWidenKana(t *testing.T) {
	for in, want := range map[string]string{
		"ﾊﾟｽﾜｰﾄﾞ":         "パスワード",
		"ﾒｰﾙｻｰﾊﾞｰﾀﾞｳﾝ 復旧": "メールサーバーダウン 復旧",
		"ｽｽﾞｷ ｲﾁﾛｳ":       "スズキ イチロウ",
		"no kana, 全角カナ":   "no kana, 全角カナ",
	} {
		if got := core.WidenKana(in); got != want {
			t.Errorf("WidenKana(%q) = %q, want %q", in, got, want)
		}
		if got := core.Escape(in); got != want || core.Escape(got) != got {
			t.Errorf("Escape(%q) = %q, want %q (and unchanged once escaped)", in, got, want)
		}
	}
}
