package sim

import (
	"errors"

	"github.com/sevenflow/sevenflow/schemas"
)

// Schema names of the request bodies, as package schemas knows them.
const (
	schemaToken                 = "token"
	schemaOrder                 = "order"
	schemaOrderUpdate           = "order_update"
	schemaOrderState            = "order_state"
	schemaOrderItem             = "order_item"
	schemaShipment              = "shipment"
	schemaShipmentUpdate        = "shipment_update"
	schemaLabel                 = "label"
	schemaCustomsShipment       = "customs_shipment"
	schemaCustomsShipmentUpdate = "customs_shipment_update"
	schemaCustomsManifest       = "customs_manifest"
	schemaProduct               = "product"
	schemaProductImage          = "product_image"
)

// validate checks obj, which the simulator built or already read,
// against the named schema and returns a 422 (rule schema) naming every
// violation, its pointer prefixed by prefix. Request bodies go through
// (*request).conform instead.
func validate(schema string, obj Object, prefix string) response {
	violations, err := schemaViolations(schema, obj)
	if err != nil {
		return internalError("schema " + schema + ": " + err.Error())
	}
	if len(violations) == 0 {
		return response{}
	}
	for i := range violations {
		violations[i].Pointer = prefix + violations[i].Pointer
	}
	return schemaError(schema, violations, nil)
}

func pointerOrRoot(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// keywordUnknownField is the schemas keyword of an unknown key, which the
// simulator accepts (rule unknown-fields).
const keywordUnknownField = "additionalProperties"

// schemaViolations validates obj with package schemas and returns the
// violations that count: every one but an unknown field.
func schemaViolations(schema string, obj Object) ([]schemas.Violation, error) {
	err := schemas.Validate(schema, obj)
	if err == nil {
		return nil, nil
	}
	var verr *schemas.ValidationError
	if !errors.As(err, &verr) {
		return nil, err
	}
	var out []schemas.Violation
	for _, v := range verr.Violations {
		if v.Keyword != keywordUnknownField {
			out = append(out, v)
		}
	}
	return out, nil
}
