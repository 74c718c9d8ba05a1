package sim

import (
	"errors"
	"sort"

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

// validate checks obj against the named schema and returns a 422 naming
// every violation, its pointer prefixed by prefix. Unknown fields are
// not violations: the simulator keeps them and returns them.
func validate(schema string, obj Object, prefix string) response {
	violations, err := schemaViolations(schema, obj)
	if err != nil {
		return internalError("schema " + schema + ": " + err.Error())
	}
	var errs []FieldError
	for _, v := range violations {
		errs = append(errs, FieldError{Pointer: prefix + v.Pointer, Message: v.Message})
	}
	if len(errs) == 0 {
		return response{}
	}
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Pointer < errs[j].Pointer })
	msg := "request body breaks schema " + schema + ": " + pointerOrRoot(errs[0].Pointer) + ": " + errs[0].Message
	if len(errs) > 1 {
		msg += " (and more)"
	}
	return invalid(msg, errs...)
}

func pointerOrRoot(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// keywordUnknownField is the schemas keyword of an unknown key, which the
// simulator accepts.
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
