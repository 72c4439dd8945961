package postgres_test

import (
	"testing"

	"mypage/core"
	"mypage/store/pgtest"
	"mypage/store/postgres"
	"mypage/store/storetest"
)

func TestConformance(t *testing.T) {
	urls := map[core.Storage]string{}
	open := func(t testing.TB) core.Storage {
		url := pgtest.URL(t)
		db := storetest.OpenPostgres(t, url)
		urls[db] = url
		return db
	}
	reopen := func(t testing.TB, s core.Storage) core.Storage {
		if err := s.(*postgres.DB).Close(); err != nil {
			t.Fatal(err)
		}
		db := storetest.OpenPostgres(t, urls[s])
		urls[db] = urls[s]
		return db
	}
	storetest.Run(t, open, reopen)
}
