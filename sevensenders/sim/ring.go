package sim

// Bounds of what the simulator keeps about the requests it served, so
// that no stream of requests can make it grow without end.
const (
	// receivedLimit is how many requests GET /sim/received lists: the
	// latest ones.
	receivedLimit = 1000
	// warningLimit is how many warnings GET /sim/warnings lists: the
	// latest ones.
	warningLimit = 1000
	// pathLimit is how many bytes of a request's path (and query, for a
	// warning) are kept in those lists and in the log.
	pathLimit = 256
)

// ring keeps the last limit values added, oldest first.
type ring[T any] struct {
	limit int
	buf   []T
	next  int // where the next value goes once buf is full
}

func newRing[T any](limit int) ring[T] { return ring[T]{limit: limit} }

// add appends v, dropping the oldest value if the ring is full.
func (r *ring[T]) add(v T) {
	if len(r.buf) < r.limit {
		r.buf = append(r.buf, v)
		return
	}
	r.buf[r.next] = v
	r.next = (r.next + 1) % r.limit
}

// list returns a copy of the values, oldest first; never nil.
func (r *ring[T]) list() []T {
	out := make([]T, 0, len(r.buf))
	out = append(out, r.buf[r.next:]...)
	return append(out, r.buf[:r.next]...)
}

// clear forgets every value.
func (r *ring[T]) clear() { r.buf, r.next = nil, 0 }

// truncate cuts s to at most pathLimit bytes, on a rune boundary, marking
// the cut with "...".
func truncate(s string) string {
	if len(s) <= pathLimit {
		return s
	}
	cut := pathLimit - len("...")
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "..."
}
