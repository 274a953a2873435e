package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The tests in this file build the program and run it as a person or a
// container would, for what only a process shows: exit statuses, signals,
// linker flags.

const (
	testVersion = "v9.8.7-test"
	testCommit  = "0123456789abcdef0123456789abcdef01234567"
)

// buildProgram builds eidbot into dir the way the Dockerfile does, with the
// version and commit set by the linker.
func buildProgram(t *testing.T, dir string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the program")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	bin := dir + "/eidbot"
	cmd := exec.Command(gobin, "build", "-o", bin,
		"-ldflags", "-X main.version="+testVersion+" -X main.commit="+testCommit, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// trap is a loopback port that records every connection: a command that
// talks to Redis or to the Bot API there is caught.
type trap struct {
	ln    net.Listener
	mu    sync.Mutex
	conns int
}

func newTrap(t *testing.T) *trap {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tr := &trap{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			tr.mu.Lock()
			tr.conns++
			tr.mu.Unlock()
			c.Close()
		}
	}()
	return tr
}

func (tr *trap) connections() int {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return tr.conns
}

// result is how a process ended.
type result struct {
	status         int
	stdout, stderr string
	took           time.Duration
}

// runProgram runs bin with args and exactly the environment given (nothing
// inherited: a developer's REDIS_URL must not leak in), and kills it after
// 20 seconds.
func runProgram(t *testing.T, bin string, environ []string, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append([]string{"TMPDIR=" + t.TempDir()}, environ...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String(), took: time.Since(start)}
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("eidbot %s did not end in 20 s\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.stdout, r.stderr)
	case errors.As(err, &exit):
		r.status = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return r
}

func TestProgram(t *testing.T) {
	bin := buildProgram(t, t.TempDir())
	tr := newTrap(t)
	trapURL := tr.ln.Addr().String()
	broken := map[string][]string{
		// Configuration that fails validation.
		"broken": {"REDIS_URL=garbage", "TELEGRAM_TOKEN=x", "EIDBOT_ADDR=nonsense", "EIDBOT_ADMIN_TOKEN=short", "EIDBOT_LOG_LEVEL=loud"},
		// Valid configuration that points every connection at the trap;
		// a server would have to listen on the trap's (taken) port.
		"trapped": {"REDIS_URL=redis://" + trapURL, "TELEGRAM_TOKEN=1:x", "TELEGRAM_WEBHOOK_SECRET=" + testSecret,
			"TELEGRAM_API_URL=http://" + trapURL, "EIDBOT_ADDR=" + trapURL, "EIDBOT_PPROF_ADDR=" + trapURL},
	}

	t.Run("help", func(t *testing.T) {
		var forms [][]string
		for _, cmd := range commands() {
			words := strings.Fields(cmd.name)
			forms = append(forms, append(append([]string{}, words...), "--help"), append([]string{"help"}, words...))
		}
		forms = append(forms, []string{"--help"}, []string{"-h"}, []string{"help"}, []string{"flows", "-h"})
		for name, environ := range broken {
			for _, args := range forms {
				r := runProgram(t, bin, environ, "", args...)
				if r.status != 0 || !strings.HasPrefix(r.stdout, "usage: eidbot ") || r.stderr != "" || r.took > 5*time.Second {
					t.Errorf("%s environment: eidbot %s: status %d after %v\nstdout:\n%s\nstderr:\n%s",
						name, strings.Join(args, " "), r.status, r.took, r.stdout, r.stderr)
				}
			}
		}
		if n := tr.connections(); n > 0 {
			t.Errorf("--help made %d connection(s)", n)
		}
	})

	t.Run("usage errors exit 2", func(t *testing.T) {
		for _, args := range [][]string{{"frobnicate"}, {"--frobnicate"}, {"flows"}, {"chat", "--lang", "xx"}, {"probe"}, {"zalo-bot"}} {
			r := runProgram(t, bin, nil, "", args...)
			if r.status != 2 || r.stdout != "" || !strings.Contains(r.stderr, "usage: eidbot ") {
				t.Errorf("eidbot %s: status %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.status, r.stdout, r.stderr)
			}
		}
		// serve with no channel at all: the web chat off, neither token.
		r := runProgram(t, bin, []string{"EIDBOT_WEBCHAT=off"}, "", "serve")
		if r.status != 2 || r.stdout != "" || !strings.Contains(r.stderr, "usage: eidbot ") ||
			!strings.Contains(r.stderr, "TELEGRAM_TOKEN") || !strings.Contains(r.stderr, "ZALO_BOT_TOKEN") || !strings.Contains(r.stderr, "EIDBOT_WEBCHAT") {
			t.Errorf("eidbot serve without channels: status %d\nstdout:\n%s\nstderr:\n%s", r.status, r.stdout, r.stderr)
		}
	})

	t.Run("failures exit 1", func(t *testing.T) {
		r := runProgram(t, bin, broken["broken"], "", "serve")
		if r.status != 1 || !strings.Contains(r.stderr, "REDIS_URL") || !strings.Contains(r.stderr, "EIDBOT_ADDR") {
			t.Errorf("serve with a broken configuration: status %d\nstderr:\n%s", r.status, r.stderr)
		}
	})

	t.Run("version", func(t *testing.T) {
		for _, arg := range []string{"version", "--version"} {
			r := runProgram(t, bin, nil, "", arg)
			if r.status != 0 || !strings.HasPrefix(r.stdout, "eidbot "+testVersion+" (commit "+testCommit) {
				t.Errorf("eidbot %s: status %d, %q", arg, r.status, r.stdout)
			}
		}
	})

	t.Run("chat ends at EOF", func(t *testing.T) {
		r := runProgram(t, bin, nil, "1\n", "chat", "--lang", "en")
		if r.status != 0 || !strings.Contains(r.stdout, "Local mode") {
			t.Errorf("status %d\nstdout:\n%s\nstderr:\n%s", r.status, r.stdout, r.stderr)
		}
	})

	t.Run("chat ends on SIGINT", func(t *testing.T) {
		chatInterrupted(t, bin)
	})
}

// chatInterrupted starts a chat whose input stays open, waits for its
// prompt and sends SIGINT, as Ctrl-C in a terminal does.
func chatInterrupted(t *testing.T, bin string) {
	cmd := exec.Command(bin, "chat", "--lang", "en")
	cmd.Env = []string{"TMPDIR=" + t.TempDir()}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	out := &promptWatcher{prompt: make(chan struct{})}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = out, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case <-out.prompt:
	case err := <-exited:
		t.Fatalf("chat ended before its prompt: %v\n%s\n%s", err, out.String(), stderr.String())
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("no prompt\n%s\n%s", out.String(), stderr.String())
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("after SIGINT: %v\nstdout:\n%s\nstderr:\n%s", err, out.String(), stderr.String())
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("the chat did not end on SIGINT\n%s", out.String())
	}
}

// promptWatcher collects a process's output and closes prompt once the
// chat's "> " prompt appears.
type promptWatcher struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	prompt chan struct{}
	seen   bool
}

func (w *promptWatcher) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if !w.seen && bytes.HasSuffix(w.buf.Bytes(), []byte("> ")) {
		w.seen = true
		close(w.prompt)
	}
	return len(p), nil
}

func (w *promptWatcher) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}
