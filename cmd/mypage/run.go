package main

import (
	"log/slog"

	"github.com/spf13/cobra"

	"mypage/core"
	"mypage/tui"
	"mypage/tui/paint"
)

func newRunCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Start the portal on this terminal (the default command)",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return runLocal(cmd, g) },
	}
	addThrottleFlags(cmd, g)
	return cmd
}

// runLocal runs the portal on the local terminal over the default database.
func runLocal(cmd *cobra.Command, g *globals) error {
	svc, db, err := g.openPortal()
	if err != nil {
		return err
	}
	defer db.Close()
	return runTUI(svc, g.lang, g.log)
}

// runTUI runs one program on this terminal until the user quits.
func runTUI(svc *core.Service, lang string, log *slog.Logger) error {
	m := tui.New(tui.Options{
		Service:  svc,
		Renderer: localRenderer(),
		Lang:     lang,
		Source:   "local",
		Logger:   log,
	})
	_, err := paint.NewLocal(m).Run()
	return err
}
