package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// A re-contract after a lapse to another plan of the family resumes from the
// re-contract day: its quote's note gives that day, not "from the day after"
// the lapsed term's end, which would be a second start date on one quote.
func TestRecontractToAnotherPlanNoteDates(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		f.lapse(t)
		d := f.startRenew(t, lang)
		// service → plan: the next plan of the family; then term, auto-renew, [次へ進む].
		d.keys(tea.KeyDown, tea.KeyRight, tea.KeyDown, tea.KeyDown, tea.KeyDown, tea.KeyEnter)
		d.waitKey("renew.button.apply")
		flat := strings.Join(strings.Fields(d.view()), "")
		if !strings.Contains(flat, "2028/12/05") {
			t.Fatalf("not the re-contract quote:\n%s", d.view())
		}
		// A note wraps beside the sidebar: its first words are on one line.
		for key, day := range map[string]string{"renew.note.new_service": "2028/11/21", "renew.note.new_service_recontract": "2028/12/05"} {
			start := string([]rune(strings.Join(strings.Fields(d.msg.T(key, day)), ""))[:12])
			if got := strings.Contains(flat, start); got != (key == "renew.note.new_service_recontract") {
				t.Errorf("%s shown: %v\n%s", key, got, d.view())
			}
		}
	})
}
