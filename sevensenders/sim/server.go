package sim

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
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
// concurrent use: every request is handled under one mutex, and its body
// read and its answer written outside it.
type Server struct {
	mu         sync.Mutex
	accessKey  string
	adminKey   string
	signKey    [32]byte // signs tokens; random, so tokens cannot be forged or guessed
	seed       int64
	start      time.Time // the manual clock's start; zero means real time
	stateFile  string
	mode       Mode
	log        io.Writer
	warehouses []Warehouse // set by WithWarehouses; nil for the default ones
	loadErr    error
	st         *State
	tb         tables     // the indexes of st's collections
	due        delayWatch // the orders that may become delayed
	changes    *changes   // what changed since the last commit; nil without a state file
	slog       *stateLog  // the state file's log; nil without one
	received   ring[Request]
	warnings   ring[Warning]
	faults     injector // the faults to come
	faultSet   *Faults  // the faults of WithFaults, injected again after a reset
}

// Request is one request the simulator received, as listed by
// GET /sim/received and (*Server).Received. Path is the path without the
// query and Query the query, each cut to 256 bytes.
type Request struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Query  string `json:"query,omitempty"`
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

// AdminKeyHeader is the request header that carries the admin key to
// the admin API under /sim/, when WithAdminKey sets one.
const AdminKeyHeader = "X-Sim-Admin-Key"

// WithAdminKey makes every request under /sim/ need key in the
// AdminKeyHeader header (401 without it). Without it, or with "", the
// admin API is open to whoever reaches the server.
func WithAdminKey(key string) Option {
	return func(s *Server) { s.adminKey = key }
}

// WithStateFile keeps the state in path and path+".log": it is loaded
// when the server is created (the snapshot in path, then the changes in
// the log), and each change is appended to the log and synced to disk;
// now and then the snapshot is written afresh and the log emptied.
func WithStateFile(path string) Option {
	return func(s *Server) { s.stateFile = path }
}

// New returns a simulator configured by opts: strict unless WithMode
// says otherwise. If a state file cannot be loaded, every request gets
// 500 with the reason; use Open to see the error up front.
func New(opts ...Option) *Server {
	s := &Server{accessKey: DefaultAccessKey, seed: 1,
		received: newRing[Request](receivedLimit), warnings: newRing[Warning](warningLimit)}
	for _, o := range opts {
		o(s)
	}
	_, _ = rand.Read(s.signKey[:]) // never fails (crypto/rand)
	s.st = s.newState()
	if s.stateFile != "" {
		s.changes = &changes{}
		s.loadErr = s.load()
	}
	s.tb = newTables(s.changes)
	s.tb.reset(s.st)
	s.resetDelayed()
	s.faults = s.configuredFaults()
	return s
}

// Open is New that also returns the error of loading the state file.
func Open(opts ...Option) (*Server, error) {
	s := New(opts...)
	return s, s.loadErr
}

// Close closes the state file's log, if there is one; a change after
// Close is answered 500. Every change is on disk before its answer, so
// Close loses nothing.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.slog == nil {
		return nil
	}
	if err := s.slog.f.Close(); err != nil {
		return fmt.Errorf("close state log: %w", err)
	}
	return nil
}

// Snapshot returns a deep copy of everything the simulator holds.
func (s *Server) Snapshot() *State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.clone()
}

// Received returns the latest /v2 requests received (at most 1,000), in
// order.
func (s *Server) Received() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.received.list()
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

// ServeHTTP answers one request. The body is read before the lock is
// taken, and the answer written after it is released, so a client that
// sends or reads slowly holds up no other: under the lock the request is
// only routed, handled and its answer encoded (the answer may refer to
// stored objects, which change once the lock is released).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, readErr := readBody(w, r)
	out, needSync := s.handle(r, body, readErr)
	if needSync {
		if err := s.syncLog(); err != nil {
			out = internalError("save state: " + err.Error()).encode()
		}
	}
	out.send(w, r)
}

// readBody reads r's body, at most maxBody bytes of it.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	return b, nil
}

// handle answers one request whose body has been read, under the lock,
// and returns the encoded answer and whether the state log needs a sync
// before it is sent.
func (s *Server) handle(r *http.Request, body []byte, readErr error) (encoded, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rq := &request{Request: r, body: body, mode: s.mode}
	res := s.serve(rq, readErr)
	needSync, err := s.commit()
	if err != nil {
		res = internalError("save state: " + err.Error())
	}
	if !res.isErr() {
		s.flushWarnings(rq, &res)
	}
	if strings.HasPrefix(r.URL.Path, apiPrefix) || r.URL.Path+"/" == apiPrefix {
		s.received.add(Request{Method: r.Method, Path: truncate(r.URL.Path), Query: truncate(r.URL.RawQuery), Status: res.status})
	}
	out := res.encode()
	out.wire = rq.wire
	return out, needSync
}

// serve routes rq and runs its handler; readErr is the error of reading
// its body, if any.
func (s *Server) serve(rq *request, readErr error) response {
	if s.loadErr != nil {
		return internalError("load state file: " + s.loadErr.Error())
	}
	if readErr != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(readErr, &tooLarge) {
			return broken(ruleBodySize, "", "request body is larger than %d bytes", maxBody)
		}
		return broken(ruleJSONBody, "", "%s", readErr)
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
	retryAfter  string   // a Retry-After header value (an injected fault)
}

// encoded is a response ready to be written: its header, status and
// body as bytes, so that it refers to nothing the simulator keeps, and
// the fault on the wire picked for it, if any.
type encoded struct {
	header http.Header
	status int
	body   []byte
	wire   *fault
}

// encode turns res into bytes: a JSON body is indented, one value and a
// newline.
func (res response) encode() encoded {
	out := encoded{header: http.Header{}, status: res.status}
	for _, h := range res.warnings {
		out.header.Add("Warning", h)
	}
	if res.location != "" {
		out.header.Set("Location", res.location)
	}
	if res.retryAfter != "" {
		out.header.Set("Retry-After", res.retryAfter)
	}
	switch {
	case res.raw != nil:
		out.header.Set("Content-Type", res.contentType)
		if res.filename != "" {
			out.header.Set("Content-Disposition", `attachment; filename="`+res.filename+`"`)
		}
		out.body = res.raw
	case res.status == http.StatusNoContent:
	default:
		b, err := json.MarshalIndent(res.body, "", "  ")
		if err != nil {
			return internalError("encode answer: " + err.Error()).encode()
		}
		out.header.Set("Content-Type", "application/json")
		out.body = append(b, '\n')
	}
	return out
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
