package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
)

// contractInfoScreen is "ご契約情報一覧" (seed 003 §4, §5).
type contractInfoScreen struct {
	sh *common.Common
	common.Size
	info core.ContractInfo
	err  string
}

type contractInfoMsg struct {
	info core.ContractInfo
	err  error
}

func newContractInfoScreen(sh *common.Common) *contractInfoScreen { return &contractInfoScreen{sh: sh} }

func (s *contractInfoScreen) Init() tea.Cmd {
	sh := s.sh
	return func() tea.Msg {
		info, err := sh.Svc.ContractInfo(sh.Who)
		return contractInfoMsg{info: info, err: err}
	}
}

func (s *contractInfoScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(contractInfoMsg); ok {
		if m.err != nil {
			var cmd tea.Cmd
			s.err, cmd = s.sh.Failure(m.err)
			return s, cmd
		}
		s.info = m.info
	}
	return s, nil
}

// Passive: the summary has nothing to operate, so the menu keeps the focus.
func (s *contractInfoScreen) Passive() {}

// FullHelp is the key help in one column.
func (s *contractInfoScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *contractInfoScreen) ShortHelp() []key.Binding { return nil }

// View renders the body at the width SetSize gave.
func (s *contractInfoScreen) View() string { return s.Show(s.render) }

func (s *contractInfoScreen) render(width int) (string, int) {
	sh := s.sh
	if s.err != "" {
		return sh.Title(sh.T("contract.title")) + "\n\n" + sh.St.Error.Render(sh.Wrap(width, s.err)), 0
	}
	if s.info.Number == "" {
		return sh.Title(sh.T("contract.title")) + "\n\n" + sh.St.Muted.Render(sh.T("common.loading")), -1
	}
	info := s.info
	var b strings.Builder
	b.WriteString(sh.Title(sh.T("contract.title")) + "\n\n")
	b.WriteString(sh.Section(sh.T("contract.basic")) + "\n")
	b.WriteString(kvTable(sh, []kvRow{
		{sh.T("contract.type"), sh.Header.ContractType},
		{sh.T("contract.number"), info.Number},
		{sh.T("contract.password"), "*****"},
	}, width) + "\n\n")
	b.WriteString(sh.Section(sh.T("contract.options")) + "\n")
	var rows []kvRow
	if info.MailOption != nil {
		rows = append(rows, kvRow{sh.T("contract.mail_service"),
			sh.OptionName(info.MailOption.Option) + ": " + sh.T("option."+string(info.MailOption.State))})
	}
	for _, o := range info.Options {
		rows = append(rows, kvRow{sh.OptionName(o.Option), sh.T("option." + string(o.State))})
	}
	b.WriteString(kvTable(sh, rows, width) + "\n\n")
	b.WriteString(sh.Section(sh.T("contract.usage")) + "\n")
	rows = []kvRow{
		{sh.T("contract.account_ids"), usage(sh, info.AccountIDs)},
		{sh.T("contract.mail_accounts"), usage(sh, info.MailAccounts)},
		{sh.T("contract.web_spaces"), usage(sh, info.WebSpaces)},
	}
	if info.Storage != nil {
		rows = append(rows, kvRow{sh.T("contract.storage"), usage(sh, *info.Storage)})
	}
	b.WriteString(kvTable(sh, rows, width))
	return b.String(), -1
}

// usage renders an allowance as "2個 / 6個 (基本 6個)" or "1個 / 1個 (基本 1個 + 0個)".
func usage(sh *common.Common, u core.Usage) string {
	if u.HasExtra {
		return sh.T("usage.with_extra", u.Used, u.Allowed, u.Basic, u.Extra)
	}
	return sh.T("usage.basic", u.Used, u.Allowed, u.Basic)
}
