// Package journal keeps the record of batch runs in a SQLite database, so
// that a batch that stopped halfway (a crash, a kill, a lost machine) can
// be run again without sending anything twice.
//
// A Journal holds runs (one per batch), the orders of each run, and every
// side-effecting call of each order. The run key of an order is its
// pipeline and its order id: the same order run again by the same
// pipeline, in a later batch, is the same order. A call is named by its
// run key and its step path ("parcels[1]/dispatch/label", see
// engine.CallInfo), which a run of the same input gives again.
//
// Order.Interceptor is an engine.CallInterceptor that, for each call the
// journal's Effect says may change something:
//
//  1. looks for the last record of the call. A result recorded with the
//     same arguments is returned as it is, without calling the builtin,
//     and the step ends as exists (engine.StatusExists): what it made is
//     there. A recorded error, or other arguments, call it again.
//  2. commits an intent (run, key, path, builtin, hash of the arguments,
//     time) before the builtin sends anything. An intent of an earlier
//     run without a result means that run stopped while the call was on
//     its way: it may have arrived. The call is made through the
//     journal's Resume context (for the sevensenders.* builtins,
//     builtins.ContextResuming), under which a create reads the API back
//     by the merchant's key before it decides to send again.
//  3. commits the result (status, the result as JSON, the error, the HTTP
//     exchanges) after the answer.
//
// With WithMask, personal data never reaches the database: results and
// errors are recorded masked (ids as they are, a person's data as
// ‹kind:hash›, a digest), and a rerun does not hand a masked result on as
// the step's: it makes the call again under the Resume context, which
// finds what the first run made by the merchant's key.
//
// Read-only calls pass through unrecorded: sending them again is harmless.
//
// The database is in WAL mode with synchronous=FULL, so a commit is on
// disk before the call it guards is sent; busy_timeout lets `sevenflow
// journal show` read while a batch writes. One batch at a time writes to a
// journal. The driver is modernc.org/sqlite: no cgo.
package journal
