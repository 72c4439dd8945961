package main

import (
	"testing"

	"github.com/muesli/termenv"
)

func TestSSHProfile(t *testing.T) {
	for _, c := range []struct {
		name    string
		environ []string
		term    string
		want    termenv.Profile
	}{
		{"nothing announced", nil, "", termenv.ANSI256},
		{"xterm", nil, "xterm", termenv.ANSI256},
		{"xterm-256color", nil, "xterm-256color", termenv.ANSI256},
		{"screen", []string{"LANG=ja_JP.UTF-8"}, "screen", termenv.ANSI256},
		{"NO_COLOR", []string{"NO_COLOR=1"}, "xterm-256color", termenv.Ascii},
		{"NO_COLOR any value", []string{"NO_COLOR=false"}, "xterm-256color", termenv.Ascii},
		{"NO_COLOR empty is not set", []string{"NO_COLOR="}, "xterm-256color", termenv.ANSI256},
		{"NO_COLOR beats truecolor", []string{"COLORTERM=truecolor", "NO_COLOR=yes"}, "xterm-256color", termenv.Ascii},
		{"dumb", nil, "dumb", termenv.Ascii},
		{"dumb in capitals", nil, "DUMB", termenv.Ascii},
		{"vt100", nil, "vt100", termenv.Ascii},
		{"vt220", nil, "vt220", termenv.Ascii},
		{"unknown", nil, "unknown", termenv.Ascii},
		{"dumb from the environment", []string{"TERM=dumb"}, "", termenv.Ascii},
		{"PTY term wins over the environment", []string{"TERM=dumb"}, "xterm", termenv.ANSI256},
		{"truecolor", []string{"COLORTERM=truecolor"}, "xterm-256color", termenv.TrueColor},
		{"24bit", []string{"COLORTERM=24bit"}, "xterm", termenv.TrueColor},
		{"COLORTERM other", []string{"COLORTERM=yes"}, "xterm", termenv.ANSI256},
		{"kitty", nil, "xterm-kitty", termenv.TrueColor},
		{"direct", nil, "xterm-direct", termenv.TrueColor},
		{"linux console", nil, "linux", termenv.ANSI},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := sshProfile(c.environ, c.term); got != c.want {
				t.Errorf("sshProfile(%q, %q) = %v, want %v", c.environ, c.term, got, c.want)
			}
		})
	}
}

func TestLocalProfile(t *testing.T) {
	for _, c := range []struct {
		name     string
		env      map[string]string
		detected termenv.Profile
		want     termenv.Profile
	}{
		{"detected", map[string]string{"TERM": "xterm-256color"}, termenv.TrueColor, termenv.TrueColor},
		{"NO_COLOR", map[string]string{"TERM": "xterm-256color", "NO_COLOR": "1"}, termenv.TrueColor, termenv.Ascii},
		{"NO_COLOR empty", map[string]string{"NO_COLOR": ""}, termenv.ANSI256, termenv.ANSI256},
		{"dumb", map[string]string{"TERM": "dumb"}, termenv.ANSI, termenv.Ascii},
		{"vt100", map[string]string{"TERM": "vt100"}, termenv.ANSI, termenv.Ascii},
	} {
		t.Run(c.name, func(t *testing.T) {
			getenv := func(k string) string { return c.env[k] }
			if got := localProfile(getenv, c.detected); got != c.want {
				t.Errorf("localProfile(%v, %v) = %v, want %v", c.env, c.detected, got, c.want)
			}
		})
	}
}
