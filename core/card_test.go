package core_test

import (
	"strings"
	"testing"

	"mypage/core"
)

// SPEC §9.3: every IIN range at its first and last prefix and just outside it.
func TestCardBrandRanges(t *testing.T) {
	// pad makes a number of n digits from a prefix (the check digit is not looked at).
	pad := func(prefix string, n int) string { return prefix + strings.Repeat("0", n-len(prefix)) }
	cases := []struct {
		prefix string
		brand  string // "" = no brand
	}{
		// VISA 4
		{"31", ""}, {"4", core.BrandVISA}, {"5", ""},
		// Mastercard 51–55
		{"50", ""}, {"51", core.BrandMasterCard}, {"55", core.BrandMasterCard}, {"56", ""},
		// Mastercard 2221–2720
		{"2220", ""}, {"2221", core.BrandMasterCard}, {"2720", core.BrandMasterCard}, {"2721", ""},
		// AMEX 34, 37
		{"33", ""}, {"34", core.BrandAMEX}, {"35", ""}, {"37", core.BrandAMEX},
		// JCB 3528–3589
		{"3527", ""}, {"3528", core.BrandJCB}, {"3589", core.BrandJCB}, {"3590", ""},
		// Diners 300–305, 3095, 36, 38, 39
		{"299", ""}, {"300", core.BrandDiners}, {"305", core.BrandDiners}, {"306", ""},
		{"3094", ""}, {"3095", core.BrandDiners}, {"3096", ""},
		{"36", core.BrandDiners}, {"38", core.BrandDiners}, {"39", core.BrandDiners},
		{"0", ""}, {"1", ""}, {"6", ""}, {"9", ""},
	}
	for _, c := range cases {
		// 16 digits: a length every brand but AMEX issues.
		n := 16
		if c.brand == core.BrandAMEX {
			n = 15
		}
		num := pad(c.prefix, n)
		brand, ok := core.CardBrand(num)
		if brand != c.brand || ok != (c.brand != "") {
			t.Errorf("CardBrand(%s) = %q, %v; want %q, %v", num, brand, ok, c.brand, c.brand != "")
		}
	}
}

// SPEC §9.3: the lengths of each brand, each allowed one and the ones next to them.
func TestCardBrandLengths(t *testing.T) {
	prefixes := map[string]string{core.BrandVISA: "4", core.BrandMasterCard: "51", core.BrandAMEX: "34",
		core.BrandJCB: "3528", core.BrandDiners: "300"}
	allowed := map[string][]int{
		core.BrandVISA:       {13, 16, 19},
		core.BrandMasterCard: {16},
		core.BrandAMEX:       {15},
		core.BrandJCB:        {16, 17, 18, 19},
		core.BrandDiners:     {14, 15, 16, 17, 18, 19},
	}
	for brand, prefix := range prefixes {
		ok := map[int]bool{}
		for _, n := range allowed[brand] {
			ok[n] = true
		}
		if got := core.CardLengths(brand); len(got) != len(allowed[brand]) {
			t.Errorf("CardLengths(%s) = %v, want %v", brand, got, allowed[brand])
		}
		for n := 4; n <= 21; n++ {
			num := prefix + strings.Repeat("1", n-len(prefix))
			gotBrand, gotOK := core.CardBrand(num)
			if gotBrand != brand || gotOK != ok[n] {
				t.Errorf("%s with %d digits: CardBrand = %q, %v; want %q, %v", brand, n, gotBrand, gotOK, brand, ok[n])
			}
		}
	}
	for _, bad := range []string{"", "４１１１１１１１１１１１１１１１", "4111 1111 1111 1111", "4111-1111-1111-1111", "411111111111111a"} {
		if brand, ok := core.CardBrand(bad); ok || brand != "" {
			t.Errorf("CardBrand(%q) = %q, %v; want nothing", bad, brand, ok)
		}
	}
}

// The well-known test numbers of the card networks.
var testCards = []struct {
	number, brand string
}{
	{"4111111111111111", core.BrandVISA},
	{"4012888888881881", core.BrandVISA},
	{"4222222222222", core.BrandVISA},
	{"5555555555554444", core.BrandMasterCard},
	{"5105105105105100", core.BrandMasterCard},
	{"2223003122003222", core.BrandMasterCard},
	{"378282246310005", core.BrandAMEX},
	{"371449635398431", core.BrandAMEX},
	{"3530111333300000", core.BrandJCB},
	{"3566002020360505", core.BrandJCB},
	{"30569309025904", core.BrandDiners},
	{"38520000023237", core.BrandDiners},
	{"36227206271667", core.BrandDiners},
}

