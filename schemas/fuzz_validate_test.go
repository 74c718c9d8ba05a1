package schemas_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/schemas"
)

// FuzzValidateJSON validates arbitrary bytes against every schema. It may
// not panic, and each violation names a JSON pointer.
func FuzzValidateJSON(f *testing.F) {
	f.Add([]byte(`{"order_id":"A-1","order_url":"https://shop.example/A-1"}`))
	f.Add([]byte(`[1,2,{"a":null}]`))
	f.Add([]byte(`{"skus":[{"sku":"X","upc_code":"0"}]}`))
	f.Add([]byte(strings.Repeat(`{"a":`, 200)))
	names := schemas.Names()
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range names {
			err := schemas.ValidateJSON(name, data)
			var ve *schemas.ValidationError
			if !errors.As(err, &ve) {
				continue
			}
			for _, v := range ve.Violations {
				if v.Pointer != "" && !strings.HasPrefix(v.Pointer, "/") {
					t.Fatalf("%s: violation pointer %q", name, v.Pointer)
				}
			}
		}
	})
}
