package core_test

import (
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"mypage/core"
	"mypage/store"
)

func dayP(y int, m time.Month, d int) *core.Day {
	v := core.Day{Time: day(y, m, d)}
	return &v
}

func tp(t time.Time) *time.Time { return &t }

// SPEC §11.4, seed 002 「退会手続き」が可能なタイミング: what blocks the
// withdrawal and from which day it is possible, on 2026-04-15.
func TestWithdrawalBlocks(t *testing.T) {
	now := time.Date(2026, 4, 15, 10, 0, 0, 0, core.JST)
	cat := core.DefaultCatalog()
	line := &core.LineCancel{Date: day(2026, 4, 10)} // ended already: no block
	// The options end with the line (seed 003 §2): while they block, the line runs.
	lineRuns := core.WithdrawalBlock{Kind: "line", State: core.LineActive, After: core.WithdrawAfterLineCancel}
	inUse := core.PlanService{ID: "1", Plan: "basic", Start: day(2026, 1, 1), TermStart: day(2026, 1, 1), FirstTermEnd: day(2026, 12, 31)}
	ending := inUse
	ending.End = tp(day(2026, 4, 30))
	applying := core.PlanService{ID: "2", Plan: "lite", Start: day(2026, 5, 1), TermStart: day(2026, 5, 1), FirstTermEnd: day(2027, 4, 30)}
	revoked := applying
	revoked.Cancel = &core.PlanCancelRecord{Number: "CX1", At: now, Voided: true} // its application cancelled (取消) today
	revokedBefore := applying
	revokedBefore.Cancel = &core.PlanCancelRecord{Number: "CX1", At: now.AddDate(0, 0, -1), Voided: true}
	retired := core.PlanService{ID: "9", Plan: "retired-plan", Start: day(2026, 1, 1), TermStart: day(2026, 1, 1), FirstTermEnd: day(2026, 12, 31)}
	retiredEnding := retired
	retiredEnding.End = tp(day(2026, 4, 30))
	ended := inUse
	ended.End = tp(day(2026, 3, 31))
	member := core.PlanService{ID: "3", Plan: "annual-connect", Start: day(2026, 1, 1), TermStart: day(2026, 1, 1), FirstTermEnd: day(2026, 12, 31)}
	memberEnding := member
	memberEnding.End = tp(day(2026, 6, 30))
	owed := []core.Owed{{Month: core.Month{Year: 2026, Month: 2}, Total: 5_500, Remaining: 5_500, Kind: core.PaymentTransfer,
		Due: day(2026, 3, 31), State: core.BalanceDue}}
	for _, c := range []struct {
		name  string
		c     core.Contract
		owed  []core.Owed
		want  []core.WithdrawalBlock
		from  *core.Day // every block dated: the first day withdrawal is possible
		empty bool
	}{
		{name: "nothing left: withdrawal is possible", c: core.Contract{LineCancel: line, Plans: []core.PlanService{ended}}, empty: true},
		{name: "利用中 → 解約する → サービス終了日の翌日以降 (cancel it first)", c: core.Contract{LineCancel: line, Plans: []core.PlanService{inUse}},
			want: []core.WithdrawalBlock{{Kind: "plan", Code: "basic", Name: "Basic", Service: "1", State: "in-use", After: core.WithdrawAfterCancel}}},
		{name: "解約中 → 利用期間の翌日以降", c: core.Contract{LineCancel: line, Plans: []core.PlanService{ending}},
			want: []core.WithdrawalBlock{{Kind: "plan", Code: "basic", Name: "Basic", Service: "1", State: "cancelling",
				End: dayP(2026, 4, 30), From: dayP(2026, 5, 1)}}, from: dayP(2026, 5, 1)},
		{name: "申込中 → 取消(キャンセル)→ 翌日以降 (cancel the application first)", c: core.Contract{LineCancel: line, Plans: []core.PlanService{applying}},
			want: []core.WithdrawalBlock{{Kind: "plan", Code: "lite", Name: "Lite", Service: "2", State: "applying", After: core.WithdrawAfterRevoke}}},
		{name: "申込中 → 取消(キャンセル)→ 翌日以降 (cancelled today: from tomorrow)", c: core.Contract{LineCancel: line, Plans: []core.PlanService{revoked}},
			want: []core.WithdrawalBlock{{Kind: "plan", Code: "lite", Name: "Lite", Service: "2", State: core.PlanStateWithdrawn,
				End: dayP(2026, 4, 15), From: dayP(2026, 4, 16)}}, from: dayP(2026, 4, 16)},
		{name: "申込中 → 取消(キャンセル)→ 翌日以降 (cancelled yesterday: possible today)", c: core.Contract{LineCancel: line, Plans: []core.PlanService{revokedBefore}}, empty: true},
		{name: "a plan that left the catalog is not billed and cannot be cancelled: it does not block (decision)",
			c: core.Contract{LineCancel: line, Plans: []core.PlanService{retired}}, empty: true},
		{name: "a plan that left the catalog with its end recorded blocks to the day after it",
			c: core.Contract{LineCancel: line, Plans: []core.PlanService{retiredEnding}},
			want: []core.WithdrawalBlock{{Kind: "plan", Code: "retired-plan", Name: "retired-plan", Service: "9", State: "cancelling",
				End: dayP(2026, 4, 30), From: dayP(2026, 5, 1)}}, from: dayP(2026, 5, 1)},
		{name: "an ended plan service does not block", c: core.Contract{LineCancel: line, Plans: []core.PlanService{ended}}, empty: true},
		{name: "options still held block, of the contract and of an account ID: cancel them first",
			c: core.Contract{Options: []core.OptionRecord{
				{Option: "remote-support", PurchasedAt: day(2026, 1, 5)},
				{Option: "sec-basic", Account: "taro", PurchasedAt: day(2026, 1, 5)},
				{Option: "mailpack", PurchasedAt: day(2026, 1, 5)}, // ends by itself (SPEC §5.3)
			}},
			want: []core.WithdrawalBlock{
				{Kind: "option", Code: "remote-support", State: "purchased", After: core.WithdrawAfterOptionCancel},
				{Kind: "option", Code: "sec-basic", Account: "taro", State: "purchased", After: core.WithdrawAfterOptionCancel},
				{Kind: "option", Code: "mailpack", State: "purchased", After: core.WithdrawAfterAutoCancel},
				lineRuns,
			}},
		{name: "an option cancelled this month ends at the month's end: from the 1st of next month",
			c: core.Contract{Options: []core.OptionRecord{
				{Option: "remote-support", PurchasedAt: day(2026, 1, 5), CancelledAt: tp(day(2026, 4, 3))},
				{Option: "warranty", PurchasedAt: day(2026, 1, 5), CancelledAt: tp(day(2026, 3, 3))}, // ended with March
			}},
			want: []core.WithdrawalBlock{{Kind: "option", Code: "remote-support", State: "cancelling",
				End: dayP(2026, 4, 30), From: dayP(2026, 5, 1)}, lineRuns}},
		{name: "an annual option ends with its 年会費制 plan: cancel the plan",
			c: core.Contract{Plans: []core.PlanService{member}, Options: []core.OptionRecord{{Option: "annual-mailbox", PurchasedAt: day(2026, 1, 5)}}},
			want: []core.WithdrawalBlock{
				{Kind: "plan", Code: "annual-connect", Name: "年会費制 接続サービス", Service: "3", State: "in-use", After: core.WithdrawAfterCancel},
				{Kind: "option", Code: "annual-mailbox", State: "purchased", After: core.WithdrawAfterPlanCancel},
				lineRuns,
			}},
		{name: "an annual option follows its plan's End",
			c: core.Contract{Plans: []core.PlanService{memberEnding}, Options: []core.OptionRecord{{Option: "annual-mailbox", PurchasedAt: day(2026, 1, 5)}}},
			want: []core.WithdrawalBlock{
				{Kind: "plan", Code: "annual-connect", Name: "年会費制 接続サービス", Service: "3", State: "cancelling", End: dayP(2026, 6, 30), From: dayP(2026, 7, 1)},
				{Kind: "option", Code: "annual-mailbox", State: "purchased", End: dayP(2026, 6, 30), From: dayP(2026, 7, 1)},
				lineRuns,
			}},
		{name: "an annual option cancelled this term is used to the term's end",
			c: core.Contract{Plans: []core.PlanService{memberEnding}, Options: []core.OptionRecord{
				{Option: "annual-mailbox", PurchasedAt: day(2026, 1, 5), CancelledAt: tp(day(2026, 2, 1))}}},
			want: []core.WithdrawalBlock{
				{Kind: "plan", Code: "annual-connect", Name: "年会費制 接続サービス", Service: "3", State: "cancelling", End: dayP(2026, 6, 30), From: dayP(2026, 7, 1)},
				{Kind: "option", Code: "annual-mailbox", State: "cancelling-term", End: dayP(2026, 6, 30), From: dayP(2026, 7, 1)},
				lineRuns,
			}},
		{name: "インターネット回線の解約: the options end with the line, none blocks after its last day",
			c: core.Contract{LineCancel: line, Options: []core.OptionRecord{
				{Option: "remote-support", PurchasedAt: day(2026, 1, 5)},
				{Option: "sec-basic", Account: "taro", PurchasedAt: day(2026, 1, 5)},
				{Option: "mailpack", PurchasedAt: day(2026, 1, 5)},
				{Option: "warranty", PurchasedAt: day(2026, 1, 5), CancelledAt: tp(day(2026, 4, 3))},
			}}, empty: true},
		{name: "インターネット回線の解約: an annual option ends with the line; its plan still blocks",
			c: core.Contract{LineCancel: line, Plans: []core.PlanService{member}, Options: []core.OptionRecord{{Option: "annual-mailbox", PurchasedAt: day(2026, 1, 5)}}},
			want: []core.WithdrawalBlock{
				{Kind: "plan", Code: "annual-connect", Name: "年会費制 接続サービス", Service: "3", State: "in-use", After: core.WithdrawAfterCancel},
			}},
		{name: "an unpaid statement blocks until its payment is recorded", c: core.Contract{LineCancel: line}, owed: owed,
			want: []core.WithdrawalBlock{{Kind: "owed", State: core.BalanceDue, After: core.WithdrawAfterPayment,
				Month: core.Month{Year: 2026, Month: 2}, Remaining: 5_500, Due: day(2026, 3, 31)}}},
		{name: "the line blocks until it is cancelled by phone (SPEC §11.4)", c: core.Contract{},
			want: []core.WithdrawalBlock{{Kind: "line", State: core.LineActive, After: core.WithdrawAfterLineCancel}}},
		{name: "a line cancelled to a later day blocks to the day after it", c: core.Contract{LineCancel: &core.LineCancel{Date: day(2026, 4, 15)}},
			want: []core.WithdrawalBlock{{Kind: "line", State: core.LineCancelled, End: dayP(2026, 4, 15), From: dayP(2026, 4, 16)}},
			from: dayP(2026, 4, 16)},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := core.WithdrawalBlocks(cat, &c.c, c.owed, now)
			if c.empty {
				if len(got) != 0 {
					t.Fatalf("blocks %+v, want none", got)
				}
				return
			}
			for i := range c.want {
				if c.want[i].Kind == "option" && c.want[i].Name == "" {
					o, _ := cat.Option(c.want[i].Code)
					c.want[i].Name = o.Name
				}
			}
			if mustJSON(t, got) != mustJSON(t, c.want) {
				t.Errorf("blocks\n got %s\nwant %s", mustJSON(t, got), mustJSON(t, c.want))
			}
			from, dated := core.WithdrawalPossibleFrom(got)
			if dated != (c.from != nil) || c.from != nil && !from.Equal(c.from.Time) {
				t.Errorf("possible from %v (dated %v), want %v", from, dated, c.from)
			}
		})
	}
}

