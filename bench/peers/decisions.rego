# The decisions of the standard workflow (pipelines/standard.yaml) for one
# order and one shop: the same table as decisions.yaml, in Rego. Input:
# {"order": the order, "shop": the index of its shop in data.shops, the
# shops' settings}. Query:
# data.sevenflow.standard.decision.
package sevenflow.standard

import rego.v1

order := input.order

settings := data.shops[input.shop]

to := upper(order.recipient.country)

from := upper(settings.warehouse.country)

parcels := object.get(order, "parcels", [{}])

# customs_destination of package builtins, for the countries the orders
# go to: the EU's members are one customs territory, Liechtenstein is in
# the Swiss one, and every other country is its own.
eu := {
	"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
	"IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
}

shares := {"LI": "CH", "IM": "GB", "MC": "EU"}

zone(c) := "EU" if eu[c]

zone(c) := shares[c] if not eu[c]

zone(c) := c if {
	not eu[c]
	not shares[c]
}

customs if zone(from) != zone(to)

pre_state if order.order_state in {"new", "paid", "in_production", "warehouse_handover", "in_preparation"}

post_state if order.order_state in {"returned", "returned_to_warehouse", "refunded"}

cancelled if order.order_state == "cancelled"

own if settings.label == "own"

order_first if settings.order_creation == "async"

order_first if settings.label != "sevensenders"

order_first if pre_state

carriers := object.get(settings, "carriers", {})

carrier := {"name": object.get(carriers, "first_mile", null), "country": from} if settings.carrier_scenario == "own_contract"

carrier := {"name": object.get(object.get(carriers, "last_mile", {}), to, null), "country": to} if settings.carrier_scenario != "own_contract"

parcel_carrier(p) := object.get(p, "carrier", carrier)

brt if every p in parcels {
	parcel_carrier(p).name == "brt"
}

incoterm := object.get(order, "incoterm", object.get(settings.customs, "incoterm", null))

rules := settings.customs.value_rules

value_rule := "" if not customs

else := "net" if to in rules.net_always

else := "net" if {
	to in rules.by_incoterm
	incoterm == rules.net_incoterm
}

else := "sales" if to in rules.by_incoterm

else := "net"

failed := "not_cancelled" if cancelled

else := "brt_reference" if {
	own
	brt
	some p in parcels
	not p.reference_number
}

else := "own_tracking_code" if {
	own
	not brt
	some p in parcels
	not p.tracking_code
}

else := "assigned" if {
	customs
	count(parcels) > 1
	some p in parcels
	not p.items
}

else := ""

multi if count(parcels) > 1

deferred if {
	own
	brt
}

# the calls, section by section
before := array.concat(
	array.concat(
		["create_order" | order_first],
		["create_order_state" | pre_state],
	),
	["pudo_all" | order.pudo_location_id],
)

dispatch := [c |
	some _ in parcels
	some c in dispatch_calls
]

dispatch_calls := ["create_label", "download_label"] if settings.label == "sevensenders"

else := ["create_shipment"]

portal := [c |
	settings.return_portal == "pro"
	some line in order.order_items
	some c in item_calls(line)
]

item_calls(line) := ["create_product", "create_product_image", "create_order_item"] if has_image(line)

else := ["create_product", "create_order_item"]

has_image(line) if line.image_url

has_image(line) if settings.catalog[line.sku].image_url

boarding := ["list_orders", "list_shipments", "update_order"] if multi

else := []

declared := [c |
	customs
	some _ in parcels
	c := declare_call
]

declare_call := "get_shipment" if deferred

else := "create_customs_shipment"

manifest := ["create_customs_manifest"] if {
	customs
	not settings.flex
	not deferred
}

else := []

after := ["create_order_state" | post_state]

up_to_customs := array.concat(array.concat(array.concat(before, dispatch), portal), boarding)

calls := [] if failed == "not_cancelled"

else := before if failed in {"brt_reference", "own_tracking_code"}

else := up_to_customs if failed == "assigned"

else := array.concat(array.concat(array.concat(up_to_customs, declared), manifest), after)

first_carrier := parcel_carrier(parcels[0])

decision := {"failed": failed, "calls": calls, "value_rule": value_rule, "carrier": first_carrier} if not cancelled

else := {"failed": failed, "calls": calls, "value_rule": "", "carrier": null}
