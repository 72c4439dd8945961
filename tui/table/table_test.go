package table

import (
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-runewidth"
	"github.com/muesli/termenv"

	"mypage/tui/wrap"
)

func TestMain(m *testing.M) {
	runewidth.DefaultCondition.EastAsianWidth = false
	os.Exit(m.Run())
}

// plain is a style of a renderer with no colours, so the expectations show
// only the layout.
func plain() lipgloss.Style {
	r := lipgloss.NewRenderer(os.Stdout)
	r.SetColorProfile(termenv.Ascii)
	return r.NewStyle()
}

func calls() *Table {
	t := New(Styles{Header: plain(), Cursor: plain(), Marker: plain()},
		Column{Header: "通話開始日時"},
		Column{Header: "通話先", Shrink: true, Min: 8},
		Column{Header: "通話時間", Align: Right},
		Column{Header: "通話料", Align: Right})
	t.Add("2026/09/02 10:00", "03-1234-5678", "3分05秒", "24 円")
	t.Add("2026/09/04 04:00", "090-1111-2222", "1分02秒", "3,000 円")
	return t
}

func TestRender(t *testing.T) {
	for _, tc := range []struct {
		name  string
		table func() *Table
		width int
		want  []string
	}{
		{"fits", calls, 80, []string{
			"通話開始日時      通話先         通話時間    通話料",
			"2026/09/02 10:00  03-1234-5678    3分05秒     24 円",
			"2026/09/04 04:00  090-1111-2222   1分02秒  3,000 円",
		}},
		{"shrinks what may shrink", calls, 46, []string{
			"通話開始日時      通話先    通話時間    通話料",
			"2026/09/02 10:00  03-1234…   3分05秒     24 円",
			"2026/09/04 04:00  090-111…   1分02秒  3,000 円",
		}},
		{"never wider", calls, 30, []string{
			"通話…   通話先   通話…  通話料",
			"2026/…  03-12…  3分05…   24 円",
			"2026/…  090-1…  1分02…  3,000…",
		}},
		{"cursor row marked", func() *Table {
			tb := calls()
			tb.Cursor = 1
			return tb
		}, 80, []string{
			"  通話開始日時      通話先         通話時間    通話料",
			"  2026/09/02 10:00  03-1234-5678    3分05秒     24 円",
			"> 2026/09/04 04:00  090-1111-2222   1分02秒  3,000 円",
		}},
		{"selectable with no cursor", func() *Table {
			tb := New(Styles{}, Column{Header: "ID"})
			tb.Selectable = true
			return tb.Add("taro")
		}, 80, []string{"  ID  ", "  taro"}},
		{"wrapped cells", func() *Table {
			tb := New(Styles{}, Column{Header: "Option", Wrap: true}, Column{Header: "Monthly", Align: Right})
			return tb.Add("UCOM Hikari Remote Support", "500 yen")
		}, 20, []string{
			"Option       Monthly",
			"UCOM Hikari  500 yen",
			"Remote              ",
			"Support             ",
		}},
		{"hanging indent and a row style", func() *Table {
			tb := New(Styles{}, Column{Wrap: true}, Column{Align: Right})
			tb.Add("UCOM Hikari Remote Support", "500")
			return tb.AddStyled(plain(), "  arteri-an-001 first month free", "")
		}, 22, []string{
			"UCOM Hikari      500",
			"Remote Support      ",
			"  arteri-an-001     ",
			"  first month       ",
			"  free              ",
		}},
		{"kv", func() *Table {
			return KV([]Pair{
				{"カード会社", "AMERICAN EXPRESS"},
				{"カード番号", "XXXX-XXXX-XXXX-1111"},
				{"ホームページアドレス", "未登録 Webスペースの登録には、UCOMのメールアドレスが必要です。"},
			}, plain(), plain())
		}, 50, []string{
			"カード会社            AMERICAN EXPRESS            ",
			"カード番号            XXXX-XXXX-XXXX-1111         ",
			"ホームページアドレス  未登録 Webスペースの登録に  ",
			"                      は、UCOMのメールアドレスが必",
			"                      要です。                    ",
		}},
		{"kv values give way before labels", func() *Table {
			return KV([]Pair{
				{"Mail service", "Mail & Web Space: Not purchased"},
				{"UCOM Hikari Device Warranty", "Not purchased"},
			}, plain(), plain())
		}, 55, []string{
			"Mail service                 Mail & Web Space: Not",
			"                             purchased            ",
			"UCOM Hikari Device Warranty  Not purchased        ",
		}},
		{"kv labels give way beyond half the width", func() *Table {
			return KV([]Pair{{"オンラインストレージ&フォトアルバム", "0個 / 0個 (基本 0個 + 0個)"}}, plain(), plain())
		}, 55, []string{
			"オンラインストレージ&  0個 / 0個 (基本 0個 + 0個)",
			"フォトアルバム                                   ",
		}},
		{"kv labels break between words before a URL is cut", func() *Table {
			return KV([]Pair{
				{"Page", "https://mypage.spaaqs.ne.jp/gigacinema/"},
				{"Customer number to log in with", "43088999893742"},
			}, plain(), plain())
		}, 55, []string{
			"Page           https://mypage.spaaqs.ne.jp/gigacinema/",
			"Customer       43088999893742                         ",
			"number to log                                         ",
			"in with                                               ",
		}},
		{"kv room a broken label frees goes to the values", func() *Table {
			return KV([]Pair{
				{"メールアカウント", "0個 / 1個 (基本 1個 + 0個)"},
				{"オンラインストレージ&フォトアルバム", "0個 / 0個 (基本 0個 + 0個)"},
			}, plain(), plain())
		}, 53, []string{
			"メールアカウント       0個 / 1個 (基本 1個 + 0個)",
			"オンラインストレージ&  0個 / 0個 (基本 0個 + 0個)",
			"フォトアルバム                                   ",
		}},
		{"kv labels give way when values cannot", func() *Table {
			return KV([]Pair{{"ホームページアドレス", "未登録"}}, plain(), plain())
		}, 18, []string{
			"ホームペー  未登録",
			"ジアドレス        ",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Split(tc.table().Render(tc.width), "\n")
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("Render(%d) =\n%s\nwant\n%s", tc.width, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			for _, l := range got {
				if wrap.Width(l) > tc.width {
					t.Errorf("line %q is %d cells, wider than %d", l, wrap.Width(l), tc.width)
				}
			}
		})
	}
}

func TestLayoutRowStart(t *testing.T) {
	tb := New(Styles{}, Column{Header: "Option", Wrap: true}, Column{Header: "State"})
	tb.Add("UCOM Hikari Remote Support", "Purchased").Add("Club Off", "Not purchased")
	_, starts := tb.Layout(24)
	if len(starts) != 2 || starts[0] != 1 || starts[1] != 5 {
		t.Errorf("row starts = %v, want [1 5]", starts)
	}
}

// A header wider than its cells breaks between its words before any cell is
// broken or cut: the IDs and the state stay whole.
func TestHeaderGivesWayFirst(t *testing.T) {
	tb := New(Styles{},
		Column{Header: "Account ID", Wrap: true, Min: 8},
		Column{Header: "Name", Wrap: true, Min: 8},
		Column{Header: "Mail address", Wrap: true, Min: 12},
		Column{Header: "Permission", Wrap: true, Min: 13})
	tb.Selectable, tb.Cursor = true, 0
	tb.Add("arteri-an-001", "有光 杏", "Not set", "Administrator")
	tb.Add("arteri-ko-002", "有光 光", "Not set", "User")
	out := tb.Render(50)
	for _, want := range []string{"arteri-an-001", "arteri-ko-002", "Administrator", "Mail"} {
		if !strings.Contains(out, want) {
			t.Errorf("%q is not whole on a line:\n%s", want, out)
		}
	}
	st := New(Styles{},
		Column{Header: "ご利用月", Wrap: true, Min: 8},
		Column{Header: "ご請求額 (税込)", Align: Right, Wrap: true, Keep: true, Min: 8},
		Column{Header: "状態", Wrap: true, Min: 8})
	st.Add("2026年8月分", "0 円", "お支払いはありません")
	if out := st.Render(48); !strings.Contains(out, "お支払いはありません") {
		t.Errorf("the state is broken while the header could give way:\n%s", out)
	}
}

// A Below column goes under its row when the columns do not fit beside each
// other, so that a mail address is never cut; it stays a column when they do.
func TestBelowColumn(t *testing.T) {
	tb := New(Styles{},
		Column{Header: "ID", Wrap: true},
		Column{Header: "Mail", Wrap: true, Below: true},
		Column{Header: "Permission", Wrap: true})
	tb.Selectable, tb.Cursor = true, 0
	tb.Add("arteri-an-001", "arteri.an@s2.spaaqs.ne.jp", "Administrator")
	wide := tb.Render(80)
	if lines := strings.Split(wide, "\n"); len(lines) != 2 || !strings.Contains(lines[1], "arteri.an@s2.spaaqs.ne.jp") {
		t.Errorf("at 80 the mail is not a column:\n%s", wide)
	}
	narrow := tb.Render(40)
	want := []string{
		"  ID             Permission   ",
		"> arteri-an-001  Administrator",
		"    Mail: arteri.an@s2.spaaqs.ne.jp     ",
	}
	if got := strings.Split(narrow, "\n"); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("at 40:\n%s\nwant:\n%s", narrow, strings.Join(want, "\n"))
	}
}

