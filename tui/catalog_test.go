package tui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"mypage/core"
	"mypage/tui/i18n"
)

// Every message key written literally in a screen exists in both catalogs, and so
// do the keys built from core's codes (permissions, option states, problems, …).
func TestScreenKeysExist(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	re := regexp.MustCompile(`T\("([a-z_.\-]+)"`)
	keys := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if !strings.HasSuffix(m[1], ".") {
				keys[m[1]] = true
			}
		}
	}
	for _, p := range []core.Permission{core.PermAdmin, core.PermUser} {
		keys["perm."+string(p)] = true
	}
	for _, s := range []core.OptionState{core.OptionNotPurchased, core.OptionPurchased, core.OptionCancelling} {
		keys["option."+string(s)] = true
	}
	for _, o := range core.Occupations {
		keys["occupation."+o] = true
	}
	for _, g := range core.Genders {
		keys["gender."+g] = true
	}
	for _, c := range []string{core.ProblemRequired, core.ProblemFormat, core.ProblemLength, core.ProblemTaken,
		core.ProblemCommon, core.ProblemReused, core.ProblemSameAsID, core.ProblemMismatch, core.ProblemChoice, core.ProblemSelf} {
		keys["problem."+c] = true
	}
	for _, g := range fullMenu {
		if g.title != "" {
			keys[g.title] = true
		}
		for _, e := range g.entries {
			keys[e.label] = true
		}
	}
	for _, s := range []string{"input", "confirm", "complete"} {
		keys["step."+s] = true
	}
	for _, lang := range []string{"ja", "en"} {
		m := i18n.New(lang)
		for k := range keys {
			if !m.Has(k) {
				t.Errorf("%s catalog lacks %q", lang, k)
			}
		}
	}
}
