package builtins

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// roundHalfAway rounds v to d decimal places, halves away from zero, on the
// shortest decimal that prints as v: 1.005 rounds to 1.01 and -2.5 to -3,
// where math.Round(v*100)/100 would see 1.00499… and give 1.
func roundHalfAway(v float64, d int) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) || v == 0 {
		return v
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) <= d {
		return v
	}
	up := frac[d] >= '5'
	var n big.Int
	n.SetString(whole+frac[:d], 10)
	if up {
		n.Add(&n, big.NewInt(1))
	}
	digits := n.String()
	if d > 0 {
		if len(digits) <= d {
			digits = strings.Repeat("0", d-len(digits)+1) + digits
		}
		digits = digits[:len(digits)-d] + "." + digits[len(digits)-d:]
	}
	r, _ := strconv.ParseFloat(digits, 64) // digits is a valid decimal
	if v < 0 && r != 0 {
		r = -r // and never -0, which would print as "-0.00"
	}
	return r
}
