package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"mypage/core"
	"mypage/store/pgtest"
	"mypage/store/postgres"
)

// envAsCommand makes the test binary run mypage's command line instead of the
// tests, so that a test can start real serve processes of the code under test.
const envAsCommand = "MYPAGE_TEST_AS_COMMAND"

// serveProcess is one `mypage serve` process of its own.
type serveProcess struct {
	addr   string
	stderr *buffer
}

var servingLine = regexp.MustCompile(`^mypage: serving .* on (127\.0\.0\.1:\d+)$`)

// startServe starts `mypage serve` on the database at url on a free local port
// and stops it (SIGTERM, then a kill) when the test ends. Every login comes
// from 127.0.0.1, so the per-address limits are lifted; the login lock is the
// test's: two failures of an ID lock it.
func startServe(t *testing.T, url string) *serveProcess {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, os.Args[0], "--db", url, "serve", "--addr", "127.0.0.1:0",
		"--host-key", filepath.Join(dir, "host_ed25519"), "--lock-after", "2", "--lock-after-id", "2",
		"--login-attempts", "1000/min", "--connect-rate", "1000/min", "--max-per-address", "0",
		"--idle", "0", "--shutdown-grace", "1s")
	cmd.Env = append(os.Environ(), envAsCommand+"=1", "XDG_DATA_HOME="+dir)
	pgtest.DieWithParent(cmd) // not left running when this binary is killed
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 5 * time.Second // then it is killed
	p := &serveProcess{stderr: &buffer{}}
	cmd.Stderr = p.stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		close(addr)
	}()
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		cancel()
		<-done
		if t.Failed() {
			t.Logf("serve %s:\n%s", p.addr, p.stderr)
		}
	})
	select {
	case a, ok := <-addr:
		if !ok {
			<-done
			t.Fatalf("serve ended before it served: %v\n%s", cmd.ProcessState, p.stderr)
		}
		p.addr = a
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not start:\n%s", p.stderr)
	}
	return p
}

// cursorMove is a cursor movement or an erasure: a line boundary of the screen.
var cursorMove = regexp.MustCompile(`\x1b\[[0-9;?]*[A-HJKf]`)

// screenText is what a session drew since byte from, without its escapes, one
// drawn line a line.
func screenText(s *shell, from int) string {
	out := s.out.String()
	if from > len(out) {
		from = len(out)
	}
	return strings.ReplaceAll(ansi.Strip(cursorMove.ReplaceAllString(out[from:], "\n")), "\r", "\n")
}

