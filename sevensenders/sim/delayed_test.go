package sim

import "testing"

// TestDelayedWatchedAgain: an order gets the delayed mark as soon as its
// promised_delivery_date has passed and nothing keeps it from the mark,
// as it would if every order were checked on every request: also when
// what kept it from the mark changes after the date.
func TestDelayedWatchedAgain(t *testing.T) {
	moveDate := func(c *client, _ string) {
		c.must(200, "PUT", "/v2/orders/1000001", Object{"promised_delivery_date": "2024-02-20T00:00:00Z"})
	}
	tests := []struct {
		name    string
		deliver bool   // the shipment is delivered (boarding_complete false keeps the order shipped)
		before  string // how far the clock moves before change
		change  func(c *client, sid string)
		after   string // how far the clock moves after change
		want    bool
	}{
		{"delivered, nothing changes", true, "200h", func(*client, string) {}, "1h", false},
		{"delivered, then a new shipment", true, "200h", func(c *client, _ string) { c.shipment("ORD-1", "TC-NEW") }, "0s", true},
		{"delivered, then an event takes it back", true, "200h", func(c *client, sid string) {
			c.admin("/sim/shipments/"+sid+"/events", Object{"status": "out_for_delivery"})
		}, "0s", true},
		{"the date moved later, the old one passed", false, "1h", moveDate, "200h", false},
		{"the date moved later, the new one passed", false, "1h", moveDate, "900h", true},
		{"not delivered, the date passed", false, "1h", func(*client, string) {}, "200h", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := setup(t)
			body := orderBody("ORD-1")
			body["promised_delivery_date"] = "2024-01-20T00:00:00Z"
			body["boarding_complete"] = false
			c.must(201, "POST", "/v2/orders", body)
			sid := c.shipment("ORD-1", "TC-1")
			if tc.deliver {
				c.deliver(sid)
			}
			c.advance(tc.before)
			if o := c.must(200, "GET", "/v2/orders/1000001", nil).(Object); o["delayed"] != nil || field(o, "state") != stateShipped {
				t.Fatalf("before the change: %v", o)
			}
			tc.change(c, sid)
			c.advance(tc.after)
			if o := c.must(200, "GET", "/v2/orders/1000001", nil).(Object); (o["delayed"] == true) != tc.want {
				t.Fatalf("delayed %v, want %v", o["delayed"], tc.want)
			}
		})
	}
}
