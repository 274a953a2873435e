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
	external bool // TEST_REDIS_URL: not ours, cannot be stopped

	mu   sync.Mutex
	proc *process // nil while stopped

	client *redis.Client
}

// Start runs a fresh redis-server for the test and stops it in t.Cleanup.
// When TEST_REDIS_URL is set it uses that server instead and flushes its
// database first (see the package comment). When redis-server is not on
// PATH the test fails with instructions.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{t: t}
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
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatalf("redis-server not found on PATH: install Debian's redis-server package " +
			"(apt-get install redis-server) or set TEST_REDIS_URL")
	}
	s.bin, s.dir = bin, t.TempDir()
	s.launchOnFreePort()
	t.Cleanup(s.shutdown)
	s.url = "redis://" + s.Addr() + "/0"
	s.client = redis.NewClient(&redis.Options{Addr: s.Addr()})
	t.Cleanup(func() { s.client.Close() })
	return s
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
	s.client = redis.NewClient(opt)
	s.t.Cleanup(func() { s.client.Close() })
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
	return []string{
		"--port", strconv.Itoa(s.port),
		"--bind", "127.0.0.1",
		"--dir", s.dir,
		"--logfile", filepath.Join(s.dir, "redis.log"),
		"--save", "",
		"--appendonly", aof,
		"--appendfsync", "always",
		"--daemonize", "no",
	}
}

// Addr is the server's host:port.
func (s *Server) Addr() string {
	if s.external {
		return s.client.Options().Addr
	}
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port))
}

// URL is a redis:// URL for the server, as redisstore.Open takes it.
func (s *Server) URL() string { return s.url }

// Client returns a real go-redis client connected to the server, closed when
// the test ends. Tests use it to look behind the code under test (TTL,
// EXISTS, CONFIG).
func (s *Server) Client() *redis.Client { return s.client }

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
