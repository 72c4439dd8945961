package postgres

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"mypage/core"
	"mypage/store/pgtest"
)

// lines keeps what a logger wrote.
type lines struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Appends that give way to one another under contention are run again and
// succeed: the operator's log must not call the database busy for them.
func TestContentionThatSucceedsIsNotLoggedBusy(t *testing.T) {
	var log lines
	db, err := Open(context.Background(), pgtest.URL(t), Options{MaxConns: 16,
		Logger: slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 16*10)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				errs <- db.Update(func(tx core.Tx) error {
					_, err := tx.Append("audit", map[string]string{"action": "x"})
					return err
				})
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("an append failed: %v", err)
		}
	}
	if db.Retries() == 0 {
		t.Skip("no append had to give way: nothing to check")
	}
	if strings.Contains(log.String(), "busy") {
		t.Fatalf("appends that succeeded after %d retries were logged as busy:\n%s", db.Retries(), log.String())
	}
}
