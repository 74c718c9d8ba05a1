package perf

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// SimWarehouse is the --warehouse of StartSim: the example shop's.
const SimWarehouse = "Main Warehouse|Kochhannstr. 38 10247 Berlin|DE"

// StartSim starts `sevenflow sim` (the binary bin) on a free loopback
// port with the example shop's warehouse, and returns its origin
// (http://127.0.0.1:PORT) and the function that stops it.
func StartSim(ctx context.Context, bin string) (string, func(), error) {
	cmd := exec.CommandContext(ctx, bin, "sim", "--addr", "127.0.0.1:0", "--warehouse", SimWarehouse)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, fmt.Errorf("perf: sevenflow sim: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("perf: sevenflow sim: %w", err)
	}
	stop := func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	_, url, found := strings.Cut(strings.TrimSpace(line), "listening on ")
	if err == nil && !found {
		err = errors.New("no address")
	}
	if err != nil {
		stop()
		return "", nil, fmt.Errorf("perf: sevenflow sim: %q: %w", line, err)
	}
	return strings.TrimSuffix(url, "/v2"), stop, nil
}