// withdrawable is a LAN contract whose line ended yesterday and that holds
// nothing else: its holder may withdraw.
func withdrawable(t *testing.T, e *env) (core.Certificate, core.Principal) {
	t.Helper()
	cert, _ := e.newContract(t, "spaaqs-lan")
	if _, err := e.svc.CancelLine(e.op, cert.Number, start); err != nil {
		t.Fatal(err)
	}
	holder := e.at(t, start.AddDate(0, 0, 1), cert)
	v, err := e.svc.WithdrawalCheck(holder)
	if err != nil || len(v.Blocks) != 0 {
		t.Fatalf("WithdrawalCheck: %+v %v", v, err)
	}
	return cert, holder
}

// SPEC §11.4: notes + agreement → final yes → the completion mail; the login
// no longer works, the data stays.
func TestWithdraw(t *testing.T) {
	e := newEnv(t)
	cert, holder := withdrawable(t, e)
	form := accountForm("taro-w", core.PermAdmin)
	e.register(t, holder, form)
	admin := e.login(t, core.LoginAccountID, form.ID, form.Password).Principal
	mails := len(e.outbox(t))

	// Without the agreement: refused, nothing written.
	_, err := e.svc.Withdraw(holder, e.svc.NewToken(), false)
	wantProblem(t, err, core.FieldAgree, core.ProblemRequired)
	if _, err := e.svc.CheckWithdraw(holder, false); core.FieldProblems(err) == nil {
		t.Errorf("CheckWithdraw without the agreement: %v", err)
	}
	if _, err := e.svc.CheckWithdraw(holder, true); err != nil {
		t.Fatalf("CheckWithdraw: %v", err)
	}

	r, err := e.svc.Withdraw(holder, e.svc.NewToken(), true)
	if err != nil {
		t.Fatalf("Withdraw: %v", err)
	}
	if !regexp.MustCompile(`^WD20260402-000001$`).MatchString(r.Withdrawal.Number) || r.MailedTo != customer().ContactMail {
		t.Errorf("result %+v", r)
	}
	out := e.outbox(t)
	if len(out) != mails+1 {
		t.Fatalf("%d mails, want one more", len(out)-mails)
	}
	m := out[len(out)-1]
	if m.To != customer().ContactMail || m.Subject != "【マイページ】退会手続き完了のお知らせ" ||
		!strings.Contains(m.Body, r.Withdrawal.Number) || !strings.Contains(m.Body, cert.Number) {
		t.Errorf("mail %+v", m)
	}
	rec, err := e.svc.ShowContract(e.op, cert.Number)
	if err != nil {
		t.Fatalf("the withdrawn contract stays for the back office: %v", err)
	}
	if rec.Withdrawn == nil || rec.Withdrawn.Number != r.Withdrawal.Number || !rec.Withdrawn.At.Equal(start.AddDate(0, 0, 1)) ||
		rec.Withdrawn.Actor != "holder:"+cert.Number || len(rec.Accounts) != 1 {
		t.Errorf("contract record %+v", rec)
	}
	if w, err := e.svc.WithdrawalOf(e.op, cert.Number); err != nil || w == nil || w.Number != r.Withdrawal.Number {
		t.Errorf("WithdrawalOf: %+v %v", w, err)
	}
	audited := false
	for _, a := range e.audit(t) {
		if a.Action == "withdraw" && a.Result == "ok" && a.Contract == cert.Number {
			audited = true
		}
	}
	if !audited {
		t.Error("no audit record of the withdrawal")
	}

	// Every session of the contract has ended; its logins fail as a wrong password does.
	for _, p := range []core.Principal{holder, admin} {
		if _, err := e.svc.ContractInfo(p); !errors.Is(err, core.ErrSessionEnded) || !errors.Is(err, core.ErrWithdrawn) {
			t.Errorf("%s after the withdrawal: %v, want the session ended", p.Actor(), err)
		}
	}
	if _, err := e.svc.Withdraw(holder, e.svc.NewToken(), true); !errors.Is(err, core.ErrSessionEnded) {
		t.Errorf("a second withdrawal: %v", err)
	}
	for _, l := range []struct {
		method   core.LoginMethod
		id, pass string
	}{{core.LoginCustomerNumber, cert.Number, cert.InitialPassword}, {core.LoginAccountID, form.ID, form.Password}} {
		_, err := e.svc.Login(l.method, l.id, l.pass, "test")
		if !errors.Is(err, core.ErrLoginFailed) || err.Error() != core.ErrLoginFailed.Error() {
			t.Errorf("login %s after the withdrawal: %v, want the wrong password's answer", l.id, err)
		}
		_, wrong := e.svc.Login(l.method, l.id, "Not-the-password-1", "test")
		if wrong == nil || wrong.Error() != err.Error() {
			t.Errorf("a wrong password: %v; the right one: %v", wrong, err)
		}
	}
	why := 0
	for _, a := range e.audit(t) {
		if a.Action == "login" && a.Result == "withdrawn" {
			why++
		}
	}
	if why != 2 {
		t.Errorf("%d logins audited as withdrawn, want 2", why)
	}
}

