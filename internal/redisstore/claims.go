package redisstore

import (
	"sync"
	"time"
)

// sweepAt is the number of held claims above which hold forgets the
// expired ones. Normally Settle or Release forget each claim at once; the
// sweep only bounds the memory a caller that skipped both could leak.
const sweepAt = 1024

// claims remembers the token of every update this Store claimed and has
// not yet settled or released. bot.Journal passes no token to Settle and
// Release, yet Release must prove the claim is still its own before
// deleting it, or a worker whose claim expired would delete the claim of
// the worker that took over.
type claims struct {
	ttl time.Duration
	mu  sync.Mutex
	m   map[string]heldClaim // by update key
}

type heldClaim struct {
	token string
	at    time.Time
}

func newClaims(ttl time.Duration) *claims {
	return &claims{ttl: ttl, m: make(map[string]heldClaim)}
}

// hold records a fresh claim on key.
func (c *claims) hold(key, token string) {
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= sweepAt {
		for k, h := range c.m {
			if now.Sub(h.at) > c.ttl { // the claim has expired in Redis too
				delete(c.m, k)
			}
		}
	}
	c.m[key] = heldClaim{token: token, at: now}
}

// drop forgets the claim on key and returns its token, if one was held.
func (c *claims) drop(key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h, ok := c.m[key]
	delete(c.m, key)
	return h.token, ok
}
