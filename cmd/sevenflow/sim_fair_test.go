package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// simToken gets a token from the simulator at base (…/v2).
func simToken(t *testing.T, base string) string {
	t.Helper()
	resp, err := http.Post(base+"/token", "application/json", strings.NewReader(`{"access_key":"sim"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /token: %d %v", resp.StatusCode, err)
	}
	return field(body, "token")
}

// postOrder creates an order with client c and returns the status.
func postOrder(c *http.Client, base, token, body string) (int, error) {
	req, err := http.NewRequest("POST", base+"/orders", strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}

// rawConn opens a TCP connection to the server of base, with a small
// receive buffer, closed when the test ends.
func rawConn(t *testing.T, base string) *net.TCPConn {
	t.Helper()
	host := strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/v2")
	c, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	tc := c.(*net.TCPConn)
	_ = tc.SetReadBuffer(4096)
	t.Cleanup(func() { tc.Close() })
	return tc
}

// TestSimServesEveryClientFairly: while one connection trickles a body at
// a byte a second and another never reads its 8 MB answer (more than the
// socket buffers hold, so the server's write blocks), 50 clients
// creating orders on `sevenflow sim` each get their answer within a
// second. (A deadline against a hang, not a performance figure.)
func TestSimServesEveryClientFairly(t *testing.T) {
	base, _, _ := startSim(t, "--state", bigState(t, 9, 900_000))
	token := simToken(t, base)

	trickler := rawConn(t, base)
	fmt.Fprintf(trickler, "POST /v2/orders HTTP/1.1\r\nHost: sim\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{", token)
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	go func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if _, err := trickler.Write([]byte(" ")); err != nil {
					return
				}
			}
		}
	}()
	stuck := rawConn(t, base)
	fmt.Fprintf(stuck, "GET /v2/orders?limit=20 HTTP/1.1\r\nHost: sim\r\nAuthorization: Bearer %s\r\n\r\n", token)
	waitReceived(t, base, "/v2/orders", "limit=20")

	client := &http.Client{Timeout: 10 * time.Second}
	var wg sync.WaitGroup
	slow := make(chan string, 50)
	for i := range 50 {
		wg.Go(func() {
			start := time.Now()
			status, err := postOrder(client, base, token, fmt.Sprintf(`{"order_id":"ORD-%d","order_date":"2024-01-15T10:30:00Z"}`, i))
			if took := time.Since(start); err != nil || status != http.StatusCreated || took > time.Second {
				slow <- fmt.Sprintf("client %d: %d %v after %s", i, status, err, took)
			}
		})
	}
	wg.Wait()
	close(slow)
	for msg := range slow {
		t.Error(msg)
	}
}

// bigState writes a state file of n orders, each with a note of size
// bytes, and returns its path: a large answer without a slow setup.
func bigState(t *testing.T, n, size int) string {
	t.Helper()
	orders := make([]map[string]any, n)
	for i := range orders {
		orders[i] = map[string]any{
			"id": strconv.Itoa(1_000_001 + i), "order_id": fmt.Sprintf("BIG-%d", i), "order_date": "2024-01-15T10:30:00Z",
			"state": "new", "note": strings.Repeat("x", size),
		}
	}
	b, err := json.Marshal(map[string]any{"clock": "2024-01-15T10:00:00Z", "seed": 1, "last_id": n, "orders": orders})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// waitReceived waits until /sim/received lists a GET of path with query:
// the server has handled it and is writing its answer. A server that
// holds its lock while writing never lists it, and the wait fails.
func waitReceived(t *testing.T, base, path, query string) {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	for range 250 {
		resp, err := client.Get(strings.TrimSuffix(base, "/v2") + "/sim/received")
		if err != nil {
			t.Fatalf("GET /sim/received while a client does not read its answer: %v", err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if bytes.Contains(b, []byte(`"path": "`+path+`",`+"\n"+`    "query": "`+query+`"`)) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("/sim/received never listed GET %s?%s", path, query)
}

// TestSimReadTimeout: a client that trickles its body is cut off after
// --read-timeout.
func TestSimReadTimeout(t *testing.T) {
	base, _, _ := startSim(t, "--read-timeout", "300ms")
	c := rawConn(t, base)
	fmt.Fprintf(c, "POST /v2/token HTTP/1.1\r\nHost: sim\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	line, err := bufio.NewReader(c).ReadString('\n')
	var nerr net.Error
	if errors.As(err, &nerr) && nerr.Timeout() {
		t.Fatalf("the connection is still open after 10s")
	}
	if err == nil && !strings.HasPrefix(line, "HTTP/1.1 400") {
		t.Fatalf("answer %q, want 400 or the connection closed", line)
	}
}
