package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"mypage/core"
)

// newNoticeCmd groups the outage and maintenance notices (障害情報 / メンテナンス情報)
// that every subscriber reads on My Page, also on the login screen.
func newNoticeCmd(g *globals) *cobra.Command {
	notice := &cobra.Command{
		Use:   "notice",
		Short: "Post, list and close the outage and maintenance notices (障害情報 / メンテナンス情報)",
		Args:  cobra.NoArgs,
	}
	notice.AddCommand(newNoticeAddCmd(g), newNoticeListCmd(g), newNoticeCloseCmd(g))
	return notice
}

// bodyFileMax bounds what is read of --body-file: more than the limit is refused anyway.
const bodyFileMax = 64 << 10

func newNoticeAddCmd(g *globals) *cobra.Command {
	var kind, title, bodyFile, titleEn, bodyFileEn, from, until string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "add --kind outage|maintenance --title TITLE --body-file FILE [--title-en T --body-file-en F] [--from T] [--until T]",
		Short: "Post a notice; an open outage shows on the login screen and every screen's header",
		Long: "add posts a notice. Its period (--from, --until, JST) is optional: YYYY-MM-DD or\n" +
			"YYYY-MM-DDTHH:MM; a day alone as --until means the end of that day. A notice is open\n" +
			"from --from (or at once) until --until passes or it is closed; every running\n" +
			"session shows an open outage within seconds.\n" +
			fmt.Sprintf("The title is one line of at most %d characters, the body at most %d; neither\n", core.BulletinTitleMax, core.BulletinBodyMax) +
			"may hold control characters (other than the body's line feeds) or bidi overrides.\n" +
			"--title-en and --body-file-en give the English text, by the same rules, both or\n" +
			"neither: an English session shows it, or the Japanese text when there is none.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			n := core.NewBulletin{Kind: core.BulletinKind(kind), Title: title}
			if bodyFile == "" {
				return errors.New("--body-file: required; the file of the notice's text (UTF-8)")
			}
			body, err := readBodyFile("--body-file", bodyFile)
			if err != nil {
				return err
			}
			n.Body = body
			n.TitleEn = titleEn
			if bodyFileEn != "" {
				if n.BodyEn, err = readBodyFile("--body-file-en", bodyFileEn); err != nil {
					return err
				}
			}
			if from != "" {
				t, err := core.ParseBulletinTime(from, false)
				if err != nil {
					return fmt.Errorf("--from: %s is %s", quoted(from), err)
				}
				n.From = &t
			}
			if until != "" {
				t, err := core.ParseBulletinTime(until, true)
				if err != nil {
					return fmt.Errorf("--until: %s is %s", quoted(until), err)
				}
				n.Until = &t
			}
			svc, db, err := g.openDefault()
			if err != nil {
				return err
			}
			defer db.Close()
			b, err := svc.AddBulletin(operator, n)
			if pr := core.FieldProblems(err); pr != nil {
				for _, field := range []string{core.FieldBulletinKind, core.FieldBulletinTitle, core.FieldBulletinBody,
					core.FieldBulletinTitleEn, core.FieldBulletinBodyEn, core.FieldBulletinUntil} {
					if code, ok := pr[field]; ok {
						fmt.Fprintf(cmd.ErrOrStderr(), "mypage: refused: %s: %s\n", noticeFlag(field), noticeProblem(field, code))
					}
				}
				return exitError{code: 2}
			}
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), b)
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Posted notice %d (%s): %s\n", b.Number, b.Kind, core.EscapeLine(b.Title))
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&kind, "kind", "", "outage (障害情報) or maintenance (メンテナンス情報)")
	f.StringVar(&title, "title", "", "the notice's title, one line")
	f.StringVar(&bodyFile, "body-file", "", "`FILE` holding the notice's text (UTF-8, several lines)")
	f.StringVar(&titleEn, "title-en", "", "the notice's title in English, one line (optional, with --body-file-en)")
	f.StringVar(&bodyFileEn, "body-file-en", "", "`FILE` holding the notice's text in English (optional, with --title-en)")
	f.StringVar(&from, "from", "", "start of the period, `YYYY-MM-DD[THH:MM]` (JST)")
	f.StringVar(&until, "until", "", "end of the period, `YYYY-MM-DD[THH:MM]` (JST); a day alone is its end")
	f.BoolVar(&asJSON, "json", false, "print the notice as JSON")
	return cmd
}

