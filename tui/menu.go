package tui

import "mypage/core"

// Menu entry IDs.
const (
	entryContractInfo     = "contract-info"
	entryCustomerInfo     = "customer-info"
	entryCustomerPassword = "customer-password"
	entryAccounts         = "accounts"
	entryAccountForm      = "account-form"   // reached from the account list
	entryAccountDelete    = "account-delete" // reached from the account list
	entryLogout           = "logout"

	argRegisterFirst = "\x00first" // the account form opened by the first-login rule
)

type menuEntry struct {
	id    string
	label string // message key
	fn    core.Function
}

type menuGroup struct {
	title   string // message key; empty for the ungrouped tail
	entries []menuEntry
}

// fullMenu is the sidebar tree of seed 003 §4–§5 with the entries that work so far.
var fullMenu = []menuGroup{
	{title: "menu.group.contract", entries: []menuEntry{
		{id: entryContractInfo, label: "menu.contract_info", fn: core.FnContractInfoView},
	}},
	{title: "menu.group.procedures", entries: []menuEntry{
		{id: entryCustomerInfo, label: "menu.customer_info", fn: core.FnContractChange},
		{id: entryCustomerPassword, label: "menu.customer_password", fn: core.FnContractChange},
	}},
	{title: "menu.group.account_options", entries: []menuEntry{
		{id: entryAccounts, label: "menu.accounts", fn: core.FnAccountList},
	}},
	{entries: []menuEntry{{id: entryLogout, label: "menu.logout"}}},
}

// buildMenu keeps the entries the principal may use, as core's matrix says.
func buildMenu(sh *shared) []menuGroup {
	var out []menuGroup
	for _, g := range fullMenu {
		var kept []menuEntry
		for _, e := range g.entries {
			if e.fn == "" || core.Can(sh.who, e.fn) {
				kept = append(kept, e)
			}
		}
		if len(kept) > 0 {
			out = append(out, menuGroup{title: g.title, entries: kept})
		}
	}
	return out
}

func flatEntries(groups []menuGroup) []menuEntry {
	var out []menuEntry
	for _, g := range groups {
		out = append(out, g.entries...)
	}
	return out
}

// menuEntryOf is the sidebar entry a screen belongs to.
func menuEntryOf(id string) string {
	switch id {
	case entryAccountForm, entryAccountDelete:
		return entryAccounts
	}
	return id
}

// newScreen builds the screen of an entry.
func newScreen(sh *shared, id, arg string) screen {
	switch id {
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
	}
	return nil
}
