package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/form"
)

// faqScreen is よくある質問 (SPEC §12, seed 002): the catalog's questions by
// topic under a search field that filters them as the subscriber types; Enter
// or → opens an answer, Esc returns to the list. The login screen shows it
// before a login too, so it reads only the catalog.
type faqScreen struct {
	sh *common.Common
	common.Size
	search textinput.Model
	topics []core.FAQTopic
	cursor int       // index into the questions found, in the order shown
	open   *core.FAQ // the answer shown, nil on the list
}

func newFAQScreen(sh *common.Common) *faqScreen {
	s := &faqScreen{sh: sh, search: form.NewInput(sh)}
	s.search.CharLimit = 40
	s.search.Placeholder = sh.T("faq.search_hint")
	s.find()
	return s
}

func (s *faqScreen) Init() tea.Cmd { return s.search.Focus() }

// find runs the search for what is typed; the cursor goes to the first question.
func (s *faqScreen) find() {
	s.topics = s.sh.Svc.FAQ(string(s.sh.Msg.Lang()), s.search.Value())
	s.cursor = 0
}

// found is the questions found, in the order shown.
func (s *faqScreen) found() []core.FAQ {
	var out []core.FAQ
	for _, t := range s.topics {
		out = append(out, t.Entries...)
	}
	return out
}

func (s *faqScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	k, isKey := msg.(tea.KeyMsg)
	if !isKey {
		var cmd tea.Cmd
		s.search, cmd = s.search.Update(msg)
		return s, cmd
	}
	keys := s.sh.Keys
	if s.open != nil {
		if key.Matches(k, keys.Back, keys.Left) {
			s.open = nil
			return s, s.search.Focus()
		}
		return s, nil
	}
	found := s.found()
	switch {
	case key.Matches(k, keys.Up):
		if s.cursor > 0 {
			s.cursor--
		}
		return s, nil
	case key.Matches(k, keys.Down):
		if s.cursor < len(found)-1 {
			s.cursor++
		}
		return s, nil
	case key.Matches(k, keys.Enter) || key.Matches(k, keys.Right) && s.search.Position() == len([]rune(s.search.Value())):
		// → opens the answer from the end of the search text; inside it, it moves the cursor.
		if s.cursor < len(found) {
			f := found[s.cursor]
			s.open = &f
			s.search.Blur()
		}
		return s, nil
	}
	typed, ok := form.Typed("", msg)
	if !ok {
		return s, nil
	}
	before := s.search.Value()
	var cmd tea.Cmd
	s.search, cmd = s.search.Update(typed)
	if s.search.Value() != before {
		s.find()
	}
	return s, cmd
}

// Captures: Esc on an answer returns to the list, not out of the screen.
func (s *faqScreen) Captures(k tea.KeyMsg) bool {
	return s.open != nil && key.Matches(k, s.sh.Keys.Back)
}

// TextFocus: on the list, what is typed goes into the search field.
func (s *faqScreen) TextFocus() bool { return s.open == nil }

func (s *faqScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *faqScreen) ShortHelp() []key.Binding {
	k := s.sh.Keys
	if s.open != nil {
		return []key.Binding{withHelp(k.Back, s.sh.T("faq.key.list"))}
	}
	return []key.Binding{k.Up, k.Down, withHelp(k.Enter, s.sh.T("faq.key.open"))}
}

func (s *faqScreen) View() string { return s.Show(s.render) }

func (s *faqScreen) render(width int) (string, int) {
	sh := s.sh
	lang := string(sh.Msg.Lang())
	lines := []string{sh.Title(sh.T("faq.title")), ""}
	if s.open != nil {
		topic, q, a := s.open.In(lang)
		lines = append(lines, sh.Section(topic), "",
			sh.St.Label.Render(sh.Wrap(width, sh.T("faq.question", q))), "",
			sh.Wrap(width, sh.T("faq.answer", a)), "",
			sh.St.Muted.Render(sh.Wrap(width, sh.T("faq.center", sh.SupportInfo()...))))
		return strings.Join(lines, "\n"), 0
	}
	label := sh.T("faq.search")
	field := form.Bracketed(&s.search, width-lipgloss.Width(label)-3)
	lines = append(lines, sh.St.Label.Render(label)+" "+field)
	found := s.found()
	if len(found) == 0 {
		lines = append(lines, "", sh.St.Muted.Render(sh.Wrap(width, sh.T("faq.none"))))
		lines = append(lines, "", sh.St.Muted.Render(sh.Wrap(width, sh.T("faq.center", sh.SupportInfo()...))))
		return strings.Join(lines, "\n"), 2
	}
	focus := 2
	i := 0
	for _, t := range s.topics {
		lines = append(lines, "", sh.Section(t.Topic))
		for _, f := range t.Entries {
			_, q, _ := f.In(lang)
			mark := common.MarkNone
			text := q
			if i == s.cursor {
				mark = common.MarkFocus
				focus = len(lines)
			}
			row := lipgloss.JoinHorizontal(lipgloss.Top, mark, sh.Wrap(width-common.MarkWidth, text))
			if i == s.cursor {
				row = lipgloss.JoinHorizontal(lipgloss.Top, mark, sh.St.RowCursor.Render(sh.Wrap(width-common.MarkWidth, text)))
			}
			lines = append(lines, row)
			i++
		}
	}
	return strings.Join(lines, "\n"), focus
}
