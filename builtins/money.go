package builtins

import (
	"fmt"
	"strconv"

	"github.com/sevenflow/sevenflow/engine"
)

const (
	fnRoundMoney   = "round_money"
	fnFormatMoney  = "format_money"
	fnNetFromGross = "net_from_gross"
	fnGrossFromNet = "gross_from_net"
)

// moneyDecimals is the default number of decimals of an amount: the customs
// document sends values such as "39.95".
const moneyDecimals = 2

// maxDecimals bounds the decimals argument; float64 holds no more.
const maxDecimals = 10

// decimalsArg returns the optional decimals argument at index i, or
// moneyDecimals when it is absent.
func decimalsArg(fn string, params []any, i int) (int, error) {
	if len(params) <= i {
		return moneyDecimals, nil
	}
	d, err := intArg(fn, params, i, "decimals")
	if err != nil {
		return 0, err
	}
	if d < 0 || d > maxDecimals {
		return 0, fmt.Errorf("%s: decimals %d out of range 0 to %d", fn, d, maxDecimals)
	}
	return d, nil
}

func roundMoney(params ...any) (any, error) {
	if err := arity(fnRoundMoney, params, 1, 2); err != nil {
		return nil, err
	}
	if params[0] == nil {
		return nil, nil // an amount the order does not have stays missing
	}
	v, err := numberArg(fnRoundMoney, params, 0, "value")
	if err != nil {
		return nil, err
	}
	d, err := decimalsArg(fnRoundMoney, params, 1)
	if err != nil {
		return nil, err
	}
	return roundHalfAway(v, d), nil
}

func formatMoney(params ...any) (any, error) {
	if err := arity(fnFormatMoney, params, 1, 2); err != nil {
		return nil, err
	}
	if params[0] == nil {
		return nil, nil // an amount the order does not have stays missing
	}
	v, err := numberArg(fnFormatMoney, params, 0, "value")
	if err != nil {
		return nil, err
	}
	d, err := decimalsArg(fnFormatMoney, params, 1)
	if err != nil {
		return nil, err
	}
	return strconv.FormatFloat(roundHalfAway(v, d), 'f', d, 64), nil
}

// vatArgs reads the (amount, vat_percent) arguments shared by net_from_gross
// and gross_from_net, and returns the amount and the factor 1 + vat/100.
func vatArgs(fn, what string, params []any) (amount, factor float64, err error) {
	if err := arity(fn, params, 2, 2); err != nil {
		return 0, 0, err
	}
	amount, err = numberArg(fn, params, 0, what)
	if err != nil {
		return 0, 0, err
	}
	vat, err := numberArg(fn, params, 1, "vat_percent")
	if err != nil {
		return 0, 0, err
	}
	if vat < 0 || vat >= 100 {
		return 0, 0, fmt.Errorf("%s: vat_percent %v out of range 0 to 100 (exclusive): pass 19 for 19%%", fn, vat)
	}
	return amount, 1 + vat/100, nil
}

func netFromGross(params ...any) (any, error) {
	if len(params) > 0 && params[0] == nil {
		return nil, nil // an amount the order does not have stays missing
	}
	gross, factor, err := vatArgs(fnNetFromGross, "gross", params)
	if err != nil {
		return nil, err
	}
	return roundHalfAway(gross/factor, moneyDecimals), nil
}

func grossFromNet(params ...any) (any, error) {
	if len(params) > 0 && params[0] == nil {
		return nil, nil // an amount the order does not have stays missing
	}
	net, factor, err := vatArgs(fnGrossFromNet, "net", params)
	if err != nil {
		return nil, err
	}
	return roundHalfAway(net*factor, moneyDecimals), nil
}

func moneyFuncs() []engine.Function {
	return []engine.Function{
		{
			Name: fnRoundMoney,
			Doc:  "round_money(value[, decimals]) rounds an amount to 2 (or decimals) places, halves away from zero: round_money(2.675) is 2.68; a missing (nil) value stays nil.",
			Func: roundMoney,
			Types: []any{
				new(func(float64, int) float64),
				new(func(float64) float64), // last: expr reports the last failure
			},
		},
		{
			Name: fnFormatMoney,
			Doc:  "format_money(value[, decimals]) rounds an amount like round_money and prints it with exactly 2 (or decimals) places, as the customs document wants: \"39.95\"; a missing (nil) value stays nil.",
			Func: formatMoney,
			Types: []any{
				new(func(float64, int) string),
				new(func(float64) string), // last: expr reports the last failure
			},
		},
		{
			Name:  fnNetFromGross,
			Doc:   "net_from_gross(gross, vat_percent) is the amount without VAT, rounded to 2 places: net_from_gross(119, 19) is 100; a missing (nil) amount stays nil.",
			Func:  netFromGross,
			Types: []any{new(func(float64, float64) float64)},
		},
		{
			Name:  fnGrossFromNet,
			Doc:   "gross_from_net(net, vat_percent) is the amount with VAT, rounded to 2 places: gross_from_net(100, 19) is 119; a missing (nil) amount stays nil.",
			Func:  grossFromNet,
			Types: []any{new(func(float64, float64) float64)},
		},
	}
}
