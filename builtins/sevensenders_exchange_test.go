package builtins_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sevenflow/sevenflow/builtins"
	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/sevensenders"
)

// RecordExchange passes each exchange to the run, a try after the first
// as a retry.
func TestRecordExchange(t *testing.T) {
	tests := []struct {
		name      string
		x         sevensenders.Exchange
		wantRetry int
	}{
		{"first try", sevensenders.Exchange{Method: "POST", Path: "/v2/orders", Status: 201, Attempt: 1}, 0},
		{"third try", sevensenders.Exchange{Method: "POST", Path: "/v2/orders", Status: 201, Attempt: 3}, 2},
		{"no attempt", sevensenders.Exchange{Method: "GET", Path: "/v2/orders", Status: 200}, 0},
		{"reset", sevensenders.Exchange{Method: "POST", Path: "/v2/orders", Attempt: 2, Err: errors.New("connection reset by peer")}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []engine.Exchange
			ctx := engine.WithRecorder(context.Background(), func(x engine.Exchange) { got = append(got, x) })
			builtins.RecordExchange(ctx, tc.x)
			if len(got) != 1 || got[0].Retry != tc.wantRetry || got[0].Method != tc.x.Method || got[0].Status != tc.x.Status {
				t.Errorf("recorded %+v, want retry %d", got, tc.wantRetry)
			}
		})
	}
}
