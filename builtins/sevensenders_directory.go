package builtins

import "net/http"

// directoryOperations are the look-ups: carriers, warehouses and PUDO
// locations.
func directoryOperations() []operation {
	return []operation{
		{
			name: "list_carriers", method: http.MethodGet, path: "/carriers",
			doc: `list the carriers by country (002 "Additional Operations")`,
		},
		{
			name: "list_warehouses", method: http.MethodGet, path: "/warehouses",
			doc: `list the warehouses of the account (002 "Additional Operations")`,
		},
		{
			name: "pudo_by_coordinates", method: http.MethodGet, path: "/pudo/locations",
			query:    []string{"latitude", "longitude", "max_distance", "limit"},
			required: []string{"latitude", "longitude"},
			doc:      `list PUDO locations around a point, nearest first (001 "7S PUDO Locator")`,
		},
		{
			name: "pudo_by_address", method: http.MethodGet, path: "/pudo/locations",
			query:    []string{"country", "zip", "city", "address", "max_distance", "limit"},
			required: []string{"country"},
			doc:      `list PUDO locations around an address, nearest first (001 "7S PUDO Locator")`,
		},
		{
			name: "pudo_all", method: http.MethodGet, path: "/pudo/locations/all",
			query: []string{"country"},
			doc:   `list every PUDO location in a country (001 "7S PUDO Locator")`,
		},
	}
}
