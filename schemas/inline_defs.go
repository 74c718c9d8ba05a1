package schemas

import "strings"

// defsRef starts a $ref to one of the shared definitions by its absolute
// location: defsRef + "country_code".
const defsRef = baseURL + defsName + ".json#/$defs/"

// defsKey is the key under a document's own $defs of the copy of the
// shared definition name that inlineDefs made.
func defsKey(name string) string { return defsName + ".json:" + name }

// inlineDefs points each $ref of doc (decoded JSON, changed in place) to
// a shared definition (defs.json#/$defs/NAME) at a copy of it under doc's
// own $defs instead, with the definitions that copy refers to in turn.
// Compiling doc then checks against the draft's meta-schema only the
// definitions doc uses, not the whole of defs.json. What the refs accept
// is unchanged, and so are the messages (x-message is copied too).
//
// It returns false, and leaves doc as it was, where moving a definition
// could change what a ref means: an $id below the root (a local ref there
// names another document), a ref into a definition rather than to one,
// a definition that does not exist (its compile error stays the same), or
// a $defs key of doc's own that a copy would take.
func inlineDefs(doc any) bool {
	root, ok := doc.(map[string]any)
	if !ok {
		return false
	}
	in := &inliner{names: map[string]bool{}}
	if !in.scan(root, true) || len(in.names) == 0 {
		return false
	}
	defs, _ := lookup(docAt(baseURL+defsName+".json"), "/$defs").(map[string]any)
	copies := map[string]any{}
	for len(in.todo) > 0 {
		name := in.todo[0]
		in.todo = in.todo[1:]
		def, ok := defs[name]
		if !ok {
			return false
		}
		cp, err := jsonCopy(def)
		if err != nil || !in.scan(cp, false) {
			return false
		}
		copies[defsKey(name)] = cp
	}
	own, _ := root["$defs"].(map[string]any)
	if _, present := root["$defs"]; present && own == nil {
		return false
	}
	for k := range copies {
		if _, taken := own[k]; taken {
			return false
		}
	}
	// Only now that nothing can fail: point the refs at the copies.
	for _, m := range in.refs {
		m["$ref"] = "#/$defs/" + defsKey(strings.TrimPrefix(m["$ref"].(string), defsRef))
	}
	if own == nil {
		own = map[string]any{}
		root["$defs"] = own
	}
	for k, v := range copies {
		own[k] = v
	}
	return true
}

// inliner collects the refs to shared definitions in a document and the
// definitions they name.
type inliner struct {
	refs  []map[string]any // the objects whose $ref names a definition
	names map[string]bool  // the definitions named, each once
	todo  []string         // named, not copied yet
}

// scan walks v, noting each ref to a whole shared definition. It reports
// false where inlining must not be done (see inlineDefs).
func (in *inliner) scan(v any, root bool) bool {
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x["$id"]; ok && !root {
			return false
		}
		if ref, ok := x["$ref"].(string); ok && strings.HasPrefix(ref, baseURL+defsName+".json") {
			name, ok := strings.CutPrefix(ref, defsRef)
			if !ok || name == "" || strings.ContainsAny(name, "/~") {
				return false
			}
			in.refs = append(in.refs, x)
			if !in.names[name] {
				in.names[name] = true
				in.todo = append(in.todo, name)
			}
		}
		for _, e := range x {
			if !in.scan(e, false) {
				return false
			}
		}
	case []any:
		for _, e := range x {
			if !in.scan(e, false) {
				return false
			}
		}
	}
	return true
}
