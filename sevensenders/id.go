package sevensenders

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// ID is an identifier the API assigns (order, shipment, label, item,
// image). The API writes some as numbers and some as strings; ID accepts
// both and is always sent as a string.
type ID string

// UnmarshalJSON accepts a JSON string, a number or null.
func (id *ID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*id = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*id = ID(s)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("id: want a string or a number, got %s", b)
		}
		*id = ID(n)
	}
	return nil
}

// String returns the ID as it is.
func (id ID) String() string { return string(id) }

// jsonBytes encodes v, naming it in the error.
func jsonBytes(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode %T: %w", v, err)
	}
	return b, nil
}

var _ json.Unmarshaler = (*ID)(nil)
