package main

import (
	"fmt"
	"strings"

	"github.com/sevenflow/sevenflow/engine"
)

// limitFlags collects repeated --limit NAME=VALUE flags.
type limitFlags struct {
	set    engine.Limits
	values []string
}

// String returns the flags given so far.
func (l *limitFlags) String() string { return strings.Join(l.values, ",") }

// Set reads one NAME=VALUE.
func (l *limitFlags) Set(v string) error {
	name, value, ok := strings.Cut(v, "=")
	if !ok {
		return fmt.Errorf("want NAME=VALUE, such as memory_bytes=128MiB, not %q", v)
	}
	if err := l.set.Set(strings.TrimSpace(name), value); err != nil {
		return err
	}
	l.values = append(l.values, v)
	return nil
}

// opt is the load option of the limits given.
func (l *limitFlags) opt() engine.LoadOption { return engine.WithLimits(l.set) }
