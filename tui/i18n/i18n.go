// Package i18n holds the screen texts: one message catalog per language.
package i18n

import (
	"fmt"
	"sort"
)

// Lang is a language of the screens.
type Lang string

// The languages shipped. Japanese is the default: the subscribers are Japanese.
const (
	Ja Lang = "ja"
	En Lang = "en"
)

var catalogs = map[Lang]map[string]string{Ja: ja, En: en}

// Messages is the catalog of one language.
type Messages struct {
	lang Lang
	m    map[string]string
}

// New returns the catalog for lang; unknown languages get Japanese.
func New(lang string) *Messages {
	l := Lang(lang)
	if _, ok := catalogs[l]; !ok {
		l = Ja
	}
	return &Messages{lang: l, m: catalogs[l]}
}

// Lang is the catalog's language.
func (m *Messages) Lang() Lang { return m.lang }

// T returns the text for key, formatted with args when given. A missing key shows
// itself in brackets so that it is seen on screen and caught by the catalog test.
func (m *Messages) T(key string, args ...any) string {
	s, ok := m.m[key]
	if !ok {
		return "[" + key + "]"
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// N returns the text of key for the count n in the language's plural form:
// key+".one" when n is 1, else key+".other" (both catalogs carry both forms;
// in Japanese they are the same). args are formatted as T does, n among them
// where the text shows it.
func (m *Messages) N(key string, n int, args ...any) string {
	if n == 1 {
		return m.T(key+".one", args...)
	}
	return m.T(key+".other", args...)
}

// Has reports whether the catalog has key.
func (m *Messages) Has(key string) bool {
	_, ok := m.m[key]
	return ok
}

// Keys lists the keys of a language's catalog, sorted.
func Keys(lang Lang) []string {
	var out []string
	for k := range catalogs[lang] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
