package main

import (
	"fmt"

	"github.com/sevenflow/sevenflow/builtins"
	"github.com/sevenflow/sevenflow/engine"
)

// tracePIIUsage is the help of --trace-pii.
const tracePIIUsage = "show recipients' names, e-mail, phone and address in traces, output and the debugger, for local debugging; by default each is masked as ‹kind:hash›"

// personalMask returns the mask of the personal data in orders and 7S
// payloads (builtins.PersonalData), or nil with --trace-pii: what run,
// test and debug report is masked unless the user asks to see it.
func personalMask(tracePII bool) (*engine.Mask, error) {
	if tracePII {
		return nil, nil
	}
	m, err := engine.NewMask(builtins.PersonalData()...)
	if err != nil {
		return nil, fmt.Errorf("mask of personal data: %w", err)
	}
	return m, nil
}
