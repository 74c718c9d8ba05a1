package journal

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sevenflow/sevenflow/engine"
)

// maskedPipeline creates something named after the order's customer and,
// when the order says so, has it refused with the name in the error.
const maskedPipeline = `pipeline: p
steps:
  - id: make
    call: test.create
    with: { name: input.name }
  - id: refuse
    when: input.fail
    call: test.reject
    with: { name: input.name }
`

// A journal WithMask records no personal data: not in a result, a call's
// error or an order's error. A rerun does not hand the masked result on
// as the step's: it makes the call again under the resume context, and
// the step gets the API's answer.
func TestMask(t *testing.T) {
	api := &fakeAPI{}
	reg := api.registry(t)
	if err := reg.AddCall("test.reject", engine.BuiltinFunc(func(ctx context.Context, args map[string]any) (any, error) {
		api.record(ctx, "test.reject")
		return nil, fmt.Errorf("%v is not a customer", args["name"])
	})); err != nil {
		t.Fatal(err)
	}
	p, err := engine.Load("p.yaml", []byte(maskedPipeline))
	if err != nil {
		t.Fatal(err)
	}
	prog, err := engine.Compile(p, reg)
	if err != nil {
		t.Fatal(err)
	}
	mask, err := engine.NewMask(engine.MaskField{Pointer: "/name", Kind: "name"})
	if err != nil {
		t.Fatal(err)
	}
	tick := time.Date(2024, 1, 15, 12, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	j, err := Open(filepath.Join(t.TempDir(), "journal.db"), WithMask(mask),
		WithResume(func(ctx context.Context) context.Context { return context.WithValue(ctx, resumedKey{}, true) }),
		WithClock(func() time.Time { mu.Lock(); defer mu.Unlock(); tick = tick.Add(time.Second); return tick }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = j.Close() })

	runOrder(t, j, prog, map[string]any{"name": "Anna Muster", "fail": true})
	api.took()
	tr := runOrder(t, j, prog, map[string]any{"name": "Anna Muster"})
	if got, want := api.took(), []string{"test.create (resumed)"}; !slices.Equal(got, want) {
		t.Errorf("calls of the rerun %v, want %v", got, want)
	}
	if got := fmt.Sprint(tr.Steps["make"]); got != "map[id:3 name:Anna Muster]" {
		t.Errorf("steps.make = %s, want the API's answer", got)
	}

	ctx := context.Background()
	runs, err := j.Runs(ctx)
	if err != nil || len(runs) != 2 {
		t.Fatalf("runs %v, %v", runs, err)
	}
	var recorded []string
	for _, r := range runs {
		orders, err := j.Orders(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range orders {
			recorded = append(recorded, "order "+o.Status+" "+o.Error)
			calls, err := j.Calls(ctx, r.ID, "p", o.OrderID)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range calls {
				recorded = append(recorded, c.Path+" "+c.Status+" "+c.Result+" "+c.Error)
			}
		}
	}
	want := []string{
		`order failed p.yaml:6:5: step "refuse": ‹name:7752da› is not a customer`,
		`make ok {"id":1,"name":"‹name:7752da›"} `,
		`refuse failed  ‹name:7752da› is not a customer`,
		`order ok `,
		`make ok {"id":3,"name":"‹name:7752da›"} `,
	}
	if !slices.Equal(recorded, want) {
		t.Errorf("the journal holds\n%s\nwant\n%s", strings.Join(recorded, "\n"), strings.Join(want, "\n"))
	}
}
