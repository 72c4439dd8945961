package tui

import (
	"strings"

	"mypage/core"
	"mypage/tui/common"
)

// Menu entry IDs.
const (
	entryContractInfo     = "contract-info"
	entryCustomerInfo     = "customer-info"
	entryCustomerPassword = "customer-password"
	entryAccounts         = "accounts"
	entryAccountForm      = "account-form"   // reached from the account list
	entryAccountDelete    = "account-delete" // reached from the account list
	entryLogout           = "logout"
	entryOption           = "option"       // one contract option's page (arg: option code)
	entryOptionGroup      = "option-group" // the options of a group (arg: groupArg)
	entryAccountOptions   = "account-options"
	entryMailAddress      = "mail-address" // arg: account ID
	entryMailForward      = "mail-forward" // arg: account ID
	entryAutoReply        = "auto-reply"   // arg: account ID
	entryWebSpace         = "web-space"    // arg: account ID
	entryInfo             = "info"         // arg: info page code
	entryStatements       = "statements"
	entryStatement        = "statement" // arg: YYYY-MM
	entryCalls            = "calls"     // arg: call service code
	entryPayment          = "payment"

	argRegisterFirst = "\x00first" // the account form opened by the first-login rule
)

type menuEntry struct {
	id    string
	arg   string
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
// use, as core's matrix says. The option entries come from the catalog.
func buildMenu(sh *common.Common, t core.ContractType) []menuGroup {
	cat := sh.Svc.Catalog()
	groups := []menuGroup{
		{title: "menu.group.contract", entries: []menuEntry{
			{id: entryContractInfo, label: "menu.contract_info", fn: core.FnContractInfoView},
		}},
		{title: "menu.group.procedures", entries: []menuEntry{
			{id: entryCustomerInfo, label: "menu.customer_info", fn: core.FnContractChange},
			{id: entryCustomerPassword, label: "menu.customer_password", fn: core.FnContractChange},
			{id: entryPayment, label: "menu.payment", fn: core.FnPayment},
		}},
	}
	billing := []menuEntry{{id: entryStatements, label: "menu.statements", fn: core.FnStatements}}
	for _, c := range core.CallServices {
		billing = append(billing, menuEntry{id: entryCalls, arg: c.Code, label: "menu.calls." + c.Code, fn: core.FnStatements})
	}
	groups = append(groups, menuGroup{title: "menu.group.billing", entries: billing})
	var options []menuEntry
	seen := map[string]bool{}
	for _, o := range cat.ContractOptions(t) {
		if seen[o.Group] {
			continue
		}
		seen[o.Group] = true
		entry := menuEntry{id: entryOption, arg: o.Code, label: sh.OptionName(o), literal: true, fn: groupFunctions[o.Group]}
		switch {
		case o.ExtendsAllowance:
			entry.label, entry.literal = "menu.mail_service", false
		case len(groupMembers(cat, t, o.Group)) > 1:
			entry.id, entry.arg = entryOptionGroup, groupArg(o.Group, "", false)
		}
		options = append(options, entry)
	}
	for _, p := range cat.InfoPages {
		if len(p.Families) > 0 && !containsFamily(p.Families, t.Family) {
			continue
		}
		e := menuEntry{id: entryInfo, arg: p.Code, label: p.Name, literal: true, fn: core.FnContractInfoView}
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
			{id: entryAccounts, label: "menu.accounts", fn: core.FnAccountList},
			{id: entryAccountOptions, label: "menu.account_options", fn: core.FnAccountList},
		}},
		menuGroup{entries: []menuEntry{{id: entryLogout, label: "menu.logout"}}},
	)
	var out []menuGroup
	for _, g := range groups {
		var kept []menuEntry
		for _, e := range g.entries {
			// An admin ID sees the billing entries and steps up to the holder on opening them.
			if e.fn == "" || core.Can(sh.Who, e.fn) || (e.fn == core.FnStatements && sh.Who.Permission == core.PermAdmin) {
				kept = append(kept, e)
			}
		}
		if len(kept) > 0 {
			out = append(out, menuGroup{title: g.title, entries: kept})
		}
	}
	return out
}

