package engine

import (
	"errors"
	"fmt"
	"sync"

	"github.com/dop251/goja"
)

// A hook runs in a goja runtime that has been made safe to share between
// calls, and fit for code that may be hostile:
//
//   - Every object reachable from the global object, and the hidden
//     intrinsics (the prototypes of generators, async functions and
//     iterators), is frozen, and so is the global object: a call can
//     neither leave state for the next call nor change what the next
//     call's builtins do. Assigning a property that a frozen prototype
//     has (e.toString = f, err.name = "X") still works, on the object.
//   - eval is gone, and Function and the constructors of functions throw:
//     no code is compiled from a string, so everything a hook runs has
//     passed the checks of Compile.
//   - ArrayBuffer, the typed arrays, DataView and BigInt are gone: a
//     typed array allocates its whole length at once, and BigInt
//     arithmetic has no bound. So are Symbol.for, whose registry
//     outlives a call, and WeakMap and WeakSet, whose entries live as
//     long as their keys: the frozen builtins and the views of the scope
//     outlive a call.
//   - The builtins that build a string or walk an array's length in one
//     step check first: repeat, padStart, padEnd, concat, replace and
//     replaceAll, Array.prototype.join, JSON.stringify (string_bytes);
//     the array methods that walk length, Array.from,
//     Function.prototype.apply, Reflect.apply and Reflect.construct
//     (memory_bytes at 16 bytes an element). Array iterators are
//     generators, so that spreading an array steps through JavaScript,
//     where the time budget and the memory watch can stop it.
//   - RegExp, String.prototype.match, matchAll and search refuse patterns
//     that need the backtracking engine (see hook_regexp.go).
//
// Building the runtime takes a few milliseconds, so runtimes are kept in
// a pool and reused; a runtime whose call was interrupted or failed in
// Go is dropped, and so is one that has served hookVMUses calls.

// hookVMUses is how many calls a runtime serves before it is dropped, so
// that whatever a runtime might keep between calls stays small. (The one
// store that outlives a call, the registry of Symbol.for, is gone.)
const hookVMUses = 10_000

// hookPool keeps runtimes ready for hooks: at most its capacity, across
// every Program of the process.
var hookPool = make(chan *hookVM, 16)

// hookVM is one hardened runtime and what its current call needs.
type hookVM struct {
	vm   *goja.Runtime
	uses int
	lim  Limits       // the current call's limits
	log  func(string) // the current call's console
	conv *converter
	fns  map[*hook]goja.Callable // each hook's function, made in this runtime (see fn)
	args []goja.Value            // the current call's arguments, reused
	call hookCall                // the current call
}

// hookVMFns is how many hooks' functions a runtime keeps; past it, it
// forgets them all and makes them again.
const hookVMFns = 64

// fn returns h's function in this runtime, running h's program the first
// time only. The function is safe to call again: it only binds its
// arguments and calls a fresh inner function around the hook's source,
// and it is out of the hook's reach (strict code has no callee or
// caller), so a call leaves nothing on it for the next one.
func (hv *hookVM) fn(h *hook) (goja.Callable, error) {
	if f, ok := hv.fns[h]; ok {
		return f, nil
	}
	v, err := hv.vm.RunProgram(h.prog)
	if err != nil {
		return nil, err
	}
	f, ok := goja.AssertFunction(v)
	if !ok {
		return nil, errors.New("hook: the program is not a function")
	}
	if hv.fns == nil || len(hv.fns) >= hookVMFns {
		hv.fns = map[*hook]goja.Callable{}
	}
	hv.fns[h] = f
	return f, nil
}

// getHookVM returns a runtime from the pool, or a new one.
func getHookVM() (*hookVM, error) {
	select {
	case hv := <-hookPool:
		return hv, nil
	default:
		return newHookVM()
	}
}

// putHookVM returns hv to the pool, unless it has served enough calls or
// the pool is full.
func putHookVM(hv *hookVM) {
	hv.conv.release()
	hv.log, hv.lim = nil, defaultLimits
	hv.vm.ClearInterrupt()
	if hv.uses++; hv.uses >= hookVMUses {
		return
	}
	select {
	case hookPool <- hv:
	default:
	}
}

