package tui

import (
	"mypage/tui/common"
)

// Minimum terminal size the layout works at; smaller gets a clear message.
const (
	minWidth  = 60
	minHeight = 16
)

// Largest terminal size laid out; a larger window shows the screen at its top left.
const (
	maxWidth  = 500
	maxHeight = 200
)

// kvRow is one label/value line of an info, confirm or complete table.
type kvRow struct {
	label, value string
}

// kvTable renders label/value rows in the body's width (common.KVTable).
func kvTable(sh *common.Common, rows []kvRow, width int) string {
	kv := make([]common.KVRow, len(rows))
	for i, r := range rows {
		kv[i] = common.KVRow{Label: r.label, Value: r.value}
	}
	return sh.KVTable(kv, width)
}
