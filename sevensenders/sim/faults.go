package sim

import (
	"fmt"
	"net/http"
	"strings"
)

// fault is an injected failure: the next Times requests of Method on a
// path that matches Path answer Status and change nothing.
type fault struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Status int    `json:"status"`
	Times  int    `json:"times"` // how many are still to come
}

// adminAddFault answers POST /sim/faults {method, path, status, times}:
// the next times (default 1) matching requests answer status (400-599)
// with an error body naming the fault. path is matched segment by
// segment after the aliases and a .json suffix; a segment "*" or in
// braces ("{id}") matches any one segment.
func (s *Server) adminAddFault(rq *request) response {
	obj, res := rq.object()
	if res.isErr() {
		return res
	}
	f := &fault{Method: strings.ToUpper(str(obj, "method")), Path: str(obj, "path"), Times: 1}
	status, isNum := obj["status"].(float64)
	if t, has := obj["times"]; has {
		n, isNum := t.(float64)
		if !isNum || n < 1 || n != float64(int(n)) {
			return invalidField("/times", "must be a whole number from 1")
		}
		f.Times = int(n)
	}
	switch {
	case f.Method == "":
		return invalidField("/method", "must be an HTTP method such as POST")
	case !isNum || status < 400 || status > 599 || status != float64(int(status)):
		return invalidField("/status", "must be an HTTP error status from 400 to 599")
	case !strings.HasPrefix(f.Path, apiPrefix):
		return invalidField("/path", "must be a path of the API under /v2/, such as /v2/customs/shipments")
	}
	f.Status = int(status)
	if !routeExists(f.Method, f.Path) {
		return invalidField("/path", "no endpoint %s %s", f.Method, f.Path)
	}
	s.faults = append(s.faults, f)
	s.logf("fault injected: the next %d %s %s answer %d", f.Times, f.Method, f.Path, f.Status)
	return response{status: http.StatusCreated, body: *f}
}

// adminFaults answers GET /sim/faults with the faults still to come.
func (s *Server) adminFaults(*request) response {
	out := []fault{}
	for _, f := range s.faults {
		out = append(out, *f)
	}
	return ok(out)
}

// adminClearFaults answers DELETE /sim/faults.
func (s *Server) adminClearFaults(*request) response {
	s.faults = nil
	return noContent()
}

// injected returns the answer of the first fault that matches rq, and
// counts it down; ok is false if none does.
func (s *Server) injected(rq *request) (res response, ok bool) {
	segs := segments(rq.URL.Path)
	for i, f := range s.faults {
		if f.Method != rq.Method || !faultMatch(segments(f.Path), segs) {
			continue
		}
		f.Times--
		left := f.Times
		if left == 0 {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
		}
		s.logf("fault %s %s: answered %d (%d more to come)", rq.Method, rq.URL.Path, f.Status, left)
		return errorf(f.Status, codeInjected, "injected fault: %s %s answers %d (POST /sim/faults; %d more to come); nothing was changed",
			f.Method, f.Path, f.Status, left), true
	}
	return response{}, false
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

// faultMatch reports whether a request's segments fit a fault's.
func faultMatch(pattern, segs []string) bool {
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

// routeExists reports whether some endpoint takes method on path, where
// a wildcard segment stands for any value.
func routeExists(method, path string) bool {
	segs := segments(path)
	for i, seg := range segs {
		if seg == "*" || strings.HasPrefix(seg, "{") {
			segs[i] = fmt.Sprintf("x%d", i)
		}
	}
	for _, rt := range routes() {
		if _, found := match(rt.pattern, segs); found && rt.method == method {
			return true
		}
	}
	return false
}
