// Package builtins holds the functions a sevenflow pipeline can use: the
// expression helpers below and the sevensenders.* call builtins. Register(r)
// fills an engine.Registry with all of them; the package keeps no mutable
// state and has no init side effects.
//
// # Expression helpers
//
// Each helper is an engine.Function with a one-line Doc and expr signatures
// (Types), so that expr checks argument counts and types when a pipeline is
// compiled. Numbers may be ints or floats. Errors start with the function's
// name. None of them reads the clock: a pipeline passes the date-time it
// starts from (an input field, say), so runs are reproducible.
//
//	customs_destination(from, to) bool       customs.go
//	customs_territory(country) string        customs.go
//	eu_member(country) bool                  customs.go
//	normalize_country(country) string        country.go
//	language_of(country) string              country.go
//	convert_weight(value, from, to) float    weight.go
//	round_money(value[, decimals]) float     money.go
//	format_money(value[, decimals]) string   money.go
//	net_from_gross(gross, vat_percent) float money.go
//	gross_from_net(net, vat_percent) float   money.go
//	parse_date(value) string                 dates.go
//	format_date(value, layout[, tz]) string  dates.go
//	add_days(value, days) string             dates.go
//	add_business_days(value, days) string    dates.go
//	next_pickup(value, cutoff[, tz]) string  dates.go
//	omit(mapping, key...) mapping            mapping.go
//
// Country arguments are ISO 3166-1 alpha-2 codes in any case, with
// surrounding spaces ignored; UK means GB, EL means GR and GB-NIR means XI.
// A code must be two letters, but an unassigned one is not rejected: it is
// simply a country outside the EU.
//
// # Customs territories
//
// customs_destination(from, to) answers the pipeline's "customs
// destination?" question: does a parcel from the warehouse country to the
// recipient country need a customs declaration (POST Customs Shipment)?
// Every code belongs to one zone, and the answer is true when the two zones
// differ. The zone EU holds the 27 member states' main territories, where
// goods move under one customs code and one VAT area. A part of a member
// state that is inside the customs union but outside the EU VAT area is its
// own zone, because goods entering it are declared for import VAT (IGIC in
// the Canary Islands, octroi de mer in the French outermost regions). Every
// other country is its own zone, so CH to NO is true and GB to GB is false
// (no border is crossed).
//
//	code      zone  why
//	27 EU     EU    member states: AT BE BG CY CZ DE DK EE ES FI FR GR HR HU
//	                IE IT LT LU LV MT NL PL PT RO SE SI SK
//	MC        EU    Monaco: in the EU customs territory and VAT area via France
//	XI        EU    Northern Ireland: EU customs rules for goods (Windsor
//	                Framework); XI to GB (and IM) is false, unfettered access
//	IC        IC    Canary Islands (ES): customs union, outside the VAT area
//	AX        AX    Åland (FI): customs union, outside the VAT area
//	GF GP MQ  own   French outermost regions (Guiana, Guadeloupe, Martinique,
//	RE YT MF        Réunion, Mayotte, Saint-Martin): customs union, outside the
//	                VAT area; each is its own zone
//	EA        EA    Ceuta and Melilla (ES): outside the customs territory
//	BL PM NC  own   French overseas countries and territories: outside
//	PF WF TF
//	FO GL     own   Faroe Islands, Greenland (DK): outside
//	AD TR     own   customs union with the EU for industrial goods only:
//	                declarations are still needed, so outside
//	SM        SM    San Marino: customs union, outside the VAT area: outside
//	VA        VA    Vatican City: outside
//	LI        CH    Liechtenstein: in the Swiss customs territory, so CH to LI
//	                is false
//	IM        GB    Isle of Man: in the UK customs and VAT territory
//	JE GG     own   Jersey, Guernsey: outside the UK VAT area, declared
//	GI        GI    Gibraltar: outside the EU and UK customs territories
//
// Territories without a code of their own are not covered, since a
// pipeline only sees the country code: Heligoland (DE, zip 27498) and
// Büsingen (DE, zip 78266) are outside the EU customs territory; Livigno and
// Campione d'Italia (IT) are outside it too; Mount Athos (GR) is inside the
// customs territory but outside the VAT area. A pipeline that ships there
// can test the recipient's zip next to customs_destination. Public
// holidays are not known to the date helpers either.
//
// eu_member(country) is true for the 27 member states only: MC, XI and the
// special territories answer false even where they are inside the EU zone.
//
// # Countries, weights, money and dates
//
// language_of gives the ISO 639-1 language for the customs descriptions'
// language_* fields. Where a country has several official languages it
// picks the one most people or the customs administration use: CH de,
// BE nl, LU fr, FI fi, IE en, MT en, CY el, CA en; NO is "no" (covering
// Bokmål and Nynorsk). Unknown countries are an error, not a guess.
//
// convert_weight knows the units of the customs document's weight_um and
// weight_u: K (kilogram), G (gram), L (pound, 0.45359237 kg) and O (ounce,
// 28.349523125 g), in either case. Results are rounded to 3 decimals, the
// accuracy the document asks for; negative weights are an error.
//
// Money is rounded half away from zero on the decimal that prints as the
// value, so 1.005 rounds to 1.01 (math.Round(1.005*100) gives 1.00).
// format_money prints the strings the customs document sends ("39.95").
// net_from_gross and gross_from_net round to 2 places.
//
// Date-times are strings in RFC 3339 ("2022-08-01T10:10:10.933Z"), in the
// "2017-08-19T15:47:00+0000" form of the 7S examples, or plain dates
// ("2022-08-01", midnight UTC); a time.Time from expr's date() works too.
// Results are RFC 3339 strings in the input's offset (or the given IANA time
// zone, such as "Europe/Berlin"). add_business_days and next_pickup skip
// Saturdays and Sundays; next_pickup gives today's cut-off when the
// date-time is a weekday at or before it, else the next weekday's.
//
// # Seven Senders calls
//
// One call builtin per operation of the 7S API, named sevensenders.NAME
// below, with the method and path (below the base URL, /v2) it sends and
// the keys its `with` takes. ...schema means the top-level properties of
// that request schema (package schemas); the other keys are path keys (in
// braces in the path: a non-empty string or a number) or query keys (? for
// optional). A step's `with` is the request body as it is, except that a
// path key the schema does not know is taken out of it. The operations are
// sevensenders.Operations, the one table from which the builtins, the
// client's look-ups and these tables are derived (TestDocTables keeps them
// in step).
//
//	name                    method and path                         with
//	create_order            POST /orders                            {...order}
//	get_order               GET /orders/{id}                        {id}
//	list_orders             GET /orders                             {order_id?, state?, limit?, offset?}
//	update_order            PUT /orders/{id}                        {id, ...order_update}
//	delete_order            DELETE /orders/{id}                     {id}
//	create_order_state      POST /order_states                      {...order_state}
//	create_order_item       POST /orders/{order_id}/items           {order_id, ...order_item}
//	create_shipment         POST /shipments                         {...shipment}
//	get_shipment            GET /shipments/{id}                     {id}
//	list_shipments          GET /shipments                          {order_id?, tracking_code?, reference_number?, limit?, offset?}
//	update_shipment         PUT /shipments/{id}                     {id, ...shipment_update}
//	delete_shipment         DELETE /shipments/{id}                  {id}
//	tracking_history        GET /shipments/{id}/tracking_history    {id}
//	create_label            POST /labels                            {...label}
//	download_label          GET /label-download/{id}                {id}
//	create_customs_shipment POST /customs/shipments                 {...customs_shipment}
//	get_customs_shipment    GET /customs/shipments/{shipment_id}    {shipment_id}
//	list_customs_shipments  GET /customs/shipments                  {shipment_id?, tracking_code?}
//	update_customs_shipment PUT /customs/shipments/{shipment_id}    {shipment_id, ...customs_shipment_update}
//	delete_customs_shipment DELETE /customs/shipments/{shipment_id} {shipment_id}
//	create_customs_manifest POST /customs/manifests                 {...customs_manifest}
//	get_customs_manifest    GET /customs/manifests/{manifest_id}    {manifest_id}
//	create_product          POST /products                          {...product}
//	get_product             GET /products/{sku}                     {sku}
//	update_product          PUT /products/{sku}                     {sku, ...product}
//	delete_product          DELETE /products/{sku}                  {sku}
//	create_product_image    POST /products/{sku}/images             {sku, ...product_image}
//	delete_product_image    DELETE /products/{sku}/images/{id}      {sku, id}
//	list_carriers           GET /carriers                           {}
//	list_warehouses         GET /warehouses                         {}
//	pudo_by_coordinates     GET /pudo/locations                     {latitude, longitude, max_distance?, limit?}
//	pudo_by_address         GET /pudo/locations                     {country, zip?, city?, address?, max_distance?, limit?}
//	pudo_all                GET /pudo/locations/all                 {country?}
//
//	create                  found by                                          when it differs
//	create_order            order_id                                          PUT /orders/{id}
//	create_order_state      order_id and state, in states_history             fails
//	create_order_item       order_id and sku                                  fails
//	create_shipment         reference_number or tracking_code                 PUT /shipments/{id} (not order_id)
//	create_label            its shipment's reference_number or tracking_code  PUT /orders/{id} (order only)
//	create_customs_shipment shipment_id                                       PUT /customs/shipments/{shipment_id}
//	create_customs_manifest shipment_ids, via their manifest_id               fails
//	create_product          sku                                               PUT /products/{sku}
//	create_product_image    sku and url, in the product's images              fails
//
// # Creates converge
//
// Running the same order again, after a failure halfway or after success,
// creates nothing twice. Each create in the second table first looks its
// resource up by the merchant's key (sevensenders.Client.Lookup: a GET in
// the trace), then:
//
//   - not there: POSTs the body; the step is ok.
//   - there, and every field the body sends matches: sends nothing more and
//     returns the resource as found; the step is exists.
//   - there with other values, and the API can change them: PUTs the body
//     to the path in the table, with the 7S id of the resource found (002:
//     "the given ID within the response when creating an order is needed to
//     update"); the step is updated, and the trace logs each field.
//   - there with other values the API cannot change (no update, a field
//     the update does not take, or a customs shipment declared in a
//     manifest, 004 "PUT Customs Shipment"): the step fails with a
//     *sevensenders.ChangeError that names each field and both values.
//
// For example, a customs shipment that changed after its manifest:
//
//	sevensenders.create_customs_shipment: customs shipment of shipment 1000003 is declared in manifest "M-ORD-1" and cannot change: /skus/0/net_value is "25.20" there, "26.00" in this run
//
// Only the fields the body sends are compared, at any depth, so the
// fields the API owns (id, state, created_at, ...), which no request
// schema takes, never differ; date-times compare as instants, numbers by
// value, country codes in either case, and an empty string sent matches a
// field the API did not keep. A label is compared with the shipment it
// made, which cannot change, and its inline order with the order, which is
// PUT like any order; not in its format, which only the label knows (the
// label found has no format). An order state counts as there when the
// order's states_history has it, or when the order is already past it in
// the 003 lifecycle (shipped when the run posts in_preparation); then the
// result is the order's latest states_history entry. An order item is
// found by its sku, so an order lists each sku once. create_product is
// 001's "synchronization of the product catalog": it adds a product or
// brings it up to date. A label
// request with neither reference_number nor tracking_code has no key: it
// is sent as it is, and the trace says that running it again makes
// another label; under ContextResuming (a call that a stopped run may
// have sent, see package journal) it fails instead.
//
// Runs in parallel (a batch) share the client and the builtins: identical
// creates of one process (the same path and body, such as the product of
// a SKU two orders hold) wait for each other, and a POST refused with 409
// because the resource appeared after the look-up looks it up again and
// converges, so a shared resource is made once.
//
// Compile (and so `sevenflow lint`) asks each builtin about its `with`
// keys (engine.ArgsChecker): a key that is none of the above is an error
// that suggests the nearest one,
//
//	unknown key "tracking_cod" for sevensenders.create_shipment, did you mean "tracking_code"?
//
// and so is a missing path key or required query key. When the call runs,
// the body is validated against its schema before anything is sent; a
// failure is a *SchemaError, whose Details are every violation's JSON
// pointer and message, and the API receives nothing:
//
//	sevensenders.create_customs_shipment: payload fails schema customs_shipment: 2 violations
//	  /invoice_id: required
//	  /skus/0/net_value: required when recipient country is GB (or give total_net_value)
//
// A non-2xx answer is an *APIError, whose Details are the API's field
// errors. Other client errors (transport, ErrNotRetried) are wrapped with
// the builtin's name.
//
// A call's result, stored under steps.<id>, is the decoded JSON answer
// (objects as map[string]any, lists as []any, numbers as float64); a
// delete gives {deleted: true, id: the last path key, and each path key by
// name}; download_label gives {id, format (pdf or zpl), content_type,
// size, sha256} and never the file itself.
//
// The builtins call the *sevensenders.Client of the run's context
// (ContextWithClient), or else the one given to Register with WithClient,
// so one compiled program can run against a preflight simulator and then
// the real API. The client holds the access key and fetches tokens, so a
// pipeline never sees either. Without a client the builtins are registered
// all the same (compile and lint need them), and calling one fails with
// "sevensenders.create_order: no Seven Senders target configured". Create
// the client with sevensenders.WithObserver(RecordExchange): every HTTP
// exchange, the POST /token (redacted) and retries included, then reaches
// the trace of the run whose step made it, through the ctx of Call.
//
// # Personal data
//
// PersonalData lists where an order and the Seven Senders payloads hold a
// recipient's names, e-mail, phone and address, as engine.MaskField
// patterns: engine.WithMask(mask) of engine.NewMask(PersonalData()...)
// keeps them out of what a run reports.
package builtins
