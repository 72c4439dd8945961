package core_test

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// SPEC §2: core imports no UI and no bbolt; it declares the storage interface it needs.
func TestCoreImportsNoUIAndNoBolt(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	out, err := exec.Command(goTool, "list", "-deps", "mypage/core").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps mypage/core: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	seen := map[string]bool{}
	for _, d := range deps {
		seen[d] = true
		for _, banned := range []string{"charmbracelet", "go.etcd.io/bbolt", "mypage/store", "mypage/tui"} {
			if strings.Contains(d, banned) {
				t.Errorf("core depends on %s", d)
			}
		}
	}
	// The listing is real: core itself and its password hashing are in it.
	for _, want := range []string{"mypage/core", "golang.org/x/crypto/argon2"} {
		if !seen[want] {
			t.Errorf("go list -deps mypage/core does not list %s:\n%s", want, out)
		}
	}
}
