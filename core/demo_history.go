package core

import (
	"errors"
	"fmt"
	"time"
)

// ResetClock puts a demo database back on the real clock.
func (s *Service) ResetClock(p Principal) error {
	if p.Kind != KindOperator {
		return ErrForbidden
	}
	err := s.procedure(p, "clock", "real", "", func(tx Tx, _ time.Time) error {
		return tx.Delete(bucketSettings, settingClock)
	})
	if err == nil {
		s.remember(0)
	}
	return err
}

// BuildDemo makes a complete demo database: it marks the database as a demo,
// opens the demo contracts three months in the past and lives through those
// months with the real procedures — option purchases and cancels, mail addresses,
// payment methods, calls and what the bank reported — so that closed statements
// exist, then returns to the real clock. It returns the demo logins.
func (s *Service) BuildDemo(p Principal) ([]DemoLogin, error) {
	if p.Kind != KindOperator {
		return nil, ErrForbidden
	}
	if err := s.MarkDemo(p); err != nil {
		return nil, err
	}
	start := MonthOf(s.clock.Now()).Add(-3).Start().Add(10 * time.Hour) // the 1st, three months ago, 10:00
	// The demo starts in the past: the one place the clock is set back.
	if _, _, err := s.moveClock(p, start, false); err != nil {
		return nil, err
	}
	logins, err := s.SeedDemo(p)
	if err == nil {
		err = s.demoHistory(p, logins)
	}
	if rerr := s.ResetClock(p); err == nil {
		err = rerr
	}
	if err != nil {
		return nil, err
	}
	if err := s.demoBulletins(p); err != nil {
		return nil, err
	}
	_, err = s.CloseDueMonths(p)
	return logins, err
}

