package tui

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
)

// The header, the sidebar and the key help change far less often than the
// body: each is rendered again only when what it shows has changed, so a key
// press costs the body's rendering and little else.

// headerKey is everything the header shows.
type headerKey struct {
	width   int
	header  any
	moved   bool
	demoDay time.Time
	banner  string
}

// sidebarKey is everything the sidebar shows, besides the menu itself (built
// once per login: a new menu clears the kept rendering).
type sidebarKey struct {
	cursor, active, width, height int
	focused                       bool
}

// reused is one rendering kept with what it was made from.
type reused[K comparable] struct {
	key  K
	out  string
	kept bool
}

// get returns the kept rendering for k, or renders it anew.
func (r *reused[K]) get(k K, render func() string) string {
	if !r.kept || r.key != k {
		r.key, r.out, r.kept = k, render(), true
	}
	return r.out
}

// forget drops the kept rendering.
func (r *reused[K]) forget() { r.kept = false }

// helpKeyOf is what a key help line shows: its width, whether it is the full
// help, and each key with its words.
func helpKeyOf(width int, full bool, groups ...[]key.Binding) string {
	var b strings.Builder
	b.Grow(256)
	if full {
		b.WriteByte('F')
	}
	b.WriteString(strconv.Itoa(width))
	for _, keys := range groups {
		b.WriteByte(0)
		for _, k := range keys {
			h := k.Help()
			b.WriteString(h.Key)
			b.WriteByte(1)
			b.WriteString(h.Desc)
			b.WriteByte(2)
		}
	}
	return b.String()
}