// callDetails is the call-details table of the screens.
func callDetails(time, to, duration, amount string) *Table {
	t := New(Styles{},
		Column{Header: time, Wrap: true, Min: 10},
		Column{Header: to, Wrap: true, Min: 8},
		Column{Header: duration, Align: Right, Wrap: true, Keep: true, Min: 6},
		Column{Header: amount, Align: Right, Wrap: true, Keep: true, Min: 6})
	return t
}

// A table uses the width it has: the room goes to the column that would
// otherwise break, and a short header stays whole while other columns can
// give way.
func TestWidthsUseTheRoom(t *testing.T) {
	for _, tc := range []struct {
		name  string
		table func() *Table
		width int
		want  []string
	}{
		{"phone number whole, the time breaks", func() *Table {
			return callDetails("通話開始日時", "通話先", "通話時間", "通話料").
				Add("2026/12/01 10:00", "+81 (3) 1234-5678", "1分02秒", "24 円").
				Add("2026/12/01 11:00", "03-1234-5678", "12分05秒", "1,234 円")
		}, 53, []string{
			"通話開始日時  通話先             通話時間    通話料",
			"2026/12/01    +81 (3) 1234-5678   1分02秒     24 円",
			"10:00                                              ",
			"2026/12/01    03-1234-5678       12分05秒  1,234 円",
			"11:00                                              ",
		}},
		{"short header whole", func() *Table {
			return callDetails("通話開始日時", "通話先", "通話時間", "通話料").
				Add("2026/12/01 10:00", "+81 (3) 1234-5678", "1分02秒", "24 円")
		}, 48, []string{
			"通話開始日  通話先             通話時間  通話料",
			"時                                             ",
			"2026/12/01  +81 (3) 1234-5678   1分02秒   24 円",
			"10:00                                          ",
		}},
		{"en call details", func() *Table {
			return callDetails("Started", "To", "Duration", "Charge").
				Add("2026/12/01 10:00", "+81 (3) 1234-5678", "12 min 05 s", "1,234 yen")
		}, 53, []string{
			"Started     To                    Duration     Charge",
			"2026/12/01  +81 (3) 1234-5678  12 min 05 s  1,234 yen",
			"10:00                                                ",
		}},
		{"a broken column takes room from one that still breaks between words", func() *Table {
			return New(Styles{}, Column{Wrap: true}, Column{Wrap: true}, Column{Wrap: true}).
				Add("No 1", "Online storage photos", "2 of 6 IDs")
		}, 28, []string{
			"No 1  Online storage  2 of ",
			"      photos          6 IDs",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Split(tc.table().Render(tc.width), "\n")
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("Render(%d) =\n%s\nwant\n%s", tc.width, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			for _, l := range got {
				if wrap.Width(l) > tc.width {
					t.Errorf("line %q is %d cells, wider than %d", l, wrap.Width(l), tc.width)
				}
			}
		})
	}
}

// A value with a word too wide for the room beside its label, but not for
// the table, goes under the label whole; only a word wider than the table is
// cut.
func TestKVSpill(t *testing.T) {
	const url = "https://mypage.spaaqs.ne.jp/security/download/sec-360"
	kv := func() *Table {
		return KV([]Pair{{"PIN", "1234"}, {"ダウンロード", url}}, plain(), plain())
	}
	sel := New(Styles{}, Column{Wrap: true, Min: 10}, Column{Wrap: true, Min: 8})
	sel.Selectable, sel.Spill = true, true
	sel.Add("セキュリティ 360", "購入済み").Add("  ダウンロード", url)
	if got, want := sel.Render(53), "  セキュリティ 360  購入済み\n    ダウンロード            \n"+url; got != want {
		t.Errorf("selectable table at 53 =\n%s\nwant\n%s", got, want)
	}
	for _, tc := range []struct {
		name  string
		width int
		want  []string
	}{
		{"under its label at the full width", 53, []string{
			"PIN           1234",
			"ダウンロード      ",
			url,
		}},
		{"indented by two when that fits", 60, []string{
			"PIN           1234",
			"ダウンロード      ",
			"  " + url + "     ",
		}},
		{"cut only when wider than the table", 40, []string{
			"PIN           1234                      ",
			"ダウンロード  https://mypage.spaaqs.ne.…",
			"              jp/security/download/sec-…",
			"              360                       ",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Split(kv().Render(tc.width), "\n")
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("Render(%d) =\n%s\nwant\n%s", tc.width, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			for _, l := range got {
				if wrap.Width(l) > tc.width {
					t.Errorf("line %q is %d cells, wider than %d", l, wrap.Width(l), tc.width)
				}
			}
		})
	}
}
