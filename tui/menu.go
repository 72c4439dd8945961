package tui

import (
	"mypage/core"
	"mypage/tui/common"
)

type menuEntry struct {
	route route
	label string // message key, or the text itself when literal is set
	fn    core.Function
	// literal labels come from the catalog (option and info page names).
	literal bool
}

type menuGroup struct {
	title   string // message key; empty for the ungrouped tail
	entries []menuEntry
}

// buildMenu is the sidebar tree of seed 003 §4–§5 with the entries the principal may
// use, as core's matrix says. The option entries come from the catalog; the plan
// procedures show where the contract holds a plan service (SPEC §3.3, §11).
func buildMenu(sh *common.Common, t core.ContractType, plans []core.PlanView) []menuGroup {
	cat := sh.Svc.Catalog()
	procedures := []menuEntry{
		{route: routeCustomerInfo{}, label: "menu.customer_info", fn: core.FnContractChange},
		{route: routeCustomerPassword{}, label: "menu.customer_password", fn: core.FnContractChange},
		{route: routePayment{}, label: "menu.payment", fn: core.FnPayment},
		// The paper procedures follow お支払い方法変更 as in seed 003, then their history.
		{route: routeRequestChange{}, label: "menu.request_change", fn: core.FnRequest},
		{route: routeRequestGuide{}, label: "menu.request_guide", fn: core.FnRequest},
		{route: routeRequests{}, label: "menu.request_history", fn: core.FnRequest},
	}
	// プラン変更 appears where some plan can change: not for a 年会費制 plan alone.
	changeable, membership := planKinds(plans)
	if changeable {
		procedures = append(procedures, menuEntry{route: routePlanChange{}, label: "menu.plan_change", fn: core.FnPlanChange})
	}
	// 契約更新・再契約 appears where a plan service has not ended (SPEC §11.3).
	for _, v := range plans {
		if v.State != core.PlanEnded {
			procedures = append(procedures, menuEntry{route: routeRenew{}, label: "menu.renew", fn: core.FnRenew})
			break
		}
	}
	// 自動更新の設定 appears where a plan service is in use (SPEC §11.3).
	for _, v := range plans {
		if v.State == core.PlanInUse {
			procedures = append(procedures, menuEntry{route: routeAutoRenew{}, label: "menu.auto_renew", fn: core.FnRenew})
			break
		}
	}
	if hasPlanService(plans) {
		procedures = append(procedures, menuEntry{route: routePlanCancel{}, label: "menu.plan_cancel", fn: core.FnPlanCancel})
	}
	groups := []menuGroup{
		{title: "menu.group.contract", entries: []menuEntry{
			{route: routeContractInfo{}, label: "menu.contract_info", fn: core.FnContractInfoView},
		}},
		{title: "menu.group.procedures", entries: procedures},
	}
	billing := []menuEntry{{route: routeStatements{}, label: "menu.statements", fn: core.FnStatements}}
	for _, c := range core.CallServices {
		billing = append(billing, menuEntry{route: routeCalls{service: c.Code}, label: "menu.calls." + c.Code, fn: core.FnStatements})
	}
	groups = append(groups, menuGroup{title: "menu.group.billing", entries: billing})
	var options []menuEntry
	seen := map[string]bool{}
	for _, o := range cat.ContractOptions(t) {
		if seen[o.Group] {
			continue
		}
		seen[o.Group] = true
		entry := menuEntry{route: routeOption{code: o.Code}, label: sh.OptionName(o), literal: true, fn: groupFunctions[o.Group]}
		switch {
		case o.ExtendsAllowance:
			entry.label, entry.literal = "menu.mail_service", false
		case len(groupMembers(cat, t, o.Group)) > 1:
			entry.route = routeOptionGroup{group: o.Group}
		}
		options = append(options, entry)
	}
	if membership {
		// The annual options add to the 年会費制 plan (SPEC §11.2).
		options = append(options, menuEntry{route: routeOptionGroup{group: annualGroup}, label: "menu.annual_options", fn: core.FnAnnualOption})
	}
	for _, p := range cat.InfoPages {
		if len(p.Families) > 0 && !containsFamily(p.Families, t.Family) {
			continue
		}
		e := menuEntry{route: routeInfo{code: p.Code}, label: p.Name, literal: true, fn: core.FnContractInfoView}
		if sh.Msg.Lang() == "en" {
			e.label = p.NameEn
		}
		if p.HolderOnly {
			e.fn = core.FnPartner
		}
		options = append(options, e)
	}
	groups = append(groups,
		menuGroup{title: "menu.group.options", entries: options},
		menuGroup{title: "menu.group.account_options", entries: []menuEntry{
			{route: routeAccounts{}, label: "menu.accounts", fn: core.FnAccountList},
			{route: routeAccountOptions{}, label: "menu.account_options", fn: core.FnAccountList},
		}},
		// 障害情報 / メンテナンス情報 are read by every login (SPEC §4.3).
		menuGroup{title: "menu.group.notices", entries: []menuEntry{
			{route: routeBulletins{kind: core.BulletinOutage}, label: "menu.outages", fn: core.FnBulletins},
			{route: routeBulletins{kind: core.BulletinMaintenance}, label: "menu.maintenance", fn: core.FnBulletins},
		}},
		// 退会 is the holder's (SPEC §4.3); an admin ID steps up to it.
		menuGroup{title: "menu.group.other", entries: []menuEntry{
			{route: routeWithdraw{}, label: "menu.withdraw", fn: core.FnWithdraw},
		}},
		// よくある質問 reads only the catalog: every login sees it (no matrix row).
		menuGroup{title: "menu.group.support", entries: []menuEntry{
			{route: routeFAQ{}, label: "menu.faq"},
			// Every login writes an inquiry and reads its tickets (FnInquiry).
			{route: routeInquiry{}, label: "menu.inquiry", fn: core.FnInquiry},
			{route: routeTickets{}, label: "menu.tickets", fn: core.FnInquiry},
			// コールバック予約 and its bookings: every login, each its own (FnCallback).
			{route: routeCallback{}, label: "menu.callback", fn: core.FnCallback},
			{route: routeCallbacks{}, label: "menu.callbacks", fn: core.FnCallback},
		}},
		menuGroup{entries: []menuEntry{{route: routeLogout{}, label: "menu.logout"}}},
	)
	var out []menuGroup
	for _, g := range groups {
		var kept []menuEntry
		for _, e := range g.entries {
			// An admin ID sees the entries a step-up reaches (statements, 退会) and
			// steps up to the holder on opening them.
			if e.fn == "" || core.Can(sh.Who, e.fn) || (sh.Who.Kind == core.KindAccount && sh.Who.Permission == core.PermAdmin && core.Can(core.Principal{Kind: core.KindStepUp}, e.fn)) {
				kept = append(kept, e)
			}
		}
		if len(kept) > 0 {
			out = append(out, menuGroup{title: g.title, entries: kept})
		}
	}
	return out
}