// demoHistory is three months of a household's life on the demo contracts.
func (s *Service) demoHistory(op Principal, logins []DemoLogin) error {
	var multi, lan, home []DemoLogin
	for _, l := range logins {
		switch l.ContractType {
		case "spaaqs 光 マンションマルチタイプ":
			multi = append(multi, l)
		case "spaaqs 光 マンションLANタイプ":
			lan = append(lan, l)
		case "spaaqs 光 ホームタイプ":
			home = append(home, l)
		}
	}
	if len(multi) < 3 || len(lan) < 3 || len(home) < 1 {
		return errors.New("demo: the demo contracts are missing")
	}
	mh := Principal{Kind: KindHolder, Contract: multi[0].Login, Source: op.Source}
	lh := Principal{Kind: KindHolder, Contract: lan[0].Login, Source: op.Source}
	hh := Principal{Kind: KindHolder, Contract: home[0].Login, Source: op.Source}
	step := func(err error, what string) error {
		if err != nil {
			return fmt.Errorf("demo: %s: %w", what, err)
		}
		return nil
	}
	// Month 1: mail and payment set up, remote support and security bought.
	if _, err := s.SetCard(mh, "", CardForm{Number: "4111111111111111", ExpMonth: "12", ExpYear: fmt.Sprint(s.Now().Year() + 3),
		HolderFirst: "AN", HolderLast: "ARUTERI", Agree: true}); err != nil {
		return step(err, "card")
	}
	if _, err := s.SetMail(mh, "", MailForm{Account: multi[1].Login, Kind: MailProvider, Local: "arteri.an", Agree: true}); err != nil {
		return step(err, "mail")
	}
	if _, err := s.PurchaseOption(mh, "", "mailpack", ""); err != nil {
		return step(err, "mail pack")
	}
	if _, err := s.SetMail(mh, "", MailForm{Account: multi[2].Login, Kind: MailProvider, Local: "hikaru", Agree: true}); err != nil {
		return step(err, "second mail")
	}
	if _, err := s.RegisterWebSpace(mh, "", multi[1].Login); err != nil {
		return step(err, "web space")
	}
	for _, buy := range []struct{ code, account string }{{"remote-support", ""}, {"sec-360", multi[1].Login}, {"kids-filter", multi[2].Login}} {
		if _, err := s.PurchaseOption(mh, "", buy.code, buy.account); err != nil {
			return step(err, "purchase "+buy.code)
		}
	}
	if _, err := s.SetTransfer(lh, ""); err != nil {
		return step(err, "transfer")
	}
	if _, err := s.SetMail(lh, "", MailForm{Account: lan[1].Login, Kind: MailOther, Address: "taro.yamada@example.jp", Agree: true}); err != nil {
		return step(err, "other mail")
	}
	if _, err := s.PurchaseOption(lh, "", "sec-online", lan[1].Login); err != nil {
		return step(err, "security online")
	}
	// Month 2: the device warranty; a call record of UCOM光電話.
	if _, _, err := s.AdvanceClock(op, 1, 4); err != nil {
		return step(err, "clock")
	}
	if _, err := s.PurchaseOption(mh, "", "warranty", ""); err != nil {
		return step(err, "warranty")
	}
	calls := []CallRecord{
		{Contract: lh.Contract, Service: "phone", StartedAt: s.Now().Add(-72 * time.Hour), Destination: "03-1234-5678", Seconds: 185, Amount: 24},
		{Contract: lh.Contract, Service: "phone", StartedAt: s.Now().Add(-30 * time.Hour), Destination: "090-1111-2222", Seconds: 62, Amount: 32},
		{Contract: lh.Contract, Service: "gatecall", StartedAt: s.Now().Add(-50 * time.Hour), Destination: "06-7777-8888", Seconds: 600, Amount: 80},
	}
	if _, err := s.ImportCalls(op, calls); err != nil {
		return step(err, "calls")
	}
	// The home contract adds a mailbox to its annual fee mid-term (its term
	// end moves, SPEC §11.2) and registers auto-debit only now: its first
	// debit collects the month already used (seed 004).
	if _, err := s.PurchaseOption(hh, "", "annual-mailbox", ""); err != nil {
		return step(err, "annual mailbox")
	}
	if _, err := s.SetDebit(hh, "", DebitForm{Bank: "埼玉りそな銀行", Branch: "浦和支店", AccountType: "普通",
		AccountNumber: "1234567", AccountHolder: "サトウ　ケン", Agree: true}); err != nil {
		return step(err, "auto-debit")
	}
	// Month 3: remote support cancelled and bought again (a re-application fee);
	// the transfers received; the home contract's first debit.
	if _, _, err := s.AdvanceClock(op, 1, 0); err != nil {
		return step(err, "clock")
	}
	if _, err := s.CancelOption(mh, "", "remote-support", ""); err != nil {
		return step(err, "cancel remote support")
	}
	if _, err := s.PurchaseOption(mh, "", "remote-support", ""); err != nil {
		return step(err, "re-apply remote support")
	}
	first := MonthOf(s.Now()).Add(-1)
	// Both transfers so far arrive now: the first month's is still inside the
	// days a payment takes to be confirmed, so the contract is in good standing.
	for _, m := range []Month{first.Add(-1), first} {
		st, err := s.StatementOf(op, lh.Contract, m)
		if err != nil {
			return step(err, "statement")
		}
		if st.Total > 0 {
			if _, err := s.RecordPayment(op, lh.Contract, m, st.Total, s.Now()); err != nil {
				return step(err, "payment")
			}
		}
	}
	// Support: a question about the bill, answered; one of the user ID still
	// waiting; a change of the card's holder done by post, a guide asked for;
	// a callback that was made.
	if err := s.demoSupport(op, mh, multi); err != nil {
		return err
	}
	// The home contract's first debit, last month's, on its debit day: it
	// collects the month before too.
	debit := DebitDate(MonthOf(s.Now())).Add(10 * time.Hour)
	if _, _, err := s.moveClock(op, debit, true); err != nil {
		return step(err, "clock")
	}
	if _, err := s.RecordDebitResult(op, hh.Contract, first, true); err != nil {
		return step(err, "first debit")
	}
	return nil
}

