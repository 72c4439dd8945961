package main

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"mypage/core"
)

func newClockCmd(g *globals) *cobra.Command {
	clock := &cobra.Command{
		Use:   "clock",
		Short: "Show, set or advance the demo clock of a demo database",
		Long: "clock moves the time of a demo database (one made by \"mypage demo\"): every\n" +
			"process that uses the database, a running portal or front-end included, follows it at its\n" +
			"next transaction; the header of open sessions shows the new date within seconds.\n" +
			"Months the clock passes are closed: their statements become final (確定).\n" +
			"The clock of a database that is not a demo cannot be moved.",
		Args: cobra.NoArgs,
	}
	clock.AddCommand(newClockShowCmd(g), newClockSetCmd(g), newClockAdvanceCmd(g))
	return clock
}

func newClockShowCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "show",
		Short: "Print the service clock's time and how far it is from the real one",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, db, err := g.openReadOnly()
			if err != nil {
				return err
			}
			defer db.Close()
			now, offset, err := svc.Time()
			if err != nil {
				return err
			}
			return printClock(cmd.OutOrStdout(), now, offset)
		},
	}
}

func newClockSetCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "set DATE",
		Short: "Move the demo clock to a date (YYYY-MM-DD, 00:00 JST) or a time (RFC 3339)",
		Example: "  mypage --db demo.db admin clock set 2026-12-01\n" +
			"  mypage --db demo.db admin clock set 2026-12-01T09:30:00+09:00",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := parseClockTime(args[0])
			if err != nil {
				return err
			}
			return moveClock(cmd.OutOrStdout(), g, func(svc *core.Service) (time.Time, int, error) {
				return svc.SetClock(operator, t)
			})
		},
	}
}

func newClockAdvanceCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "advance PERIOD",
		Short: "Move the demo clock forward by months and days: 1m, 10d, 1m10d",
		Long: "advance moves the demo clock forward by months (m) and days (d): 1m is one\n" +
			"month, not one minute, and 16m is sixteen months. The clock never goes back,\n" +
			"so check the period before you press Enter; use clock set for a given time.",
		Example: "  mypage --db demo.db admin clock advance 1m\n" +
			"  mypage --db demo.db admin clock advance 1m10d",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			months, days, err := parsePeriod(args[0])
			if err != nil {
				return err
			}
			return moveClock(cmd.OutOrStdout(), g, func(svc *core.Service) (time.Time, int, error) {
				return svc.AdvanceClock(operator, months, days)
			})
		},
	}
}

// moveClock opens the database, moves its clock and reports the result.
func moveClock(w io.Writer, g *globals, move func(*core.Service) (time.Time, int, error)) error {
	svc, db, err := g.openDefault()
	if err != nil {
		return err
	}
	defer db.Close()
	now, closed, err := move(svc)
	if errors.Is(err, core.ErrNotDemo) {
		return fmt.Errorf("%s is not a demo database: only the clock of a database made by \"mypage demo\" can be moved", db.Describe())
	}
	if err != nil {
		return err
	}
	if err := printClock(w, now, svc.ClockOffset()); err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "Closed months of %d contract(s).\n", closed)
	return err
}

func printClock(w io.Writer, now time.Time, offset time.Duration) error {
	fmt.Fprintf(w, "Clock: %s (JST)\n", now.In(core.JST).Format("2006-01-02 15:04:05 Mon"))
	if offset == 0 {
		_, err := fmt.Fprintln(w, "The real clock (no demo offset).")
		return err
	}
	_, err := fmt.Fprintf(w, "Demo offset from the real clock: %s\n", offsetText(offset))
	return err
}

// offsetText writes an offset in days, hours and minutes: +30d 2h05m.
func offsetText(d time.Duration) string {
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	d = d.Round(time.Minute)
	days := d / (24 * time.Hour)
	d -= days * 24 * time.Hour
	return fmt.Sprintf("%s%dd %dh%02dm", sign, days, d/time.Hour, (d%time.Hour)/time.Minute)
}

// parseClockTime reads YYYY-MM-DD (midnight in JST) or an RFC 3339 time.
func parseClockTime(s string) (time.Time, error) {
	if t, err := time.ParseInLocation("2006-01-02", s, core.JST); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(core.JST), nil
	}
	return time.Time{}, fmt.Errorf("%q is not a date YYYY-MM-DD or a time like 2026-12-01T09:00:00+09:00", s)
}

var periodFormat = regexp.MustCompile(`^(?:([0-9]{1,4})m)?(?:([0-9]{1,5})d)?$`)

// Bounds of one advance: a hundred years at most.
const (
	maxAdvanceMonths = 1200
	maxAdvanceDays   = 36500
)

// parsePeriod reads months and days: 1m, 10d, 1m10d.
func parsePeriod(s string) (months, days int, err error) {
	bad := fmt.Errorf("%q is not a period of months and days such as 1m, 10d or 1m10d", s)
	sub := periodFormat.FindStringSubmatch(s)
	if sub == nil || sub[1] == "" && sub[2] == "" {
		return 0, 0, bad
	}
	if sub[1] != "" {
		months, _ = strconv.Atoi(sub[1])
	}
	if sub[2] != "" {
		days, _ = strconv.Atoi(sub[2])
	}
	switch {
	case months == 0 && days == 0:
		return 0, 0, fmt.Errorf("%q does not move the clock", s)
	case months > maxAdvanceMonths || days > maxAdvanceDays:
		return 0, 0, fmt.Errorf("%q is too far: at most %dm or %dd at once", s, maxAdvanceMonths, maxAdvanceDays)
	}
	return months, days, nil
}
