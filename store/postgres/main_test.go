package postgres

import (
	"testing"

	"mypage/store/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }
