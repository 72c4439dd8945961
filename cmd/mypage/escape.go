package main

import (
	"io"
	"strings"

	"github.com/spf13/cobra"

	"mypage/core"
)

// escapeWriter shows everything written through it as core.Escape does, line
// feeds and tabs kept: the commands repeat text the operator typed
// (a file name, a customer number, a flag) in their messages, and that text,
// like stored text, must not drive the operator's terminal or hide what it
// shows. The rule is core's (core.ForbiddenRune), applied once at the boundary.
// Escaping twice changes nothing, and valid JSON stays valid JSON: printJSON
// writes no character this escapes.
//
// Each Write is escaped on its own: a character split across two writes shows
// as the \xHH escapes of its bytes. The commands write whole lines.
type escapeWriter struct{ w io.Writer }

func (e escapeWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(e.w, escapeOutput(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// escapeOutput is core.Escape keeping the tabs too.
func escapeOutput(s string) string {
	if !strings.Contains(s, "\t") {
		return core.Escape(s)
	}
	parts := strings.Split(s, "\t")
	for i, p := range parts {
		parts[i] = core.Escape(p)
	}
	return strings.Join(parts, "\t")
}

// escapeCommandOutput routes the standard output and standard error of a
// command through escapeWriter, also when they were set on the root command
// (as the tests do). The portal's own screen is drawn on the terminal, not
// through these, and escapes stored text itself.
func escapeCommandOutput(cmd *cobra.Command) {
	if _, done := cmd.OutOrStdout().(escapeWriter); !done {
		cmd.SetOut(escapeWriter{cmd.OutOrStdout()})
	}
	if _, done := cmd.ErrOrStderr().(escapeWriter); !done {
		cmd.SetErr(escapeWriter{cmd.ErrOrStderr()})
	}
}

// maxShown is how many characters of a value the operator typed a message
// repeats: enough to recognise it, never a page of it.
const maxShown = 40

// shown is a value the operator typed (a flag, an argument) as a message
// repeats it: cut to maxShown characters with "…", then escaped on one line
// (core.EscapeLine), so that a huge or hostile value can neither flood the
// terminal nor drive it. The cut comes first, so it never splits an escape.
// A byte that is not UTF-8 counts as one character.
func shown(s string) string {
	n := 0
	for i := range s {
		if n == maxShown {
			return core.EscapeLine(s[:i]) + "…"
		}
		n++
	}
	return core.EscapeLine(s)
}

// quoted is shown in double quotes, as a message names a value it refuses.
func quoted(s string) string { return `"` + shown(s) + `"` }
