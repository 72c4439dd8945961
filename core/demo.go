package core

// DemoLogin is one set of demo credentials printed before the demo starts.
type DemoLogin struct {
	Kind         string `json:"kind"` // holder | admin | user
	Login        string `json:"login"`
	Password     string `json:"password"`
	ContractType string `json:"contract_type"`
	Note         string `json:"note,omitempty"`
}

type demoContract struct {
	typ      string
	customer Customer
	password string
	accounts []AccountForm
	note     string
	plans    []string // plan services opened with the contract
}

// demoData is the demo database: one multi-family and one LAN-family contract with
// account IDs of both permissions, and one spaaqs contract without any account ID
// to show the first-login rule. Passwords follow the password rules.
var demoData = []demoContract{
	{
		typ: "spaaqs-multi", password: "multi-holder-2026", plans: []string{"vps-2-plesk"},
		customer: Customer{LastName: "有光", FirstName: "杏", LastKana: "アルテリ", FirstKana: "アン",
			RomajiLast: "ARUTERI", RomajiFirst: "AN", BirthDate: "1985-06-12", Gender: "female",
			Address: "東京都千代田区大手町1-2-3 マンション501", Occupation: "employee", Household: 3,
			Phone: "012-345-6789", ContactMail: "arteri-an@keitai-address.ne.jp"},
		accounts: []AccountForm{
			{ID: "arteri-an-001", LastName: "有光", FirstName: "杏", LastKana: "アルテリ", FirstKana: "アン",
				UserName: "あん", Password: "an-admin-pass-01", Permission: PermAdmin},
			{ID: "arteri-ko-002", LastName: "有光", FirstName: "光", LastKana: "アルテリ", FirstKana: "ヒカル",
				UserName: "ひかる", Password: "ko-user-pass-02", Permission: PermUser},
		},
	},
	{
		typ: "spaaqs-lan", password: "lan-holder-2026", plans: []string{"rs-1"},
		customer: Customer{LastName: "山田", FirstName: "太郎", LastKana: "ヤマダ", FirstKana: "タロウ",
			RomajiLast: "YAMADA", RomajiFirst: "TARO", BirthDate: "1979-11-03", Gender: "male",
			Address: "神奈川県横浜市西区みなとみらい4-5-6 タワー1203", Occupation: "self-employed", Household: 2,
			Phone: "045-123-4567", Mobile: "090-1234-5678", ContactMail: "taro.yamada@example.jp"},
		accounts: []AccountForm{
			{ID: "yamada-taro", LastName: "山田", FirstName: "太郎", LastKana: "ヤマダ", FirstKana: "タロウ",
				UserName: "たろう", Password: "taro-admin-pass", Permission: PermAdmin},
			{ID: "yamada.hana", LastName: "山田", FirstName: "花子", LastKana: "ヤマダ", FirstKana: "ハナコ",
				UserName: "はなこ", Password: "hana-user-pass", Permission: PermUser},
		},
	},
	{
		typ: "spaaqs-home", password: "home-holder-2026", note: "first login: registers an account ID",
		plans: []string{"annual-connect"},
		customer: Customer{LastName: "佐藤", FirstName: "健", LastKana: "サトウ", FirstKana: "ケン",
			RomajiLast: "SATO", RomajiFirst: "KEN", BirthDate: "1990-04-01", Gender: "male",
			Address: "埼玉県さいたま市浦和区高砂7-8-9", Occupation: "student", Household: 1,
			Phone: "048-987-6543"},
	},
}

// SeedDemo fills an empty database with the demo contracts and returns their logins.
func (s *Service) SeedDemo(p Principal) ([]DemoLogin, error) {
	if p.Kind != KindOperator {
		return nil, ErrForbidden
	}
	var logins []DemoLogin
	for _, d := range demoData {
		cert, err := s.createContract(p, NewContract{Type: d.typ, Customer: d.customer}, d.password)
		if err != nil {
			return nil, err
		}
		logins = append(logins, DemoLogin{Kind: "holder", Login: cert.Number, Password: d.password,
			ContractType: cert.Type, Note: d.note})
		for _, code := range d.plans {
			if _, err := s.AddPlan(p, cert.Number, code, s.Now()); err != nil {
				return nil, err
			}
		}
		holder := Principal{Kind: KindHolder, Contract: cert.Number, Source: p.Source}
		for _, f := range d.accounts {
			if _, err := s.RegisterAccount(holder, "", f); err != nil {
				return nil, err
			}
			logins = append(logins, DemoLogin{Kind: string(f.Permission), Login: f.ID, Password: f.Password,
				ContractType: cert.Type})
		}
	}
	return logins, nil
}
