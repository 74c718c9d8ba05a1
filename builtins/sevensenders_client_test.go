package builtins

import (
	"context"
	"strings"
	"testing"

	"github.com/sevenflow/sevenflow/engine"
)

// TestContextWithClient runs one registry's builtins against a second
// target through the run's context, as a preflight on a simulator and then
// the real API do with one compiled program; without one in the context,
// the client given to Register is used.
func TestContextWithClient(t *testing.T) {
	a := setupAPI(t)
	other, otherSrv := newSimClient(t)
	ctx := ContextWithClient(context.Background(), other)
	st := runStep(t, ctx, a.reg, "sevensenders.create_order", orderArgs("ORD-1"))
	if st.err != nil || st.status != engine.StatusOK {
		t.Fatalf("status %s, err %v", st.status, st.err)
	}
	if got := a.received(); len(got) != 0 {
		t.Errorf("the Register target received %v", got)
	}
	var got []string
	for _, r := range otherSrv.Received() {
		got = append(got, r.Method+" "+withQuery(r))
	}
	if want := "POST /v2/token, GET /v2/orders?order_id=ORD-1, POST /v2/orders"; strings.Join(got, ", ") != want {
		t.Errorf("the context's target received %v, want %s", got, want)
	}
	// The same order on the Register target is new there.
	st = runStep(t, ContextWithClient(context.Background(), nil), a.reg, "sevensenders.create_order", orderArgs("ORD-1"))
	if st.err != nil || st.status != engine.StatusOK || len(a.received()) != 3 {
		t.Fatalf("status %s, err %v, received %v", st.status, st.err, a.received())
	}
}
