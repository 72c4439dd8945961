package core_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"mypage/core"
)

func setting(at time.Time, on bool) core.AutoRenewSetting {
	return core.AutoRenewSetting{At: at, On: on, Actor: "holder:1234567890"}
}

// SPEC §11.3: the dated settings and the renewal records decide each boundary,
// the latest made before it winning; NoAutoRenew is the default when none.
func TestAutoRenewSettingTerms(t *testing.T) {
	cat := core.DefaultCatalog()
	for _, c := range []struct {
		name  string
		edit  func(*core.PlanService)
		month string
		want  int64
		state core.PlanState
	}{
		{"turned off during the term: the service lapses at its end and nothing is billed after", func(ps *core.PlanService) {
			ps.AutoRenewSettings = []core.AutoRenewSetting{setting(day(2026, 6, 1), false)}
		}, "2027-04", 0, core.PlanLapsed},
		{"turned back on before the end: the term renews and is billed", func(ps *core.PlanService) {
			ps.AutoRenewSettings = []core.AutoRenewSetting{setting(day(2026, 6, 1), false), setting(day(2027, 3, 31), true)}
		}, "2027-04", 16_500, core.PlanInUse},
		{"turned on where the service was opened without auto-renew", func(ps *core.PlanService) {
			ps.NoAutoRenew = true
			ps.AutoRenewSettings = []core.AutoRenewSetting{setting(day(2027, 1, 10), true)}
		}, "2027-04", 16_500, core.PlanInUse},
		{"a setting made after the boundary does not change that boundary", func(ps *core.PlanService) {
			ps.AutoRenewSettings = []core.AutoRenewSetting{setting(day(2027, 4, 1), false)}
		}, "2027-04", 16_500, core.PlanInUse},
		{"a setting later than a renewal's own decides the end of the term it set", func(ps *core.PlanService) {
			ps.Renewals = []core.RenewalRecord{rec("RN1", day(2027, 2, 10), day(2027, 4, 1), 1, 0, true, false)}
			ps.AutoRenewSettings = []core.AutoRenewSetting{setting(day(2027, 3, 1), false)}
		}, "2028-04", 0, core.PlanLapsed},
		{"a renewal made after the setting decides as it says", func(ps *core.PlanService) {
			ps.AutoRenewSettings = []core.AutoRenewSetting{setting(day(2026, 6, 1), false)}
			ps.Renewals = []core.RenewalRecord{rec("RN1", day(2027, 2, 10), day(2027, 4, 1), 1, 0, true, false)}
		}, "2028-04", 16_500, core.PlanInUse},
	} {
		t.Run(c.name, func(t *testing.T) {
			con := renewContract("vps-2-plesk", c.edit)
			lines, err := core.PlanLines(cat, con, monthOf(c.month))
			if err != nil {
				t.Fatal(err)
			}
			if sumLines(lines) != c.want {
				t.Errorf("%s: %d yen, want %d\n%+v", c.month, sumLines(lines), c.want, lines)
			}
			m := monthOf(c.month)
			if st := con.Plans[0].State(jst(m.Start().Year(), m.Start().Month(), 1)); st != c.state {
				t.Errorf("state on %s-01: %s, want %s", c.month, st, c.state)
			}
		})
	}
}

