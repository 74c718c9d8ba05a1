package schemas_test

import (
	"errors"
	"fmt"

	"github.com/sevenflow/sevenflow/schemas"
)

func ExampleValidateJSON() {
	err := schemas.ValidateJSON("order_state", []byte(`{
		"order_id": "ORD-1",
		"state": "paid",
		"datetime": "2024-01-15T10:30:00Z"
	}`))
	fmt.Println(err)
	// Output: <nil>
}

func ExampleValidateJSON_error() {
	err := schemas.ValidateJSON("shipment_update", []byte(`{"carrier": {"name": "DHL", "country": "DE"}, "weigth": 1.2}`))
	var ve *schemas.ValidationError
	if errors.As(err, &ve) {
		for _, v := range ve.Violations {
			fmt.Printf("%s: %s (%s)\n", v.Pointer, v.Message, v.Keyword)
		}
	}
	// Output:
	// /carrier/name: must be a carrier name from the 7S carrier table, such as dhl, dpd, ups or brt (enum)
	// /weigth: unknown property (additionalProperties)
}

func ExampleProperties() {
	keys, closed, _ := schemas.Properties("token")
	fmt.Println(keys, closed)
	// Output: [access_key] true
}