// The withdrawal is refused with what blocks it, re-checked in the
// transaction: nothing changes.
func TestWithdrawBlocked(t *testing.T) {
	e := newEnv(t)
	cert, holder := e.newContract(t, "spaaqs-lan")
	if _, err := e.svc.AddPlan(e.op, cert.Number, "rs-1", start); err != nil {
		t.Fatal(err)
	}
	before := mustJSON(t, e.rawGet(t, "contracts", cert.Number))
	mails := len(e.outbox(t))
	_, err := e.svc.Withdraw(holder, e.svc.NewToken(), true)
	blocks := core.WithdrawalBlocksOf(err)
	// RS-1 in use, this month's bill to come (its estimate), the line.
	if len(blocks) != 3 || blocks[0].Kind != "plan" || blocks[0].After != core.WithdrawAfterCancel ||
		blocks[1].Kind != "owed" || blocks[1].State != core.OwedEstimate || blocks[2].Kind != "line" {
		t.Fatalf("err = %v, blocks %+v", err, blocks)
	}
	if _, err := e.svc.CheckWithdraw(holder, true); len(core.WithdrawalBlocksOf(err)) != 3 {
		t.Errorf("CheckWithdraw: %v", err)
	}
	if mustJSON(t, e.rawGet(t, "contracts", cert.Number)) != before || len(e.outbox(t)) != mails {
		t.Error("a refused withdrawal changed the data")
	}
	refused := false
	for _, a := range e.audit(t) {
		refused = refused || a.Action == "withdraw" && a.Result == "refused-blocked"
	}
	if !refused {
		t.Error("the refusal is not audited")
	}
	e.login(t, core.LoginCustomerNumber, cert.Number, cert.InitialPassword)
}

