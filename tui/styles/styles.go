// Package styles builds the portal's styles from a session's renderer, so that
// every SSH client gets colours right for its own terminal.
package styles

import (
	"io"
	"strconv"
	"sync"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Styles is every style the screens use.
type Styles struct {
	App          lipgloss.Style
	Header       lipgloss.Style
	HeaderLabel  lipgloss.Style
	HeaderValue  lipgloss.Style
	Logout       lipgloss.Style
	Brand        lipgloss.Style
	Sidebar      lipgloss.Style
	SidebarFocus lipgloss.Style
	Group        lipgloss.Style
	Item         lipgloss.Style
	ItemCursor   lipgloss.Style
	ItemActive   lipgloss.Style
	Body         lipgloss.Style
	Title        lipgloss.Style
	Section      lipgloss.Style
	Label        lipgloss.Style
	Value        lipgloss.Style
	Muted        lipgloss.Style
	Error        lipgloss.Style
	Notice       lipgloss.Style
	Success      lipgloss.Style
	Warning      lipgloss.Style
	Button       lipgloss.Style
	ButtonFocus  lipgloss.Style
	Input        lipgloss.Style
	InputFocus   lipgloss.Style
	RowCursor    lipgloss.Style
	TableHeader  lipgloss.Style
	Box          lipgloss.Style
	BoxFocus     lipgloss.Style
	Help         help.Styles
}

// Palette colours, as adaptive colours so light and dark terminals both read well.
var (
	accent  = lipgloss.AdaptiveColor{Light: "#00639C", Dark: "#5FB3F0"}
	accent2 = lipgloss.AdaptiveColor{Light: "#E0F0FA", Dark: "#1D3A52"}
	muted   = lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#9A9A9A"}
	danger  = lipgloss.AdaptiveColor{Light: "#C0392B", Dark: "#FF6B5E"}
	ok      = lipgloss.AdaptiveColor{Light: "#1E7B34", Dark: "#6BD68A"}
	warn    = lipgloss.AdaptiveColor{Light: "#9A6700", Dark: "#F2C14E"}
	border  = lipgloss.AdaptiveColor{Light: "#B8C4CE", Dark: "#44525E"}
)

// New builds the styles with the given renderer. The palette is resolved here,
// once, to the colours of the renderer's profile and background: an adaptive
// colour left as it is would be converted again (to 256 colours, say) on every
// render of every styled text.
func New(r *lipgloss.Renderer) *Styles {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	dark, profile := r.HasDarkBackground(), r.ColorProfile()
	resolve := func(c lipgloss.AdaptiveColor) lipgloss.TerminalColor {
		hex := c.Light
		if dark {
			hex = c.Dark
		}
		return exact(profile.Color(hex))
	}
	accent, accent2, muted, danger := resolve(accent), resolve(accent2), resolve(muted), resolve(danger)
	ok, warn, border := resolve(ok), resolve(warn), resolve(border)
	s := &Styles{}
	s.App = r.NewStyle()
	s.Header = r.NewStyle().Border(lipgloss.NormalBorder(), false, false, true, false).BorderForeground(border)
	s.HeaderLabel = r.NewStyle().Foreground(muted)
	s.HeaderValue = r.NewStyle().Bold(true)
	s.Logout = r.NewStyle().Foreground(accent).Underline(true)
	s.Brand = r.NewStyle().Foreground(accent).Bold(true)
	s.Sidebar = r.NewStyle().Border(lipgloss.NormalBorder(), false, true, false, false).BorderForeground(border)
	s.SidebarFocus = s.Sidebar.BorderForeground(accent)
	s.Group = r.NewStyle().Bold(true).Foreground(muted)
	s.Item = r.NewStyle()
	s.ItemCursor = r.NewStyle().Reverse(true)
	s.ItemActive = r.NewStyle().Bold(true).Foreground(accent)
	s.Body = r.NewStyle().PaddingLeft(1)
	s.Title = r.NewStyle().Bold(true).Foreground(accent)
	s.Section = r.NewStyle().Bold(true).Background(accent2).Padding(0, 1)
	s.Label = r.NewStyle().Foreground(muted)
	s.Value = r.NewStyle()
	s.Muted = r.NewStyle().Foreground(muted)
	s.Error = r.NewStyle().Foreground(danger)
	s.Notice = r.NewStyle().Foreground(accent)
	s.Success = r.NewStyle().Foreground(ok).Bold(true)
	s.Warning = r.NewStyle().Foreground(warn)
	s.Button = r.NewStyle().Foreground(accent)
	s.ButtonFocus = r.NewStyle().Reverse(true).Bold(true)
	s.Input = r.NewStyle()
	s.InputFocus = r.NewStyle().Foreground(accent)
	s.RowCursor = r.NewStyle().Reverse(true)
	s.TableHeader = r.NewStyle().Bold(true).Foreground(muted)
	s.Box = r.NewStyle().Border(lipgloss.NormalBorder()).BorderForeground(border).Padding(0, 1)
	s.BoxFocus = s.Box.BorderForeground(accent)
	s.Help = help.Styles{
		ShortKey:       r.NewStyle().Foreground(accent),
		ShortDesc:      r.NewStyle().Foreground(muted),
		ShortSeparator: r.NewStyle().Foreground(border),
		Ellipsis:       r.NewStyle().Foreground(border),
		FullKey:        r.NewStyle().Foreground(accent),
		FullDesc:       r.NewStyle().Foreground(muted),
		FullSeparator:  r.NewStyle().Foreground(border),
	}
	return s
}

// shared are the styles of each profile and background, built once for all
// the sessions that have them: a session holds a pointer, not its own copy.
var shared sync.Map // key → *Styles

type key struct {
	profile termenv.Profile
	dark    bool
}

// For returns the styles for r's profile and background, the same ones for
// every renderer that has them. They are built with a renderer of their own,
// so that they keep no session's output alive.
func For(r *lipgloss.Renderer) *Styles {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	k := key{profile: r.ColorProfile(), dark: r.HasDarkBackground()}
	if s, ok := shared.Load(k); ok {
		return s.(*Styles)
	}
	own := lipgloss.NewRenderer(io.Discard)
	own.SetColorProfile(k.profile)
	own.SetHasDarkBackground(k.dark)
	s, _ := shared.LoadOrStore(k, New(own))
	return s.(*Styles)
}

// exact is a colour the profile takes as it is, with nothing to convert: the
// index of a 16 or 256 colour, or the hex of a true colour.
func exact(c termenv.Color) lipgloss.TerminalColor {
	switch c := c.(type) {
	case termenv.ANSIColor:
		return lipgloss.Color(strconv.Itoa(int(c)))
	case termenv.ANSI256Color:
		return lipgloss.Color(strconv.Itoa(int(c)))
	case termenv.RGBColor:
		return lipgloss.Color(string(c))
	}
	return lipgloss.NoColor{}
}
