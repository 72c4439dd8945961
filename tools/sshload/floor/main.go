// Command floor is the bare wish + Bubble Tea server that sshload measures
// mypage against: one line on the screen (with a count of the keys pressed, so
// that key → screen can be measured too), the same PTY handling as the portal
// and nothing else.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/charmbracelet/wish/activeterm"
	bm "github.com/charmbracelet/wish/bubbletea"
)

type model struct {
	style lipgloss.Style
	keys  int
}

func (m model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		if k.Type == tea.KeyCtrlC {
			return m, tea.Quit
		}
		m.keys++
	}
	return m, nil
}

func (m model) View() string {
	return m.style.Render(fmt.Sprintf("floor %d", m.keys)) + "\n"
}

func main() {
	addr := flag.String("addr", "127.0.0.1:2223", "listen on this HOST:PORT")
	hostKey := flag.String("host-key", "floor_host_ed25519", "host key FILE, created once if missing")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))

	srv, err := wish.NewServer(
		wish.WithAddress(*addr),
		wish.WithHostKeyPath(*hostKey),
		wish.WithMiddleware(
			bm.Middleware(func(sess ssh.Session) (tea.Model, []tea.ProgramOption) {
				r := bm.MakeRenderer(sess)
				m := model{style: r.NewStyle().Foreground(lipgloss.Color("212"))}
				return m, []tea.ProgramOption{tea.WithAltScreen()}
			}),
			activeterm.Middleware(),
		),
	)
	if err != nil {
		log.Error("cannot make the server", "err", err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, ssh.ErrServerClosed) {
			log.Error("serve", "err", err)
			stop()
		}
	}()
	log.Info("floor listening", "addr", *addr)
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
}
