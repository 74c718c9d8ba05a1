package sim

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// maxBody is the largest request body accepted; a larger one gets 413.
const maxBody = 1 << 20

// DefaultAccessKey is the access key POST /v2/token accepts unless
// WithAccessKey says otherwise.
const DefaultAccessKey = "sim"

// tokenTTL is how long a token from POST /v2/token stays valid.
const tokenTTL = 60 * time.Minute

// Server is the simulator. It implements http.Handler and is safe for
// concurrent use: every request runs under one mutex.
type Server struct {
	mu         sync.Mutex
	accessKey  string
	seed       int64
	start      time.Time // the manual clock's start; zero means real time
	stateFile  string
	mode       Mode
	log        io.Writer
	warehouses []Warehouse // set by WithWarehouses; nil for the default ones
	loadErr    error
	st         *State
	received   []Request
	warnings   []Warning
	faults     []*fault
}

// Request is one request the simulator received, as listed by
// GET /sim/received and (*Server).Received.
type Request struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Status int    `json:"status"`
}

// Option configures a Server.
type Option func(*Server)

// WithClock makes the clock manual, starting at start. It moves only
// through POST /sim/clock, so tests and golden files are stable.
func WithClock(start time.Time) Option {
	return func(s *Server) { s.start = start.UTC() }
}

// WithSeed makes IDs start from seed: the n-th resource created gets the
// ID seed*1000000+n. The default seed is 1.
func WithSeed(seed int64) Option {
	return func(s *Server) { s.seed = seed }
}

// WithAccessKey sets the access key POST /v2/token accepts (default "sim").
func WithAccessKey(key string) Option {
	return func(s *Server) { s.accessKey = key }
}

// WithStateFile keeps the state in path: it is loaded when the server is
// created and saved, atomically, after each change.
func WithStateFile(path string) Option {
	return func(s *Server) { s.stateFile = path }
}

// New returns a simulator configured by opts: strict unless WithMode
// says otherwise. If a state file cannot be loaded, every request gets
// 500 with the reason; use Open to see the error up front.
func New(opts ...Option) *Server {
	s := &Server{accessKey: DefaultAccessKey, seed: 1}
	for _, o := range opts {
		o(s)
	}
	s.st = s.newState()
	if s.stateFile != "" {
		s.loadErr = s.load()
		if s.warehouses != nil {
			s.st.Warehouses = append([]Warehouse{}, s.warehouses...)
		}
	}
	return s
}

// Open is New that also returns the error of loading the state file.
func Open(opts ...Option) (*Server, error) {
	s := New(opts...)
	return s, s.loadErr
}

// Snapshot returns a deep copy of everything the simulator holds.
func (s *Server) Snapshot() *State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.clone()
}

// Received returns the /v2 requests received so far, in order.
func (s *Server) Received() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.received...)
}

// now is the simulator's current time.
func (s *Server) now() time.Time {
	if !s.st.Clock.IsZero() {
		return s.st.Clock.Add(s.st.Offset)
	}
	return time.Now().UTC().Add(s.st.Offset).Truncate(time.Millisecond)
}

// stamp is now as an RFC 3339 timestamp.
func (s *Server) stamp() string { return rfc3339(s.now()) }

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rq := &request{Request: r, mode: s.mode}
	res := s.serve(rq)
	if s.loadErr == nil && s.stateFile != "" && r.Method != http.MethodGet && res.status < 400 {
		if err := s.save(); err != nil {
			res = internalError("save state: " + err.Error())
		}
	}
	if !res.isErr() {
		s.flushWarnings(rq, &res)
	}
	if strings.HasPrefix(r.URL.Path, apiPrefix) || r.URL.Path+"/" == apiPrefix {
		s.received = append(s.received, Request{Method: r.Method, Path: r.URL.RequestURI(), Status: res.status})
	}
	res.write(w)
}

// serve reads rq's body, routes it and runs its handler.
func (s *Server) serve(rq *request) response {
	if s.loadErr != nil {
		return internalError("load state file: " + s.loadErr.Error())
	}
	rq.Body = http.MaxBytesReader(nil, rq.Body, maxBody)
	if err := rq.readBody(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return broken(ruleBodySize, "", "request body is larger than %d bytes", maxBody)
		}
		return broken(ruleJSONBody, "", "read body: %s", err)
	}
	return s.route(rq)
}

// response is what a handler returns: a status, and a JSON body or a file.
type response struct {
	status      int
	body        any
	raw         []byte
	contentType string
	location    string
	filename    string
	warnings    []string // Warning header values
}

func (res response) write(w http.ResponseWriter) {
	for _, h := range res.warnings {
		w.Header().Add("Warning", h)
	}
	if res.location != "" {
		w.Header().Set("Location", res.location)
	}
	if res.raw != nil {
		w.Header().Set("Content-Type", res.contentType)
		if res.filename != "" {
			w.Header().Set("Content-Disposition", `attachment; filename="`+res.filename+`"`)
		}
		w.WriteHeader(res.status)
		_, _ = w.Write(res.raw)
		return
	}
	if res.status == http.StatusNoContent {
		w.WriteHeader(res.status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(res.status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(res.body)
}

// ok is a 200 response with body v.
func ok(v any) response { return response{status: http.StatusOK, body: v} }

// created is a 201 response with a Location header. An object body
// carries the same path as iri beside its id (rule created-iri); the
// stored resource is not changed.
func created(location string, v Object) response {
	body := make(Object, len(v)+1)
	for k, e := range v {
		body[k] = e
	}
	body["iri"] = location
	return response{status: http.StatusCreated, body: body, location: location}
}

// noContent is the 204 of a successful DELETE.
func noContent() response { return response{status: http.StatusNoContent} }

var _ http.Handler = (*Server)(nil)
