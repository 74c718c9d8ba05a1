package sevensenders

import "net/http"

// directoryOperations are the look-ups: carriers, warehouses and PUDO
// locations.
func directoryOperations() []Operation {
	return []Operation{
		{
			Name: "list_carriers", Method: http.MethodGet, Path: "/carriers",
			Doc: `list the carriers by country (002 "Additional Operations")`,
		},
		{
			Name: "list_warehouses", Method: http.MethodGet, Path: "/warehouses",
			Doc: `list the warehouses of the account (002 "Additional Operations")`,
		},
		{
			Name: "pudo_by_coordinates", Method: http.MethodGet, Path: "/pudo/locations",
			Query:    []string{"latitude", "longitude", "max_distance", "limit"},
			Required: []string{"latitude", "longitude"},
			Doc:      `list PUDO locations around a point, nearest first (001 "7S PUDO Locator")`,
		},
		{
			Name: "pudo_by_address", Method: http.MethodGet, Path: "/pudo/locations",
			Query:    []string{"country", "zip", "city", "address", "max_distance", "limit"},
			Required: []string{"country"},
			Doc:      `list PUDO locations around an address, nearest first (001 "7S PUDO Locator")`,
		},
		{
			Name: "pudo_all", Method: http.MethodGet, Path: "/pudo/locations/all",
			Query: []string{"country"},
			Doc:   `list every PUDO location in a country (001 "7S PUDO Locator")`,
		},
	}
}
