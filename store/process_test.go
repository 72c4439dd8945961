package store_test

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"mypage/core"
	"mypage/store"
)

var crashKills = flag.Int("crash.kills", 20, "how many times TestCrashSafety kills its child (e.g. 500 for a long run)")

// Environment of the helper processes the tests start by running this test binary again.
const (
	helperEnv   = "MYPAGE_STORE_HELPER"
	helperDBEnv = "MYPAGE_STORE_HELPER_DB"
)

// helper starts this test binary as a child running TestHelperProcess as role.
// Its stdout lines arrive on the returned channel, which closes when it exits;
// only complete lines are sent.
func helper(t *testing.T, role, path string) (*exec.Cmd, io.WriteCloser, <-chan string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), helperEnv+"="+role, helperDBEnv+"="+path)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1024)
	go func() {
		defer close(lines)
		r := bufio.NewReader(stdout)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return // a line cut by a kill is not complete: it does not count
			}
			lines <- strings.TrimSuffix(line, "\n")
		}
	}()
	return cmd, stdin, lines
}

// TestHelperProcess is not a test: it is the child process of the tests below.
func TestHelperProcess(t *testing.T) {
	role := os.Getenv(helperEnv)
	if role == "" {
		t.Skip("runs only as the child of another test")
	}
	path := os.Getenv(helperDBEnv)
	var err error
	switch role {
	case "portal":
		err = busyPortal(path)
	case "crash":
		err = registerForever(path)
	default:
		err = fmt.Errorf("unknown role %q", role)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// busyPortal runs transactions continuously from 50 goroutines, as a portal with 50
// busy sessions, until stdin closes; it then prints how many ran and failed.
func busyPortal(path string) error {
	db, err := store.Open(path, store.DefaultOptions)
	if err != nil {
		return err
	}
	defer db.Close()
	var done, busy, failed atomic.Int64
	var firstErr atomic.Value
	stop := make(chan struct{})
	var ready sync.Once
	var wg sync.WaitGroup
	for g := 0; g < 50; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				key := fmt.Sprintf("session-%02d", g)
				var err error
				if i%2 == 0 {
					err = db.Update(func(tx core.Tx) error { return tx.Put("settings", key, i) })
				} else {
					var v int
					err = db.View(func(tx core.Tx) error { return tx.Get("settings", key, &v) })
				}
				switch {
				case err == nil:
					done.Add(1)
					ready.Do(func() { fmt.Println("ready") })
				case errors.Is(err, core.ErrBusy):
					busy.Add(1)
				default:
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
				}
			}
		}(g)
	}
	_, _ = io.Copy(io.Discard, os.Stdin)
	close(stop)
	wg.Wait()
	fmt.Printf("transactions %d busy %d failed %d\n", done.Load(), busy.Load(), failed.Load())
	if e := firstErr.Load(); e != nil {
		return errors.New(e.(string))
	}
	return nil
}

// registerForever opens contracts from 4 goroutines and prints "done NUMBER" after
// each procedure returned, until it is killed.
func registerForever(path string) error {
	db, err := store.Open(path, store.DefaultOptions)
	if err != nil {
		return err
	}
	svc := service(db)
	errs := make(chan error, 4)
	for g := 0; g < 4; g++ {
		go func() {
			for {
				cert, err := svc.CreateContract(op, core.NewContract{Type: "spaaqs-lan", Customer: demoCustomer()})
				if err != nil {
					errs <- err
					return
				}
				fmt.Printf("done %s\n", cert.Number)
			}
		}()
	}
	return <-errs
}

