package sim

// maxDepth is how deeply a request body may nest arrays and objects
// (rule json-depth). The deepest 7S body, a customs shipment, nests 3.
const maxDepth = 32

// jsonDepth returns how deeply b nests arrays and objects, counting
// brackets outside strings; it stops counting once past limit. It does
// not check that b is JSON: the decoder does that afterwards, so that no
// body deeper than the limit reaches it.
func jsonDepth(b []byte, limit int) int {
	depth, deepest := 0, 0
	inString, escaped := false, false
	for _, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			if depth > deepest {
				deepest = depth
				if deepest > limit {
					return deepest
				}
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return deepest
}
