package store_test

import (
	"path/filepath"
	"testing"

	"mypage/core"
	"mypage/store"
	"mypage/store/storetest"
)

func TestConformance(t *testing.T) {
	paths := map[core.Storage]string{}
	open := func(t testing.TB) core.Storage {
		path := filepath.Join(t.TempDir(), "t.db")
		db := storetest.OpenBolt(t, path)
		paths[db] = path
		return db
	}
	reopen := func(t testing.TB, s core.Storage) core.Storage {
		if err := s.(*store.DB).Close(); err != nil {
			t.Fatal(err)
		}
		db := storetest.OpenBolt(t, paths[s])
		paths[db] = paths[s]
		return db
	}
	storetest.Run(t, open, reopen)
}
