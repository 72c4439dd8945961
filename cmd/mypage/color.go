package main

import (
	"os"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// plainTerms are terminal types without colour.
var plainTerms = map[string]bool{
	"dumb": true, "unknown": true, "vt52": true, "vt100": true, "vt102": true, "vt220": true, "vt320": true,
}

// trueColorTerms are terminal types known to draw 24-bit colour whatever COLORTERM says.
var trueColorTerms = map[string]bool{"xterm-kitty": true, "wezterm": true, "xterm-ghostty": true}

// sshProfile is the colour profile of an SSH client from what it announced: its
// environment (environ, as KEY=VALUE) and the terminal type of its PTY. NO_COLOR
// set to anything but the empty string, and dumb or plain terminals, get no colour;
// COLORTERM=truecolor/24bit or a true-colour terminal type get 24-bit colour; the
// Linux console gets its 16 colours; a client that announces nothing in
// particular gets 256 colours, which nearly every SSH client draws. It decides
// from what was announced alone (the renderer's own background query is another
// matter, made when the renderer is created).
func sshProfile(environ []string, term string) termenv.Profile {
	env := func(key string) string {
		for _, kv := range environ {
			if k, v, ok := strings.Cut(kv, "="); ok && k == key {
				return v
			}
		}
		return ""
	}
	if term == "" {
		term = env("TERM")
	}
	term = strings.ToLower(term)
	switch colorTerm := strings.ToLower(env("COLORTERM")); {
	case env("NO_COLOR") != "", plainTerms[term]:
		return termenv.Ascii
	case colorTerm == "truecolor" || colorTerm == "24bit" || trueColorTerms[term] || strings.HasSuffix(term, "-direct"):
		return termenv.TrueColor
	case term == "linux":
		return termenv.ANSI
	}
	return termenv.ANSI256
}

// localProfile is the colour profile of this terminal: the one termenv detected,
// except that NO_COLOR set to anything but the empty string or a dumb or plain
// terminal turns colour off.
func localProfile(getenv func(string) string, detected termenv.Profile) termenv.Profile {
	if getenv("NO_COLOR") != "" || plainTerms[strings.ToLower(getenv("TERM"))] {
		return termenv.Ascii
	}
	return detected
}

// localRenderer is the renderer of the local terminal (run, kiosk, demo).
func localRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(os.Stdout)
	r.SetColorProfile(localProfile(os.Getenv, r.ColorProfile()))
	return r
}
