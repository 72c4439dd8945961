package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/text/unicode/norm"
)

// An operator types numbers as they come: full-width from a Japanese input
// method (６６４５…, ＩＱ2026…, ２０２６-12-02) or a receipt number in lower case
// (rq20261202-000003). Every argument and flag value whose NFKC form is plain
// letters, digits, - and : is folded to it once, before any command sees it;
// free text (a title, a note, a name, an address) is kept as typed.

var (
	foldable      = regexp.MustCompile(`^[A-Za-z0-9:-]+$`)
	receiptNumber = regexp.MustCompile(`^[A-Za-z]{2}[0-9]{8}-[0-9]{6}$`)
)

// freeText names the flags whose value is text of the operator's, never folded.
var freeText = map[string]bool{
	"title": true, "note": true, "address": true, "first-name": true, "last-name": true,
	"first-kana": true, "last-kana": true, "occupation": true, "body-file": true, "text-file": true,
}

// foldToken folds one argument or flag value, or returns it unchanged.
func foldToken(s string) string {
	f := norm.NFKC.String(s)
	if !foldable.MatchString(f) {
		return s
	}
	if receiptNumber.MatchString(f) {
		f = strings.ToUpper(f)
	}
	return f
}

// foldArgs folds the arguments in place, before the command runs.
func foldArgs(args []string) {
	for i, a := range args {
		args[i] = foldToken(a)
	}
}

// foldFlags makes every flag of the command tree but free text fold its value
// as it is parsed, so that a count or an amount in full-width digits is read too.
func foldFlags(cmd *cobra.Command) {
	wrap := func(f *pflag.Flag) {
		if _, done := f.Value.(foldedValue); !done && !freeText[f.Name] {
			f.Value = foldedValue{f.Value}
		}
	}
	cmd.Flags().VisitAll(wrap)
	cmd.PersistentFlags().VisitAll(wrap)
	for _, c := range cmd.Commands() {
		foldFlags(c)
	}
}

// foldedValue is a flag value set from its folded text; its type stays the
// flag's own (refuseNegative reads it).
type foldedValue struct{ pflag.Value }

func (v foldedValue) Set(s string) error {
	s = foldToken(s)
	if integerFlag[v.Type()] {
		// pflag reads 0100 as octal and 0x64 as hexadecimal: an operator's
		// yen and counts are decimal, leading zeros and all.
		m := decimal.FindStringSubmatch(s)
		if m == nil {
			return fmt.Errorf("%q is not a whole number in decimal digits", s)
		}
		s = m[1] + strings.TrimLeft(m[2], "0")
		if strings.TrimLeft(m[2], "0") == "" {
			s = "0"
		}
		if err := v.Value.Set(s); err != nil {
			return fmt.Errorf("%s is beyond the numbers this flag takes", s) // decimal digits fail only by their range
		}
		return nil
	}
	return v.Value.Set(s)
}

// integerFlag are the types of pflag's integer flags.
var integerFlag = map[string]bool{"int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true}

// decimal is a whole number in decimal digits, with its sign apart.
var decimal = regexp.MustCompile(`^([+-]?)([0-9]+)$`)
