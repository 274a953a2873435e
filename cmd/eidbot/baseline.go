package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"time"

	"github.com/eidbot/eidbot/internal/httpserver"
	"github.com/eidbot/eidbot/internal/redisstore"
)

// baselineCommand is "eidbot baseline": the yardstick server of
// docs/BENCHMARKS.md (a bare Fiber handler: parse the update, one Redis GET
// and SET), on EIDBOT_ADDR and REDIS_URL.
func baselineCommand() *command {
	return &command{
		name:    "baseline",
		summary: "run the benchmark yardstick server (see docs/BENCHMARKS.md)",
		about:   "A bare webhook handler (parse, one Redis GET and SET) on EIDBOT_ADDR; needs REDIS_URL.",
		flags: func(*flag.FlagSet) action {
			return func(ctx context.Context, e *proc, _ []string) error { return runBaseline(ctx, e.getenv) }
		},
	}
}

// runBaseline serves the baseline until the context ends.
func runBaseline(ctx context.Context, getenv func(string) string) error {
	cfg, err := LoadConfig(getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	if cfg.RedisURL == "" {
		return fmt.Errorf("baseline needs REDIS_URL: it measures against a real Redis")
	}
	store, err := redisstore.Open(ctx, cfg.RedisURL, cfg.storeOptions())
	if err != nil {
		return err
	}
	defer store.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	b := httpserver.NewBaseline(store)
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		b.Shutdown(sctx)
	}()
	return b.Serve(ln)
}