// readBodyFile reads the text of the file of flag (a notice's body, a
// ticket's answer), refusing a file far beyond the limit or not UTF-8. The
// byte order mark that Windows メモ帳 and Excel write first is dropped: it
// is no part of the text.
func readBodyFile(flag, name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", fmt.Errorf("%s: %w", flag, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, bodyFileMax+1))
	if err != nil {
		return "", fmt.Errorf("%s: %w", flag, err)
	}
	if len(b) > bodyFileMax {
		return "", fmt.Errorf("%s: %s is larger than %d KiB", flag, quoted(name), bodyFileMax>>10)
	}
	if !utf8.Valid(b) {
		// A Shift_JIS or EUC-JP file: say so, not that it holds control characters.
		return "", fmt.Errorf("%s: %s is not UTF-8 text; convert it first (iconv -f SHIFT_JIS -t UTF-8)", flag, quoted(name))
	}
	return string(bytes.TrimPrefix(b, []byte("\ufeff"))), nil
}

func noticeFlag(field string) string {
	switch field {
	case core.FieldBulletinBody:
		return "--body-file"
	case core.FieldBulletinTitleEn:
		return "--title-en"
	case core.FieldBulletinBodyEn:
		return "--body-file-en"
	}
	return "--" + field
}

// noticeProblem words a problem of a notice's field for the operator.
func noticeProblem(field, code string) string {
	switch code {
	case core.ProblemRequired:
		switch field {
		case core.FieldBulletinTitleEn:
			return "required with --body-file-en"
		case core.FieldBulletinBodyEn:
			return "required with --title-en"
		}
		return "required"
	case core.ProblemChoice:
		return "one of outage, maintenance"
	case core.ProblemLength:
		if field == core.FieldBulletinTitle || field == core.FieldBulletinTitleEn {
			return fmt.Sprintf("at most %d characters", core.BulletinTitleMax)
		}
		return fmt.Sprintf("at most %d characters", core.BulletinBodyMax)
	case core.ProblemFormat:
		if field == core.FieldBulletinTitle || field == core.FieldBulletinTitleEn {
			return "one line without control characters or bidi overrides"
		}
		return "control characters (other than line feeds) or bidi overrides are not accepted"
	case core.ProblemBeforeFrom:
		return "must be after --from"
	}
	return code
}

func newNoticeListCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List every notice, newest first, with its period and state",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, db, err := g.openDefault()
			if err != nil {
				return err
			}
			defer db.Close()
			list, err := svc.Bulletins(operator)
			if err != nil {
				return err
			}
			if asJSON {
				return printList(cmd.OutOrStdout(), list)
			}
			if len(list) == 0 {
				_, err := fmt.Fprintln(cmd.OutOrStdout(), "No notice posted.")
				return err
			}
			now := svc.Now()
			rows := make([][]string, 0, len(list))
			for _, b := range list {
				rows = append(rows, []string{strconv.Itoa(b.Number), string(b.Kind), string(b.StateAt(now)),
					noticeTime(b.From), noticeEnd(b.Until), jst(b.Posted), closedAt(b), b.Title, orDash(b.TitleEn)})
			}
			return printTable(cmd.OutOrStdout(), []string{"NUMBER", "KIND", "STATE", "FROM", "UNTIL", "POSTED", "CLOSED", "TITLE", "TITLE_EN"}, rows)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the notices as JSON, bodies included")
	return cmd
}

// noticeTime is a bound of the period, "-" when open.
func noticeTime(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.In(core.JST).Format("2006-01-02 15:04")
}

// noticeEnd is the end of the period, midnight as 24:00 of its day, "-" when open.
func noticeEnd(t *time.Time) string {
	if t == nil {
		return "-"
	}
	if day, midnight := core.EndAsDay(*t); midnight {
		return day.Format("2006-01-02") + " 24:00"
	}
	return noticeTime(t)
}

// orDash is a text or "-" when there is none.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func closedAt(b core.Bulletin) string {
	if b.Closed == nil {
		return "-"
	}
	return jst(*b.Closed)
}

func newNoticeCloseCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "close NUMBER",
		Short: "Close a notice: it stays in the list, no longer open",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			number, err := strconv.Atoi(args[0])
			if err != nil || number < 1 {
				return fmt.Errorf("%s is not a notice number (see \"mypage admin notice list\")", quoted(args[0]))
			}
			svc, db, err := g.openDefault()
			if err != nil {
				return err
			}
			defer db.Close()
			b, err := svc.CloseBulletin(operator, number)
			if errors.Is(err, core.ErrNotFound) {
				return fmt.Errorf("no notice %d", number)
			}
			var be *core.BulletinError
			if errors.As(err, &be) && be.Code == core.BulletinClosed {
				return refused(cmd, fmt.Sprintf("notice %d is closed already", number))
			}
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Closed notice %d: %s\n", b.Number, strings.TrimSpace(core.EscapeLine(b.Title)))
			return err
		},
	}
}
