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
			if !strings.HasSuffix(m[1], ".") && !strings.HasSuffix(m[1], "_") {
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
	for _, k := range []string{"menu.group.contract", "menu.group.procedures", "menu.group.options", "menu.group.account_options",
		"menu.contract_info", "menu.customer_info", "menu.customer_password", "menu.mail_service", "menu.accounts",
		"menu.account_options", "menu.logout"} {
		keys[k] = true
	}
	for _, b := range []string{core.BlockNotOffered, core.BlockForbidden, core.BlockHeld, core.BlockNotHeld, core.BlockNeedsBase,
		core.BlockNeedsMail, core.BlockExclusive, core.BlockAutoCancelOnly, core.BlockNotAlone, core.BlockAccountMissing} {
		keys["block."+b] = true
	}
	for _, g := range []string{"warranty", "security"} {
		keys["group."+g] = true
		keys["group.note."+g] = true
	}
	for _, r := range []string{"standard", "security", "warranty"} {
		keys["rule."+r+".start"] = true
	}
	for _, e := range []string{mailForward, autoReply, webSpace} {
		keys[e+".title"] = true
		keys[e+".note"] = true
	}
	for _, k := range []string{"mail.kind.provider", "mail.kind.other", "option.action.purchase", "option.action.cancel",
		"info.by.phone", "info.by.paper", "forward.keep.yes", "forward.keep.no", "detail.on", "detail.off"} {
		keys[k] = true
	}
	keys["problem."+core.ProblemAllowance] = true
	for _, k := range []string{core.PaymentCard, core.PaymentDebit, core.PaymentTransfer} {
		keys["payment.note_"+k] = true
		keys["payment.kind."+k] = true
	}
	keys["payment.kind.none"] = true
	for _, r := range []string{core.RuleStandard, core.RuleSecurity, core.RuleWarranty, core.RuleReapplyFee, core.RuleSameMonth} {
		keys["statement.rule."+r] = true
	}
	for _, k := range []string{core.LineMonthly, core.LineFee, core.LineCredit, core.LineCalls} {
		keys["statement.kind."+k] = true
	}
	for _, c := range []string{core.CollectionPaid, core.CollectionRetryPending, core.CollectionUnpaid} {
		keys["collection."+c] = true
		keys["balance."+c] = true
	}
	for _, c := range []string{core.BalanceDue, core.BalancePartial} {
		keys["balance."+c] = true
	}
	for _, b := range []string{core.BlockPaymentPending, core.BlockNoPayment, core.BlockLineEnded} {
		keys["block."+b] = true
	}
	for _, c := range core.CallServices {
		keys["calls.title."+c.Code] = true
		keys["menu.calls."+c.Code] = true
	}
	for _, s := range []string{"input", "confirm", "complete"} {
		keys["step."+s] = true
	}
	for _, p := range []string{"plan", "renew", "cancel", "autorenew"} { // the texts of renderProcedure
		for _, k := range []string{"title", "title_confirm", "title_done", "none", "cannot_lead"} {
			keys[p+"."+k] = true
		}
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
