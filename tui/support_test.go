package tui

import (
	"mypage/core"
)

func opOf() core.Principal { return core.Operator("test") }

// holderOf is the principal of the first demo contract's holder.
func holderOf(f *fixture) core.Principal {
	s, err := f.svc.Login(core.LoginCustomerNumber, f.login("holder", 0).Login, f.login("holder", 0).Password, "test")
	if err != nil {
		panic(err)
	}
	return s.Principal
}
