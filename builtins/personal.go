package builtins

import (
	"slices"

	"github.com/sevenflow/sevenflow/engine"
)

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
var recipientFields = []personalField{
	{"first_name", kindName, false},
	{"last_name", kindName, false},
	{"company_name", kindName, false},
	{"email", kindEmail, false},
	{"phone", kindPhone, false},
	{"street", kindAddress, false},
	{"house_no", kindAddress, false},
	{"address", kindAddress, false},
	{"address_details", kindAddress, false},
	{"city", kindAddress, true},
	{"zip_code", kindAddress, true},
	{"zip", kindAddress, true},
}

// personalField is a key of personal data and its kind. A city or a
// postcode is masked where it is the recipient's, and not looked for
// elsewhere: a warehouse's address or a PUDO location's name shares it
// without being about the person (engine.MaskField.PointerOnly).
type personalField struct {
	key, kind   string
	pointerOnly bool
}

// shipmentFields are the flat recipient_* keys of a label or shipment
// (defs.json shipment_props).
var shipmentFields = []personalField{
	{"recipient_first_name", kindName, false},
	{"recipient_last_name", kindName, false},
	{"recipient_company_name", kindName, false},
	{"recipient_email", kindEmail, false},
	{"recipient_phone", kindPhone, false},
	{"recipient_address", kindAddress, false},
	{"recipient_city", kindAddress, true},
	{"recipient_zip", kindAddress, true},
}

// anywhereFields are keys that hold personal data under any parent: a
// person's names, e-mail and phone, as a pipeline may copy them into its
// own values.
var anywhereFields = []personalField{
	{"first_name", kindName, false},
	{"last_name", kindName, false},
	{"email", kindEmail, false},
	{"phone", kindPhone, false},
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
		fs = append(fs, engine.MaskField{Pointer: "/recipient/" + f.key, Kind: f.kind, PointerOnly: f.pointerOnly})
	}
	for _, f := range slices.Concat(shipmentFields, anywhereFields) {
		fs = append(fs, engine.MaskField{Pointer: "/" + f.key, Kind: f.kind, PointerOnly: f.pointerOnly})
	}
	return fs
}
