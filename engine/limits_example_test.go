package engine_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/sevenflow/sevenflow/engine"
)

// A pipeline sets its limits under `limits:`; WithLimits sets them over
// the pipeline's. A limit that stops a run is a *LimitError inside the
// run's *Error.
func ExampleLimits() {
	src := `pipeline: loops
limits: { iterations: 100 }
steps:
  - foreach: 1..10
    as: i
    steps:
      - foreach: 1..20
        as: j
        steps: [{ set: { x: 1 } }]
`
	p, err := engine.Load("loops.yaml", []byte(src), engine.WithLimits(engine.Limits{Steps: 5000}))
	if err != nil {
		fmt.Println(err)
		return
	}
	prog, err := engine.Compile(p, engine.NewRegistry())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(prog.Limits().Iterations, prog.Limits().Steps, prog.Limits().StringBytes)
	_, err = prog.Run(context.Background(), nil)
	fmt.Println(err)
	var le *engine.LimitError
	if errors.As(err, &le) {
		fmt.Println(le.Name, le.Limit)
	}
	// Output:
	// 100 5000 1048576
	// loops.yaml:7:18: step "foreach_2": foreach over 20 items after 90 iterations: over the limit iterations = 100 (raise it under `limits:` in the pipeline)
	// iterations 100
}