func TestLuhnAndCheckCardNumber(t *testing.T) {
	for _, c := range testCards {
		if !core.Luhn(c.number) {
			t.Errorf("Luhn(%s) = false", c.number)
		}
		brand, problem := core.CheckCardNumber(c.number)
		if brand != c.brand || problem != "" {
			t.Errorf("CheckCardNumber(%s) = %q, %q; want %q, ok", c.number, brand, problem, c.brand)
		}
		// Any one digit changed breaks the check digit.
		last := c.number[len(c.number)-1]
		wrong := c.number[:len(c.number)-1] + string('0'+(last-'0'+1)%10)
		if core.Luhn(wrong) {
			t.Errorf("Luhn(%s) = true", wrong)
		}
		if _, problem := core.CheckCardNumber(wrong); problem != core.ProblemLuhn {
			t.Errorf("CheckCardNumber(%s) problem %q, want luhn", wrong, problem)
		}
	}
	for _, bad := range []string{"", "a", "4111-1111-1111-1111", "４１１１１１１１１１１１１１１１"} {
		if core.Luhn(bad) {
			t.Errorf("Luhn(%q) = true", bad)
		}
	}
	for number, want := range map[string]string{
		"":                    core.ProblemRequired,
		"4111 1111 1111 1111": core.ProblemFormat,
		"4111-1111-1111-1111": core.ProblemFormat,
		"４１１１１１１１１１１１１１１１": core.ProblemFormat,
		" 4111111111111111": core.ProblemFormat,
		"6011111111111117":  core.ProblemBrand, // Discover: not accepted
		"1234123412340000":  core.ProblemBrand,
		"411111111111111":   core.ProblemLength,
		"41111111111111111": core.ProblemLength,
		"3782822463100050":  core.ProblemLength, // AMEX with 16 digits
	} {
		if _, got := core.CheckCardNumber(number); got != want {
			t.Errorf("CheckCardNumber(%q) problem %q, want %q", number, got, want)
		}
	}
}

func TestMaskCard(t *testing.T) {
	if got := core.MaskCard("1234"); got != "XXXX-XXXX-XXXX-1234" {
		t.Errorf("MaskCard = %q", got)
	}
	if got := core.MaskAccount("4567"); got != "XXX4567" {
		t.Errorf("MaskAccount = %q", got)
	}
}

// refLuhn is an independent Luhn: it computes what the check digit should be
// from the payload, walking left to right with the parity of the length.
func refLuhn(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	payload := s[:len(s)-1]
	sum := 0
	for i := range payload {
		d := int(payload[i] - '0')
		// Counting from the check digit's left neighbour, every first, third … digit doubles.
		if (len(payload)-i)%2 == 1 {
			d = (d*2)/10 + (d*2)%10
		}
		sum += d
	}
	want := (10 - sum%10) % 10
	return int(s[len(s)-1]-'0') == want
}

func TestRefLuhnAgrees(t *testing.T) {
	for _, c := range testCards {
		if !refLuhn(c.number) {
			t.Fatalf("refLuhn(%s) = false", c.number)
		}
	}
}

// FuzzCardNumber: the card parser never panics; a detected brand means digits
// only and a length of that brand; Luhn equals an independent implementation;
// CheckCardNumber accepts exactly what CardBrand and Luhn accept.
func FuzzCardNumber(f *testing.F) {
	for _, c := range testCards {
		f.Add(c.number)
	}
	for _, s := range []string{"", "4", "2221", "4111 1111 1111 1111", "４１１１", "3095000000000000000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		brand, ok := core.CardBrand(s)
		luhn := core.Luhn(s)
		if luhn != refLuhn(s) {
			t.Fatalf("Luhn(%q) = %v, reference says %v", s, luhn, !luhn)
		}
		if ok {
			for i := 0; i < len(s); i++ {
				if s[i] < '0' || s[i] > '9' {
					t.Fatalf("CardBrand(%q) ok with a non-digit", s)
				}
			}
			lengthOK := false
			for _, n := range core.CardLengths(brand) {
				lengthOK = lengthOK || n == len(s)
			}
			if !lengthOK {
				t.Fatalf("CardBrand(%q) = %s with %d digits", s, brand, len(s))
			}
		}
		if ok && brand == "" {
			t.Fatalf("CardBrand(%q) ok without a brand", s)
		}
		gotBrand, problem := core.CheckCardNumber(s)
		if (problem == "") != (ok && luhn) {
			t.Fatalf("CheckCardNumber(%q) problem %q, but CardBrand ok=%v, Luhn=%v", s, problem, ok, luhn)
		}
		if problem == "" && gotBrand != brand {
			t.Fatalf("CheckCardNumber(%q) brand %q, CardBrand %q", s, gotBrand, brand)
		}
		if problem == "" {
			if m := core.MaskCard(s[len(s)-4:]); strings.Count(m, "X") != 12 || !strings.HasSuffix(m, s[len(s)-4:]) {
				t.Fatalf("MaskCard of %q = %q", s, m)
			}
		}
	})
}
