package core

// Card brands accepted for payment (SPEC §9.3), spelled as the seed's screens spell them.
const (
	BrandVISA       = "VISA"
	BrandMasterCard = "MasterCard"
	BrandJCB        = "JCB"
	BrandAMEX       = "AMERICAN EXPRESS"
	BrandDiners     = "Diners Club"
)

// CardBrands lists the accepted brands in the order the screen names them (seed 003 §23).
var CardBrands = []string{BrandMasterCard, BrandVISA, BrandJCB, BrandAMEX, BrandDiners}

// iinRange is one issuer identification range: numbers whose first digits,
// read as a number of that many digits, fall in lo…hi belong to the brand.
type iinRange struct {
	digits int
	lo, hi int
	brand  string
}

// iinRanges are the ranges of SPEC §9.3. They do not overlap.
var iinRanges = []iinRange{
	{1, 4, 4, BrandVISA},
	{2, 51, 55, BrandMasterCard},
	{4, 2221, 2720, BrandMasterCard},
	{2, 34, 34, BrandAMEX},
	{2, 37, 37, BrandAMEX},
	{4, 3528, 3589, BrandJCB},
	{3, 300, 305, BrandDiners},
	{4, 3095, 3095, BrandDiners},
	{2, 36, 36, BrandDiners},
	{2, 38, 39, BrandDiners},
}

// cardLengths are the numbers of digits each brand issues (SPEC §9.3).
var cardLengths = map[string][]int{
	BrandVISA:       {13, 16, 19},
	BrandMasterCard: {16},
	BrandAMEX:       {15},
	BrandJCB:        {16, 17, 18, 19},
	BrandDiners:     {14, 15, 16, 17, 18, 19},
}

// CardLengths returns the numbers of digits the brand issues, or nil for an unknown brand.
func CardLengths(brand string) []int { return append([]int(nil), cardLengths[brand]...) }

// allDigits reports whether s is one or more half-width digits 0–9.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// iinBrand returns the brand whose IIN range the digits start with, or "".
func iinBrand(number string) string {
	for _, r := range iinRanges {
		if len(number) < r.digits {
			continue
		}
		n := 0
		for i := 0; i < r.digits; i++ {
			n = n*10 + int(number[i]-'0')
		}
		if r.lo <= n && n <= r.hi {
			return r.brand
		}
	}
	return ""
}

// CardBrand detects the brand of a card number written as half-width digits
// without spaces or hyphens (SPEC §9.3). brand is the brand whose IIN range the
// number starts with ("" when none, or when the number is not all digits); ok is
// true only when the number also has a length that brand issues. The check digit
// is not looked at: see Luhn.
func CardBrand(number string) (brand string, ok bool) {
	if !allDigits(number) {
		return "", false
	}
	brand = iinBrand(number)
	if brand == "" {
		return "", false
	}
	for _, n := range cardLengths[brand] {
		if len(number) == n {
			return brand, true
		}
	}
	return brand, false
}

// Luhn reports whether number (half-width digits only) passes the Luhn
// (mod 10) check. Anything with a character other than 0–9, or empty, fails.
func Luhn(number string) bool {
	if !allDigits(number) {
		return false
	}
	sum := 0
	double := false
	for i := len(number) - 1; i >= 0; i-- {
		d := int(number[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// CheckCardNumber runs the checks of the card number field in the order the
// screen reports them and returns the detected brand and a problem code ("" when
// the number is acceptable): ProblemRequired (empty), ProblemFormat (anything but
// half-width digits: full-width digits, spaces, hyphens), ProblemBrand (no accepted
// brand), ProblemLength (a length the brand does not issue), ProblemLuhn (the check
// digit is wrong).
func CheckCardNumber(number string) (brand, problem string) {
	if number == "" {
		return "", ProblemRequired
	}
	if !allDigits(number) {
		return "", ProblemFormat
	}
	brand, ok := CardBrand(number)
	switch {
	case brand == "":
		return "", ProblemBrand
	case !ok:
		return brand, ProblemLength
	case !Luhn(number):
		return brand, ProblemLuhn
	}
	return brand, ""
}

// MaskCard writes a card number as the screens show it, from its last four
// digits only: XXXX-XXXX-XXXX-1234 (SPEC §9.3, whatever the brand's length).
func MaskCard(last4 string) string { return "XXXX-XXXX-XXXX-" + last4 }
