package core_test

import (
	"testing"

	"mypage/core"
)

// ListAccounts says of every row whether the principal may delete it and why
// not, by the rule DeleteAccount applies.
func TestAccountDeleteBlock(t *testing.T) {
	e := newEnv(t)
	d := e.seedDemo(t)
	admin, user := d.account["spaaqs-multi"]["admin"], d.account["spaaqs-multi"]["user"]
	for _, c := range []struct {
		name   string
		who    core.Principal
		row    string
		want   string
		delete error // what DeleteAccount says to the same principal on the same row
	}{
		{"holder, any ID", e.holderOf(t, d.holder["spaaqs-multi"]), user.Login, "", nil},
		{"admin, another ID", e.accountOf(t, admin), user.Login, "", nil},
		{"admin, its own ID", e.accountOf(t, admin), admin.Login, core.DeleteBlockSelf, core.ErrForbidden},
		{"user, its own ID", e.accountOf(t, user), user.Login, core.DeleteBlockForbidden, core.ErrForbidden},
	} {
		t.Run(c.name, func(t *testing.T) {
			list, err := e.svc.ListAccounts(c.who)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, a := range list.Accounts {
				if a.ID == c.row {
					found = true
					if a.DeleteBlock != c.want {
						t.Errorf("DeleteBlock of %s = %q, want %q", a.ID, a.DeleteBlock, c.want)
					}
				}
			}
			if !found {
				t.Fatalf("%s is not listed", c.row)
			}
			if c.delete == nil {
				return // an allowed deletion is not carried out: the rows after it still need the ID
			}
			wantErr(t, e.svc.DeleteAccount(c.who, e.svc.NewToken(), c.row), c.delete)
		})
	}
}