// groupFunctions is the matrix row that decides whether an option group's entry is shown.
var groupFunctions = map[string]core.Function{
	"mail": core.FnMailOption, "remote-support": core.FnRemoteSupport, "warranty": core.FnWarranty, "security": core.FnSecurity,
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

// groupArg packs the argument of an option group screen.
func groupArg(group, account string, status bool) string {
	s := group + "|" + account
	if status {
		s += "|status"
	}
	return s
}

func parseGroupArg(arg string) (group, account string, status bool) {
	parts := strings.SplitN(arg, "|", 3)
	group = parts[0]
	if len(parts) > 1 {
		account = parts[1]
	}
	return group, account, len(parts) > 2 && parts[2] == "status"
}

func flatEntries(groups []menuGroup) []menuEntry {
	var out []menuEntry
	for _, g := range groups {
		out = append(out, g.entries...)
	}
	return out
}

// menuKeyOf is the sidebar entry a screen belongs to.
func menuKeyOf(id, arg string) string {
	switch id {
	case entryAccountForm, entryAccountDelete:
		return entryAccounts
	case entryStatement:
		return entryStatements + "|"
	case entryMailAddress, entryMailForward, entryAutoReply, entryWebSpace:
		return entryAccountOptions
	case entryOptionGroup:
		if _, account, _ := parseGroupArg(arg); account != "" {
			return entryAccountOptions
		}
	}
	if arg == argRegisterFirst {
		return id
	}
	return id + "|" + arg
}

// entryKey identifies a sidebar entry (the same screen serves several options).
func entryKey(e menuEntry) string {
	if e.id == entryAccounts || e.id == entryAccountOptions {
		return e.id
	}
	return e.id + "|" + e.arg
}

// newScreen builds the screen of an entry.
func newScreen(sh *common.Common, id, arg string) screen {
	switch id {
	case entryStatements, entryStatement, entryCalls:
		if sh.NeedsStepUp() {
			return newStepUpScreen(sh, id, arg)
		}
	}
	switch id {
	case entryStatements:
		return newStatementsScreen(sh)
	case entryStatement:
		return newStatementScreen(sh, arg)
	case entryCalls:
		return newCallsScreen(sh, arg)
	case entryPayment:
		return newPaymentScreen(sh)
	case entryContractInfo:
		return newContractInfoScreen(sh)
	case entryCustomerInfo:
		return newCustomerInfoScreen(sh)
	case entryCustomerPassword:
		return newCustomerPasswordScreen(sh)
	case entryAccounts:
		if arg == argRegisterFirst {
			return newAccountFormScreen(sh, "", true)
		}
		return newAccountsScreen(sh)
	case entryAccountForm:
		return newAccountFormScreen(sh, arg, false)
	case entryAccountDelete:
		return newAccountDeleteScreen(sh, arg)
	case entryAccountOptions:
		return newAccountOptionsScreen(sh, arg)
	case entryMailAddress:
		return newMailAddressScreen(sh, arg)
	case entryMailForward, entryAutoReply, entryWebSpace:
		return newMailSettingScreen(sh, id, arg)
	case entryOption:
		finish := open(entryOption, arg)
		if o, ok := sh.Svc.Catalog().Option(arg); ok && o.ExtendsAllowance {
			finish = open(entryAccountOptions, "") // after buying the mail option, register addresses
		}
		return newOptionScreen(sh, arg, "", common.Send(common.BackToMenuMsg{}), finish)
	case entryOptionGroup:
		group, account, status := parseGroupArg(arg)
		return newOptionGroupScreen(sh, group, account, status)
	case entryInfo:
		return newInfoScreen(sh, arg)
	}
	return nil
}
