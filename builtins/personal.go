package builtins

import "github.com/sevenflow/sevenflow/engine"

// Kinds of personal data, as a masked value names them: ‹name:3fa2c1›.
const (
	kindName    = "name"
	kindEmail   = "email"
	kindPhone   = "phone"
	kindAddress = "address"
)

// recipientFields are the keys of a recipient object: the order input's
// (schemas/input/order.json, docs/input.md), the inline recipient of POST
// Orders (defs.json recipient) and the customs shipment's (defs.json
// customs_recipient_props). The country is not among them: it names no
// one, and the decisions of a run turn on it.
var recipientFields = []struct{ key, kind string }{
	{"first_name", kindName},
	{"last_name", kindName},
	{"company_name", kindName},
	{"email", kindEmail},
	{"phone", kindPhone},
	{"street", kindAddress},
	{"house_no", kindAddress},
	{"address", kindAddress},
	{"address_details", kindAddress},
	{"city", kindAddress},
	{"zip_code", kindAddress},
	{"zip", kindAddress},
}

// shipmentFields are the flat recipient_* keys of a label or shipment
// (defs.json shipment_props).
var shipmentFields = []struct{ key, kind string }{
	{"recipient_first_name", kindName},
	{"recipient_last_name", kindName},
	{"recipient_company_name", kindName},
	{"recipient_email", kindEmail},
	{"recipient_phone", kindPhone},
	{"recipient_address", kindAddress},
	{"recipient_city", kindAddress},
	{"recipient_zip", kindAddress},
}

// anywhereFields are keys that hold personal data under any parent: a
// person's names, e-mail and phone, as a pipeline may copy them into its
// own values.
var anywhereFields = []struct{ key, kind string }{
	{"first_name", kindName},
	{"last_name", kindName},
	{"email", kindEmail},
	{"phone", kindPhone},
}

// PersonalData returns the fields of personal data in an order and in
// the Seven Senders payloads and answers: a recipient's names, e-mail,
// phone and address (street, house number, details, city, postcode),
// wherever a payload carries them. engine.NewMask(PersonalData()...)
// masks them in what a run reports. The addresses of warehouses and PUDO
// locations are a business's, not a person's, and are not among them.
func PersonalData() []engine.MaskField {
	var fs []engine.MaskField
	for _, f := range recipientFields {
		fs = append(fs, engine.MaskField{Pointer: "/recipient/" + f.key, Kind: f.kind})
	}
	for _, f := range shipmentFields {
		fs = append(fs, engine.MaskField{Pointer: "/" + f.key, Kind: f.kind})
	}
	for _, f := range anywhereFields {
		fs = append(fs, engine.MaskField{Pointer: "/" + f.key, Kind: f.kind})
	}
	return fs
}
