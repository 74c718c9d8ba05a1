package sim

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/sevenflow/sevenflow/schemas"
)

// conform validates obj against the named schema, unless its sender, in
// this process, already did. Where a violation is
// one that compatible mode reads (a lenient rule: PHP's [] for {}, null
// or "" for a field, 0 for a mandatory one, a date-time variant, a
// carrier name in capitals, a number for a shipment id), strict mode
// names that rule beside the violation, and compatible mode rewrites the
// value, warns, and validates again. A valid body then has 002's
// spellings normalised.
func (rq *request) conform(schema string, obj Object) response {
	var vs []schemas.Violation
	var err error
	// A sender in this process that validated the body against the same
	// schema says so in the request's context (schemas.WithValidated);
	// over HTTP the note does not arrive.
	if !schemas.Validated(rq.Context(), schema) {
		vs, err = schemaViolations(schema, obj)
	}
	if err != nil {
		return internalError("schema " + schema + ": " + err.Error())
	}
	if len(vs) > 0 && rq.mode == Strict {
		return schemaError(schema, vs, readingsOf(schema, obj, vs))
	}
	waived := map[string]bool{}
	for round := 0; len(vs) > 0 && round < 4; round++ {
		rds := readingsOf(schema, obj, vs)
		if len(rds) == 0 {
			break
		}
		for _, r := range rds {
			r.apply()
			waived[r.pointer] = waived[r.pointer] || r.waive
			rq.warn(r.rule, r.pointer, r.message)
		}
		if vs, err = schemaViolations(schema, obj); err != nil {
			return internalError("schema " + schema + ": " + err.Error())
		}
		vs = unwaived(vs, waived)
	}
	if len(vs) > 0 {
		return schemaError(schema, vs, nil)
	}
	normalize002(obj)
	return response{}
}

// unwaived drops the violations at pointers compatible mode forgave.
func unwaived(vs []schemas.Violation, waived map[string]bool) []schemas.Violation {
	var out []schemas.Violation
	for _, v := range vs {
		if !waived[v.Pointer] {
			out = append(out, v)
		}
	}
	return out
}

// schemaError is the 422 of rule schema naming every violation; a
// violation that a lenient rule would read carries that rule.
func schemaError(schema string, vs []schemas.Violation, rds []reading) response {
	byPointer := map[string]reading{}
	for _, r := range rds {
		byPointer[r.pointer] = r
	}
	errs := make([]FieldError, 0, len(vs))
	for _, v := range vs {
		fe := FieldError{Pointer: v.Pointer, Message: v.Message}
		if r, has := byPointer[v.Pointer]; has {
			rule, _ := ruleOf(r.rule)
			fe.Rule, fe.Source = rule.ID, rule.Source
		}
		errs = append(errs, fe)
	}
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Pointer < errs[j].Pointer })
	first := errs[0]
	msg := "request body breaks schema " + schema + ": " + pointerOrRoot(first.Pointer) + ": " + first.Message
	if first.Rule != "" {
		msg += " (rule " + first.Rule + ", " + first.Source + ")"
	}
	if len(errs) > 1 {
		msg += " (and more)"
	}
	res := broken(ruleSchema, "", "%s", msg)
	body := res.body.(ErrorBody)
	body.Errors = errs
	res.body = body
	return res
}

// normalize002 stores 002's spellings the way the simulator answers:
// date-times as RFC 3339, carrier {carrier_name, carrier_country} as
// {name, country} with the country in capitals. It works at any depth.
func normalize002(v any) {
	switch x := v.(type) {
	case Object:
		for k, e := range x {
			if s, isStr := e.(string); isStr && dateKeys[k] {
				if t, isTime := parseTime(s); isTime {
					x[k] = rfc3339(t)
				}
				continue
			}
			if c, isObj := e.(Object); isObj && k == "carrier" {
				normalizeCarrier(c)
			}
			normalize002(e)
		}
	case []any:
		for _, e := range x {
			normalize002(e)
		}
	}
}

// normalizeCarrier renames 002's carrier_name and carrier_country to name
// and country, and upper-cases the country.
func normalizeCarrier(c Object) {
	for old, key := range map[string]string{"carrier_name": "name", "carrier_country": "country"} {
		if v, has := c[old]; has {
			c[key] = v
			delete(c, old)
		}
	}
	if country, isStr := c["country"].(string); isStr {
		c["country"] = strings.ToUpper(country)
	}
}

// keyFields identify a resource; no placeholder stands in for them.
var keyFields = map[string]bool{
	"order_id": true, "shipment_id": true, "sku": true, "manifest_id": true,
	"access_key": true, "state": true, "id": true,
}

// mandatory reports whether the schema requires the field at pointer:
// removing it makes the body miss it.
func mandatory(schema string, obj Object, pointer string) bool {
	c := cloneObject(obj)
	if slot, found := locate(c, pointer); found {
		slot.remove()
	}
	vs, _ := schemaViolations(schema, c)
	for _, v := range vs {
		if v.Pointer == pointer && v.Keyword == "required" {
			return true
		}
	}
	return false
}

// placeholder is the reading of null or "" (how) at pointer.
func placeholder(schema string, obj Object, pointer, how string, slot slot) reading {
	if mandatory(schema, obj, pointer) {
		return reading{rule: ruleMandatoryPlaceholder, pointer: pointer, waive: true, apply: slot.remove,
			message: how + " for a mandatory field accepted, read as absent"}
	}
	rule := ruleNullOptional
	if how == `""` {
		rule = ruleEmptyOptional
	}
	return reading{rule: rule, pointer: pointer, apply: slot.remove, message: how + " read as absent"}
}

// formatNumber writes a JSON number as a Go string of it.
func formatNumber(n float64) string { return strconv.FormatFloat(n, 'f', -1, 64) }

// quote is %q for messages.
func quote(s string) string { return fmt.Sprintf("%q", s) }
