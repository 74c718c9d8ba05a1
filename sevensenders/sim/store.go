package sim

import (
	"encoding/json"
	"fmt"
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
	s.changes.scalar()
	return strconv.FormatInt(s.st.Seed*1_000_000+s.st.LastID, 10)
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
