package core_test

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"mypage/store/pgtest"
	"mypage/store/storetest"
)

// TestSuiteOnPostgres runs this package's whole suite again on PostgreSQL, so
// that the one test command (go test ./...) checks core on both stores. The
// run is this test binary itself, with MYPAGE_TEST_STORE=postgres, on the
// server the tests here start (or MYPAGE_TEST_POSTGRES).
func TestSuiteOnPostgres(t *testing.T) {
	switch {
	case os.Getenv(storetest.EnvStore) != "":
		t.Skipf("%s=%s: this run is on one store", storetest.EnvStore, os.Getenv(storetest.EnvStore))
	case testing.Short():
		t.Skip("-short: the suite runs on bbolt only")
	}
	server := pgtest.ServerURL(t)
	ctx := context.Background()
	args := []string{"-test.run", ".", "-test.skip", "^TestSuiteOnPostgres$", "-test.count", "1"}
	if d, ok := t.Deadline(); ok {
		// Leave time to report before this binary's own timeout.
		left := time.Until(d) - 30*time.Second
		if left <= 0 {
			t.Fatal("no time left to run the suite on PostgreSQL")
		}
		args = append(args, "-test.timeout", left.String())
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-10*time.Second))
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Env = append(os.Environ(), storetest.EnvStore+"=postgres", pgtest.EnvURL+"="+server)
	pgtest.DieWithParent(cmd) // not left running when this binary is killed
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the core suite fails on PostgreSQL (%s=postgres go test ./core): %v\n%s", storetest.EnvStore, err, out)
	}
}