// The quote says what the term's end does with the setting asked, and core
// refuses what may not be set.
func TestQuoteAutoRenew(t *testing.T) {
	cat := core.DefaultCatalog()
	now := jst(2026, 6, 1)
	off, err := core.QuoteAutoRenew(cat, renewContract("vps-2-plesk", nil), core.AutoRenewRequest{Service: "1"}, now)
	if err != nil || !off.Current || off.On || off.StopsOn == nil || core.DayOf(off.StopsOn.Time).String() != "2027-04-01" ||
		core.DayOf(off.TermEnd.Time).String() != "2027-03-31" || off.RenewsOn != nil || off.Fee != 0 {
		t.Errorf("off: %+v %v", off, err)
	}
	on, err := core.QuoteAutoRenew(cat, renewContract("vps-2-plesk", func(ps *core.PlanService) { ps.NoAutoRenew = true }),
		core.AutoRenewRequest{Service: "1", On: true}, now)
	if err != nil || on.Current || on.RenewsOn == nil || core.DayOf(on.RenewsOn.Time).String() != "2027-04-01" ||
		on.Fee != 16_500 || on.Years != 1 || on.BillMonth != "2027-04" || on.StopsOn != nil {
		t.Errorf("on: %+v %v", on, err)
	}
	// Renewed for 3 years at 10 %: the setting governs the end of that term.
	renewed, err := core.QuoteAutoRenew(cat, renewContract("vps-2-plesk", func(ps *core.PlanService) {
		ps.Renewals = []core.RenewalRecord{rec("RN1", day(2026, 5, 10), day(2027, 4, 1), 3, 10, false, false)}
	}), core.AutoRenewRequest{Service: "1", On: true}, now)
	if err != nil || core.DayOf(renewed.TermEnd.Time).String() != "2030-03-31" || renewed.Fee != 44_550 || renewed.Years != 3 || renewed.Discount != 10 {
		t.Errorf("renewed: %+v %v", renewed, err)
	}
	end := day(2027, 3, 31)
	for _, c := range []struct {
		name string
		edit func(*core.PlanService)
		on   bool
		now  time.Time
		want string
	}{
		{"the setting is that already", nil, true, now, core.AutoRenewBlockSame},
		{"not started yet (申込中)", nil, false, jst(2026, 3, 25), core.AutoRenewBlockApplying},
		{"being cancelled (解約予定)", func(ps *core.PlanService) { ps.End = &end }, false, now, core.AutoRenewBlockEnding},
		{"renewed to another plan", func(ps *core.PlanService) { ps.End = &end; ps.RenewedAs = "2" }, false, now, core.AutoRenewBlockRenewed},
		{"lapsed: a re-contract is the way back", func(ps *core.PlanService) { ps.NoAutoRenew = true }, true, jst(2027, 4, 2), core.AutoRenewBlockLapsed},
		{"ended", func(ps *core.PlanService) { ps.End = &end }, true, jst(2027, 4, 2), core.AutoRenewBlockEnded},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := core.QuoteAutoRenew(cat, renewContract("vps-2-plesk", c.edit), core.AutoRenewRequest{Service: "1", On: c.on}, c.now)
			if core.AutoRenewBlock(err) != c.want {
				t.Errorf("got %v, want %s", err, c.want)
			}
		})
	}
}

