package pgtest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// recorder is a test that ServerURL skips or fails.
type recorder struct {
	testing.TB
	skipped, failed bool
	msg             string
}

func (r *recorder) Helper() {}
func (r *recorder) Skipf(format string, args ...any) {
	r.skipped, r.msg = true, fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed, r.msg = true, fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// reset forgets the server, as a new test binary starts.
func reset(glob string) {
	Stop()
	mu.Lock()
	defer mu.Unlock()
	started, base, failure, missing, binGlob = false, "", nil, false, glob
}

func TestNotInstalled(t *testing.T) {
	old := binGlob
	t.Cleanup(func() { reset(old) })
	for _, ci := range []string{"", "false", "true"} {
		reset(filepath.Join(t.TempDir(), "*", "bin"))
		t.Setenv("PATH", t.TempDir())
		t.Setenv(EnvURL, "")
		t.Setenv("CI", ci)
		r := &recorder{TB: t}
		done := make(chan struct{})
		go func() {
			defer close(done)
			ServerURL(r)
		}()
		<-done
		if ci == "true" && (!r.failed || r.skipped) {
			t.Errorf("CI=true without PostgreSQL: skipped %v, failed %v; want a failure", r.skipped, r.failed)
		}
		if ci != "true" && (!r.skipped || r.failed) {
			t.Errorf("CI=%q without PostgreSQL: skipped %v, failed %v; want a skip", ci, r.skipped, r.failed)
		}
		if !strings.Contains(r.msg, "apt-get install postgresql") || !strings.Contains(r.msg, EnvURL+"=postgres://") {
			t.Errorf("the message does not say how to enable the tests: %s", r.msg)
		}
	}
}

// A directory left by a killed test binary is removed by the next one; one
// whose server still runs, or one just made by a binary setting up, stays.
func TestSweepStale(t *testing.T) {
	base := t.TempDir()
	now := time.Now()
	mk := func(name string, age time.Duration, pid int) string {
		dir := filepath.Join(base, dirPattern+name)
		if err := os.MkdirAll(filepath.Join(dir, "data"), 0o700); err != nil {
			t.Fatal(err)
		}
		if pid > 0 {
			if err := os.WriteFile(filepath.Join(dir, "data", "postmaster.pid"), []byte(strconv.Itoa(pid)+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chtimes(dir, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	killed := mk("killed", time.Hour, 0)
	gone := mk("gone", time.Hour, 1<<22+7) // a PID no process has
	running := mk("running", time.Hour, os.Getpid())
	fresh := mk("fresh", time.Second, 0)
	other := filepath.Join(base, "other")
	if err := os.Mkdir(other, 0o700); err != nil {
		t.Fatal(err)
	}
	sweepStale(base, now)
	for dir, stays := range map[string]bool{killed: false, gone: false, running: true, fresh: true, other: true} {
		if _, err := os.Stat(dir); (err == nil) != stays {
			t.Errorf("%s: stays %v, want %v", filepath.Base(dir), err == nil, stays)
		}
	}
}