// lastLines is the end of text: its last n lines.
func lastLines(text string, n int) string {
	lines := strings.Split(text, "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// waitScreen waits until the session draws one of texts after byte from and returns it.
func waitScreen(t *testing.T, s *shell, from int, what string, texts ...string) string {
	t.Helper()
	var found string
	deadline := time.Now().Add(30 * time.Second)
	for {
		out := screenText(s, from)
		for _, x := range texts {
			if strings.Contains(out, x) {
				found = x
			}
		}
		if found != "" {
			return found
		}
		if s.ended() || time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s (%q); the session drew last:\n%s", what, texts, lastLines(screenText(s, 0), 40))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// press writes keys to the session and returns where its answer starts.
func press(t *testing.T, s *shell, keys string) int {
	t.Helper()
	from := s.out.Len()
	if _, err := io.WriteString(s.stdin, keys); err != nil {
		t.Fatal(err)
	}
	return from
}

const down = "\x1b[B"

// menuCursor is the menu's cursor line: the menu is the left column.
var menuCursor = regexp.MustCompile(`(?m)^> (\S[^│\n]*?)\s*│`)

// menuTo moves the menu's cursor down to item, a key at a time, reading where
// it went: a line that still shows the cursor where it was is a redraw of the
// screen from before the key.
func menuTo(t *testing.T, s *shell, item string) {
	t.Helper()
	cursorAt := func(from int) string {
		if m := menuCursor.FindAllStringSubmatch(screenText(s, from), -1); m != nil {
			return m[len(m)-1][1]
		}
		return ""
	}
	was := cursorAt(0)
	for range 60 {
		if was == item {
			return
		}
		from := press(t, s, down)
		waitFor(t, "the menu cursor to move", func() bool {
			at := cursorAt(from)
			if at != "" && at != was {
				was = at
				return true
			}
			return s.ended()
		})
	}
	t.Fatalf("no %s in the menu:\n%s", item, lastLines(screenText(s, 0), 40))
}

// pressAtOnce writes keys to every session at the same moment and returns
// where each one's answer starts.
func pressAtOnce(t *testing.T, shells []*shell, keys string) []int {
	t.Helper()
	from := make([]int, len(shells))
	for i, s := range shells {
		from[i] = s.out.Len()
	}
	var wg sync.WaitGroup
	gate := make(chan struct{})
	errs := make([]error, len(shells))
	for i, s := range shells {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-gate
			_, errs[i] = io.WriteString(s.stdin, keys)
		}()
	}
	close(gate)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return from
}

// confirmAtOnce presses Enter on every session's confirm screen at the same
// moment and counts the screens that answered done and those that answered
// refused (nothing else is an answer).
func confirmAtOnce(t *testing.T, shells []*shell, what, done, refused string) (int, int) {
	t.Helper()
	from := pressAtOnce(t, shells, "\r")
	won, lost := 0, 0
	for i, s := range shells {
		if waitScreen(t, s, from[i], what, done, refused) == done {
			won++
		} else {
			lost++
		}
	}
	return won, lost
}

// firstSlot is the calendar's line of the slot under the cursor.
var firstSlot = regexp.MustCompile(`(\d{4}/\d\d/\d\d)\(.\) (\d\d:00)～\d\d:00: 空きあり`)

// issue 13 point 4, with real processes: two `mypage serve` on one PostgreSQL
// database, each used over SSH as a member would, are one portal.
func TestFrontEndProcessesShareOneDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: two serve processes on PostgreSQL")
	}
	url := pgtest.URL(t)
	db, err := postgres.Open(context.Background(), url, postgres.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc := core.NewService(db, frontEndConfig())
	logins, err := svc.SeedDemo(core.Operator("test"))
	if err == nil {
		err = svc.MarkDemo(core.Operator("test")) // its clock may be moved
	}
	if err != nil {
		t.Fatal(err)
	}
	a, b := startServe(t, url), startServe(t, url)
	both := []*serveProcess{a, b}
	demo := func(kind, contractType string) core.DemoLogin {
		t.Helper()
		for _, l := range logins {
			if l.Kind == kind && strings.Contains(l.ContractType, contractType) {
				return l
			}
		}
		t.Fatalf("no %s login of %s in the demo", kind, contractType)
		return core.DemoLogin{}
	}
	principal := func(l core.DemoLogin) core.Principal {
		t.Helper()
		method := core.LoginAccountID
		if l.Kind == "holder" {
			method = core.LoginCustomerNumber
		}
		s, err := svc.Login(method, l.Login, l.Password, "test")
		if err != nil {
			t.Fatal(err)
		}
		return s.Principal
	}
	loggedIn := func(t *testing.T, p *serveProcess, l core.DemoLogin) *shell {
		t.Helper()
		s := openShell(t, dial(t, p.addr))
		if !sshLogin(t, s, l, l.Password) {
			t.Fatalf("%s was refused on %s:\n%s", l.Login, p.addr, screenText(s, 0))
		}
		return s
	}

	// The same procedure confirmed on both at once runs once. A confirm token
	// cannot travel from one SSH session to another: the token itself,
	// submitted through two services with pools of their own, is raced in
	// TestFrontEndsShareOneDatabase.
	t.Run("one account ID confirmed on both at once", func(t *testing.T) {
		holder := demo("holder", "マルチ")
		const id = "tw-proc-01"
		var shells []*shell
		for _, p := range both {
			s := loggedIn(t, p, holder)
			menuTo(t, s, "アカウントID管理")
			waitScreen(t, s, press(t, s, "\r"), "the account list", "[新規登録]")
			waitScreen(t, s, press(t, s, "n"), "the registration form", "アカウントID (必須)")
			from := press(t, s, id+down+"有光"+down+"杏"+down+"アリミツ"+down+"アン"+down+"あん"+down+"pw-for-twice-x9"+down+down+"\r")
			waitScreen(t, s, from, "the confirm screen", "[入力画面に戻る]")
			shells = append(shells, s)
		}
		done, refused := confirmAtOnce(t, shells, "the answer to the registration", "登録が完了しました", "このIDは使用できません")
		if done != 1 || refused != 1 {
			t.Fatalf("the registration completed on %d screen(s), was refused on %d", done, refused)
		}
		list, err := svc.ListAccounts(principal(holder))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, v := range list.Accounts {
			if v.ID == id {
				n++
			}
		}
		records, err := svc.Audit(operator, core.AuditFilter{Contract: holder.Login})
		if err != nil {
			t.Fatal(err)
		}
		ok := 0
		for _, r := range records {
			if r.Action == "account-register" && r.Target == id && r.Result == "ok" {
				ok++
			}
		}
		if n != 1 || ok != 1 {
			t.Fatalf("%d account(s) %s, %d registration(s) audited ok", n, id, ok)
		}
	})

	t.Run("mail address unique across both", func(t *testing.T) {
		// Setup: the LAN contract buys the mail service, so that its admin may take an address.
		lanHolder := principal(demo("holder", "LAN"))
		if _, err := svc.SetTransfer(lanHolder, svc.NewToken()); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.PurchaseOption(lanHolder, svc.NewToken(), "mailweb", ""); err != nil {
			t.Fatal(err)
		}
		var shells []*shell
		for i, l := range []core.DemoLogin{demo("admin", "LAN"), demo("admin", "マルチ")} {
			s := loggedIn(t, both[i], l)
			menuTo(t, s, "アカウントID管理")
			waitScreen(t, s, press(t, s, "\r"), "the account list", "[新規登録]")
			waitScreen(t, s, press(t, s, "m"), "the mail address form", "現在のメールアドレス")
			// The provider's address: its local part cleared and typed, the notes agreed to.
			from := press(t, s, down+"\x15shared"+down+down+" "+down+"\r")
			waitScreen(t, s, from, "the confirm screen", "[入力画面に戻る]")
			shells = append(shells, s)
		}
		done, taken := confirmAtOnce(t, shells, "the answer to the mail address", "登録/変更完了", "このメールアドレスは使用")
		if done != 1 || taken != 1 {
			t.Fatalf("the address was set on %d screen(s), refused as taken on %d", done, taken)
		}
	})

	t.Run("login throttle counts both", func(t *testing.T) {
		l := demo("admin", "LAN")
		// One wrong password on each process: two failures of the ID lock it.
		for i, p := range both {
			if sshLogin(t, openShell(t, dial(t, p.addr)), l, "wrong-password-"+string(rune('1'+i))) {
				t.Fatal("a wrong password logged in")
			}
		}
		for _, p := range []*serveProcess{b, a} {
			if sshLogin(t, openShell(t, dial(t, p.addr)), l, l.Password) {
				t.Fatalf("the right password logged in on %s after a failure on each process: each counted only its own", p.addr)
			}
		}
	})

	t.Run("notice posted with admin on both", func(t *testing.T) {
		var shells []*shell
		for _, p := range both {
			s := openShell(t, dial(t, p.addr))
			waitScreen(t, s, 0, "the login screen", "ログイン")
			shells = append(shells, s)
		}
		from := []int{shells[0].out.Len(), shells[1].out.Len()}
		body := filepath.Join(t.TempDir(), "body.txt")
		if err := os.WriteFile(body, []byte("一部地域でつながりにくくなっています。"), 0o600); err != nil {
			t.Fatal(err)
		}
		mustRun(t, "--db", url, "admin", "notice", "add", "--kind", "outage", "--title", "東京都の一部で通信障害", "--body-file", body)
		for i, s := range shells {
			waitScreen(t, s, from[i], "the notice on the open session", "東京都の一部で通信障害")
		}
	})

	t.Run("demo clock moves both", func(t *testing.T) {
		holder := demo("holder", "マルチ")
		var shells []*shell
		for _, p := range both {
			s := loggedIn(t, p, holder)
			if strings.Contains(screenText(s, 0), "デモ日付") {
				t.Fatal("the demo date is shown before the clock was moved")
			}
			shells = append(shells, s)
		}
		from := []int{shells[0].out.Len(), shells[1].out.Len()}
		mustRun(t, "--db", url, "admin", "clock", "advance", "1m")
		now, _, err := svc.Time()
		if err != nil {
			t.Fatal(err)
		}
		date := "デモ日付 " + now.In(core.JST).Format("2006/01/02")
		for i, s := range shells {
			waitScreen(t, s, from[i], "the moved demo date on the session already open", date)
		}
	})

	t.Run("callback slot capacity across both", func(t *testing.T) {
		// The clock at midnight: the calendar's first slot is the same for every session.
		now, _, err := svc.Time()
		if err != nil {
			t.Fatal(err)
		}
		day := now.In(core.JST).AddDate(0, 0, 1).Format("2006-01-02")
		mustRun(t, "--db", url, "admin", "clock", "set", day)
		var shells []*shell
		var slot []string // the cursor's slot: its text, day and hour
		for i := range 3 {
			cert, err := svc.CreateContract(operator, core.NewContract{Type: "ucom-me", Customer: testCustomer()})
			if err != nil {
				t.Fatal(err)
			}
			s := loggedIn(t, both[i%2], core.DemoLogin{Kind: "holder", Login: cert.Number, Password: cert.InitialPassword})
			menuTo(t, s, "コールバック予約")
			waitScreen(t, s, press(t, s, "\r"), "the topics", "> お支払いについて")
			from := press(t, s, "\r")
			waitScreen(t, s, from, "the calendar", "空きあり")
			m := firstSlot.FindStringSubmatch(screenText(s, from))
			if m == nil {
				t.Fatalf("no slot under the cursor:\n%s", screenText(s, from))
			}
			if slot == nil {
				slot = m
			} else if m[0] != slot[0] {
				t.Fatalf("the calendars start at different slots: %q and %q", slot, m)
			}
			waitScreen(t, s, press(t, s, "\r"), "the consent", "上記の内容に同意する")
			waitScreen(t, s, press(t, s, " "+down+"\r"), "the phone form", "お名前 (必須)")
			waitScreen(t, s, press(t, s, down+down+down+"\r"), "the confirm screen", "[予約する]")
			shells = append(shells, s)
		}
		booked, full := confirmAtOnce(t, shells, "the answer to the booking", "受け付けました", "満席になりました")
		if booked != 2 || full != 1 {
			t.Fatalf("%d bookings of a slot of two places on the screens, %d refused as full", booked, full)
		}
		start, err := time.ParseInLocation("2006/01/02 15:04", slot[1]+" "+slot[2], core.JST)
		if err != nil {
			t.Fatal(err)
		}
		list, err := svc.CallList(operator, start)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, c := range list {
			if c.Slot.Equal(start) {
				n++
			}
		}
		if n != 2 {
			t.Fatalf("the call list of %s holds %d bookings", start, n)
		}
	})
}
