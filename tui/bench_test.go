package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
)

// run applies a message and every command it leads to, synchronously, as the
// program would (batches included; timers are skipped).
func run(m tea.Model, msg tea.Msg) tea.Model {
	queue := []tea.Msg{msg}
	for len(queue) > 0 {
		var cmd tea.Cmd
		m, cmd = m.Update(queue[0])
		queue = append(queue[1:], drain(cmd)...)
	}
	return m
}

func drain(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, drain(c)...)
		}
		return out
	case nil:
		return nil
	default:
		return []tea.Msg{msg}
	}
}

// BenchmarkAccountListKeystroke is one key press on アカウントID管理: Update and View.
func BenchmarkAccountListKeystroke(b *testing.B) {
	f := newFixture(b)
	holder := f.login("holder", 0)
	sess, err := f.svc.Login(core.LoginCustomerNumber, holder.Login, holder.Password, "bench")
	if err != nil {
		b.Fatal(err)
	}
	info, _ := f.svc.ContractInfo(sess.Principal)
	var m tea.Model = New(Options{Service: f.svc, Renderer: asciiRenderer()})
	m = run(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = run(m, loggedInMsg{session: sess, info: info})
	m = run(m, openMsg{entry: entryAccounts})
	keys := []tea.KeyMsg{{Type: tea.KeyDown}, {Type: tea.KeyUp}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m, _ = m.Update(keys[i%2])
		_ = m.View()
	}
}