// An unpaid closed month blocks: WithdrawalCheck closes the passed months
// first, so that it shows.
func TestWithdrawalCheckClosesMonths(t *testing.T) {
	e := newEnv(t)
	cert, holder := e.newContract(t, "spaaqs-lan")
	if _, err := e.svc.CancelLine(e.op, cert.Number, start); err != nil {
		t.Fatal(err)
	}
	// An option of April, billed in April's statement, which is not paid.
	if _, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), "remote-support", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CancelOption(holder, e.svc.NewToken(), "remote-support", ""); err != nil {
		t.Fatal(err)
	}
	holder = e.at(t, time.Date(2026, 5, 2, 10, 0, 0, 0, core.JST), cert)
	v, err := e.svc.WithdrawalCheck(holder)
	if err != nil {
		t.Fatal(err)
	}
	owed := 0
	for _, b := range v.Blocks {
		if b.Kind == "owed" && b.Month.String() == "2026-04" && b.Remaining > 0 && b.After == core.WithdrawAfterPayment {
			owed++
		}
	}
	if owed != 1 {
		t.Errorf("blocks %+v, want April unpaid", v.Blocks)
	}
}

// After the withdrawal no later month is closed; the withdrawal month is.
// Renewal lists skip a withdrawn contract.
func TestWithdrawnContractIsBilledNoFurther(t *testing.T) {
	e := newEnv(t)
	cert, holder := withdrawable(t, e)
	if _, err := e.svc.Withdraw(holder, e.svc.NewToken(), true); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(time.Date(2026, 8, 3, 10, 0, 0, 0, core.JST))
	if _, err := e.svc.CloseDueMonths(e.op); err != nil {
		t.Fatal(err)
	}
	var keys []string
	if err := e.db.View(func(tx core.Tx) error {
		return tx.Scan("statements", cert.Number+"/", func(k string, _ func(any) error) bool {
			keys = append(keys, k)
			return true
		})
	}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(keys, ",") != cert.Number+"/2026-04" {
		t.Errorf("statements %v, want April's only", keys)
	}
	if _, err := e.svc.StatementOf(e.op, cert.Number, core.Month{Year: 2026, Month: 6}); !errors.Is(err, core.ErrNotFound) {
		t.Errorf("a month after the withdrawal: %v", err)
	}
	if _, err := e.svc.StatementOf(e.op, cert.Number, core.Month{Year: 2026, Month: 4}); err != nil {
		t.Errorf("the withdrawal month stays: %v", err)
	}
}

func TestRenewalsDueSkipsWithdrawn(t *testing.T) {
	e, cert, _ := planEnv(t, "basic")
	e.clock.Set(time.Date(2027, 3, 1, 10, 0, 0, 0, core.JST))
	due := func() int {
		r, err := e.svc.RenewalsDue(e.op, 60)
		if err != nil {
			t.Fatal(err)
		}
		return len(r)
	}
	if due() != 1 {
		t.Fatal("the plan's renewal is not listed")
	}
	// Marked withdrawn behind the service's back: a withdrawal needs every plan ended.
	if err := e.db.Update(func(tx core.Tx) error {
		var c core.Contract
		if err := tx.Get("contracts", cert.Number, &c); err != nil {
			return err
		}
		c.Withdrawn = &core.Withdrawal{Number: "WD20270301-000001", At: e.svc.Now()}
		return tx.Put("contracts", cert.Number, &c)
	}); err != nil {
		t.Fatal(err)
	}
	if n := due(); n != 0 {
		t.Errorf("%d renewals of a withdrawn contract", n)
	}
}

// outboxFaultStore fails every mail written to the outbox while broken is set.
type outboxFaultStore struct {
	core.Storage
	broken atomic.Bool
}

func (s *outboxFaultStore) View(fn func(core.Tx) error) error {
	return s.Storage.View(func(tx core.Tx) error { return fn(outboxFaultTx{tx, s}) })
}

func (s *outboxFaultStore) Update(fn func(core.Tx) error) error {
	return s.Storage.Update(func(tx core.Tx) error { return fn(outboxFaultTx{tx, s}) })
}

type outboxFaultTx struct {
	core.Tx
	s *outboxFaultStore
}

var errOutboxFault = errors.New("outbox bucket: write failed")

func (t outboxFaultTx) Append(bucket string, v any) (uint64, error) {
	if t.s.broken.Load() && bucket == "outbox" {
		return 0, errOutboxFault
	}
	return t.Tx.Append(bucket, v)
}

// Withdrawal is one transaction: when its mail cannot be written, the
// contract is not withdrawn, no number is drawn, and every login still works.
func TestWithdrawAllOrNothing(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "t.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	fs := &outboxFaultStore{Storage: db}
	clock := core.NewManualClock(start)
	e := &env{db: db, svc: core.NewService(fs, core.Config{Hash: cheap, Clock: clock}), clock: clock, op: core.Operator("test")}
	cert, holder := withdrawable(t, e)
	other := e.login(t, core.LoginCustomerNumber, cert.Number, cert.InitialPassword).Principal
	ended, stop := e.svc.WatchEnd(other)
	defer stop()
	before := mustJSON(t, e.rawGet(t, "contracts", cert.Number))
	fs.broken.Store(true)
	if _, err := e.svc.Withdraw(holder, e.svc.NewToken(), true); !errors.Is(err, errOutboxFault) {
		t.Fatalf("err = %v, want the outbox's", err)
	}
	fs.broken.Store(false)
	if mustJSON(t, e.rawGet(t, "contracts", cert.Number)) != before {
		t.Error("the contract changed")
	}
	select {
	case <-ended:
		t.Error("a failed withdrawal ended the other session")
	default:
	}
	if _, err := e.svc.ContractInfo(holder); err != nil {
		t.Errorf("the session after a failed withdrawal: %v", err)
	}
	e.login(t, core.LoginCustomerNumber, cert.Number, cert.InitialPassword)
	r, err := e.svc.Withdraw(holder, e.svc.NewToken(), true)
	if err != nil || r.Withdrawal.Number != "WD20260402-000001" {
		t.Errorf("withdrawal after the failure: %+v %v (the failed one drew no number)", r, err)
	}
}

// The other sessions of the contract in this process end at once; the one
// that withdrew is not told (it shows the completion), and a released watch
// is forgotten.
func TestWatchEnd(t *testing.T) {
	e := newEnv(t)
	cert, holder := withdrawable(t, e)
	other := e.login(t, core.LoginCustomerNumber, cert.Number, cert.InitialPassword).Principal
	_, lan := e.newContract(t, "spaaqs-lan") // another contract's session
	own, stopOwn := e.svc.WatchEnd(holder)
	ended, stopOther := e.svc.WatchEnd(other)
	foreign, stopForeign := e.svc.WatchEnd(lan)
	_, released := e.svc.WatchEnd(other)
	released()
	if n := e.svc.EndWatches(); n != 3 {
		t.Fatalf("%d watches, want 3", n)
	}
	if _, err := e.svc.Withdraw(holder, e.svc.NewToken(), true); err != nil {
		t.Fatal(err)
	}
	select {
	case why := <-ended:
		if !errors.Is(why, core.ErrWithdrawn) {
			t.Errorf("the other session ended for %v, want the withdrawal", why)
		}
	case <-time.After(time.Second):
		t.Fatal("the other session of the contract was not ended")
	}
	for name, ch := range map[string]<-chan error{"the withdrawing session": own, "another contract": foreign} {
		select {
		case <-ch:
			t.Errorf("%s was ended", name)
		default:
		}
	}
	stopOwn()
	stopOther()
	stopOther() // twice is harmless
	stopForeign()
	if n := e.svc.EndWatches(); n != 0 {
		t.Errorf("%d watches left", n)
	}
}

// nothingHeld ends everything the multi contract holds behind the service's
// back (its plans, its options, its line), so that its holder may withdraw.
func (f *permFixture) nothingHeld(t *testing.T) {
	t.Helper()
	err := f.e.db.Update(func(tx core.Tx) error {
		var c core.Contract
		if err := tx.Get("contracts", f.multi, &c); err != nil {
			return err
		}
		c.Plans, c.Options = nil, nil
		c.LineCancel = &core.LineCancel{Date: start.AddDate(0, 0, -1), RecordedAt: start}
		return tx.Put("contracts", f.multi, &c)
	})
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.e.svc.WithdrawalCheck(f.who["holder"])
	if err != nil || len(v.Blocks) != 0 {
		t.Fatalf("the contract still holds %+v (%v)", v.Blocks, err)
	}
}

// The data of a withdrawn member stays as it was (SPEC §11.4): the back
// office cannot open a plan on it, record its line again or approve a card;
// a payment it still owed may be recorded.
func TestBackOfficeRefusesAWithdrawnContract(t *testing.T) {
	e := newEnv(t)
	cert, _ := e.newContract(t, "spaaqs-lan")
	if _, err := e.svc.CancelLine(e.op, cert.Number, e.svc.Now()); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(e.clock.Now().AddDate(0, 0, 1)) // the line's last day has passed
	holder := e.login(t, core.LoginCustomerNumber, cert.Number, cert.InitialPassword).Principal
	if _, err := e.svc.Withdraw(holder, e.svc.NewToken(), true); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddPlan(e.op, cert.Number, "rs-1", e.svc.Now()); !errors.Is(err, core.ErrMemberWithdrawn) {
		t.Errorf("plan add on a withdrawn contract: %v", err)
	}
	if _, err := e.svc.CancelLine(e.op, cert.Number, e.svc.Now()); !errors.Is(err, core.ErrMemberWithdrawn) {
		t.Errorf("line cancel on a withdrawn contract: %v", err)
	}
	if err := e.svc.ApproveCard(e.op, cert.Number); !errors.Is(err, core.ErrMemberWithdrawn) {
		t.Errorf("card approve on a withdrawn contract: %v", err)
	}
	rec, err := e.svc.Audit(e.op, core.AuditFilter{Contract: cert.Number})
	if err != nil || rec[len(rec)-1].Result != "refused-withdrawn" {
		t.Errorf("the refusal is not audited as such: %+v %v", rec[len(rec)-1], err)
	}
}

// A withdrawal made by another process (a kiosk, another front-end on the
// same file) ends this process's sessions of the contract within EndPoll, and
// the poll stops with the last watch. The session withdrawing here is kept
// for its completion screen even when the poll sees the withdrawal first.
func TestWatchEndAcrossProcesses(t *testing.T) {
	// Two processes: two store handles on one file, each with its own service.
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := store.Open(path, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	clock := core.NewManualClock(start)
	e := &env{db: db, svc: core.NewService(db, core.Config{Hash: cheap, Clock: clock, EndPoll: 10 * time.Millisecond}), clock: clock, op: core.Operator("test")}
	cert, holder := withdrawable(t, e)
	db2, err := store.Open(path, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	svc2 := core.NewService(db2, core.Config{Hash: cheap, Clock: e.clock, EndPoll: 10 * time.Millisecond})
	there, err := svc2.Login(core.LoginCustomerNumber, cert.Number, cert.InitialPassword, "kiosk")
	if err != nil {
		t.Fatal(err)
	}
	ended, stop := svc2.WatchEnd(there.Principal)
	defer stop()
	own, stopOwn := e.svc.WatchEnd(holder)
	if _, err := e.svc.Withdraw(holder, e.svc.NewToken(), true); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("the session of the other process was not ended")
	}
	time.Sleep(50 * time.Millisecond) // several polls of this process too
	select {
	case <-own:
		t.Error("the withdrawing session was ended before its completion")
	default:
	}
	if svc2.EndPolling() || svc2.EndWatches() != 0 {
		t.Error("the other process still polls with its only watch ended")
	}
	stopOwn()
	if e.svc.EndPolling() || e.svc.EndWatches() != 0 {
		t.Error("this process still polls after its last watch")
	}
}

// The withdrawal screen's first sentence names what blocks (services, unpaid
// statements, the line); the statement of the last month of use is issued on
// the 1st of the next month and is to be paid before the withdrawal.
func TestWithdrawalLeadAndFinalStatement(t *testing.T) {
	now := time.Date(2026, 4, 15, 10, 0, 0, 0, core.JST)
	plan := core.WithdrawalBlock{Kind: core.WithdrawBlockPlan, End: dayP(2026, 5, 31), From: dayP(2026, 6, 1)}
	option := core.WithdrawalBlock{Kind: core.WithdrawBlockOption, End: dayP(2026, 4, 30), From: dayP(2026, 5, 1)}
	owed := core.WithdrawalBlock{Kind: core.WithdrawBlockOwed, After: core.WithdrawAfterPayment}
	lineRuns := core.WithdrawalBlock{Kind: core.WithdrawBlockLine, After: core.WithdrawAfterLineCancel}
	lineEnds := core.WithdrawalBlock{Kind: core.WithdrawBlockLine, End: dayP(2026, 4, 20), From: dayP(2026, 4, 21)}
	for _, c := range []struct {
		name   string
		blocks []core.WithdrawalBlock
		lead   string
		final  string // month of the statement still to come, "" for none
		issued string
	}{
		{name: "nothing blocks", lead: "", final: ""},
		{name: "ご利用中のサービス等がある: services first", blocks: []core.WithdrawalBlock{owed, option, lineRuns},
			lead: core.WithdrawLeadServices, final: "2026-04", issued: "2026-05-01"},
		{name: "only unpaid statements and the line: the bills", blocks: []core.WithdrawalBlock{owed, lineRuns},
			lead: core.WithdrawLeadOwed},
		{name: "only the line, ending this month: its month's statement comes on the 1st", blocks: []core.WithdrawalBlock{lineEnds},
			lead: core.WithdrawLeadLine, final: "2026-04", issued: "2026-05-01"},
		{name: "the latest end's month is the last month of use", blocks: []core.WithdrawalBlock{option, plan, lineEnds},
			lead: core.WithdrawLeadServices, final: "2026-05", issued: "2026-06-01"},
		{name: "an end in a closed month: its statement is out already",
			blocks: []core.WithdrawalBlock{{Kind: core.WithdrawBlockPlan, State: core.PlanStateWithdrawn, End: dayP(2026, 3, 31), From: dayP(2026, 4, 1)}},
			lead:   core.WithdrawLeadServices},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := core.WithdrawalLead(c.blocks); got != c.lead {
				t.Errorf("lead %q, want %q", got, c.lead)
			}
			f := core.FinalStatementOf(c.blocks, now)
			switch {
			case c.final == "" && f != nil:
				t.Errorf("final statement %+v, want none", f)
			case c.final != "" && (f == nil || f.Month.String() != c.final || f.Issued.String() != c.issued):
				t.Errorf("final statement %+v, want %s issued %s", f, c.final, c.issued)
			}
		})
	}
}

