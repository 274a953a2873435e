package redisstore

import (
	"context"
	"crypto/rand"
	"errors"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

var (
	zoLockScript   = plainScript("zalooa_lock.lua")
	zoStoreScript  = plainScript("zalooa_store.lua")
	zoUnlockScript = plainScript("zalooa_unlock.lua")
)

// ZaloOATokens keeps one Zalo OA's token pair and its refresh lock (the
// zalooa.TokenStore contract): every replica reads the same pair, one at a
// time refreshes it, and a pair is stored only under the newest fence.
// Every key carries the OA's tag, so each script runs on one slot. Writes
// wait for a replica (see durability.go): a rotated refresh token lost in
// a failover would lock the OA out.
type ZaloOATokens struct {
	st    *Store
	tag   string
	token string // this instance's lock token
}

// ZaloOATokens returns the token store of the OA with id oa.
func (st *Store) ZaloOATokens(oa string) (*ZaloOATokens, error) {
	if err := checkOAID(oa); err != nil {
		return nil, err
	}
	return &ZaloOATokens{st: st, tag: st.zoOA(oa), token: rand.Text()}, nil
}

// Tokens returns the stored record and its version; nil and 0 when none
// is stored.
func (z *ZaloOATokens) Tokens(ctx context.Context) ([]byte, int64, error) {
	h, err := z.st.rdb.HMGet(ctx, z.tag+"tokens", "d", "v").Result()
	if err != nil {
		return nil, 0, unavailable("read the Zalo OA tokens", err)
	}
	d, _ := h[0].(string)
	v, _ := h[1].(string)
	version, _ := strconv.ParseInt(v, 10, 64)
	if d == "" || version == 0 {
		return nil, 0, nil
	}
	return []byte(d), version, nil
}

// Lock takes the refresh lock for ttl unless another process holds it,
// and returns its fence (0: held). A retry of the same call by go-redis
// gets the same fence back.
func (z *ZaloOATokens) Lock(ctx context.Context, ttl time.Duration) (int64, error) {
	if ttl < time.Millisecond {
		return 0, errors.New("redisstore: Zalo OA lock shorter than 1ms")
	}
	fence, err := zoLockScript.Run(ctx, z.st.batch, []string{z.tag + "lock", z.tag + "fence"}, ttl.Milliseconds(), z.token).Int64()
	return fence, unavailable("lock the Zalo OA tokens", err)
}

// Store saves record as the next version if fence is still the newest
// handed out, and returns the version; 0 when a newer fence exists.
func (z *ZaloOATokens) Store(ctx context.Context, fence int64, record []byte) (int64, error) {
	v, err := zoStoreScript.Run(ctx, z.st.batch, []string{z.tag + "tokens", z.tag + "fence"}, fence, record).Int64()
	return v, unavailable("store the Zalo OA tokens", err)
}

// Unlock releases the lock if fence holds it.
func (z *ZaloOATokens) Unlock(ctx context.Context, fence int64) error {
	err := zoUnlockScript.Run(ctx, z.st.rdb, []string{z.tag + "lock"}, fence).Err()
	if errors.Is(err, redis.Nil) {
		err = nil
	}
	return unavailable("unlock the Zalo OA tokens", err)
}
