package main

import (
	"encoding/json"
	"io"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"

	"mypage/core"
)

// printJSON writes v as indented JSON, keeping non-ASCII text readable.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// printTable writes rows under a header in columns aligned by display width,
// so Japanese text (two cells a character) lines up too.
func printTable(w io.Writer, header []string, rows [][]string) error {
	widths := make([]int, len(header))
	for _, r := range append([][]string{header}, rows...) {
		for i, c := range r {
			if cw := runewidth.StringWidth(c); i < len(widths) && cw > widths[i] {
				widths[i] = cw
			}
		}
	}
	var b strings.Builder
	line := func(r []string) {
		var l strings.Builder
		for i, c := range r {
			l.WriteString(c)
			if i < len(r)-1 {
				l.WriteString(strings.Repeat(" ", widths[i]-runewidth.StringWidth(c)+2))
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteString("\n")
	}
	line(header)
	for _, r := range rows {
		line(r)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// jst formats a time as the back office reads it.
func jst(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(core.JST).Format("2006-01-02 15:04:05")
}

// oneLine keeps a cell on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
