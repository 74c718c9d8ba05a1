package builtins

import (
	"fmt"
	"strings"

	"github.com/sevenflow/sevenflow/engine"
)

const fnConvertWeight = "convert_weight"

// weightDecimals is the accuracy of weights in the customs document (004:
// "with accuracy to 3 decimal places").
const weightDecimals = 3

// gramsPer holds the size of each weight unit of the customs document
// (weight_um, weight_u) in grams: K = kilos, G = grams, L = pounds (the
// international avoirdupois pound), O = ounces (avoirdupois).
var gramsPer = map[string]float64{
	"K": 1000,
	"G": 1,
	"L": 453.59237,
	"O": 28.349523125,
}

func weightUnit(params []any, i int, what string) (string, error) {
	s, err := stringArg(fnConvertWeight, params, i, what)
	if err != nil {
		return "", err
	}
	u := strings.ToUpper(strings.TrimSpace(s))
	if _, ok := gramsPer[u]; !ok {
		return "", fmt.Errorf("%s: unknown unit %q: use K, G, L or O", fnConvertWeight, s)
	}
	return u, nil
}

// convertWeight converts value from one unit to another and rounds the
// result to weightDecimals.
func convertWeight(params ...any) (any, error) {
	if err := arity(fnConvertWeight, params, 3, 3); err != nil {
		return nil, err
	}
	if params[0] == nil {
		return nil, nil // a weight the order does not have stays missing
	}
	v, err := numberArg(fnConvertWeight, params, 0, "value")
	if err != nil {
		return nil, err
	}
	if v < 0 {
		return nil, fmt.Errorf("%s: weight %v is negative", fnConvertWeight, v)
	}
	from, err := weightUnit(params, 1, "from_unit")
	if err != nil {
		return nil, err
	}
	to, err := weightUnit(params, 2, "to_unit")
	if err != nil {
		return nil, err
	}
	if from == to {
		return roundHalfAway(v, weightDecimals), nil
	}
	return roundHalfAway(v*gramsPer[from]/gramsPer[to], weightDecimals), nil
}

func weightFuncs() []engine.Function {
	return []engine.Function{{
		Name:  fnConvertWeight,
		Doc:   "convert_weight(value, from_unit, to_unit) converts a weight between the customs units K (kg), G (g), L (lb) and O (oz), in either case, rounded to 3 decimals; a missing (nil) value stays nil.",
		Func:  convertWeight,
		Types: []any{new(func(float64, string, string) float64)},
	}}
}
