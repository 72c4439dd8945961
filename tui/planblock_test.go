package tui

import (
	"testing"

	"mypage/core"
	"mypage/tui/i18n"
)

// Every refusal core can give a plan change or an annual option has words in
// both languages, so that none reaches a screen as a bare key.
func TestPlanBlocksWorded(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		msg := i18n.New(lang)
		for _, code := range core.PlanBlocks {
			if !msg.Has("plan.block." + code) {
				t.Errorf("%s: no text for plan.block.%s", lang, code)
			}
		}
	}
}
