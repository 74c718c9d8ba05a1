package sim

import (
	"net/http"
	"strings"
)

// adminAddFault answers POST /sim/faults with one fault: it is added
// after the others.
func (s *Server) adminAddFault(rq *request) response {
	obj, res := rq.object()
	if res.isErr() {
		return res
	}
	f, res := readFault(obj, "", "POST /sim/faults")
	if res.isErr() {
		return res
	}
	s.faults.add(f)
	s.logf("fault injected: %s", f.describe())
	return response{status: http.StatusCreated, body: *f}
}

// adminSetFaults answers PUT /sim/faults with a faults file's content,
// {seed, faults}: it replaces every fault.
func (s *Server) adminSetFaults(rq *request) response {
	obj, res := rq.object()
	if res.isErr() {
		return res
	}
	set, res := readFaultSet(obj, "PUT /sim/faults")
	if res.isErr() {
		return res
	}
	if !set.hasSeed {
		set.seed = s.seed
	}
	s.faults = set.injector()
	s.logf("faults replaced: %d, seed %d", len(set.list), set.seed)
	return ok(s.faults.list())
}

// adminFaults answers GET /sim/faults with the faults still to come.
func (s *Server) adminFaults(*request) response {
	return ok(s.faults.list())
}

// adminClearFaults answers DELETE /sim/faults.
func (s *Server) adminClearFaults(*request) response {
	s.faults = injector{seed: s.faults.seed}
	return noContent()
}

// segments splits a path into its segments, with the aliases applied and
// a .json suffix removed.
func segments(path string) []string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	segs[len(segs)-1] = strings.TrimSuffix(segs[len(segs)-1], ".json")
	for i, seg := range segs {
		if a, isAlias := aliases[seg]; isAlias {
			segs[i] = a
		}
	}
	return segs
}

// faultMatch reports whether a request's segments fit a fault's: a
// segment "*" or in braces matches any one, a last segment "**" any rest.
func faultMatch(pattern, segs []string) bool {
	if n := len(pattern); n > 0 && pattern[n-1] == "**" {
		return len(segs) >= n && faultMatch(pattern[:n-1], segs[:n-1])
	}
	if len(pattern) != len(segs) {
		return false
	}
	for i, p := range pattern {
		if p != "*" && !strings.HasPrefix(p, "{") && p != segs[i] {
			return false
		}
	}
	return true
}

// routeExists reports whether some endpoint takes method ("*": any) on
// path, where a wildcard segment stands for any value and a last "**"
// for any rest.
func routeExists(method, path string) bool {
	pattern := segments(path)
	for _, rt := range routes() {
		if rt.pattern[0] != "v2" || (method != "*" && rt.method != method) {
			continue
		}
		if fitsRoute(pattern, rt.pattern) {
			return true
		}
	}
	return false
}

// fitsRoute reports whether a fault's segments can match a request of
// the route whose pattern is route: a wildcard on either side matches
// any one segment.
func fitsRoute(pattern, route []string) bool {
	if n := len(pattern); n > 0 && pattern[n-1] == "**" {
		return len(route) >= n && fitsRoute(pattern[:n-1], route[:n-1])
	}
	if len(pattern) != len(route) {
		return false
	}
	wild := func(seg string) bool { return seg == "*" || strings.HasPrefix(seg, "{") }
	for i, p := range pattern {
		if !wild(p) && !wild(route[i]) && p != route[i] {
			return false
		}
	}
	return true
}