// realmOnce builds the program that hardens a runtime once.
var realmOnce = sync.OnceValues(func() (*goja.Program, error) {
	return goja.Compile("sevenflow-realm.js", realmJS, true)
})

// newHookVM builds and hardens a runtime.
func newHookVM() (*hookVM, error) {
	prog, err := realmOnce()
	if err != nil {
		return nil, fmt.Errorf("hook runtime: %w", err)
	}
	vm := goja.New()
	vm.SetFieldNameMapper(goja.TagFieldNameMapper("json", true))
	vm.SetMaxCallStackSize(hookStackLimit)
	hv := &hookVM{vm: vm, lim: defaultLimits}
	hv.call.vm = vm
	hv.conv = &converter{vm: vm, hv: hv}
	hv.conv.ret = vm.ToValue(hv.conv.returned)
	console := vm.NewObject()
	for _, level := range []string{"log", "info", "warn", "error"} {
		prefix := ""
		if level == "warn" || level == "error" {
			prefix = level + ": "
		}
		if err := console.Set(level, func(call goja.FunctionCall) goja.Value {
			if hv.log != nil {
				hv.log(prefix + hv.conv.text(call.Arguments))
			}
			return goja.Undefined()
		}); err != nil {
			return nil, fmt.Errorf("hook runtime: console: %w", err)
		}
	}
	if err := vm.Set("console", console); err != nil {
		return nil, fmt.Errorf("hook runtime: console: %w", err)
	}
	harden, err := vm.RunProgram(prog)
	if err != nil {
		return nil, fmt.Errorf("hook runtime: %w", err)
	}
	fn, ok := goja.AssertFunction(harden)
	if !ok {
		return nil, errors.New("hook runtime: the realm script is not a function")
	}
	fail := func(name, what string) {
		d, _ := findLimit(name)
		panic(vm.NewGoError(overLimit(name, *d.field(&hv.lim), "%s", what)))
	}
	limit := func(name string) int {
		d, _ := findLimit(name)
		return *d.field(&hv.lim)
	}
	checkRegexp := func(pattern, flags string) {
		if regexpBacktracks(pattern, flags) {
			panic(vm.NewGoError(fmt.Errorf("regular expression /%s/%s %w", clip(pattern, 60), flags, errBacktracking)))
		}
	}
	if _, err := fn(goja.Undefined(), vm.ToValue(fail), vm.ToValue(limit), vm.ToValue(checkRegexp), vm.ToValue(isView),
		vm.ToValue(hv.lengthChecked)); err != nil {
		return nil, fmt.Errorf("hook runtime: %w", err)
	}
	return hv, nil
}

