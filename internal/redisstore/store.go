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
	"net/url"
	"strings"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/eidbot/eidbot/bot"
	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// Store is the Redis-backed implementation of bot.SessionStore,
// bot.Journal, bot.BlockList and bot.Eraser. It is safe for concurrent
// use by many goroutines, and many processes may share one Redis.
type Store struct {
	rdb    *redis.Client
	opts   Options
	mini   *miniredis.Miniredis // non-nil in embedded mode
	claims *claims              // tokens of the claims this Store holds
	batch  *batcher             // pipelines the webhook's scripts (commit, Settle)
}

// Compile-time proof that Store keeps the core's contracts.
var (
	_ bot.SessionStore = (*Store)(nil)
	_ bot.Journal      = (*Store)(nil)
	_ bot.BlockList    = (*Store)(nil)
	_ bot.Eraser       = (*Store)(nil)
)

// Open connects to the Redis named by a redis:// or rediss:// URL (user,
// password and database number as redis.ParseURL understands them) and
// checks that it answers. Error messages never contain the password.
func Open(ctx context.Context, rawURL string, opts Options) (*Store, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	ropt, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	st := newStore(redis.NewClient(tune(ropt)), opts)
	if err := st.rdb.Ping(ctx).Err(); err != nil {
		st.Close()
		return nil, unavailable("connecting to "+redact(rawURL), err)
	}
	return st, nil
}

// parseURL wraps redis.ParseURL so that a malformed URL is reported without
// echoing it: net/url errors quote the whole input, password included.
func parseURL(rawURL string) (*redis.Options, error) {
	if _, err := url.Parse(rawURL); err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("redisstore: the Redis URL is not a valid URL (not shown, it may hold a password): %v", err)
	}
	ropt, err := redis.ParseURL(rawURL)
	if err != nil {
		msg := strings.ReplaceAll(err.Error(), rawURL, redact(rawURL))
		return nil, fmt.Errorf("redisstore: bad Redis URL %s: %s", redact(rawURL), msg)
	}
	return ropt, nil
}

// redact returns the URL with any password replaced by "xxxxx".
func redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// tune sets timeouts that fail fast enough for a webhook to answer 503
// while Telegram is still waiting, and turns off features a self-hosted
// Redis does not offer.
func tune(o *redis.Options) *redis.Options {
	o.DialTimeout = 2 * time.Second
	o.ReadTimeout = time.Second
	o.WriteTimeout = time.Second
	o.PoolTimeout = 2 * time.Second
	o.ContextTimeoutEnabled = true // a request's own deadline wins
	o.DialerRetries = 2            // then the command-level retries take over
	o.MaxRetries = 2               // safe: every write here is retry-proof
	o.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	return o
}

func newStore(rdb *redis.Client, opts Options) *Store {
	return &Store{rdb: rdb, opts: opts, claims: newClaims(opts.ClaimTTL), batch: newBatcher(rdb, batchFlushers)}
}

// Ping checks that Redis answers, for readiness probes. Its error wraps
// bot.ErrUnavailable.
func (st *Store) Ping(ctx context.Context) error {
	return unavailable("ping", st.rdb.Ping(ctx).Err())
}

// Close releases the connections and, in embedded mode, stops the
// in-process server and drops its data.
func (st *Store) Close() error {
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
