package pgtest

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
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
