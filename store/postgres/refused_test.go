package postgres

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"github.com/jackc/pgx/v5"

	"mypage/core"
	"mypage/store/pgtest"
)

// A server that refuses new connections while the portal runs
// (the role may no longer log in, as after a rotated password) is a database
// that cannot be reached, as at start-up, not an internal error.
func TestRefusedWhileServingIsUnavailable(t *testing.T) {
	base := pgtest.URL(t)
	admin, err := pgx.Connect(context.Background(), base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	role := "mypage_refused_role"
	_, _ = admin.Exec(context.Background(), "DROP ROLE IF EXISTS "+role)
	if _, err := admin.Exec(context.Background(), "CREATE ROLE "+role+" LOGIN SUPERUSER"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = admin.Exec(context.Background(), "DROP ROLE IF EXISTS "+role) })
	u, _ := url.Parse(base)
	u.User = url.User(role)
	db := open(t, u.String(), Options{MaxConns: 2})
	put := func(n int) error {
		return db.Update(func(tx core.Tx) error { return tx.Put("accounts", "k", n) })
	}
	if err := put(1); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(context.Background(), "ALTER ROLE "+role+" NOLOGIN"); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(context.Background(), "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", role); err != nil {
		t.Fatal(err)
	}
	err = put(2)
	if !errors.Is(err, core.ErrUnavailable) {
		t.Fatalf("Update with the connection refused = %v, want core.ErrUnavailable", err)
	}
}
