//go:build !linux

package pgtest

import (
	"os/exec"
	"syscall"
)

// serverAttr runs the server as cred in a process group of its own; only
// Linux can end it with the test binary, elsewhere Main stops it.
func serverAttr(cred *syscall.Credential) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Credential: cred, Setpgid: true}
}

// DieWithParent: only Linux can have a child killed with its parent;
// elsewhere the test's cleanup stops it.
func DieWithParent(*exec.Cmd) {}