// SetAutoRenew writes the dated setting, sends the mail, refuses a moved
// quote, and the term's end follows it: off lapses, on again renews and bills.
func TestSetAutoRenew(t *testing.T) {
	e, cert, _ := planEnv(t, "vps-2-plesk")
	holder := e.at(t, jst(2026, 6, 1), cert)
	req := core.AutoRenewRequest{Service: "1", On: false}
	q, err := e.svc.QuoteAutoRenew(holder, req)
	if err != nil {
		t.Fatal(err)
	}
	stale := q
	stale.TermEnd = core.Day{Time: day(2027, 4, 30)}
	req.Quoted = &stale
	var qc *core.QuoteChangedError
	if _, err := e.svc.SetAutoRenew(holder, e.svc.NewToken(), req); !errors.As(err, &qc) || qc.AutoRenew == nil {
		t.Fatalf("a moved quote: %v", err)
	}
	req.Quoted = &q
	r, err := e.svc.SetAutoRenew(holder, e.svc.NewToken(), req)
	if err != nil {
		t.Fatal(err)
	}
	mails := e.outbox(t)
	m := mails[len(mails)-1]
	if m.Subject != "【マイページ】自動更新設定変更のお知らせ" || m.To != r.MailedTo || r.MailedTo == "" {
		t.Errorf("mail %q to %s", m.Subject, m.To)
	}
	for _, want := range []string{"対象のサービス: ご契約プラン VPS-2(Plesk) (年払い)", "契約期間の終了日: 2027/03/31", "自動更新: しない", "2027/04/01 からご利用を停止します"} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("the mail lacks %q:\n%s", want, m.Body)
		}
	}
	ps := e.plansOf(t, cert.Number)[0].Service
	if len(ps.AutoRenewSettings) != 1 || ps.AutoRenewSettings[0].On || ps.AutoRenewSettings[0].Actor != "holder:"+cert.Number {
		t.Errorf("settings %+v", ps.AutoRenewSettings)
	}
	if _, err := e.svc.SetAutoRenew(holder, e.svc.NewToken(), core.AutoRenewRequest{Service: "1"}); core.AutoRenewBlock(err) != core.AutoRenewBlockSame {
		t.Errorf("the same setting again: %v", err)
	}
	if st := ps.State(jst(2027, 4, 1)); st != core.PlanLapsed {
		t.Errorf("off: on 2027-04-01 %s, want lapsed", st)
	}

	// Back on the last day of the term: it renews on 2027-04-01 and bills 16,500.
	holder = e.at(t, jst(2027, 3, 31), cert)
	r, err = e.svc.SetAutoRenew(holder, e.svc.NewToken(), core.AutoRenewRequest{Service: "1", On: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Quote.Fee != 16_500 || r.Quote.RenewsOn == nil {
		t.Errorf("on: %+v", r.Quote)
	}
	m = e.outbox(t)[len(e.outbox(t))-1]
	for _, want := range []string{"自動更新: する", "2027/04/01 に同じプラン・同じ期間で更新し", "1年分 16,500円"} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("the mail lacks %q:\n%s", want, m.Body)
		}
	}
	e.clock.Set(jst(2027, 5, 2))
	st, err := e.svc.StatementOf(e.op, cert.Number, monthOf("2027-04"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(mustJSON(t, st), "16500") {
		t.Errorf("the renewed term is not billed: %s", mustJSON(t, st))
	}
	if got := e.plansOf(t, cert.Number)[0].State; got != core.PlanInUse {
		t.Errorf("on: %s, want in use", got)
	}

	// Made after the boundary, a setting leaves that boundary as it was.
	holder = e.at(t, jst(2027, 5, 2), cert)
	if _, err := e.svc.SetAutoRenew(holder, e.svc.NewToken(), core.AutoRenewRequest{Service: "1"}); err != nil {
		t.Fatal(err)
	}
	if got := e.plansOf(t, cert.Number)[0].State; got != core.PlanInUse {
		t.Errorf("a setting after 2027-04-01 changed it: %s", got)
	}
}

// The renewal notice of ご契約情報一覧 follows the setting (SPEC §11.3).
func TestRenewalNoticeFollowsAutoRenewSetting(t *testing.T) {
	cat := core.DefaultCatalog()
	con := renewContract("vps-2-plesk", func(ps *core.PlanService) {
		ps.AutoRenewSettings = []core.AutoRenewSetting{setting(day(2027, 2, 1), false)}
	})
	n, ok := core.RenewalNoticeAt(cat, con, con.Plans[0], jst(2027, 2, 15))
	if !ok || n.AutoRenew || n.LapsesOn == nil || n.RenewsOn != nil {
		t.Errorf("off: %+v", n)
	}
	con.Plans[0].AutoRenewSettings = append(con.Plans[0].AutoRenewSettings, setting(day(2027, 2, 10), true))
	n, ok = core.RenewalNoticeAt(cat, con, con.Plans[0], jst(2027, 2, 15))
	if !ok || !n.AutoRenew || n.RenewsOn == nil || n.Fee != 16_500 {
		t.Errorf("on again: %+v", n)
	}
}
