package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/eidbot/eidbot/internal/httpserver"
)

// TestStopBudgets: an update in flight when SIGTERM comes must be able to
// finish within the stop's budget, and so must the campaign worker's
// drain, or a stop that waits for them is cut short and fails.
func TestStopBudgets(t *testing.T) {
	if httpserver.DefaultHandleTimeout >= stopBudget || campaignDrain >= stopBudget {
		t.Fatalf("an update may take %v and the campaign drain %v, but a stop waits only %v",
			httpserver.DefaultHandleTimeout, campaignDrain, stopBudget)
	}
}

// TestServeStopsAtOnce runs "eidbot serve" (the web chat on the embedded
// store) with a keep-alive connection idle after a request and one opened
// without a request yet, as Telegram and browsers open them ahead of need,
// and sends SIGTERM: the server closes both without waiting for them to
// time out (its read timeout would answer 408 after 10 s) and exits 0.
func TestServeStopsAtOnce(t *testing.T) {
	bin := buildProgram(t, t.TempDir())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve")
	cmd.Env = []string{"TMPDIR=" + t.TempDir(), "EIDBOT_ADDR=" + addr}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill() })
	// The server listens once Run returns; wait for that (or for a crash).
	var idle net.Conn
	for idle == nil {
		select {
		case err := <-exited:
			t.Fatalf("serve ended before listening: %v\n%s", err, stderr.String())
		default:
		}
		if idle, err = net.Dial("tcp", addr); err != nil {
			time.Sleep(50 * time.Millisecond)
		}
	}
	defer idle.Close()
	idleReader := bufio.NewReader(idle)
	healthz(t, idle, idleReader)
	fresh, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	// The server accepts in order: once a later connection is answered,
	// the fresh one has been accepted and is waiting for its request.
	later, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	healthz(t, later, bufio.NewReader(later))
	later.Close()

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]io.Reader{"idle keep-alive": idleReader, "opened without a request": fresh} {
		got, err := io.ReadAll(r)
		if err != nil && !errors.Is(err, syscall.ECONNRESET) {
			t.Errorf("the %s connection: %v", name, err)
		}
		if len(got) > 0 {
			t.Errorf("the %s connection was answered %q instead of closed at once", name, firstLine(string(got)))
		}
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("serve after SIGTERM: %v\n%s", err, stderr.String())
		}
	case <-time.After(stopBudget + 10*time.Second):
		t.Fatalf("serve did not end after SIGTERM\n%s", stderr.String())
	}
}

// healthz asks GET /healthz on c and reads the answer, keeping c open.
func healthz(t *testing.T, c net.Conn, r *bufio.Reader) {
	t.Helper()
	if _, err := fmt.Fprint(c, "GET /healthz HTTP/1.1\r\nHost: eidbot\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /healthz: %d", resp.StatusCode)
	}
}
