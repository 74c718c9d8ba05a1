package engine

import (
	"errors"
	"runtime/metrics"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// goja has no memory limit: a hook that doubles a string in a loop
// reaches gigabytes within its time budget. While hooks run, a watch
// reads the heap every millisecond and interrupts a hook once the heap
// has grown by more than memory_bytes since the watch first saw it. The
// heap is the process's, so a hook running beside another that allocates
// may be the one stopped; the allowance counts from the larger of the
// heap and the garbage collector's goal, so that garbage waiting for a
// collection is not counted.

// errHookMemory is what a hook's runtime is interrupted with when the
// heap has grown past the hook's allowance.
var errHookMemory = errors.New("hook memory budget spent")

// heapWatchEvery is how often the watch reads the heap.
const heapWatchEvery = time.Millisecond

// heapWatch is the process's one watch.
var heapWatch = &watch{calls: map[*hookCall]*watched{}}

// watch interrupts the hook calls it watches when the heap outgrows them.
type watch struct {
	mu      sync.Mutex
	calls   map[*hookCall]*watched
	running bool
}

// watched is one call: its allowance and, once the watch has seen it,
// the heap size at which it is interrupted.
type watched struct {
	allow   uint64
	ceiling uint64 // 0 until the watch first sees the call
}

// add watches c, allowed to grow the heap by allow bytes, until the
// returned function is called.
func (w *watch) add(c *hookCall, allow int) func() {
	w.mu.Lock()
	w.calls[c] = &watched{allow: uint64(allow)}
	if !w.running {
		w.running = true
		go w.loop()
	}
	w.mu.Unlock()
	return func() {
		w.mu.Lock()
		delete(w.calls, c)
		w.mu.Unlock()
	}
}

// loop reads the heap while there are calls to watch.
func (w *watch) loop() {
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/goal:bytes"}}
	tick := time.NewTicker(heapWatchEvery)
	defer tick.Stop()
	for range tick.C {
		metrics.Read(samples)
		heap, goal := samples[0].Value.Uint64(), samples[1].Value.Uint64()
		var over []*hookCall
		w.mu.Lock()
		if len(w.calls) == 0 {
			w.running = false
			w.mu.Unlock()
			return
		}
		for c, cw := range w.calls {
			switch {
			case cw.ceiling == 0:
				cw.ceiling = max(heap, goal) + cw.allow
			case heap > cw.ceiling:
				over = append(over, c)
			}
		}
		w.mu.Unlock()
		// A call's lock is taken before the watch's (a call joins and
		// leaves the watch under its own lock), never after.
		for _, c := range over {
			c.interrupt(errHookMemory)
		}
	}
}

// smallLength is the length below which no array-like can reach the
// memory limit (at 16 bytes an element), so that the common case reads
// no limit.
const smallLength = 4096

// lengthChecked returns orig, a builtin method that walks this.length,
// as a method that first throws the memory_bytes error when this is
// longer than the limit allows at 16 bytes an element. It is the realm's
// guard of the array methods (see realmJS), written in Go because they
// are the builtins hooks call most: a guard in JavaScript cost a hook
// more than the method itself.
func (hv *hookVM) lengthChecked(orig goja.Value) goja.Value {
	f, ok := goja.AssertFunction(orig)
	if !ok {
		panic(hv.vm.NewTypeError("lengthChecked: not a function"))
	}
	return hv.vm.ToValue(func(call goja.FunctionCall) goja.Value {
		hv.checkLength(call.This, "an array")
		v, err := f(call.This, call.Arguments...)
		if err != nil {
			panic(err) // rethrown as it was thrown: an exception, an interrupt
		}
		return v
	})
}

// checkLength throws the memory_bytes error for an array-like o whose
// length (as +o.length) is more elements than the limit allows, at 16
// bytes each; what names o in the message.
func (hv *hookVM) checkLength(o goja.Value, what string) {
	if o == nil || goja.IsUndefined(o) || goja.IsNull(o) {
		return
	}
	n := o.ToObject(hv.vm).Get("length").ToFloat()
	if n > smallLength && n > float64(hv.lim.MemoryBytes/16) {
		panic(hv.vm.NewGoError(overLimit("memory_bytes", hv.lim.MemoryBytes, "%s of %s elements (16 bytes each)",
			what, hv.vm.ToValue(n).String())))
	}
}
