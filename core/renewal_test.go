package core_test

import (
	"encoding/json"
	"testing"
	"time"

	"mypage/core"
)

// SPEC §11.3, seed 000: 「契約終了の1~2ヶ月前に再契約を行うのが理想」 and a notice
// from 60 days before the end. Each case names the day, the term end and why.
func TestRenewalNotice(t *testing.T) {
	aug := planOn("1", "vps-2-plesk", day(2026, 9, 1)) // term ends 2027-08-31
	mar := planOn("1", "lite", day(2026, 4, 1))        // term ends 2027-03-31
	member := planOn("1", "annual-connect", day(2026, 9, 1))
	cancelling := aug
	end := day(2027, 8, 31)
	cancelling.End = &end
	applying := planOn("1", "vps-2-plesk", day(2027, 8, 1))
	off := aug
	off.NoAutoRenew = true
	mailbox := []core.OptionRecord{{Option: "annual-mailbox", PurchasedAt: day(2026, 9, 1)}}
	cases := []struct {
		name    string
		ps      core.PlanService
		options []core.OptionRecord
		now     time.Time
		ok      bool
		left    int
		rec     bool
		fee     int64
	}{
		{name: "61 days before the end: no notice yet", ps: aug, now: jst(2027, 7, 1)},
		{name: "60 days before the end: the notice starts", ps: aug, now: jst(2027, 7, 2), ok: true, left: 60, rec: true, fee: 16_500},
		{name: "45 days before the end, annual VPS: its annual fee", ps: aug, now: jst(2027, 7, 17), ok: true, left: 45, rec: true, fee: 16_500},
		{name: "one month before (07-31 for an end 08-31): still recommended", ps: aug, now: jst(2027, 7, 31), ok: true, left: 31, rec: true, fee: 16_500},
		{name: "the day after one month before: noticed, no longer recommended", ps: aug, now: jst(2027, 8, 1), ok: true, left: 30, fee: 16_500},
		{name: "the end day itself: 0 days left", ps: aug, now: jst(2027, 8, 31), ok: true, left: 0, fee: 16_500},
		{name: "the day after the end is the next term's first day: no notice", ps: aug, now: jst(2027, 9, 1)},
		{name: "the day before two months before (01-30 for an end 03-31): noticed, not yet recommended", ps: mar, now: jst(2027, 1, 30), ok: true, left: 60, fee: 975},
		{name: "two months before (01-31 for an end 03-31): recommended, monthly price", ps: mar, now: jst(2027, 1, 31), ok: true, left: 59, rec: true, fee: 975},
		{name: "annual membership with an annual option held: 24,000 + 2,000", ps: member, options: mailbox, now: jst(2027, 7, 17), ok: true, left: 45, rec: true, fee: 26_000},
		{name: "a cancelling plan: no notice", ps: cancelling, now: jst(2027, 7, 17)},
		{name: "an applying plan: no notice", ps: applying, now: jst(2027, 7, 17)},
		{name: "an ended plan: no notice", ps: cancelling, now: jst(2027, 9, 2)},
		{name: "auto-renew off: noticed without a renewal day or fee", ps: off, now: jst(2027, 7, 17), ok: true, left: 45, rec: true},
	}
	cat := testCatalog()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := &core.Contract{Number: "1", Options: tc.options, Plans: []core.PlanService{tc.ps}}
			n, ok := core.RenewalNoticeAt(cat, c, tc.ps, tc.now)
			if ok != tc.ok {
				t.Fatalf("notice = %v, want %v (%+v)", ok, tc.ok, n)
			}
			if !ok {
				return
			}
			wantEnd := tc.ps.FirstTermEnd
			if n.TermEnd.Time != wantEnd || n.DaysLeft != tc.left || n.Recommended != tc.rec || n.Fee != tc.fee {
				t.Errorf("got end %s, %d days left, recommended %v, fee %d; want %s, %d, %v, %d",
					n.TermEnd.Format("2006-01-02"), n.DaysLeft, n.Recommended, n.Fee, wantEnd.Format("2006-01-02"), tc.left, tc.rec, tc.fee)
			}
			if n.AutoRenew != !tc.ps.NoAutoRenew {
				t.Errorf("auto-renew = %v", n.AutoRenew)
			}
			if n.AutoRenew {
				if n.RenewsOn == nil || !n.RenewsOn.Equal(wantEnd.AddDate(0, 0, 1)) {
					t.Errorf("renews on %v, want the day after %s", n.RenewsOn, wantEnd.Format("2006-01-02"))
				}
			} else if n.RenewsOn != nil || n.Fee != 0 {
				t.Errorf("auto-renew off yet renews on %v for %d", n.RenewsOn, n.Fee)
			}
		})
	}
}

