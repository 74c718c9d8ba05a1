// Package sevensenders is a client for the Seven Senders (7S) API.
//
// A Client talks to one base URL: the simulator (in-process or over
// HTTP), the UAT or production API, or any URL (see BaseURL). It fetches
// a token with POST /token, caches it and refreshes it when fewer than
// five of its sixty minutes are left, and once more when the API answers
// 401.
//
//	c := sevensenders.NewClient(sevensenders.UATBaseURL,
//		sevensenders.WithAccessKey(os.Getenv(sevensenders.EnvAccessKey)))
//	var order map[string]any
//	_, err := c.Do(ctx, http.MethodPost, "/orders",
//		map[string]any{"order_id": "ORD-1", "order_date": "2024-01-15T10:30:00Z"}, &order)
//
// Operations is the table of the API's operations: method, path, request
// schema, and for a create the merchant's key its resource is found by
// and the update that changes it. The sevensenders.* builtins of package
// builtins and their documentation are derived from it; there is no
// second, typed description of the same calls.
//
// Every call goes through (*Client).Do. Do retries 429, 502, 503, 504 and
// transport errors with full-jitter backoff (RetryPolicy) and honours
// Retry-After up to a minute. A POST that creates something is sent again
// only when it surely did not arrive (a dial error or a 429); after any
// other failure Do first reads the resource back by the merchant's own
// key, as Lookup does, and returns it if it is there, so a timeout never
// creates a duplicate. A create whose body lacks its key is not sent
// again after an ambiguous failure: Do returns an error wrapping
// ErrNotRetried.
//
// A Limiter shared by several clients paces all their requests: a rate a
// second, and a pause for everyone when one of them gets a 429 or 503
// with Retry-After (WithLimiter).
//
// Lookup finds what a create would make before it is sent, and
// (*Found).Compare says whether the resource found matches the body, can
// be brought in line with a PUT, or cannot change (*ChangeError), so that
// running the same order again converges.
//
// Non-2xx answers become an *APIError. An Observer sees every HTTP
// exchange, token calls included, with the access key and token
// redacted.
//
// The access key and the tokens are held as a Secret, which prints
// REDACTED in every format. Every answer is searched for them in its
// decoded text, so that an echo escaped as `\/` or `\u002f`, or
// URL-escaped, is found, and each is replaced by "[redacted]" before
// anything reads the answer: the result, an *APIError, the Observer. The
// bodies of POST /token are placeholders in what the client reports and
// returns, but for the token, which it keeps.
//
// Each client has a circuit breaker for its target: after five failures
// in a row (transport errors and 5xx answers) it sends nothing for 30 s,
// then one probe, and callers wait for it rather than fail. A retry
// budget (ContextWithRetryBudget; the CLI gives each order
// DefaultRetryBudget) bounds how long the calls of one order wait,
// between tries and for the breaker, together, in place of the
// RetryPolicy's count of tries.
//
// The client speaks plain HTTP only to loopback, unless made
// WithInsecure (ErrPlainHTTP), and never follows a redirect to another
// scheme, host or port with a body or an Authorization header
// (ErrCrossHostRedirect): a 307 on POST /token must not send the access
// key elsewhere.
//
// The client does not import the simulator (package sim): the two meet
// only on the wire and in the schemas.
package sevensenders
