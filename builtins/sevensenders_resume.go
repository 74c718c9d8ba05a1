package builtins

import (
	"context"
	"crypto/sha256"
	"encoding/json"
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
// nothing and both create. The key is the path and the body, so only
// creates of the very same resource wait; the zero value is ready.
type createLocks struct {
	mu    sync.Mutex
	locks map[[sha256.Size]byte]*createLock
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
	b, _ := json.Marshal(body) // map keys come out sorted
	key := sha256.Sum256(append([]byte(path+"\x00"), b...))
	l.mu.Lock()
	if l.locks == nil {
		l.locks = map[[sha256.Size]byte]*createLock{}
	}
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
