package engine

import (
	"github.com/expr-lang/expr/types"

	"github.com/sevenflow/sevenflow/schemas"
)

// typeOf is the expr type that Compile checks expressions against for a
// value of shape sh, so that a misspelt setting or input field, or a
// setting used as the wrong type (`settings.flex + 1`, a `when` that is a
// string), fails at lint rather than halfway through a run.
//
// Only what is certain is typed. A string or a boolean is typed only when
// present says it is always there (required, or given a default in
// defaults): an absent value is nil at run time, and expr compiles a
// comparison of two typed strings into one that fails on nil. Numbers are
// never typed (YAML gives ints, JSON floats), nor are the values of open
// mappings. An object's declared properties are typed, and a closed
// object rejects any other name.
func typeOf(sh *schemas.Shape, present bool, defaults any) types.Type {
	if sh == nil || sh.Nullable {
		return types.Any
	}
	switch sh.Type {
	case "string":
		if present {
			return types.String
		}
	case "boolean":
		if present {
			return types.Bool
		}
	case "array":
		return types.Array(typeOf(sh.Items, true, nil))
	case "object":
		m := types.Map{}
		defs, _ := defaults.(map[string]any)
		for name, prop := range sh.Properties {
			def, has := defs[name]
			m[name] = typeOf(prop, present && (has || sh.IsRequired(name)), def)
		}
		if !sh.Closed {
			m[types.Extra] = types.Any
		}
		return m
	}
	return types.Any
}
