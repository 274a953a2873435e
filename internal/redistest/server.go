package redistest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// readyTimeout bounds how long a fresh redis-server may take to answer PING.
// It is a ceiling against hangs, not a performance expectation.
const readyTimeout = 15 * time.Second

// bindAttempts is how often Start picks another port when one it chose was
// taken by someone else between choosing and binding.
const bindAttempts = 5

// errPortTaken reports that redis-server could not bind its port.
var errPortTaken = errors.New("redistest: port already in use")

// Option changes how Start runs redis-server.
type Option func(*config)

type config struct {
	appendOnly bool
	extra      []string // more redis-server arguments
	sentinel   string   // non-empty: run as a Sentinel with this configuration
}

// WithAppendOnly turns on AOF persistence with fsync on every write, so a
// test can Stop or Kill the server, Restart it and find every acknowledged
// write still there.
func WithAppendOnly() Option { return func(c *config) { c.appendOnly = true } }

// Server is one redis-server under a test's control. Its port and data
// directory stay fixed for the life of the test, across Stop and Restart.
type Server struct {
	t        testing.TB
	cfg      config
	bin      string
	dir      string
	port     int
	url      string
	external bool   // TEST_REDIS_URL: not ours, cannot be stopped
	mode     string // "single", or "cluster"/"sentinel" for a deployment's Endpoint
	view     bool   // an Endpoint of a Cluster or Sentinel deployment: no process of its own

	mu   sync.Mutex
	proc *process // nil while stopped

	client redis.UniversalClient
	node   *redis.Client // the one server behind client, nil for an Endpoint
}

// Start runs a fresh redis-server for the test and stops it in t.Cleanup.
// When TEST_REDIS_URL is set it uses that server instead and flushes its
// database first (see the package comment). When redis-server is not on
// PATH the first test of the test binary that needs it fails with
// instructions, and every later one skips, so the message is not lost in
// hundreds of identical failures.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{t: t, mode: "single"}
	for _, o := range opts {
		o(&s.cfg)
	}
	if u := os.Getenv("TEST_REDIS_URL"); u != "" {
		if s.cfg.appendOnly {
			t.Skip("redistest: WithAppendOnly needs a redis-server started by the test; TEST_REDIS_URL is set")
		}
		s.useExternal(u)
		return s
	}
	s.bin, s.dir = binary(t), t.TempDir()
	s.launchOnFreePort()
	t.Cleanup(s.shutdown)
	s.url = "redis://" + s.Addr() + "/0"
	s.node = redis.NewClient(&redis.Options{Addr: s.Addr()})
	s.client = s.node
	t.Cleanup(func() { s.node.Close() })
	return s
}

// missing makes only the first test that finds redis-server missing fail.
var missing sync.Once

// binary returns the path of redis-server, or ends the test: it fails the
// first time with instructions and skips every later test.
func binary(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err == nil {
		return bin
	}
	first := false
	missing.Do(func() { first = true })
	if first {
		t.Fatalf("redis-server not found on PATH: install Debian's redis-server package " +
			"(apt-get install redis-server) or set TEST_REDIS_URL")
	}
	t.Skip("redistest: redis-server not found on PATH (an earlier test failed with how to install it)")
	return ""
}

// RequireBinary ends the test unless redis-server is on PATH, as Start
// does: the first such test fails with instructions, later ones skip. It
// is for tests that start a Cluster or Sentinel, which TEST_REDIS_URL
// cannot stand in for (they skip when it is set).
func RequireBinary(t testing.TB) {
	t.Helper()
	if os.Getenv("TEST_REDIS_URL") != "" {
		t.Skip("redistest: this test starts its own Redis deployment; TEST_REDIS_URL is set")
	}
	binary(t)
}