// The catalog's renewal_notice_days moves the start of the notice.
func TestRenewalNoticeCatalogDays(t *testing.T) {
	cat := testCatalog()
	cat.RenewalNoticeDays = 90
	ps := planOn("1", "vps-2-plesk", day(2026, 9, 1))
	c := &core.Contract{Number: "1", Plans: []core.PlanService{ps}}
	if n, ok := core.RenewalNoticeAt(cat, c, ps, jst(2027, 6, 2)); !ok || n.DaysLeft != 90 || n.Recommended {
		t.Errorf("90 days with a 90-day notice: %v %+v", ok, n)
	}
	if _, ok := core.RenewalNoticeAt(cat, c, ps, jst(2027, 6, 1)); ok {
		t.Error("91 days with a 90-day notice: noticed")
	}
}

// The back office's renewal list: every plan in use whose term ends within the
// window, soonest first; the holder's plan view carries the same notice.
// Only support staff may list it.
func TestRenewalsDue(t *testing.T) {
	e, cert, _ := planEnv(t, "basic") // term 2026-04-01 .. 2027-03-31
	if _, err := e.svc.AddPlan(e.op, cert.Number, "vps-2-plesk", day(2026, 5, 1)); err != nil {
		t.Fatal(err) // term 2026-05-01 .. 2027-04-30
	}
	holder := e.at(t, jst(2027, 2, 14), cert) // 45 and 75 days before the ends
	got, err := e.svc.RenewalsDue(e.op, 60)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Contract != cert.Number || got[0].Service != "1" || got[0].PlanName == "" ||
		got[0].DaysLeft != 45 || !got[0].AutoRenew || got[0].Fee != 1_700 || got[0].Holder != "鈴木 一郎" {
		t.Errorf("within 60 days: %+v", got)
	}
	got, err = e.svc.RenewalsDue(e.op, 75)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].DaysLeft != 45 || got[1].DaysLeft != 75 || got[1].Fee != 16_500 {
		t.Errorf("within 75 days: %+v", got)
	}
	if got, _ := e.svc.RenewalsDue(e.op, 44); len(got) != 0 {
		t.Errorf("within 44 days: %+v", got)
	}
	views, err := e.svc.Plans(holder)
	if err != nil {
		t.Fatal(err)
	}
	if len(views) != 2 || views[0].Renewal == nil || views[0].Renewal.DaysLeft != 45 || views[1].Renewal != nil {
		t.Errorf("plan views: %+v", views)
	}
	if _, err := e.svc.RenewalsDue(holder, 60); err != core.ErrForbidden {
		t.Errorf("the holder lists renewals: %v", err)
	}
}

// The catalog's figure is checked: from 0 (the default, 60) to a year.
func TestRenewalNoticeDaysChecked(t *testing.T) {
	for _, tc := range []struct {
		days int
		ok   bool
	}{{0, true}, {1, true}, {366, true}, {-1, false}, {367, false}} {
		cat := *core.DefaultCatalog()
		cat.RenewalNoticeDays = tc.days
		b, err := json.Marshal(cat)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := core.ParseCatalog(b); (err == nil) != tc.ok {
			t.Errorf("renewal_notice_days %d: err = %v", tc.days, err)
		}
	}
}
