package sim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// State is everything the simulator holds. It is what GET /sim/state
// returns and what a state file contains. Collections keep creation
// order.
type State struct {
	// Clock is the manual clock's start (zero for real time); Offset is
	// how far POST /sim/clock has moved it.
	Clock  time.Time     `json:"clock"`
	Offset time.Duration `json:"offset"`
	Seed   int64         `json:"seed"`
	LastID int64         `json:"last_id"`
	// TokenDigests are the SHA-256 digests (hex) of the tokens given,
	// with their expiry: never the tokens themselves.
	TokenDigests map[string]time.Time `json:"token_digests"`
	Orders       []Object             `json:"orders"`
	Items        []Object             `json:"items"`
	Shipments    []Object             `json:"shipments"`
	Labels       []Object             `json:"labels"`
	Customs      []Object             `json:"customs_shipments"`
	Manifests    []Object             `json:"customs_manifests"`
	Products     []Object             `json:"products"`
	// Warehouses are the account's warehouses (002 "warehouse").
	Warehouses []Warehouse `json:"warehouses"`
}

func (s *Server) newState() *State {
	return &State{
		Clock:        s.start,
		Seed:         s.seed,
		TokenDigests: map[string]time.Time{},
		Orders:       []Object{},
		Items:        []Object{},
		Shipments:    []Object{},
		Labels:       []Object{},
		Customs:      []Object{},
		Manifests:    []Object{},
		Products:     []Object{},
		Warehouses:   s.accountWarehouses(),
	}
}

// clone deep-copies st through JSON.
func (st *State) clone() *State {
	b, err := json.Marshal(st)
	if err != nil {
		panic(fmt.Sprintf("sim: marshal state: %v", err))
	}
	var c State
	if err := json.Unmarshal(b, &c); err != nil {
		panic(fmt.Sprintf("sim: unmarshal state: %v", err))
	}
	return &c
}

// nextID returns a new 7S id: seed*1000000 + a counter.
func (s *Server) nextID() string {
	s.st.LastID++
	return strconv.FormatInt(s.st.Seed*1_000_000+s.st.LastID, 10)
}

// load reads the state file; a missing file is an empty state.
func (s *Server) load() error {
	b, err := os.ReadFile(s.stateFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", s.stateFile, err)
	}
	st := s.newState()
	if err := json.Unmarshal(b, st); err != nil {
		return fmt.Errorf("decode %s: %w", s.stateFile, err)
	}
	// A state file written before tokens were kept as digests lists
	// the tokens themselves.
	var legacy struct {
		Tokens map[string]time.Time `json:"tokens"`
	}
	if err := json.Unmarshal(b, &legacy); err != nil {
		return fmt.Errorf("decode %s: %w", s.stateFile, err)
	}
	for token, exp := range legacy.Tokens {
		st.TokenDigests[tokenDigest(token)] = exp
	}
	s.st = st
	return nil
}

// save writes the state file atomically: a temp file, then a rename.
func (s *Server) save() error {
	b, err := json.MarshalIndent(s.st, "", "  ")
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	dir := filepath.Dir(s.stateFile)
	f, err := os.CreateTemp(dir, filepath.Base(s.stateFile)+".*.tmp")
	if err != nil {
		return fmt.Errorf("create temp file: %w", err)
	}
	_, werr := f.Write(append(b, '\n'))
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		_ = os.Remove(f.Name())
		return fmt.Errorf("write %s: %w", f.Name(), err)
	}
	if err := os.Rename(f.Name(), s.stateFile); err != nil {
		_ = os.Remove(f.Name())
		return fmt.Errorf("rename to %s: %w", s.stateFile, err)
	}
	return nil
}

// find returns the index of the first object in objs whose key equals
// value, or -1.
func find(objs []Object, key, value string) int {
	for i, o := range objs {
		if str(o, key) == value {
			return i
		}
	}
	return -1
}

// remove returns objs without the element at i.
func remove(objs []Object, i int) []Object {
	return append(objs[:i:i], objs[i+1:]...)
}

// filter returns the objects whose fields equal every non-empty value of
// want.
func filter(objs []Object, want map[string]string) []Object {
	out := []Object{}
	for _, o := range objs {
		keep := true
		for k, v := range want {
			if v != "" && str(o, k) != v {
				keep = false
			}
		}
		if keep {
			out = append(out, o)
		}
	}
	return out
}