// useExternal adopts the server named by TEST_REDIS_URL and empties its
// database, so tests start from nothing as they do with their own server.
func (s *Server) useExternal(url string) {
	s.t.Helper()
	opt, err := redis.ParseURL(url)
	if err != nil {
		s.t.Fatalf("redistest: TEST_REDIS_URL is not a Redis URL: %v", err)
	}
	s.external, s.url = true, url
	s.node = redis.NewClient(opt)
	s.client = s.node
	s.t.Cleanup(func() { s.node.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
	defer cancel()
	if err := s.client.FlushDB(ctx).Err(); err != nil {
		s.t.Fatalf("redistest: flushing TEST_REDIS_URL: %v", err)
	}
}

// launchOnFreePort starts redis-server on a port the kernel just handed
// out, trying another one if somebody grabbed it before redis-server bound.
func (s *Server) launchOnFreePort() {
	s.t.Helper()
	var err error
	for range bindAttempts {
		s.port = freePort(s.t)
		if err = s.launch(); !errors.Is(err, errPortTaken) {
			break
		}
	}
	if err != nil {
		s.t.Fatalf("redistest: starting redis-server: %v", err)
	}
}

// freePort asks the kernel for an unused loopback port. It is free only
// until somebody else binds it, which launchOnFreePort tolerates.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("redistest: picking a port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// args is the redis-server command line. Snapshots are off so nothing is
// written behind the test's back; AOF is on only when a test asks for it.
func (s *Server) args() []string {
	aof := "no"
	if s.cfg.appendOnly {
		aof = "yes"
	}
	if s.cfg.sentinel != "" {
		conf := filepath.Join(s.dir, "sentinel.conf")
		if _, err := os.Stat(conf); err != nil { // a restart keeps what Sentinel rewrote
			if err := os.WriteFile(conf, []byte(s.cfg.sentinel), 0o600); err != nil {
				s.t.Fatalf("redistest: writing %s: %v", conf, err)
			}
		}
		return []string{conf, "--sentinel", "--port", strconv.Itoa(s.port), "--bind", "127.0.0.1",
			"--dir", s.dir, "--logfile", filepath.Join(s.dir, "redis.log"), "--daemonize", "no"}
	}
	return append([]string{
		"--port", strconv.Itoa(s.port),
		"--bind", "127.0.0.1",
		"--dir", s.dir,
		"--logfile", filepath.Join(s.dir, "redis.log"),
		"--save", "",
		"--appendonly", aof,
		"--appendfsync", "always",
		"--daemonize", "no",
	}, s.cfg.extra...)
}

// Addr is the server's host:port.
func (s *Server) Addr() string {
	if s.external {
		return s.node.Options().Addr
	}
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port))
}

// URL is a redis:// URL for the server, as redisstore.Open takes it.
func (s *Server) URL() string { return s.url }

// Client returns a real go-redis client connected to the server, closed when
// the test ends. Tests use it to look behind the code under test (TTL,
// EXISTS, CONFIG). For an Endpoint it is the deployment's client: a
// *redis.ClusterClient or a Sentinel-backed *redis.Client.
func (s *Server) Client() redis.UniversalClient { return s.client }

// Mode is how a store must read URL: "single", "cluster" or "sentinel"
// (the values of redisstore.Mode).
func (s *Server) Mode() string { return s.mode }

// External reports whether the server came from TEST_REDIS_URL, where Stop,
// Kill and Restart skip the test.
func (s *Server) External() bool { return s.external }

// Dir is the server's data directory (empty for TEST_REDIS_URL).
func (s *Server) Dir() string { return s.dir }

// Log returns what redis-server wrote to its log file so far, for failure
// messages.
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "redis.log"))
	return string(b)
}

// logShows reports whether the log mentions text, case-insensitively.
func (s *Server) logShows(text string) bool {
	return strings.Contains(strings.ToLower(s.Log()), strings.ToLower(text))
}

// String describes the server for test output.
func (s *Server) String() string { return fmt.Sprintf("redis-server at %s", s.Addr()) }
