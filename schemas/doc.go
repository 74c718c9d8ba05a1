// Package schemas holds the JSON Schemas (draft 2020-12) of every Seven Senders
// request and response body that sevenflow sends or receives, and of the
// pipeline input (input/order).
//
// The schemas are embedded with go:embed and compiled at most once per
// process, on first use. They never load anything over the network: each one
// has the $id https://sevenflow.dev/schemas/NAME.json and refers only to
// itself and to the shared definitions in defs.json.
//
// Request schemas are closed (an unknown key is an error, so a misspelt field
// is caught before anything is sent); response schemas are open. The
// conditional rules of the customs document (004), the tracking_code or
// reference_number rule of the shipment document (002) and the others live in
// the schemas themselves, as if/then/else and anyOf. A rule's readable reason
// sits next to it as an "x-message" annotation, and Validate reports it at
// the JSON pointer of the field that is missing or wrong:
//
//	/skus/0/net_value: required when recipient country is GB (or give total_net_value)
package schemas