// realmJS hardens the runtime it runs in (see the comment at the top of
// this file). It is called once with five Go functions: fail(name, what)
// throws the limit error, limit(name) returns the current call's limit,
// checkRegexp(pattern, flags) throws for a pattern that needs the
// backtracking engine, isView(o) reports whether o is a read-only view
// of the scope, which Object.isFrozen and the like take for frozen, and
// lengthChecked(f) returns f checking the length of its this first (see
// hookVM.lengthChecked).
const realmJS = `(function (fail, limit, checkRegexp, isView, lengthChecked) {
'use strict';
const G = globalThis;
const { apply, construct, defineProperty, getOwnPropertyDescriptor, ownKeys, getPrototypeOf } = Reflect;
const freeze = Object.freeze, isFrozen = Object.isFrozen;
const hasOwn = (o, k) => apply(Object.prototype.hasOwnProperty, o, [k]);
const AP = Array.prototype, SP = String.prototype, FP = Function.prototype;
const OrigRegExp = RegExp, origSplit = SP.split, origMatch = SP.match, origStringify = JSON.stringify;
const isArray = Array.isArray, trunc = Math.trunc, floor = Math.floor;
// The intrinsics that the replacements below hide but leave reachable
// (arguments objects keep the original array iterator).
const hidden = [getPrototypeOf([][Symbol.iterator]()), AP.values];

const lengthOf = (o) => {
	if (o === null || o === undefined) return 0;
	const n = +o.length;
	return n > 0 ? n : 0;
};
// Below small, no limit can be reached: the common case asks Go nothing.
const small = 4096;
const maxElems = () => floor(limit('memory_bytes') / 16);
const checkLength = (o, what) => {
	const n = lengthOf(o);
	if (n > small && n > maxElems()) fail('memory_bytes', what + ' of ' + n + ' elements (16 bytes each)');
};
const checkString = (n, what) => {
	if (n > small && n > limit('string_bytes')) fail('string_bytes', what + ' would build a string of ' + n + ' characters');
};

// wrap replaces obj[name] by the method make returns, which takes the
// original's name, length and attributes.
function wrap(obj, name, make) {
	const d = getOwnPropertyDescriptor(obj, name);
	if (!d || typeof d.value !== 'function') return;
	const fn = make(d.value);
	defineProperty(fn, 'name', { value: d.value.name });
	defineProperty(fn, 'length', { value: d.value.length });
	defineProperty(obj, name, { value: fn, writable: d.writable, enumerable: d.enumerable, configurable: d.configurable });
}

// Arrays: methods that walk this.length check it first.
for (const name of ['copyWithin', 'every', 'fill', 'filter', 'find', 'findIndex', 'findLast', 'findLastIndex',
	'flat', 'flatMap', 'forEach', 'includes', 'indexOf', 'lastIndexOf', 'map', 'reduce', 'reduceRight',
	'reverse', 'slice', 'some', 'sort', 'splice', 'toLocaleString', 'toReversed', 'toSorted', 'toSpliced',
	'with', 'shift', 'unshift']) {
	wrap(AP, name, lengthChecked);
}
wrap(AP, 'concat', (orig) => ({ m(...args) {
	let n = lengthOf(this);
	for (let i = 0; i < args.length; i++) n += isArray(args[i]) ? lengthOf(args[i]) : 1;
	if (n > small && n > maxElems()) fail('memory_bytes', 'concat would build an array of ' + n + ' elements (16 bytes each)');
	return apply(orig, this, args);
} }).m);
wrap(AP, 'join', (orig) => ({ m(...args) {
	checkLength(this, 'an array');
	const n = lengthOf(this), sep = args[0] === undefined ? ',' : String(args[0]);
	let size = n > 0 ? (n - 1) * sep.length : 0;
	checkString(size, 'join');
	for (let i = 0; i < n; i++) {
		const e = this[i];
		if (typeof e === 'string') size += e.length;
		if (size > small && size > limit('string_bytes')) fail('string_bytes', 'join would build a string of more than ' + limit('string_bytes') + ' characters');
	}
	const s = apply(orig, this, args);
	checkString(s.length, 'join');
	return s;
} }).m);
const gen = ({
	*values() { checkLength(this, 'an array'); for (let i = 0; i < lengthOf(this); i++) yield this[i]; },
	*keys() { checkLength(this, 'an array'); for (let i = 0; i < lengthOf(this); i++) yield i; },
	*entries() { checkLength(this, 'an array'); for (let i = 0; i < lengthOf(this); i++) yield [i, this[i]]; },
});
for (const name of ['values', 'keys', 'entries']) {
	defineProperty(gen[name], 'name', { value: name });
	defineProperty(AP, name, { value: gen[name], writable: true, enumerable: false, configurable: true });
}
defineProperty(AP, Symbol.iterator, { value: gen.values, writable: true, enumerable: false, configurable: true });
wrap(Array, 'from', (orig) => ({ m(...args) {
	if (args[0] !== null && typeof args[0] === 'object' && typeof args[0][Symbol.iterator] !== 'function') checkLength(args[0], 'an array-like');
	return apply(orig, this, args);
} }).m);
wrap(FP, 'apply', (orig) => ({ m(thisArg, args) {
	if (args !== null && args !== undefined) checkLength(args, 'arguments');
	return apply(orig, this, [thisArg, args]);
} }).m);
wrap(Reflect, 'apply', (orig) => ({ m(f, thisArg, args) { checkLength(args, 'arguments'); return orig(f, thisArg, args); } }).m);
wrap(Reflect, 'construct', (orig) => ({ m(f, args, ...rest) { checkLength(args, 'arguments'); return apply(orig, undefined, [f, args, ...rest]); } }).m);

// Strings: what builds a long string in one step checks its length first.
wrap(SP, 'repeat', (orig) => ({ m(...args) {
	if (this !== null && this !== undefined) {
		const n = trunc(+args[0]) || 0;
		if (n > 0) checkString(String(this).length * n, 'repeat');
	}
	return apply(orig, this, args);
} }).m);
for (const name of ['padStart', 'padEnd']) {
	wrap(SP, name, (orig) => ({ m(...args) { checkString(trunc(+args[0]) || 0, name); return apply(orig, this, args); } }).m);
}
wrap(SP, 'concat', (orig) => ({ m(...args) {
	let n = String(this).length;
	for (let i = 0; i < args.length; i++) n += String(args[i]).length;
	checkString(n, 'concat');
	return apply(orig, this, args);
} }).m);
for (const name of ['replace', 'replaceAll']) {
	wrap(SP, name, (orig) => ({ m(...args) {
		const [pattern, repl] = args;
		if (this !== null && this !== undefined && typeof repl !== 'function') {
			const s = String(this), r = String(repl);
			let count;
			if (pattern !== null && typeof pattern === 'object' && typeof pattern[Symbol.match] === 'function') {
				const flags = String(pattern.flags);
				count = flags.includes('g') ? (apply(origMatch, s, [pattern]) || []).length : 1;
			} else {
				count = name === 'replace' ? 1 : apply(origSplit, s, [String(pattern)]).length - 1;
			}
			const dollars = apply(origSplit, r, ['$']).length - 1;
			checkString(s.length + count * (r.length + dollars * s.length), name);
		}
		return apply(orig, this, args);
	} }).m);
}
wrap(JSON, 'stringify', (orig) => ({ m(value, replacer, space) {
	const max = limit('string_bytes');
	let n = 0;
	const count = (k, v) => {
		n += String(k).length + (typeof v === 'string' ? v.length : 0) + 8;
		if (n > max) fail('string_bytes', 'JSON.stringify would build a string of more than ' + max + ' characters');
	};
	let r;
	if (typeof replacer === 'function') {
		r = function (k, v) { const x = apply(replacer, this, [k, v]); count(k, x); return x; };
	} else if (isArray(replacer)) {
		const keep = new Set();
		for (let i = 0; i < replacer.length; i++) if (typeof replacer[i] === 'string' || typeof replacer[i] === 'number') keep.add(String(replacer[i]));
		r = function (k, v) { if (k !== '' && !isArray(this) && !keep.has(k)) return undefined; count(k, v); return v; };
	} else {
		r = function (k, v) { count(k, v); return v; };
	}
	return apply(orig, JSON, [value, r, space]);
} }).m);

// Regular expressions: only those that run in linear time.
const SafeRegExp = function RegExp(pattern, flags) {
	const re = pattern !== null && typeof pattern === 'object' && typeof pattern[Symbol.match] === 'function';
	checkRegexp(re ? String(pattern.source) : pattern === undefined ? '' : String(pattern),
		flags !== undefined ? String(flags) : re ? String(pattern.flags) : '');
	return new.target === undefined ? apply(OrigRegExp, undefined, [pattern, flags]) : construct(OrigRegExp, [pattern, flags], new.target);
};
SafeRegExp.prototype = OrigRegExp.prototype;
defineProperty(SafeRegExp, Symbol.species, getOwnPropertyDescriptor(OrigRegExp, Symbol.species));
defineProperty(OrigRegExp.prototype, 'constructor', { value: SafeRegExp, writable: true, enumerable: false, configurable: true });
delete OrigRegExp.prototype.compile;
G.RegExp = SafeRegExp;
for (const [name, flags] of [['match', ''], ['matchAll', 'g'], ['search', '']]) {
	wrap(SP, name, (orig) => ({ m(...args) {
		const p = args[0];
		if (p !== undefined && p !== null && (typeof p !== 'object' || typeof p[Symbol.match] !== 'function')) checkRegexp(String(p), flags);
		return apply(orig, this, args);
	} }).m);
}

// The scope's read-only views are, to JavaScript, frozen.
for (const [obj, name, result] of [[Object, 'isFrozen', true], [Object, 'isSealed', true], [Object, 'isExtensible', false],
	[Reflect, 'isExtensible', false], [Reflect, 'preventExtensions', true]]) {
	wrap(obj, name, (orig) => ({ m(...args) { return isView(args[0]) ? result : apply(orig, obj, args); } }).m);
}
for (const name of ['freeze', 'seal', 'preventExtensions']) {
	wrap(Object, name, (orig) => ({ m(...args) { return isView(args[0]) ? args[0] : apply(orig, Object, args); } }).m);
}
// And, as of a frozen object, their prototype cannot change.
const viewProto = (o, p) => isView(o) && getPrototypeOf(o) !== p;
const protoError = () => new TypeError('Cannot set the prototype of the scope, which is read-only');
wrap(Object, 'setPrototypeOf', (orig) => ({ m(...args) {
	if (viewProto(args[0], args[1])) throw protoError();
	return apply(orig, Object, args);
} }).m);
wrap(Reflect, 'setPrototypeOf', (orig) => ({ m(...args) { return viewProto(args[0], args[1]) ? false : apply(orig, Reflect, args); } }).m);
const protoAccessor = getOwnPropertyDescriptor(Object.prototype, '__proto__');
if (protoAccessor && protoAccessor.set) {
	const origSet = protoAccessor.set;
	defineProperty(Object.prototype, '__proto__', {
		get: protoAccessor.get,
		set: getOwnPropertyDescriptor({ set __proto__(v) {
			if (viewProto(this, v)) throw protoError();
			apply(origSet, this, [v]);
		} }, '__proto__').set,
		enumerable: protoAccessor.enumerable, configurable: protoAccessor.configurable,
	});
}

// No code from strings, no unbounded allocations in one step.
const noCode = ({ Function() { throw new EvalError('hooks cannot compile code from strings'); } }).Function;
defineProperty(noCode, 'prototype', { value: FP });
for (const f of [function () {}, function* () {}, async function () {}]) {
	defineProperty(getPrototypeOf(f), 'constructor', { value: noCode, writable: true, enumerable: false, configurable: true });
}
G.Function = noCode;
for (const name of ['eval', 'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array',
	'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array',
	'Float64Array', 'BigInt64Array', 'BigUint64Array', 'BigInt', 'Atomics', 'WeakRef', 'FinalizationRegistry',
	// An entry keyed by a frozen builtin or a scope view lives as long
	// as the runtime, not the call: a hook could fill them call by call.
	'WeakMap', 'WeakSet']) {
	delete G[name];
}
// The registry of Symbol.for outlives a call: a hook could fill it.
delete Symbol.for;
delete Symbol.keyFor;

// Assigning a property that a frozen prototype has defines it on the
// object, as it would were the prototype not frozen.
const enable = (obj, name) => {
	const d = getOwnPropertyDescriptor(obj, name);
	if (!d || !('value' in d) || !d.writable) return;
	const value = d.value;
	defineProperty(obj, name, {
		get() { return value; },
		set(v) {
			if (this === obj) throw new TypeError("Cannot assign to read only property '" + String(name) + "' of object");
			defineProperty(this, name, { value: v, writable: true, enumerable: true, configurable: true });
		},
		enumerable: d.enumerable, configurable: false,
	});
};
for (const name of ['toString', 'valueOf', 'toLocaleString', 'constructor', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable']) enable(Object.prototype, name);
for (const E of [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, AggregateError]) {
	for (const name of ['name', 'message', 'toString', 'constructor']) enable(E.prototype, name);
}
for (const name of ['toString', 'constructor']) enable(FP, name);
for (const name of ['toString', 'push', 'constructor']) enable(AP, name);

// Freeze everything reachable, hidden intrinsics included.
const todo = [G, getPrototypeOf(function* () {}), getPrototypeOf(async function () {}),
	getPrototypeOf((function* () {})()), getPrototypeOf(new Map().entries()), getPrototypeOf(new Set().values()),
	getPrototypeOf(''[Symbol.iterator]()), getPrototypeOf(/a/[Symbol.matchAll]('')), hidden[0], hidden[1]];
const seen = new Set();
while (todo.length > 0) {
	const o = todo.pop();
	if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) continue;
	seen.add(o);
	const keys = ownKeys(o);
	for (let i = 0; i < keys.length; i++) {
		const d = getOwnPropertyDescriptor(o, keys[i]);
		if ('value' in d) todo.push(d.value); else { todo.push(d.get); todo.push(d.set); }
	}
	todo.push(getPrototypeOf(o));
	freeze(o);
}
})`