// issue 7 point 6: an admin command gets the database within 2 s while a portal process
// runs transactions continuously from 50 sessions; the portal goes on afterwards. The
// hand-off latencies are logged (go test -v) as measurements.
func TestAdminGetsTheFileFromABusyPortal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mypage.db")
	if err := open(t, path, store.Options{}).Close(); err != nil {
		t.Fatal(err)
	}
	cmd, stdin, lines := helper(t, "portal", path)
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	if line := <-lines; line != "ready" {
		t.Fatalf("the portal did not start: %q", line)
	}
	var worst time.Duration
	for i := 0; i < 5; i++ {
		time.Sleep(50 * time.Millisecond) // the portal has the file again
		start := time.Now()
		db, err := store.Open(path, store.Options{LockTimeout: 10 * time.Second})
		if err != nil {
			t.Fatalf("admin open #%d: %v", i+1, err)
		}
		err = db.Update(func(tx core.Tx) error { return tx.Put("settings", fmt.Sprintf("admin-%d", i), i) })
		elapsed := time.Since(start)
		if cerr := db.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatalf("admin update #%d: %v", i+1, err)
		}
		t.Logf("admin open and update #%d: %v", i+1, elapsed)
		worst = max(worst, elapsed)
	}
	// The requirement of the issue: the admin command gets the database within 2 s.
	if worst > 2*time.Second {
		t.Errorf("an admin command waited %v for the file of a busy portal, want at most 2 s", worst)
	}
	if err := stdin.Close(); err != nil {
		t.Fatal(err)
	}
	var summary string
	for line := range lines {
		summary = line
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the portal failed: %v (%s)", err, summary)
	}
	t.Logf("portal: %s", summary)
	var n, busy, failed int
	if _, err := fmt.Sscanf(summary, "transactions %d busy %d failed %d", &n, &busy, &failed); err != nil || n == 0 || failed > 0 {
		t.Fatalf("portal summary %q", summary)
	}
}

// issue 7: crash safety. A child process opens contracts through core.Service over the
// real store and is killed with SIGKILL at random moments; after each kill every
// contract it reported done is in the file and the file checks clean. Long run:
// go test ./store -run TestCrashSafety -crash.kills=500.
func TestCrashSafety(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mypage.db")
	if err := open(t, path, store.Options{}).Close(); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewSource(time.Now().UnixNano()))
	var done []string
	for k := 0; k < *crashKills; k++ {
		cmd, _, lines := helper(t, "crash", path)
		first := true
		timer := time.NewTimer(10 * time.Second)
		for line := range lines {
			number, ok := strings.CutPrefix(line, "done ")
			if !ok {
				t.Fatalf("child said %q", line)
			}
			done = append(done, number)
			if first {
				first = false
				timer.Reset(time.Duration(r.Intn(40)) * time.Millisecond)
				go func(timer *time.Timer) {
					<-timer.C
					_ = cmd.Process.Signal(syscall.SIGKILL)
				}(timer)
			}
		}
		err := cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("kill #%d: the child ended with %v, not by the kill", k+1, err)
		}

		db := open(t, path, store.Options{ReadOnly: true})
		svc := service(db)
		for _, n := range done {
			if _, err := svc.ShowContract(op, n); err != nil {
				t.Fatalf("after kill #%d: contract %s reported done is missing: %v", k+1, n, err)
			}
		}
		rep, err := db.Check()
		if err != nil || len(rep.Problems) > 0 {
			t.Fatalf("after kill #%d the file does not check clean: %v %q", k+1, err, rep.Problems)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d kills, %d contracts reported done, all in the file", *crashKills, len(done))
}

// Close does not return while a transaction of this DB is still opening the
// file: that opener gives up and is done by then, so that nothing of a closed
// DB touches the file afterwards (the directory of a test is removed at once,
// and an opener left behind could create the file again in it).
func TestCloseEndsAnOpenerWaiting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	// The waiter lets the file go when idle; the holder then keeps it, as a
	// process that runs no transaction does not hand it over.
	waiter, err := store.Open(path, store.Options{IdleClose: 10 * time.Millisecond}) // waits without limit
	if err != nil {
		t.Fatal(err)
	}
	holder, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	done := make(chan error, 1)
	go func() { done <- waiter.View(func(core.Tx) error { return nil }) }()
	time.Sleep(50 * time.Millisecond) // the view is waiting for the file
	if err := waiter.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err == nil {
			t.Error("a view of a closed DB ran")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the view still waits for the file after Close")
	}
}
