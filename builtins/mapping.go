package builtins

import (
	"fmt"
	"maps"

	"github.com/sevenflow/sevenflow/engine"
)

const fnOmit = "omit"

// omit returns a copy of a mapping without the given keys: a payload built
// from an input object that holds fields the API does not take. The
// mapping itself is not changed; keys it does not have are ignored.
func omit(params ...any) (any, error) {
	if err := arity(fnOmit, params, 1, maxOmitKeys+1); err != nil {
		return nil, err
	}
	if params[0] == nil {
		return nil, nil // a mapping the order does not have stays missing
	}
	m, ok := params[0].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: mapping must be a mapping, got %s", fnOmit, typeName(params[0]))
	}
	keys := make([]string, len(params)-1)
	for i := range keys {
		k, err := stringArg(fnOmit, params, i+1, "key")
		if err != nil {
			return nil, err
		}
		keys[i] = k
	}
	out := maps.Clone(m)
	for _, k := range keys {
		delete(out, k)
	}
	return out, nil
}

// maxOmitKeys bounds the keys of one omit call; a pipeline names them.
const maxOmitKeys = 64

func mappingFuncs() []engine.Function {
	return []engine.Function{
		{
			Name:  fnOmit,
			Doc:   "omit(mapping, key...) is a copy of mapping without the given keys: omit({\"a\": 1, \"b\": 2}, \"b\") is {\"a\": 1}; a missing (nil) mapping stays nil.",
			Func:  omit,
			Types: []any{new(func(map[string]any, ...string) map[string]any)},
		},
	}
}
