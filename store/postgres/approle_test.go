package postgres

import (
	"context"
	"net/url"
	"testing"

	"github.com/jackc/pgx/v5"

	"mypage/core"
	"mypage/store/pgtest"
)

// A front-end running as an application role with rights on the data only
// (no CREATE on the schema) opens a database whose schema is current.
func TestRoleWithDataRightsOpensCurrentSchema(t *testing.T) {
	owner := pgtest.URL(t)
	db, err := Open(context.Background(), owner, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	u, _ := url.Parse(owner)
	schema := u.Query().Get("search_path")
	c, err := pgx.Connect(context.Background(), owner)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	role := "app_" + schema
	for _, q := range []string{
		"CREATE ROLE " + role + " LOGIN",
		"GRANT USAGE ON SCHEMA " + schema + " TO " + role,
		"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema + " TO " + role,
	} {
		if _, err := c.Exec(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		c, _ := pgx.Connect(context.Background(), owner)
		c.Exec(context.Background(), "DROP OWNED BY "+role)
		c.Exec(context.Background(), "DROP ROLE "+role)
		c.Close(context.Background())
	})
	u.User = url.User(role)
	app, err := Open(context.Background(), u.String(), Options{})
	if err != nil {
		t.Fatalf("the application role cannot open an up-to-date database: %v", err)
	}
	defer app.Close()
	if err := app.Update(func(tx core.Tx) error { return tx.Put("settings", "x", 1) }); err != nil {
		t.Fatal(err)
	}
}
