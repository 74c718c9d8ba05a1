package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/sevenflow/sevenflow/internal/perf"
)

// rssMeter measures the peak RSS (peak-RSS-bytes) of `sevenflow run
// shops/example.yaml --input FILE --format json` on NDJSON files of
// orders/10 and of orders orders:
//
//   - RSS/tenth and RSS/all, the budget: against a fresh `sevenflow sim`
//     in a process of its own (--target URL, --rate 0 so that the rate
//     limit does not stretch the run), so that the figure is the run's
//     own memory, which must not grow with its input. Measured once a
//     round: a peak is noisy (a GC cycle that a busy machine slows lets
//     the heap overshoot), and the median steadies it.
//   - RSS/in-process/tenth and RSS/in-process/all, without a budget,
//     measured once: with the default target, the simulator in the run's
//     process, whose store keeps every order, shipment and label shipped.
//     That memory grows with the orders, as a real API's database would,
//     and is the simulator's, not the run's; it is recorded so that the
//     growth of a trial run on the default target shows.
//
// Both keep the preflight on, as a merchant runs the command.
type rssMeter struct {
	orders int
	dir    string // the binary and the order files
	bin    string
}

// rssRun is one measurement: a result's name, the orders and whether the
// target is a `sevenflow sim` process.
type rssRun struct {
	name   string
	orders int
	sim    bool
}

// newRSSMeter builds sevenflow and writes the order files. Call close
// when done.
func newRSSMeter(ctx context.Context, orders int) (*rssMeter, error) {
	dir, err := os.MkdirTemp("", "sevenflow-rss-")
	if err != nil {
		return nil, err
	}
	m := &rssMeter{orders: orders, dir: dir, bin: filepath.Join(dir, "sevenflow")}
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", m.bin, "./cmd/sevenflow").CombinedOutput(); err != nil {
		m.close()
		return nil, fmt.Errorf("go build: %w\n%s", err, out)
	}
	for _, n := range []int{m.tenth(), orders} {
		if err := writeOrders(m.file(n), n); err != nil {
			m.close()
			return nil, err
		}
	}
	return m, nil
}

func (m *rssMeter) close() { os.RemoveAll(m.dir) }

// tenth is the orders of the smaller run.
func (m *rssMeter) tenth() int { return max(m.orders/10, 1) }

// file is the NDJSON file of n orders.
func (m *rssMeter) file(n int) string {
	return filepath.Join(m.dir, fmt.Sprintf("orders-%d.ndjson", n))
}

// budget measures RSS/tenth and RSS/all once more.
func (m *rssMeter) budget(ctx context.Context, results map[string]*result, progress io.Writer) error {
	return m.measure(ctx, results, progress, rssRun{"RSS/tenth", m.tenth(), true}, rssRun{"RSS/all", m.orders, true})
}

// inProcess measures RSS/in-process/tenth and RSS/in-process/all.
func (m *rssMeter) inProcess(ctx context.Context, results map[string]*result, progress io.Writer) error {
	return m.measure(ctx, results, progress, rssRun{"RSS/in-process/tenth", m.tenth(), false}, rssRun{"RSS/in-process/all", m.orders, false})
}

// measure adds the peak RSS of each run to results.
func (m *rssMeter) measure(ctx context.Context, results map[string]*result, progress io.Writer, runs ...rssRun) error {
	for _, r := range runs {
		rss, err := m.peakRSS(ctx, r, progress)
		if err != nil {
			return err
		}
		if results[r.name] == nil {
			results[r.name] = &result{}
		}
		results[r.name].add("peak-RSS-bytes", float64(rss))
	}
	return nil
}

// peakRSS runs `sevenflow run` as r says and returns the peak RSS of its
// process in bytes.
//
// Linux counts the parent's peak RSS in that of a child it starts (exec
// keeps the larger of the child's and its parent's address space's high
// water mark, and Go starts children in the parent's address space), so
// a figure not above this process's own peak would be this process's:
// that is an error, not a measurement.
func (m *rssMeter) peakRSS(ctx context.Context, r rssRun, progress io.Writer) (int64, error) {
	args := []string{"run", "shops/example.yaml", "--input", m.file(r.orders), "--format", "json"}
	target := "the in-process simulator"
	if r.sim {
		origin, stop, err := perf.StartSim(ctx, m.bin)
		if err != nil {
			return 0, err
		}
		defer stop()
		args = append(args, "--target", origin, "--rate", "0")
		target = "sevenflow sim"
	}
	fmt.Fprintf(progress, "benchcheck: rss: sevenflow run on %d orders against %s\n", r.orders, target)
	cmd := exec.CommandContext(ctx, m.bin, args...)
	cmd.Stdout = io.Discard
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	own, err := ownPeakRSS()
	if err != nil {
		return 0, err
	}
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("sevenflow run on %d orders against %s: %w\n%s", r.orders, target, err, stderr.Bytes())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, errors.New("no resource usage of sevenflow run")
	}
	rss := ru.Maxrss * 1024 // Linux reports KiB
	if rss <= own {
		return 0, fmt.Errorf("sevenflow run on %d orders against %s: peak RSS %d bytes, not above benchcheck's own %d, which a child's includes", r.orders, target, rss, own)
	}
	return rss, nil
}

// ownPeakRSS returns this process's peak RSS in bytes: VmHWM of
// /proc/self/status.
func ownPeakRSS() (int64, error) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, fmt.Errorf("own peak RSS: %w", err)
	}
	for line := range strings.Lines(string(status)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kib, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("own peak RSS: %q: %w", line, err)
			}
			return kib * 1024, nil
		}
	}
	return 0, errors.New("own peak RSS: no VmHWM in /proc/self/status")
}

// writeOrders writes n distinct orders as NDJSON to file, a line at a
// time so that this process's peak RSS stays small (see peakRSS): the CH
// order of testdata/orders with ids ORD-CH-2001-N.
func writeOrders(file string, n int) (err error) {
	data, err := os.ReadFile(filepath.Join("testdata", "orders", "ch-basel.json"))
	if err != nil {
		return err
	}
	var o map[string]any
	if err := json.Unmarshal(data, &o); err != nil {
		return fmt.Errorf("testdata/orders/ch-basel.json: %w", err)
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	id := o["order_id"]
	for i := range n {
		o["order_id"] = fmt.Sprintf("%s-%d", id, i)
		if err := enc.Encode(o); err != nil {
			return fmt.Errorf("write %s: %w", file, err)
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	return nil
}
