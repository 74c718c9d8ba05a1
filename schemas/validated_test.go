package schemas

import (
	"context"
	"testing"
)

func TestValidated(t *testing.T) {
	ctx := context.Background()
	if Validated(ctx, "order") {
		t.Error("a bare context notes a schema")
	}
	ctx = WithValidated(WithValidated(ctx, "label"), "order_update")
	for name, want := range map[string]bool{"label": true, "order_update": true, "order": false} {
		if got := Validated(ctx, name); got != want {
			t.Errorf("Validated(%q) = %v, want %v", name, got, want)
		}
	}
}