// A call of a withdrawn contract imported after its last statement (the
// withdrawal month's) has closed could be billed by no statement: the import
// refuses its line and says why, as it does other bad lines. Before that
// statement closes the call is billed on it.
func TestCallsOfAWithdrawnContractAfterItsLastStatement(t *testing.T) {
	e := newEnv(t)
	cert, holder := withdrawable(t, e)
	if _, err := e.svc.Withdraw(holder, e.svc.NewToken(), true); err != nil {
		t.Fatal(err)
	}
	call := func(at string) core.CallRecord {
		started, err := time.ParseInLocation("2006-01-02 15:04", at, core.JST)
		if err != nil {
			t.Fatal(err)
		}
		return core.CallRecord{Contract: cert.Number, Service: "phone", StartedAt: started, Destination: "0312345678", Seconds: 60, Amount: 8}
	}
	// April, the withdrawal month, still open: the call goes on its statement.
	if _, err := e.svc.ImportCalls(e.op, []core.CallRecord{call("2026-04-01 09:00")}); err != nil {
		t.Fatalf("a call of the open last month: %v", err)
	}
	e.clock.Set(time.Date(2026, 5, 3, 10, 0, 0, 0, core.JST))
	if _, err := e.svc.CloseDueMonths(e.op); err != nil {
		t.Fatal(err)
	}
	st, err := e.svc.StatementOf(e.op, cert.Number, core.Month{Year: 2026, Month: 4})
	if err != nil || !st.Closed || st.Total == 0 {
		t.Fatalf("April: %+v %v, want it closed with the call", st, err)
	}
	refused := func(err error, line int) {
		t.Helper()
		var ie *core.ImportError
		if !errors.As(err, &ie) || len(ie.Rows) != 1 || ie.Rows[0].Line != line ||
			!strings.Contains(ie.Rows[0].Msg, "withdrew its membership on 2026-04-02") || !strings.Contains(ie.Rows[0].Msg, "last statement (2026-04) is closed") {
			t.Fatalf("import: %v, want line %d refused: withdrawn, last statement closed", err, line)
		}
	}
	_, err = e.svc.ImportCalls(e.op, []core.CallRecord{call("2026-04-01 11:00")})
	refused(err, 2)
	_, err = e.svc.ImportCallsFile(e.op, "calls.csv", callFile(t, callsFile(cert.Number+",phone,2026-04-01 12:00:00,0312345678,60,8")))
	refused(err, 2)
	// The call stored before keeps its statement: the file imported again is not refused for it.
	if _, err := e.svc.ImportCalls(e.op, []core.CallRecord{call("2026-04-01 09:00")}); err != nil {
		t.Errorf("the same call imported again: %v", err)
	}
}

