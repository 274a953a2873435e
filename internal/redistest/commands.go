package redistest

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// CommandsProcessed returns the server's total_commands_processed counter
// (INFO stats). Reading it is itself a command, counted in the next
// reading; a fresh connection's handshake (HELLO, CLIENT SETINFO) counts
// too. Prefer CountCommands, which cancels both out.
func (s *Server) CommandsProcessed() int64 {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s.skipIfView("CommandsProcessed")
	return s.readCounter(s.node.Info(ctx, "stats").Result)
}

// CountCommands returns how many commands the server processed while fn
// ran. It reads the counter before and after on one dedicated connection and
// subtracts the reading's own INFO, so a code path that never talks to Redis
// yields exactly 0. With TEST_REDIS_URL every client of that server counts.
func (s *Server) CountCommands(fn func()) int64 {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// A client of its own with one connection: its handshake happens before
	// the first reading, and it never borrows a connection fn's code needs.
	s.skipIfView("CountCommands")
	opt := *s.node.Options()
	opt.PoolSize, opt.MinIdleConns = 1, 0
	meter := redis.NewClient(&opt)
	defer meter.Close()
	read := func() int64 { return s.readCounter(meter.Info(ctx, "stats").Result) }
	before := read()
	fn()
	return read() - before - 1
}

// readCounter runs one INFO stats and extracts total_commands_processed.
func (s *Server) readCounter(info func() (string, error)) int64 {
	s.t.Helper()
	text, err := info()
	if err != nil {
		s.t.Fatalf("redistest: INFO stats: %v", err)
	}
	for _, line := range strings.Split(text, "\n") {
		v, ok := strings.CutPrefix(strings.TrimSpace(line), "total_commands_processed:")
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.t.Fatalf("redistest: INFO stats: bad total_commands_processed %q", v)
		}
		return n
	}
	s.t.Fatalf("redistest: INFO stats has no total_commands_processed")
	return 0
}
