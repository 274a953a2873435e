package main

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/eidbot/eidbot/internal/httpserver"
	"github.com/eidbot/eidbot/internal/redisstore"
)

// runBaseline implements "eidbot baseline": the yardstick server of
// docs/BENCHMARKS.md (a bare Fiber handler: parse the update, one Redis GET
// and SET), on EIDBOT_ADDR and REDIS_URL.
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
