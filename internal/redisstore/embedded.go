package redisstore

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// Embedded starts an in-process Redis (miniredis) and returns a Store on
// it, for local runs without REDIS_URL. The code path is the production
// one, over a loopback socket; but all data lives in memory and is gone
// after Close, which the caller should say loudly.
//
// TTLs expire in real time: miniredis's ClockTTL(true) lets them run down
// with the wall clock instead of only on FastForward. The server requires
// a random password so other local processes cannot use it.
func Embedded(opts Options) (*Store, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	m := miniredis.NewMiniRedis()
	m.ClockTTL(true)
	password := rand.Text()
	m.RequireAuth(password)
	if err := m.Start(); err != nil {
		return nil, fmt.Errorf("redisstore: starting embedded Redis: %w", err)
	}
	opts.WaitReplicas = -1 // nothing to wait for in memory
	st := newStore(redis.NewClient(tune(&redis.Options{Addr: m.Addr(), Password: password})), opts)
	st.mini = m
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := st.Ping(ctx); err != nil {
		st.Close()
		return nil, fmt.Errorf("redisstore: embedded Redis: %w", err)
	}
	return st, nil
}

// Embedded reports whether the Store runs on the in-process Redis, whose
// data does not survive the process.
func (st *Store) Embedded() bool { return st.mini != nil }
