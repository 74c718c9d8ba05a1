package builtins

import (
	"fmt"

	"github.com/sevenflow/sevenflow/engine"
	"github.com/sevenflow/sevenflow/sevensenders"
)

// Option configures Register.
type Option func(*config)

// config is what the Options of one Register call set.
type config struct {
	client *sevensenders.Client
}

// WithClient makes the sevensenders.* builtins call the API through c,
// unless the run's context holds another (ContextWithClient). Create c
// with sevensenders.WithObserver(RecordExchange) so that its exchanges
// reach the run's trace.
func WithClient(c *sevensenders.Client) Option {
	return func(cfg *config) { cfg.client = c }
}

// Register adds every builtin of this package to r: the pure expression
// helpers (customs, country, weight, money and date functions) and one
// sevensenders.* call builtin per API operation. Without WithClient the
// sevensenders.* builtins are still registered, so that pipelines compile
// and lint, but calling one fails. It returns the first error, wrapped; r
// may then hold some of the builtins and should be discarded.
func Register(r *engine.Registry, opts ...Option) error {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	if err := registerPure(r); err != nil {
		return fmt.Errorf("register builtins: %w", err)
	}
	if err := registerSevenSenders(r, cfg.client); err != nil {
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
	fs = append(fs, mappingFuncs()...)
	return fs
}
