package core_test

import (
	"errors"
	"testing"

	"mypage/core"
)

// lostAnswer is a store whose next Update commits and then reports that the
// commit was not confirmed, as the PostgreSQL store does when the connection
// drops while the server commits.
type lostAnswer struct {
	core.Storage
	lose bool
}

func (l *lostAnswer) Update(fn func(core.Tx) error) error {
	err := l.Storage.Update(fn)
	if err == nil && l.lose {
		l.lose = false
		return core.ErrCommitUnknown
	}
	return err
}

// A procedure whose commit was not confirmed may have been done: its audit
// trail must not say it failed. The committed attempt left its "ok" record;
// the one written after it says the result is unconfirmed.
func TestUnconfirmedCommitIsNotAuditedAsFailed(t *testing.T) {
	e := newEnv(t)
	_, holder := e.newContract(t, "spaaqs-lan")
	store := &lostAnswer{Storage: e.db}
	svc := core.NewService(store, core.Config{Hash: cheap, Clock: e.clock})
	before := len(e.audit(t))

	store.lose = true
	_, err := svc.SetTransfer(holder, svc.NewToken())
	if !errors.Is(err, core.ErrCommitUnknown) {
		t.Fatalf("SetTransfer = %v, want ErrCommitUnknown", err)
	}
	recs := e.audit(t)[before:]
	var results []string
	for _, r := range recs {
		results = append(results, r.Action+":"+r.Result)
	}
	if len(recs) != 2 || recs[0].Result != "ok" || recs[1].Action != recs[0].Action || recs[1].Result != "unconfirmed" {
		t.Fatalf("audit records of the procedure = %v, want its ok record and one unconfirmed", results)
	}
}
