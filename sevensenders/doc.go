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
//	order, err := c.CreateOrder(ctx, &sevensenders.Order{OrderID: "ORD-1", OrderDate: "2024-01-15T10:30:00Z"})
//
// Every call goes through (*Client).Do, which the typed methods wrap and
// which callers holding payloads as maps may use directly. Do retries
// 429, 502, 503, 504 and transport errors with full-jitter backoff
// (RetryPolicy) and honours Retry-After up to a minute. A POST that
// creates something is sent again only when it surely did not arrive (a
// dial error or a 429); after any other failure Do first reads the
// resource back by the merchant's own key (order_id, reference_number or
// tracking_code, shipment_id, manifest_id, sku) and returns it if it is
// there, so a timeout never creates a duplicate. Creates that have no
// such key (order states, order items, product images) are not sent
// again after an ambiguous failure: Do returns an error wrapping
// ErrNotRetried.
//
// Non-2xx answers become an *APIError. An Observer sees every HTTP
// exchange, token calls included, with the access key and token
// redacted.
//
// The client does not import the simulator (package sim): the two meet
// only on the wire and in the schemas.
package sevensenders
