package sim

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"gopkg.in/yaml.v3"
)

// maxFaultsFile bounds the size of a faults file.
const maxFaultsFile = 1 << 20

// Faults is a set of faults to inject, as a faults file holds it (see
// docs/simulator.md): a seed for the draws of faults with a rate, and
// the faults, in order. ReadFaults reads one; WithFaults injects it.
type Faults struct {
	seed    int64
	hasSeed bool
	list    []*fault
}

// Len returns how many faults f holds.
func (f *Faults) Len() int { return len(f.list) }

// ReadFaults reads a faults file, YAML or JSON, of the form
// {seed: N, faults: [{method, path, kind, ...}, ...]}. name is the
// file's name, for errors, which name the field by JSON pointer.
func ReadFaults(name string, data []byte) (*Faults, error) {
	if len(data) > maxFaultsFile {
		return nil, fmt.Errorf("faults file %s: larger than %d bytes", name, maxFaultsFile)
	}
	var raw any
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("faults file %s: %w", name, err)
	}
	// Through JSON, so that every number is a float64 as in a request.
	b, err := json.Marshal(raw)
	if err != nil {
		return nil, fmt.Errorf("faults file %s: %w", name, err)
	}
	var obj Object
	if err := json.Unmarshal(b, &obj); err != nil || obj == nil {
		return nil, fmt.Errorf("faults file %s: want a mapping {seed, faults}", name)
	}
	set, res := readFaultSet(obj, "--faults "+name)
	if res.isErr() {
		return nil, fmt.Errorf("faults file %s: %s", name, res.body.(ErrorBody).Message)
	}
	return set, nil
}

// WithFaults injects the faults of f from the start, and again after
// POST /sim/reset. Without a seed in f, the draws use the simulator's
// seed (WithSeed).
func WithFaults(f *Faults) Option {
	return func(s *Server) { s.faultSet = f }
}

// readFaultSet reads {seed, faults}.
func readFaultSet(obj Object, origin string) (*Faults, response) {
	set := &Faults{}
	for k, v := range obj {
		switch k {
		case "seed":
			n, isNum := v.(float64)
			if !isNum || n != math.Trunc(n) || math.Abs(n) > 1<<53 {
				return nil, invalidField("/seed", "must be a whole number")
			}
			set.seed, set.hasSeed = int64(n), true
		case "faults":
			list, isList := v.([]any)
			if !isList {
				return nil, invalidField("/faults", "must be a list of faults")
			}
			for i, e := range list {
				prefix := "/faults/" + strconv.Itoa(i)
				fo, isObj := e.(Object)
				if !isObj {
					return nil, invalidField(prefix, "must be a fault {method, path, kind, ...}")
				}
				f, res := readFault(fo, prefix, origin)
				if res.isErr() {
					return nil, res
				}
				set.list = append(set.list, f)
			}
		default:
			return nil, invalidField("/"+k, "unknown field; a faults file has seed and faults")
		}
	}
	return set, response{}
}

// injector returns a fresh injector of the faults of set.
func (set *Faults) injector() injector {
	in := injector{seed: set.seed}
	for _, f := range set.list {
		c := *f
		in.faults = append(in.faults, &c)
	}
	return in
}

// configuredFaults is the injector a new or reset simulator starts with:
// the faults of WithFaults, drawn with their seed or the simulator's.
func (s *Server) configuredFaults() injector {
	if s.faultSet == nil {
		return injector{seed: s.seed}
	}
	set := *s.faultSet
	if !set.hasSeed {
		set.seed = s.seed
	}
	return set.injector()
}
