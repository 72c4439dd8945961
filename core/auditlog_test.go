package core_test

import (
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"mypage/core"
	"mypage/store"
)

// auditFaultStore fails every append to the audit log while broken is set.
type auditFaultStore struct {
	core.Storage
	broken atomic.Bool
}

var errAuditFault = errors.New("audit bucket: write failed")

func (s *auditFaultStore) View(fn func(core.Tx) error) error {
	return s.Storage.View(func(tx core.Tx) error { return fn(auditFaultTx{tx, s}) })
}

func (s *auditFaultStore) Update(fn func(core.Tx) error) error {
	return s.Storage.Update(func(tx core.Tx) error { return fn(auditFaultTx{tx, s}) })
}

type auditFaultTx struct {
	core.Tx
	s *auditFaultStore
}

func (t auditFaultTx) Append(bucket string, v any) (uint64, error) {
	if t.s.broken.Load() && bucket == "audit" {
		return 0, errAuditFault
	}
	return t.Tx.Append(bucket, v)
}

// An audit record that cannot be written is logged with its cause, never
// ignored: by the login, its refusal by a front end, the logout, the step-up,
// and a procedure (which fails with it).
func TestFailedAuditWritesAreLogged(t *testing.T) {
	for _, c := range []struct {
		name string
		do   func(t *testing.T, e *env, fs *auditFaultStore, holder core.Principal, cert core.Certificate)
	}{
		{"wrong password", func(t *testing.T, e *env, fs *auditFaultStore, holder core.Principal, cert core.Certificate) {
			_, err := e.svc.Login(core.LoginCustomerNumber, cert.Number, "Not-the-password-1", "test")
			wantErr(t, err, core.ErrLoginFailed)
		}},
		{"login refused by the front end", func(t *testing.T, e *env, fs *auditFaultStore, holder core.Principal, cert core.Certificate) {
			e.svc.LoginRefused(core.LoginCustomerNumber, cert.Number, "test")
		}},
		{"logout", func(t *testing.T, e *env, fs *auditFaultStore, holder core.Principal, cert core.Certificate) {
			e.svc.Logout(holder, "logout")
		}},
		{"wrong step-up", func(t *testing.T, e *env, fs *auditFaultStore, holder core.Principal, cert core.Certificate) {
			fs.broken.Store(false)
			form := accountForm("stepper", core.PermAdmin)
			if _, err := e.svc.RegisterAccount(holder, e.svc.NewToken(), form); err != nil {
				t.Fatal(err)
			}
			admin := e.login(t, core.LoginAccountID, form.ID, form.Password).Principal
			fs.broken.Store(true)
			_, err := e.svc.StepUp(admin, cert.Number, "Not-the-password-1")
			wantErr(t, err, core.ErrLoginFailed)
		}},
		{"procedure", func(t *testing.T, e *env, fs *auditFaultStore, holder core.Principal, cert core.Certificate) {
			if _, err := e.svc.RegisterAccount(holder, e.svc.NewToken(), accountForm("audited", core.PermAdmin)); !errors.Is(err, errAuditFault) {
				t.Errorf("the procedure whose audit record failed: err = %v, want the audit's", err)
			}
		}},
		{"refused procedure", func(t *testing.T, e *env, fs *auditFaultStore, holder core.Principal, cert core.Certificate) {
			if _, err := e.svc.RegisterAccount(holder, e.svc.NewToken(), accountForm("x", core.PermAdmin)); core.FieldProblems(err) == nil {
				t.Errorf("an invalid ID: err = %v, want field problems", err)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, err := store.Open(filepath.Join(t.TempDir(), "t.db"), store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = db.Close() })
			fs := &auditFaultStore{Storage: db}
			logs := &syncBuffer{}
			clock := core.NewManualClock(start)
			svc := core.NewService(fs, core.Config{Hash: cheap, Clock: clock, Logger: slog.New(slog.NewTextHandler(logs, nil))})
			e := &env{db: db, svc: svc, clock: clock, op: core.Operator("test")}
			cert, holder := e.newContract(t, "spaaqs-lan")
			fs.broken.Store(true)
			c.do(t, e, fs, holder, cert)
			if out := logs.String(); !strings.Contains(out, "level=ERROR") || !strings.Contains(out, errAuditFault.Error()) {
				t.Errorf("the failed audit write is not logged with its cause:\n%s", out)
			}
		})
	}
}
