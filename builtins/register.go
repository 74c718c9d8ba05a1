package builtins

import (
	"fmt"

	"github.com/sevenflow/sevenflow/engine"
)

// Register adds every builtin of this package to r: the pure expression
// helpers (customs, country, weight, money and date functions). It returns
// the first error, wrapped; r may then hold some of the functions and should
// be discarded.
func Register(r *engine.Registry) error {
	if err := registerPure(r); err != nil {
		return fmt.Errorf("register builtins: %w", err)
	}
	return nil
}

// registerPure adds the expression functions that need no API.
func registerPure(r *engine.Registry) error {
	for _, f := range pureFuncs() {
		if err := r.AddFunc(f); err != nil {
			return err
		}
	}
	return nil
}

// pureFuncs returns the expression functions that need no API, one group
// per file.
func pureFuncs() []engine.Function {
	var fs []engine.Function
	fs = append(fs, customsFuncs()...)
	fs = append(fs, countryFuncs()...)
	fs = append(fs, weightFuncs()...)
	fs = append(fs, moneyFuncs()...)
	fs = append(fs, dateFuncs()...)
	return fs
}
