package core_test

import (
	"fmt"
	"testing"

	"mypage/core"
)

// SPEC §3.1 allowances on "ご契約情報一覧", e.g. `2個 / 6個 (基本 6個)` and
// `1個 / 1個 (基本 1個 + 0個)`: the numbers behind each row (formatting is the screen's job).
func TestContractInfoAllowances(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	oneMulti, oneMultiHolder := e.newContract(t, "spaaqs-multi")
	e.register(t, oneMultiHolder, accountForm("suzuki-one", core.PermAdmin))
	ucomMV, _ := e.newContract(t, "ucom-mv")
	ucomME, _ := e.newContract(t, "ucom-me")

	// u is a Usage row: used, allowed, basic, extra, shown as "basic N + M".
	u := func(used, allowed, basic, extra int, hasExtra bool) core.Usage {
		return core.Usage{Used: used, Allowed: allowed, Basic: basic, Extra: extra, HasExtra: hasExtra}
	}
	tests := []struct {
		name       string
		number     string
		typeName   string
		accountIDs core.Usage
		mail, web  core.Usage
		storage    *core.Usage
		mailOption string
		options    []string // contract options listed beside the mail option, in catalog order
	}{
		{
			name: "demo multi (2 account IDs)", number: d.holder["spaaqs-multi"].Login,
			typeName:   "spaaqs 光 マンションマルチタイプ",
			accountIDs: u(2, 6, 6, 0, false), // 2個 / 6個 (基本 6個)
			mail:       u(0, 1, 1, 0, true),  // 0個 / 1個 (基本 1個 + 0個)
			web:        u(0, 1, 1, 0, true),
			storage:    &core.Usage{HasExtra: true}, // 0個 / 0個 (基本 0個 + 0個) without メールパック
			mailOption: "mailpack", options: []string{"remote-support", "warranty"},
		},
		{
			name: "multi with 1 account ID", number: oneMulti.Number,
			typeName:   "spaaqs 光 マンションマルチタイプ",
			accountIDs: u(1, 6, 6, 0, false), // 1個 / 6個 (基本 6個)
			mail:       u(0, 1, 1, 0, true),
			web:        u(0, 1, 1, 0, true),
			storage:    &core.Usage{HasExtra: true},
			mailOption: "mailpack", options: []string{"remote-support", "warranty"},
		},
		{
			name: "demo LAN (2 account IDs)", number: d.holder["spaaqs-lan"].Login,
			typeName:   "spaaqs 光 マンションLANタイプ",
			accountIDs: u(2, 5, 5, 0, false), // 2個 / 5個 (基本 5個)
			mail:       u(0, 0, 0, 0, true),  // 0個 / 0個 (基本 0個 + 0個) without メール&Webスペース
			web:        u(0, 0, 0, 0, true),
			mailOption: "mailweb", options: []string{"remote-support", "warranty"},
		},
		{
			name: "demo home (no account ID)", number: d.holder["spaaqs-home"].Login,
			typeName:   "spaaqs 光 ホームタイプ",
			accountIDs: u(0, 5, 5, 0, false),
			mail:       u(0, 0, 0, 0, true),
			web:        u(0, 0, 0, 0, true),
			mailOption: "mailweb", options: []string{"remote-support", "warranty"},
		},
		{
			name: "UCOM MV (multi, no warranty offered)", number: ucomMV.Number,
			typeName:   "UCOM光 レジデンス MV",
			accountIDs: u(0, 6, 6, 0, false),
			mail:       u(0, 1, 1, 0, true),
			web:        u(0, 1, 1, 0, true),
			storage:    &core.Usage{HasExtra: true},
			mailOption: "mailpack", options: []string{"remote-support"},
		},
		{
			name: "UCOM ME (LAN, no warranty offered)", number: ucomME.Number,
			typeName:   "UCOM光 レジデンス ME",
			accountIDs: u(0, 5, 5, 0, false),
			mail:       u(0, 0, 0, 0, true),
			web:        u(0, 0, 0, 0, true),
			mailOption: "mailweb", options: []string{"remote-support"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := core.Principal{Kind: core.KindHolder, Contract: tt.number, Source: "test"}
			info, err := e.svc.ContractInfo(p)
			if err != nil {
				t.Fatal(err)
			}
			if info.Number != tt.number || info.Type.Name != tt.typeName {
				t.Fatalf("contract %s of type %q", info.Number, info.Type.Name)
			}
			if info.AccountIDs != tt.accountIDs {
				t.Errorf("account IDs = %+v, want %+v", info.AccountIDs, tt.accountIDs)
			}
			if info.MailAccounts != tt.mail {
				t.Errorf("mail = %+v, want %+v", info.MailAccounts, tt.mail)
			}
			if info.WebSpaces != tt.web {
				t.Errorf("web = %+v, want %+v", info.WebSpaces, tt.web)
			}
			if fmt.Sprint(info.Storage) != fmt.Sprint(tt.storage) {
				t.Errorf("storage = %+v, want %+v", info.Storage, tt.storage)
			}
			if info.MailOption == nil || info.MailOption.Option.Code != tt.mailOption ||
				info.MailOption.State != core.OptionNotPurchased {
				t.Errorf("mail option = %+v, want %s not purchased", info.MailOption, tt.mailOption)
			}
			var codes []string
			for _, o := range info.Options {
				codes = append(codes, o.Option.Code)
				if o.State != core.OptionNotPurchased {
					t.Errorf("option %s is %q, want 未購入 (%q)", o.Option.Code, o.State, core.OptionNotPurchased)
				}
			}
			if fmt.Sprint(codes) != fmt.Sprint(tt.options) {
				t.Errorf("options = %v, want %v", codes, tt.options)
			}
		})
	}
}

// The account ID row follows registrations and deletions.
func TestContractInfoFollowsAccounts(t *testing.T) {
	e := newEnv(t)
	_, holder := e.newContract(t, "spaaqs-vdsl")
	used := func() int {
		info, err := e.svc.ContractInfo(holder)
		if err != nil {
			t.Fatal(err)
		}
		return info.AccountIDs.Used
	}
	for i := 1; i <= 3; i++ {
		e.register(t, holder, accountForm(fmt.Sprintf("vdsl-%d", i), core.PermUser))
		if got := used(); got != i {
			t.Fatalf("after %d registrations used = %d", i, got)
		}
	}
	if err := e.svc.DeleteAccount(holder, e.svc.NewToken(), "vdsl-2"); err != nil {
		t.Fatal(err)
	}
	if got := used(); got != 2 {
		t.Fatalf("after a deletion used = %d, want 2", got)
	}
}
