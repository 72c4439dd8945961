package form

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"

	"mypage/core"
	"mypage/tui/common"
)

// areaSample is a short text field, an area of 20 characters and a checkbox.
func areaSample(sh *common.Common) *Form {
	f := New(sh, sh.T("button.next"), sh.T("button.cancel"))
	f.Text(core.FieldLastName, sh.T("account.last_name"), false, 20, "")
	f.Area("content", "内容", true, 20, "", core.InquiryLength).Hint = "Enter で改行"
	f.Check(core.FieldAgree, sh.T("option.agree_label"), sh.T("option.agree"), false)
	return f
}

func typeRunes(f *Form, s string) { f.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}) }

// Enter breaks the line inside the area; ↑ on its first line and ↓ on its
// last leave it, Tab leaves it at once; what was typed is the value.
func TestAreaKeys(t *testing.T) {
	sh := session("ja")
	f := areaSample(sh)
	f.FocusField("content")
	if !f.TextFocus() {
		t.Fatal("the area does not take typed text")
	}
	typeRunes(f, "一行目")
	if pressed, _ := f.Update(press(tea.KeyEnter)); pressed != -1 || f.FocusedKey() != "content" {
		t.Fatalf("Enter left the area (pressed %d, focus %q)", pressed, f.FocusedKey())
	}
	typeRunes(f, "二行目")
	if got := f.Value("content"); got != "一行目\n二行目" {
		t.Fatalf("value %q", got)
	}
	f.Update(press(tea.KeyUp)) // to the first line
	if f.FocusedKey() != "content" {
		t.Fatal("↑ on the second line left the area")
	}
	f.Update(press(tea.KeyUp))
	if f.FocusedKey() != core.FieldLastName {
		t.Fatalf("↑ on the first line: focus %q", f.FocusedKey())
	}
	f.Update(press(tea.KeyTab))
	f.Update(press(tea.KeyTab))
	if f.FocusedKey() != core.FieldAgree {
		t.Fatalf("Tab does not leave the area: focus %q", f.FocusedKey())
	}
	if !f.Dirty() {
		t.Error("a form with text in its area is not changed")
	}
}

// A control character or a bidi override typed or pasted into the area is
// dropped as it comes; a pasted line break stays one.
func TestAreaTypedText(t *testing.T) {
	sh := session("en")
	f := areaSample(sh)
	f.FocusField("content")
	typeRunes(f, "a\x1b[2Jb\u202ec\r\nd")
	if got := f.Value("content"); got != "a[2Jbc\nd" {
		t.Fatalf("value %q", got)
	}
}

// The counter counts as core does and turns to an error beyond the limit;
// typing goes on past it, and core's problem keeps the text as typed.
func TestAreaCounter(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		t.Run(lang, func(t *testing.T) {
			sh := session(lang)
			f := areaSample(sh)
			f.FocusField("content")
			typeRunes(f, strings.Repeat("か\u3099", 3)) // three characters as seen
			body, _ := f.View(52)
			if !strings.Contains(body, sh.T("form.counter", "3", "20")) {
				t.Fatalf("counter:\n%s", body)
			}
			typeRunes(f, strings.Repeat("x", 20))
			if !f.AreaOver("content") {
				t.Error("23 characters of 20 are not over")
			}
			f.SetProblems(map[string]string{"content": core.ProblemLength})
			body, focus := f.View(52)
			golden.RequireEqual(t, []byte(body))
			if !strings.Contains(body, sh.T("form.counter_over", "23", "20", "3")) {
				t.Errorf("no counter over the limit:\n%s", body)
			}
			if _, ok := f.Problem("content"); !ok || !strings.Contains(f.Value("content"), strings.Repeat("x", 20)) {
				t.Errorf("the refused text was not kept: %q", f.Value("content"))
			}
			lines := strings.Split(body, "\n")
			if !strings.Contains(lines[focus], "23") {
				t.Errorf("the focus line is not the counter: %q", lines[focus])
			}
			for _, l := range lines {
				if w := lipgloss.Width(l); w > 52 {
					t.Errorf("a line of %d columns: %q", w, l)
				}
			}
		})
	}
}

// Typing goes on past the limit in Japanese too (two cells a character,
// where the textarea's own bound counts cells): typed key by key or pasted,
// nothing is dropped and the counter says by how much it is over.
func TestAreaWideTextPastLimit(t *testing.T) {
	for _, c := range []struct {
		name string
		typ  func(f *Form)
	}{
		{"typed key by key", func(f *Form) {
			for i := 0; i < 25; i++ {
				typeRunes(f, "あ")
			}
		}},
		{"pasted", func(f *Form) {
			f.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Repeat("あ", 25)), Paste: true})
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			sh := session("ja")
			f := areaSample(sh) // the area's limit is 20 characters
			f.FocusField("content")
			c.typ(f)
			if got := f.Value("content"); got != strings.Repeat("あ", 25) {
				t.Errorf("typed 25 characters (limit 20), the area kept %q", got)
			}
			body, _ := f.View(52)
			if !f.AreaOver("content") || !strings.Contains(body, sh.T("form.counter_over", "25", "20", "5")) {
				t.Errorf("no counter over the limit:\n%s", body)
			}
		})
	}
}
