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

func ExampleDecodeJSON() {
	data := []byte("{\"order_id\": \"ORD-1\", \"total\": 12.5}\n{\"order_id\": \"ORD-2\",\n \"order_id\": \"ORD-3\"}\n")
	v, end, err := schemas.DecodeJSON(data, schemas.JSONLimits{MaxBytes: 1 << 20, MaxDepth: 64})
	fmt.Println(v, err)
	_, _, err = schemas.DecodeJSON(data[end:], schemas.JSONLimits{})
	fmt.Println(err)
	// Output:
	// map[order_id:ORD-1 total:12.5] <nil>
	// line 3, column 2: duplicate key "order_id" (first at line 2, column 2)
}
