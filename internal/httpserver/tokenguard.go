package httpserver

import (
	"errors"
	"log/slog"
	"sync"
	"time"
)

// Wrong admin tokens are throttled per client address: after
// maxTokenFailures wrong or missing tokens from one address within
// tokenWindow, every /admin request from it gets 429 with Retry-After
// until the window ends, before the token is even compared. At ten
// guesses per five minutes, a 24-character token cannot be guessed.
// Addresses are counted as the web chat counts them (clientAddr: behind
// EIDBOT_TRUSTED_PROXIES the client's own, an IPv6 client as its /64).
// The counts live in each process's memory, like the web chat's limits:
// refusing costs nothing, and behind N replicas an address gets N times
// the guesses.
const (
	maxTokenFailures = 10
	tokenWindow      = 5 * time.Minute
)

// errTooManyFailures refuses an address over the limit: 429.
var errTooManyFailures = errors.New("too many wrong admin tokens from this address; wait and retry")

// tokenGuard counts wrong admin tokens per client address and logs them
// aggregated: one line when an address first fails in a window, one when
// it goes over the limit, and one summary when a window with refusals
// ends — not a line per guess.
type tokenGuard struct {
	now func() time.Time
	log *slog.Logger

	mu    sync.Mutex
	addrs map[string]*strikes
	swept time.Time
}

// strikes are one address's failures in its current window.
type strikes struct {
	start    time.Time
	failures int // wrong or missing tokens
	refused  int // requests refused for being over the limit
}

func newTokenGuard(now func() time.Time, log *slog.Logger) *tokenGuard {
	return &tokenGuard{now: now, log: log, addrs: map[string]*strikes{}}
}

// admit reports whether addr may try a token now, and if not, how long
// until it may.
func (g *tokenGuard) admit(addr string) (ok bool, wait time.Duration) {
	now := g.now()
	g.mu.Lock()
	defer g.mu.Unlock()
	g.sweep(now)
	st := g.current(addr, now)
	if st == nil || st.failures < maxTokenFailures {
		return true, 0
	}
	st.refused++
	return false, st.start.Add(tokenWindow).Sub(now)
}

// failed counts a wrong or missing token from addr.
func (g *tokenGuard) failed(addr string) {
	now := g.now()
	g.mu.Lock()
	defer g.mu.Unlock()
	st := g.current(addr, now)
	if st == nil {
		st = &strikes{start: now}
		g.addrs[addr] = st
		g.log.Warn("admin token refused", "addr", addr)
	}
	st.failures++
	if st.failures == maxTokenFailures {
		g.log.Warn("admin token failures over the limit: refusing the address", "addr", addr,
			"failures", st.failures, "for", st.start.Add(tokenWindow).Sub(now).Round(time.Second).String())
	}
}

// current is addr's window, nil when it has none or it ended (after
// logging its summary).
func (g *tokenGuard) current(addr string, now time.Time) *strikes {
	st := g.addrs[addr]
	if st != nil && now.Sub(st.start) >= tokenWindow {
		g.summarise(addr, st)
		delete(g.addrs, addr)
		return nil
	}
	return st
}

// sweep ends, at most once a minute, the windows that are over, so the
// map holds only recently failing addresses.
func (g *tokenGuard) sweep(now time.Time) {
	if now.Sub(g.swept) < time.Minute {
		return
	}
	g.swept = now
	for addr, st := range g.addrs {
		if now.Sub(st.start) >= tokenWindow {
			g.summarise(addr, st)
			delete(g.addrs, addr)
		}
	}
}

// summarise logs a finished window that went over the limit.
func (g *tokenGuard) summarise(addr string, st *strikes) {
	if st.refused > 0 {
		g.log.Warn("admin token failures", "addr", addr, "failures", st.failures, "refused", st.refused,
			"window", tokenWindow.String())
	}
}
