package main

import (
	"errors"
	"os"
	"os/signal"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/spf13/cobra"

	"mypage/tui"
	"mypage/tui/paint"
)

func newKioskCmd(g *globals) *cobra.Command {
	var idle time.Duration
	cmd := &cobra.Command{
		Use:   "kiosk",
		Short: "Start the portal as a kiosk: no key quits, idle sessions return to the login screen",
		Long: "kiosk runs the portal on this terminal for a shared machine. No key ends the program\n" +
			"(Ctrl+C reaches the portal as a key); after --idle without input, or on logout, every\n" +
			"screen is cleared and the login screen returns. SIGTERM or SIGHUP from the system ends it.",
		Args: cobra.NoArgs,
		PreRunE: func(cmd *cobra.Command, args []string) error {
			// A shared machine must not keep a session open for the next person: no 0 here.
			return durationBound{flag: "--idle", min: idleBound.min, max: idleBound.max}.check(idle)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, db, err := g.openPortal()
			if err != nil {
				return err
			}
			defer db.Close()
			m := tui.New(tui.Options{
				Service:     svc,
				Renderer:    localRenderer(),
				Lang:        g.lang,
				Source:      "kiosk",
				Kiosk:       true,
				IdleTimeout: idle,
				Logger:      g.log,
			})
			// Without Bubble Tea's signal handler Ctrl+C arrives as a key, which the
			// kiosk ignores; only the system's SIGTERM or SIGHUP ends the program.
			p := paint.NewLocal(m, tea.WithoutSignalHandler())
			signal.Ignore(syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTSTP)
			stop := make(chan os.Signal, 1)
			signal.Notify(stop, syscall.SIGTERM, syscall.SIGHUP)
			defer signal.Stop(stop)
			done := make(chan struct{})
			defer close(done)
			go func() {
				select {
				case <-stop:
					// The session is logged out (audited) and the screen says why before it ends.
					p.Send(tui.ShutdownMsg{})
				case <-done:
				}
			}()
			_, err = p.Run()
			if errors.Is(err, tea.ErrProgramKilled) {
				return nil
			}
			return err
		},
	}
	cmd.Flags().DurationVar(&idle, "idle", 5*time.Minute, "return to an empty login screen after this long without input")
	addThrottleFlags(cmd, g)
	return cmd
}
