package pgtest

import (
	"os/exec"
	"syscall"
)

// serverAttr runs the server as cred in a process group of its own. It ends
// with the test binary even when Main does not run (a test timeout, a kill):
// immediate shutdown, nothing to keep.
func serverAttr(cred *syscall.Credential) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT, Setpgid: true}
}

// DieWithParent has cmd's process killed when the test binary dies, so that a
// test killed in the middle leaves no child running.
func DieWithParent(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}
