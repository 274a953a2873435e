package redistest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
)

// stopGrace is how long Stop lets redis-server shut down cleanly before it
// is killed.
const stopGrace = 10 * time.Second

// process is one run of redis-server.
type process struct {
	cmd    *exec.Cmd
	exited chan struct{} // closed when the process has been reaped
	err    error         // Wait's result, valid after exited is closed
}

// launch runs redis-server on s.port and waits until it answers PING.
// It returns errPortTaken when the port was not free.
func (s *Server) launch() error {
	cmd := exec.Command(s.bin, s.args()...)
	cmd.Dir = s.dir
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		return err
	}
	p := &process{cmd: cmd, exited: make(chan struct{})}
	go func() { p.err = cmd.Wait(); close(p.exited) }()
	if err := s.awaitReady(p); err != nil {
		p.kill()
		if s.logShows("address already in use") {
			return fmt.Errorf("%w: %d", errPortTaken, s.port)
		}
		return fmt.Errorf("%v\nredis-server log:\n%s", err, s.Log())
	}
	s.mu.Lock()
	s.proc = p
	s.mu.Unlock()
	return nil
}

// awaitReady polls PING until the server answers, and then checks that the
// answer came from our own process: if somebody else's Redis had taken the
// port, the test must not write a single key into it.
func (s *Server) awaitReady(p *process) error {
	ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
	defer cancel()
	c := redis.NewClient(&redis.Options{Addr: s.Addr(), MaxRetries: -1})
	defer c.Close()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-p.exited:
			return fmt.Errorf("redis-server exited early: %v", p.err)
		case <-ctx.Done():
			return fmt.Errorf("redis-server did not answer PING within %v", readyTimeout)
		case <-tick.C:
		}
		// Probe with a bare dial first: go-redis logs every refused dial,
		// which would fill the test output while the server boots.
		if !listening(s.Addr()) {
			continue
		}
		if c.Ping(ctx).Err() == nil { // not LOADING any more
			return checkPID(ctx, c, p.cmd.Process.Pid)
		}
	}
}

// listening reports whether something accepts connections on addr.
func listening(addr string) bool {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// checkPID makes sure the server answering on the port is the process we
// started.
func checkPID(ctx context.Context, c *redis.Client, pid int) error {
	info, err := c.Info(ctx, "server").Result()
	if err != nil {
		return err
	}
	want := "process_id:" + strconv.Itoa(pid)
	for _, line := range strings.Split(info, "\n") {
		if strings.TrimSpace(line) == want {
			return nil
		}
	}
	return fmt.Errorf("the server on the port is not the redis-server we started (pid %d)", pid)
}

// Stop shuts the server down (SIGTERM, so an AOF is flushed; SIGKILL if it
// does not exit within a grace period). The port and data directory stay
// reserved in the Server for Restart. Stopping a stopped server does
// nothing. With TEST_REDIS_URL the test is skipped.
func (s *Server) Stop() {
	s.t.Helper()
	s.skipIfExternal("Stop")
	if p := s.take(); p != nil {
		p.stop()
	}
}

// Kill ends the server abruptly with SIGKILL, as a crash would. With
// WithAppendOnly every acknowledged write survives it.
func (s *Server) Kill() {
	s.t.Helper()
	s.skipIfExternal("Kill")
	if p := s.take(); p != nil {
		p.kill()
	}
}

// Restart starts the server again on the same port and data directory. It
// stops it first if it is still running.
func (s *Server) Restart() {
	s.t.Helper()
	s.skipIfExternal("Restart")
	s.Stop()
	if err := s.launch(); err != nil {
		s.t.Fatalf("redistest: restarting redis-server on port %d: %v", s.port, err)
	}
}

// shutdown is the t.Cleanup of a server we started.
func (s *Server) shutdown() {
	if p := s.take(); p != nil {
		p.stop()
	}
}

// take detaches the running process, if any, from the Server.
func (s *Server) take() *process {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.proc
	s.proc = nil
	return p
}

func (s *Server) skipIfExternal(what string) {
	s.t.Helper()
	if s.external {
		s.t.Skipf("redistest: %s needs a redis-server started by the test; TEST_REDIS_URL is set", what)
	}
	s.skipIfView(what)
}

// skipIfView skips a test that treats a Cluster's or Sentinel's Endpoint
// as one server.
func (s *Server) skipIfView(what string) {
	s.t.Helper()
	if s.view {
		s.t.Skipf("redistest: %s needs one redis-server; this is the Endpoint of a %s deployment", what, s.mode)
	}
}

// stop asks redis-server to exit and waits until it has.
func (p *process) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(stopGrace):
		p.kill()
	}
}

// kill ends redis-server at once and waits until it is reaped.
func (p *process) kill() {
	_ = p.cmd.Process.Signal(os.Kill)
	<-p.exited
}