// The line ended yesterday with an option held to its end: the month's bill
// (the option's charge, the line's month) is issued on the 1st. Withdrawal
// waits for it and for its payment, for a member who has withdrawn could not
// read or pay it.
func TestWithdrawalWaitsForTheOpenMonthsBill(t *testing.T) {
	e := newEnv(t)
	cert, holder := e.newContract(t, "spaaqs-lan")
	if _, err := e.svc.PurchaseOption(holder, e.svc.NewToken(), "remote-support", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CancelLine(e.op, cert.Number, time.Date(2026, 4, 15, 0, 0, 0, 0, core.JST)); err != nil {
		t.Fatal(err)
	}
	holder = e.at(t, time.Date(2026, 4, 16, 10, 0, 0, 0, core.JST), cert)
	v, err := e.svc.WithdrawalCheck(holder)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Blocks) != 1 || v.Blocks[0].Kind != core.WithdrawBlockOwed || v.Blocks[0].State != core.OwedEstimate ||
		v.Blocks[0].Month.String() != "2026-04" || v.Blocks[0].Remaining != 550 {
		t.Fatalf("blocks on 04-16: %+v", v.Blocks)
	}
	if _, err := e.svc.Withdraw(holder, e.svc.NewToken(), true); !errors.As(err, new(*core.WithdrawalError)) {
		t.Fatalf("a withdrawal before the month's bill: %v", err)
	}
	// 05-02: April closed (550 yen owed); paid, the member may withdraw.
	holder = e.at(t, time.Date(2026, 5, 2, 10, 0, 0, 0, core.JST), cert)
	if v, _ := e.svc.WithdrawalCheck(holder); len(v.Blocks) != 1 || v.Blocks[0].State == core.OwedEstimate {
		t.Fatalf("blocks on 05-02: %+v", v.Blocks)
	}
	if _, err := e.svc.RecordPayment(e.op, cert.Number, core.Month{Year: 2026, Month: time.April}, 550, e.svc.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Withdraw(holder, e.svc.NewToken(), true); err != nil {
		t.Errorf("a withdrawal once the last bill is paid: %v", err)
	}
}
