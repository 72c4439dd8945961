package i18n

// The texts of 障害情報 / メンテナンス情報 (SPEC §12) and of the banner of an
// open outage, kept apart from the rest of the catalogs and merged into them.

func init() {
	for k, v := range bulletinsJa {
		ja[k] = v
	}
	for k, v := range bulletinsEn {
		en[k] = v
	}
}

var bulletinsJa = map[string]string{
	"menu.group.notices":                   "お知らせ",
	"menu.outages":                         "障害情報",
	"menu.maintenance":                     "メンテナンス情報",
	"bulletins.title.outage":               "障害情報",
	"bulletins.title.maintenance":          "メンテナンス情報",
	"bulletins.lead":                       "新しいお知らせから順に表示しています。Enter で本文を表示します。",
	"bulletins.none.outage":                "現在、障害情報はありません。",
	"bulletins.none.maintenance":           "現在、メンテナンス情報はありません。",
	"bulletins.col.title":                  "件名",
	"bulletins.col.period":                 "期間",
	"bulletins.col.state":                  "状況",
	"bulletins.key.open":                   "本文を表示",
	"bulletin.key.list":                    "一覧に戻る",
	"bulletin.kind":                        "種別",
	"bulletin.posted":                      "掲載日時",
	"bulletin.gone":                        "このお知らせは見つかりませんでした。",
	"bulletin.period":                      "%s ～ %s",
	"bulletin.period_open":                 "%s ～",
	"bulletin.state.outage.open":           "発生中",
	"bulletin.state.outage.scheduled":      "予定",
	"bulletin.state.outage.over":           "復旧済",
	"bulletin.state.maintenance.open":      "実施中",
	"bulletin.state.maintenance.scheduled": "予定",
	"bulletin.state.maintenance.over":      "終了",
	"bulletin.banner":                      "障害発生中: %s (お知らせ → 障害情報)",
	"bulletin.banner_more":                 "障害発生中 (%d件): %s (お知らせ → 障害情報)",
	"bulletin.banner_login":                "障害発生中 (F3キーで詳細): %s",
	"bulletin.banner_login_more":           "障害発生中 %d件 (F3キーで詳細): %s",
	"key.notices":                          "お知らせ",
	"bulletin.kind.outage":                 "障害",
	"bulletin.kind.maintenance":            "メンテナンス",
}

var bulletinsEn = map[string]string{
	"menu.group.notices":                   "Notices",
	"menu.outages":                         "Outage information",
	"menu.maintenance":                     "Maintenance information",
	"bulletins.title.outage":               "Outage information",
	"bulletins.title.maintenance":          "Maintenance information",
	"bulletins.lead":                       "Newest first. Enter shows the full text.",
	"bulletins.none.outage":                "There is no outage information at present.",
	"bulletins.none.maintenance":           "There is no maintenance information at present.",
	"bulletins.col.title":                  "Title",
	"bulletins.col.period":                 "Period",
	"bulletins.col.state":                  "Status",
	"bulletins.key.open":                   "show text",
	"bulletin.key.list":                    "back to the list",
	"bulletin.kind":                        "Kind",
	"bulletin.posted":                      "Posted",
	"bulletin.gone":                        "This notice was not found.",
	"bulletin.period":                      "%s - %s",
	"bulletin.period_open":                 "%s -",
	"bulletin.state.outage.open":           "Ongoing",
	"bulletin.state.outage.scheduled":      "Scheduled",
	"bulletin.state.outage.over":           "Resolved",
	"bulletin.state.maintenance.open":      "In progress",
	"bulletin.state.maintenance.scheduled": "Scheduled",
	"bulletin.state.maintenance.over":      "Ended",
	"bulletin.banner":                      "Outage: %s (Notices → Outage information)",
	"bulletin.banner_more":                 "%d outages: %s (Notices → Outage information)",
	"bulletin.banner_login":                "Outage (F3 for details): %s",
	"bulletin.banner_login_more":           "%d outages (F3 for details): %s",
	"key.notices":                          "notices",
	"bulletin.kind.outage":                 "Outage",
	"bulletin.kind.maintenance":            "Maintenance",
}
