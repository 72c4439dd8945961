package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/mattn/go-runewidth"

	"mypage/core"
)

// printList writes a list as JSON; an empty one is [] (a script reads a
// list), never null.
func printList[T any](w io.Writer, list []T) error {
	if list == nil {
		list = []T{}
	}
	return printJSON(w, list)
}

// printJSON writes v as indented JSON, keeping non-ASCII text readable.
// encoding/json escapes the C0 controls and the line and paragraph separators
// but writes DEL, the C1 controls and the format characters (bidi marks and
// overrides, zero-width characters, tags) as they are; they are escaped here
// too (\u009b), so that stored text cannot drive or hide anything on the
// terminal the JSON is read on.
func printJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, jsonEscape(b.String()))
	return err
}

// jsonEscape writes as JSON escapes the characters encoding/json leaves raw and
// core.ForbiddenRune reports (beyond U+FFFF as a UTF-16 surrogate pair). They
// are not ASCII or DEL, so they occur only inside JSON strings.
func jsonEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x7f || !core.ForbiddenRune(r):
			b.WriteRune(r)
		case r > 0xffff:
			hi, lo := utf16.EncodeRune(r)
			fmt.Fprintf(&b, `\u%04x\u%04x`, hi, lo)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// printTable writes rows under a header in columns aligned by display width,
// so Japanese text (two cells a character) lines up too. Every cell is shown
// escaped on one line (core.EscapeLine): stored text cannot drive the terminal.
func printTable(w io.Writer, header []string, rows [][]string) error {
	header = escapeRow(header)
	safe := make([][]string, len(rows))
	for i, r := range rows {
		safe[i] = escapeRow(r)
	}
	rows = safe
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

func escapeRow(r []string) []string {
	out := make([]string, len(r))
	for i, c := range r {
		out[i] = core.EscapeLine(c)
	}
	return out
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