// annualGroup is the catalog group of the annual options (core.RuleAnnual).
const annualGroup = "annual"

// planKinds reports whether the contract holds a hosting plan and a 年会費制
// membership plan that have not ended.
func planKinds(plans []core.PlanView) (changeable, membership bool) {
	for _, v := range plans {
		if v.State == core.PlanEnded {
			continue
		}
		if v.Plan.Kind == core.PlanMembership {
			membership = true
		}
		if len(v.Targets) > 0 {
			changeable = true
		}
	}
	return changeable, membership
}

// groupFunctions is the matrix row that decides whether an option group's entry is shown.
var groupFunctions = map[string]core.Function{
	"mail": core.FnMailOption, "remote-support": core.FnRemoteSupport, "warranty": core.FnWarranty, "security": core.FnSecurity,
	annualGroup: core.FnAnnualOption,
}

// groupMembers lists the options of a group offered to the contract type.
func groupMembers(cat *core.Catalog, t core.ContractType, group string) []core.Option {
	var out []core.Option
	for _, o := range cat.Options {
		if o.Group == group && o.OfferedTo(t) {
			out = append(out, o)
		}
	}
	return out
}

func containsFamily(fs []core.Family, f core.Family) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}

func flatEntries(groups []menuGroup) []menuEntry {
	var out []menuEntry
	for _, g := range groups {
		out = append(out, g.entries...)
	}
	return out
}
