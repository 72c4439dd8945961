package common

import (
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"mypage/core"
	"mypage/tui/table"
	"mypage/tui/wrap"
)

// KVRow is one label/value line of an info, confirm or complete table.
type KVRow struct {
	Label, Value string
}

// KVTable renders label/value rows with the labels in one column, the values
// broken to the room beside them (package table). Labels and values are
// stored or catalog text and are shown escaped.
func (sh *Common) KVTable(rows []KVRow, width int) string {
	var k strings.Builder
	for _, r := range rows {
		k.WriteString(r.Label)
		k.WriteByte(0)
		k.WriteString(r.Value)
		k.WriteByte(0)
	}
	return sh.kept(keptKV, width, k.String(), func() string {
		pairs := make([]table.Pair, len(rows))
		for i, r := range rows {
			pairs[i] = table.Pair{Label: core.Escape(r.Label), Value: core.Escape(r.Value)}
		}
		return table.KV(pairs, sh.St.Label, sh.St.Value).Render(width)
	})
}

// TableStyles are the session's styles of a list table.
func (sh *Common) TableStyles() table.Styles {
	return table.Styles{Header: sh.St.TableHeader, Cursor: sh.St.RowCursor, Marker: sh.St.InputFocus}
}

// Title renders a screen title with its step (入力/確認/完了) when there is one.
func (sh *Common) Title(text string) string {
	return sh.kept(keptTitle, 0, text, func() string { return sh.St.Title.Render(core.EscapeLine(text)) })
}

// TitleIn renders a title broken to the width of the body (a long option name).
func (sh *Common) TitleIn(width int, text string) string {
	return sh.kept(keptTitleIn, width, text, func() string { return sh.St.Title.Render(sh.Wrap(width, core.EscapeLine(text))) })
}

// Section renders a table heading.
func (sh *Common) Section(text string) string {
	return sh.kept(keptSection, 0, text, func() string { return sh.St.Section.Render(core.EscapeLine(text)) })
}

// Notes renders a block of notes, each wrapped to the width.
func (sh *Common) Notes(width int, lines ...string) string {
	return sh.kept(keptNote, width, strings.Join(lines, "\x00"), func() string {
		var out []string
		for _, l := range lines {
			// A hanging indent: Japanese has no spaces to break at, so wrap the text in its own column.
			out = append(out, lipgloss.JoinHorizontal(lipgloss.Top, sh.St.Muted.Render("- "), sh.St.Muted.Render(sh.Wrap(width-2, l))))
		}
		return strings.Join(out, "\n")
	})
}

// Buttons renders a row of buttons with one focused (-1: none).
func (sh *Common) Buttons(focus int, labels ...string) string {
	var bs []string
	for i, b := range labels {
		bs = append(bs, sh.Button(b, i == focus))
	}
	return strings.Join(bs, " ")
}

// Button renders one button the one way of every screen: the marker of a
// focused row (MarkFocus, or its blank) before the bracketed label, so that the
// focus shows on terminals without colour and moving it shifts nothing.
func (sh *Common) Button(label string, focused bool) string {
	if focused && !sh.MenuFocus {
		return sh.St.InputFocus.Render(MarkFocus) + sh.St.ButtonFocus.Render("["+label+"]")
	}
	return MarkNone + sh.St.Button.Render("["+label+"]")
}

// Wrap breaks text to the width with the one line breaker of the screens
// (package wrap), in both languages. The text is plain text, stored text among
// it: it is shown escaped (core.Escape).
func (sh *Common) Wrap(width int, s string) string {
	return wrap.String(core.Escape(s), width)
}

// Date shows a day as the manual does: 2015/01/19.
func (sh *Common) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(core.JST).Format("2006/01/02")
}

// Yen shows an amount of money: 500 円 (税別) / 500 yen (tax excl.).
func (sh *Common) Yen(n int64) string { return sh.T("common.yen", GroupDigits(n)) }

// GroupDigits writes 3000 as 3,000.
func GroupDigits(n int64) string { return core.GroupDigits(n) }

// The kinds of rendering kept (kept).
const (
	keptTitle byte = iota
	keptTitleIn
	keptSection
	keptNote
	keptKV
)

type keptKey struct {
	kind  byte
	width int
	text  string
}

// keptMax bounds the renderings a session keeps: a screen has a few titles,
// headings, notes and label/value tables; what is kept stays small.
const keptMax = 64

// kept returns the rendering of a title, heading, note or table made the last time
// the same text was asked at the same width, else renders it: a screen is
// rendered again on every key, its headings and notes stay the same. The
// styles are the session's and never change, so neither does the rendering.
func (sh *Common) kept(kind byte, width int, text string, render func() string) string {
	k := keptKey{kind, width, text}
	if out, ok := sh.renders[k]; ok {
		return out
	}
	if sh.renders == nil || len(sh.renders) >= keptMax {
		sh.renders = make(map[keptKey]string) // full: start over rather than grow
	}
	out := render()
	sh.renders[k] = out
	return out
}
