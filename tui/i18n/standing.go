package i18n

// The texts of a suspension (利用停止中): the header line of every screen, the
// banner of ご契約情報一覧 and the refusal of a paid purchase (SPEC §11.3,
// §11.4, seed 004 §1), kept apart from the rest of the catalogs and merged
// into them.

func init() {
	for k, v := range standingJa {
		ja[k] = v
	}
	for k, v := range standingEn {
		en[k] = v
	}
}

var standingJa = map[string]string{
	// The header: the state and why, shortened rather than wrapped.
	"standing.header.unpaid":       "利用停止中 (料金未納): %s分のお支払いが確認できません",
	"standing.header.unpaid_more":  "利用停止中 (料金未納): %s分ほか%dか月分のお支払いが確認できません",
	"standing.header.unpaid_short": "利用停止中 (料金未納): %s分",
	"standing.header.lapsed":       "利用停止中 (契約期間満了): %s (%s 終了)",
	"standing.header.lapsed_more":  "利用停止中 (契約期間満了): %s ほか%d件",
	"standing.header.lapsed_short": "利用停止中 (契約期間満了)",

	// The banner of ご契約情報一覧.
	"standing.banner.unpaid":             "利用停止中 (料金未納): %s分のご利用料金のお支払いが、お支払い期限 %s を過ぎても確認できないため、%s から有料サービスのご利用を停止しています。",
	"standing.banner.owed":               "未入金額: %s",
	"standing.banner.owed_partial":       "未入金額: %s (ご請求額 %s 円のうち %s 円をご入金済み)",
	"standing.banner.pay":                "お振込先 %s へお振込みください (振込手数料はお客様のご負担となります)。ご入金の確認後、停止を解除いたします。ご入金の確認には、通常、お振込みから数日かかります。",
	"standing.banner.ask":                "お支払いについては、ご契約者様にご確認ください。ご入金の確認後、停止を解除いたします。",
	"standing.banner.lapsed":             "利用停止中 (契約期間満了): %s の契約期間が %s に終了し、更新されていないため、%s からご利用を停止しています。",
	"standing.banner.lapsed_membership":  "利用停止中 (契約期間満了): %s の契約期間が %s に終了し、更新されていないため、%s から接続サービスと有料サービスのご利用を停止しています。",
	"standing.banner.retry":              "口座振替ができなかったため、%s の再振替の結果を確認しています (お振込みではお支払いいただけません)。振替が確認でき次第、停止を解除いたします。",
	"standing.banner.stopped":            "ご利用を停止しているサービス: %s",
	"standing.banner.unpaid_many.one":    "利用停止中 (料金未納): %s分ほか%dか月分のお支払いが確認できないため、%s から有料サービスのご利用を停止しています。",
	"standing.banner.unpaid_many.other":  "利用停止中 (料金未納): %s分ほか%dか月分のお支払いが確認できないため、%s から有料サービスのご利用を停止しています。",
	"standing.banner.month_owed":         "%s分 %s (お支払い期限 %s)",
	"standing.banner.month_owed_partial": "%s分 %s (ご請求額 %s 円のうち %s 円をご入金済み、お支払い期限 %s)",
	"standing.banner.month_due":          "%s分 (お支払い期限 %s)",
	"standing.banner.owed_total":         "未入金額の合計: %s",
	"plan.state.suspended":               "利用停止中 (料金未納)",
	"standing.banner.recontract":         "各種手続き → 契約更新・再契約 から再契約いただくと、再契約日からご利用を再開できます。",
	"standing.banner.recontract_ask":     "再契約は、ご契約者様または管理者権限のアカウントIDでお手続きいただけます。",
	"standing.stopped_account":           "%s (%s)",

	// The refusal of a paid purchase or a plan change.
	"standing.refused":        "%s分のご利用料金のお支払いが確認できないため、利用停止中 (料金未納) です。有料のお申し込みはお支払いの確認後に承ります。",
	"standing.refused_any":    "ご利用料金のお支払いが確認できないため、利用停止中 (料金未納) です。有料のお申し込みはお支払いの確認後に承ります。",
	"standing.refused_lapsed": "ご契約の %s は、契約期間が %s に終了し更新されていないため、利用停止中 (契約期間満了) です。有料のお申し込みは再契約の後に承ります。",
	"standing.sep":            "、",
	"standing.sentence_sep":   "",
}

var standingEn = map[string]string{
	"standing.header.unpaid":       "Suspended (unpaid): the payment for %s is not confirmed",
	"standing.header.unpaid_more":  "Suspended (unpaid): %s and %d more not paid",
	"standing.header.unpaid_short": "Suspended (unpaid): %s",
	"standing.header.lapsed":       "Suspended (term ended): %s (ended %s)",
	"standing.header.lapsed_more":  "Suspended (term ended): %s and %d more",
	"standing.header.lapsed_short": "Suspended (term ended)",

	"standing.banner.unpaid":             "Suspended (unpaid): the payment of the charges for %s has not been confirmed by its due date, %s, so the paid services have been suspended since %s.",
	"standing.banner.owed":               "Still to pay: %s",
	"standing.banner.owed_partial":       "Still to pay: %s (%s yen billed, %s yen received)",
	"standing.banner.pay":                "Please transfer it to %s (the transfer fee is yours to bear). The suspension is lifted once the payment is confirmed, which usually takes a few days after the transfer.",
	"standing.banner.ask":                "Please ask the contract holder about the payment. The suspension is lifted once the payment is confirmed.",
	"standing.banner.lapsed":             "Suspended (term ended): the term of %s ended on %s without renewal, so it has been suspended since %s.",
	"standing.banner.lapsed_membership":  "Suspended (term ended): the term of %s ended on %s without renewal, so the connection and the paid services have been suspended since %s.",
	"standing.banner.retry":              "The auto-debit failed; the result of its retry on %s is being confirmed (it cannot be paid by transfer). The suspension is lifted as soon as the debit is confirmed.",
	"standing.banner.stopped":            "Services suspended: %s",
	"standing.banner.unpaid_many.one":    "Suspended (unpaid): the payments for %s and %d more month have not been confirmed, so the paid services have been suspended since %s.",
	"standing.banner.unpaid_many.other":  "Suspended (unpaid): the payments for %s and %d more months have not been confirmed, so the paid services have been suspended since %s.",
	"standing.banner.month_owed":         "%s: %s (due %s)",
	"standing.banner.month_owed_partial": "%s: %s (%s yen billed, %s yen received; due %s)",
	"standing.banner.month_due":          "%s (due %s)",
	"standing.banner.owed_total":         "Still to pay in all: %s",
	"plan.state.suspended":               "Suspended (unpaid)",
	"standing.banner.recontract":         "Re-contract from Procedures → Renewal / re-contract: the services resume from the day of the re-contract.",
	"standing.banner.recontract_ask":     "The contract holder or an admin account ID can re-contract.",
	"standing.stopped_account":           "%s (%s)",

	"standing.refused":        "The payment of the charges for %s is not confirmed, so the contract is suspended (unpaid). Paid applications are taken once the payment is confirmed.",
	"standing.refused_any":    "The payment of the charges is not confirmed, so the contract is suspended (unpaid). Paid applications are taken once the payment is confirmed.",
	"standing.refused_lapsed": "The term of %s ended on %s without renewal, so the contract is suspended (term ended). Paid applications are taken once it is re-contracted.",
	"standing.sep":            ", ",
	"standing.sentence_sep":   " ",
}
