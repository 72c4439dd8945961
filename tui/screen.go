package tui

import (
	"mypage/core"
)

// Navigation messages, sent by screens to the root.
type (
	// logoutMsg ends the session.
	logoutMsg struct{}
	// loggedInMsg carries a successful login.
	loggedInMsg struct {
		session core.Session
		info    core.ContractInfo
		// plans are the contract's plan services: the menu offers the plan
		// procedures only where there is a plan to apply them to.
		plans []core.PlanView
	}
)
