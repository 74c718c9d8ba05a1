package sim

import "net/http"

// Rule IDs, in the order of the table below.
const (
	ruleJSONBody             = "json-body"
	ruleBodySize             = "body-size"
	ruleJSONDepth            = "json-depth"
	ruleContentType          = "json-content-type"
	rulePathSpellings        = "path-spellings"
	ruleSchema               = "schema"
	ruleUnknownFields        = "unknown-fields"
	ruleSpellings002         = "spellings-002"
	rulePHPEmptyMap          = "php-empty-map"
	ruleNullOptional         = "null-optional"
	ruleEmptyOptional        = "empty-optional"
	ruleMandatoryPlaceholder = "mandatory-placeholder"
	ruleDateTimeVariant      = "date-time-variant"
	ruleCarrierNameCase      = "carrier-name-case"
	ruleShipmentIDString     = "shipment-id-string"
	ruleCreatedIRI           = "created-iri"
	ruleTokenAccessKey       = "token-access-key"
	ruleTokenRequired        = "token-required"
	ruleTokenExpiry          = "token-expiry"
	ruleTokenJWT             = "token-jwt"
	ruleListPaging           = "list-paging"
	ruleOrderListFilters     = "order-list-filters"
	ruleOrderIDUnique        = "order-id-unique"
	ruleOrderBy7SID          = "order-by-7s-id"
	ruleOrderDeleteShipments = "order-delete-shipments"
	ruleOrderStateOrder      = "order-state-order-exists"
	ruleOrderStateTransition = "order-state-transition"
	ruleOrderShipped         = "order-shipped"
	ruleOrderCompletion      = "order-completion"
	ruleOrderDelayedMark     = "order-delayed-mark"
	ruleItemProductExists    = "item-product-exists"
	ruleItemShipmentOfOrder  = "item-shipment-of-order"
	ruleShipmentOrderExists  = "shipment-order-exists"
	ruleShipmentOrderOpen    = "shipment-order-open"
	ruleShipmentCarrierTable = "shipment-carrier-table"
	ruleShipmentUniqueCodes  = "shipment-unique-codes"
	ruleShipmentBy7SID       = "shipment-by-7s-id"
	ruleShipmentOneOrder     = "shipment-one-order"
	ruleShipmentDelCustoms   = "shipment-delete-customs"
	ruleAddressLineBreaks    = "address-line-breaks"
	ruleWarehouseDefined     = "warehouse-defined"
	ruleBRTHubScan           = "brt-hub-scan"
	ruleLabelOrder           = "label-order"
	ruleLabelReuse           = "label-reuse"
	ruleCustomsShipment      = "customs-shipment-exists"
	ruleCustomsOrderMatches  = "customs-order-matches"
	ruleCustomsWeights       = "customs-weights"
	ruleCustomsConditional   = "customs-conditional"
	ruleCustomsSKUIDs        = "customs-sku-ids-unique"
	ruleCustomsTrackingCode  = "customs-tracking-code"
	ruleCustomsCountry       = "customs-recipient-country"
	ruleCustomsOnePerShip    = "customs-one-per-shipment"
	ruleCustomsIDFixed       = "customs-shipment-id-fixed"
	ruleCustomsLocked        = "customs-locked"
	ruleManifestIDUnique     = "manifest-id-unique"
	ruleManifestShipments    = "manifest-shipments"
	ruleManifestOnce         = "manifest-declared-once"
	ruleManifestLocked       = "manifest-locked"
	ruleProductSKUUnique     = "product-sku-unique"
	ruleProductSKUFixed      = "product-sku-fixed"
	ruleProductInUse         = "product-in-use"
	rulePudoQuery            = "pudo-query"
	rulePudoPlace            = "pudo-unknown-place"
	ruleClockForward         = "clock-forward"
)