// demoSupport is what the multi household asked the support: tickets in both
// states, requests in both states, and a callback of the past.
func (s *Service) demoSupport(op, mh Principal, multi []DemoLogin) error {
	step := func(err error, what string) error {
		if err != nil {
			return fmt.Errorf("demo: %s: %w", what, err)
		}
		return nil
	}
	q, err := s.SubmitInquiry(mh, s.NewToken(), NewInquiry{Service: InquiryOther, Agreed: true,
		Content: "先月の請求にリモートサポートの再申込手数料が含まれています。どのような料金でしょうか。"})
	if err != nil {
		return step(err, "inquiry")
	}
	if _, err := s.AnswerTicket(op, q.Ticket.Number, "お問い合わせいただきありがとうございます。\n"+
		"リモートサポートを解約後に再度お申し込みいただいたため、再申込手数料を請求しております。\n"+
		"詳しくは料金明細照会の各行に表示される料金の根拠をご確認ください。"); err != nil {
		return step(err, "answer")
	}
	user := Principal{Kind: KindAccount, Contract: mh.Contract, AccountID: multi[2].Login, Permission: PermUser, Source: mh.Source}
	if _, err := s.SubmitInquiry(user, s.NewToken(), NewInquiry{Service: InquiryOther, Agreed: true,
		Env:     InquiryEnv{OS: "Windows 11", Browser: "Edge"},
		Content: "夜になるとWi-Fiが遅くなります。ルーターの設定で改善できますか。"}); err != nil {
		return step(err, "user inquiry")
	}
	r, err := s.SubmitRequest(mh, s.NewToken(), NewRequest{Kind: RequestContractChange, Change: "payment-holder"})
	if err != nil {
		return step(err, "contract change request")
	}
	if _, err := s.CompleteRequest(op, r.Request.Number, "申請書を郵送"); err != nil {
		return step(err, "request done")
	}
	if _, err := s.SubmitRequest(mh, s.NewToken(), NewRequest{Kind: RequestGuide, Documents: []string{"guide", "prices"},
		Copies: 1, Destination: DestinationRegistered}); err != nil {
		return step(err, "guide request")
	}
	// An outage of that morning, over since, and its notice.
	from, until := s.Now().Add(-3*time.Hour), s.Now().Add(-time.Hour)
	if _, err := s.AddBulletin(op, NewBulletin{Kind: BulletinOutage, Title: "一部地域でインターネットに接続しにくい状態について",
		Body:    "一部地域で、インターネットに接続しにくい状態が発生しておりました。\n現在は復旧しております。ご迷惑をおかけし申し訳ございませんでした。",
		TitleEn: "Difficulty connecting to the internet in some areas",
		BodyEn: "In some areas, connecting to the internet was difficult for a while.\n" +
			"The service has been restored. We apologize for the inconvenience.",
		From: &from, Until: &until}); err != nil {
		return step(err, "outage notice")
	}
	start, err := s.CallbackStart(mh)
	if err != nil {
		return step(err, "callback calendar")
	}
	for _, d := range start.Calendar {
		for _, slot := range d.Slots {
			if slot.State != SlotOpen {
				continue
			}
			_, err := s.BookCallback(mh, s.NewToken(), CallbackRequest{Topic: start.Topics[0].Code, Slot: slot.Start,
				Agreed: true, Phone: start.Phone, Name: start.Name, Note: "口座振替への変更について"})
			return step(err, "callback")
		}
	}
	return nil
}

// demoBulletins posts a maintenance to come (it does not show the banner).
func (s *Service) demoBulletins(op Principal) error {
	now := s.Now()
	at := func(h int) *time.Time {
		t := time.Date(now.Year(), now.Month(), now.Day()+10, h, 0, 0, 0, JST)
		return &t
	}
	_, err := s.AddBulletin(op, NewBulletin{Kind: BulletinMaintenance, Title: "設備メンテナンスのお知らせ",
		Body:    "設備の点検のため、上記の期間に数分間、インターネットに接続できないことがあります。\nご不便をおかけしますが、ご理解とご協力をお願いいたします。",
		TitleEn: "Equipment maintenance",
		BodyEn: "For an inspection of our equipment, the internet connection may be unavailable for a few minutes during the period above.\n" +
			"We apologize for the inconvenience and thank you for your understanding.",
		From: at(1), Until: at(5)})
	if err != nil {
		return fmt.Errorf("demo: notice: %w", err)
	}
	return nil
}
