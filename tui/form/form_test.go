package form

import (
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/mattn/go-runewidth"
	"github.com/muesli/termenv"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/i18n"
	"mypage/tui/keymap"
	"mypage/tui/styles"
)

func init() {
	// As at start-up of the binary: every width function counts ambiguous glyphs as 1.
	runewidth.DefaultCondition.EastAsianWidth = false
}

// session is the context of a session without colour, as on a dumb terminal.
func session(lang string) *common.Common {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	msgs := i18n.New(lang)
	return &common.Common{St: styles.New(r), Msg: msgs, Keys: keymap.New(msgs)}
}

// sample is a form with a row of every kind.
func sample(sh *common.Common) *Form {
	f := New(sh, sh.T("button.next"), sh.T("button.cancel"))
	f.Static(sh.T("contract.number"), "43088999893742")
	f.Text(core.FieldLastName, sh.T("account.last_name"), true, 20, "有光")
	f.Password(core.FieldPassword, sh.T("password.new"), true)
	f.Choice(core.FieldPermission, sh.T("account.permission"), true, []Choice{
		{Value: string(core.PermAdmin), Label: sh.T("perm.admin")}, {Value: string(core.PermUser), Label: sh.T("perm.user")},
	}, string(core.PermUser))
	f.Check(core.FieldAgree, sh.T("option.agree_label"), sh.T("option.agree"), false)
	return f
}

func press(t tea.KeyType) tea.KeyMsg { return tea.KeyMsg{Type: t} }

// A form at the body's width at 80 columns: every row, a problem beside its
// field, the focus marker on the focused row and on nothing else.
func TestView(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		t.Run(lang, func(t *testing.T) {
			sh := session(lang)
			f := sample(sh)
			f.FocusFirst()
			f.Update(press(tea.KeyDown)) // to the password
			f.SetProblems(map[string]string{core.FieldLastName: core.ProblemRequired})
			f.FocusField(core.FieldPassword)
			body, focus := f.View(52)
			golden.RequireEqual(t, []byte(body))
			lines := strings.Split(body, "\n")
			if !strings.HasPrefix(lines[focus], common.MarkFocus) {
				t.Errorf("the focus line %d is not the focused row: %q", focus, lines[focus])
			}
			if n := strings.Count(body, common.MarkFocus); n != 1 {
				t.Errorf("%d focus markers, want 1:\n%s", n, body)
			}
			for _, l := range lines {
				if w := lipgloss.Width(l); w > 52 {
					t.Errorf("a line of %d columns: %q", w, l)
				}
			}
		})
	}
}

// Keys move between the editable rows (the static row is skipped), change a
// choice and tick a checkbox; Enter on a button says which one.
func TestUpdate(t *testing.T) {
	sh := session("en")
	f := sample(sh)
	f.FocusFirst()
	if got := f.FocusedKey(); got != core.FieldLastName {
		t.Fatalf("first focus on %q, want the first editable row", got)
	}
	f.Update(press(tea.KeyDown))
	f.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("pw")})
	if !f.TextFocus() {
		t.Error("the password row does not take typed text")
	}
	f.Update(press(tea.KeyDown))
	f.Update(press(tea.KeyLeft))
	if got := f.Value(core.FieldPermission); got != string(core.PermAdmin) {
		t.Errorf("the choice is %q after ←, want %q", got, core.PermAdmin)
	}
	f.Update(press(tea.KeyDown))
	f.Update(press(tea.KeySpace))
	if !f.Checked(core.FieldAgree) {
		t.Error("space does not tick the checkbox")
	}
	f.Update(press(tea.KeyDown))
	if pressed, _ := f.Update(press(tea.KeyEnter)); pressed != 0 {
		t.Errorf("Enter on the first button pressed %d", pressed)
	}
	f.Update(press(tea.KeyRight))
	if pressed, _ := f.Update(press(tea.KeyEnter)); pressed != 1 {
		t.Errorf("Enter on the second button pressed %d", pressed)
	}
	if got := f.Value(core.FieldPassword); got != "pw" {
		t.Errorf("the password is %q, want what was typed", got)
	}
}
