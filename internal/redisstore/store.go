// Package redisstore keeps eidbot's state in Redis: chat sessions, the
// update log that makes webhook deliveries idempotent, the list of chats
// that blocked the bot, and (through Bookings) appointments, reminders and
// visit requests. It is the only package that imports go-redis.
//
// Every chat key belongs to one chat and carries that chat's Redis Cluster
// hash tag; every booking key carries the shared tag {bk}, and committee
// data (Roles, Audit, Subscriptions, Funnel) the tags {role}, {audit},
// {sub} and {fun} (see keys.go). Either way each script touches a single
// slot. Writes that must
// be atomic are Lua scripts, and they are written so that go-redis's
// automatic retry after a lost reply cannot apply them twice.
//
// Errors: any failure to reach or use Redis (refused connection, timeout,
// LOADING, OOM, ...) wraps bot.ErrUnavailable, which the webhook answers
// with 503 so the channel retries later. bot.ErrConflict, ErrNewerSchema and
// decoding errors do not.
package redisstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/eidbot/eidbot/bot"
	"github.com/redis/go-redis/v9"
)

// Store is the Redis-backed implementation of bot.SessionStore,
// bot.Journal, bot.BlockList and bot.Eraser. It is safe for concurrent
// use by many goroutines, and many processes may share one Redis.
type Store struct {
	rdb    redis.UniversalClient // *redis.Client (single, Sentinel) or *redis.ClusterClient
	opts   Options
	mini   *miniredis.Miniredis // non-nil in embedded mode
	claims *claims              // tokens of the claims this Store holds
	batch  *batcher             // pipelines the writes that must survive a failover

	closing    chan struct{}  // closed by Close: stops background work
	background sync.WaitGroup // releaseLoop
	closeOnce  sync.Once

	// pending are the claims releaseLater is still to release (one update
	// may have several: a claiming write whose answer was lost, then
	// retries that failed), with when each expires by itself; releasing is
	// whether releaseLoop runs.
	pendingMu sync.Mutex
	pending   map[queuedClaim]time.Time
	releasing bool
}

// Compile-time proof that Store keeps the core's contracts.
var (
	_ bot.SessionStore = (*Store)(nil)
	_ bot.Journal      = (*Store)(nil)
	_ bot.BlockList    = (*Store)(nil)
	_ bot.Eraser       = (*Store)(nil)
)

// Open connects to the Redis named by a redis:// or rediss:// URL, read
// as opts.Mode says (see Mode for the three forms), and checks that it
// answers. Error messages never contain a password.
func Open(ctx context.Context, rawURL string, opts Options) (*Store, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	co, err := newClientOptions(opts.Mode, rawURL)
	if err != nil {
		return nil, err
	}
	st := newStore(co.client(), opts)
	if err := st.rdb.Ping(ctx).Err(); err != nil {
		st.Close()
		return nil, unavailable("connecting to "+redact(rawURL), errors.New(scrub(err.Error(), rawURL)))
	}
	return st, nil
}

func newStore(rdb redis.UniversalClient, opts Options) *Store {
	flushers := batchFlushers
	if _, ok := rdb.(*redis.ClusterClient); ok {
		flushers = clusterFlushers
	}
	observe(rdb, opts.Observer)
	return &Store{rdb: rdb, opts: opts, claims: newClaims(opts.ClaimTTL),
		batch: newBatcher(rdb, newReplicas(opts), flushers), closing: make(chan struct{}),
		pending: map[queuedClaim]time.Time{}}
}

// Mode reports how the Store talks to Redis.
func (st *Store) Mode() Mode { return st.opts.Mode }

// Ping checks that Redis answers, for readiness probes. Its error wraps
// bot.ErrUnavailable.
func (st *Store) Ping(ctx context.Context) error {
	return unavailable("ping", st.rdb.Ping(ctx).Err())
}

// Close releases the connections and, in embedded mode, stops the
// in-process server and drops its data.
func (st *Store) Close() error {
	st.pendingMu.Lock() // releaseLater starts no loop once closing is closed
	st.closeOnce.Do(func() { close(st.closing) })
	st.pendingMu.Unlock()
	st.background.Wait()
	st.batch.Close()
	err := st.rdb.Close()
	if st.mini != nil {
		st.mini.Close()
	}
	return err
}

// unavailable marks a Redis failure as bot.ErrUnavailable, keeping the
// cause (and so errors.Is for context.DeadlineExceeded and the like). It
// returns nil for nil.
func unavailable(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("redisstore: %s: %w: %w", op, bot.ErrUnavailable, err)
}

// scanKeys lists the keys matching pattern with SCAN, each once (SCAN may
// return a key twice), in no particular order. On a cluster it scans every
// master (ClusterClient.ForEachMaster), since SCAN walks one server's
// keyspace only.
func (st *Store) scanKeys(ctx context.Context, pattern string) ([]string, error) {
	var mu sync.Mutex
	seen := map[string]bool{}
	var keys []string
	scan := func(ctx context.Context, c *redis.Client) error {
		it := c.Scan(ctx, 0, pattern, 1000).Iterator()
		for it.Next(ctx) {
			mu.Lock()
			if !seen[it.Val()] {
				seen[it.Val()] = true
				keys = append(keys, it.Val())
			}
			mu.Unlock()
		}
		return it.Err()
	}
	var err error
	if cc, ok := st.rdb.(*redis.ClusterClient); ok {
		err = cc.ForEachMaster(ctx, scan)
	} else {
		err = scan(ctx, st.rdb.(*redis.Client))
	}
	return keys, err
}
