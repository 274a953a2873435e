package webchat

import (
	"math"
	"sync"
	"time"
)

// Rate is a token bucket: Burst requests at once, then PerMinute a minute.
type Rate struct {
	PerMinute float64
	Burst     float64
}

// Limits are the web chat's abuse limits. They are kept in each process's
// memory, not in Redis, so that refusing a flood costs no Redis round trip
// and cannot slow anybody else down; behind a load balancer spreading
// requests over N replicas, a client gets up to N times these.
type Limits struct {
	// Visitor bounds the messages of one visitor (default 60 a minute,
	// bursts of 20: above a person who knows the way pressing through
	// the questions, far below a script).
	Visitor Rate
	// Address bounds every request from one client address: messages,
	// stream openings and new visitors together (default 600 a minute,
	// bursts of 120), generous because many people share an address
	// behind a mobile carrier's NAT.
	Address Rate
	// NewVisitors bounds the visitors one address may create (default 20
	// a minute, bursts of 20): each costs a small record in the store.
	NewVisitors Rate
	// Streams is how many event streams one visitor may hold open at
	// once, e.g. in several tabs (default 5).
	Streams int
	// MaxText is the longest message a visitor may type, in characters
	// (default 1000); MaxBody the largest request body in bytes (default
	// 4 KiB). Larger ones are refused with 413.
	MaxText int
	MaxBody int
}

// DefaultLimits are the limits the README documents.
func DefaultLimits() Limits {
	return Limits{
		Visitor:     Rate{PerMinute: 60, Burst: 20},
		Address:     Rate{PerMinute: 600, Burst: 120},
		NewVisitors: Rate{PerMinute: 20, Burst: 20},
		Streams:     5,
		MaxText:     1000,
		MaxBody:     4 << 10,
	}
}

// limiter holds one token bucket per key.
type limiter struct {
	rate  Rate
	now   func() time.Time
	mu    sync.Mutex
	state map[string]*bucket
	swept time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(r Rate, now func() time.Time) *limiter {
	return &limiter{rate: r, now: now, state: map[string]*bucket{}}
}

// take spends a token of key's bucket, or says how long until one is free.
func (l *limiter) take(key string) (ok bool, wait time.Duration) {
	if l.rate.PerMinute <= 0 {
		return true, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	b := l.state[key]
	if b == nil {
		b = &bucket{tokens: l.rate.Burst, at: now}
		l.state[key] = b
	}
	perSec := l.rate.PerMinute / 60
	b.tokens = math.Min(l.rate.Burst, b.tokens+now.Sub(b.at).Seconds()*perSec)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / perSec * float64(time.Second))
}

// sweep drops, at most once a minute, the buckets that have filled up
// again: they are the same as no bucket, and the map stays as small as
// the set of recently active keys.
func (l *limiter) sweep(now time.Time) {
	if now.Sub(l.swept) < time.Minute {
		return
	}
	l.swept = now
	full := time.Duration(l.rate.Burst / (l.rate.PerMinute / 60) * float64(time.Second))
	for k, b := range l.state {
		if now.Sub(b.at) >= full {
			delete(l.state, k)
		}
	}
}
