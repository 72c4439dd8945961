package tui

import (
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

// BenchmarkKeystroke is one key press (Update and View) on the statement and
// on アカウントID管理, at the default terminal size and a large one.
func BenchmarkKeystroke(b *testing.B) {
	for _, screen := range []struct {
		name string
		to   route
	}{
		{"statement", routeStatement{month: "2026-10"}},
		{"accounts", routeAccounts{}},
	} {
		for _, size := range [][2]int{{80, 24}, {132, 40}} {
			b.Run(fmt.Sprintf("%s/%dx%d", screen.name, size[0], size[1]), func(b *testing.B) {
				f := newHistoryFixture(b)
				holder := f.login("holder", 0)
				sess, err := f.svc.Login(core.LoginCustomerNumber, holder.Login, holder.Password, "bench")
				if err != nil {
					b.Fatal(err)
				}
				info, _ := f.svc.ContractInfo(sess.Principal)
				var m tea.Model = New(Options{Service: f.svc, Renderer: asciiRenderer()})
				m = run(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				m = run(m, loggedInMsg{session: sess, info: info})
				m = run(m, openMsg{to: screen.to})
				keys := []tea.KeyMsg{{Type: tea.KeyDown}, {Type: tea.KeyUp}}
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					m, _ = m.Update(keys[i%2])
					_ = m.View()
				}
			})
		}
	}
}
