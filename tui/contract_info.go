package tui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mypage/core"
	"mypage/tui/common"
	"mypage/tui/table"
)

// contractInfoScreen is "ご契約情報一覧" (seed 003 §4, §5).
type contractInfoScreen struct {
	sh *common.Common
	common.Size
	info   core.ContractInfo
	plans  []core.PlanView
	annual []core.OptionView // the annual options, where a 年会費制 plan is held
	// standing: the suspensions the banner names, with what to do.
	standing core.Standing
	err      string
}

type contractInfoMsg struct {
	info     core.ContractInfo
	plans    []core.PlanView
	annual   []core.OptionView
	standing core.Standing
	err      error
}

func newContractInfoScreen(sh *common.Common) *contractInfoScreen { return &contractInfoScreen{sh: sh} }

func (s *contractInfoScreen) Init() tea.Cmd {
	sh := s.sh
	return func() tea.Msg {
		info, err := sh.Svc.ContractInfo(sh.Who)
		if err != nil {
			return contractInfoMsg{err: err}
		}
		plans, err := sh.Svc.Plans(sh.Who)
		if err != nil {
			return contractInfoMsg{err: err}
		}
		var annual []core.OptionView
		if _, membership := planKinds(plans); membership {
			if annual, err = sh.Svc.GroupOptions(sh.Who, annualGroup, ""); err != nil {
				return contractInfoMsg{err: err}
			}
		}
		standing, err := sh.Svc.Standing(sh.Who)
		if err != nil {
			return contractInfoMsg{err: err}
		}
		return contractInfoMsg{info: info, plans: plans, annual: annual, standing: standing}
	}
}

func (s *contractInfoScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(contractInfoMsg); ok {
		if m.err != nil {
			var cmd tea.Cmd
			s.err, cmd = s.sh.Failure(m.err)
			return s, cmd
		}
		s.info, s.plans, s.annual, s.standing = m.info, m.plans, m.annual, m.standing
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
	if banner := standingBanner(sh, s.standing, width); banner != "" {
		b.WriteString(banner + "\n\n")
	}
	for _, v := range s.plans {
		if v.Renewal != nil {
			// The renewal notice, first on the screen after login (SPEC §11.3).
			b.WriteString(sh.St.Warning.Render(sh.Wrap(width, renewalText(sh, v))) + "\n\n")
		}
	}
	b.WriteString(sh.Section(sh.T("contract.basic")) + "\n")
	b.WriteString(kvTable(sh, []kvRow{
		{sh.T("contract.type"), sh.Header.ContractType},
		{sh.T("contract.number"), info.Number},
		{sh.T("contract.password"), "*****"},
	}, width) + "\n\n")
	if len(s.plans) > 0 {
		b.WriteString(sh.Section(sh.T("contract.plans")) + "\n")
		b.WriteString(s.planTable(width) + "\n\n")
	}
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

// planTable lists the plan services (SPEC §3.3): each plan with its state, then
// its cycle and price, its term, the days it starts or ends on, and the plan
// change request that opened or replaces it.
func (s *contractInfoScreen) planTable(width int) string {
	sh := s.sh
	t := table.New(sh.TableStyles(), table.Column{Wrap: true, Keep: true, Min: 8, Style: sh.St.Label},
		table.Column{Wrap: true, Min: 10, Style: sh.St.Value})
	t.Gap = 2
	for _, v := range s.plans {
		state := sh.T("plan.state." + string(v.State))
		if s.standing.Stops() && v.State == core.PlanInUse {
			// In use, but stopped with the contract's paid services (the banner says why).
			state = sh.T("plan.state.suspended")
		}
		t.AddStyled(sh.St.HeaderValue, sh.PlanName(v.Plan), state)
		price := planPrice(sh, v.Plan.Cycle, v.Fee)
		switch {
		case v.NextFee != v.Fee:
			// An annual option bought or cancelled this term: the next renewal bills another fee.
			price = sh.T("plan.next_fee", price, common.GroupDigits(v.NextFee))
		case v.Plan.Kind == core.PlanMembership && v.Fee != v.Plan.Price:
			price = sh.T("plan.with_options", price) // the annual options held add to it
		}
		t.Add("  "+sh.T("plan.cycle"), planCycle(sh, v.Plan)+"  "+price)
		t.Add("  "+sh.T("plan.term_label"), planTerm(sh, v.Term.Start, v.Term.End))
		switch {
		case v.TermCharge > 0:
			// An annual term of several years is billed once, in advance, at this price.
			t.Add("  "+sh.T("plan.term_years"), sh.T("plan.term_years_charge", v.Term.Years, v.Term.Discount, sh.Yen(v.TermCharge)))
		case v.Term.Years > 1 || v.Term.Discount > 0:
			t.Add("  "+sh.T("plan.term_years"), sh.T("renew.years_value", v.Term.Years, v.Term.Discount))
		}
		if n := v.NextTerm; n != nil {
			t.Add("  "+sh.T("plan.next_term"), sh.T("plan.next_term_value", planTerm(sh, n.Start, n.End), n.Years, n.Discount, core.EscapeLine(n.Renewal)))
		}
		if v.State == core.PlanInUse || v.State == core.PlanApplying {
			auto := "plan.auto_renew.off"
			if v.AutoRenew {
				auto = "plan.auto_renew.on"
			}
			t.Add("  "+sh.T("plan.auto_renew"), sh.T(auto))
		}
		if v.State == core.PlanApplying || (v.Term.Index == 0 && !v.Service.Start.Equal(v.Term.Start)) {
			t.Add("  "+sh.T("plan.start_day"), sh.Date(v.Service.Start))
		}
		if v.Service.End != nil {
			t.Add("  "+sh.T("plan.end_day"), sh.Date(*v.Service.End))
		}
		if id := v.Service.RenewedAs; id != "" {
			// Renewed to another plan of its family: it ends on its term's end for that one.
			for _, n := range s.plans {
				if n.Service.ID == id {
					t.Add("  "+sh.T("plan.renewed_as"), sh.T("plan.renewed_as_value", sh.PlanName(n.Plan), sh.Date(n.Service.Start)))
				}
			}
		}
		if v.Request != "" {
			t.Add("  "+sh.T("plan.request"), core.EscapeLine(v.Request))
		}
		if v.Plan.Kind == core.PlanMembership {
			// The annual options it holds, as their pages show them.
			label := "  " + sh.T("plan.annual_options")
			for _, o := range s.annual {
				if o.State == core.OptionNotPurchased || !slices.Contains(o.Option.Plans, v.Plan.Code) {
					continue
				}
				t.Add(label, sh.OptionName(o.Option)+": "+optionStateShort(sh, o))
				label = ""
			}
		}
	}
	return t.Render(width)
}

// usage renders an allowance as "2個 / 6個 (基本 6個)" or "1個 / 1個 (基本 1個 + 0個)".
func usage(sh *common.Common, u core.Usage) string {
	if u.HasExtra {
		return sh.T("usage.with_extra", u.Used, u.Allowed, u.Basic, u.Extra)
	}
	return sh.T("usage.basic", u.Used, u.Allowed, u.Basic)
}
