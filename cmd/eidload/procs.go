package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// build compiles eidbot, so the measured server is the real binary.
func build(ctx context.Context, out string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, "./cmd/eidbot")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build ./cmd/eidbot (run eidload from the repository root): %w", err)
	}
	return nil
}

// server is a process under test.
type server struct {
	url string
	cmd *exec.Cmd
}

func (s *server) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
	}
}

// startServer runs "eidbot <args>" on a free loopback port and waits until
// it accepts connections.
func startServer(ctx context.Context, bin string, args, env []string) (*server, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), append(env, "EIDBOT_ADDR="+addr)...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{url: "http://" + addr + "/telegram/webhook", cmd: cmd}
	if err := waitTCP(addr); err != nil {
		s.stop()
		return nil, fmt.Errorf("eidbot %s did not start: %w", strings.Join(args, " "), err)
	}
	return s, nil
}

// redisProc is a throwaway redis-server.
type redisProc struct {
	url string
	cmd *exec.Cmd
}

func (r *redisProc) stop() { r.cmd.Process.Kill(); r.cmd.Wait() }

func startRedis(ctx context.Context, dir string) (*redisProc, error) {
	if _, err := exec.LookPath("redis-server"); err != nil {
		return nil, errors.New("redis-server not found: install Debian's redis-server package, or pass -redis URL")
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	_, port, _ := net.SplitHostPort(addr)
	cmd := exec.CommandContext(ctx, "redis-server", "--bind", "127.0.0.1", "--port", port, "--save", "", "--appendonly", "no", "--dir", dir)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	if err := waitTCP(addr); err != nil {
		cmd.Process.Kill()
		return nil, err
	}
	return &redisProc{url: "redis://" + addr + "/0", cmd: cmd}, nil
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func waitTCP(addr string) error {
	for range 200 {
		if c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond); err == nil {
			c.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("%s does not accept connections", addr)
}

// cpuInfo names the machine the numbers come from.
func cpuInfo() string {
	model := "unknown CPU"
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	return fmt.Sprintf("%d CPUs (%s), %s", runtime.NumCPU(), model, runtime.Version())
}
