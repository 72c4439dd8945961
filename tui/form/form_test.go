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

// A password core refused is emptied, so that the next attempt is typed anew
// and not appended to the wrong one; other fields keep what was typed.
func TestRefusedPasswordEmptied(t *testing.T) {
	sh := session("ja")
	f := sample(sh)
	f.FocusField(core.FieldPassword)
	f.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("Wrong-one-1")})
	f.SetProblems(map[string]string{core.FieldPassword: core.ProblemWrong, core.FieldLastName: core.ProblemLength})
	if got := f.Value(core.FieldPassword); got != "" {
		t.Errorf("the refused password stays in its field: %q", got)
	}
	if got := f.Value(core.FieldLastName); got != "有光" {
		t.Errorf("the refused name is %q, want what was typed", got)
	}
	if _, ok := f.Problem(core.FieldPassword); !ok {
		t.Error("the refused password has no problem beside it")
	}
}

// Shift+Tab and Tab move between the rows; Esc on a form with nothing
// typed leaves it at once, on a changed one asks first, and only a yes leaves.
func TestEscAsksOnChangedForm(t *testing.T) {
	sh := session("ja")
	f := sample(sh)
	f.FocusField(core.FieldPassword)
	f.Update(press(tea.KeyShiftTab))
	if got := f.FocusedKey(); got != core.FieldLastName {
		t.Errorf("Shift+Tab moved to %q, want the row before", got)
	}
	if !f.Leaves(press(tea.KeyEsc)) {
		t.Error("Esc on an untouched form does not leave at once")
	}
	f.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("田")})
	if f.Leaves(press(tea.KeyEsc)) {
		t.Fatal("Esc on a changed form leaves without asking")
	}
	if pressed, _ := f.Update(press(tea.KeyEsc)); pressed != -1 {
		t.Fatalf("Esc pressed %d", pressed)
	}
	body, _ := f.View(52)
	if !strings.Contains(body, sh.T("form.discard_ask")) {
		t.Fatalf("no question:\n%s", body)
	}
	f.Update(press(tea.KeyEsc)) // no: back to the form, the input kept
	if body, _ := f.View(52); strings.Contains(body, sh.T("form.discard_ask")) {
		t.Fatalf("the question stays after no:\n%s", body)
	}
	if got := f.Value(core.FieldLastName); got != "有光田" {
		t.Errorf("the input is %q after no", got)
	}
	f.Update(press(tea.KeyEsc))
	if pressed, _ := f.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")}); pressed != Discard {
		t.Errorf("y on the question pressed %d, want Discard", pressed)
	}
}

// A field that is not focused shows the start of a long value with … where it
// is cut; the focused one shows the cursor's part with … before a hidden start.
func TestLongValueMarked(t *testing.T) {
	sh := session("ja")
	f := New(sh, sh.T("button.next"))
	addr := "arteri-an@keitai-address.ne.jp"
	f.Text(core.FieldContactMail, "連絡先", true, 64, addr)
	f.Text(core.FieldLastName, "姓", true, 20, "")
	f.FocusField(core.FieldLastName)
	body, _ := f.View(30)
	row := strings.Split(body, "\n")[0]
	if !strings.Contains(row, "[arteri-") || !strings.Contains(row, "…]") {
		t.Errorf("an unfocused long value: %q, want its start and … at the end", row)
	}
	f.FocusField(core.FieldContactMail)
	body, _ = f.View(30)
	row = strings.Split(body, "\n")[0]
	if !strings.Contains(row, "[…") || !strings.Contains(row, ".ne.jp") {
		t.Errorf("a focused long value at its end: %q, want … and its end", row)
	}
}

// The buttons of a form are the buttons of every screen: their markers in the
// column of the rows' markers.
func TestButtonsAsEverywhere(t *testing.T) {
	sh := session("ja")
	f := sample(sh)
	f.FocusFirst()
	body, _ := f.View(52)
	lines := strings.Split(body, "\n")
	want := sh.Buttons(-1, sh.T("button.next"), sh.T("button.cancel"))
	if got := lines[len(lines)-1]; got != want {
		t.Errorf("the button row %q, want %q", got, want)
	}
}

// A choice too wide for its column wraps inside its brackets: no part of it is
// cut, and the closing bracket stays.
func TestWideChoiceWraps(t *testing.T) {
	sh := session("ja")
	f := New(sh, sh.T("button.next"))
	long := "UCOMの提供するメールアドレスを取得する"
	f.Choice(core.FieldMailKind, "利用メール", true, []Choice{{Value: "a", Label: long}, {Value: "b", Label: "他社のメールを利用する"}}, "a")
	f.FocusFirst()
	body, _ := f.View(40)
	flat := strings.Join(strings.Fields(body), "")
	if !strings.Contains(flat, "<"+long+">") || strings.Contains(body, "…") {
		t.Errorf("the choice is cut or loses its bracket:\n%s", body)
	}
	for _, l := range strings.Split(body, "\n") {
		if w := lipgloss.Width(l); w > 40 {
			t.Errorf("a line of %d columns: %q", w, l)
		}
	}
}

// Without colour the cursor at the end of the focused field is drawn as _,
// so that where typing goes shows.
func TestCursorVisibleWithoutColour(t *testing.T) {
	sh := session("en")
	f := New(sh, sh.T("button.next"))
	f.Text(core.FieldLastName, "Name", true, 20, "Yamada")
	f.FocusFirst()
	f.Update(press(tea.KeyEnd))
	body, _ := f.View(40)
	if !strings.Contains(body, "[Yamada_") {
		t.Errorf("no visible cursor after the value:\n%s", body)
	}
}

// Half-width katakana typed or pasted come into a field widened, so that
// what the field measures is what the terminal shows.
func TestTypedWidensHalfwidthKana(t *testing.T) {
	out, ok := Typed("", tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("ﾊﾟｽﾜｰﾄﾞ")})
	if k, isKey := out.(tea.KeyMsg); !ok || !isKey || string(k.Runes) != "パスワード" {
		t.Errorf("typed ﾊﾟｽﾜｰﾄﾞ: %v %v", out, ok)
	}
}

// A character the field can never hold (a letter in a phone number) is not
// put in, and the field says why beside it instead of staying silent; the
// digits typed with it are kept.
func TestRefusedCharacterIsNamed(t *testing.T) {
	sh := session("ja")
	f := New(sh, sh.T("button.next"))
	f.Text(core.FieldPhone, sh.T("customer.phone"), true, 20, "")
	f.FocusFirst()
	f.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("03-1234-")})
	if v, _ := f.View(80); strings.Contains(v, "* ") {
		t.Fatalf("a problem shows before anything was refused:\n%s", v)
	}
	f.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("ABCD")})
	v, _ := f.View(80)
	if f.Value(core.FieldPhone) != "03-1234-" {
		t.Errorf("the field holds %q", f.Value(core.FieldPhone))
	}
	if !strings.Contains(v, sh.T("problem.phone.format")) {
		t.Errorf("the refused letters are not named beside the field:\n%s", v)
	}
}