// rules is the one rule set of the simulator. Strict mode answers a
// broken rule with its status; compatible mode does the same unless the
// rule is lenient, when it lets the request pass with a warning.
var rules = []Rule{
	// Reading a request.
	{ID: ruleJSONBody, Source: "assumed", status: http.StatusBadRequest, Compatible: sameAsStrict,
		Strict: "a body that is not one JSON object is 400"},
	{ID: ruleBodySize, Source: "assumed", status: http.StatusRequestEntityTooLarge, Compatible: sameAsStrict,
		Strict: "a body over 1 MiB is 413"},
	{ID: ruleJSONDepth, Source: "assumed", status: http.StatusBadRequest, Compatible: sameAsStrict,
		Strict: "a body that nests arrays and objects deeper than 32 levels is 400, and nothing of it is stored"},
	{ID: ruleContentType, Source: "assumed", status: http.StatusUnsupportedMediaType, lenient: true,
		Strict:     "a /v2 body sent without `Content-Type: application/json` is 415",
		Compatible: "the body is read as JSON; warning"},
	{ID: rulePathSpellings, Source: "002:31, 003:202", Compatible: sameAsStrict,
		Strict: "`/order` and `/orders`, `/order-states` and `/order_states`, the other spellings of General behaviour and a `.json` suffix reach the same endpoint"},
	{ID: ruleSchema, Source: "002:15, 002:33, 002:48, 004:14", status: http.StatusUnprocessableEntity,
		Strict:     "a body that breaks its schema (a missing mandatory field, a value of the wrong kind such as an integer for a date) is 422 naming every pointer",
		Compatible: "the same, after the readings of the lenient rules below"},
	{ID: ruleUnknownFields, Source: "assumed", Compatible: sameAsStrict,
		Strict: "a field no schema names is stored and returned, not refused"},
	{ID: ruleSpellings002, Source: "002:18, 002:43, 002:52, 002:69", Compatible: sameAsStrict,
		Strict: "002's own spellings pass without a warning: `carrier: {carrier_name, carrier_country}`, `In_preparation`, `dd.mm.yyyy hh:mm:ss` (UTC), offsets such as `+0000`; stored as `{name, country}`, `in_preparation` and RFC 3339"},
	{ID: rulePHPEmptyMap, Source: "002:73", status: http.StatusUnprocessableEntity, lenient: true,
		Strict:     "`[]` where an object is wanted (`shipment_tag: []`) is 422; `order_tags: []` is valid, as 002:21 types it Array[string]",
		Compatible: "read as `{}`; warning"},
	{ID: ruleNullOptional, Source: "002:48, 004:14", status: http.StatusUnprocessableEntity, lenient: true,
		Strict:     "`null` for an optional field is 422 (the documents type every field; `boarding_complete` takes null, 002:141)",
		Compatible: "read as absent; warning"},
	{ID: ruleEmptyOptional, Source: "002:48, 004:14", status: http.StatusUnprocessableEntity, lenient: true,
		Strict:     "`\"\"` for an optional field that takes no empty value (`reference_number` next to a tracking code, `order_url`) is 422; a plain string field (`comment`, `recipient_company_name`, 004's `qty_um`) takes `\"\"` in both modes",
		Compatible: "read as absent, so it never counts for uniqueness; warning"},
	{ID: ruleMandatoryPlaceholder, Source: "002:48, 004:14", status: http.StatusUnprocessableEntity, lenient: true,
		Strict:     "`null`, `\"\"` or `0` for a mandatory field (`warehouse_address: \"\"`, `weight: 0`) is 422",
		Compatible: "accepted (`null` and `\"\"` as absent, `0` kept); warning. Never for a key (order_id, shipment_id, sku, manifest_id, access_key, state, a SKU id): 422"},
	{ID: ruleDateTimeVariant, Source: "002:18, 004:19", status: http.StatusUnprocessableEntity, lenient: true,
		Strict:     "a date-time with a space for `T`, without seconds or without an offset (`2026-11-30 05:47:49.375130`) is 422",
		Compatible: "read as RFC 3339, no offset as UTC; warning"},
	{ID: ruleCarrierNameCase, Source: "002:83", status: http.StatusUnprocessableEntity, lenient: true,
		Strict:     "a carrier name in another case than 002's table (`DHL`) is 422",
		Compatible: "read as the table's name; warning"},
	{ID: ruleShipmentIDString, Source: "004:16", status: http.StatusUnprocessableEntity, lenient: true,
		Strict:     "a number for a shipment id (customs `shipment_id`, manifest `shipment_ids`) is 422: 7S ids are strings",
		Compatible: "read as its string; warning"},
	{ID: ruleCreatedIRI, Source: "assumed", Compatible: sameAsStrict,
		Strict: "every 201 body carries `iri`, the created resource's path (as in `Location`), beside `id`"},

	// Tokens.
	{ID: ruleTokenAccessKey, Source: "003:47", status: http.StatusUnauthorized, Compatible: sameAsStrict,
		Strict: "a wrong `access_key` is 401 however often it is tried (no rate limit); an `Authorization` header sent to POST /v2/token is ignored"},
	{ID: ruleTokenRequired, Source: "002:9", status: http.StatusUnauthorized, Compatible: sameAsStrict,
		Strict: "every /v2 path but POST /v2/token needs `Authorization: Bearer TOKEN`; none or an unknown one is 401, never 403"},
	{ID: ruleTokenExpiry, Source: "003:47", status: http.StatusUnauthorized, Compatible: sameAsStrict,
		Strict: "a token is valid 60 minutes of the simulator's clock, then 401"},
	{ID: ruleTokenJWT, Source: "002:9", Compatible: sameAsStrict,
		Strict: "the token is a JWT: three base64url parts, a random `jti`, `iat` and `exp` in the payload, signed HS256 with a random key of the simulator's (nobody needs to check it); no two tokens are alike, and the simulator keeps only their SHA-256"},

	// Lists.
	{ID: ruleListPaging, Source: "assumed", status: http.StatusBadRequest, Compatible: sameAsStrict,
		Strict: "`limit` outside 1-500 or a negative `offset` is 400"},
	{ID: ruleOrderListFilters, Source: "assumed", status: http.StatusBadRequest, Compatible: sameAsStrict,
		Strict: "GET /v2/orders filters by `order_id`, `state`, `order_date[before]` and `order_date[after]` (a date or a date-time, else 400); no match is `200 []`"},

	// Orders and their states.
	{ID: ruleOrderIDUnique, Source: "assumed", status: http.StatusConflict, Compatible: sameAsStrict,
		Strict: "a second order with an order_id (POST, or PUT renaming one) is 409"},
	{ID: ruleOrderBy7SID, Source: "002:29", status: http.StatusNotFound, lenient: true,
		Strict:     "PUT or DELETE /v2/orders/{id} with the merchant's order_id is 404 naming the id to use",
		Compatible: "the order is found by its order_id; warning"},
	{ID: ruleOrderDeleteShipments, Source: "assumed", status: http.StatusConflict, Compatible: sameAsStrict,
		Strict: "DELETE of an order that still has shipments is 409"},
	{ID: ruleOrderStateOrder, Source: "002:34", status: http.StatusUnprocessableEntity, Compatible: sameAsStrict,
		Strict: "POST /v2/order_states for an order that does not exist is 422 `/order_id`"},
	{ID: ruleOrderStateTransition, Source: "003:7", status: http.StatusConflict, Compatible: sameAsStrict,
		Strict: "a move the lifecycle does not allow (back, repeated, out of a final state; see the transition table) is 409"},
	{ID: ruleOrderShipped, Source: "002:45, 003:216", Compatible: sameAsStrict,
		Strict: "the first shipment moves an order in a pre-shipment state to `shipped`"},
	{ID: ruleOrderCompletion, Source: "002:141, 003:259", Compatible: sameAsStrict,
		Strict: "an order whose shipments are all delivered is `completed` when boarding_complete is true or null (or unset), whatever the number of shipments; false keeps it `shipped`"},
	{ID: ruleOrderDelayedMark, Source: "003:279", Compatible: sameAsStrict,
		Strict: "an order whose promised_delivery_date passes before all its shipments are delivered gets `delayed: true` and an `event: delayed` entry in states_history; its state stays, and it still takes states, shipments and completion"},
	{ID: ruleItemProductExists, Source: "assumed", status: http.StatusUnprocessableEntity, Compatible: sameAsStrict,
		Strict: "an order item whose sku is no product is 422 `/sku`"},
	{ID: ruleItemShipmentOfOrder, Source: "assumed", status: http.StatusUnprocessableEntity, Compatible: sameAsStrict,
		Strict: "an order item's shipment_id must be a shipment of its order (422)"},

	// Shipments.
	{ID: ruleShipmentOrderExists, Source: "002:45", status: http.StatusUnprocessableEntity, lenient: true,
		Strict:     "a shipment for an order_id that does not exist is 422 `/order_id`",
		Compatible: "creates that order (order_date now) with the shipment; warning"},
	{ID: ruleShipmentOrderOpen, Source: "assumed", status: http.StatusConflict, Compatible: sameAsStrict,
		Strict: "a cancelled or refunded order takes no shipment (409)"},
	{ID: ruleShipmentCarrierTable, Source: "002:81", status: http.StatusUnprocessableEntity, Compatible: sameAsStrict,
		Strict: "a carrier and country that are not a pair of 002's table are 422"},
	{ID: ruleShipmentUniqueCodes, Source: "002:51, 004:21", status: http.StatusConflict, Compatible: sameAsStrict,
		Strict: "a tracking_code or reference_number that another shipment has is 409; empty values never count"},
	{ID: ruleShipmentBy7SID, Source: "002:137", status: http.StatusNotFound, lenient: true,
		Strict:     "PUT or DELETE /v2/shipments/{id} with a tracking code or reference number is 404 naming the id to use",
		Compatible: "the shipment is found by it; warning"},
	{ID: ruleShipmentOneOrder, Source: "002:46", status: http.StatusConflict, Compatible: sameAsStrict,
		Strict: "PUT cannot move a shipment to another order (409)"},
	{ID: ruleShipmentDelCustoms, Source: "assumed", status: http.StatusConflict, Compatible: sameAsStrict,
		Strict: "DELETE of a shipment that has a customs shipment is 409"},
	{ID: ruleAddressLineBreaks, Source: "002:59, 002:71", status: http.StatusUnprocessableEntity, lenient: true,
		Strict:     "a line break in recipient_address or warehouse_address is 422",
		Compatible: "stored as sent; warning"},
	{ID: ruleWarehouseDefined, Source: "002:72", status: http.StatusUnprocessableEntity, lenient: true,
		Strict:     "a warehouse that is not one of the account's warehouses, by its exact name, is 422 `/warehouse`",
		Compatible: "stored as sent; warning"},
	{ID: ruleBRTHubScan, Source: "002:79", Compatible: sameAsStrict,
		Strict: "a shipment without a tracking code gets one with its hub_scan event: the event's tracking_code, or `BRT` and the shipment id; it shows in GET, list filters and the tracking history"},

	// Labels.
	{ID: ruleLabelOrder, Source: "000:6", status: http.StatusUnprocessableEntity, Compatible: sameAsStrict,
		Strict: "a label for an order that does not exist, without the order inline, is 422 `/order_id`"},
	{ID: ruleLabelReuse, Source: "assumed", Compatible: sameAsStrict,
		Strict: "the same reference_number within 48 hours returns the same label (200)"},

	// Customs shipments and manifests.
	{ID: ruleCustomsShipment, Source: "004:11", status: http.StatusUnprocessableEntity, Compatible: sameAsStrict,
		Strict: "a customs shipment for a shipment that does not exist is 422 `/shipment_id`"},
	{ID: ruleCustomsOrderMatches, Source: "004:17", status: http.StatusUnprocessableEntity, Compatible: sameAsStrict,
		Strict: "order_id must be the shipment's order (422 `/order_id`)"},
	{ID: ruleCustomsWeights, Source: "004:27", status: http.StatusUnprocessableEntity, Compatible: sameAsStrict,
		Strict: "net_weight and gross_weight are both mandatory (schema); a single `weight` is not one of them"},
	{ID: ruleCustomsConditional, Source: "004:80", status: http.StatusUnprocessableEntity, Compatible: sameAsStrict,
		Strict: "per SKU weight or total_net_weight, net_value or total_net_value, sales_value or sales_value_total; net values for GB, and for CH, DE, FR, BE, LU, NL, PL, PT, ES with DAP; sales values for those with another incoterm (schema)"},
	{ID: ruleCustomsSKUIDs, Source: "004:49", status: http.StatusUnprocessableEntity, Compatible: sameAsStrict,
		Strict: "two SKUs with one id are 422"},
	{ID: ruleCustomsTrackingCode, Source: "004:21", status: http.StatusUnprocessableEntity, lenient: true,
		Strict:     "tracking_code must be the shipment's outbound tracking code; a shipment without one yet (BRT, before its hub scan) takes no customs shipment",
		Compatible: "stored as sent; warning"},
	{ID: ruleCustomsCountry, Source: "004:43", status: http.StatusUnprocessableEntity, lenient: true,
		Strict:     "recipient.country must be the shipment's recipient_country",
		Compatible: "stored as sent; warning"},
	{ID: ruleCustomsOnePerShip, Source: "assumed", status: http.StatusConflict, Compatible: sameAsStrict,
		Strict: "a second customs shipment for one shipment is 409 (update it with PUT)"},
	{ID: ruleCustomsIDFixed, Source: "004:89", status: http.StatusUnprocessableEntity, Compatible: sameAsStrict,
		Strict: "PUT cannot change the shipment_id of a customs shipment (422)"},
	{ID: ruleCustomsLocked, Source: "004:89, 004:91", status: http.StatusConflict, code: codeLocked, Compatible: sameAsStrict,
		Strict: "PUT or DELETE of a customs shipment declared in a manifest is 409 `locked`"},
	{ID: ruleManifestIDUnique, Source: "assumed", status: http.StatusConflict, Compatible: sameAsStrict,
		Strict: "a second manifest with a manifest_id is 409"},
	{ID: ruleManifestShipments, Source: "000:29", status: http.StatusUnprocessableEntity, Compatible: sameAsStrict,
		Strict: "every shipment id of a manifest needs a customs shipment, listed once (422 `/shipment_ids/N`)"},
	{ID: ruleManifestOnce, Source: "assumed", status: http.StatusConflict, Compatible: sameAsStrict,
		Strict: "a shipment declared in another manifest is 409"},
	{ID: ruleManifestLocked, Source: "assumed", status: http.StatusConflict, code: codeLocked, Compatible: sameAsStrict,
		Strict: "PUT or DELETE of a manifest is 409 `locked`"},

	// Products, PUDO and the admin API.
	{ID: ruleProductSKUUnique, Source: "assumed", status: http.StatusConflict, Compatible: sameAsStrict,
		Strict: "a second product with a sku is 409"},
	{ID: ruleProductSKUFixed, Source: "assumed", status: http.StatusUnprocessableEntity, Compatible: sameAsStrict,
		Strict: "PUT cannot change a product's sku (422)"},
	{ID: ruleProductInUse, Source: "assumed", status: http.StatusConflict, Compatible: sameAsStrict,
		Strict: "DELETE of a product that order items use is 409"},
	{ID: rulePudoQuery, Source: "assumed", status: http.StatusBadRequest, Compatible: sameAsStrict,
		Strict: "a PUDO look-up without coordinates or a place, or with a bad number, is 400"},
	{ID: rulePudoPlace, Source: "assumed", status: http.StatusNotFound, Compatible: sameAsStrict,
		Strict: "a PUDO look-up by a zip or city the bundled locations do not know is 404"},
	{ID: ruleClockForward, Source: "assumed", status: http.StatusConflict, Compatible: sameAsStrict,
		Strict: "POST /sim/clock to an earlier time, or a negative advance, is 409: the clock moves forward only"},
}
