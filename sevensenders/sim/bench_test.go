package sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// benchOrder is the body of the n-th order a benchmark creates: a
// promised delivery date keeps every order in the delayed watch.
func benchOrder(n int) string {
	return `{"order_id":"BENCH-` + strconv.Itoa(n) + `","order_date":"2024-01-15T10:30:00Z",` +
		`"promised_delivery_date":"2024-03-01T12:00:00Z","order_url":"https://shop.example.com/o/` + strconv.Itoa(n) + `","language":"en"}`
}

// serve sends one request to srv in-process and returns its status.
func serve(srv *Server, method, path, token, body string) int {
	var r *http.Request
	if body == "" {
		r = httptest.NewRequest(method, path, nil)
	} else {
		r = httptest.NewRequest(method, path, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, r)
	return w.Code
}

// BenchmarkCreateOrder is the simulator's throughput creating orders
// (POST /v2/orders through its handler), on an empty store and with
// 10,000 orders stored, in memory and with a state file. Every 1,000
// orders the benchmark deletes the ones it made, off the clock, so the
// store stays at its size. Besides the time, it reports the CPU time of
// the process per order (cpu-ns/op): on a busy machine the time counts
// the waits for a CPU, the CPU time does not.
func BenchmarkCreateOrder(b *testing.B) {
	for _, stored := range []int{0, 10_000} {
		for _, withState := range []bool{false, true} {
			name := fmt.Sprintf("stored=%d/state=%v", stored, withState)
			b.Run(name, func(b *testing.B) { benchCreateOrder(b, stored, withState) })
		}
	}
}

func benchCreateOrder(b *testing.B, stored int, withState bool) {
	srv := New(WithClock(t0), WithSeed(1))
	token := tokenOf(b, srv)
	for n := range stored {
		if status := serve(srv, "POST", "/v2/orders", token, benchOrder(n)); status != http.StatusCreated {
			b.Fatalf("store order %d: %d", n, status)
		}
	}
	if withState {
		// The stored orders go to the state file at once, as a snapshot.
		path := filepath.Join(b.TempDir(), "sim.json")
		snap, err := json.Marshal(srv.Snapshot())
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, snap, 0o600); err != nil {
			b.Fatal(err)
		}
		if srv, err = Open(WithStateFile(path)); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = srv.Close() })
	}
	next := stored
	const batch = 1000
	cpuStart, measured := cpuTime()
	var offClock time.Duration // CPU time spent with the timer stopped
	for b.Loop() {
		if status := serve(srv, "POST", "/v2/orders", token, benchOrder(next)); status != http.StatusCreated {
			b.Fatalf("create order %d: %d", next, status)
		}
		next++
		if (next-stored)%batch == 0 {
			b.StopTimer()
			off, _ := cpuTime()
			for n := next - batch; n < next; n++ {
				id := strconv.Itoa(1_000_001 + n) // the n-th order's 7S id (seed 1)
				if status := serve(srv, "DELETE", "/v2/orders/"+id, token, ""); status != http.StatusNoContent {
					b.Fatalf("delete order %d: %d", n, status)
				}
			}
			end, _ := cpuTime()
			offClock += end - off
			b.StartTimer()
		}
	}
	if end, ok := cpuTime(); ok && measured {
		b.ReportMetric(float64(end-cpuStart-offClock)/float64(b.N), "cpu-ns/op")
	}
}
