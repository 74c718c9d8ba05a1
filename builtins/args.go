package builtins

import (
	"fmt"
	"math"
	"reflect"
	"time"
)

// arity checks that fn received between lo and hi arguments. expr checks the
// count at compile time through Types; this guards direct calls.
func arity(fn string, params []any, lo, hi int) error {
	n := len(params)
	switch {
	case n < lo:
		return fmt.Errorf("%s: not enough arguments: got %d, want %s", fn, n, span(lo, hi))
	case n > hi:
		return fmt.Errorf("%s: too many arguments: got %d, want %s", fn, n, span(lo, hi))
	}
	return nil
}

func span(lo, hi int) string {
	if lo == hi {
		return fmt.Sprint(lo)
	}
	return fmt.Sprintf("%d to %d", lo, hi)
}

// stringArg returns params[i] as a string; what names the argument in errors.
func stringArg(fn string, params []any, i int, what string) (string, error) {
	s, ok := params[i].(string)
	if !ok {
		return "", fmt.Errorf("%s: %s must be a string, got %s", fn, what, typeName(params[i]))
	}
	return s, nil
}

// numberArg returns params[i] as a finite float64. Every Go integer and
// float kind is accepted, because expr passes int for integer literals and
// values decoded from YAML, and float64 for those decoded from JSON.
func numberArg(fn string, params []any, i int, what string) (float64, error) {
	v := reflect.ValueOf(params[i])
	var f float64
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		f = float64(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		f = float64(v.Uint())
	case reflect.Float32, reflect.Float64:
		f = v.Float()
	default:
		return 0, fmt.Errorf("%s: %s must be a number, got %s", fn, what, typeName(params[i]))
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%s: %s must be a finite number, got %v", fn, what, f)
	}
	return f, nil
}

// intArg returns params[i] as an int. A float with no fractional part is
// accepted too.
func intArg(fn string, params []any, i int, what string) (int, error) {
	f, err := numberArg(fn, params, i, what)
	if err != nil {
		return 0, err
	}
	if f != math.Trunc(f) || math.Abs(f) > 1<<31 {
		return 0, fmt.Errorf("%s: %s must be a whole number, got %v", fn, what, f)
	}
	return int(f), nil
}

// timeArg returns params[i] as a time: a time.Time as is, or a string in one
// of the accepted layouts (see parseTime).
func timeArg(fn string, params []any, i int, what string) (time.Time, error) {
	switch v := params[i].(type) {
	case time.Time:
		return v, nil
	case string:
		t, err := parseTime(v)
		if err != nil {
			return time.Time{}, fmt.Errorf("%s: %s: %w", fn, what, err)
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%s: %s must be a date-time string, got %s", fn, what, typeName(params[i]))
}

func typeName(v any) string {
	if v == nil {
		return "nil"
	}
	return reflect.TypeOf(v).String()
}
