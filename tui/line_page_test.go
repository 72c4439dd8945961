package tui

import (
	"strings"
	"testing"

	"mypage/core"
)

// seed 003 §2 「インターネット回線の解約」: once the information center has
// recorded the cancellation, the page says so with its day instead of asking
// the subscriber to call.
func TestLineInfoPageRecorded(t *testing.T) {
	eachLang(t, func(t *testing.T, f *fixture, lang string) {
		l := withdrawableLogin(t, f) // the line's last day was yesterday
		last := f.svc.Now().AddDate(0, 0, -1).In(core.JST).Format("2006/01/02")
		d := f.start(t, lang, 80, 24)
		d.loginAs(l)
		d.open(routeInfo{code: "line-cancel"})
		d.waitText(last)
		v := d.golden()
		if want := d.msg.T("info.line.recorded", last); !strings.Contains(squeeze(v), squeeze(want)) {
			t.Errorf("the page lacks %q:\n%s", want, v)
		}
		for _, p := range f.svc.Catalog().InfoPages {
			if p.Code == "line-cancel" && (strings.Contains(squeeze(v), squeeze(p.Body)) || strings.Contains(squeeze(v), squeeze(p.BodyEn))) {
				t.Errorf("the page still asks to call:\n%s", v)
			}
		}
	})
}
