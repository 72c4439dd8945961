package i18n

// The texts of the renewal notice of a plan's term (SPEC §11.3, seed 000),
// kept apart from the rest of the catalogs and merged into them.

func init() {
	for k, v := range renewalJa {
		ja[k] = v
	}
	for k, v := range renewalEn {
		en[k] = v
	}
}

var renewalJa = map[string]string{
	"renewal.ends.one":    "%s の契約期間は %s までです (あと %d 日)。",
	"renewal.ends.other":  "%s の契約期間は %s までです (あと %d 日)。",
	"renewal.ends_today":  "%s の契約期間は本日 %s までです。",
	"renewal.recommended": "更新をおすすめする時期です。",
	"renewal.auto_on":     "自動更新: する — %s に同じプラン・期間で更新され、%s をご請求します。",
	"renewal.auto_off":    "自動更新: しない",
	"renewal.auto_off_on": "自動更新: しない — 更新のお手続きがない場合、%s からご利用を停止します。",
	"renewal.sep":         "",
}

var renewalEn = map[string]string{
	"renewal.ends.one":    "The term of %s runs until %s (%d day left).",
	"renewal.ends.other":  "The term of %s runs until %s (%d days left).",
	"renewal.ends_today":  "The term of %s ends today, %s.",
	"renewal.recommended": "This is the recommended time to renew.",
	"renewal.auto_on":     "Auto-renew: on — on %s it renews with the same plan and term, and %s is billed.",
	"renewal.auto_off":    "Auto-renew: off",
	"renewal.auto_off_on": "Auto-renew: off — without a renewal, the service stops on %s.",
	"renewal.sep":         " ",
}
