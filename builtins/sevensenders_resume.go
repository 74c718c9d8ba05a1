package builtins

import (
	"context"
	"encoding/json"
	"hash/maphash"
	"math"
	"sync"
)

// resumingKey is the context key of ContextResuming.
type resumingKey struct{}

// ContextResuming returns a copy of ctx for a call that an earlier run
// may already have sent: that run stopped (a crash, a kill) after the
// request left and before its answer was recorded. The sevensenders.*
// builtins then never send blindly. A create looks its resource up by
// the merchant's key first, as always, and one whose body has no key to
// look it up by fails with an error wrapping sevensenders.ErrNotRetried
// instead of being sent a second time; a delete answered 404 is done,
// since the earlier request deleted it.
func ContextResuming(ctx context.Context) context.Context {
	return context.WithValue(ctx, resumingKey{}, true)
}

// resuming reports whether ctx was made by ContextResuming.
func resuming(ctx context.Context) bool {
	r, _ := ctx.Value(resumingKey{}).(bool)
	return r
}

// createLocks makes identical creates within one process wait for each
// other. A create is a look-up and then a POST, which is not atomic: two
// runs in parallel (orders of a batch sharing a product) would both find
// nothing and both create. The key is a hash of the path and the body, so
// only creates of the very same resource wait (two different bodies whose
// hashes collide merely wait for each other); the zero value is ready.
type createLocks struct {
	mu    sync.Mutex
	seed  maphash.Seed
	locks map[uint64]*createLock
}

// createLock is one key's lock and how many hold or wait for it.
type createLock struct {
	sync.Mutex
	refs int
}

// lock waits until no other create of path with body runs, and returns
// the function that lets the next one go. The entry of a key is dropped
// when nobody holds it, so the map stays as small as the creates in
// flight.
func (l *createLocks) lock(path string, body map[string]any) func() {
	l.mu.Lock()
	if l.locks == nil {
		l.seed = maphash.MakeSeed()
		l.locks = map[uint64]*createLock{}
	}
	seed := l.seed
	l.mu.Unlock()
	var h maphash.Hash
	h.SetSeed(seed)
	h.WriteString(path)
	hashValue(&h, body)
	key := h.Sum64()
	l.mu.Lock()
	k := l.locks[key]
	if k == nil {
		k = &createLock{}
		l.locks[key] = k
	}
	k.refs++
	l.mu.Unlock()
	k.Lock()
	return func() {
		k.Unlock()
		l.mu.Lock()
		if k.refs--; k.refs == 0 {
			delete(l.locks, key)
		}
		l.mu.Unlock()
	}
}

// hashValue writes v, a JSON-like value, to h so that values that are
// the same JSON hash the same: every number as the float64 it is, and a
// mapping as the sum of its entries' hashes, which does not depend on the
// order its keys come in (and needs no sorted copy of them).
func hashValue(h *maphash.Hash, v any) {
	switch x := v.(type) {
	case nil:
		h.WriteByte('n')
	case bool:
		if x {
			h.WriteByte('t')
		} else {
			h.WriteByte('f')
		}
	case string:
		h.WriteByte('s')
		maphash.WriteComparable(h, len(x))
		h.WriteString(x)
	case float64:
		hashNumber(h, x)
	case int:
		hashNumber(h, float64(x))
	case int64:
		hashNumber(h, float64(x))
	case json.Number:
		if f, err := x.Float64(); err == nil {
			hashNumber(h, f)
		} else {
			h.WriteByte('N')
			h.WriteString(x.String())
		}
	case map[string]any:
		h.WriteByte('m')
		maphash.WriteComparable(h, len(x))
		var sum uint64
		var e maphash.Hash
		for k, v := range x {
			e.SetSeed(h.Seed())
			maphash.WriteComparable(&e, len(k))
			e.WriteString(k)
			hashValue(&e, v)
			sum += e.Sum64()
		}
		maphash.WriteComparable(h, sum)
	case []any:
		h.WriteByte('l')
		maphash.WriteComparable(h, len(x))
		for _, e := range x {
			hashValue(h, e)
		}
	default:
		// Not a plain value: its JSON text, as before.
		b, _ := json.Marshal(x)
		h.WriteByte('j')
		h.Write(b)
	}
}

// hashNumber writes a number to h.
func hashNumber(h *maphash.Hash, f float64) {
	h.WriteByte('0')
	maphash.WriteComparable(h, math.Float64bits(f))
}
